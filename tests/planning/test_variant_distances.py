"""The planner measures the nerve it is given: with the peroneal division through piriformis
(type B) the sciatic nerve runs higher in the buttock, nearer the dorsogluteal site."""

from __future__ import annotations


from explorer.planning import PlanningScene, plan_site


def _sciatic_distances(atlas, side):
    distances = {}
    for key in ("A", "B"):
        plan = plan_site(PlanningScene.from_atlas(atlas.with_variant(key)), "dorsogluteal", side, 20.0, 38.0, 0.0)
        distances[key] = plan.nerve_distances_mm[f"sciatic_nerve_{side}"]
    return distances


def test_a_dorsogluteal_plan_is_nearer_the_sciatic_nerve_in_type_b(atlas):
    # The peroneal division leaves through the muscle, ~1 cm higher than the typical nerve: the
    # needle comes no further on either side and nearer on at least one (on this build's skin:
    # right 51 vs 58 mm; on the left the needle's nearest point is on the trunk below, where the
    # division has rejoined, 57 mm in both), and its line no further away (where the line,
    # continued, meets the nerve, both are 0).
    by_side = {side: _sciatic_distances(atlas, side) for side in ("left", "right")}
    for side, distances in by_side.items():
        assert distances["B"]["needle_mm"] <= distances["A"]["needle_mm"], (side, distances)
        assert distances["B"]["axis_mm"] <= distances["A"]["axis_mm"], (side, distances)
    assert any(d["B"]["needle_mm"] < d["A"]["needle_mm"] for d in by_side.values()), by_side
