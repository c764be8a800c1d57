"""The bones of the scene from the two collections of one Visible Human subject, in the atlas frame.

- Hip bones: HRA ilium, ischium and pubis (the outer "compact" shells are the whole bone's
  outside) placed by the sacrum registration, joined into one closed surface per side.
- Sacrum and coccyx: Andreassen's surfaces, reduced.
- Femora: the HRA whole femur, fitted (``femur_fit``), cut ``FEMUR_CUT_BELOW_HIP_MM`` below
  the hip centre, where the scene ends on the thigh, and capped.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import femur_fit, surfaces
from explorer.asset_pipeline.registration import apply

#: How far below the femoral head centre the scene ends on the thigh (mm): the gluteal
#: tuberosity, the hamstring origins and the sciatic nerve's course below the buttock stay in.
FEMUR_CUT_BELOW_HIP_MM = 230.0
HIP_BONE_PARTS = ("ilium", "ischium", "pubis")
#: Voxel size and gap closing for joining the three hip-bone pieces (mm).
HIP_BONE_VOXEL_MM = 0.6
HIP_BONE_CLOSE_MM = 1.2
TRIANGLES = {"hip_bone": 16000, "sacrum": 10000, "coccyx": 1200, "femur": 7000}


def hip_bone(pelvis_nodes: dict, side: str, to_atlas: np.ndarray, prefix: str = "VH_M") -> pv.PolyData:
    """One closed hip bone from the HRA pieces of one side (``to_atlas``: 4x4, HRA -> atlas;
    ``prefix``: the subject's HRA node prefix)."""
    letter = "R" if side == "right" else "L"
    parts = []
    for part in HIP_BONE_PARTS:
        vertices, faces = pelvis_nodes[f"{prefix}_{part}_compact_bone_{letter}"]
        parts.append(surfaces.polydata(apply(to_atlas, vertices), faces).extract_largest())
    return surfaces.voxel_remesh(parts, HIP_BONE_VOXEL_MM, HIP_BONE_CLOSE_MM, TRIANGLES["hip_bone"])


def femur(
    knee_nodes: dict,
    side: str,
    prefix: str,
    to_atlas_axes: np.ndarray,
    head_cartilage: np.ndarray,
    distal_cartilage: np.ndarray,
    muscles: list[np.ndarray],
    hip_centre: np.ndarray,
) -> pv.PolyData:
    """The proximal femur of one side, fitted under the muscles, cut and capped."""
    letter = "R" if side == "right" else "L"
    vertices, faces = knee_nodes[f"{prefix}_femur_{letter}"]
    bone = surfaces.polydata(apply(to_atlas_axes, vertices), faces)
    condyles = np.vstack([apply(to_atlas_axes, v) for name, (v, _) in knee_nodes.items() if "condyle" in name])
    sign = 1.0 if side == "right" else -1.0
    rotation, scale, shift = femur_fit.fit_femur(bone, condyles, head_cartilage, distal_cartilage, muscles, sign)
    bone.points = scale * np.asarray(bone.points) @ rotation.T + shift
    # The source is open only at the condyles, far below the cut: after the cut the only border
    # is the cut itself, which is capped, and the surface repaired into one closed piece.
    cut_z = hip_centre[2] - FEMUR_CUT_BELOW_HIP_MM
    proximal = bone.clip(normal=(0.0, 0.0, -1.0), origin=(0.0, 0.0, cut_z)).extract_surface(algorithm=None)
    proximal = proximal.triangulate().fill_holes(1e4)
    proximal = surfaces.repaired(np.asarray(proximal.points), proximal.regular_faces)
    return surfaces.decimate(proximal.subdivide(1, subfilter="loop"), TRIANGLES["femur"])


def scan_bone(vertices: np.ndarray, faces: np.ndarray, kind: str) -> pv.PolyData:
    """An Andreassen bone (sacrum, coccyx) reduced to its triangle budget."""
    return surfaces.decimate(surfaces.polydata(vertices, faces), TRIANGLES[kind])
