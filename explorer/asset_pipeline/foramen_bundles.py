"""Waypoints of the smaller nerves and vessels that leave the pelvis through the sciatic foramina.

Courses (Gray's Anatomy; Moore, Clinically Oriented Anatomy), pinned to the real bones,
ligaments and muscles:

- **Pudendal nerve** (S2-S4) and **internal pudendal artery**: out of the greater sciatic
  foramen below piriformis, medial to the sciatic nerve; over the back of the sacrospinous
  ligament close to the ischial spine (the nerve 0.6 +/- 0.4 cm medial to the spine, Lazarou
  et al. Int Urogynecol J 2008;19:649-654; the artery on the spine itself, lateral to the nerve);
  back in through the lesser sciatic foramen into the pudendal canal on the medial face of
  obturator internus, forward toward the perineum. Pudendal trunk 4.67 +/- 1.17 mm across
  (Clin Anat 2005;18:200-205).
- **Posterior femoral cutaneous nerve** (S1-S3): out below piriformis, medial and posterior to
  the sciatic nerve, down on its back deep to gluteus maximus, then under the fascia lata in the
  groove between biceps femoris and semitendinosus.
- **Nerve to quadratus femoris** (L4-S1): out below piriformis *deep* (anterior) to the sciatic
  nerve, down on the back of the ischium under the gemelli and the obturator internus tendon,
  into the deep face of quadratus femoris.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces
from explorer.asset_pipeline.free_space import FreeSpace
from explorer.geometry.landmarks import side_sign

PUDENDAL_NERVE_DIAMETER_MM = 4.5
INTERNAL_PUDENDAL_ARTERY_DIAMETER_MM = 3.5
POSTERIOR_FEMORAL_CUTANEOUS_DIAMETER_MM = 3.0
NERVE_TO_QUADRATUS_FEMORIS_DIAMETER_MM = 2.0
#: The cutaneous nerve leaves gluteus maximus' cover this far above the muscle's lowest point (mm).
UNDER_MAXIMUS_MM = 25.0
#: The cutaneous nerve runs this far medial to the sciatic nerve's centre (mm).
MEDIAL_OF_SCIATIC_MM = 3.0
#: The pudendal nerve crosses the back of the sacrospinous ligament this far medial to the
#: spine (mm; 0.6 +/- 0.4 cm, Lazarou et al., Int Urogynecol J 2008;19:649), at the spine's height.
PUDENDAL_MEDIAL_TO_SPINE_MM = 6.0
#: Out of the greater foramen it comes over the ligament's upper border between these distances
#: medial to the spine (mm), where the bundles routed before it leave the most room: the sciatic
#: nerve lies on or beside that border in some bodies (his left, 1.3 mm over it at 5-15 mm).
PUDENDAL_OVER_MEDIAL_MM = (6.0, 24.0)
#: Its axis keeps this far off the ligament's back where it crosses (mm): room for the nerve and
#: the internal pudendal vessels beside it between the two ligaments.
PUDENDAL_OFF_LIGAMENT_MM = 4.5
#: ... and this far over the ligament's upper border where it comes out of the greater foramen
#: (mm): the nerve's radius and a gap, for piriformis lies low on that border in some bodies.
PUDENDAL_OVER_BORDER_MM = 3.0
#: The channel opened for the pudendal route through the muscles along that way (radius, mm):
#: piriformis and gluteus maximus press on the border, and a muscle yields (it is grooved).
PUDENDAL_CHANNEL_MM = 3.5
#: Extra cost per voxel in front of the sacrospinous ligament's pelvic face, for the pudendal
#: route between the greater and lesser foramina.
PELVIC_FACE_COST = 50.0
#: How far in front of the ligament's pelvic face that cost reaches (mm).
PELVIC_FACE_DEPTH_MM = 40.0


def pelvic_face(space: FreeSpace, ligament, meshes: dict) -> np.ndarray:
    """Voxels of ``space`` in front of the sacrospinous ligament's pelvic face (within
    ``PELVIC_FACE_DEPTH_MM``, and square to the face rather than beyond its borders): where
    coccygeus lies on it, which the scans do not give. Each voxel is judged by the ligament's
    nearest point and the normal of the ligament's local plane there, turned toward the pelvis."""
    from scipy.spatial import cKDTree

    points = np.asarray(ligament.points)
    pelvis = np.vstack([np.asarray(meshes[k].points) for k in ("hip_bone_left", "hip_bone_right", "sacrum")]).mean(axis=0)
    tree = cKDTree(points)
    normals = np.empty_like(points)
    for i, neighbours in enumerate(tree.query_ball_point(points, 12.0)):
        local = points[neighbours]
        normal = np.linalg.svd(local - local.mean(axis=0), full_matrices=False)[2][2]
        normals[i] = normal if normal @ (pelvis - local.mean(axis=0)) > 0 else -normal
    g = space.grid
    lo = g.index(np.array(ligament.bounds[::2])[None] - PELVIC_FACE_DEPTH_MM)[0]
    hi = g.index(np.array(ligament.bounds[1::2])[None] + PELVIC_FACE_DEPTH_MM)[0] + 1
    idx = np.stack(np.meshgrid(*(np.arange(a, b) for a, b in zip(lo, hi)), indexing="ij"), axis=-1).reshape(-1, 3)
    xyz = g.point(idx)
    dist, nearest = tree.query(xyz)
    ahead = np.einsum("ij,ij->i", xyz - points[nearest], normals[nearest])
    front = (ahead > 0.5) & (ahead >= 0.7 * dist) & (dist <= PELVIC_FACE_DEPTH_MM)
    mask = np.zeros(g.shape, bool)
    mask[tuple(idx[front].T)] = True
    return mask


