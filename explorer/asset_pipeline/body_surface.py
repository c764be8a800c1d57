"""The body surface from the subject's own skin: crop, ease over the deep body, fat and fascia.

::

    HRA skin (fitted by skin_fit)
      -> cropped to the scene's heights, capped (a closed solid; each thigh its own disc)
      -> reduced to SKIN_TRIANGLES
      -> eased: pushed out, smoothly, only where a deep structure comes within CLEARANCE_MM
      -> its fat brought to the published regional pattern, its own detail kept (regional_fat),
         and eased again
      -> where the pushes folded it through itself (the walls of a deep natal cleft pushed off
         the coccyx between them), smoothed there and eased again along straighter directions
      -> per vertex: the subject's own fat (skin to the deep envelope), the fascia under it,
         and the room it has before it meets the body across a gap (natal cleft, inner thighs),
         along directions averaged over a few centimetres; the caps follow their rims

The last step is what the planner's body build reads back (``body_build.BODY_ARRAYS``, in the fat
shell): a fat setting moves each skin point along the same direction, by a fat that follows the
subject's own regional thickness and never exceeds that point's room, so the body keeps its
shape and the thighs never fuse; the zones ride on their skin triangles.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import regional_fat, registration, skin_fit, soft_tissue, surfaces


#: The skin's placement on the atlas is stored beside its source file, named after it with this
#: ending (``skin_fit.placement``).
PLACEMENT_SUFFIX = ".placement.json"
#: Triangles of the outer skin surface (the other shells share its connectivity).
SKIN_TRIANGLES = 16000
#: Every bone and muscle lies at least this far inside the skin's outer face: the skin and a thin
#: adult's fat over the gluteal muscles (about half the pooled ventrogluteal mean of 19.9 mm,
#: Gulnar et al. 2023). Where the two sources disagree (the scanned gluteal muscles spread wider
#: at the lateral hip than the skin), this is the fat the subject is given.
CLEARANCE_MM = soft_tissue.SKIN_MM + 10.0
#: The thinnest fat the model keeps (mm), where the skin lies on the envelope.
MIN_FAT_MM = 2.0
#: A skin point may move out by at most half the gap across to the body, less this (mm).
ROOM_MARGIN_MM = 2.0
ROOM_LIMIT_MM = 200.0
#: A skin point across a gap faces back or aside: its direction against this one's below this
#: cosine (points inside a cap have no direction, and face nothing).
FACING = 0.3
#: How far into a cap (mm) its points still follow the rim's move.
CAP_FOLLOW_MM = 60.0
#: How fast (mm per mm along the skin) a point's room may rise from its neighbour's.
ROOM_SLOPE = 0.5
#: Rings of neighbours the outward directions are averaged over (vertices ~7 mm apart).
DIRECTION_PASSES = 8
#: Height (mm) above a cap's plane within which a skin point counts as its rim (decimation leaves
#: a rim vertex a little off the plane).
RIM_MM = 2.0
#: Where the eased skin folds over (``subject_skin``), at most ``UNFOLD_TRIES`` times: the fold's
#: points and two rings round it are smoothed, at most ``UNFOLD_PASSES`` passes; then the skin is
#: eased again, its directions averaged ``STRAIGHTEN_PASSES`` more rings over ``STRAIGHTEN_RINGS``
#: rings round the fold (some 4 cm: the width of her natal cleft's floor).
UNFOLD_TRIES = 4
UNFOLD_PASSES = 50
STRAIGHTEN_PASSES = 16
STRAIGHTEN_RINGS = 6
#: Height (mm) over which the directions turn horizontal toward a cap.
CAP_BAND_MM = 40.0


def subject_skin(deep: list[pv.PolyData], landmarks: dict, envelope: pv.ImageData, z_range: tuple[float, float],
                 log=print, subject=None) -> tuple[pv.PolyData, dict]:
    """The fitted, cropped, closed and eased outer skin (RAS mm) with ``BODY_ARRAYS``; the report."""
    from explorer.asset_pipeline import source_meshes
    from explorer.asset_pipeline.subjects import MALE

    subject = subject or MALE  # the subject's own HRA skin
    vertices, faces = source_meshes.hra_nodes(f"{subject.hra_prefix}_Skin.glb", subject)[f"{subject.hra_prefix}_skin"]
    raw = skin_fit.skin_in_ras(vertices, faces)
    deep_points = np.vstack([np.asarray(m.points) for m in deep])
    start_surface = soft_tissue.iso_surface(envelope, soft_tissue.DEFAULT_FAT_MM + soft_tissue.SKIN_MM)
    stored = source_meshes.SOURCE_DIR / subject.hra_dir / f"{subject.hra_prefix}_Skin{PLACEMENT_SUFFIX}"
    matrix, report = skin_fit.placement(raw, deep_points, landmarks, np.asarray(start_surface.points), stored, log,
                                        **subject.skin_fit)
    raw.points = registration.apply(matrix, raw.points)
    fitted = surfaces.decimate(cropped(raw, z_range), SKIN_TRIANGLES)
    deep_distance = skin_fit.SignedDistance(list(deep), voxel_mm=2.0)
    own = off_caps(fitted, z_range)
    average = _neighbour_mean(fitted)  # every later skin has the fitted one's triangles
    straightened = np.zeros(fitted.n_points, bool)
    skin, moved, regional = _eased_with_regional_fat(fitted, z_range, deep_distance, envelope, landmarks)
    for _ in range(UNFOLD_TRIES):
        turned = _turned_over(np.asarray(skin.points), fitted.regular_faces, own)
        if not turned.any():
            break
        log(f"skin folded over in {int(turned.sum())} triangles: smoothed there and eased again")
        corners = fitted.regular_faces[turned].ravel()
        straightened |= _around(corners, average, STRAIGHTEN_RINGS)
        skin = _unfolded(skin, own, _around(corners, average, 2), average)
        skin, _ = eased(skin, _directions(skin, z_range, straightened, average), deep_distance, CLEARANCE_MM)
    report["eased_max_mm"] = round(float(moved.max()), 1)
    report["eased_area_fraction"] = round(float(np.mean(moved > 1.0)), 3)
    report["regional_fat"] = regional
    report["straightened_points"] = int(straightened.sum())
    skin = with_body_arrays(skin, outward_directions(skin, z_range), envelope)
    report["triangles"] = int(skin.n_cells)
    log(f"skin cropped, closed and eased ({report['eased_max_mm']} mm at most, over {report['eased_area_fraction']:.0%})")
    return skin, report


def _eased_with_regional_fat(fitted: pv.PolyData, z_range: tuple[float, float], deep_distance, envelope: pv.ImageData,
                             landmarks: dict) -> tuple[pv.PolyData, np.ndarray, dict]:
    """The fitted skin eased over the deep body, its fat brought to the regional pattern, and
    eased again (the fat is measured to the deep envelope, which can leave out what lies in a
    deep natal cleft, her coccyx, where the pattern thins the skin onto it); how far the first
    easing moved each point; the regional report."""
    skin, moved = eased(fitted, outward_directions(fitted, z_range), deep_distance, CLEARANCE_MM)
    skin, regional = with_regional_fat(skin, outward_directions(skin, z_range), envelope, landmarks)
    skin, _ = eased(skin, outward_directions(skin, z_range), deep_distance, CLEARANCE_MM)
    return skin, moved, regional


def _directions(skin: pv.PolyData, z_range: tuple[float, float], straightened: np.ndarray, average) -> np.ndarray:
    """``outward_directions``, averaged ``STRAIGHTEN_PASSES`` more rings at the ``straightened``
    points. In a deep natal cleft the directions of its two walls converge: moved along them,
    the walls cross and the skin folds through itself. Averaged, they point out of the cleft
    together, and a surface moved along nearly one direction cannot fold."""
    directions = outward_directions(skin, z_range)
    free = straightened & np.any(directions, axis=1)
    for _ in range(STRAIGHTEN_PASSES):
        directions[free] = (average @ directions)[free]
    directions[free] /= np.linalg.norm(directions[free], axis=1)[:, None]
    return directions


def off_caps(skin: pv.PolyData, z_range: tuple[float, float]) -> np.ndarray:
    """The skin's triangle normals, zero on the caps and their rims (a cap's flat triangles may
    turn as its rim moves, and the caps follow their rims later): what ``_turned_over`` checks."""
    points = np.asarray(skin.points, float)
    faces = skin.regular_faces
    return face_normals(points, faces) * np.all(_cap_height(points, z_range)[faces] >= RIM_MM, axis=1)[:, None]


def _cap_height(points: np.ndarray, z_range: tuple[float, float]) -> np.ndarray:
    """How far (mm) each point lies from the nearer of the two caps' planes."""
    return np.min(np.abs(np.asarray(points)[:, 2:3] - np.asarray(z_range)[None, :]), axis=1)


