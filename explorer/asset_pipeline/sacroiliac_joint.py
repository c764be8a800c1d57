"""The sacroiliac joints: the thin auricular joint spaces between the real sacrum and ilia.

The sacrum and ilium meet over their ear-shaped (auricular) surfaces, a short upper and a long
lower arm round the rough tuberosities behind them, where the interosseous ligament (not a
joint space) joins the bones across a wider gap. On the scanned bones the two are told apart by
that gap: where the sacral surface faces the ilium across less than ``AURICULAR_GAP_MM`` it is
auricular (measured on his right: the auricular band lies 0.1-3 mm from the ilium, the
tuberosities 4-14 mm). The gap is smoothed over the sacral surface before the outline is cut,
so the outline is the joint's and not the mesh's.

Where the registration of the two scan collections pressed an ilium onto the sacrum (the
build then let the sacrum win; his left: 17 cm² of the sacral surface lies on the ilium), the
gap is ~0 over the tuberosities as well and tells nothing there. The sacrum is nearly symmetric,
so the side whose bones touch over less area reads its ear from its own gap alone, and on the
other side a point counts as auricular only where its own gap and the gap at its mirror point
on the reading side (the sacrum mirrored and laid onto itself by ICP) are both narrow. The
reading side is not trimmed by the other's: that cut 1.8 of her left ear's 11.3 cm² (both her
sides read true, 0.6 and 1.1 cm² touching, but the two ears differ), leaving a notch that faced
up rather than back toward the tuberosity.

The two gaps are each smoothed, and only then combined (the wider wins), so the other side's ear
is exactly the overlap of the two ears. Smoothing the combined gap again would shrink that
overlap: an average of the wider of two gaps is at least the wider of their averages, so each
ear's wide surroundings spread over the other's narrow band and pull the outline in wherever
either border runs, most at the tips of the arms. Her right ear lost the tips of both arms that
way, and with them its hollow (its notch faced up, not back toward the tuberosity).

The joint solid fills the gap over that area: each point of the sacral auricular surface is
lifted along its normal by the gap to the ilium, and the slab runs between the two,
``CLEARANCE_MM`` off the sacrum. Where the bones lie closer than ``MIN_THICKNESS_MM`` (the joint space on CT is
of the order of 2 mm), the joint keeps that thickness and the ilium yields: the hip bone is
carved by the joint, as the scans' own boolean let the sacrum win, so nothing overlaps.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from scipy import sparse
from scipy.spatial import cKDTree

from explorer.asset_pipeline import slabs, surfaces
from explorer.asset_pipeline.registration import affine, apply

#: Sacral surface facing the ilium across less than this (mm) is auricular (articular).
AURICULAR_GAP_MM = 3.0
#: Sacral surface farther than this from the ilium is not considered at all (mm).
SEARCH_MM = 12.0
#: A sacral point faces the ilium when its outward normal is within this angle of the
#: direction to the nearest iliac point (degrees).
FACING_DEG = 50.0
#: Space kept between the joint and the sacrum (mm), and the joint's least thickness (mm).
CLEARANCE_MM = 0.1
MIN_THICKNESS_MM = 1.0
#: Rounds of neighbour averaging of the gap over the sacral surface before the outline is cut.
SMOOTHING_ROUNDS = 12
#: A mirror point farther than this from the other side's surface has no gap to lend (mm).
MIRROR_REACH_MM = 4.0
MIRROR = np.diag([-1.0, 1.0, 1.0])
#: Sacral surface closer than this to the ilium (mm) lies on it: the bones were pressed together.
TOUCHING_MM = 0.1


def sacroiliac_joints(sacrum: pv.PolyData, hip_bones: dict[str, pv.PolyData]) -> tuple[dict[str, pv.PolyData], dict]:
    """Per side (keys of ``hip_bones``): the closed joint slab and the hip bone carved by it;
    plus a report (area cm², median gap mm, hip-bone volume carved cm³)."""
    surface, gap = {}, {}
    for side, hip in hip_bones.items():
        surface[side] = _near_surface(sacrum, hip)
        gap[side] = _smoothed(surface[side], _gap(surface[side], hip)[0])
    touching = {side: _touching_cm2(surface[side], hip) for side, hip in hip_bones.items()}
    reader = min(hip_bones, key=touching.get)
    mirror = _self_mirror(sacrum)
    out, report = {}, {}
    for side, hip in hip_bones.items():
        outline = gap[side]
        if side != reader:
            outline = np.maximum(outline, _mirror_gap(surface[side].points, mirror, surface[reader], gap[reader]))
        area = slabs.clip_region(surface[side], -outline, -AURICULAR_GAP_MM)
        joint, median_gap = _slab(area, hip)
        carved = surfaces.subtract(hip, [joint])
        out[f"sacroiliac_joint_{side}"], out[f"hip_bone_{side}"] = joint, carved
        report[side] = {
            "area_cm2": round(area.area / 100.0, 1),
            "median_gap_mm": round(median_gap, 2),
            "hip_bone_cm3_carved": round((abs(hip.volume) - abs(carved.volume)) / 1000.0, 2),
            "touching_cm2": round(touching[side], 1),
            "outline_read_on": reader,
        }
    return out, report


def _slab(area: pv.PolyData, hip_bone: pv.PolyData) -> tuple[pv.PolyData, float]:
    """The closed slab from the sacral auricular ``area`` across the gap to the ilium."""
    gap, _ = _gap(area, hip_bone, facing_only=False)
    # Along the sacral surface's normal: the direction to the nearest iliac point is arbitrary
    # where the bones touch.
    normal = area.point_data["Normals"]
    normal = normal / np.linalg.norm(normal, axis=1, keepdims=True)  # interpolated at the cut
    inner = area.points + normal * CLEARANCE_MM
    outer = area.points + normal * np.maximum(gap, CLEARANCE_MM + MIN_THICKNESS_MM)[:, None]
    return slabs.closed_slab(area.regular_faces, inner, outer), float(np.median(gap))


def _near_surface(sacrum: pv.PolyData, hip_bone: pv.PolyData) -> pv.PolyData:
    """The sacral surface within ``SEARCH_MM`` of the ilium, each triangle split in four (a
    finer outline), with outward normals."""
    sacrum = sacrum.compute_normals(cell_normals=False, auto_orient_normals=True, split_vertices=False)
    distance = np.abs(sacrum.compute_implicit_distance(hip_bone)["implicit_distance"])
    near = sacrum.extract_points(distance < SEARCH_MM, adjacent_cells=False)
    near = near.extract_surface(algorithm="dataset_surface").triangulate()
    return near.subdivide(1, "linear").compute_normals(cell_normals=False, auto_orient_normals=False, split_vertices=False)


def _gap(surface: pv.PolyData, hip_bone: pv.PolyData, facing_only: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Per vertex: the distance (mm) to the nearest iliac point (``SEARCH_MM`` where the
    surface does not face it, if ``facing_only``), and the unit direction there."""
    _, nearest = hip_bone.find_closest_cell(surface.points, return_closest_point=True)
    offset = nearest - surface.points
    gap = np.linalg.norm(offset, axis=1)
    toward = offset / np.maximum(gap, 1e-9)[:, None]
    if facing_only:
        facing = np.einsum("ij,ij->i", surface.point_data["Normals"], toward) > np.cos(np.radians(FACING_DEG))
        gap = np.where(facing | (gap < 0.5), np.minimum(gap, SEARCH_MM), SEARCH_MM)
    return gap, toward


