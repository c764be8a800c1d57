"""Risk map: distances against hand-computed geometry, and never milder than the plan itself."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.planning import PlanningScene, plan_needle
from explorer.planning.body_build import SKIN_MM
from explorer.planning.planner import AXIS_DEPTH_MM
from explorer.planning.risk_map import CAP_MM, ray_profiles, skin_risk
from explorer.planning.verdict import LEVELS

# A flat fascia (the top of a big block, z = 0); a 5 mm rod nerve along x at y = 0, 40 mm deep;
# a bone slab from 70 to 100 mm deep.
ROD_DEPTH, ROD_RADIUS = 40.0, 5.0


@pytest.fixture(scope="module")
def flat():
    scene = PlanningScene(
        fascia=pv.Box(bounds=(-150, 150, -150, 150, -300, 0), level=29).triangulate(),
        muscles={},
        bones={"slab_bone": pv.Box(bounds=(-120, 120, -120, 120, -100, -70)).triangulate()},
        nerves={"rod_nerve": pv.Cylinder(center=(0, 0, -ROD_DEPTH), direction=(1, 0, 0), radius=ROD_RADIUS, height=260,
                                         resolution=120).triangulate()},
    )
    points, inward, hazards, bones = scene.risk_inputs()
    top = (points[:, 2] == 0) & (np.abs(points[:, 0]) < 60) & (np.abs(points[:, 1]) < 90)
    return points, inward, ray_profiles(points, inward, hazards, bones, AXIS_DEPTH_MM), top


def test_needle_distances_and_levels_on_flat_layers(flat):
    points, inward, profiles, top = flat
    assert np.allclose(inward[top], [0, 0, -1])
    fat, needle = 10.0, 20.0  # the tip reaches 7.5 mm below the fascia
    levels, needle_mm = skin_risk(profiles, fat, needle, SKIN_MM, AXIS_DEPTH_MM)
    offset = np.abs(points[top, 1])
    exact = np.hypot(offset, ROD_DEPTH - (needle - fat - SKIN_MM)) - ROD_RADIUS
    # The map's distances are shortened by its margin, never lengthened: within [exact - 2 margins, exact].
    assert np.all(needle_mm[top] <= exact + 0.01)
    assert np.all(needle_mm[top] >= np.minimum(exact, CAP_MM) - 2 * profiles.margin_mm - 0.01)
    # The rod is a nerve with the strictest rule: a line passing within 15 mm (30 for caution) is flagged.
    line = offset - ROD_RADIUS
    assert np.all(levels[top][line <= 15] == 2)
    assert np.all(levels[top][line <= 30] >= 1)
    assert np.all(levels[top][line > 30 + profiles.margin_mm] == 0)


def test_bone_stops_the_line(flat):
    """A nerve under the bone slab is out of reach: the line stops at bone, as the plan's does."""
    points, inward, _, top = flat
    scene = PlanningScene(
        fascia=pv.Box(bounds=(-150, 150, -150, 150, -300, 0), level=29).triangulate(), muscles={},
        bones={"slab_bone": pv.Box(bounds=(-120, 120, -120, 120, -100, -70)).triangulate()},
        nerves={"deep_nerve": pv.Cylinder(center=(0, 0, -120), direction=(1, 0, 0), radius=5, height=260).triangulate()},
    )
    profiles = ray_profiles(*scene.risk_inputs(), AXIS_DEPTH_MM)
    # (The grid, and so the bone, reaches only as far as the nerve could matter: 40 mm round it.)
    over = top & (np.abs(points[:, 1]) < 30)
    assert np.allclose(profiles.bone_depth_mm[over], 70, atol=2 * profiles.margin_mm)
    levels, _ = skin_risk(profiles, 10.0, 25.0, SKIN_MM, AXIS_DEPTH_MM)
    assert np.all(levels[top] == 0)


@pytest.fixture(scope="module")
def atlas_map(atlas):
    scene = PlanningScene.from_atlas(atlas)
    points, inward, hazards, bones = scene.risk_inputs()
    return scene, points, inward, ray_profiles(points, inward, hazards, bones, AXIS_DEPTH_MM)


@pytest.mark.parametrize("fat, needle", [(20.0, 38.0), (8.0, 50.0), (45.0, 25.0)])
def test_the_map_is_never_milder_than_the_plan_at_the_same_point(atlas_map, fat, needle):
    """Where the plan's needle enters over the same fascia point as the map's, the map shows at
    least the plan's level. (The plan is asked at the fascia point itself: a skin point's nearest
    fascia point need not be the one under it when the body's directions are not the fascia's
    normals.)"""
    scene, points, inward, profiles = atlas_map
    levels, _ = skin_risk(profiles, fat, needle, SKIN_MM, AXIS_DEPTH_MM)
    checked = 0
    for i in np.random.default_rng(7).choice(len(points), 160, replace=False):
        anchor, _ = scene.anchor(points[i])
        if np.linalg.norm(anchor - points[i]) > 0.5:
            continue
        plan = plan_needle(scene, points[i], fat, needle)
        worst = max((LEVELS[::-1].index(d["level"]) for d in plan.nerve_distances_mm.values()), default=0)
        assert levels[i] >= worst, (i, plan.reasons)
        checked += 1
    assert checked > 40


def test_on_the_atlas_danger_follows_the_nerves_and_a_shorter_needle_shrinks_it(atlas_map, atlas):
    scene, points, inward, profiles = atlas_map
    long_levels, long_mm = skin_risk(profiles, 8.0, 50.0, SKIN_MM, AXIS_DEPTH_MM)
    short_levels, short_mm = skin_risk(profiles, 8.0, 25.0, SKIN_MM, AXIS_DEPTH_MM)
    assert (short_levels == 2).sum() < (long_levels == 2).sum()
    assert np.all(short_mm >= long_mm)  # a shorter needle is never nearer
    # Over the sciatic nerve's upper part (the 30 fascia points nearest it, from behind) the map is danger.
    nerve = scene.nerves["sciatic_nerve_right"].points
    behind = inward[:, 1] > 0.5
    nearest = np.argsort(np.linalg.norm(points[:, None, :] - nerve[::40][None], axis=2).min(axis=1) + 1e6 * ~behind)[:30]
    assert np.mean(long_levels[nearest] == 2) > 0.8
    # At the ventrogluteal point (38 mm needle, average fat) the plan says caution: the superior
    # gluteal bundle lies on its line beyond the tip, its vessels some 15 mm from the needle itself.
    # The map may show one level more only near a rule's threshold: it reads a distance that may
    # be off by its stated margin either way, and subtracts that margin again so as never to be
    # milder than the plan; so danger on the map means a true distance within two margins of
    # the threshold (it errs toward the more severe colour near a border, never the milder).
    vg = scene.landmarks["right"]["ventrogluteal_point"]
    index = np.argmin(np.linalg.norm(points - vg, axis=1))
    level = skin_risk(profiles, 20.0, 38.0, SKIN_MM, AXIS_DEPTH_MM)[0][index]
    plan = plan_needle(scene, points[index], 20.0, 38.0)
    assert plan.verdict == "caution" and level >= 1
    if level == 2:
        assert min(d["needle_mm"] for d in plan.nerve_distances_mm.values()) - 2 * profiles.margin_mm <= 10