def face_normals(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Unit normals of the triangles ``faces`` over ``points`` (by their winding)."""
    a, b, c = (points[faces[:, i]] for i in range(3))
    normals = np.cross(b - a, c - a)
    return normals / np.maximum(np.linalg.norm(normals, axis=1), 1e-12)[:, None]


def _turned_over(points: np.ndarray, faces: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Which triangles face away from their ``reference`` normal: the skin folded over there."""
    return np.einsum("ij,ij->i", face_normals(points, faces), reference) < 0.0


def _unfolded(skin: pv.PolyData, reference: np.ndarray, region: np.ndarray, average) -> pv.PolyData:
    """``skin`` with the points of ``region`` moved to their neighbours' mean until no triangle
    is turned over against ``reference`` (at most ``UNFOLD_PASSES`` passes): a fold's loop
    shrinks away and the cleft's floor is left a little blunter. ``average``: the 1-ring mean
    (``_neighbour_mean``)."""
    points = np.asarray(skin.points, float).copy()
    for _ in range(UNFOLD_PASSES):
        if not _turned_over(points, skin.regular_faces, reference).any():
            break
        points[region] = (average @ points)[region]
    out = skin.copy()
    out.points = points
    return surfaces.with_normals(out)


def _around(corners: np.ndarray, average, rings: int) -> np.ndarray:
    """The points ``corners`` (indices) and ``rings`` rings of neighbours round them, as a mask
    (``average``: the 1-ring mean, ``_neighbour_mean``)."""
    region = np.zeros(average.shape[0], bool)
    region[corners] = True
    for _ in range(rings):
        region |= (average @ region.astype(float)) > 0
    return region


def with_regional_fat(skin: pv.PolyData, directions: np.ndarray, envelope: pv.ImageData,
                      landmarks: dict) -> tuple[pv.PolyData, dict]:
    """The skin moved along ``directions`` so that its fat follows the published regional
    pattern (``regional_fat``); the report."""
    from explorer.geometry.zones import skin_point_from

    fat = measured_fat(skin, envelope)
    behind = np.array([0.0, -1.0, 0.0])
    psis_skin = [skin_point_from(skin, np.asarray(lm["psis"]) + [0.0, 20.0, 0.0], behind) for lm in landmarks.values()]
    wanted, report = regional_fat.reshaped(fat, np.asarray(skin.points, float), _neighbour_mean(skin), landmarks,
                                           psis_skin, CLEARANCE_MM - soft_tissue.SKIN_MM)
    out = skin.copy()
    out.points = np.asarray(skin.points) + directions * (wanted - fat)[:, None]
    return surfaces.with_normals(out), report


def cropped(skin: pv.PolyData, z_range: tuple[float, float]) -> pv.PolyData:
    """The closed skin between two heights, capped, without the hands and forearms (which hang
    beside the hips and come out as separate pieces): the piece that holds the pelvis."""
    lo, hi = z_range
    body = surfaces.cut(surfaces.cut(skin, np.array([0.0, 0.0, lo]), np.array([0.0, 0.0, 1.0])), np.array([0.0, 0.0, hi]), np.array([0.0, 0.0, -1.0]))
    parts = body.connectivity("all").split_bodies()
    centre = np.array([0.0, 0.0, (lo + hi) / 2])
    keep = min(parts, key=lambda p: np.linalg.norm(np.asarray(p.center) - centre))
    return keep.extract_surface(algorithm=None).triangulate().clean()


def outward_directions(skin: pv.PolyData, z_range: tuple[float, float]) -> np.ndarray:
    """Unit outward directions: the normals averaged over about ``DIRECTION_PASSES`` rings, so
    that a thick build swells the body as a whole instead of ballooning each bump and crumpling
    each hollow; turned horizontal toward the two caps over ``CAP_BAND_MM`` (the rim moves only
    horizontally, so the cut stays flat, and the skin below it follows without a lip); none
    inside a cap."""
    skin = surfaces.with_normals(skin)
    directions = np.array(skin.point_data["Normals"], float)
    height = _cap_height(skin.points, z_range)
    on_cap = height < RIM_MM
    directions[on_cap, 2] = 0.0
    still = on_cap & (np.linalg.norm(directions, axis=1) < 0.3)
    directions[still] = 0.0
    average = _neighbour_mean(skin)
    for _ in range(DIRECTION_PASSES):
        directions = average @ directions
        directions[still] = 0.0
    directions[:, 2] *= np.clip(height / CAP_BAND_MM, 0.0, 1.0)
    length = np.linalg.norm(directions, axis=1)
    keep = ~still & (length > 1e-9)
    directions[keep] /= length[keep, None]
    return directions


def _neighbour_mean(mesh: pv.PolyData):
    """Sparse matrix averaging each vertex with its 1-ring (for smoothing per-vertex values)."""
    from scipy import sparse

    faces = mesh.regular_faces
    rows = np.concatenate([faces[:, [0, 1, 2]].ravel(), np.arange(mesh.n_points)])
    cols = np.concatenate([faces[:, [1, 2, 0]].ravel(), np.arange(mesh.n_points)])
    adjacency = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(mesh.n_points,) * 2).tocsr()
    adjacency = ((adjacency + adjacency.T) > 0).astype(float)
    return sparse.diags(1.0 / np.asarray(adjacency.sum(axis=1)).ravel()) @ adjacency


