"""Distances from the needle to a nerve or vessel: what VTK's signed distance gets wrong."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.planning import PlanningScene

#: A slender closed cone: its apex at the origin, its axis +x, its base at x = -40.
CONE = pv.Cone(center=(-20.0, 0.0, 0.0), direction=(1.0, 0.0, 0.0), height=40.0, radius=3.0, resolution=12, capping=True).triangulate()


def test_a_point_inside_is_at_no_distance_and_one_outside_at_its_own():
    scene = PlanningScene(fascia=pv.Box(bounds=(-200, 200, -200, 200, -300, 100)).triangulate(), muscles={}, bones={},
                          nerves={"cone_vein": CONE})
    inside = np.array([[-30.0, 0.0, 0.0], [-35.0, 1.0, 0.5]])
    outside = np.array([[-30.0, 10.0, 0.0], [50.0, 0.0, 0.0]])
    distances = scene.distances_to("cone_vein", np.vstack([inside, outside]))
    assert np.all(distances[:2] == 0.0)
    assert distances[2] == pytest.approx(10.0 - 2.25, abs=0.1) and distances[3] == pytest.approx(50.0, abs=0.01)


@pytest.fixture(scope="module")
def scene(atlas):
    return PlanningScene.from_atlas(atlas)


def test_every_nerve_and_vessel_is_as_far_as_it_is_from_points_all_round_it(scene):
    # VTK signs the distance by the normal of a face at the nearest surface point; where that
    # point is a sharp vertex (a tube's end) a point far outside read as inside it, 0 mm: a plan
    # over his lower back said its line passed through his left inferior gluteal vein, 178 mm
    # away (and VTK's own enclosed-points test, which signs the same way, agreed). Points
    # scattered round each structure, out to 200 mm; those farther from its surface than half
    # its least extent are certainly outside it, and are as far as the nearest surface point.
    rng = np.random.default_rng(3)
    for sid, mesh in scene.nerves.items():
        points = np.asarray(mesh.center) + rng.normal(size=(3000, 3)) * 80.0
        _, closest = mesh.find_closest_cell(points, return_closest_point=True)
        expected = np.linalg.norm(points - closest, axis=1)
        outside = expected > 0.5 * np.min(np.ptp(np.reshape(mesh.bounds, (3, 2)), axis=1))
        assert np.allclose(scene.distances_to(sid, points[outside]), expected[outside], atol=0.01), sid
