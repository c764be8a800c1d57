"""The sciatic nerve, routed through the free space between the scanned bones and muscles.

Course (Gray's; Moore): from the sacral plexus on the front of piriformis, out of the pelvis
through the greater sciatic foramen *below* piriformis, down over the gemelli, obturator
internus and quadratus femoris, deep to gluteus maximus, between the ischial tuberosity and the
greater trochanter, then down the back of the thigh between the hamstrings and adductor magnus.
The waypoints below pin those relations; between them the path follows the widest free plane
(``free_space.route``). At the tuberosity-trochanter line the nerve crosses 5.8 +/- 0.8 cm from
the tuberosity and 6.2 +/- 1.0 cm from the trochanter in living adults (CT), i.e. ~0.48 of the
way; at the lower border of piriformis it is a flattened band ~15.5 mm wide (pooled cadaver
data; see ``tests/anatomy`` for the sources).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline.free_space import FreeSpace, flatten_axis, route, smooth_path
from explorer.geometry.landmarks import side_sign
from explorer.geometry.tubes import spindle

WIDTH_MM = 15.0
DEPTH_MM = 6.0
#: Fraction of the way from ischial tuberosity to greater trochanter where the nerve crosses.
TUBEROSITY_TO_TROCHANTER = 0.48
#: How far (mm) the crossing may move along the tuberosity-trochanter line to find free space.
CROSSING_HELD_MM = 3.0
#: Space kept between a routed tube and bone (mm), and the least a nerve is thinned to there.
BONE_GAP_MM = 0.4
MIN_DEPTH_MM = 2.0
#: Free space narrower than this around the nerve's centre (mm) is a slit the band lies flat in;
#: twice this or more, and the band faces front to back.
SLIT_MM = 4.0
#: The nerve leaves the foramen this far medial to the notch's deepest point (mm).
EXIT_MEDIAL_TO_NOTCH_MM = 12.0


def sciatic_waypoints(space: FreeSpace, lm: dict, meshes: dict[str, pv.PolyData], side: str) -> list[np.ndarray]:
    """Plexus, infrapiriform exit, tuberosity-trochanter crossing and posterior thigh (RAS mm)."""
    s = side_sign(side)
    piri = np.asarray(meshes[f"piriformis_{side}"].points)
    origin_part = piri[s * piri[:, 0] < np.percentile(s * piri[:, 0], 15)]
    # The plexus lies on piriformis' pelvic face; the nerve forms at the muscle's lower border.
    centre = origin_part.mean(axis=0)
    plexus = np.array([centre[0], centre[1] + 18.0, (centre[2] + origin_part[:, 2].min()) / 2])
    notch = lm["greater_sciatic_notch"]
    near = piri[np.abs(piri[:, 0] - (notch[0] - s * EXIT_MEDIAL_TO_NOTCH_MM)) < 10.0]
    lowest = near[np.argmin(near[:, 2])]
    exit_point = np.array([notch[0] - s * EXIT_MEDIAL_TO_NOTCH_MM, lowest[1] - 3.0, lowest[2] - 6.0])
    it, gt = lm["ischial_tuberosity"], lm["greater_trochanter"]
    cross = it + TUBEROSITY_TO_TROCHANTER * (gt - it)
    cross = np.array([cross[0], min(it[1], gt[1]) - 5.0, cross[2]])
    z = meshes[f"femur_{side}"].bounds[4] + 15.0

    def slab_centre(name):
        p = np.asarray(meshes[f"{name}_{side}"].points)
        return p[np.abs(p[:, 2] - z) < 4.0].mean(axis=0)

    hamstrings = (slab_centre("biceps_femoris_long_head") + slab_centre("semitendinosus")) / 2
    thigh = (hamstrings + slab_centre("adductor_magnus")) / 2
    return [
        space.snap(plexus, 25.0),
        space.snap(exit_point, 8.0),
        # Free to move in depth to the widest plane, not along the line: snapped freely, it
        # slid to where the fat between the muscles is widest, by the tuberosity (0.34 of the
        # way in her, 0.35 in him).
        space.snap(cross, 15.0, towards=np.array([0.0, -1.0, 0.0]), held=(gt - it, CROSSING_HELD_MM)),
        space.snap(thigh, 12.0),
    ]


def sciatic_course(space: FreeSpace, lm: dict, meshes: dict[str, pv.PolyData], side: str) -> tuple[np.ndarray, np.ndarray]:
    """(centreline, per-point thin axis) of one side's nerve.

    The band is flattened front to back along most of its course (wide from side to side over
    the rotators and between the hamstrings and adductor magnus): its thin axis is the
    anteroposterior direction square to the nerve. Where it passes through a narrow slit (below
    piriformis, in the foramen) it lies flat in the slit instead: there the thin axis is the
    free space's narrowest direction. (That direction alone turns with every facet of the
    muscles, and the band twisted like a ribbon down the thigh.)"""
    line = smooth_path(route(space, sciatic_waypoints(space, lm, meshes, side)), space)
    tangent = np.gradient(line, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    front = np.array([0.0, 1.0, 0.0])
    ap = front - (tangent @ front)[:, None] * tangent
    ap /= np.linalg.norm(ap, axis=1, keepdims=True)
    slit = flatten_axis(space, line)
    slit *= np.where((slit * ap).sum(axis=1) < 0, -1.0, 1.0)[:, None]
    room = np.clip((space.clearance_at(line) - SLIT_MM) / SLIT_MM, 0.0, 1.0)[:, None]
    thin = (1.0 - room) * slit + room * ap
    for _ in range(10):
        thin[1:-1] = (thin[:-2] + 2 * thin[1:-1] + thin[2:]) / 4
    thin -= (thin * tangent).sum(axis=1, keepdims=True) * tangent
    return line, thin / np.linalg.norm(thin, axis=1, keepdims=True)


def sciatic_nerve(centreline: np.ndarray, thin_axis: np.ndarray, hard_clearance: np.ndarray) -> tuple[pv.PolyData, np.ndarray, np.ndarray]:
    """Closed, flattened nerve band along the centreline (wider than deep, as in the body),
    and its half width and half depth per point (mm)."""
    width, depth = section(len(centreline), hard_clearance)
    return spindle(centreline, width, depth, thin_axis, n_around=16), width / 2, depth / 2


def section(n: int, hard_clearance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Width and depth (mm) along the nerve: its roots merge over the first few millimetres, and
    where it passes bone nearer than its half width it narrows (the band yields; bone does not)."""
    taper = np.ones(n)
    taper[:8] = np.linspace(0.6, 1.0, 8)
    room = 2.0 * np.clip(hard_clearance - BONE_GAP_MM, MIN_DEPTH_MM / 2, None)
    return np.minimum(WIDTH_MM * taper, room), np.minimum(DEPTH_MM * taper, room)
