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
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces
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
#: A belly this near its bone (mm) is taken to reach it: no tendon drawn.
REACHES_MM = 2.0
#: The cord starts this deep inside the belly and ends this deep in the bone (removed again),
#: so it joins both without a seam.
OVERLAP_MM = 3.0


def with_tendon(muscle: pv.PolyData, bone: pv.PolyData, diameter: float) -> tuple[pv.PolyData, pv.PolyData | None, float]:
    """(muscle with its tendon to ``bone`` merged in, the tendon cord or None, the gap it bridges in mm)."""
    points = np.asarray(muscle.points)
    distance = np.abs(pv.PolyData(points).compute_implicit_distance(bone)["implicit_distance"])
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
    bones = ("femur", "hip_bone", "sacrum", "coccyx")
    for key, mesh in list(meshes.items()):
        others = [cord for owner, cord in cords if owner != key and surfaces.boxes_overlap(mesh, cord)]
        if others and not key.startswith((*bones, "hip_joint")):
            meshes[key] = surfaces.grooved(mesh, others, anchors=[m for k, m in meshes.items() if k.startswith(bones)])
    return gaps
