"""Routing nerves and vessels through the space the scanned bones and muscles leave.

Nerves and vessels run in the fat and fascia *between* muscles, which the segmentations leave
empty. The build therefore lays a voxel grid over the region, marks every voxel inside a bone or
muscle as solid, and measures each free voxel's clearance (distance to the nearest solid, mm).
A path between anatomical waypoints is the cheapest one through free voxels where narrow gaps
cost more (minimum-cost path, scikit-image's ``MCP_Geometric``): it follows the middle of the
fascial planes, the way the real structures do, and never crosses a solid voxel.

The body's outside (beyond a closing of all solids) counts as solid too, so a path cannot leave
the body and run round the back of gluteus maximus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces
from explorer.geometry.voxels import Grid, solid_mask

VOXEL_MM = 1.5
#: Gaps wider than this cost no less: any fascial plane this wide is good enough to follow.
CLEARANCE_CAP_MM = 6.0
#: How far beyond the solids the body's envelope reaches (closing radius, mm).
ENVELOPE_MM = 12.0
#: Space left between a nerve or vessel and a muscle grooved to make room for it (mm).
ROOM_MARGIN_MM = 0.5


@dataclass
class FreeSpace:
    """Solid voxels and the clearance (mm) of every free one, on ``grid``."""

    grid: Grid
    solid: np.ndarray
    clearance: np.ndarray
    #: Distance (mm) to the nearest structure that cannot yield (bone, or a nerve or vessel routed
    #: before): a route may approach it, but the tube along the route is thinned not to enter it.
    hard_clearance: np.ndarray

    def clearance_at(self, points: np.ndarray, field: str = "clearance") -> np.ndarray:
        """Clearance (mm) at points, trilinear; 0 inside solids (``field``: or "hard_clearance")."""
        from scipy import ndimage

        index = ((np.atleast_2d(points) - self.grid.origin) / self.grid.size).T
        return ndimage.map_coordinates(getattr(self, field), index, order=1, mode="nearest")

    def with_solid(self, mesh: pv.PolyData, keep_off_mm: float = 0.0) -> "FreeSpace":
        """The same space with ``mesh`` (a routed nerve, say) filled in as a hard structure, and
        the voxels within ``keep_off_mm`` of it blocked too."""

        to_it = _distance_to(solid_mask(mesh, self.grid), self.grid.size)
        return _measured(self.grid, self.solid | (to_it <= keep_off_mm), np.minimum(self.hard_clearance, to_it))

    def with_blocked(self, mask: np.ndarray) -> "FreeSpace":
        """The same space with the voxels of ``mask`` blocked (a muscle a route must pass round
        and may still groove): clearance measured again, what counts as hard unchanged."""
        return _measured(self.grid, self.solid | mask, self.hard_clearance)

    def with_opened(self, mask: np.ndarray, keep_off_mm: float) -> "FreeSpace":
        """The same space with the voxels of ``mask`` freed where they are no nearer than
        ``keep_off_mm`` to a hard structure (a muscle there is grooved afterwards)."""
        return _measured(self.grid, self.solid & ~(mask & (self.hard_clearance > keep_off_mm)), self.hard_clearance)

    def snap(self, point: np.ndarray, radius_mm: float, towards: np.ndarray | None = None,
             held: tuple[np.ndarray, float] | None = None, among: np.ndarray | None = None) -> np.ndarray:
        """The free voxel of greatest clearance (capped) within ``radius_mm`` of ``point``;
        ties broken by nearness (or by how far it lies along ``towards``). ``held``: (direction,
        mm): only voxels within that distance of ``point`` along that direction (a place fixed
        along a line by a published figure may move off the line, not along it). ``among``: a
        mask of the grid the voxel must also lie in (the face of the muscle a route runs on, say)."""
        centre = self.grid.index(point[None])[0]
        r = int(np.ceil(radius_mm / self.grid.size))
        lo = np.maximum(centre - r, 0)
        hi = np.minimum(centre + r + 1, self.grid.shape)
        block = self.clearance[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
        idx = np.stack(np.meshgrid(*(np.arange(a, b) for a, b in zip(lo, hi)), indexing="ij"), axis=-1)
        offset = (idx - centre) * self.grid.size
        dist = np.linalg.norm(offset, axis=-1)
        score = np.minimum(block, CLEARANCE_CAP_MM) - 0.05 * dist
        if towards is not None:
            score = score + 0.05 * offset @ (towards / np.linalg.norm(towards))
        allowed = (dist <= radius_mm) & (block > 0)
        if held is not None:
            direction, tolerance = held
            allowed &= np.abs(offset @ (direction / np.linalg.norm(direction))) <= tolerance
        if among is not None:
            allowed &= among[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
        score = np.where(allowed, score, -np.inf)
        if not np.isfinite(score).any():
            raise ValueError(f"no free space within {radius_mm} mm of {np.round(point, 1)}")
        best = np.unravel_index(np.argmax(score), score.shape)
        return self.grid.point(idx[best])


def free_space(
    solids: list[pv.PolyData],
    bounds: np.ndarray,
    keep_off: list[pv.PolyData] = (),
    keep_off_mm: float = 0.0,
    passable: list[pv.PolyData] = (),
    voxel_mm: float = VOXEL_MM,
) -> FreeSpace:
    """Free space between closed ``solids`` inside the body's envelope, over ``bounds``.

    Voxels within ``keep_off_mm`` of the ``keep_off`` solids (the bones, which cannot yield)
    count as solid too, so a tube of that radius along a route stays out of them. ``passable``
    structures shape the body's envelope but may be crossed (to be grooved afterwards).
    """
    from scipy import ndimage

    grid = Grid.around(bounds, voxel_mm)
    solid = np.zeros(grid.shape, bool)
    for mesh in solids:
        solid |= solid_mask(mesh, grid)
    shape = solid.copy()
    for mesh in passable:
        shape |= solid_mask(mesh, grid)
    hard = np.zeros(grid.shape, bool)
    for mesh in keep_off:
        hard |= solid_mask(mesh, grid)
    hard_clearance = _distance_to(hard, voxel_mm)
    solid |= hard_clearance <= keep_off_mm
    reach = int(np.ceil(ENVELOPE_MM / voxel_mm))
    body = ndimage.binary_fill_holes(ndimage.binary_closing(np.pad(shape, reach), iterations=reach))[
        reach:-reach, reach:-reach, reach:-reach
    ]
    return _measured(grid, solid | ~body, hard_clearance)


def pelvic_hull(meshes: dict[str, pv.PolyData]) -> pv.PolyData:
    """The bony pelvis' convex hull: passed as ``passable``, it widens the body's envelope over
    the pelvic outlet (and, where a subject needs it, the whole pelvic cavity)."""
    from scipy.spatial import ConvexHull

    points = np.vstack([np.asarray(meshes[k].points) for k in ("sacrum", "coccyx", "hip_bone_left", "hip_bone_right")])
    hull = ConvexHull(points)
    return surfaces.with_normals(surfaces.polydata(points, hull.simplices).clean())


def _distance_to(mask: np.ndarray, voxel_mm: float) -> np.ndarray:
    """Distance (mm) to the surface of what ``mask`` fills, never over-estimated: a voxel centre
    inside it may lie up to half a voxel diagonal inside the real surface, so that much is
    taken off the distance between centres."""
    from scipy import ndimage

    distance = ndimage.distance_transform_edt(~mask) * voxel_mm - voxel_mm * np.sqrt(3.0) / 2
    return np.clip(distance, 0.0, None).astype(np.float32)


def _measured(grid: Grid, blocked: np.ndarray, hard_clearance: np.ndarray) -> FreeSpace:
    """Free space from blocked voxels: pockets sealed off from the main free volume (inside a
    muscle's fold, say) lead nowhere and count as blocked; clearance by distance transform."""
    from scipy import ndimage

    labels, _ = ndimage.label(~blocked)
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    blocked = blocked | (labels != np.argmax(sizes))
    clearance = ndimage.distance_transform_edt(~blocked) * grid.size
    return FreeSpace(grid, blocked, clearance.astype(np.float32), hard_clearance)


def route(space: FreeSpace, waypoints: list[np.ndarray], extra_cost: list | None = None, margin_mm: float = 40.0) -> np.ndarray:
    """Cheapest free path through ``waypoints`` in order (voxel centres, mm), as one polyline.

    Each leg is searched in the box around its two ends plus ``margin_mm``. ``extra_cost``, one
    entry per leg (None or an array of the grid's shape, >= 0), adds to every voxel's cost: for
    example to keep a vessel on the face of the muscle it supplies.
    """
    from skimage.graph import MCP_Geometric

    # Narrow gaps cost more, and so does hugging bone (a tube there would have to thin out).
    base = 1.0 + 8.0 / (np.minimum(space.clearance, CLEARANCE_CAP_MM) + 0.5) ** 2
    base = base + 8.0 / (np.minimum(space.hard_clearance, CLEARANCE_CAP_MM) + 0.5) ** 2
    path = []
    for leg_index, (a, b) in enumerate(zip(waypoints[:-1], waypoints[1:])):
        extra = extra_cost[leg_index] if extra_cost else None
        cost = np.where(space.clearance > 0, base if extra is None else base + extra, np.inf)
        ia, ib = space.grid.index(np.array([a, b]))
        for margin in (margin_mm, 3 * margin_mm, 1e4):  # widen the search box if the leg needs a detour
            m = int(np.ceil(margin / space.grid.size))
            lo = np.maximum(np.minimum(ia, ib) - m, 0)
            hi = np.minimum(np.maximum(ia, ib) + m + 1, space.grid.shape)
            mcp = MCP_Geometric(cost[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]], fully_connected=True)
            mcp.find_costs([tuple(ia - lo)], [tuple(ib - lo)])
            try:
                leg = np.array(mcp.traceback(tuple(ib - lo))) + lo
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"no free path from {np.round(a, 1)} to {np.round(b, 1)}")
        path.extend(space.grid.point(leg) if not path else space.grid.point(leg[1:]))
    return np.array(path)


