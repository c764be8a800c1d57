"""A belly that stops short of its bone is carried onto it: adductor magnus by a flat aponeurosis
along the back of the shaft (the linea aspera), not a round cord at one point."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def _shaft():
    """A femoral shaft: a closed cylinder of 13 mm radius, z from -230 to -30 (RAS mm)."""
    import pyvista as pv

    return pv.Cylinder(center=(0, 0, -130), direction=(0, 0, 1), radius=13.0, height=200.0, resolution=48).triangulate().clean()


def _belly(gap_mm):
    """A block behind the shaft, ``gap_mm`` off its back, from the cut up to z -60."""
    import pyvista as pv

    back = -13.0 - gap_mm
    return pv.Box(bounds=(-20, 20, back - 30, back, -230, -60), level=4).triangulate().clean()


def _distance(mesh, points):
    _, closest = mesh.find_closest_cell(np.asarray(points), return_closest_point=True)
    return np.linalg.norm(closest - points, axis=1)


def test_a_belly_short_of_the_shaft_gets_an_aponeurosis_along_its_back():
    from explorer.asset_pipeline.tendons import OVERLAP_MM, with_aponeurosis

    shaft, belly = _shaft(), _belly(6.0)
    merged, plate, gap = with_aponeurosis(belly, shaft, 2.0)
    assert gap > 6.0
    assert merged.is_manifold and merged.n_open_edges == 0
    # It now reaches the bone (the anatomy test's 2 mm) and does not enter it ...
    assert _distance(shaft, merged.points).min() < 0.5
    assert np.count_nonzero(np.linalg.norm(merged.points[:, :2], axis=1) < 13.0 - 0.1) == 0
    # ... by a plate behind the shaft, 2 mm thick, running from the cut up the whole belly
    # (a band along the linea aspera, not a cord at one point).
    assert plate.bounds[3] < 0.0 and abs(plate.bounds[0] + plate.bounds[1]) < 2.0
    assert plate.bounds[4] < -225.0 and plate.bounds[5] > -70.0
    assert abs(plate.volume) == pytest.approx(2.0 * (6.0 + 2 * OVERLAP_MM) * (plate.bounds[5] - plate.bounds[4]), rel=0.1)


def test_a_belly_that_reaches_its_bone_is_left_as_it_is():
    from explorer.asset_pipeline.tendons import with_aponeurosis

    belly = _belly(1.0)
    merged, plate, gap = with_aponeurosis(belly, _shaft(), 2.0)
    assert plate is None and merged is belly and gap <= 2.0
