"""The sciatic nerve, built from landmarks: the model has no nerves.

Course (Gray's; Moore): from the sacral plexus on the front of piriformis, out of the pelvis
through the greater sciatic foramen *below* piriformis, down between the ischial tuberosity and
the greater trochanter (nearer the tuberosity, lying on the short rotators, deep to gluteus
maximus), then straight down the back of the thigh behind the femur. The nerve is a flattened
band about 15-20 mm wide and 6-9 mm thick where it leaves the pelvis.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.geometry.landmarks import side_sign
from explorer.geometry.muscle_loft import catmull_rom, spindle

WIDTH_MM = 16.0
DEPTH_MM = 8.0
#: Fraction of the way from ischial tuberosity to greater trochanter where the nerve crosses.
TUBEROSITY_TO_TROCHANTER = 0.4
CLEARANCE_MM = 2.5
FORAMEN_MEDIAL_TO_NOTCH_MM = 20.0


def sciatic_centreline(
    landmarks: dict[str, np.ndarray], piriformis: pv.PolyData, sacrum: pv.PolyData, femur: pv.PolyData, side: str
) -> np.ndarray:
    """Control points of the nerve's course, plexus to the femur cut, smoothed (RAS mm)."""
    s = side_sign(side)
    notch, it, gt = landmarks["greater_sciatic_notch"], landmarks["ischial_tuberosity"], landmarks["greater_trochanter"]
    # Sacral plexus: in front of the sacrum's lateral part, at the level of piriformis' origin.
    piri = piriformis.points
    origin_part = piri[np.abs(piri[:, 0]) < np.abs(notch[0]) * 0.45]
    sacral_front = sacrum.points[np.abs(sacrum.points[:, 0] - s * 30.0) < 6.0]
    plexus = np.array([s * 32.0, sacral_front[:, 1].max() + 12.0, origin_part[:, 2].min() - 4.0])
    # Greater sciatic foramen: under piriformis' lower border where it crosses the notch.
    # The nerve's band may tilt as it turns down, so keep half its *width* clear of the muscle.
    near_notch = piri[np.abs(piri[:, 0] - (notch[0] - s * FORAMEN_MEDIAL_TO_NOTCH_MM / 2)) < 20.0]
    # It leaves through the lower, medial part of the foramen, near the ischial spine: the
    # surface marking is a point midway between PSIS and ischial tuberosity (Moore), which puts
    # the exit about ``FORAMEN_MEDIAL_TO_NOTCH_MM`` medial to the notch's deepest point.
    foramen = np.array(
        [notch[0] - s * FORAMEN_MEDIAL_TO_NOTCH_MM, notch[1] - 8.0, near_notch[:, 2].min() - WIDTH_MM / 2 - CLEARANCE_MM]
    )
    # Between tuberosity and trochanter, behind the hip joint, at the level of the trochanter.
    level = gt[2] - 5.0
    cross_x = it[0] + TUBEROSITY_TO_TROCHANTER * (gt[0] - it[0])
    cross_y = min(it[1], gt[1]) - 18.0
    thigh = [_behind_femur(femur, z, s) for z in (level - 90.0, femur.bounds[4] + 12.0)]
    control = np.array(
        [
            plexus,
            foramen,
            [foramen[0] + s * 3.0, foramen[1] - 12.0, foramen[2] - 22.0],
            [cross_x, cross_y, level],
            *thigh,
        ]
    )
    return catmull_rom(control, 80)


def _behind_femur(femur: pv.PolyData, z: float, s: float) -> np.ndarray:
    slab = femur.points[np.abs(femur.points[:, 2] - z) < 4.0]
    centre = slab.mean(axis=0)
    return np.array([centre[0] - s * 6.0, slab[:, 1].min() - 16.0, z])


def sciatic_nerve(centreline: np.ndarray) -> pv.PolyData:
    """Closed, flattened nerve volume along the centreline (wider than deep, as in the body)."""
    n = len(centreline)
    taper = np.ones(n)
    taper[:8] = np.linspace(0.75, 1.0, 8)  # roots merging at the plexus end
    return spindle(centreline, WIDTH_MM * taper, DEPTH_MM * taper, np.array([0.0, -1.0, 0.0]))
