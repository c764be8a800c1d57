"""``surfaces.kept_off`` moves only what is inside a solid or near it.

``data/sharp_tube_end.vtp`` is a vein of this atlas (his left inferior gluteal vein, session 8's
build) whose upper end has a vertex at which VTK's signed distance reads points far above and
behind it as deep inside the vein."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pyvista as pv

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")

TUBE = pv.read(Path(__file__).parent / "data" / "sharp_tube_end.vtp")
#: A line of points from the lower back forward, 150-180 mm from the vein.
FAR = np.array([13.8, -88.7, 161.2]) + np.outer(np.arange(0.0, 150.0, 1.0), np.array([0.09, 0.99, -0.13]) / np.linalg.norm([0.09, 0.99, -0.13]))


def test_a_point_far_outside_stays_where_it_is():
    from explorer.asset_pipeline import surfaces

    # The premise: VTK reads some of these points as inside, though all are far outside.
    signed = np.asarray(pv.PolyData(FAR).compute_implicit_distance(TUBE)["implicit_distance"])
    _, closest = TUBE.find_closest_cell(FAR, return_closest_point=True)
    assert (signed < -100.0).any() and np.linalg.norm(FAR - closest, axis=1).min() > 100.0
    assert np.array_equal(surfaces.kept_off(FAR, 2.0, [TUBE]), FAR)


def test_points_inside_and_near_are_moved_out_to_the_distance():
    from explorer.asset_pipeline import surfaces

    ball = pv.Sphere(radius=20.0, theta_resolution=60, phi_resolution=60)
    directions = np.array([[1.0, 0.0, 0.0], [0.0, 0.6, 0.8], [0.0, 0.0, -1.0]])
    points = np.vstack([directions * 5.0, directions * 19.0, directions * 21.0, directions * 40.0])  # deep, in, near, far
    moved = surfaces.kept_off(points, 2.0, [ball])
    radius = np.linalg.norm(moved, axis=1)
    assert np.allclose(radius[:9], 22.0, atol=0.1)  # out to 2 mm off the surface
    assert np.array_equal(moved[9:], points[9:])  # what was far enough stays