def pudendal_way(sacrospinous: pv.PolyData, lm: dict, side: str, room) -> np.ndarray:
    """Three points of the pudendal nerve's axis, from the ligament as built: in front of its upper
    border and over it (``PUDENDAL_OVER_BORDER_MM`` above the border), and behind it where it
    crosses (``PUDENDAL_MEDIAL_TO_SPINE_MM`` medial to the spine, at the spine's height,
    ``PUDENDAL_OFF_LIGAMENT_MM`` off its back). It comes over the border within
    ``PUDENDAL_OVER_MEDIAL_MM`` medial to the spine, where ``room`` (a function of points: the
    distance to bone and the bundles routed before) is greatest."""
    s, spine = side_sign(side), lm["ischial_spine"]
    points, normals = np.asarray(sacrospinous.points), np.asarray(sacrospinous.point_normals)
    medial = -s * (points[:, 0] - spine[0])
    back = normals @ np.array([s, -1.0, 0.0]) / np.sqrt(2.0) > 0.5  # the gluteal face: out and back
    at_spine = back & (np.abs(medial - PUDENDAL_MEDIAL_TO_SPINE_MM) < 2.0) & (np.abs(points[:, 2] - spine[2]) < 3.0)
    face, outward = points[at_spine].mean(axis=0), normals[at_spine].mean(axis=0)
    outward /= np.linalg.norm(outward)
    # The upper border: the highest point of each 1 mm strip across the ligament in that range.
    strips = np.round(medial).astype(int)
    low, high = PUDENDAL_OVER_MEDIAL_MM
    tops = np.array([points[strips == k][np.argmax(points[strips == k][:, 2])] for k in range(int(low), int(high) + 1) if (strips == k).any()])
    tops = tops + np.array([0.0, 0.0, PUDENDAL_OVER_BORDER_MM])
    top = tops[np.argmax(room(tops))]
    return np.array([top - outward * 2 * PUDENDAL_OFF_LIGAMENT_MM, top, face + outward * PUDENDAL_OFF_LIGAMENT_MM])


