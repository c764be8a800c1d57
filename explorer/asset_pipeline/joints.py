"""The sacroiliac joint: the thin auricular joint space between sacrum and ilium.

The bones meet over their ear-shaped (auricular) surfaces. The joint is built where the two
refined bone surfaces come within ``CONTACT_MM`` of each other: the mid-points between facing
surfaces give the joint's plane and outline, and a plate ``THICKNESS_MM`` thick (the cartilage
and joint space) fills it.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces

CONTACT_MM = 7.0
THICKNESS_MM = 3.0


def sacroiliac_joint(sacrum: pv.PolyData, hip_bone: pv.PolyData) -> pv.PolyData:
    """Closed plate between the facing auricular surfaces of one side (RAS mm)."""
    distance = sacrum.compute_implicit_distance(hip_bone)["implicit_distance"]
    near = sacrum.points[np.abs(distance) < CONTACT_MM]
    _, closest = hip_bone.find_closest_cell(near, return_closest_point=True)
    middle = (near + closest) / 2
    centre = middle.mean(axis=0)
    _, _, axes = np.linalg.svd(middle - centre)
    normal = axes[2]
    # Outline in the joint plane (its convex hull: no bow-tie vertices, so the plate closes),
    # triangulated, then thickened along the plane's normal.
    local = (middle - centre) @ axes[:2].T
    disc = pv.PolyData(np.column_stack([local, np.zeros(len(local))])).delaunay_2d()
    disc = disc.clean().triangulate()
    disc.points = centre + disc.points[:, :1] * axes[0] + disc.points[:, 1:2] * axes[1] - normal * THICKNESS_MM / 2
    plate = disc.extrude(normal * THICKNESS_MM, capping=True).triangulate().clean()
    # What is left between the two real bones is the joint (cartilage and joint space).
    return surfaces.subtract(surfaces.with_normals(plate), [sacrum, hip_bone])