def smooth_path(path: np.ndarray, space: FreeSpace, spacing_mm: float = 2.5, passes: int = 40) -> np.ndarray:
    """Resample a voxel path evenly and smooth it, never letting a point move into a solid:
    a smoothing step that would lower a point's clearance below 1 mm is not taken there."""
    from explorer.geometry.tubes import resample_polyline

    length = np.sum(np.linalg.norm(np.diff(path, axis=0), axis=1))
    p = resample_polyline(path, max(int(length / spacing_mm), 4))
    for _ in range(passes):
        q = p.copy()
        q[1:-1] = (p[:-2] + 2 * p[1:-1] + p[2:]) / 4
        ok = space.clearance_at(q) >= np.minimum(space.clearance_at(p), 1.0)
        p = np.where(ok[:, None], q, p)
    return p


def flatten_axis(space: FreeSpace, centreline: np.ndarray) -> np.ndarray:
    """Per point, the unit direction in which the free space is narrowest (the clearance
    gradient): a flat nerve lies with its thin axis that way, between two muscle faces."""
    from scipy import ndimage

    gradient = np.stack(np.gradient(space.clearance), axis=0)
    index = ((centreline - space.grid.origin) / space.grid.size).T
    g = np.stack([ndimage.map_coordinates(gradient[k], index, order=1, mode="nearest") for k in range(3)], axis=1)
    tangent = np.gradient(centreline, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    g = g - (g * tangent).sum(axis=1, keepdims=True) * tangent
    norm = np.linalg.norm(g, axis=1, keepdims=True)
    fallback = np.cross(tangent, np.array([1.0, 0.0, 0.0]))
    g = np.where(norm > 1e-6, g / np.maximum(norm, 1e-9), fallback / np.linalg.norm(fallback, axis=1, keepdims=True))
    # Smooth along the nerve so the band twists gently, and keep a consistent sign.
    for i in range(1, len(g)):
        if g[i] @ g[i - 1] < 0:
            g[i] = -g[i]
    for _ in range(20):
        g[1:-1] = (g[:-2] + 2 * g[1:-1] + g[2:]) / 4
        g /= np.linalg.norm(g, axis=1, keepdims=True)
    return g
