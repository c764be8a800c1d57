"""Injection planning: needle paths through the layers, distances to nerves, a zone verdict."""

from explorer.planning.planner import Plan, PlanningScene, plan_needle, plan_site

__all__ = ["Plan", "PlanningScene", "plan_needle", "plan_site"]
