"""The planner on geometry with exact answers: a fat slab over a muscle block over bone, and a
nerve at a known distance from the needle's line."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.planning import PlanningScene, plan_needle

# Fascia: the top (z = 0) of a big block; the needle goes straight down (-z) at (1.7, 1.3),
# off the boxes' triangle edges. Muscle: z from -40 to 0. Bone: z from -70 to -40. Nerve: a
# 5 mm radius rod along x at y = 21.3, z = -20, so its surface is 15 mm from the needle's line.
AT = (1.7, 1.3, 0.0)
OVER_NERVE = (1.7, 21.3, 0.0)


@pytest.fixture(scope="module")
def scene():
    nerve = pv.Cylinder(center=(0, 21.3, -20), direction=(1, 0, 0), radius=5, height=200, resolution=240).triangulate()
    return PlanningScene(
        fascia=pv.Box(bounds=(-150, 150, -150, 150, -300, 0), level=20).triangulate(),
        muscles={"block_muscle": pv.Box(bounds=(-100, 100, -100, 100, -40, 0)).triangulate()},
        bones={"slab_bone": pv.Box(bounds=(-100, 100, -100, 100, -70, -40)).triangulate()},
        nerves={"rod_nerve": nerve},
        names={"block_muscle": "Block muscle", "slab_bone": "Slab bone", "rod_nerve": "Rod nerve"},
    )


def test_layers_depths_and_tip(scene):
    plan = plan_needle(scene, AT, fat_mm=20, needle_mm=38)
    assert plan.entry_mm == [1.7, 1.3, 22.5] and plan.direction == [0.0, 0.0, -1.0]
    names = [(l["name"], l["start_mm"], l["end_mm"]) for l in plan.layers]
    assert names == [("skin", 0.0, 2.5), ("subcutaneous fat", 2.5, 22.5), ("Block muscle", 22.5, 62.5), ("Slab bone", 62.5, 92.5)]
    assert plan.depth_to_muscle_mm == 22.5 and plan.muscle_thickness_mm == 40.0 and plan.target_muscle == "block_muscle"
    assert plan.reaches_muscle and plan.tip_in == "Block muscle" and not plan.reaches_bone


def test_nerve_distances_are_exact(scene):
    # Needle tip at z = -15.5: the rod's surface is hypot(20, 4.5) - 5 mm from it.
    plan = plan_needle(scene, AT, fat_mm=20, needle_mm=38)
    d = plan.nerve_distances_mm["rod_nerve"]
    assert d["needle_mm"] == pytest.approx(np.hypot(20, 4.5) - 5, abs=0.3)
    assert d["axis_mm"] == pytest.approx(15.0, abs=0.3)  # the line passes level with the rod
    assert plan.verdict == "caution"  # 15 mm: not under 15 (danger), but under 30 (caution)


def test_more_fat_pushes_muscle_deeper_until_the_needle_falls_short(scene):
    depths = [plan_needle(scene, AT, fat, 25).depth_to_muscle_mm for fat in (10, 20, 30)]
    assert depths == [12.5, 22.5, 32.5]
    assert plan_needle(scene, AT, 20, 25).reaches_muscle
    short = plan_needle(scene, AT, 30, 25)
    assert not short.reaches_muscle and short.tip_in == "subcutaneous fat" and short.verdict == "caution"


def test_a_long_needle_reaches_bone_and_a_nerve_under_the_site_is_danger(scene):
    deep = plan_needle(scene, AT, fat_mm=10, needle_mm=70)
    assert deep.reaches_bone and deep.tip_in == "Slab bone"
    over_nerve = plan_needle(scene, OVER_NERVE, fat_mm=10, needle_mm=25)  # right above the rod
    assert over_nerve.nerve_distances_mm["rod_nerve"]["axis_mm"] == pytest.approx(0.0, abs=0.01)
    assert over_nerve.verdict == "danger"
