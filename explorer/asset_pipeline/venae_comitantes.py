"""The veins that accompany the gluteal and internal pudendal arteries (venae comitantes).

Anatomy (Gray's Anatomy; Moore, Clinically Oriented Anatomy): in the buttock every artery
travels with its veins, usually a pair, which drain to the internal iliac vein. The superior
gluteal veins pass with their artery through the greater sciatic foramen above piriformis, the
inferior gluteal veins below it; the internal pudendal veins follow their artery round the
ischial spine and sacrospinous ligament and along the pudendal canal.

Model (teaching level): one vein per artery, a smooth round tube laid beside the artery's
centreline, its wall ``GAP_MM`` off the artery's, on the side *away from the nerve* the artery
runs with (so nerve, artery and vein read in order, as dissections show them). Where that side
is taken (bone, a ligament, another nerve or vessel), the vein turns round the artery to the
nearest free side; the turn is smoothed along the course so the vein does not twist back and
forth. Bone, ligaments and every routed nerve and vessel never yield (the tube thins where it
passes nearer than its radius, as the arteries do); muscles yield, grooved by ``deep_bundles``.

Calibre: no published calibre of the gluteal vein trunks was verified. Flap series measure the
superior gluteal pedicle (its superficial branch) with veins as wide as or wider than the
artery beside them (about 2.5-4.5 mm against 2-4.5 mm, superior gluteal artery perforator
flap reviews), so each vein here is the artery's diameter times ``VEIN_TO_ARTERY``: a choice of
this project, stated as such.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import gluteal_vessels, surfaces
from explorer.asset_pipeline.foramen_bundles import INTERNAL_PUDENDAL_ARTERY_DIAMETER_MM
from explorer.geometry.landmarks import SIDES
from explorer.geometry.tubes import resample_polyline

#: Vein diameter over its artery's (a vein a little wider than the artery it accompanies).
VEIN_TO_ARTERY = 1.2
#: Space between the vein's wall and its artery's (mm).
GAP_MM = 1.0
#: Each vein, the artery it follows and the nerve that artery runs with (base ids), and the
#: artery's diameter (mm).
VEINS = {
    "superior_gluteal_vein": ("superior_gluteal_artery", "superior_gluteal_nerve", gluteal_vessels.ARTERY_DIAMETER_MM),
    "inferior_gluteal_vein": ("inferior_gluteal_artery", "inferior_gluteal_nerve", gluteal_vessels.ARTERY_DIAMETER_MM),
    "internal_pudendal_vein": ("internal_pudendal_artery", "pudendal_nerve", INTERNAL_PUDENDAL_ARTERY_DIAMETER_MM),
}
#: The muscles each vein passes beside but never through (base ids): the inferior gluteal vein
#: leaves under piriformis' lower border, beside its artery that runs against that border; laid
#: with the muscle yielding, the vein on the artery's far side from the nerve rode up into it.
#: It then descends behind the superior gemellus, which is thin where it joins the obturator
#: internus tendon: a vein grooving it there cut it off the femur. The internal pudendal vein
#: leaves under piriformis too, over the spine: laid with the muscle yielding, her left one rode up
#: behind the muscle's lower border and cut away the belly a nerve piercing it (type D) runs in.
KEPT_OUT_OF = {"inferior_gluteal_vein": ("piriformis", "superior_gemellus"), "internal_pudendal_vein": ("piriformis",)}
#: Directions round the artery tried at each point (degrees from "away from the nerve").
_TURNS = np.radians(np.arange(-180.0, 180.0, 15.0))
#: The least a vein is thinned to where it passes between other structures (mm): less than a
#: nerve's least (``nerves.MIN_DEPTH_MM``), for a vein's thin wall lets it flatten.
MIN_RADIUS_MM = 0.75
#: Smoothing window (centreline points, 2.5 mm apart) for the vein's turn round the artery.
_TURN_WINDOW = 9


def hard_distance(points: np.ndarray, solids: list[pv.PolyData]) -> np.ndarray:
    """Distance (mm) from each point to the nearest surface of the closed ``solids``; negative
    inside one. Exact (not read off a voxel grid), so a vein can lie 1 mm from its artery. The
    sign comes from an inside test: VTK's signed distance, which takes it from the nearest
    face's normal, errs beside the edges of thin sheets such as the ligaments."""
    cloud = pv.PolyData(np.asarray(points, float))
    best = np.full(len(cloud.points), np.inf)
    for solid in solids:
        if not surfaces.boxes_overlap(cloud, solid, 20.0):
            continue
        distance = np.abs(np.asarray(cloud.compute_implicit_distance(solid)["implicit_distance"]))
        near = np.flatnonzero(distance < best)
        if len(near):
            inside = pv.PolyData(cloud.points[near]).select_interior_points(solid, method="cell_locator", check_surface=False)
            best[near] = np.where(np.asarray(inside["selected_points"]), -distance[near], distance[near])
    return best