def eased(skin: pv.PolyData, directions: np.ndarray, deep_distance, clearance_mm: float,
          rounds: int = 30) -> tuple[pv.PolyData, np.ndarray]:
    """The skin pushed out along ``directions`` where the deep body comes nearer than
    ``clearance_mm`` (a smooth bulge, not a dent-free offset of everything); and how far each
    vertex moved (mm). Elsewhere the subject's own surface is kept exactly."""
    average = _neighbour_mean(skin)
    normals = directions
    base = np.asarray(skin.points, float)
    moved = np.zeros(len(base))
    movable = np.linalg.norm(normals, axis=1) > 0  # not inside a cap, where the deep body is cut too
    for _ in range(rounds):
        deficit = np.where(movable, np.maximum(clearance_mm - deep_distance(base + normals * moved[:, None]), 0.0), 0.0)
        if deficit.max() < 0.25:
            break
        push = deficit * 1.3
        for _ in range(6):  # spread the push over the neighbours: a bulge, not a spike
            push = np.maximum(push, average @ push)
        moved += push
        moved = np.maximum(moved, 0.0)
    out = skin.copy()
    out.points = base + normals * moved[:, None]
    return surfaces.with_normals(out), moved


def with_body_arrays(skin: pv.PolyData, directions: np.ndarray, envelope: pv.ImageData) -> pv.PolyData:
    """``BODY_ARRAYS`` on the outer skin: the fat between its inner face and the deep envelope
    (nearest distance, so the fascia never enters the envelope), smoothed a little, at least
    ``MIN_FAT_MM``; the fascia under each point; the room to the body across a gap."""
    points = np.asarray(skin.points, float)
    normals, fat, space = _caps_follow_rims(points, directions, measured_fat(skin, envelope), room(skin, directions))
    out = skin.copy()
    out.point_data["fascia_mm"] = points - normals * (fat + soft_tissue.SKIN_MM)[:, None]
    out.point_data["body_direction"] = normals
    out.point_data["subject_fat_mm"] = fat
    out.point_data["room_mm"] = space
    return out


