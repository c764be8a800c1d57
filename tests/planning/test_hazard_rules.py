"""Thresholds a clinician can check: one rule per kind of structure, stated with its reasoning
and sources in every plan, applied to whole-millimetre distances, nearest first."""

from __future__ import annotations

import pytest

from explorer.planning import PlanningScene, plan_site
from explorer.planning.hazard_rules import GLUTEAL_ARTERIES, GLUTEAL_NERVES, GLUTEAL_VEINS, OTHER, RULES, SCIATIC, rule_for


@pytest.fixture(scope="module")
def scene(atlas):
    return PlanningScene.from_atlas(atlas)


def test_each_kind_has_its_rule_with_reasoning_and_sources(atlas, scene):
    kinds = {scene.rule(sid).kind for sid in scene.nerves}
    # Every shipped nerve and artery has its own rule.
    assert kinds == {"sciatic nerve", "gluteal nerves", "gluteal arteries", "gluteal veins",
                     "smaller nerves and vessels below piriformis"}
    for rule in RULES:
        assert rule.reasoning and rule.sources and rule.kind in rule.summary()
    assert rule_for("nerve_to_obturator_internus") is OTHER  # an unlisted nerve gets the strictest numbers
    assert (OTHER.needle_danger_mm, OTHER.line_danger_mm, OTHER.line_caution_mm) == (10, 15, 30)
    plan = plan_site(scene, "dorsogluteal", "right", 20, 38)
    stated = {rule["kind"]: rule for rule in plan.thresholds}
    for rule in (SCIATIC, GLUTEAL_NERVES, GLUTEAL_ARTERIES, GLUTEAL_VEINS):
        assert stated[rule.kind]["reasoning"] == rule.reasoning and stated[rule.kind]["sources"] == list(rule.sources)


def test_a_line_near_the_superior_gluteal_bundle_is_caution_with_how_far_beyond_the_tip(scene):
    """At the ventrogluteal point the line passes close to the superior gluteal vessels and nerve
    between medius and minimus; the 38 mm needle stays short of them: caution, saying how far
    beyond the tip."""
    plan = plan_site(scene, "ventrogluteal", "right", 20, 38)
    near = {sid: d for sid, d in plan.nerve_distances_mm.items() if sid.startswith("superior_gluteal") and d["axis_mm"] <= 30}
    assert near, "the superior gluteal bundle lies under the ventrogluteal point"
    for sid, d in near.items():
        assert d["needle_mm"] > 10 and d["level"] == "caution" and d["beyond_tip_mm"] > 0
        reason = next(r for r in plan.reasons if r.startswith(d["name"]))
        assert f"passes {d['axis_mm']} mm from it, {d['beyond_tip_mm']} mm beyond the tip" in reason
        assert f"the needle itself stays {d['needle_mm']} mm away" in reason
    assert plan.verdict == "caution"


def test_a_needle_that_reaches_within_10mm_of_the_superior_gluteal_artery_is_danger(scene):
    """The same line with ever longer needles: once the needle itself comes within 10 mm of the
    artery, the verdict is danger (found on the atlas, not assumed). At the ventrogluteal point,
    where the artery lies on the line beyond the tip."""
    for needle in range(40, 151, 5):
        plan = plan_site(scene, "ventrogluteal", "right", 8, needle)
        d = plan.nerve_distances_mm["superior_gluteal_artery_right"]
        if d["needle_mm"] <= 10:
            assert d["level"] == "danger" and plan.verdict == "danger"
            assert any(r.startswith("Superior gluteal artery (right): the needle comes within") for r in plan.reasons)
            return
    raise AssertionError("no needle up to 150 mm comes within 10 mm of the artery on its line")


def test_nearest_first_and_the_other_side_folded_away(scene):
    plan = plan_site(scene, "ventrogluteal", "left", 20, 38)
    needle = [d["needle_mm"] for d in plan.nerve_distances_mm.values()]
    assert needle == sorted(needle)
    shown, folded = plan.nearest()
    assert shown and folded and all(d["side"] == "left" for _, d in shown) and all(d["side"] == "right" for _, d in folded)
    everything, none = plan.nearest(all_sides=True)
    assert len(everything) == len(plan.nerve_distances_mm) and none == []
