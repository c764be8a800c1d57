"""A muscle's reduction to its triangle budget keeps the grooves its bundles need."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def _box(center, size):
    import pyvista as pv

    return pv.Box(bounds=np.ravel([(c - s / 2, c + s / 2) for c, s in zip(center, size)])).triangulate().clean()


def test_shared_volume_is_the_exact_intersection():
    from explorer.asset_pipeline.surfaces import shared_volume

    a, b = _box((0, 0, 0), (20, 20, 20)), _box((10, 0, 0), (20, 20, 20))
    assert shared_volume(a, b) == pytest.approx(10 * 20 * 20, rel=1e-6)
    assert shared_volume(a, _box((100, 0, 0), (10, 10, 10))) == 0.0


def test_a_groove_the_reduction_closed_is_cut_again(monkeypatch):
    # A bundle tunnels through a muscle; the muscle is grooved, then its reduction closes the
    # groove (simulated: the reduction hands back the ungrooved muscle, as fast_simplification
    # did with her gluteus medius): the reduced muscle is grooved again and named.
    from explorer.asset_pipeline import deep_bundles, scan_muscles, surfaces

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
    assert surfaces.shared_volume(out["test_muscle_left"], bundle) < 1.0
    assert surfaces.shared_volume(muscle, bundle) > 1000.0
    assert out["test_muscle_right"] is other  # nothing of it to groove: as its reduction left it
