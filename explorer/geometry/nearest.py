"""The nearest point of a polyline or of a set of triangles to a given point, in plain numpy.

Used to score a click against a landmark that is a line (the iliac crest) or an area (an
injection zone) rather than one point. Units are those of the input (mm, RAS in this project).
"""

from __future__ import annotations

import numpy as np


def nearest_on_segments(point, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each segment starts[i]-ends[i] (n, 3), its point nearest to ``point`` (n, 3)."""
    p = np.asarray(point, float)
    along = ends - starts
    length2 = np.einsum("ij,ij->i", along, along)
    t = np.clip(np.einsum("ij,ij->i", p - starts, along) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    return starts + t[:, None] * along


def nearest_on_polyline(point, polyline: np.ndarray) -> np.ndarray:
    """The point of a polyline (n, 3; n >= 1) nearest to ``point``."""
    line = np.asarray(polyline, float).reshape(-1, 3)
    if len(line) == 1:
        return line[0]
    candidates = nearest_on_segments(point, line[:-1], line[1:])
    return candidates[np.argmin(np.linalg.norm(candidates - point, axis=1))]


def nearest_on_triangles(point, triangles: np.ndarray) -> np.ndarray:
    """The point of a triangulated surface (triangles: n x 3 corners x 3) nearest to ``point``.

    Per triangle the nearest point is the point's projection on its plane when that falls
    inside it, else the nearest point of one of its edges.
    """
    p = np.asarray(point, float)
    tri = np.asarray(triangles, float).reshape(-1, 3, 3)
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    normal = np.cross(b - a, c - a)
    area2 = np.einsum("ij,ij->i", normal, normal)
    flat = area2 > 0
    height = np.einsum("ij,ij->i", p - a, normal) / np.where(flat, area2, 1.0)
    projected = p - height[:, None] * normal
    inside = flat.copy()
    for u, v in ((a, b), (b, c), (c, a)):
        inside &= np.einsum("ij,ij->i", np.cross(v - u, projected - u), normal) >= 0
    candidates = [projected[inside]] + [nearest_on_segments(p, u, v) for u, v in ((a, b), (b, c), (c, a))]
    every = np.vstack(candidates)
    return every[np.argmin(np.linalg.norm(every - p, axis=1))]
