"""Injection sites drawn on the skin by the landmark methods taught in practice.

- Ventrogluteal (von Hochstetter): heel of the hand on the greater trochanter, index finger on
  the ASIS, middle finger spread along the iliac crest toward the tubercle. The zone is the V
  between the fingers (apex where the fingers part, about a third of the way from trochanter to
  crest) and the injection point its centre.
- Dorsogluteal: the upper outer quadrant of the buttock (vertical line halfway between the
  cleft and the lateral edge, horizontal line halfway between crest and gluteal fold), kept to
  the part superolateral to the line from PSIS to greater trochanter.

Zones are the part of the outer skin whose projection, seen along the direction the clinician
looks (laterally for ventrogluteal, from behind for dorsogluteal), falls inside the outline;
they sit ``LIFT_MM`` above the skin so they draw over it.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.geometry.landmarks import side_sign

LIFT_MM = 0.8
#: A skin point belongs to a zone only where its normal faces the viewer at least this much (cosine).
FACING_MIN = 0.2
#: Where the index and middle fingers part, as a fraction from trochanter to the crest span.
V_APEX_FRACTION = 0.33
#: Gluteal fold below the ischial tuberosity (mm): the fold lies at or just below its level.
FOLD_BELOW_TUBEROSITY_MM = 30.0
#: Dorsogluteal injection point: this far superolateral to the PSIS-trochanter line's midpoint.
DG_ABOVE_LINE_MM = 25.0


def ventrogluteal_outline(lm: dict[str, np.ndarray]) -> np.ndarray:
    """V triangle (apex, ASIS, iliac tubercle) in RAS mm."""
    crest_mid = (lm["asis"] + lm["iliac_tubercle"]) / 2
    apex = lm["greater_trochanter"] + V_APEX_FRACTION * (crest_mid - lm["greater_trochanter"])
    return np.array([apex, lm["asis"], lm["iliac_tubercle"]])


def dorsogluteal_outline(lm: dict[str, np.ndarray], skin: pv.PolyData, side: str) -> np.ndarray:
    """Upper outer quadrant cut by the PSIS-trochanter line, as (x, z) polygon corners.

    The quadrant's upper border follows the iliac crest as seen from behind, so the zone never
    rises above the bone a clinician palpates.
    """
    s = side_sign(side)
    lateral = buttock_lateral_edge(skin, lm, side)
    crest_z = lm["iliac_crest_summit"][2]
    fold_z = lm["ischial_tuberosity"][2] - FOLD_BELOW_TUBEROSITY_MM
    x_mid = lateral / 2
    z_mid = (crest_z + fold_z) / 2
    xs = np.linspace(x_mid, lateral, 10)
    top = np.column_stack([xs, crest_height_from_behind(lm["iliac_crest"], xs)])
    quadrant = np.vstack([[x_mid, z_mid], [lateral, z_mid], top[::-1]])
    p, g = lm["psis"][[0, 2]], lm["greater_trochanter"][[0, 2]]
    polygon = _clip_polygon_above_line(quadrant, p, g)
    if s < 0:
        polygon = polygon[::-1]
    return polygon


def crest_height_from_behind(crest: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """Height of the iliac crest seen from behind (its upper envelope) at each x (mm).

    Past the crest's lateral end the height stays that of its most lateral point.
    """
    order = np.argsort(crest[:, 0])
    x, z = crest[order, 0], crest[order, 2]
    heights = []
    for q in xs:
        near = np.abs(x - q) < 10.0
        heights.append(z[near].max() if near.any() else z[np.argmin(np.abs(x - q))])
    return np.array(heights)


def dorsogluteal_point_deep(lm: dict[str, np.ndarray]) -> np.ndarray:
    """Where the PSIS-trochanter method aims: superolateral to the line's midpoint.

    The point lies ``DG_ABOVE_LINE_MM`` from the midpoint, perpendicular to the line, toward
    the iliac crest; returned at the depth of the hip centre, to be carried out to the skin.
    """
    p, g = lm["psis"][[0, 2]], lm["greater_trochanter"][[0, 2]]
    mid = (p + g) / 2
    d = (g - p) / np.linalg.norm(g - p)
    up = np.array([-d[1], d[0]])
    if up[1] < 0:
        up = -up
    x, z = mid + DG_ABOVE_LINE_MM * up
    return np.array([x, lm["hip_centre"][1], z])


def buttock_lateral_edge(skin: pv.PolyData, lm: dict[str, np.ndarray], side: str) -> float:
    """x of the body's lateral skin edge at the level of the greater trochanter."""
    s = side_sign(side)
    band = skin.points[np.abs(skin.points[:, 2] - lm["greater_trochanter"][2]) < 6.0]
    return float(band[np.argmax(s * band[:, 0]), 0])