def channel(way: np.ndarray, radius: float) -> list[pv.PolyData]:
    """Spheres of ``radius`` every 2 mm along the pudendal way: the channel opened for its route."""
    centres = [way[0]]
    for a, b in zip(way[:-1], way[1:]):
        steps = int(np.ceil(np.linalg.norm(b - a) / 2.0))
        centres.extend(np.linspace(a, b, steps + 1)[1:])
    return [pv.Sphere(radius=radius, center=c, theta_resolution=16, phi_resolution=16) for c in centres]


def pudendal_waypoints(space: FreeSpace, lm: dict, side: str, way: np.ndarray, front: np.ndarray) -> list[np.ndarray]:
    """In the pelvis above the spine, out of the greater foramen and over the sacrospinous
    ligament along ``way`` (``pudendal_way``), in through the lesser foramen, forward in the
    canal. Where it comes over the ligament and crosses it, never in ``front`` of its pelvic face
    (``pelvic_face``)."""
    s = side_sign(side)
    spine, it = lm["ischial_spine"], lm["ischial_tuberosity"]
    medial = PUDENDAL_MEDIAL_TO_SPINE_MM
    inside = spine + np.array([-s * 20.0, 14.0, 20.0])
    into, exit_point, crossing = way
    lesser = spine + np.array([-s * (medial + 4.0), 2.0, -14.0])
    canal = np.array([it[0] - s * 16.0, it[1] + 38.0, it[2] + 24.0])
    return [
        space.snap(inside, 10.0),
        space.snap(into, 3.0),
        space.snap(exit_point, 3.0, among=~front),
        space.snap(crossing, 6.0, among=~front),
        space.snap(lesser, 9.0),
        space.snap(canal, 12.0, towards=np.array([s, 0.0, 0.0])),
    ]


