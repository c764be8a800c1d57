"""Small surface operations the build applies to scan meshes: wrap, cut, remesh, reduce.

Each keeps a closed surface closed (the app computes volumes and the overlap test voxelises
solids), and each is deterministic, so a rebuild reproduces the committed files byte for byte.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.geometry.voxels import Grid, solid_mask

#: A detached piece of muscle smaller than this (mm³; a cube of 3.7 mm) left by a groove is
#: dropped (``grooved``): far smaller than any muscle in the atlas (the smallest, her inferior
#: gemellus, is 2.2 cm³), it is a shaving the cutter left, not part of a belly.
FRAGMENT_MM3 = 50.0
#: A detached piece this near a bone (mm) is an attachment, kept whatever its size (``grooved``).
ANCHOR_MM = 0.5


def polydata(vertices: np.ndarray, faces: np.ndarray) -> pv.PolyData:
    """Triangle surface from (n, 3) vertices and (m, 3) faces."""
    faces = np.asarray(faces, np.int64)
    return pv.PolyData(np.asarray(vertices, float), np.hstack([np.full((len(faces), 1), 3), faces]).ravel())


def repaired(vertices: np.ndarray, faces: np.ndarray) -> pv.PolyData:
    """Repair a triangle soup into one closed, manifold surface (pymeshfix)."""
    import pymeshfix

    fixer = pymeshfix.MeshFix(np.asarray(vertices, float), np.asarray(faces, np.int32))
    fixer.repair()
    return polydata(fixer.points, fixer.faces)


def with_normals(mesh: pv.PolyData) -> pv.PolyData:
    """Outward point normals, no split vertices (keeps the surface one piece)."""
    return mesh.compute_normals(cell_normals=False, auto_orient_normals=True, split_vertices=False, consistent_normals=True)


def decimate(mesh: pv.PolyData, triangles: int) -> pv.PolyData:
    """Quadric decimation to about ``triangles`` faces (unchanged if already below)."""
    import fast_simplification

    mesh = mesh.triangulate()
    if mesh.n_cells <= triangles:
        return with_normals(mesh.clean())
    points, faces = fast_simplification.simplify(
        np.asarray(mesh.points, np.float32), mesh.regular_faces.astype(np.int32), target_reduction=1.0 - triangles / mesh.n_cells
    )
    reduced = polydata(points, faces).clean()
    if mesh.is_manifold and not reduced.is_manifold:
        # Collapsing edges can pinch a closed surface (two sheets sharing an edge); mend it.
        reduced = repaired(np.asarray(reduced.points), reduced.regular_faces)
    return with_normals(reduced)


def cut(mesh: pv.PolyData, origin: np.ndarray, keep_towards: np.ndarray) -> pv.PolyData:
    """The part of a closed surface on the ``keep_towards`` side of a plane, capped (still closed)."""
    direction = np.asarray(keep_towards, float)
    clipped = mesh.clip_closed_surface(normal=tuple(direction), origin=tuple(origin))
    return clipped.triangulate().clean()


def voxel_remesh(parts: list[pv.PolyData], voxel_mm: float, close_mm: float, triangles: int) -> pv.PolyData:
    """One closed surface around the union of closed ``parts``, small gaps between them closed.

    Used where a source splits one bone into touching pieces (the HRA ilium, ischium and pubis):
    voxelise, close gaps up to ``close_mm``, fill cavities, smooth the occupancy slightly, take
    its half-level surface and reduce it.
    """
    from scipy import ndimage

    bounds = np.array(pv.merge(parts).bounds)
    grid = Grid.around(bounds, voxel_mm, margin=close_mm + 3 * voxel_mm)
    solid = np.zeros(grid.shape, bool)
    for part in parts:
        solid |= solid_mask(part, grid)
    radius = int(np.ceil(close_mm / voxel_mm))
    ball = ndimage.generate_binary_structure(3, 1)
    solid = ndimage.binary_closing(solid, structure=ball, iterations=radius)
    solid = ndimage.binary_fill_holes(solid)
    field = ndimage.gaussian_filter(solid.astype(np.float32), 0.8)
    image = pv.ImageData(dimensions=grid.shape, spacing=(voxel_mm,) * 3, origin=grid.origin)
    image.point_data["occupancy"] = field.ravel(order="F")
    surface = image.contour([0.5], scalars="occupancy").extract_largest().triangulate().clean()
    return decimate(surface.smooth_taubin(n_iter=20, pass_band=0.1), triangles)


def union(parts: list[pv.PolyData]) -> pv.PolyData:
    """One closed surface around closed ``parts`` (exact boolean union, manifold3d)."""
    result = _manifold(parts[0])
    for part in parts[1:]:
        result = result + _manifold(part)
    return _polydata(result)


def subtract(mesh: pv.PolyData, cutters: list[pv.PolyData]) -> pv.PolyData:
    """``mesh`` minus the closed ``cutters`` (exact boolean difference, manifold3d).

    Where a muscle meets a bone, the bone wins; where a nerve runs against a muscle, the muscle
    is grooved: both are this operation. A cutter that does not touch the mesh changes nothing.
    """
    return _polydata(_difference(mesh, cutters))


def grooved(mesh: pv.PolyData, cutters: list[pv.PolyData], anchors: list[pv.PolyData] = ()) -> pv.PolyData:
    """A muscle grooved or tunnelled by the closed ``cutters`` (``subtract``), without the
    detached pieces under ``FRAGMENT_MM3`` the cut leaves: a cutter passing near a muscle's edge
    can shave off a sliver (her left piriformis, by the sacrotuberous ligament), which would
    float in the scene as a separate piece of muscle. The largest piece is always kept, and so
    is a small one within ``ANCHOR_MM`` of one of the ``anchors`` (the bones): that is the
    muscle's attachment, cut from its belly by a groove, and dropping it would take the muscle
    off its bone (his left superior gemellus' tendon on the femur, cut by the superior gluteal
    vein)."""
    result = _difference(mesh, cutters)
    pieces = result.decompose()
    largest = max(pieces, key=lambda piece: piece.volume(), default=None)
    kept = [piece for piece in pieces if piece is largest or piece.volume() >= FRAGMENT_MM3 or _on_any(piece, anchors)]
    if len(kept) < len(pieces):
        import manifold3d

        result = manifold3d.Manifold.compose(kept)
    return _polydata(result)


def _on_any(piece, anchors: list[pv.PolyData]) -> bool:
    """Whether a manifold ``piece`` comes within ``ANCHOR_MM`` of one of the ``anchors``."""
    points = np.asarray(piece.to_mesh().vert_properties)[:, :3]
    near = pv.PolyData(points)
    for anchor in anchors:
        if boxes_overlap(near, anchor, ANCHOR_MM):
            _, closest = anchor.find_closest_cell(points, return_closest_point=True)
            if np.linalg.norm(closest - points, axis=1).min() <= ANCHOR_MM:
                return True
    return False


def _difference(mesh: pv.PolyData, cutters: list[pv.PolyData]):
    result = _manifold(mesh)
    for cutter in cutters:
        if boxes_overlap(mesh, cutter):
            result = result - _manifold(cutter)
    return result


def _polydata(solid) -> pv.PolyData:
    # Manifold's own vertex sharing is kept as it is: merging coincident points (clean) would
    # join two sheets that merely touch into non-manifold edges.
    out = solid.to_mesh()
    return with_normals(polydata(np.asarray(out.vert_properties)[:, :3], np.asarray(out.tri_verts)))


def _manifold(mesh: pv.PolyData):
    import manifold3d

    mesh = mesh.triangulate().clean()
    solid = manifold3d.Manifold(
        manifold3d.Mesh(vert_properties=np.asarray(mesh.points, np.float32), tri_verts=np.asarray(mesh.regular_faces, np.uint32))
    )
    if solid.status() != manifold3d.Error.NoError:
        raise ValueError(f"not a closed manifold surface ({solid.status()}): {mesh.n_cells} triangles")
    return solid


def onto_nearest(points: np.ndarray, solids: list[pv.PolyData], offset_mm: float = 0.0) -> np.ndarray:
    """Each of the (n, 3) ``points`` moved to the nearest surface point of whichever closed solid
    is nearest to it, then ``offset_mm`` along that face's outward normal (negative: into it)."""
    found = [solid.find_closest_cell(points, return_closest_point=True) for solid in solids]
    gaps = np.array([np.linalg.norm(closest - points, axis=1) for _, closest in found])
    nearest = np.argmin(gaps, axis=0)
    out = np.empty_like(points, dtype=float)
    for i, (solid, (cells, closest)) in enumerate(zip(solids, found)):
        mine = nearest == i
        out[mine] = closest[mine] + solid.cell_normals[cells[mine]] * offset_mm
    return out


