"""Bony landmarks computed from bone surfaces, per side, in RAS millimetres.

These are the points a clinician palpates (ASIS, PSIS, iliac crest and tubercle, greater
trochanter, ischial tuberosity, coccyx tip) and the deep ones anatomy hangs on (greater sciatic
notch, hip centre). Each is an extreme point of a bone within an anatomically defined window, so
the same rule works on any pelvis in the RAS frame (x right, y anterior, z superior), not just
on the MyoLeg one. ``lateral = side_sign * x`` with +1 for right and -1 for left.
"""

from __future__ import annotations

import numpy as np

SIDES = ("left", "right")
#: Landmarks a clinician palpates, by their key in landmarks.json, with the names shown.
LANDMARK_NAMES = {
    "asis": "ASIS", "psis": "PSIS", "iliac_crest_summit": "Iliac crest", "iliac_tubercle": "Iliac tubercle",
    "greater_trochanter": "Greater trochanter", "ischial_tuberosity": "Ischial tuberosity",
    "coccyx_tip": "Coccyx tip", "gluteal_fold": "Gluteal fold",
}

#: Minimum height above the hip centre for a point to count as part of the iliac wing (mm):
#: keeps the pubis and acetabular rim out of the ASIS/PSIS/crest search.
ILIAC_WING_ABOVE_HIP_MM = 40.0
#: Height window around the hip centre where the greater trochanter's lateral surface lies (mm).
TROCHANTER_WINDOW_MM = (-50.0, 30.0)
CREST_SAMPLES = 24
#: Distance of the iliac tubercle behind the ASIS, along the crest (Gray's: about 5 cm).
TUBERCLE_BEHIND_ASIS_MM = 50.0


def side_sign(side: str) -> float:
    """+1 for right, -1 for left: multiplies x to give 'lateral'."""
    return 1.0 if side == "right" else -1.0


def iliac_crest(hip_bone: np.ndarray, hip_centre: np.ndarray) -> np.ndarray:
    """Iliac crest as a polyline from posterior (PSIS end) to anterior (ASIS end).

    The crest is the top of the iliac wing: for slices along the anteroposterior axis, the
    highest point of the bone in that slice.
    """
    wing = hip_bone[hip_bone[:, 2] > hip_centre[2] + ILIAC_WING_ABOVE_HIP_MM]
    edges = np.linspace(wing[:, 1].min(), wing[:, 1].max(), CREST_SAMPLES + 1)
    crest = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_slice = wing[(wing[:, 1] >= lo) & (wing[:, 1] <= hi)]
        if len(in_slice):
            crest.append(in_slice[np.argmax(in_slice[:, 2])])
    return np.array(crest)


def pelvic_landmarks(
    hip_bone: np.ndarray, femur: np.ndarray, sacrum: np.ndarray, hip_centre: np.ndarray, side: str
) -> dict[str, np.ndarray]:
    """Named landmarks of one side from vertex arrays (RAS mm) of that side's bones.

    Points are (3,) arrays; ``iliac_crest`` is a polyline (n, 3) from PSIS end to ASIS end.
    """
    s = side_sign(side)
    wing = hip_bone[hip_bone[:, 2] > hip_centre[2] + ILIAC_WING_ABOVE_HIP_MM]
    asis = wing[np.argmax(wing[:, 1])]
    psis = wing[np.argmin(wing[:, 1])]
    crest = iliac_crest(hip_bone, hip_centre)
    # The tubercle juts out of the crest's outer lip about 5 cm behind the ASIS; the coarse
    # model bone has no bump there, so take the crest point at that distance along the crest.
    along = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(crest[::-1], axis=0), axis=1))])
    tubercle = crest[::-1][np.argmin(np.abs(along - TUBERCLE_BEHIND_ASIS_MM))]
    lo, hi = TROCHANTER_WINDOW_MM
    window = femur[(femur[:, 2] > hip_centre[2] + lo) & (femur[:, 2] < hip_centre[2] + hi)]
    trochanter = window[np.argmax(s * window[:, 0])]
    behind_hip = hip_bone[hip_bone[:, 1] < hip_centre[1]]
    ischial_tuberosity = behind_hip[np.argmin(behind_hip[:, 2])]
    notch = greater_sciatic_notch(hip_bone, hip_centre, ischial_tuberosity, psis)
    coccyx_tip = sacrum[np.argmin(sacrum[:, 2])]  # midline: the same point for both sides
    return {
        "hip_centre": np.asarray(hip_centre, float),
        "asis": asis,
        "psis": psis,
        "iliac_crest_summit": crest[np.argmax(crest[:, 2])],
        "iliac_crest": crest,
        "iliac_tubercle": tubercle,
        "greater_trochanter": trochanter,
        "ischial_tuberosity": ischial_tuberosity,
        "greater_sciatic_notch": notch,
        "coccyx_tip": coccyx_tip,
    }


def greater_sciatic_notch(
    hip_bone: np.ndarray, hip_centre: np.ndarray, ischial_tuberosity: np.ndarray, psis: np.ndarray
) -> np.ndarray:
    """Deepest point of the notch on the posterior border of the hip bone.

    Along the posterior border between the ischium and the PSIS, the notch is where the border
    reaches farthest forward: for height slices, take each slice's most posterior point, then the
    slice where that point is most anterior.
    """
    z_lo = ischial_tuberosity[2] + 45.0
    z_hi = psis[2] - 25.0
    posterior = hip_bone[hip_bone[:, 1] < hip_centre[1]]
    border = []
    for lo, hi in zip(np.arange(z_lo, z_hi, 4.0), np.arange(z_lo + 4.0, z_hi + 4.0, 4.0)):
        in_slice = posterior[(posterior[:, 2] >= lo) & (posterior[:, 2] < hi)]
        if len(in_slice):
            border.append(in_slice[np.argmin(in_slice[:, 1])])
    border = np.array(border)
    return border[np.argmax(border[:, 1])]
