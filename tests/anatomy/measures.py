"""Measures the anatomy tests share: distances to a mesh's surface and the axis of a routed tube."""

from __future__ import annotations

import numpy as np


def distance_to(mesh, points):
    """Distance (mm) from each point to the nearest point of ``mesh``'s surface (unsigned)."""
    points = np.atleast_2d(points)
    _, closest = mesh.find_closest_cell(points, return_closest_point=True)
    return np.linalg.norm(closest - points, axis=1)


def tube_centreline(tube, around=14):
    """A routed tube's centreline: the mean of each ring (``spindle``: rings of ``around``
    points, then the two cap centres)."""
    points = np.asarray(tube.points)[:-2]
    assert len(points) % around == 0, "not a tube of rings"
    return points.reshape(-1, around, 3).mean(axis=1)
