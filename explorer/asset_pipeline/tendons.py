"""Tendons that carry a scanned muscle belly onto its bone.

The Andreassen surfaces are muscle bellies: the tendons were not segmented, so piriformis stops
~2 cm short of the greater trochanter, the gemelli, obturator internus and the smaller
gluteals several millimetres short, and the hamstrings ~3.5 cm below the ischial tuberosity.
A muscle that does not reach its bone gets a tendon: a tapered round cord from the belly's point
nearest the bone to the bone surface there (for these muscles that point is where each attaches:
the trochanter, the tuberosity, the front of the iliac crest), merged into the muscle's surface. The bone wins where the cord meets it, and other muscles are grooved where the
cord runs over them (a tendon lies on its neighbours, it does not pass through them).

Diameters are of the order of adult tendons (Gray's; piriformis' rounded tendon ~7 mm, the
conjoint tendon of the gemelli and obturator internus ~6 mm).

Adductor magnus is different: it inserts along the whole linea aspera by an aponeurosis (and by
a tendon on the adductor tubercle, below the scene's cut). Where its belly stops short of the
femur it gets that aponeurosis: a flat plate ``APONEUROSIS_MM`` thick between the belly and the
back of the shaft, from the line of the shaft nearest the belly (the linea aspera's place),
from the scene's lower cut up to where the belly leaves the shaft.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import slabs, surfaces
from explorer.geometry.tubes import spindle

#: Muscles inserting on the proximal femur, with their tendon's diameter where it leaves the belly (mm).
TENDON_DIAMETER_MM = {
    "gluteus_maximus": 10.0,  # its deep lower fibres, to the gluteal tuberosity
    "gluteus_medius": 9.0,
    "gluteus_minimus": 7.0,
    "piriformis": 7.0,
    "superior_gemellus": 4.0,
    "inferior_gemellus": 4.0,
    "obturator_internus": 6.0,
    "obturator_externus": 6.0,
    "quadratus_femoris": 6.0,
}
#: Muscles arising from the hip bone by a tendon the segmentation left out: the hamstrings'
#: common tendon from the ischial tuberosity, tensor fasciae latae's from the ASIS region.
ORIGIN_TENDON_DIAMETER_MM = {
    "biceps_femoris_long_head": 9.0,
    "semitendinosus": 8.0,
    "semimembranosus": 10.0,
    "tensor_fasciae_latae": 8.0,
}
#: Muscles inserting along the femoral shaft by an aponeurosis, with its thickness (mm): a thin
#: sheet, of the order of the deep fascia (the iliotibial tract: 1.95 +/- 0.3 mm on ultrasound).
APONEUROSIS_MM = {"adductor_magnus": 2.0}
#: The aponeurosis is drawn at levels this far apart up the shaft (mm), from just above the
#: femur's lower cut to where the belly leaves the shaft (farther than ``SHAFT_REACH_MM`` from it).
LEVEL_MM = 5.0
SHAFT_REACH_MM = 20.0
#: A belly this near its bone (mm) is taken to reach it: no tendon drawn.
REACHES_MM = 2.0
#: The cord starts this deep inside the belly and ends this deep in the bone (removed again),
#: so it joins both without a seam.
OVERLAP_MM = 3.0


def with_tendon(muscle: pv.PolyData, bone: pv.PolyData, diameter: float) -> tuple[pv.PolyData, pv.PolyData | None, float]:
    """(muscle with its tendon to ``bone`` merged in, the tendon cord or None, the gap it bridges in mm)."""
    points, distance = _off_bone(muscle, bone)
    nearest = points[int(np.argmin(distance))]
    gap = float(distance.min())
    if gap <= REACHES_MM:
        return muscle, None, gap
    _, on_bone = bone.find_closest_cell(nearest[None], return_closest_point=True)
    on_bone = on_bone[0]
    direction = (on_bone - nearest) / np.linalg.norm(on_bone - nearest)
    start, end = nearest - direction * OVERLAP_MM, on_bone + direction * OVERLAP_MM
    line = start + np.linspace(0.0, 1.0, 12)[:, None] * (end - start)
    d = diameter * np.linspace(1.0, 0.75, len(line))
    cord = spindle(line, d, d, np.cross(direction, [0.0, 0.0, 1.0]) + 1e-6, n_around=14)
    merged = surfaces.subtract(surfaces.union([muscle, surfaces.with_normals(cord)]), [bone])
    return merged, cord, gap


def with_aponeurosis(muscle: pv.PolyData, femur: pv.PolyData, thickness: float) -> tuple[pv.PolyData, pv.PolyData | None, float]:
    """(muscle with its aponeurosis onto the back of the ``femur``'s shaft merged in, the plate
    or None, the gap it bridges in mm). At each level (a section of the belly) the plate spans
    from the shaft's point nearest the belly (``OVERLAP_MM`` inside the bone) across to where
    the belly begins (``OVERLAP_MM`` inside it). The line on the bone and the direction across
    are smoothed up the shaft, so the plate does not twist with every facet of the belly."""
    from scipy import ndimage

    points, distance = _off_bone(muscle, femur)
    gap = float(distance.min())
    if gap <= REACHES_MM:
        return muscle, None, gap
    sections, on_bone = [], []
    for z in np.arange(femur.bounds[4] + LEVEL_MM / 2, muscle.bounds[5], LEVEL_MM):
        section = np.asarray(muscle.slice(normal="z", origin=(0.0, 0.0, z)).points)
        if not len(section):
            break
        _, off = _off_bone(pv.PolyData(section), femur)
        if off.min() > SHAFT_REACH_MM:
            break
        sections.append(section)
        on_bone.append(section[np.argmin(off)])
    _, on_bone = femur.find_closest_cell(np.asarray(on_bone), return_closest_point=True)
    on_bone = ndimage.gaussian_filter1d(on_bone, 1.5, axis=0, mode="nearest")
    _, on_bone = femur.find_closest_cell(on_bone, return_closest_point=True)
    across = [section[np.argmin(np.linalg.norm(section - start, axis=1))] - start for section, start in zip(sections, on_bone)]
    across = ndimage.gaussian_filter1d(np.asarray(across), 1.5, axis=0, mode="nearest")
    across /= np.linalg.norm(across, axis=1, keepdims=True)
    # The belly's edge: where a line from the bone across the smoothed direction meets it.
    in_belly = np.array([_first_hit(muscle, start, a * 3 * SHAFT_REACH_MM) for start, a in zip(on_bone, across)])
    edges = np.stack([on_bone - across * OVERLAP_MM, in_belly + across * OVERLAP_MM], axis=1)  # (levels, 2, 3)
    along = np.gradient(edges.mean(axis=1), axis=0)
    normal = np.cross(across, along)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    n = len(sections)
    grid = np.arange(2 * n).reshape(n, 2)
    faces = np.concatenate([np.stack([grid[:-1, 0], grid[:-1, 1], grid[1:, 1]], axis=1),
                            np.stack([grid[:-1, 0], grid[1:, 1], grid[1:, 0]], axis=1)])
    middle = edges.reshape(-1, 3)
    offset = np.repeat(normal, 2, axis=0) * thickness / 2
    plate = slabs.closed_slab(faces, middle - offset, middle + offset)
    merged = surfaces.subtract(surfaces.union([muscle, plate]), [femur])
    return merged, plate, gap


def _first_hit(mesh: pv.PolyData, start: np.ndarray, ray: np.ndarray) -> np.ndarray:
    """The point where the segment from ``start`` along ``ray`` first meets ``mesh``."""
    hits, _ = mesh.ray_trace(start, start + ray)
    return hits[np.argmin(np.linalg.norm(hits - start, axis=1))]


def _off_bone(muscle: pv.PolyData, bone: pv.PolyData) -> tuple[np.ndarray, np.ndarray]:
    """The muscle's vertices and each one's distance from the bone's surface (mm)."""
    points = np.asarray(muscle.points)
    return points, np.abs(pv.PolyData(points).compute_implicit_distance(bone)["implicit_distance"])