def vein_course(artery_line: np.ndarray, artery: pv.PolyData, nerve: pv.PolyData, vein_radius: float,
                hard: list[pv.PolyData]) -> np.ndarray:
    """The vein's centreline beside ``artery_line`` (its artery's centreline; ``artery``: that
    artery's tube), away from ``nerve``, clear of the ``hard`` solids where it can be.

    Where no side of the artery has room for the whole vein, the vein is laid on the side with
    most room and drawn in toward the artery as it thins (a vein pressed between structures is
    flattened: that is how thin-walled veins lie)."""
    length = np.sum(np.linalg.norm(np.diff(artery_line, axis=0), axis=1))
    line = resample_polyline(artery_line, max(int(length / 2.5), 4))
    # The artery's own radius at each point (it tapers and thins near bone): centre to its surface.
    _, on_artery = artery.find_closest_cell(line, return_closest_point=True)
    artery_radius = np.linalg.norm(on_artery - line, axis=1)
    artery_radius[[0, -1]] = artery_radius[[1, -2]]  # an end point's nearest surface is the cap round it
    tangent = np.gradient(line, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    _, on_nerve = nerve.find_closest_cell(line, return_closest_point=True)
    away = _square_to(line - on_nerve, tangent)
    across = np.cross(tangent, away)
    others = [m for m in hard if m is not artery]

    def centres(turn, radius):
        direction = np.cos(turn)[..., None] * away[:, None, :] + np.sin(turn)[..., None] * across[:, None, :]
        return line[:, None, :] + direction * (artery_radius + GAP_MM + radius)[:, None, None]

    # Candidate centres all round the artery; the free one nearest "away" wins at each point.
    turns = np.broadcast_to(_TURNS, (len(line), len(_TURNS)))
    # A side with room for the whole vein first; else one with room for it thinned; else the roomiest.
    rooms = [hard_distance(centres(turns, np.full(len(line), r)).reshape(-1, 3), others).reshape(turns.shape) - r
             for r in (vein_radius, MIN_RADIUS_MM)]
    score = np.where(rooms[0] >= GAP_MM, 2.0 + np.cos(_TURNS)[None, :],
                     np.where(rooms[1] >= GAP_MM, np.cos(_TURNS)[None, :], -3.0 + np.tanh(rooms[1])))
    turn = np.unwrap(_TURNS[np.argmax(score, axis=1)])
    pad = _TURN_WINDOW // 2
    turn = np.convolve(np.pad(turn, pad, mode="edge"), np.ones(_TURN_WINDOW) / _TURN_WINDOW, mode="valid")
    # Where smoothing carried the vein into a side with no room even for it thinned, the roomiest
    # side there instead (smoothed over the neighbours only: it turns short but not back).
    blocked = hard_distance(centres(turn[:, None], np.full(len(line), MIN_RADIUS_MM))[:, 0], others) - MIN_RADIUS_MM < GAP_MM
    if blocked.any():
        roomiest = np.unwrap(_TURNS[np.argmax(rooms[1], axis=1)])
        roomiest += 2 * np.pi * np.round((turn - roomiest) / (2 * np.pi))
        turn = np.where(blocked, roomiest, turn)
        turn = np.where(blocked, np.convolve(np.pad(turn, 1, mode="edge"), np.ones(3) / 3, mode="valid"), turn)
    turn = turn[:, None]
    # Thin the vein where it has no room, and draw its centre in as it thins (a few rounds); keep
    # it off its own artery where the artery bends or tapers.
    radius = np.full(len(line), vein_radius)
    for _ in range(4):
        course = centres(turn, radius)[:, 0]
        radius = np.clip(np.minimum(radius, hard_distance(course, others) - GAP_MM), MIN_RADIUS_MM, vein_radius)
        artery_radius += np.clip(radius + GAP_MM - hard_distance(course, [artery]), 0.0, None)
    course = centres(turn, radius)[:, 0]
    return course


def vein_tube(course: np.ndarray, diameter: float, hard: list[pv.PolyData]) -> tuple[pv.PolyData, np.ndarray]:
    """The vein's closed tube along ``course`` and its radius per point, thinned where a hard
    structure is nearer than its radius (``gluteal_vessels.vessel_tube``, on exact distances)."""
    return gluteal_vessels.vessel_tube(course, diameter, hard_distance(course, hard), least_mm=2 * MIN_RADIUS_MM)


def _square_to(vectors: np.ndarray, tangent: np.ndarray) -> np.ndarray:
    """``vectors`` made square to ``tangent`` and unit, smoothed along the course (the nerve's
    nearest point jumps where the nerve bends away)."""
    v = vectors - (vectors * tangent).sum(axis=1, keepdims=True) * tangent
    v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    for _ in range(10):
        v[1:-1] = (v[:-2] + 2 * v[1:-1] + v[2:]) / 4
        v -= (v * tangent).sum(axis=1, keepdims=True) * tangent
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    return v


def veins(routed: dict[str, pv.PolyData], artery_lines: dict[str, np.ndarray], hard: list[pv.PolyData],
          muscles: dict[str, pv.PolyData]) -> dict[str, tuple]:
    """Every vein of both sides by id: (tube, centreline, radius per point). ``routed``: the
    nerves and arteries by id; ``artery_lines``: each artery's centreline by id; ``hard``: the
    bones and ligaments; ``muscles``: by id, for ``KEPT_OUT_OF``. Each vein is laid clear of
    everything before it, veins included, and of the muscle it keeps out of."""
    solids = list(hard) + list(routed.values())
    out = {}
    for side in SIDES:
        for base, (artery_id, nerve_id, artery_diameter) in VEINS.items():
            diameter = VEIN_TO_ARTERY * artery_diameter
            kept_out = [muscles[f"{name}_{side}"] for name in KEPT_OUT_OF.get(base, ())]
            course = vein_course(artery_lines[f"{artery_id}_{side}"], routed[f"{artery_id}_{side}"],
                                 routed[f"{nerve_id}_{side}"], diameter / 2, solids + kept_out)
            tube, radius = vein_tube(course, diameter, solids + kept_out)
            out[f"{base}_{side}"] = (tube, course, radius)
            solids.append(tube)
    return out
