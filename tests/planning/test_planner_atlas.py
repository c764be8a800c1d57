"""The planner on the real atlas: the relations taught in practice hold in the model."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.planning import PlanningScene, plan_needle, plan_site


@pytest.fixture(scope="module")
def scene(atlas):
    return PlanningScene.from_atlas(atlas)


@pytest.mark.parametrize("side", ["left", "right"])
def test_ventrogluteal_is_farther_from_the_sciatic_nerve_and_hits_medius(scene, side):
    vg = plan_site(scene, "ventrogluteal", side, 20, 38)
    dg = plan_site(scene, "dorsogluteal", side, 20, 38)
    nerve = f"sciatic_nerve_{side}"
    assert vg.nerve_distances_mm[nerve]["needle_mm"] > dg.nerve_distances_mm[nerve]["needle_mm"]
    assert vg.nerve_distances_mm[nerve]["axis_mm"] > dg.nerve_distances_mm[nerve]["axis_mm"]
    assert vg.target_muscle == f"gluteus_medius_{side}" and dg.target_muscle == f"gluteus_maximus_{side}"
    assert vg.verdict != "danger"


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_superior_gluteal_bundle_lies_deep_to_both_sites_beyond_the_needle(scene, side):
    """The superior gluteal vessels and nerve run between medius and minimus, under both upper
    sites: a line pushed on to the bone would meet them (hence caution), but the 38 mm needle
    itself ends in the muscle, clear of them."""
    for site in ("ventrogluteal", "dorsogluteal"):
        plan = plan_site(scene, site, side, 20, 38)
        for structure in (f"superior_gluteal_nerve_{side}", f"superior_gluteal_artery_{side}"):
            assert plan.nerve_distances_mm[structure]["axis_mm"] < 30
            assert plan.nerve_distances_mm[structure]["needle_mm"] > 10, (site, structure)
        assert plan.verdict == "caution" and any("Superior gluteal" in r for r in plan.reasons)
        assert set(plan.nerve_distances_mm) >= {f"inferior_gluteal_nerve_{side}", f"inferior_gluteal_artery_{side}"}


def test_inferomedial_quadrant_is_flagged_danger_and_upper_outer_is_not(scene):
    lm = scene.landmarks["right"]
    fascia = scene.fascia
    normals = fascia.compute_normals().point_normals
    points = fascia.points
    fold, crest = lm["gluteal_fold"][2], lm["iliac_crest_summit"][2]
    middle_z = (fold + crest) / 2
    lateral = points[(np.abs(points[:, 2] - lm["greater_trochanter"][2]) < 5)][:, 0].max()
    behind = normals[:, 1] < -0.5

    def plans(x_lo, x_hi, z_lo, z_hi):
        chosen = points[behind & (points[:, 0] > x_lo) & (points[:, 0] < x_hi) & (points[:, 2] > z_lo) & (points[:, 2] < z_hi)]
        return [plan_needle(scene, p, 20, 38) for p in chosen[:: max(1, len(chosen) // 40)]]  # about 40 entries

    inferomedial = [plan.verdict for plan in plans(5, lateral / 2, fold, middle_z)]
    outer_plans = plans(lateral / 2, lateral, middle_z, crest)
    upper_outer = [plan.verdict for plan in outer_plans]
    assert len(inferomedial) > 20 and len(upper_outer) > 20
    # (The sciatic nerve lies under the medial part of the quadrant: the half of it nearest the
    # midline, above the fold, is mostly over the sacrotuberous region, deep to the nerve's exit.)
    assert inferomedial.count("danger") / len(inferomedial) > 0.33
    # In the upper outer quadrant the needle itself comes near no nerve or artery; at its
    # medial edge a line continued through the greater sciatic notch may reach the sciatic
    # nerve inside the pelvis, far beyond the tip, which the sciatic rule counts as danger.
    assert upper_outer.count("danger") <= 0.1 * len(upper_outer)
    for plan in outer_plans:
        assert all(d["needle_mm"] > 10 for d in plan.nerve_distances_mm.values())
    # ... but most of it is caution: the superior gluteal vessels and nerve run on the bone beneath.
    assert upper_outer.count("caution") / len(upper_outer) > 0.5


@pytest.mark.parametrize("site", ["ventrogluteal", "dorsogluteal"])
def test_more_fat_deepens_muscle_and_a_25mm_needle_stops_reaching(scene, site):
    plans = [plan_site(scene, site, "right", fat, 25) for fat in (8, 18, 30, 50)]
    depths = [p.depth_to_muscle_mm for p in plans]
    assert depths == sorted(depths) and depths[-1] - depths[0] == pytest.approx(42, abs=1)
    reaches = [p.reaches_muscle for p in plans]
    assert reaches[0] and not reaches[-1]
    assert reaches == sorted(reaches, reverse=True)  # once it stops reaching, it never reaches again