def add_tendons(meshes: dict[str, pv.PolyData], sides: tuple[str, ...]) -> dict[str, float]:
    """Give every attachment that falls short a tendon, in place; returns the gaps (mm)."""
    gaps, cords = {}, []
    for side in sides:
        for bone, table in ((f"femur_{side}", TENDON_DIAMETER_MM), (f"hip_bone_{side}", ORIGIN_TENDON_DIAMETER_MM)):
            for name, diameter in table.items():
                key = f"{name}_{side}"
                meshes[key], cord, gap = with_tendon(meshes[key], meshes[bone], diameter)
                gaps[f"{key} -> {bone.rsplit('_', 1)[0]}"] = round(gap, 1)
                if cord is not None:
                    cords.append((key, cord))
        for name, thickness in APONEUROSIS_MM.items():
            key = f"{name}_{side}"
            meshes[key], plate, gap = with_aponeurosis(meshes[key], meshes[f"femur_{side}"], thickness)
            gaps[f"{key} -> femur"] = round(gap, 1)
            if plate is not None:
                cords.append((key, plate))
    bones = ("femur", "hip_bone", "sacrum", "coccyx")
    for key, mesh in list(meshes.items()):
        others = [cord for owner, cord in cords if owner != key and surfaces.boxes_overlap(mesh, cord)]
        if others and not key.startswith((*bones, "hip_joint")):
            meshes[key] = surfaces.grooved(mesh, others, anchors=[m for k, m in meshes.items() if k.startswith(bones)])
    return gaps