def beside(nerve: np.ndarray, side: str) -> np.ndarray:
    """The internal pudendal artery's course: the nerve's, moved lateral to it (square to the
    nerve) by both radii and a millimetre: at the spine the artery lies lateral to the nerve,
    and the two run together in the canal."""
    s = side_sign(side)
    tangent = np.gradient(nerve, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    lateral = np.array([s, 0.0, 0.0]) - (tangent[:, 0] * s)[:, None] * tangent
    lateral /= np.maximum(np.linalg.norm(lateral, axis=1, keepdims=True), 1e-9)
    gap = PUDENDAL_NERVE_DIAMETER_MM / 2 + INTERNAL_PUDENDAL_ARTERY_DIAMETER_MM / 2 + 1.0
    return nerve + lateral * gap


def posterior_femoral_cutaneous_course(sciatic: np.ndarray, thin: np.ndarray, half_width: np.ndarray, half_depth: np.ndarray,
                                        meshes: dict, side: str, radius_mm: float) -> np.ndarray:
    """Its course in the buttock: on the back of the sciatic nerve and a little medial to it,
    from the foramen down to where gluteus maximus ends (``subfascial_descent`` carries it on).

    The sciatic nerve is routed through the widest plane between the rotators and gluteus
    maximus; the cutaneous nerve lies on its back, so its centre is the nerve's own, moved
    backward by as far as the band reaches that way, its own radius and a millimetre, and
    ``MEDIAL_OF_SCIATIC_MM`` toward the midline."""
    s = side_sign(side)
    piri = np.asarray(meshes[f"piriformis_{side}"].points)
    below = np.argmin(np.abs(sciatic[:, 2] - (piri[:, 2].min() - 4.0)))
    stop = np.asarray(meshes[f"gluteus_maximus_{side}"].points)[:, 2].min() + UNDER_MAXIMUS_MM
    rows = np.arange(max(below - 4, 0), len(sciatic))
    rows = rows[sciatic[rows, 2] > stop]
    tangent = np.gradient(sciatic, axis=0)[rows]
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    back = np.array([0.0, -1.0, 0.0]) + tangent[:, 1:2] * tangent  # backward, square to the nerve
    back /= np.linalg.norm(back, axis=1, keepdims=True)
    # How far the band's elliptic section reaches that way (its support distance).
    d_axis = thin[rows]
    w_axis = np.cross(tangent, d_axis)
    reach = np.hypot(half_width[rows] * (back * w_axis).sum(axis=1), half_depth[rows] * (back * d_axis).sum(axis=1))
    offset = back * (reach + radius_mm + 1.0)[:, None] + np.array([-s * MEDIAL_OF_SCIATIC_MM, 0.0, 0.0])
    return sciatic[rows] + offset


def subfascial_descent(meshes: dict, side: str, start: np.ndarray, radius_mm: float) -> np.ndarray:
    """The cutaneous nerve's thigh course below ``start``: on the back of the hamstrings, in the
    groove between biceps femoris and semitendinosus, just outside them (under the fascia lata,
    which the skin's fat layer stands for), down to the scene's lower edge."""
    bottom = meshes[f"femur_{side}"].bounds[4] + 14.0  # the muscles end in cut faces at the femur cut
    heights = np.arange(start[2] - 6.0, bottom, -6.0)
    course = np.array([_hamstring_groove(meshes, side, z, radius_mm + 1.0) for z in heights])
    # The groove wanders with the muscles' facets: smooth it across, keeping it behind them.
    smooth = course.copy()
    for _ in range(30):
        smooth[1:-1, :2] = (smooth[:-2, :2] + 2 * smooth[1:-1, :2] + smooth[2:, :2]) / 4
    smooth[:, 1] = np.minimum(smooth[:, 1], course[:, 1])
    return smooth


def _hamstring_groove(meshes: dict, side: str, z: float, off_mm: float) -> np.ndarray:
    """At height ``z``: the back of the junction between biceps femoris and semitendinosus,
    ``off_mm`` behind their surface."""
    s = side_sign(side)
    biceps, semi = (np.asarray(meshes[f"{name}_{side}"].points) for name in ("biceps_femoris_long_head", "semitendinosus"))
    b, t = biceps[np.abs(biceps[:, 2] - z) < 3.0], semi[np.abs(semi[:, 2] - z) < 3.0]
    x = s * ((s * b[:, 0]).min() + (s * t[:, 0]).max()) / 2  # biceps' inner edge and semitendinosus' outer
    near = np.vstack([b, t])
    near = near[np.abs(near[:, 0] - x) < 8.0]
    return np.array([x, near[:, 1].min() - off_mm, z])


def nerve_to_quadratus_femoris_course(sciatic: np.ndarray, hip_bone, meshes: dict, side: str, radius_mm: float) -> np.ndarray:
    """On the bone in front of the sciatic nerve: each point of the nerve from just inside the
    foramen down to quadratus femoris' upper border, taken to the nearest point of the hip bone
    and lifted off it by the radius and a millimetre; then into the muscle's deep face. (The
    gemelli and obturator internus it passes under are grooved to make room.)"""
    piri = np.asarray(meshes[f"piriformis_{side}"].points)
    qf = np.asarray(meshes[f"quadratus_femoris_{side}"].points)
    below = np.argmin(np.abs(sciatic[:, 2] - (piri[:, 2].min() - 4.0)))
    rows = np.arange(max(below - 6, 0), len(sciatic))
    rows = rows[sciatic[rows, 2] > qf[:, 2].max()]
    on_bone = surfaces.onto_nearest(sciatic[rows], [hip_bone], radius_mm + 1.0)
    for _ in range(10):
        on_bone[1:-1] = (on_bone[:-2] + 2 * on_bone[1:-1] + on_bone[2:]) / 4
    # Smoothing cuts across the bone's hollows (by 3 mm where the ischium curves): laid back on it.
    on_bone = surfaces.onto_nearest(on_bone, [hip_bone], radius_mm + 1.0)
    front = qf[qf[:, 1] > np.percentile(qf[:, 1], 80)].mean(axis=0)
    return np.vstack([on_bone, (on_bone[-1] + front) / 2, front])
