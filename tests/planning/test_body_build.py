"""The body build on geometry with exact answers: a fascia whose subject's fat grows from 10 mm
on one side to 30 mm on the other, with a gap (little room) in the middle.

The setting is the fat under a reference point (a site's point); every other point's fat
changes with it, more where the subject is thicker, and no point grows past its room, so two
surfaces across a gap never meet.
"""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.planning import PlanningScene, plan_needle
from explorer.planning.body_build import GROWTH_BOUNDS, BodyShape, Carried, Setting, regional_fat

FASCIA = pv.Plane(center=(0, 0, 0), direction=(0, 0, 1), i_size=200, j_size=200, i_resolution=40, j_resolution=40).triangulate()
THIN_SIDE, THICK_SIDE = (-90.0, 0.0, 0.0), (90.0, 0.0, 0.0)


def with_subject_fat(mesh: pv.PolyData) -> pv.PolyData:
    """10 mm of the subject's fat at x = -100 growing to 30 mm at x = 100; 4 mm of room where
    |x| < 10 (a cleft), plenty elsewhere."""
    mesh = mesh.copy()
    x = mesh.points[:, 0]
    mesh.point_data["fascia_mm"] = mesh.points.copy()
    mesh.point_data["body_direction"] = np.tile([0.0, 0.0, 1.0], (mesh.n_points, 1))
    mesh.point_data["subject_fat_mm"] = 20.0 + x / 10.0
    mesh.point_data["room_mm"] = np.where(np.abs(x) < 10, 4.0, 200.0)
    return mesh


def scene(fascia):
    box = pv.Box(bounds=(-100, 100, -100, 100, -40, -1)).triangulate()
    return PlanningScene(fascia=fascia, muscles={"block_muscle": box}, bones={}, nerves={}, names={"block_muscle": "Block"})


def test_the_build_keeps_the_subjects_order_and_stops_at_the_room():
    subject, room = np.array([10.0, 30.0, 20.0]), np.array([200.0, 200.0, 4.0])
    assert regional_fat(subject, room, Setting(20.0, 20.0)) == pytest.approx(subject)  # the subject as built
    fatter = regional_fat(subject, room, Setting(60.0, 20.0))
    # +40 mm under the reference: sqrt(10/20) and sqrt(30/20) times that elsewhere.
    assert fatter[:2] == pytest.approx([10.0 + 40.0 * np.sqrt(0.5), 30.0 + 40.0 * np.sqrt(1.5)])
    # A point four times as thick grows by at most GROWTH_BOUNDS' upper factor: the body swells,
    # the buttock does not balloon.
    much = regional_fat(np.array([80.0]), np.array([200.0]), Setting(60.0, 20.0))[0]
    assert much == pytest.approx(80.0 + 40.0 * GROWTH_BOUNDS[1])
    assert fatter[2] <= subject[2] + room[2]  # at most its room, however fat the build
    thinner = regional_fat(subject, room, Setting(5.0, 20.0))
    assert np.all(thinner > 0) and thinner[0] < thinner[2] < thinner[1]  # thin stays thinner than thick
    # Smooth where the cap takes over: no step as the setting grows past it.
    capped = np.array([regional_fat(subject[2:], room[2:], Setting(f, 20.0))[0] for f in np.linspace(20, 40, 200)])
    assert np.all(np.diff(capped) >= -1e-9) and np.max(np.diff(capped)) < 0.15  # steps of 0.1 mm in the setting


def test_a_picked_point_gets_the_regional_fat_of_the_build_set_at_the_site():
    planning = scene(with_subject_fat(FASCIA))
    assert isinstance(planning.body, BodyShape)
    at_site = plan_needle(planning, THICK_SIDE, fat_mm=50.0, needle_mm=38, reference=THICK_SIDE)
    assert at_site.fat_mm == pytest.approx(50.0, abs=0.1)  # the setting is the fat under the site
    picked = plan_needle(planning, THIN_SIDE, fat_mm=50.0, needle_mm=38, reference=THICK_SIDE)
    # 29 -> 50 there; here sqrt(11/29) = 0.62 of that change, held at GROWTH_BOUNDS' lower 0.7: 11 -> 25.7.
    assert picked.fat_mm == pytest.approx(11.0 + 21.0 * GROWTH_BOUNDS[0], abs=0.3)
    assert picked.entry_mm[2] == pytest.approx(picked.fat_mm + 2.5, abs=0.1)  # entry on the drawn skin


def test_points_carried_on_the_skin_follow_it():
    body = BodyShape.of(with_subject_fat(FASCIA))
    skin = pv.PolyData(body.points(Setting(20.0, 20.0), 2.5), FASCIA.faces)
    zone = np.array([[3.3, 7.1, 0.0], [51.2, -20.4, 0.0]]) + [0.0, 0.0, 1.0]
    zone[:, 2] += 20.0 + zone[:, 0] / 10.0 + 2.5  # 1 mm above the skin
    carried = Carried.on(skin, zone)
    moved_skin = body.points(Setting(60.0, 20.0), 2.5)
    on = pv.PolyData(moved_skin, FASCIA.faces)
    _, closest = on.find_closest_cell(carried.moved(moved_skin), return_closest_point=True)
    assert np.linalg.norm(carried.moved(moved_skin) - closest, axis=1) == pytest.approx([1.0, 1.0], abs=0.05)


def test_without_the_subjects_fat_the_setting_is_the_fat_everywhere():
    planning = scene(FASCIA)
    assert planning.body is None
    plan = plan_needle(planning, THIN_SIDE, fat_mm=50.0, needle_mm=38, reference=THICK_SIDE)
    assert plan.fat_mm == 50.0