def _caps_follow_rims(points: np.ndarray, directions: np.ndarray, fat: np.ndarray, space: np.ndarray):
    """Directions, fat and room with each point inside a cap (no direction of its own) moving
    as its nearest rim point does, less the further in it lies (none beyond ``CAP_FOLLOW_MM``):
    a thinner build pulls the rim in, and a cap that stayed put would stick out as a flange."""
    from scipy.spatial import cKDTree

    still = ~np.any(directions, axis=1)
    directions, fat, space = directions.copy(), fat.copy(), space.copy()
    if not still.any():
        return directions, fat, space
    middle = 0.5 * (points[:, 2].min() + points[:, 2].max())
    for cap in (still & (points[:, 2] < middle), still & (points[:, 2] >= middle)):
        if not cap.any():
            continue
        level = np.median(points[cap, 2])
        rim = np.flatnonzero(~still & (np.abs(points[:, 2] - level) < 2.0))
        distance, nearest = cKDTree(points[rim, :2]).query(points[cap, :2])
        follow = np.clip(1.0 - distance / CAP_FOLLOW_MM, 0.0, 1.0)
        directions[cap] = directions[rim[nearest]] * follow[:, None]
        fat[cap], space[cap] = fat[rim[nearest]], space[rim[nearest]]
    return directions, fat, space


