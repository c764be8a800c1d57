"""Pelvic measurements that differ between the sexes, from the atlas's bones and landmarks.

What a pelvimetry study reports, measured the same way on either body so the two can be set
beside each other and beside published ranges (``meshes/README.md``, ``tests/anatomy``): the
distances between the two anterior superior iliac spines, the two ischial tuberosities and the
two ischial spines, and the subpubic angle. RAS millimetres; angles in degrees.
"""

from __future__ import annotations

import numpy as np

#: The inferior margin of the symphysis is searched among each pubis's points this near its most
#: medial point (mm): the symphyseal face.
SYMPHYSIS_FACE_MM = 6.0
#: The arch's edges are read on the inferior rami this far from its apex (mm): beyond the
#: rounded corner under the symphysis, above the tuberosities.
RAMUS_WINDOW_MM = (15.0, 45.0)
#: Bone points within this distance of the plane of the arch count (mm).
ARCH_PLANE_MM = 8.0
#: Percentile of each side's angles taken as its edge (robust to a stray vertex).
EDGE_PERCENTILE = 2.0


def _distance(a, b) -> float:
    return float(np.linalg.norm(np.asarray(a, float) - np.asarray(b, float)))


def widths(landmarks: dict[str, dict[str, np.ndarray]]) -> dict[str, float]:
    """Inter-ASIS, intertuberous and interspinous distances (mm)."""
    left, right = landmarks["left"], landmarks["right"]
    return {
        "inter_asis_mm": _distance(left["asis"], right["asis"]),
        "intertuberous_mm": _distance(left["ischial_tuberosity"], right["ischial_tuberosity"]),
        "interspinous_mm": _distance(left["ischial_spine"], right["ischial_spine"]),
    }


def subpubic_apex(left_hip: np.ndarray, right_hip: np.ndarray) -> np.ndarray:
    """The inferior margin of the pubic symphysis: midway between the lowest points of the two
    symphyseal faces (each pubis's points within ``SYMPHYSIS_FACE_MM`` of its most medial one)."""
    lowest = []
    for points, sign in ((left_hip, -1.0), (right_hip, 1.0)):
        lateral = sign * points[:, 0]
        face = points[lateral < lateral.min() + SYMPHYSIS_FACE_MM]
        lowest.append(face[np.argmin(face[:, 2])])
    return (lowest[0] + lowest[1]) / 2


def subpubic_angle(left_hip: np.ndarray, right_hip: np.ndarray, landmarks: dict[str, dict[str, np.ndarray]]) -> float:
    """The angle of the pubic arch (degrees), as on a 3D reconstruction viewed square to the arch.

    The arch's plane passes through its apex (the symphysis's inferior margin) and the two ischial
    tuberosities. In that plane, the opening is the widest angle, bisected by the line from the
    apex to the midpoint of the tuberosities, that holds no bone of the inferior rami: on each side
    the bone point nearest the bisector (in angle) between 15 and 45 mm from the apex."""
    apex = subpubic_apex(left_hip, right_hip)
    tl, tr = landmarks["left"]["ischial_tuberosity"], landmarks["right"]["ischial_tuberosity"]
    down = (tl + tr) / 2 - apex
    down /= np.linalg.norm(down)
    normal = np.cross(tr - apex, tl - apex)
    normal /= np.linalg.norm(normal)
    half_angles = []
    for points in (left_hip, right_hip):
        offsets = points - apex
        in_plane = offsets - np.outer(offsets @ normal, normal)
        r = np.linalg.norm(in_plane, axis=1)
        keep = (np.abs(offsets @ normal) < ARCH_PLANE_MM) & (r > RAMUS_WINDOW_MM[0]) & (r < RAMUS_WINDOW_MM[1])
        cosine = (in_plane[keep] @ down) / r[keep]
        angles = np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))
        half_angles.append(float(np.percentile(angles, EDGE_PERCENTILE)))
    return sum(half_angles)
