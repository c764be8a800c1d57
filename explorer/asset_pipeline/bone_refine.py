"""Turn MyoLeg's coarse bone meshes (the lumbar vertebrae) into smooth, closed bone surfaces.

The source meshes are faceted and some are not watertight. Repair closes them (pymeshfix),
Loop subdivision rounds the facets while keeping the coarse shape, and a light Taubin smoothing
removes the remaining creases without shrinking the bone (Laplacian smoothing would).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces

SUBDIVISIONS = 2
TAUBIN_ITERATIONS = 20


def refine_bone(vertices: np.ndarray, faces: np.ndarray) -> pv.PolyData:
    """Closed, smooth bone surface from a coarse model mesh."""
    surface = surfaces.repaired(vertices, faces)
    surface = surface.subdivide(SUBDIVISIONS, subfilter="loop")
    surface = surface.smooth_taubin(n_iter=TAUBIN_ITERATIONS, pass_band=0.1)
    return surface.compute_normals(auto_orient_normals=True, split_vertices=False)
