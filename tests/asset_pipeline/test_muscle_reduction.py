"""A muscle's reduction to its triangle budget keeps the grooves its bundles need."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def _box(center, size):
    import pyvista as pv

    return pv.Box(bounds=np.ravel([(c - s / 2, c + s / 2) for c, s in zip(center, size)])).triangulate().clean()


def test_shared_volume_counts_the_voxels_both_fill():
    from explorer.geometry.voxels import shared_volume

    a, b = _box((0, 0, 0), (20, 20, 20)), _box((10, 0, 0), (20, 20, 20))
    # Box faces fall on voxel centres here, which count: a voxel's layer more on each face.
    assert shared_volume(a, b) == pytest.approx(10 * 20 * 20, rel=0.2)
    assert shared_volume(a, _box((100, 0, 0), (10, 10, 10))) == 0.0


def test_shared_volume_is_what_the_overlap_test_counts_where_a_tube_folds_through_itself():
    # A tube bent back on itself at a hairpin (her right internal pudendal vein turned 154
    # degrees in one step): its rings overlap. The exact boolean then read -67 mm³ against a
    # muscle the overlap test found it entering by 40, and the groove the reduction closed was
    # not cut again. Counted in voxels, the build sees what the test sees.
    from explorer.geometry.tubes import spindle
    from explorer.geometry.voxels import overlap_volumes, shared_volume

    line = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [20.0, 0.0, 0.0], [21.0, 0.5, 0.0], [11.0, 1.0, 0.0], [1.0, 1.0, 0.0]])
    tube = spindle(line, np.full(len(line), 6.0), np.full(len(line), 6.0), np.array([0.0, 0.0, 1.0]), n_around=14)
    block = _box((10, -5, 0), (30, 10, 20))  # takes in the tube's lower side along its length
    counted = shared_volume(block, tube)
    assert counted > 50.0
    assert counted == pytest.approx(overlap_volumes({"block": block, "tube": tube})[("block", "tube")], rel=0.25)


def test_a_groove_the_reduction_closed_is_cut_again(monkeypatch):
    # A bundle tunnels through a muscle; the muscle is grooved, then its reduction closes the
    # groove (simulated: the reduction hands back the ungrooved muscle, as fast_simplification
    # did with her gluteus medius): the reduced muscle is grooved again and named.
    from explorer.asset_pipeline import deep_bundles, scan_muscles, surfaces
    from explorer.geometry.voxels import shared_volume

    muscle = _box((0, 0, 0), (60, 40, 40))
    bundle = _box((0, 0, 0), (80, 6, 6))
    groove = _box((0, 0, 0), (80, 8, 8))
    grooved = surfaces.subtract(muscle, [groove])
    monkeypatch.setattr(scan_muscles, "TRIANGLES", {"test_muscle": 100})
    monkeypatch.setattr(surfaces, "decimate", lambda mesh, budget: muscle if mesh is grooved else mesh)
    other = _box((200, 0, 0), (60, 40, 40))
    meshes = {"test_muscle_left": grooved, "test_muscle_right": other}
    out, regrooved = deep_bundles.reduced_muscles(meshes, [bundle], [groove])
    assert regrooved == ["test_muscle_left"]
    assert shared_volume(out["test_muscle_left"], bundle) < 1.0
    assert shared_volume(muscle, bundle) > 1000.0
    assert out["test_muscle_right"] is other  # nothing of it to groove: as its reduction left it