def measured_fat(skin: pv.PolyData, envelope: pv.ImageData) -> np.ndarray:
    """The fat (mm) under each skin point: its inner face to the deep envelope (nearest
    distance), smoothed a little, at least ``MIN_FAT_MM``."""
    probe = pv.PolyData(np.asarray(skin.points, float)).sample(envelope)
    depth = np.asarray(probe.point_data["signed_mm"], float) - soft_tissue.SKIN_MM
    average = _neighbour_mean(skin)
    for _ in range(3):
        depth = average @ depth
    return np.maximum(depth, MIN_FAT_MM)


def room(skin: pv.PolyData, normals: np.ndarray) -> np.ndarray:
    """How far each skin point may move outward before it meets the skin across a gap: half the
    distance to the nearest skin point in front of it that faces back toward it (the other thigh,
    the other side of the natal cleft, the genitals), less ``ROOM_MARGIN_MM``; ``ROOM_LIMIT_MM``
    where nothing faces it within twice that. Nearest, not along the normal: two surfaces can
    close in on each other obliquely."""
    from scipy.spatial import cKDTree

    points = np.asarray(skin.points, float)
    tree = cKDTree(points)
    out = np.full(len(points), ROOM_LIMIT_MM)
    neighbours = tree.query_ball_point(points, r=2 * ROOM_LIMIT_MM / 4)
    for i, near in enumerate(neighbours):
        if not np.any(normals[i]):
            continue
        near = np.asarray(near)
        offsets = points[near] - points[i]
        across = (offsets @ normals[i] > 1.0) & (normals[near] @ normals[i] < FACING) & np.any(normals[near], axis=1)
        if across.any():
            out[i] = min(ROOM_LIMIT_MM, max(np.linalg.norm(offsets[across], axis=1).min() / 2 - ROOM_MARGIN_MM, 0.0))
    return _sloped(skin, out, ROOM_SLOPE)


def _sloped(mesh: pv.PolyData, values: np.ndarray, slope: float) -> np.ndarray:
    """``values`` lowered until they rise by at most ``slope`` mm per mm along the surface's
    edges. A growth that stops at a limit jumping from a few millimetres (across the natal
    cleft) to the full room beside it would fold the skin at the jump; under a sloped limit the
    skin can only lean."""
    points = np.asarray(mesh.points, float)
    faces = mesh.regular_faces
    edges = np.vstack([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    edges = np.vstack([edges, edges[:, ::-1]])
    step = slope * np.linalg.norm(points[edges[:, 0]] - points[edges[:, 1]], axis=1)
    out = np.asarray(values, float).copy()
    for _ in range(len(out)):  # converges in as many rounds as the longest chain of lowered points
        lowered = out.copy()
        np.minimum.at(lowered, edges[:, 0], out[edges[:, 1]] + step)
        if np.array_equal(lowered, out):
            break
        out = lowered
    return out


def shells(skin: pv.PolyData) -> tuple[pv.PolyData, pv.PolyData]:
    """(skin shell, fat shell) from the outer skin and its ``BODY_ARRAYS``; the fat shell (whose
    inner surface is the fascia) carries the arrays for the planner's body build."""
    direction = np.asarray(skin.point_data["body_direction"])
    fascia_points = np.asarray(skin.point_data["fascia_mm"])
    inner = skin.copy()
    inner.points = np.asarray(skin.points) - direction * soft_tissue.SKIN_MM
    fascia = skin.copy()
    fascia.points = fascia_points
    return soft_tissue.shell(_plain(skin), _plain(inner)), soft_tissue.shell(inner, fascia)


def _plain(mesh: pv.PolyData) -> pv.PolyData:
    out = pv.PolyData(np.asarray(mesh.points), mesh.faces)
    out.point_data["Normals"] = mesh.point_data["Normals"]
    return out
