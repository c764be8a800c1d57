"""The hip joint as a structure: the articular cartilage of the acetabulum and femoral head.

Andreassen et al. give both cartilages on the left but, for the male, only the femoral-head
cartilage on the right. His right acetabular cartilage is derived: the left one is mirrored across
the midline, then moved by the rigid transform that best lays the mirrored left acetabulum (hip-bone surface
within ``SOCKET_RADIUS_MM`` of the hip centre) onto the right one (ICP, no scaling), so it
follows this subject's right socket rather than an ideal mirror image.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces
from explorer.asset_pipeline.registration import MIRROR, affine, mirrored_onto

SOCKET_RADIUS_MM = 45.0
TRIANGLES_EACH = 1500


def mirrored_acetabulum(
    left_cartilage: pv.PolyData, left_hip: pv.PolyData, right_hip: pv.PolyData, centres: dict[str, np.ndarray]
) -> tuple[pv.PolyData, float]:
    """Right acetabular cartilage from the left one; also the fit's median residual (mm)."""
    def socket(bone, centre):
        p = np.asarray(bone.points)
        return p[np.linalg.norm(p - centre, axis=1) < SOCKET_RADIUS_MM]

    moving = socket(left_hip, centres["left"]) @ MIRROR.T
    target = socket(right_hip, centres["right"])
    start = affine(np.eye(3), centres["right"] - MIRROR @ centres["left"])
    right = left_cartilage.copy()
    right.points, residual = mirrored_onto(left_cartilage.points, moving, target, start)
    right.flip_faces(inplace=True)  # a mirror turns the surface inside out
    return right, residual


def hip_joint(acetabular: pv.PolyData, femoral_head: pv.PolyData, bones: list[pv.PolyData]) -> pv.PolyData:
    """Both cartilages of one side as one closed structure, with what lay inside bone removed
    (the two sources were segmented separately; the cartilage sits on the bone)."""
    parts = [surfaces.decimate(cartilage, TRIANGLES_EACH) for cartilage in (acetabular, femoral_head)]
    return surfaces.subtract(surfaces.union(parts), bones)
