"""Thin closed solids between two surfaces: a joint space, a fascial sheet, a bursa.

Each is made the same way: an open patch (a piece of a bone surface, or a region of a 2D
parameter plane) gives the triangles; every patch vertex gets an inner and an outer position;
the slab is the inner copy, the outer copy and a wall along the patch's border, one closed
surface (the app measures volumes and the overlap test voxelises solids). Units mm, RAS.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces


def largest_piece(patch: pv.PolyData) -> pv.PolyData:
    """The largest connected piece of an open patch, as triangles without unused points."""
    return patch.triangulate().clean().connectivity("largest").extract_surface(algorithm="dataset_surface").triangulate().clean()


def closed_slab(faces: np.ndarray, inner: np.ndarray, outer: np.ndarray) -> pv.PolyData:
    """One closed surface from an open, manifold patch (``faces``: m x 3 indices into the
    n vertices) whose vertices sit at ``inner`` (n, 3) on one side and ``outer`` on the other.

    The patch must be a single sheet (every edge shared by at most two triangles, consistently
    wound); its border edges, each used by one triangle, become the wall.
    """
    faces = np.asarray(faces, np.int64)
    n = len(inner)
    edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    key = np.sort(edges, axis=1)
    _, inverse, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
    border = edges[counts[inverse.ravel()] == 1]  # keeps each border edge's winding
    a, b = border[:, 0], border[:, 1]
    wall = np.concatenate([np.stack([b, a, a + n], axis=1), np.stack([b, a + n, b + n], axis=1)])
    triangles = np.concatenate([faces, faces[:, ::-1] + n, wall])
    slab = surfaces.polydata(np.concatenate([outer, inner]), triangles)
    if slab.volume < 0:  # wound inward: the outer copy was on the other side
        slab.flip_faces(inplace=True)
    return surfaces.with_normals(slab)


def clip_region(plane: pv.PolyData, field: np.ndarray, level: float = 0.5) -> pv.PolyData:
    """The part of a triangulated ``plane`` where the point ``field`` exceeds ``level``, cut
    along the interpolated level line (a smooth outline, not a staircase of whole cells), as
    its largest connected piece."""
    plane = plane.copy()
    plane.point_data["field"] = np.asarray(field, float)
    region = plane.clip_scalar(scalars="field", value=level, invert=False)
    return largest_piece(region)
