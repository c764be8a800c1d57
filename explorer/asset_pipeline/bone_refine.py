"""Turn MyoLeg's coarse bone meshes (~250 faces a hip bone) into smooth, closed bone surfaces.

The source meshes are faceted and some are not watertight. Repair closes them (pymeshfix),
Loop subdivision rounds the facets while keeping the coarse shape, and a light Taubin smoothing
removes the remaining creases without shrinking the bone (Laplacian smoothing would).
The femur is cut below the region (``FEMUR_CUT_BELOW_HIP_MM`` under the hip centre) and capped.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

#: How far below the femoral head centre the proximal femur is cut: the gluteal tuberosity and
#: the sciatic nerve's course in the posterior thigh stay inside the region.
FEMUR_CUT_BELOW_HIP_MM = 230.0
SUBDIVISIONS = 2
TAUBIN_ITERATIONS = 20


def faces_to_vtk(faces: np.ndarray) -> np.ndarray:
    """Triangle index array (n, 3) -> VTK's flat cell array."""
    return np.hstack([np.full((len(faces), 1), 3), faces]).ravel()


def closed_surface(vertices: np.ndarray, faces: np.ndarray) -> pv.PolyData:
    """Repair a triangle soup into one closed, manifold surface."""
    import pymeshfix

    fixer = pymeshfix.MeshFix(np.asarray(vertices, float), np.asarray(faces, np.int32))
    fixer.repair()
    return pv.PolyData(fixer.points, faces_to_vtk(fixer.faces))


def refine_bone(vertices: np.ndarray, faces: np.ndarray, cut_below_z: float | None = None) -> pv.PolyData:
    """Closed, smooth bone surface from a coarse model mesh; optionally cut at a height (mm)."""
    surface = closed_surface(vertices, faces)
    if cut_below_z is not None:
        surface = surface.clip(normal=(0, 0, -1), origin=(0, 0, cut_below_z))
        surface = surface.extract_surface(algorithm=None).triangulate().fill_holes(1e4)
        surface = closed_surface(surface.points, surface.regular_faces)
    surface = surface.subdivide(SUBDIVISIONS, subfilter="loop")
    surface = surface.smooth_taubin(n_iter=TAUBIN_ITERATIONS, pass_band=0.1)
    return surface.compute_normals(auto_orient_normals=True, split_vertices=False)
