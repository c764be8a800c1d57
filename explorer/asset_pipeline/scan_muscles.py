"""Muscles of the region from Andreassen et al.'s Visible Human surfaces (either subject).

Each source surface is closed, with even ~2 mm triangles (gluteus maximus ~60k). The build
keeps its shape and reduces it to ``TRIANGLES`` (chosen per muscle so the reduced surface stays
within about half a millimetre of the source: large flat muscles need fewer triangles per cm²
than small curved ones), cuts the ones that run past the scene (the hamstrings and adductor
magnus on the thigh, psoas major above the pelvis) and caps the cut, then lets the bones win
where a muscle dips into them (boolean difference) (the two were segmented from the same slices but separately).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces

TRIANGLES = {
    "gluteus_maximus": 7500,
    "gluteus_medius": 5000,
    "gluteus_minimus": 3200,
    "tensor_fasciae_latae": 2500,
    "piriformis": 2200,
    "superior_gemellus": 700,
    "inferior_gemellus": 600,
    "obturator_internus": 2400,
    "obturator_externus": 2200,
    "quadratus_femoris": 1600,
    "psoas_major": 2400,
    "iliacus": 2800,
    "biceps_femoris_long_head": 1800,
    "semitendinosus": 1500,
    "semimembranosus": 1800,
    "adductor_magnus": 3600,
}
#: Muscles that run below the scene's lower edge on the thigh: cut there, like the femur.
CUT_ON_THIGH = ("biceps_femoris_long_head", "semitendinosus", "semimembranosus", "adductor_magnus")
#: Psoas major arises from T12-L4: it is cut this far above the iliac crest's summit (mm),
#: about the top of the fourth lumbar vertebra, where the scene ends above.
PSOAS_CUT_ABOVE_CREST_MM = 45.0


def scan_muscle(
    name: str, vertices: np.ndarray, faces: np.ndarray, thigh_cut_z: float, top_cut_z: float, bones: list[pv.PolyData]
) -> tuple[pv.PolyData, float]:
    """One muscle side, reduced, cut where the scene ends, with what lay inside bone removed.
    Returns the surface and the volume removed (cm³)."""
    mesh = surfaces.polydata(vertices, faces)
    if name in CUT_ON_THIGH:
        mesh = surfaces.cut(mesh, np.array([0.0, 0.0, thigh_cut_z]), np.array([0.0, 0.0, 1.0]))
    if name == "psoas_major":
        mesh = surfaces.cut(mesh, np.array([0.0, 0.0, top_cut_z]), np.array([0.0, 0.0, -1.0]))
    mesh = surfaces.decimate(mesh, TRIANGLES[name])
    before = abs(mesh.volume)
    mesh = surfaces.subtract(mesh, bones)
    return mesh, (before - abs(mesh.volume)) / 1000.0
