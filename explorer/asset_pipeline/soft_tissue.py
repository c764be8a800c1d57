"""The deep envelope the subcutaneous fat lies on, and the shells skin and fat are drawn as.

The deep body (bones, muscles, nerves, plus a simple thigh and lower-trunk filler for the
thigh and abdominal muscles the atlas does not model) is voxelised, then *closed* (dilated and
eroded by ``CLOSING_MM``), which fills the gaps between structures the way fascia and the
muscles we do not draw do. Its signed distance is the deep envelope (the deep fascia at 0 mm):
``body_surface`` measures the subject's fat from the skin down to it, and the skin fit starts
from its offset by a typical fat (``DEFAULT_FAT_MM``, adult ultrasound/CT figures over the upper
outer buttock, roughly 15-40 mm).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

VOXEL_MM = 3.0
CLOSING_MM = 24.0
DEFAULT_FAT_MM = 20.0
SKIN_MM = 2.5
THIGH_RADIUS_MM = 62.0
TRUNK_SEMI_AXES_MM = (118.0, 92.0)  # lateral, anteroposterior at the waist
#: Heights (z, mm above the hip centres: the atlas origin) over which the trunk filler grows to full size.
TRUNK_BLEND_MM = (-31.0, 119.0)


def closed_body_field(
    deep: list[pv.PolyData], femurs: dict[str, pv.PolyData], z_range: tuple[float, float], margin: float = 70.0
) -> pv.ImageData:
    """Signed distance (mm, negative inside) to the closed deep body, on a voxel grid."""
    from scipy import ndimage

    merged = pv.merge(deep)
    lo = np.array([merged.bounds[0] - margin, merged.bounds[2] - margin, z_range[0] - margin / 2])
    hi = np.array([merged.bounds[1] + margin, merged.bounds[3] + margin, z_range[1] + margin / 2])
    shape = np.ceil((hi - lo) / VOXEL_MM).astype(int) + 1
    occupied = np.zeros(shape, bool)
    samples = _dense_surface_points(merged)
    idx = np.round((samples - lo) / VOXEL_MM).astype(int)
    occupied[idx[:, 0], idx[:, 1], idx[:, 2]] = True
    occupied = ndimage.binary_dilation(occupied, iterations=1)
    x, y, z = (lo[k] + VOXEL_MM * np.arange(shape[k]) for k in range(3))
    X, Y, Z = np.meshgrid(x, y, z, indexing="ij")
    occupied |= _filler(X, Y, Z, femurs, merged)
    # Fill interiors, then close: fascia and undrawn muscles bridge the gaps between structures.
    occupied = ndimage.binary_fill_holes(occupied)
    r = CLOSING_MM / VOXEL_MM
    dilated = ndimage.distance_transform_edt(~occupied) <= r
    closed = ndimage.distance_transform_edt(dilated) > r
    closed &= (Z >= z_range[0]) & (Z <= z_range[1])
    signed = (ndimage.distance_transform_edt(~closed) - ndimage.distance_transform_edt(closed)) * VOXEL_MM
    signed = ndimage.gaussian_filter(signed, 1.0)
    grid = pv.ImageData(dimensions=shape, spacing=(VOXEL_MM,) * 3, origin=lo)
    grid.point_data["signed_mm"] = signed.ravel(order="F")
    return grid


def _dense_surface_points(mesh: pv.PolyData) -> np.ndarray:
    """Vertices plus triangle centroids and edge midpoints: no voxel-sized holes in the shell."""
    tri = mesh.triangulate().regular_faces
    p = mesh.points
    a, b, c = p[tri[:, 0]], p[tri[:, 1]], p[tri[:, 2]]
    return np.vstack([p, (a + b + c) / 3, (a + b) / 2, (b + c) / 2, (a + c) / 2])


def _filler(X, Y, Z, femurs: dict[str, pv.PolyData], deep: pv.PolyData) -> np.ndarray:
    """Thigh cylinders around each femur shaft and an elliptic lower trunk above the hips."""
    fill = np.zeros(X.shape, bool)
    for side, femur in femurs.items():
        s = 1.0 if side == "right" else -1.0
        pts = femur.points
        top = pts[:, 2].max()
        zs = np.linspace(pts[:, 2].min() + 5, top - 60.0, 12)
        centres = np.array([pts[np.abs(pts[:, 2] - z) < 5].mean(axis=0) for z in zs])
        cx = np.interp(Z, zs, centres[:, 0]) - s * 12.0
        cy = np.interp(Z, zs, centres[:, 1]) + 8.0
        radius = THIGH_RADIUS_MM * np.clip((top - 20.0 - Z) / 80.0, 0, 1)
        fill |= ((X - cx) ** 2 + (Y - cy) ** 2 <= radius**2) & (Z <= top)
    # Lower trunk: an ellipse at the waist that narrows smoothly into the pelvis below the
    # crest (no ledge where it ends), centred a little behind the hip joints.
    a, b = TRUNK_SEMI_AXES_MM
    crest_z = deep.bounds[5]
    t = np.clip((Z - TRUNK_BLEND_MM[0]) / (TRUNK_BLEND_MM[1] - TRUNK_BLEND_MM[0]), 0, 1)
    a_z, b_z = a * (0.5 + 0.5 * t), b * (0.5 + 0.5 * t)
    centre_y = -4.0 + 5.0 * t
    fill |= ((X / a_z) ** 2 + ((Y - centre_y) / b_z) ** 2 <= 1) & (Z >= TRUNK_BLEND_MM[0]) & (Z <= crest_z + 200)
    return fill


def iso_surface(field: pv.ImageData, level: float) -> pv.PolyData:
    """Smooth, outward-oriented surface where the signed distance equals ``level`` mm."""
    surface = field.contour([level], scalars="signed_mm").extract_largest().triangulate().clean()
    surface = surface.smooth_taubin(n_iter=30, pass_band=0.05)
    return surface.compute_normals(auto_orient_normals=True, split_vertices=False)


def shell(outer: pv.PolyData, inner: pv.PolyData) -> pv.PolyData:
    """Closed shell between two nested closed surfaces (inner faces flipped inward)."""
    inner_flipped = inner.copy()
    inner_flipped.flip_faces(inplace=True)
    inner_flipped.point_data["Normals"] = -inner.point_data["Normals"]
    # Points are not merged: inside a cap the two faces may touch, and must stay two surfaces.
    return pv.merge([outer, inner_flipped], merge_points=False)
