"""Muscle volumes lofted from fibre paths: broad sheets, fans and spindles that close.

The MyoLeg model gives a few lines of action per muscle (three for each gluteal muscle, one for
piriformis and tensor fasciae latae). Three lines are not a muscle, so the loft treats them as
samples of a continuous fibre field:

1. each path is resampled by arc length into ``nt`` stations (centripetal Catmull-Rom, which
   never overshoots at the via points);
2. across the muscle, a quadratic through the sampled paths gives a mid-surface ``S(u, t)``
   whose ``u`` range may extend past the outer paths, to reach the attachment footprints;
3. the mid-surface is draped over the structures beneath it (bone, deeper muscles), moving
   only along its own normals, so the muscle lies on them instead of cutting through;
4. a thickness field ``h(u, t)`` (thin edges, fleshy belly, tendinous insertion) scaled to a
   target volume thickens it into a closed hexahedral shell.

Fibre direction (``dS/dt``) is kept as a point array for shading. Units mm, frame RAS.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv


def catmull_rom(points: np.ndarray, n: int) -> np.ndarray:
    """Smooth curve through ``points`` resampled to ``n`` stations equally spaced by arc length."""
    p = np.asarray(points, float)
    if len(p) == 2:
        return p[0] + np.linspace(0, 1, n)[:, None] * (p[1] - p[0])
    ext = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    dense = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1 : i + 3]
        t0 = 0.0
        t1 = t0 + np.linalg.norm(p1 - p0) ** 0.5 + 1e-9
        t2 = t1 + np.linalg.norm(p2 - p1) ** 0.5 + 1e-9
        t3 = t2 + np.linalg.norm(p3 - p2) ** 0.5 + 1e-9
        t = np.linspace(t1, t2, 32, endpoint=False)[:, None]
        a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1
        a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2
        a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3
        b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2
        b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3
        dense.append((t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2)
    dense.append(p[-1:])
    return resample_polyline(np.vstack(dense), n)


def resample_polyline(line: np.ndarray, n: int) -> np.ndarray:
    """``n`` points equally spaced by arc length along a polyline."""
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    target = np.linspace(0, s[-1], n)
    return np.stack([np.interp(target, s, line[:, k]) for k in range(3)], axis=1)


def fan_surface(paths: list[np.ndarray], u: np.ndarray) -> np.ndarray:
    """Mid-surface (len(u), nt, 3) through resampled paths placed at u = 0, ..., 1.

    With three paths the surface is the quadratic through them in ``u``; with two, the line.
    ``u`` outside [0, 1] extrapolates, widening the sheet toward its footprint edges.
    """
    stack = np.stack(paths)  # (k, nt, 3)
    k = len(paths)
    nodes = np.linspace(0.0, 1.0, k)
    weights = np.ones((len(u), k))
    for j in range(k):
        for m in range(k):
            if m != j:
                weights[:, j] *= (u - nodes[m]) / (nodes[j] - nodes[m])
    return np.einsum("uk,ktc->utc", weights, stack)


def smooth_grid(grid: np.ndarray, iterations: int, keep_ends: bool = True) -> np.ndarray:
    """Laplacian smoothing on the (u, t) grid; the attachment rows t=0 and t=-1 stay put."""
    g = grid.copy()
    for _ in range(iterations):
        avg = g.copy()
        avg[1:-1] = 0.5 * (g[:-2] + g[2:])
        avg[:, 1:-1] = 0.5 * avg[:, 1:-1] + 0.25 * (g[:, :-2] + g[:, 2:])
        if keep_ends:
            avg[:, 0], avg[:, -1] = g[:, 0], g[:, -1]
        g = 0.5 * g + 0.5 * avg
    return g


def exit_depth(origins: np.ndarray, directions: np.ndarray, underlay: pv.PolyData, reach: float) -> np.ndarray:
    """Signed distance along each ray to where it last leaves ``underlay`` (NaN: no hit).

    Rays run from ``origin - reach * direction`` to ``origin + reach * direction``; the last
    crossing is the outer surface of whatever lies beneath the point.
    """
    import vtk

    tree = vtk.vtkOBBTree()
    tree.SetDataSet(underlay)
    tree.BuildLocator()
    hits = vtk.vtkPoints()
    depth = np.full(len(origins), np.nan)
    for i, (o, d) in enumerate(zip(origins, directions)):
        if tree.IntersectWithLine(o - reach * d, o + reach * d, hits, None) != 0 and hits.GetNumberOfPoints():
            pts = np.array([hits.GetPoint(k) for k in range(hits.GetNumberOfPoints())])
            depth[i] = np.max((pts - o) @ d)
    return depth


def drape(grid: np.ndarray, directions: np.ndarray, underlay: pv.PolyData, clearance: np.ndarray, reach: float = 70.0, iterations: int = 30) -> np.ndarray:
    """Lay a (u, t) grid onto ``underlay`` by moving points only along fixed ``directions``.

    Moving along fixed directions (a height field over the initial sheet) keeps the grid
    regular; closest-point projection folds it. Where a ray meets the underlay the sheet rests
    ``clearance`` mm outside it; elsewhere it keeps its height, and the heights are smoothed
    under the constraint, so the sheet drapes smoothly over what it covers.
    """
    shape = grid.shape[:2]
    depth = exit_depth(grid.reshape(-1, 3), directions.reshape(-1, 3), underlay, reach).reshape(shape)
    floor = np.where(np.isnan(depth), -np.inf, depth + clearance)
    height = np.where(np.isnan(depth), 0.0, depth + clearance)
    for _ in range(iterations):
        padded = np.pad(height, 1, mode="edge")
        smooth = (padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:]) / 4
        height = np.maximum(0.5 * height + 0.5 * smooth, floor)
    return grid + directions * height[..., None]


def sheet_normals(grid: np.ndarray, away_from: np.ndarray) -> np.ndarray:
    """Unit normals of the (u, t) mid-surface, oriented away from a point inside the body."""
    du = np.gradient(grid, axis=0)
    dt = np.gradient(grid, axis=1)
    n = np.cross(du, dt)
    n /= np.linalg.norm(n, axis=-1, keepdims=True) + 1e-12
    if np.mean(np.einsum("utc,utc->ut", n, grid - away_from)) < 0:
        n = -n
    return n


def thick_sheet(mid: np.ndarray, normals: np.ndarray, thickness: np.ndarray, inner_fraction: float = 0.5) -> pv.PolyData:
    """Closed surface of a sheet of ``thickness`` around ``mid`` (fraction below it: inner_fraction).

    Built as a structured grid of dims (nu, nt, 2) whose outer surface is closed by construction;
    point array ``fibre_direction`` holds the unit fibre tangent.
    """
    below = mid - normals * (thickness * inner_fraction)[..., None]
    above = mid + normals * (thickness * (1.0 - inner_fraction))[..., None]
    fibre = np.gradient(mid, axis=1)
    fibre /= np.linalg.norm(fibre, axis=-1, keepdims=True) + 1e-12
    layers = np.stack([below, above], axis=2)  # (nu, nt, 2, 3)
    grid = pv.StructuredGrid()
    grid.points = layers.transpose(2, 1, 0, 3).reshape(-1, 3)
    grid.dimensions = (mid.shape[0], mid.shape[1], 2)
    grid.point_data["fibre_direction"] = np.stack([fibre, fibre], axis=2).transpose(2, 1, 0, 3).reshape(-1, 3)
    return _closed_triangles(grid)


def spindle(centreline: np.ndarray, width: np.ndarray, depth: np.ndarray, up: np.ndarray, n_around: int = 28) -> pv.PolyData:
    """Closed spindle (elliptic sections of ``width`` x ``depth`` mm) along a centreline.

    ``up`` is a direction the ``depth`` axis leans toward (e.g. away from the bone), one for the
    whole spindle or one per centreline point (n, 3). The two ends
    are capped with fans, so the result is a closed volume with ``fibre_direction`` data.
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
    fibre = np.vstack([np.repeat(tangent, n_around, axis=0), tangent[0], tangent[-1]])
    mesh.point_data["fibre_direction"] = fibre
    return mesh.compute_normals(auto_orient_normals=True, split_vertices=False)


def _closed_triangles(grid: pv.StructuredGrid) -> pv.PolyData:
    surface = grid.extract_surface(algorithm=None).triangulate().clean(tolerance=1e-6)
    return surface.compute_normals(auto_orient_normals=True, split_vertices=False)
