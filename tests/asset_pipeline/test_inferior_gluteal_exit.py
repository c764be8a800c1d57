"""The inferior gluteal bundle leaves the pelvis just under piriformis' lower border where the
muscle crosses the foramen, not under its lowest point (units mm, RAS). In her the tendon out at
the trochanter lies some 21 mm below the border in the foramen, and an exit set from the
lowest point alone left her bundle 15-19 mm under the muscle."""

from __future__ import annotations

import numpy as np
import pyvista as pv
from scipy import ndimage

from explorer.asset_pipeline import gluteal_vessels
from explorer.asset_pipeline.free_space import FreeSpace
from explorer.geometry.voxels import Grid, solid_mask

#: A right piriformis: its belly across the foramen (lower border at z = 40), its tendon out
#: laterally reaching far lower (z = 10), as her border slopes down and out to the trochanter.
BELLY = pv.Box(bounds=(20.0, 100.0, 20.0, 40.0, 40.0, 60.0)).triangulate()
TENDON = pv.Box(bounds=(85.0, 100.0, 20.0, 40.0, 10.0, 40.0)).triangulate()
PIRIFORMIS = (BELLY + TENDON).clean()
#: The sciatic nerve's centreline, straight down under the belly.
SCIATIC = np.array([[70.0, 30.0, z] for z in np.arange(38.0, -20.0, -2.5)])


def open_space() -> FreeSpace:
    grid = Grid.around(np.array([0.0, 110.0, -10.0, 60.0, -60.0, 70.0]), 1.0)
    solid = solid_mask(BELLY, grid) | solid_mask(TENDON, grid)
    clearance = (ndimage.distance_transform_edt(~solid) * grid.size).astype(np.float32)
    return FreeSpace(grid, solid, clearance, np.full(grid.shape, 50.0, np.float32))


def test_the_exit_lies_under_the_border_above_it_not_under_the_tendon():
    space = open_space()
    waypoints, among = gluteal_vessels.inferior_waypoints(space, SCIATIC, {"piriformis_right": PIRIFORMIS}, "right")
    exit_point = waypoints[1]
    # Medial to the sciatic nerve, as before; under the belly, within the limit (and the snap's
    # hold) of its lower border straight above, where the tendon's level put it 28 mm under.
    assert exit_point[0] < SCIATIC[0, 0] - 10.0
    depth = 40.0 - exit_point[2]
    assert 0.0 < depth <= gluteal_vessels.INFERIOR_EXIT_UNDER_PIRIFORMIS_MM + gluteal_vessels.INFERIOR_EXIT_HELD_MM
    # Its artery snaps there too, among the voxels that near the muscle.
    assert among[1][tuple(space.grid.index(exit_point[None])[0])]
