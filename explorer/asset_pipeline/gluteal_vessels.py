"""Superior and inferior gluteal nerves and arteries, routed between the scanned muscles.

Courses (Gray's Anatomy; Moore, Clinically Oriented Anatomy):

- The superior gluteal nerve and artery leave the pelvis through the greater sciatic foramen
  *above* piriformis, round the posterior border of gluteus minimus and run forward in the
  plane between gluteus medius and minimus, the nerve ending in tensor fasciae latae; they
  cross minimus some 5 cm above the tip of the greater trochanter.
- Just outside the notch the superior gluteal artery gives its superficial branch, which runs up
  and out between gluteus maximus and medius and breaks up in maximus' deep surface; the trunk
  that goes on with the nerve is its deep branch.
- The inferior gluteal nerve and artery leave *below* piriformis, medial to the sciatic nerve,
  and spread on the deep surface of gluteus maximus.

Each is one simplified trunk, routed through free space (``free_space.route``) between
waypoints that pin those relations, with an extra cost for straying from the face of the
muscle it runs on (minimus' outer face; maximus' deep face); the waypoints that pin a route to
such a face snap onto it (``on_face``). Medius does not count as solid for the superior bundle
and the superficial branch (they lie in the planes medius shares with minimus and with maximus,
and medius is grooved to make room for them afterwards).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline.free_space import FreeSpace, route, smooth_path
from explorer.asset_pipeline.nerves import BONE_GAP_MM, MIN_DEPTH_MM, WIDTH_MM
from explorer.geometry.landmarks import side_sign
from explorer.geometry.tubes import spindle
from explorer.geometry.voxels import solid_mask

NERVE_DIAMETER_MM = 4.0
ARTERY_DIAMETER_MM = 5.0
SUPERFICIAL_BRANCH_DIAMETER_MM = 3.0
#: The superficial branch's end on maximus' deep face, from the artery's exit (mm: out, back, up).
SUPERFICIAL_BRANCH_REACH_MM = (-5.0, -25.0, 35.0)
#: Height above the tip of the greater trochanter where the superior bundle crosses minimus
#: toward tensor fasciae latae (the surgical "safe zone" figure, about 5 cm).
SUPERIOR_ABOVE_TROCHANTER_MM = 50.0
#: Cost weight for each mm a route strays beyond ``HUG_MM`` from the face it runs on.
HUG_WEIGHT = 0.6
HUG_MM = 4.0
#: The inferior gluteal exit lies at most this far under piriformis' lower border directly
#: above it, and snaps only among voxels this near the muscle (mm): the bundle leaves in the
#: gap between piriformis and the sacrospinous ligament, the artery a median 15.8 mm above the
#: ligament (Katrikh et al., Obstet Gynecol 2017;130:1033), so within about that of the muscle.
#: A choice of this project within that figure: the route's smoothing cuts the corner at the
#: exit by up to 5 mm (at 13 mm her right nerve ended 17 mm under the muscle), and 10 mm still
#: leaves her nerve clear of the sciatic nerve, which in her runs steeply down and out just
#: under the muscle.
INFERIOR_EXIT_UNDER_PIRIFORMIS_MM = 10.0
#: How far (mm) the snapped exit may move up or down from that height.
INFERIOR_EXIT_HELD_MM = 1.0


def distance_from(space: FreeSpace, mesh: pv.PolyData) -> np.ndarray:
    """Distance (mm) of every voxel of ``space`` from ``mesh`` (0 inside it)."""
    from scipy import ndimage

    return ndimage.distance_transform_edt(~solid_mask(mesh, space.grid)) * space.grid.size


def hug_cost(space: FreeSpace, mesh: pv.PolyData) -> np.ndarray:
    """Extra cost that grows with distance from ``mesh`` beyond ``HUG_MM`` (squared)."""
    return HUG_WEIGHT * np.clip(distance_from(space, mesh) - HUG_MM, 0.0, None) ** 2


def on_face(space: FreeSpace, mesh: pv.PolyData, within_mm: float = HUG_MM) -> np.ndarray:
    """The voxels within ``within_mm`` of ``mesh``: where a waypoint on that muscle's face may
    snap. Snapped by clearance alone, a waypoint drifts to the widest space near it (deep into a
    muscle counted passable), and the route with it."""
    return distance_from(space, mesh) <= within_mm


def superior_waypoints(space: FreeSpace, lm: dict, meshes: dict, side: str) -> tuple[list[np.ndarray], list]:
    """Inside the pelvis, out above piriformis, across minimus ~5 cm above the trochanter, to TFL;
    and where each may snap (``FreeSpace.snap``'s ``among``; None: anywhere free). The crossing
    lies on minimus' outer face: medius is passable here, and snapped anywhere the crossing went
    up to 12 mm deep into her left medius, the bundle tunnelling through the muscle to reach it."""
    s = side_sign(side)
    notch, gt_tip, asis = lm["greater_sciatic_notch"], lm["greater_trochanter_tip"], lm["asis"]
    piri = np.asarray(meshes[f"piriformis_{side}"].points)
    near_notch = piri[np.abs(piri[:, 0] - notch[0]) < 10.0]
    top = near_notch[np.argmax(near_notch[:, 2])]
    exit_point = np.array([notch[0], top[1], top[2] + 5.0])  # above piriformis
    inside = exit_point + np.array([-s * 18.0, 15.0, 4.0])  # from the internal iliac, in the pelvis
    crossing = np.array([gt_tip[0], gt_tip[1] + 0.35 * (asis[1] - gt_tip[1]), gt_tip[2] + SUPERIOR_ABOVE_TROCHANTER_MM])
    # It ends between minimus' front edge and the deep face of tensor fasciae latae.
    minimus = np.asarray(meshes[f"gluteus_minimus_{side}"].points)
    front = minimus[np.argmax(minimus[:, 1])]
    tfl = np.asarray(meshes[f"tensor_fasciae_latae_{side}"].points)
    end = (front + tfl[np.argmin(np.linalg.norm(tfl - front, axis=1))]) / 2
    among = [None, None, on_face(space, meshes[f"gluteus_minimus_{side}"]), None]
    return [
        space.snap(inside, 10.0),
        space.snap(exit_point, 8.0),
        space.snap(crossing, 20.0, towards=np.array([s, 0.0, 0.0]), among=among[2]),
        space.snap(end, 20.0),
    ], among


def superficial_branch_waypoints(space: FreeSpace, artery: np.ndarray, exit_point: np.ndarray, meshes: dict, side: str) -> list[np.ndarray]:
    """From beside the artery just outside the notch, up and back between maximus and medius
    (toward the sacral origin of maximus: the branch serves the muscle's upper part), to a point
    on maximus' deep face."""
    s = side_sign(side)
    start = artery[np.argmin(np.linalg.norm(artery - exit_point, axis=1))]
    out, back, up = SUPERFICIAL_BRANCH_REACH_MM
    end = start + np.array([s * out, back, up])
    face = on_face(space, meshes[f"gluteus_maximus_{side}"])
    return [space.snap(start, 8.0), space.snap(end, 15.0, towards=np.array([0.0, -1.0, 0.0]), among=face)]


def inferior_waypoints(space: FreeSpace, sciatic: np.ndarray, meshes: dict, side: str) -> tuple[list[np.ndarray], list]:
    """Inside the pelvis, out below piriformis medial to the sciatic nerve, onto maximus; and
    where each may snap (as ``superior_waypoints``; None: anywhere free). The exit lies at most
    ``INFERIOR_EXIT_UNDER_PIRIFORMIS_MM`` under the muscle's lower border above it."""
    s = side_sign(side)
    piriformis = meshes[f"piriformis_{side}"]
    piri = np.asarray(piriformis.points)
    at_edge = int(np.argmin(np.abs(sciatic[:, 2] - (piri[:, 2].min() - 2.0))))  # sciatic at piriformis' lower edge
    below = sciatic[at_edge]
    exit_point = below + np.array([-s * 14.0, -4.0, 4.0])
    # Onto maximus' deep face below and lateral to the exit: the free voxel nearest to the face
    # there (the deep face is where the space ends behind, so snap toward the back).
    spread = exit_point + np.array([s * 10.0, -15.0, -40.0])
    # Piriformis' lowest point is its tendon out at the trochanter; where the muscle crosses the
    # foramen its lower border runs higher, in her up to 21 mm (her border slopes steeply down
    # and out), and an exit set from the lowest point alone left her bundle 15-19 mm under the
    # muscle. So the exit rises to no deeper than the limit under the border straight above it.
    border, _ = piriformis.ray_trace(exit_point, exit_point + np.array([0.0, 0.0, 100.0]))
    if len(border):
        exit_point[2] = max(exit_point[2], border[:, 2].min() - INFERIOR_EXIT_UNDER_PIRIFORMIS_MM)
    # Snapped (its artery's too) by clearance alone, it drifts to the widest space near it: in her
    # right side that is inside the pelvic wall, where the artery then dropped; and, free to rise,
    # her left exit rose lateral to the sciatic nerve. So it keeps its height and near the muscle.
    under = on_face(space, piriformis, INFERIOR_EXIT_UNDER_PIRIFORMIS_MM)
    # From the internal iliac: inside the pelvis, medial to the sciatic band's medial edge.
    inner = sciatic[max(at_edge - 8, 0)]
    inside = inner + np.array([-s * (WIDTH_MM / 2 + 6.0), 0.0, 2.0])
    return [space.snap(inside, 10.0, towards=np.array([-s, 0.0, 0.0])), space.snap(exit_point, 8.0, held=(np.array([0.0, 0.0, 1.0]), INFERIOR_EXIT_HELD_MM), among=under),
            space.snap(spread, 25.0, towards=np.array([0.0, -1.0, 0.0]))], [None, under, None]


def bundle(space: FreeSpace, waypoints: list[np.ndarray], hug: np.ndarray, first_free_leg: int = 1) -> np.ndarray:
    """Smoothed route through the waypoints, hugging its muscle from ``first_free_leg`` on."""
    extra = [None if i < first_free_leg else hug for i in range(len(waypoints) - 1)]
    return smooth_path(route(space, waypoints, extra_cost=extra), space)


def vessel_tube(centreline: np.ndarray, diameter: float, hard_clearance: np.ndarray,
                least_mm: float = MIN_DEPTH_MM) -> tuple[pv.PolyData, np.ndarray]:
    """A closed round tube, slightly tapered at its far end (the trunk gives off branches), and
    its radius per point (mm); thinned where it passes nearer to bone than its radius, to no
    less than ``least_mm`` across."""
    d = np.full(len(centreline), diameter)
    k = min(12, len(d) // 3)
    d[-k:] *= np.linspace(1.0, 0.6, k)
    d = np.minimum(d, 2.0 * np.clip(hard_clearance - BONE_GAP_MM, least_mm / 2, None))
    # The clearance is read off a voxel grid and wobbles from point to point; a tube following it
    # looks beaded. A running minimum then a running mean over the same window smooths it and
    # never widens it anywhere (each mean is of minima over windows that hold that point).
    pad = np.pad(d, 2, mode="edge")
    floor = np.min(np.lib.stride_tricks.sliding_window_view(pad, 5), axis=1)
    d = np.convolve(np.pad(floor, 2, mode="edge"), np.ones(5) / 5, mode="valid")
    return spindle(centreline, d, d, np.array([0.0, 0.0, 1.0]), n_around=14), d / 2


def offset_waypoints(waypoints: list[np.ndarray], shift: np.ndarray, space: FreeSpace, among: list) -> list[np.ndarray]:
    """The companion artery's waypoints: the nerve's, shifted, snapped back to free space where
    the nerve's may lie (``among``, one mask or None per waypoint)."""
    return [space.snap(w + shift, 12.0, among=mask) for w, mask in zip(waypoints, among)]
