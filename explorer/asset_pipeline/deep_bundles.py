"""All routed nerves and arteries of the buttock, and the grooves they leave in the muscles.

Order matters: the sciatic nerve is routed first (through the space every bone and muscle
leaves); the inferior gluteal bundle then avoids the sciatic nerve; the superior gluteal bundle
runs in a space where gluteus medius does not count (it lies in the medius-minimus plane).
Each artery follows its nerve with the nerve counted as solid. Bones and bundles already routed
never yield: routes keep ``BONE_CLEARANCE_MM`` off them and tubes thin where they pass closer.
Muscles yield: last, every muscle a bundle runs against is grooved to make room for it
(boolean difference with the bundle's tube, ``ROOM_MARGIN_MM`` wider).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import free_space, gluteal_vessels, nerves, surfaces
from explorer.geometry.landmarks import SIDES, side_sign
from explorer.geometry.tubes import spindle

#: Routes keep at least this far from bone (mm); where they pass nearer than a tube's half
#: section (the sciatic nerve at the foramen), the tube is thinned there to stay out of bone.
BONE_CLEARANCE_MM = 1.0
#: Routes keep this far from a nerve or vessel routed before them (mm): the thinnest tube
#: (``nerves.MIN_DEPTH_MM``) plus its gap then always fits beside it.
BUNDLE_CLEARANCE_MM = nerves.MIN_DEPTH_MM / 2 + nerves.BONE_GAP_MM + 0.1
BONES = ("sacrum", "coccyx", "hip_bone_left", "hip_bone_right", "femur_left", "femur_right", "lumbar_vertebra_l4", "lumbar_vertebra_l5")


def route_bundles(meshes: dict[str, pv.PolyData], landmarks: dict, log=print) -> tuple[dict[str, pv.PolyData], dict]:
    """New meshes (nerves, arteries) and the grooved muscles, keyed by id; plus a report."""
    bones = [meshes[k] for k in BONES if k in meshes]
    soft = [m for k, m in meshes.items() if k not in BONES]
    bounds = np.array(pv.merge(list(meshes.values())).bounds)
    space = free_space.free_space(bones + soft, bounds, keep_off=bones, keep_off_mm=BONE_CLEARANCE_MM)
    medius = [m for k, m in meshes.items() if k.startswith("gluteus_medius")]
    superior_space = free_space.free_space(
        bones + [m for m in soft if not any(m is x for x in medius)], bounds, bones, BONE_CLEARANCE_MM, passable=medius
    )
    log("free space between bones and muscles measured")

    out: dict[str, pv.PolyData] = {}
    sections: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for side in SIDES:
        lm = landmarks[side]
        line, thin = nerves.sciatic_course(space, lm, meshes, side)
        nerve, half_width, half_depth = nerves.sciatic_nerve(line, thin, space.clearance_at(line, "hard_clearance"))
        out[f"sciatic_nerve_{side}"] = nerve
        sections.append((line, half_width, half_depth, thin))
        space = space.with_solid(nerve, BUNDLE_CLEARANCE_MM)
        superior_space = superior_space.with_solid(nerve, BUNDLE_CLEARANCE_MM)

        inferior = gluteal_vessels.inferior_waypoints(space, line, meshes, side)
        hug = gluteal_vessels.hug_cost(space, meshes[f"gluteus_maximus_{side}"])
        out.update(_bundle(space, "inferior", inferior, hug, side, sections, artery_shift=np.array([-side_sign(side) * 5.0, 0.0, 3.0])))
        superior = gluteal_vessels.superior_waypoints(superior_space, lm, meshes, side)
        hug = gluteal_vessels.hug_cost(superior_space, meshes[f"gluteus_minimus_{side}"])
        out.update(_bundle(superior_space, "superior", superior, hug, side, sections, artery_shift=np.array([0.0, 0.0, -5.0])))
        for key in (f"inferior_gluteal_nerve_{side}", f"inferior_gluteal_artery_{side}"):
            superior_space = superior_space.with_solid(out[key], BUNDLE_CLEARANCE_MM)
        for key in (f"superior_gluteal_nerve_{side}", f"superior_gluteal_artery_{side}"):
            space = space.with_solid(out[key], BUNDLE_CLEARANCE_MM)
        log(f"{side}: sciatic nerve and gluteal bundles routed")

    # Every muscle a bundle runs against is grooved to make room for it (plus a small margin).
    m = free_space.ROOM_MARGIN_MM
    grooves = [spindle(line, 2 * (hw + m), 2 * (hd + m), thin, n_around=16) for line, hw, hd, thin in sections]
    removed = {}
    for key, mesh in meshes.items():
        if key in BONES or not any(surfaces.boxes_overlap(mesh, g) for g in grooves):
            continue
        grooved = surfaces.subtract(mesh, grooves)
        if grooved.n_cells != mesh.n_cells:
            out[key], removed[key] = grooved, round((abs(mesh.volume) - abs(grooved.volume)) / 1000.0, 2)
    log(f"{len(removed)} muscles grooved where the bundles run against them")
    return out, {"muscle_cm3_grooved": removed}


def _bundle(space, level, waypoints, hug, side, sections, artery_shift) -> dict[str, pv.PolyData]:
    """Route a nerve, then its artery beside it (the nerve counted solid), as tubes."""
    nerve_line = gluteal_vessels.bundle(space, waypoints, hug)
    nerve, nerve_radius = gluteal_vessels.vessel_tube(
        nerve_line, gluteal_vessels.NERVE_DIAMETER_MM, space.clearance_at(nerve_line, "hard_clearance")
    )
    beside = space.with_solid(nerve, BUNDLE_CLEARANCE_MM)
    artery_line = gluteal_vessels.bundle(beside, gluteal_vessels.offset_waypoints(waypoints, artery_shift, beside), hug)
    artery, artery_radius = gluteal_vessels.vessel_tube(
        artery_line, gluteal_vessels.ARTERY_DIAMETER_MM, space.clearance_at(artery_line, "hard_clearance")
    )
    for line, radius in ((nerve_line, nerve_radius), (artery_line, artery_radius)):
        sections.append((line, radius, radius, free_space.flatten_axis(space, line)))
    return {f"{level}_gluteal_nerve_{side}": nerve, f"{level}_gluteal_artery_{side}": artery}
