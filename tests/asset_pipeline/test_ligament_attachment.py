"""Where a ligament meets its bones (units mm, RAS).

A ligament's sheet is kept off bone so that it drapes over the bone between its attachments; its
two ends must still reach the bone. Kept off like the rest, they stopped 0.3 mm short, and the
built ligaments touched bone only in patches (the sacrotuberous' tuberosity end: 0-15 mm² of
whole faces). Both ends are now rooted in the bone and cut flush with it."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import ligaments

UPPER = pv.Box(bounds=(-20.0, 20.0, -10.0, 10.0, 40.0, 60.0)).triangulate().subdivide(3)
LOWER = pv.Box(bounds=(-20.0, 20.0, -10.0, 10.0, -20.0, 0.0)).triangulate().subdivide(3)


def on_face(mesh: pv.PolyData, z: float) -> np.ndarray:
    """The ligament's vertices lying on a bone's face at height ``z`` (within 0.05 mm)."""
    points = np.asarray(mesh.points)
    return points[np.abs(points[:, 2] - z) < 0.05]


def test_both_ends_of_a_ligament_lie_on_their_bones_all_across():
    # Fibres from the lower face of one block to the upper face of the other, 30 mm wide.
    across = np.linspace(-15.0, 15.0, ligaments.ACROSS)
    start = np.stack([across, np.zeros_like(across), np.full_like(across, 40.0)], axis=1)
    end = np.stack([across, np.zeros_like(across), np.zeros_like(across)], axis=1)
    ligament = ligaments._solid(start, end, 2.0, [UPPER, LOWER])
    for z in (40.0, 0.0):
        attached = on_face(ligament, z)
        assert len(attached) >= 4, z
        assert np.ptp(attached[:, 0]) > 25.0, z  # the whole width, not a patch
    # and nothing of it is left inside either block.
    points = np.asarray(ligament.points)
    assert points[:, 2].max() <= 40.0 + 1e-3 and points[:, 2].min() >= -1e-3
