"""Caps for a cross-section: the cut face of each closed structure, filled, so a cut solid looks
solid rather than a hollow shell.

The view cuts with the mappers' clipping planes (fast while the plane is dragged); a cap is the
mesh cut by the same plane (``vtkCutter``: line segments on the plane) joined into loops and
filled (``vtkContourTriangulator``, which keeps inner loops as holes, so the skin and the fat
cut as rings). Only closed meshes get a cap: an open patch (an injection zone on the skin) has
no inside to fill.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.geometry import vtk_api as vtk

#: Where caps overlap (meshes that touch), the later group is drawn over the earlier.
CAP_ORDER = ("soft_tissue", "muscle", "fascia", "ligament", "joint", "vessel", "nerve", "bone")


def section_cap(mesh: vtk.vtkPolyData, normal, origin) -> vtk.vtkPolyData | None:
    """The filled cut face of a closed surface mesh at a plane (RAS mm), or None where the plane
    misses it."""
    bounds = np.asarray(mesh.GetBounds()).reshape(3, 2)
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    corners = np.array(np.meshgrid(*bounds)).reshape(3, -1).T
    signed = (corners - np.asarray(origin, float)) @ n
    if signed.min() > 0 or signed.max() < 0:
        return None  # the whole box on one side: nothing to cut (cheap test before the filter)
    plane = vtk.vtkPlane()
    plane.SetNormal(*n)
    plane.SetOrigin(*origin)
    cutter = vtk.vtkCutter()
    cutter.SetCutFunction(plane)
    cutter.SetInputData(mesh)
    fill = vtk.vtkContourTriangulator()
    fill.SetInputConnection(cutter.GetOutputPort())
    fill.Update()
    cap = pv.wrap(fill.GetOutput())
    return _faced(cap, n) if cap.n_cells else None


def _faced(cap: pv.PolyData, normal: np.ndarray) -> pv.PolyData:
    """Turn every triangle of the cap to face out of the cut solid (against the kept side) and
    give it that one normal: lit as a flat face toward a camera looking at the cut. (The
    triangulator winds each loop its own way, and a renderer lights a face seen from behind as
    its back.)"""
    triangles = cap.faces.reshape(-1, 4)[:, 1:].copy()  # the triangulator gives triangles only
    corners = cap.points[triangles]
    facing = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]) @ normal
    triangles[facing > 0] = triangles[facing > 0][:, ::-1]
    cap.faces = np.column_stack([np.full(len(triangles), 3), triangles]).ravel()
    cap.point_data["Normals"] = np.tile(-normal, (cap.n_points, 1))
    cap.GetPointData().SetNormals(cap.GetPointData().GetArray("Normals"))
    return cap


def is_closed(mesh: vtk.vtkPolyData) -> bool:
    """True when every edge is shared by exactly two triangles (a watertight surface)."""
    edges = pv.wrap(mesh).extract_feature_edges(boundary_edges=True, feature_edges=False, manifold_edges=False,
                                                non_manifold_edges=True)
    return edges.n_cells == 0
