"""The thin solids the build makes between two surfaces are closed and as thick as asked."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def test_a_patch_thickened_into_a_slab_is_closed_with_the_patch_area_times_its_thickness():
    import pyvista as pv

    from explorer.asset_pipeline.slabs import closed_slab

    patch = pv.Plane(i_size=40.0, j_size=30.0, i_resolution=8, j_resolution=6).triangulate()
    inner = np.asarray(patch.points)
    slab = closed_slab(patch.regular_faces, inner, inner + [0.0, 0.0, 2.0])
    assert slab.n_open_edges == 0 and slab.is_manifold
    assert slab.volume == pytest.approx(40.0 * 30.0 * 2.0, rel=1e-6)  # positive: wound outward


def test_a_region_is_cut_along_its_level_line_not_along_whole_cells():
    import pyvista as pv

    from explorer.asset_pipeline.slabs import clip_region

    plane = pv.Plane(i_size=100.0, j_size=100.0, i_resolution=10, j_resolution=10).triangulate()
    radius = np.linalg.norm(plane.points[:, :2], axis=1)
    disc = clip_region(plane, 30.0 - radius, level=0.0)  # inside a 30 mm circle, on a 10 mm grid
    assert disc.area == pytest.approx(np.pi * 30.0**2, rel=0.03)
