"""The body build on geometry with exact answers: a fascia whose subject's fat grows from 10 mm
on one side to 30 mm on the other, with a gap (little room) in the middle.

The setting is the fat under a reference point (a site's point); every other point keeps the
subject's proportions, and no point grows past its room, so two surfaces across a gap never meet.
"""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.planning import PlanningScene, plan_needle
from explorer.planning.body_build import REFERENCE_FLOOR_MM, BodyShape, regional_fat, scale_for

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


def test_scaling_keeps_the_subjects_proportions_and_stops_at_the_room():
    subject, room = np.array([10.0, 30.0, 20.0]), np.array([200.0, 200.0, 4.0])
    assert regional_fat(subject, room, 1.0) == pytest.approx(subject)  # the subject as built
    doubled = regional_fat(subject, room, 2.0)
    assert doubled[:2] == pytest.approx([20.0, 60.0])  # thin stays thinner than thick
    assert doubled[2] <= subject[2] + room[2]  # at most its room, however fat the build
    assert regional_fat(subject, room, 10.0)[2] <= subject[2] + room[2]
    # Smooth where the cap takes over: no step as the scale grows past it.
    scales = np.linspace(1.0, 1.6, 200)
    capped = np.array([regional_fat(subject[2:], room[2:], s)[0] for s in scales])
    assert np.all(np.diff(capped) >= -1e-9) and np.max(np.diff(capped)) < 0.1  # steps of 0.003 in scale
    assert scale_for(40.0, 20.0) == 2.0 and scale_for(16.0, 1.0) == 16.0 / REFERENCE_FLOOR_MM


def test_a_picked_point_gets_the_regional_fat_of_the_build_set_at_the_site():
    planning = scene(with_subject_fat(FASCIA))
    assert isinstance(planning.body, BodyShape)
    at_site = plan_needle(planning, THICK_SIDE, fat_mm=50.0, needle_mm=38, reference=THICK_SIDE)
    assert at_site.fat_mm == pytest.approx(50.0, abs=0.1)  # the setting is the fat under the site
    picked = plan_needle(planning, THIN_SIDE, fat_mm=50.0, needle_mm=38, reference=THICK_SIDE)
    assert picked.fat_mm == pytest.approx(50.0 * 11.0 / 29.0, abs=0.3)  # the thin side scaled alike
    assert picked.entry_mm[2] == pytest.approx(picked.fat_mm + 2.5, abs=0.1)  # entry on the drawn skin


def test_without_the_subjects_fat_the_setting_is_the_fat_everywhere():
    planning = scene(FASCIA)
    assert planning.body is None
    plan = plan_needle(planning, THIN_SIDE, fat_mm=50.0, needle_mm=38, reference=THICK_SIDE)
    assert plan.fat_mm == 50.0