def _clip_polygon_above_line(polygon: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sutherland-Hodgman: keep the part of a 2D polygon on the upper (higher z) side of a-b."""
    direction = b - a
    normal = np.array([-direction[1], direction[0]])
    if normal[1] < 0:
        normal = -normal
    inside = lambda q: (q - a) @ normal >= 0  # noqa: E731 - tiny predicate, used twice below
    out = []
    for i in range(len(polygon)):
        cur, nxt = polygon[i], polygon[(i + 1) % len(polygon)]
        if inside(cur):
            out.append(cur)
        if inside(cur) != inside(nxt):
            t = ((a - cur) @ normal) / ((nxt - cur) @ normal)
            out.append(cur + t * (nxt - cur))
    return np.array(out)


def inside_polygon(points_2d: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Even-odd test of many 2D points against one simple polygon (any shape, convex or not)."""
    x, y = points_2d[:, 0:1], points_2d[:, 1:2]
    a, b = polygon, np.roll(polygon, -1, axis=0)
    crosses = (a[:, 1] > y) != (b[:, 1] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / (b[:, 1] - a[:, 1])
    return np.count_nonzero(crosses & (x < x_at), axis=1) % 2 == 1


def polygon_distance(points_2d: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Signed distance (mm) of 2D points to a simple polygon's outline: negative inside."""
    a, b = polygon, np.roll(polygon, -1, axis=0)
    ab = b - a
    t = np.clip(((points_2d[:, None, :] - a[None]) * ab[None]).sum(axis=2) / np.maximum((ab**2).sum(axis=1), 1e-12), 0, 1)
    nearest = a[None] + t[..., None] * ab[None]
    distance = np.linalg.norm(points_2d[:, None, :] - nearest, axis=2).min(axis=1)
    return np.where(inside_polygon(points_2d, polygon), -distance, distance)


def cut_zone(skin: pv.PolyData, outline_2d: np.ndarray, axes: tuple[int, int], view: np.ndarray) -> pv.PolyData:
    """Part of the skin facing ``view`` whose projection on ``axes`` lies inside the outline.

    ``view`` is the outward direction the zone faces (e.g. +x laterally on the right); the
    projection is what a clinician sees looking at the skin from that side. The border is cut
    through the triangles where the outline crosses them (a clip on the signed distance to the
    outline), so it is as smooth as the outline, not a staircase of whole triangles. The zone is
    lifted along the body build's direction where the skin carries one (else its normal).
    """
    skin = skin if "Normals" in skin.point_data else skin.compute_normals(split_vertices=False, auto_orient_normals=True)
    normals = np.asarray(skin.point_data["Normals"], float)
    level = polygon_distance(np.asarray(skin.points)[:, list(axes)], outline_2d)
    # Faces turned away from the viewer are out, whatever their projection (the far side of the body).
    level = np.maximum(level, (FACING_MIN - normals @ view) * 100.0)
    marked = skin.copy()
    marked.point_data["zone_level"] = level
    patch = marked.clip_scalar(scalars="zone_level", value=0.0, invert=True).extract_surface(algorithm=None)
    patch = patch.connectivity("largest").extract_surface(algorithm=None).triangulate().clean()
    if patch.n_points:
        direction = patch.point_data["body_direction"] if "body_direction" in patch.point_data else patch.point_data["Normals"]
        direction = np.asarray(direction, float) / np.maximum(np.linalg.norm(direction, axis=1, keepdims=True), 1e-9)
        patch.points = patch.points + direction * LIFT_MM
        patch = patch.compute_normals(split_vertices=False)
        if np.mean(patch.point_normals @ view) < 0:
            patch.flip_faces(inplace=True)
            patch = patch.compute_normals(split_vertices=False)
        for name in [n for n in patch.point_data.keys() if n != "Normals"]:
            del patch.point_data[name]  # the skin's arrays served the lift; a zone keeps its normals
    return patch


def ventrogluteal_zone(skin: pv.PolyData, lm: dict[str, np.ndarray], side: str) -> pv.PolyData:
    """Ventrogluteal V on the lateral hip skin."""
    s = side_sign(side)
    outline = ventrogluteal_outline(lm)[:, [1, 2]]
    return cut_zone(skin, outline, (1, 2), np.array([s, 0.0, 0.0]))


def dorsogluteal_zone(skin: pv.PolyData, lm: dict[str, np.ndarray], side: str) -> pv.PolyData:
    """Upper outer quadrant, superolateral to the PSIS-trochanter line, on the buttock's skin."""
    outline = dorsogluteal_outline(lm, skin, side)
    return cut_zone(skin, outline, (0, 2), np.array([0.0, -1.0, 0.0]))


def skin_point_from(skin: pv.PolyData, point: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Where a ray from deep ``point`` going out along ``direction`` leaves the skin."""
    far = point + np.asarray(direction, float) * 400.0
    hits, _ = skin.ray_trace(point, far)
    if len(hits) == 0:
        return skin.points[skin.find_closest_point(point)]
    return hits[np.argmax((hits - point) @ direction)]
