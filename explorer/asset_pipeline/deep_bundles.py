"""All routed nerves and arteries of the buttock, and the grooves they leave in the muscles.

Order matters: both sciatic nerves are routed first (through the space every bone, ligament and
muscle leaves, with the pelvic cavity, where the nerve forms on piriformis' front, inside the
body's envelope); the inferior gluteal bundle then avoids the sciatic nerve; the superior gluteal
bundle and its artery's superficial branch run in a space where gluteus medius does not count
(they lie in the medius-minimus and maximus-medius planes).
Each artery follows its nerve with the nerve counted as solid. Then the smaller structures of the
foramina (``foramen_bundles``): the pudendal nerve and internal pudendal artery, routed in a space
whose envelope takes in the pelvic outlet (the pudendal canal lies in the ischioanal fossa,
outside every muscle), over the sacrospinous ligament's upper border where the bundles before
them leave the most room and round its back, through a channel opened in the muscles there; the
posterior femoral cutaneous nerve, laid on the back of the sciatic nerve and then on the
hamstrings; and the nerve to quadratus femoris, laid on the ischium in front of the sciatic
nerve. Then each artery's companion vein, laid beside it away from its
nerve (``venae_comitantes``), with nothing routed before it moving. Bones and bundles already routed
never yield: routes keep ``BONE_CLEARANCE_MM`` off them and tubes thin where they pass closer.
Muscles yield: last, every muscle a bundle runs against is grooved to make room for it
(boolean difference with the bundle's tube, ``ROOM_MARGIN_MM`` wider; a sliver a groove cuts
off is dropped, ``surfaces.grooved``); then every muscle is reduced to its budget, and grooved
again where the reduction closed a groove.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import (foramen_bundles, free_space, gluteal_vessels, nerves, scan_muscles, surfaces,
                                     venae_comitantes)
from explorer.geometry import voxels
from explorer.geometry.landmarks import SIDES, side_sign
from explorer.geometry.tubes import resample_polyline, spindle

#: Routes keep at least this far from bone (mm); where they pass nearer than a tube's half
#: section (the sciatic nerve at the foramen), the tube is thinned there to stay out of bone.
BONE_CLEARANCE_MM = 1.0
#: Routes keep this far from a nerve or vessel routed before them (mm): the thinnest tube
#: (``nerves.MIN_DEPTH_MM``) plus its gap then always fits beside it.
BUNDLE_CLEARANCE_MM = nerves.MIN_DEPTH_MM / 2 + nerves.BONE_GAP_MM + 0.1
BONES = ("sacrum", "coccyx", "hip_bone_left", "hip_bone_right", "femur_left", "femur_right", "lumbar_vertebra_l4", "lumbar_vertebra_l5")
#: A reduced muscle that takes in more of a bundle than this (mm³, counted in voxels as the
#: overlap test counts; its contact tolerance) lost a groove in its reduction and is grooved again.
GROOVE_LOST_MM3 = 30.0
#: A groove's spindle is cut in pieces where its course turns more than this in one step (degrees).
GROOVE_MAX_TURN_DEG = 60.0
#: Ligaments are as firm as bone to a route: nerves pass round them, never through.
LIGAMENTS = tuple(f"{name}_{side}" for name in ("sacrotuberous_ligament", "sacrospinous_ligament") for side in SIDES)


def bone_meshes(meshes: dict[str, pv.PolyData]) -> list[pv.PolyData]:
    """The bones among ``meshes``: what a piece of muscle a cut leaves may be attached to
    (``surfaces.grooved``'s anchors)."""
    return [meshes[k] for k in BONES if k in meshes]


def route_bundles(meshes: dict[str, pv.PolyData], landmarks: dict, log=print,
                  pelvis_in_envelope: bool = False) -> tuple[dict[str, pv.PolyData], dict]:
    """New meshes (nerves, arteries) and the grooved muscles, keyed by id; plus a report.
    ``pelvis_in_envelope``: the bony pelvis's hull joins the body's envelope (``Subject``)."""
    bones = [meshes[k] for k in BONES + LIGAMENTS if k in meshes]
    soft = [m for k, m in meshes.items() if k not in BONES + LIGAMENTS]
    bounds = np.array(pv.merge(list(meshes.values())).bounds)
    cavity = [free_space.pelvic_hull(meshes)]
    hull = cavity if pelvis_in_envelope else []

    space = free_space.free_space(bones + soft, bounds, keep_off=bones, keep_off_mm=BONE_CLEARANCE_MM, passable=hull)
    # The sciatic nerve forms on piriformis' pelvic face and runs down it (``nerves``): its space
    # takes in the pelvic cavity, which the envelope of the scanned solids leaves out in him.
    sciatic_space = space if pelvis_in_envelope else free_space.free_space(
        bones + soft, bounds, keep_off=bones, keep_off_mm=BONE_CLEARANCE_MM, passable=cavity)
    medius = [m for k, m in meshes.items() if k.startswith("gluteus_medius")]
    superior_space = free_space.free_space(
        bones + [m for m in soft if not any(m is x for x in medius)], bounds, bones, BONE_CLEARANCE_MM, passable=medius + hull
    )
    log("free space between bones and muscles measured")

    out: dict[str, pv.PolyData] = {}
    sections: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    sciatic_lines: dict[str, np.ndarray] = {}
    sciatic_bands: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}  # thin axis, half width and depth per point
    artery_lines: dict[str, np.ndarray] = {}  # each artery's centreline, for the veins beside it
    for side in SIDES:
        line, thin = nerves.sciatic_course(sciatic_space, landmarks[side], meshes, side)
        nerve, half_width, half_depth = nerves.sciatic_nerve(line, thin, sciatic_space.clearance_at(line, "hard_clearance"))
        out[f"sciatic_nerve_{side}"] = nerve
        sections.append((line, half_width, half_depth, thin))
        space = space.with_solid(nerve, BUNDLE_CLEARANCE_MM)
        superior_space = superior_space.with_solid(nerve, BUNDLE_CLEARANCE_MM)
        sciatic_lines[side] = line
        sciatic_bands[side] = (thin, half_width, half_depth)
    for side in SIDES:
        lm, line = landmarks[side], sciatic_lines[side]
        inferior, among = gluteal_vessels.inferior_waypoints(space, line, meshes, side)
        hug = gluteal_vessels.hug_cost(space, meshes[f"gluteus_maximus_{side}"])
        bundle, artery_lines[f"inferior_gluteal_artery_{side}"] = _bundle(space, "inferior", inferior, among, hug, side, sections,
                                                                       artery_shift=np.array([-side_sign(side) * 5.0, 0.0, 3.0]))
        out.update(bundle)
        superior, among = gluteal_vessels.superior_waypoints(superior_space, lm, meshes, side)
        hug = gluteal_vessels.hug_cost(superior_space, meshes[f"gluteus_minimus_{side}"])
        bundle, deep_branch = _bundle(superior_space, "superior", superior, among, hug, side, sections, artery_shift=np.array([0.0, 0.0, -5.0]))
        out.update(bundle)
        artery_lines[f"superior_gluteal_artery_{side}"] = deep_branch
        for key in (f"inferior_gluteal_nerve_{side}", f"inferior_gluteal_artery_{side}"):
            superior_space = superior_space.with_solid(out[key], BUNDLE_CLEARANCE_MM)
        for key in (f"superior_gluteal_nerve_{side}", f"superior_gluteal_artery_{side}"):
            space = space.with_solid(out[key], BUNDLE_CLEARANCE_MM)
            superior_space = superior_space.with_solid(out[key], BUNDLE_CLEARANCE_MM)
        # The artery's superficial branch, onto the deep face of gluteus maximus, joined to its trunk.
        # It runs between maximus and medius, so medius is passable to it as to its trunk (in her the
        # two muscles touch with no gap between them above the notch).
        waypoints = gluteal_vessels.superficial_branch_waypoints(superior_space, deep_branch, superior[1], meshes, side)
        hug = gluteal_vessels.hug_cost(superior_space, meshes[f"gluteus_maximus_{side}"])
        branch_line = np.vstack([deep_branch[[np.argmin(np.linalg.norm(deep_branch - superior[1], axis=1))]],
                                 gluteal_vessels.bundle(superior_space, waypoints, hug)])
        branch = _laid_tube(superior_space, branch_line, gluteal_vessels.SUPERFICIAL_BRANCH_DIAMETER_MM, sections)
        out[f"superior_gluteal_artery_{side}"] = surfaces.with_normals(surfaces.union([out[f"superior_gluteal_artery_{side}"], branch]))
        space = space.with_solid(branch, BUNDLE_CLEARANCE_MM)
        superior_space = superior_space.with_solid(branch, BUNDLE_CLEARANCE_MM)
        log(f"{side}: sciatic nerve and gluteal bundles routed")

    out.update(_foramen_bundles(meshes, landmarks, bones, soft, out, sciatic_lines, sciatic_bands, bounds, sections, artery_lines))
    log("pudendal nerve and artery, posterior femoral cutaneous nerve and nerve to quadratus femoris laid")
    for vein_id, (tube, course, radius) in venae_comitantes.veins(out, artery_lines, bones, meshes).items():
        out[vein_id] = tube
        # Its groove spans the gap to its artery: grooved apart, the two would leave a muscle web
        # of no thickness between them, which the muscle's reduction then tears open.
        room = radius + venae_comitantes.GAP_MM
        sections.append((course, room, room, free_space.flatten_axis(space, course)))
    log("veins laid beside the gluteal and internal pudendal arteries")

    # Every muscle a bundle runs against is grooved to make room for it (plus a small margin).
    m = free_space.ROOM_MARGIN_MM
    grooves = [spindle(line[piece], 2 * (hw[piece] + m), 2 * (hd[piece] + m), thin[piece], n_around=16)
               for line, hw, hd, thin in sections for piece in _unfolded_pieces(line)]
    removed = {}
    bones_only = bone_meshes(meshes)
    for key, mesh in meshes.items():
        if key in BONES + LIGAMENTS or not any(surfaces.boxes_overlap(mesh, g) for g in grooves):
            continue
        grooved = surfaces.grooved(mesh, grooves, anchors=bones_only)
        if grooved.n_cells != mesh.n_cells:
            out[key], removed[key] = grooved, round((abs(mesh.volume) - abs(grooved.volume)) / 1000.0, 2)
    log(f"{len(removed)} muscles grooved where the bundles run against them")
    # The ligaments were carved out of the muscles before the routing (``ligaments.make_room``):
    # a reduction can close that carve as it closes a groove (her left gluteus maximus took in
    # 162 mm³ of her sacrotuberous ligament at the PSIS), so it is checked and cut again the same way.
    ligament_meshes = [meshes[key] for key in LIGAMENTS if key in meshes]
    bundles = [mesh for key, mesh in out.items() if key not in meshes]
    reduced, regrooved = reduced_muscles({**meshes, **out}, bundles + ligament_meshes, grooves + ligament_meshes)
    out.update(reduced)
    report = {"muscle_cm3_grooved": removed}
    if regrooved:
        report["grooved_again_after_reduction"] = regrooved
        log(f"grooved again after their reduction: {', '.join(regrooved)}")
    return out, report


