"""The planner on geometry with exact answers: a fat slab over a muscle block over bone, and a
nerve at a known distance from the needle's line. Figures are whole millimetres."""

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
FASCIA = pv.Box(bounds=(-150, 150, -150, 150, -300, 0), level=20).triangulate()


@pytest.fixture(scope="module")
def scene():
    nerve = pv.Cylinder(center=(0, 21.3, -20), direction=(1, 0, 0), radius=5, height=200, resolution=240).triangulate()
    return PlanningScene(
        fascia=FASCIA,
        muscles={"block_muscle": pv.Box(bounds=(-100, 100, -100, 100, -40, 0)).triangulate()},
        bones={"slab_bone": pv.Box(bounds=(-100, 100, -100, 100, -70, -40)).triangulate()},
        nerves={"rod_nerve": nerve},
        names={"block_muscle": "Block muscle", "slab_bone": "Slab bone", "rod_nerve": "Rod nerve"},
    )


def test_layers_depths_and_tip(scene):
    plan = plan_needle(scene, AT, fat_mm=20, needle_mm=38)
    assert plan.entry_mm == [1.7, 1.3, 22.5] and plan.direction == [0.0, 0.0, -1.0]
    rows = [(row["kind"], row["name"], row["start_mm"], row["end_mm"]) for row in plan.layers]
    # 2.5 mm of skin and 22.5 mm to the fascia round half up to 3 and 23 mm.
    assert rows == [("skin", "skin", 0, 3), ("fat", "subcutaneous fat", 3, 23), ("muscle", "Block muscle", 23, 63),
                    ("bone", "Slab bone", 63, 93)]
    assert plan.depth_to_muscle_mm == 23 and plan.muscle_thickness_mm == 40 and plan.target_muscle == "block_muscle"
    assert plan.reaches_muscle and plan.tip_in == "Block muscle" and plan.tip["kind"] == "muscle" and not plan.reaches_bone


def test_nerve_distances_are_exact(scene):
    # Needle tip at z = -15.5: the rod's surface is hypot(20, 4.5) - 5 = 15.5 mm from it (16 in whole mm).
    plan = plan_needle(scene, AT, fat_mm=20, needle_mm=38)
    d = plan.nerve_distances_mm["rod_nerve"]
    assert d["needle_mm"] == round(np.hypot(20, 4.5) - 5 + 0.5 - 1e-9) == 16
    assert d["axis_mm"] == 15  # the line passes level with the rod, 4.5 mm beyond the tip
    assert d["beyond_tip_mm"] == 5
    # A nerve with no rule of its own gets the strictest (the sciatic nerve's): 'within 15 mm' includes 15.
    assert d["kind"] == "other nerve or vessel" and d["level"] == "danger" and plan.verdict == "danger"
    assert any("passes 15 mm from it, 5 mm beyond the tip (danger within 15 mm" in r for r in plan.reasons)


def test_more_fat_pushes_muscle_deeper_until_the_needle_falls_short(scene):
    depths = [plan_needle(scene, AT, fat, 25).depth_to_muscle_mm for fat in (10, 20, 30)]
    assert depths == [13, 23, 33]
    assert plan_needle(scene, AT, 20, 25).reaches_muscle
    short = plan_needle(scene, AT, 30, 25)
    assert not short.reaches_muscle and short.tip_in == "subcutaneous fat" and short.verdict in ("caution", "danger")
    assert any("the tip ends in subcutaneous fat, 8 mm short of Block muscle" in r for r in short.reasons)
    # The table reaches through the target muscle, though the needle stops in the fat.
    assert [row["name"] for row in short.shown_layers()] == ["skin", "subcutaneous fat", "Block muscle"]


def test_a_long_needle_reaches_bone_and_a_nerve_under_the_site_is_danger(scene):
    deep = plan_needle(scene, AT, fat_mm=10, needle_mm=70)
    assert deep.reaches_bone and deep.tip_in == "Slab bone" and deep.tip["kind"] == "bone"
    assert any("the needle reaches bone (Slab bone) at 53 mm" in r for r in deep.reasons)
    over_nerve = plan_needle(scene, OVER_NERVE, fat_mm=10, needle_mm=25)  # right above the rod
    assert over_nerve.nerve_distances_mm["rod_nerve"]["axis_mm"] == 0
    assert over_nerve.verdict == "danger"


def test_a_gap_between_muscles_is_a_row_and_a_tip_there_is_not_intramuscular():
    """Two muscle blocks 4 mm apart: the gap gets its own row, the rows add up, and a tip in the
    gap is said to be in the gap, never in muscle, and the verdict is not safe."""
    scene = PlanningScene(
        fascia=FASCIA,
        muscles={"upper": pv.Box(bounds=(-100, 100, -100, 100, -20, -3)).triangulate(),
                 "lower": pv.Box(bounds=(-100, 100, -100, 100, -60, -24)).triangulate()},
        bones={}, nerves={}, names={"upper": "Upper muscle", "lower": "Lower muscle"},
    )
    plan = plan_needle(scene, AT, fat_mm=10, needle_mm=34)  # the skin is 12.5 mm above the fascia: tip 21.5 mm deep
    rows = [(row["kind"], row["start_mm"], row["end_mm"]) for row in plan.layers]
    assert rows == [("skin", 0, 3), ("fat", 3, 13), ("gap", 13, 16), ("muscle", 16, 33), ("gap", 33, 37),
                    ("muscle", 37, 73), ("beyond", 73, 150)]
    assert all(a["end_mm"] == b["start_mm"] for a, b in zip(plan.layers, plan.layers[1:]))
    assert plan.tip["kind"] == "gap" and plan.tip_in == "fascia or gap between Upper muscle and Lower muscle"
    assert plan.verdict == "caution" and not any("ends in muscle" in r or "tip ends in Upper" in r for r in plan.reasons)
    assert any(r.startswith("the tip ends in fascia or gap between Upper muscle and Lower muscle, not in muscle") for r in plan.reasons)
    inside = plan_needle(scene, AT, fat_mm=10, needle_mm=30)
    assert inside.tip_in == "Upper muscle" and inside.verdict == "safe"
    assert inside.reasons[-1].endswith("the tip ends in Upper muscle")
