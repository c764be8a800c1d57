"""A waypoint pinned to a muscle's face snaps onto that face, not into the widest free space
near it (units mm). Snapped by clearance alone, her superior gluteal bundle's crossing went
12 mm deep into her left gluteus medius (passable to that bundle)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from scipy import ndimage

from explorer.asset_pipeline import gluteal_vessels
from explorer.asset_pipeline.free_space import FreeSpace
from explorer.geometry.voxels import Grid, solid_mask

#: A muscle: a slab filling x < 10 of a 60 mm cube of space; everything beyond it is free.
MUSCLE = pv.Box(bounds=(-5.0, 10.0, -5.0, 65.0, -5.0, 65.0)).triangulate()


def open_space() -> FreeSpace:
    grid = Grid.around(np.array([0.0, 60.0, 0.0, 60.0, 0.0, 60.0]), 1.0)
    solid = solid_mask(MUSCLE, grid)
    clearance = (ndimage.distance_transform_edt(~solid) * grid.size).astype(np.float32)
    return FreeSpace(grid, solid, clearance, np.full(grid.shape, 50.0, np.float32))


def test_a_waypoint_snapped_on_a_face_stays_on_it():
    space = open_space()
    point = np.array([22.0, 30.0, 30.0])  # 12 mm off the muscle's face, in the open
    anywhere = space.snap(point, 15.0)
    on_face = space.snap(point, 15.0, among=gluteal_vessels.on_face(space, MUSCLE))
    # Clearance alone keeps it where it is: the space there is wider than any route needs.
    assert anywhere[0] - 10.0 > gluteal_vessels.HUG_MM
    # On the face: free, and within HUG_MM of the muscle.
    assert 10.0 < on_face[0] <= 10.0 + gluteal_vessels.HUG_MM
    assert space.clearance_at(on_face)[0] > 0


def test_no_free_voxel_on_the_face_within_reach_is_an_error():
    space = open_space()
    with pytest.raises(ValueError, match="no free space"):
        space.snap(np.array([50.0, 30.0, 30.0]), 10.0, among=gluteal_vessels.on_face(space, MUSCLE))
