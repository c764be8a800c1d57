"""Tubes along centrelines: the nerves, arteries and tendons the build routes through the body.

A tube is a closed volume of elliptic sections along a centreline (a flat band for the sciatic
nerve, round for vessels and tendons), capped at both ends so volumes and the overlap test work
on it. Units mm, frame RAS.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv


def resample_polyline(line: np.ndarray, n: int) -> np.ndarray:
    """``n`` points equally spaced by arc length along a polyline."""
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    target = np.linspace(0, s[-1], n)
    return np.stack([np.interp(target, s, line[:, k]) for k in range(3)], axis=1)


def spindle(centreline: np.ndarray, width: np.ndarray, depth: np.ndarray, up: np.ndarray, n_around: int = 28) -> pv.PolyData:
    """Closed spindle (elliptic sections of ``width`` x ``depth`` mm) along a centreline.

    ``up`` is a direction the ``depth`` axis leans toward (e.g. away from the bone), one for the
    whole spindle or one per centreline point (n, 3). The two ends are capped with fans, so the
    result is a closed volume.
    """
    c = np.asarray(centreline, float)
    tangent = np.gradient(c, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    up = np.broadcast_to(np.asarray(up, float), c.shape)
    d_axis = up - (tangent * up).sum(axis=1, keepdims=True) * tangent
    d_axis /= np.linalg.norm(d_axis, axis=1, keepdims=True)
    w_axis = np.cross(tangent, d_axis)
    theta = np.linspace(0, 2 * np.pi, n_around, endpoint=False)
    ring = (
        c[:, None, :]
        + (width / 2)[:, None, None] * np.cos(theta)[None, :, None] * w_axis[:, None, :]
        + (depth / 2)[:, None, None] * np.sin(theta)[None, :, None] * d_axis[:, None, :]
    )
    nt = len(c)
    points = np.vstack([ring.reshape(-1, 3), c[0], c[-1]])
    faces = []
    for i in range(nt - 1):
        for j in range(n_around):
            a, b = i * n_around + j, i * n_around + (j + 1) % n_around
            faces += [[a, b, b + n_around], [a, b + n_around, a + n_around]]
    start, end = nt * n_around, nt * n_around + 1
    for j in range(n_around):
        faces.append([start, (j + 1) % n_around, j])
        last = (nt - 1) * n_around
        faces.append([end, last + j, last + (j + 1) % n_around])
    mesh = pv.PolyData(points, np.hstack([np.full((len(faces), 1), 3), faces]).ravel())
    return mesh.compute_normals(auto_orient_normals=True, split_vertices=False)