def _unfolded_pieces(line: np.ndarray) -> list[np.ndarray]:
    """Index runs of ``line`` split where it turns more than ``GROOVE_MAX_TURN_DEG`` in one step,
    each run sharing its end point with the next. A spindle swept round a sharp turn folds
    through itself, and a boolean cut by a self-intersecting solid goes wrong there: her right
    internal pudendal vein, turning 154 degrees, was left 39 mm³ inside obturator internus."""
    step = np.diff(line, axis=0)
    step /= np.maximum(np.linalg.norm(step, axis=1, keepdims=True), 1e-9)
    turn = np.degrees(np.arccos(np.clip(np.einsum("ij,ij->i", step[1:], step[:-1]), -1.0, 1.0)))
    cuts = [0, *(np.flatnonzero(turn > GROOVE_MAX_TURN_DEG) + 1), len(line) - 1]
    return [np.arange(a, b + 1) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def reduced_muscles(meshes: dict[str, pv.PolyData], bundles: list[pv.PolyData],
                    grooves: list[pv.PolyData]) -> tuple[dict[str, pv.PolyData], list[str]]:
    """Every scanned muscle brought back to its triangle budget (tendons and grooves add
    triangles along every cut); and which were grooved again. A reduction can close a groove
    where a bundle tunnels through a muscle (her superior gluteal bundle through gluteus
    medius): where the reduced muscle takes in more than ``GROOVE_LOST_MM3`` of one of the
    ``bundles`` (any solid the muscles must stay out of), the ``grooves`` (the cutters that
    make room for them) are cut into it again."""
    out, regrooved = {}, []
    for name, budget in scan_muscles.TRIANGLES.items():
        for side in SIDES:
            key = f"{name}_{side}"
            reduced = surfaces.decimate(meshes[key], budget)
            if any(voxels.shared_volume(reduced, bundle) > GROOVE_LOST_MM3 for bundle in bundles):
                reduced = surfaces.grooved(reduced, grooves, anchors=bone_meshes(meshes))
                regrooved.append(key)
            out[key] = reduced
    return out, regrooved


def _bundle(space, level, waypoints, among, hug, side, sections, artery_shift) -> dict[str, pv.PolyData]:
    """Route a nerve, then its artery beside it (the nerve counted solid), as tubes; ``among``:
    where each waypoint may snap, for the artery's as for the nerve's."""
    nerve_line = gluteal_vessels.bundle(space, waypoints, hug)
    nerve, nerve_radius = gluteal_vessels.vessel_tube(
        nerve_line, gluteal_vessels.NERVE_DIAMETER_MM, space.clearance_at(nerve_line, "hard_clearance")
    )
    beside = space.with_solid(nerve, BUNDLE_CLEARANCE_MM)
    artery_line = gluteal_vessels.bundle(beside, gluteal_vessels.offset_waypoints(waypoints, artery_shift, beside, among), hug)
    artery, artery_radius = gluteal_vessels.vessel_tube(
        artery_line, gluteal_vessels.ARTERY_DIAMETER_MM, space.clearance_at(artery_line, "hard_clearance")
    )
    for line, radius in ((nerve_line, nerve_radius), (artery_line, artery_radius)):
        sections.append((line, radius, radius, free_space.flatten_axis(space, line)))
    return {f"{level}_gluteal_nerve_{side}": nerve, f"{level}_gluteal_artery_{side}": artery}, artery_line


def _foramen_bundles(meshes, landmarks, hard, soft, routed, sciatic_lines, sciatic_bands, bounds, sections, artery_lines) -> dict[str, pv.PolyData]:
    """Pudendal nerve, internal pudendal artery, posterior femoral cutaneous nerve and nerve to
    quadratus femoris of both sides (``routed``: the nerves and arteries routed before, by id;
    the artery's centreline goes into ``artery_lines``)."""
    before = list(routed.values())
    outlet = free_space.free_space(hard + soft + before, bounds, hard + before, BONE_CLEARANCE_MM, passable=[free_space.pelvic_hull(meshes)])
    out: dict[str, pv.PolyData] = {}
    for side in SIDES:
        lm, sciatic = landmarks[side], sciatic_lines[side]
        # Round the ligament's back, never over its pelvic face (where coccygeus would lie); over
        # its upper border where bone and the bundles before it leave the most room.
        ligament = meshes[f"sacrospinous_ligament_{side}"]
        front = foramen_bundles.pelvic_face(outlet, ligament, meshes)
        way = foramen_bundles.pudendal_way(ligament, lm, side, lambda p: outlet.clearance_at(p, "hard_clearance"))
        room = np.any([voxels.solid_mask(sphere, outlet.grid) for sphere in foramen_bundles.channel(way, foramen_bundles.PUDENDAL_CHANNEL_MM)], axis=0)
        opened = outlet.with_opened(room, BONE_CLEARANCE_MM)
        waypoints = foramen_bundles.pudendal_waypoints(opened, lm, side, way, front)
        cost = front * foramen_bundles.PELVIC_FACE_COST
        line = free_space.smooth_path(free_space.route(opened, waypoints, [None, cost, cost, cost, None]), opened)
        nerve = _laid_tube(outlet, line, foramen_bundles.PUDENDAL_NERVE_DIAMETER_MM, sections)
        # Beside the nerve, and (where that is the spine or a ligament) lifted off it onto its surface.
        course = surfaces.kept_off(foramen_bundles.beside(line, side), foramen_bundles.INTERNAL_PUDENDAL_ARTERY_DIAMETER_MM / 2 + nerves.BONE_GAP_MM,
                                   [m for m in hard if surfaces.boxes_overlap(m, nerve, 20.0)])
        artery = _laid_tube(outlet, course, foramen_bundles.INTERNAL_PUDENDAL_ARTERY_DIAMETER_MM, sections)
        artery_lines[f"internal_pudendal_artery_{side}"] = course
        outlet = outlet.with_solid(nerve, BUNDLE_CLEARANCE_MM).with_solid(artery, BUNDLE_CLEARANCE_MM)
        radius = foramen_bundles.POSTERIOR_FEMORAL_CUTANEOUS_DIAMETER_MM / 2
        course = foramen_bundles.posterior_femoral_cutaneous_course(sciatic, *sciatic_bands[side], meshes, side, radius)
        course = np.vstack([course, foramen_bundles.subfascial_descent(meshes, side, course[-1], radius)])
        cutaneous = _laid_tube(outlet, course, foramen_bundles.POSTERIOR_FEMORAL_CUTANEOUS_DIAMETER_MM, sections)
        outlet = outlet.with_solid(cutaneous, BUNDLE_CLEARANCE_MM)
        to_qf = _laid_tube(outlet, foramen_bundles.nerve_to_quadratus_femoris_course(
            sciatic, meshes[f"hip_bone_{side}"], meshes, side, foramen_bundles.NERVE_TO_QUADRATUS_FEMORIS_DIAMETER_MM / 2),
            foramen_bundles.NERVE_TO_QUADRATUS_FEMORIS_DIAMETER_MM, sections)
        out.update({
            f"pudendal_nerve_{side}": nerve,
            f"internal_pudendal_artery_{side}": artery,
            f"posterior_femoral_cutaneous_nerve_{side}": cutaneous,
            f"nerve_to_quadratus_femoris_{side}": to_qf,
        })
    return out


def _laid_tube(space, line, diameter, sections) -> pv.PolyData:
    """A round tube along a given course, thinned where bone or an earlier bundle is nearer than
    its radius; its section is kept for the muscle grooves."""
    length = np.sum(np.linalg.norm(np.diff(line, axis=0), axis=1))
    line = resample_polyline(line, max(int(length / 2.5), 4))
    tube, radius = gluteal_vessels.vessel_tube(line, diameter, space.clearance_at(line, "hard_clearance"))
    sections.append((line, radius, radius, free_space.flatten_axis(space, line)))
    return tube