def kept_off(points: np.ndarray, keep_mm: float, solids: list[pv.PolyData]) -> np.ndarray:
    """``points`` (any shape ending in 3), each one that lies inside a closed solid or nearer to it
    than ``keep_mm`` moved out to ``keep_mm`` from its nearest surface point, along that face's
    outward normal (the solids are closed with outward normals).

    VTK signs the distance by one face at the nearest surface point, and where that point is a
    sharp vertex (a tube's end) a point far outside can read as deep inside; such a point would
    be pulled across the scene onto the solid. A point read deeper inside than ``keep_mm`` is
    therefore confirmed by casting rays (the cell-locator test, which does not misread them)."""
    flat = np.asarray(points, float).reshape(-1, 3).copy()
    for solid in solids:
        distance = np.asarray(pv.PolyData(flat).compute_implicit_distance(solid)["implicit_distance"])
        near = distance < keep_mm
        deep = np.flatnonzero(distance <= -keep_mm)
        if len(deep):
            enclosed = pv.PolyData(flat[deep]).select_interior_points(solid, method="cell_locator", check_surface=False)
            near[deep[~enclosed["selected_points"].astype(bool)]] = False
        if not near.any():
            continue
        flat[near] = onto_nearest(flat[near], [solid], keep_mm)
    return flat.reshape(np.shape(points))


def boxes_overlap(a: pv.PolyData, b: pv.PolyData, margin: float = 0.0) -> bool:
    """Whether the bounding boxes of two surfaces meet (within ``margin`` mm)."""
    lo = np.maximum(np.asarray(a.bounds[0::2]), np.asarray(b.bounds[0::2]))
    hi = np.minimum(np.asarray(a.bounds[1::2]), np.asarray(b.bounds[1::2]))
    return bool(np.all(lo < hi + margin))