def _smoothed(surface: pv.PolyData, values: np.ndarray) -> np.ndarray:
    """``values`` averaged over each vertex and its neighbours, ``SMOOTHING_ROUNDS`` times."""
    faces = surface.regular_faces
    rows = np.concatenate([faces[:, 0], faces[:, 1], faces[:, 2], faces[:, 1], faces[:, 2], faces[:, 0]])
    cols = np.concatenate([faces[:, 1], faces[:, 2], faces[:, 0], faces[:, 0], faces[:, 1], faces[:, 2]])
    n = surface.n_points
    adjacency = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
    adjacency.data[:] = 1.0
    adjacency = adjacency + sparse.identity(n, format="csr")
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    for _ in range(SMOOTHING_ROUNDS):
        values = adjacency @ values / degree
    return values


def _touching_cm2(surface: pv.PolyData, hip_bone: pv.PolyData) -> float:
    """Area (cm²) of the sacral ``surface`` lying on the ilium (closer than ``TOUCHING_MM``):
    where the registration pressed the bones together and the build let the sacrum win."""
    gap = _gap(surface, hip_bone, facing_only=False)[0]
    touching = np.all(gap[surface.regular_faces] < TOUCHING_MM, axis=1)
    return float(surface.compute_cell_sizes(length=False, volume=False)["Area"][touching].sum() / 100.0)


def _self_mirror(sacrum: pv.PolyData) -> np.ndarray:
    """4x4 rigid transform: mirror across x = 0, then ICP onto the sacrum itself (so a point
    goes to its counterpart on the other side of the sacrum's own midline)."""
    import trimesh

    points = np.asarray(sacrum.points)
    centre = points.mean(axis=0)
    start = affine(MIRROR, centre - MIRROR @ centre)
    matrix, _, _ = trimesh.registration.icp(points, points, initial=start, threshold=1e-6, max_iterations=60, scale=False, reflection=True)
    return matrix


def _mirror_gap(points: np.ndarray, mirror: np.ndarray, other: pv.PolyData, other_gap: np.ndarray) -> np.ndarray:
    """The other side's smoothed gap at each point's mirror image (``SEARCH_MM`` off its surface)."""
    distance, index = cKDTree(other.points).query(apply(mirror, points))
    return np.where(distance < MIRROR_REACH_MM, other_gap[index], SEARCH_MM)
