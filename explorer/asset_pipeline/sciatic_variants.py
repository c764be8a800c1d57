"""The sciatic nerve's Beaton and Anson variants, built on the typical (type A) nerve.

The default atlas shows type A: one band below piriformis (``nerves``). For each other type
(``explorer.atlas.sciatic_variants``) this step writes each side's nerve and the muscles it
changes into ``variants/<key>/``::

    typical band (read back from its mesh)  ->  a division "below" keeps its course, thinner,
                                                widening into the unchanged trunk at the join
    free space of the finished scene        ->  a division (or the undivided nerve) "through"
      (this nerve and piriformis left out)      or "above" piriformis, routed leg by leg from
                                                the plexus, then beside the other division and
                                                into the trunk at the join
    muscles it runs into                    ->  piriformis pierced where it passes through;
                                                others grooved by at most ``MUSCLE_YIELD_MM``
                                                (where the gap is narrower it flattens)

Divisions. The sciatic nerve is a tibial and a common peroneal (fibular) nerve in one sheath;
the tibial part carries the larger share of the fibres (Gray's). Each division is drawn as a
flat band whose cross-section is its share of the trunk's (15 x 6 mm, ~71 mm^2): tibial 60 %
(11 x 4.9 mm), peroneal 40 % (8 x 4.5 mm). No published per-division calibre was verified; the
split is ours and only keeps the tibial the larger, as it is.

Where they join. A nerve divided in the pelvis may run on as two nerves side by side down the
thigh (16 % of limbs divide above the buttock, Prakash et al., Singapore Med J 2010;51:721-3).
The app joins them at the height where the typical nerve crosses the line from ischial
tuberosity to greater trochanter (on quadratus femoris), so below it every type is the same
nerve and only the relation to piriformis differs: a modelling choice, stated as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import free_space, nerves, surfaces
from explorer.asset_pipeline.deep_bundles import bone_meshes
from explorer.asset_pipeline.scan_muscles import TRIANGLES
from explorer.atlas.sciatic_variants import DEFAULT_VARIANT, VARIANTS, SciaticVariant
from explorer.geometry.landmarks import SIDES, side_sign
from explorer.geometry.tubes import resample_polyline, spindle

TIBIAL_MM = (11.0, 4.9)
PERONEAL_MM = (8.0, 4.5)
#: A piercing division leaves the muscle's back this far below where it entered (mm), heading
#: down toward the thigh rather than turning back on itself.
EXIT_DROP_MM = 6.0
#: Smoothing passes over the whole division once its legs are joined (few: more would pull it
#: out of the muscle it pierces).
FINAL_SMOOTHING = 10
#: How deep (mm) a rerouted division may groove a muscle it runs against.
MUSCLE_YIELD_MM = 1.0
#: Centreline points (2.5 mm apart) over which the tibial division widens into the trunk.
MERGE_POINTS = 8
#: Sides of the typical band's elliptic sections (``nerves.sciatic_nerve``): read back by ring.
BAND_AROUND = 16
#: Cost of each voxel step inside piriformis for a division that pierces it (it crosses the
#: muscle the short way, as in dissections).
PIERCE_COST = 4.0
#: A piercing division crosses piriformis this far up from its lower border (share of the
#: muscle's height over the foramen; a nerve wider than the peroneal division one and a half
#: times its extra width higher, so it passes through the muscle, not under its border): in type B the
#: muscle's lower part is split off. From there it moves to the nearest place where it fits in
#: the belly with muscle all round (``_belly_core``).
PIERCE_HEIGHT = 0.45
#: Muscle kept between a piercing division and the surface of the belly it passes through (mm).
#: Her left belly is thin (11 mm at its deepest): at 2 mm the core left for the undivided nerve
#: (type D, 7.5 mm half width) was 80 voxels, and its roof broke open (a groove, no tunnel) when
#: the bundles behind the muscle moved and the nerve with them by a millimetre; at 1.5 mm, 165.
PIERCE_ROOF_MM = 1.5
#: Structures the variants leave out of the scene they route through (they enclose the rest).
ENVELOPES = ("skin", "subcutaneous_fat", "ventrogluteal_site", "dorsogluteal_site")


@dataclass
class Band:
    """A flat nerve band: centreline (n, 3), per point the depth axis (unit) and half sizes (mm)."""

    centre: np.ndarray
    depth_axis: np.ndarray
    half_width: np.ndarray
    half_depth: np.ndarray

    def tube(self, start: int = 0) -> pv.PolyData:
        """The closed band from centreline point ``start`` on."""
        return spindle(self.centre[start:], 2 * self.half_width[start:], 2 * self.half_depth[start:],
                       self.depth_axis[start:], n_around=BAND_AROUND)


def band_of(mesh: pv.PolyData) -> Band:
    """The typical nerve's band read back from its mesh: rings of ``BAND_AROUND`` points (the
    first at the width axis, a quarter round at the depth axis) and the two cap centres."""
    points = np.asarray(mesh.points, float)
    if (len(points) - 2) % BAND_AROUND:
        raise ValueError(f"the sciatic nerve is not a band of {BAND_AROUND}-point rings ({len(points)} points)")
    rings = points[:-2].reshape(-1, BAND_AROUND, 3)
    centre = rings.mean(axis=1)
    width = rings[:, 0] - centre
    depth = rings[:, BAND_AROUND // 4] - centre
    half_depth = np.linalg.norm(depth, axis=1)
    return Band(centre, depth / half_depth[:, None], np.linalg.norm(width, axis=1), half_depth)


def build_variants(meshes: dict[str, pv.PolyData], landmarks: dict, log=print) -> dict[str, dict[str, pv.PolyData]]:
    """For every type but the default: {key: {mesh id: mesh}} of the meshes it changes."""
    space, piriformis = _scene_space(meshes)
    out: dict[str, dict[str, pv.PolyData]] = {}
    for key, variant in VARIANTS.items():
        if key == DEFAULT_VARIANT:
            continue
        out[key] = {}
        for side in SIDES:
            out[key].update(variant_side(space, piriformis[side], meshes, landmarks[side], side, variant))
        log(f"sciatic variant {key}: {variant.short}")
    return out


def _scene_space(meshes):
    """Free space of the finished deep scene without the two sciatic nerves and piriformis
    (they shape the body's envelope but may be crossed), and piriformis' voxels per side. Its
    envelope takes in the pelvic cavity, where the divisions start from the plexus on the
    muscle's pelvic face, as the typical nerve's does (``deep_bundles``)."""
    from explorer.geometry.voxels import solid_mask

    left_out = {f"{name}_{side}" for name in ("sciatic_nerve", "piriformis") for side in SIDES}
    deep = {k: m for k, m in meshes.items() if k not in ENVELOPES}
    hard = [m for k, m in deep.items() if k not in left_out and not _is_muscle(k)]
    solids = [m for k, m in deep.items() if k not in left_out]
    bounds = np.array(pv.merge(list(deep.values())).bounds)
    space = free_space.free_space(solids, bounds, keep_off=hard, keep_off_mm=1.0,
                                  passable=[meshes[k] for k in sorted(left_out)] + [free_space.pelvic_hull(meshes)])
    return space, {side: solid_mask(meshes[f"piriformis_{side}"], space.grid) for side in SIDES}


def _is_muscle(mesh_id: str) -> bool:
    return mesh_id.rsplit("_", 1)[0] in TRIANGLES


def variant_side(space, piriformis_mask, meshes, lm, side, variant: SciaticVariant) -> dict[str, pv.PolyData]:
    """One side's nerve in this variant, and the muscles it pierces or grooves."""
    typical = band_of(meshes[f"sciatic_nerve_{side}"])
    join = _join_index(typical, lm)
    if variant.divided:
        # The tibial division keeps the typical course (below piriformis), thinner, and widens
        # into the trunk over the ``MERGE_POINTS`` above the join (the peroneal joins there):
        # one band along the whole typical centreline.
        grow = np.clip(np.arange(len(typical.centre)) - (join - MERGE_POINTS), 0, MERGE_POINTS) / MERGE_POINTS
        parts = [_grown(typical, (TIBIAL_MM[0] / 2, TIBIAL_MM[1] / 2), grow).tube()]
        routed = _routed_division(space, parts[0], piriformis_mask, meshes, typical, join, lm, side, variant.peroneal,
                                  PERONEAL_MM)
    else:
        routed = _routed_division(space, typical.tube(join), piriformis_mask, meshes, typical, join, lm, side,
                                  variant.tibial, (nerves.WIDTH_MM, nerves.DEPTH_MM))
        # The common trunk below the join, widening from the routed nerve's end section (thinned
        # where it passes near other nerves) to the typical one over ``MERGE_POINTS``.
        grow = np.clip(np.arange(len(typical.centre)) - join, 0, MERGE_POINTS) / MERGE_POINTS
        parts = [_grown(typical, (routed.half_width[-1], routed.half_depth[-1]), grow).tube(join)]
    out = {f"sciatic_nerve_{side}": surfaces.union(parts + [routed.tube()])}
    grooves = [_inflated(routed)]
    for key, mesh in meshes.items():
        if key.endswith(f"_{side}") and _is_muscle(key) and any(surfaces.boxes_overlap(mesh, g) for g in grooves):
            cut = surfaces.grooved(mesh, grooves, anchors=bone_meshes(meshes))
            if cut.n_cells != mesh.n_cells:
                out[key] = cut
    return out


def _grown(band: Band, start: tuple[float, float], grow: np.ndarray) -> Band:
    """``band`` with its half width and depth going from ``start`` (where ``grow`` is 0) to its
    own (where it is 1), never beyond its own (it is thinner where it passes bone)."""
    sizes = [np.minimum(full, first + grow * (full - first)) for first, full in zip(start, (band.half_width, band.half_depth))]
    return Band(band.centre, band.depth_axis, *sizes)


def _join_index(band: Band, lm: dict) -> int:
    """Where the divisions join: the typical nerve's point at the height where it crosses the
    line from ischial tuberosity to greater trochanter."""
    it, gt = np.asarray(lm["ischial_tuberosity"]), np.asarray(lm["greater_trochanter"])
    height = (it + nerves.TUBEROSITY_TO_TROCHANTER * (gt - it))[2]
    return int(np.argmin(np.abs(band.centre[:, 2] - height)))


def _routed_division(scene, nerve_so_far, piriformis_mask, meshes, typical: Band, join: int, lm, side, relation: str,
                     size) -> Band:
    """A division from the plexus (the typical nerve's start) through or above piriformis to
    the trunk at the join, routed through the ``scene``'s free space: clear of the nerve drawn
    so far until it has passed piriformis, then along it and into it at the join (it may enter
    the nerve, at a cost, so it does so late); thinned near bone and other nerves, not near its
    own nerve."""
    from explorer.geometry.voxels import solid_mask

    def closed_piriformis(space):  # piriformis closed to it (it yields only where the tube brushes it)
        return space.with_blocked(piriformis_mask)

    apart = scene.with_solid(nerve_so_far, nerves.BONE_GAP_MM + 0.1)
    if relation != "through":
        apart = closed_piriformis(apart)
    joining = closed_piriformis(scene)  # past piriformis: it does not enter the muscle again
    waypoints = [apart.snap(typical.centre[0], 12.0)]
    waypoints += _relation_waypoints(closed_piriformis(apart), meshes[f"piriformis_{side}"], lm, side, relation, size[0])
    pierce = np.where(piriformis_mask, PIERCE_COST, 0.0)
    legs = [free_space.route(apart, [a, b], [pierce]) for a, b in zip(waypoints[:-1], waypoints[1:])]
    if relation == "through":
        # Into the belly's core, within it to its voxel nearest the exit, then out through the back.
        core, core_points = _belly_core(apart, piriformis_mask, size[0] / 2)
        start, back = (core_points[np.argmin(np.linalg.norm(core_points - p, axis=1))] for p in waypoints[1:3])
        legs[1] = np.vstack([free_space.route(apart, [waypoints[1], start], [pierce]), free_space.route(core, [start, back])[1:],
                             free_space.route(apart, [back, waypoints[2]], [pierce])[1:]])
    own = np.where(solid_mask(nerve_so_far, scene.grid), PIERCE_COST, 0.0)
    legs.append(free_space.route(joining, [waypoints[-1], typical.centre[join]], [pierce + own]))
    legs[0][0] = typical.centre[0]
    # Each leg smoothed on its own, its ends kept: a smoothed corner would pull the division out
    # of the muscle it pierces. Smoothing keeps it out of its own nerve until it enters it.
    line = np.vstack([free_space.smooth_path(leg, apart)[(i > 0):] for i, leg in enumerate(legs)])
    line = free_space.smooth_path(line, apart, passes=FINAL_SMOOTHING)
    line = resample_polyline(line, max(int(np.sum(np.linalg.norm(np.diff(line, axis=0), axis=1)) / 2.5), 4))
    tangent = np.gradient(line, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    front = np.array([0.0, 1.0, 0.0])
    depth_axis = front - (tangent @ front)[:, None] * tangent  # flat front to back, as the typical band
    depth_axis /= np.linalg.norm(depth_axis, axis=1, keepdims=True)
    # Bone and other nerves do not yield: it thins to pass them. Muscles yield, but by no more
    # than ``MUSCLE_YIELD_MM``: where they leave less room it flattens (a narrow gap is not
    # trenched into the muscle).
    soft = scene if relation == "through" else closed_piriformis(scene)
    room = np.minimum(scene.clearance_at(line, "hard_clearance") - nerves.BONE_GAP_MM, soft.clearance_at(line) + MUSCLE_YIELD_MM)
    room = np.clip(room, nerves.MIN_DEPTH_MM / 2, None)
    return Band(line, depth_axis, np.minimum(size[0] / 2, room), np.minimum(size[1] / 2, room))


def _belly_core(space, piriformis_mask, half_width: float):
    """Where a piercing division can run with muscle all round it: the voxels of piriformis at
    least its half width and ``PIERCE_ROOF_MM`` from the muscle's surface (the thickest part of
    the belly where none are), as a free space of its own and its voxel centres. Routed through
    the scene instead, a division left the muscle by its nearest face and ran along its border,
    grooving it open rather than tunnelling through it (her left piriformis in types B and D)."""
    inside = space.with_blocked(~piriformis_mask)
    need = min(half_width + PIERCE_ROOF_MM, float(inside.clearance.max()))
    core = inside.with_blocked(inside.clearance < need)
    return core, core.grid.point(np.argwhere(core.clearance > 0))


def _relation_waypoints(space, piriformis: pv.PolyData, lm, side, relation: str, width: float) -> list[np.ndarray]:
    """Where a division passes piriformis over the greater sciatic foramen (in the slab of the
    muscle where the typical nerve leaves): inside its lower part, or over its upper border
    and then down behind it."""
    x = lm["greater_sciatic_notch"][0] - side_sign(side) * nerves.EXIT_MEDIAL_TO_NOTCH_MM
    p = np.asarray(piriformis.points)
    slab = p[np.abs(p[:, 0] - x) < 6.0]
    low, high = slab[:, 2].min(), slab[:, 2].max()
    if relation == "through":
        # Into the muscle's lower part, and out through its back (it splits the belly).
        z = low + PIERCE_HEIGHT * (high - low) + 1.5 * (width - PERONEAL_MM[0])  # a wider nerve higher
        level = slab[np.abs(slab[:, 2] - z) < 3.0]
        return [np.array([x, level[:, 1].mean(), z]),
                space.snap(np.array([x, level[:, 1].min() - 4.0, z - EXIT_DROP_MM]), 10.0, towards=np.array([0.0, 1.0, 0.0]))]
    if relation == "above":
        top = slab[np.argmax(slab[:, 2])]
        behind = slab[np.argmin(slab[:, 1])]
        return [space.snap(np.array([x, top[1], high + 6.0]), 10.0),
                space.snap(np.array([x + side_sign(side) * 10.0, behind[1] - 4.0, behind[2]]), 12.0,
                           towards=np.array([0.0, 1.0, 0.0]))]
    raise ValueError(f"no route for a division {relation} piriformis (the typical course is the default's)")


def _inflated(band: Band) -> pv.PolyData:
    """The band ``free_space.ROOM_MARGIN_MM`` wider all round: what a muscle gives up for it."""
    m = free_space.ROOM_MARGIN_MM
    return Band(band.centre, band.depth_axis, band.half_width + m, band.half_depth + m).tube()
