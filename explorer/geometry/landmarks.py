"""Bony landmarks computed from bone surfaces, per side, in RAS millimetres.

These are the points a clinician palpates (ASIS, PSIS, iliac crest and tubercle, greater
trochanter, ischial tuberosity, coccyx tip) and the deep ones anatomy hangs on (greater sciatic
notch, hip centre). Each is an extreme point of a bone within an anatomically defined window, so
the same rule works on any pelvis in the RAS frame (x right, y anterior, z superior). ``lateral = side_sign * x`` with +1 for right and -1 for left.
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
#: Where to look for the iliac tubercle behind the ASIS (mm; Gray's: about 5 cm behind it).
TUBERCLE_WINDOW_MM = (30.0, 80.0)
#: The trochanter's tip is searched among femur points at least this far lateral to the hip centre.
TROCHANTER_LATERAL_TO_HEAD_MM = 35.0


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
    hip_bone: np.ndarray, femur: np.ndarray, sacrum: np.ndarray, coccyx: np.ndarray, hip_centre: np.ndarray, side: str
) -> dict[str, np.ndarray]:
    """Named landmarks of one side from vertex arrays (RAS mm) of that side's bones.

    Points are (3,) arrays; ``iliac_crest`` is a polyline (n, 3) from PSIS end to ASIS end.
    Each is defined the way it is palpated or measured:

    - ASIS / PSIS: the most anterior / posterior point of the iliac wing (above the acetabulum).
    - Iliac tubercle: the most lateral point of the crest's outer lip 30-80 mm behind the ASIS.
    - Greater trochanter: its most lateral point (what the heel of the hand finds); its tip
      (``greater_trochanter_tip``) is its highest point lateral to the femoral head.
    - Ischial tuberosity: the posteroinferior extreme of the ischium (the bulk one sits on),
      not the lowest vertex of the bone, which lies on the ischiopubic ramus further forward.
    - Ischial spine: the point of the posterior border between the tuberosity and the greater
      sciatic notch that reaches nearest to the lower sacrum and coccyx (where the sacrospinous
      ligament attaches).
    - Coccyx tip: the lowest point of the coccyx (midline: the same point for both sides).
    """
    s = side_sign(side)
    wing = hip_bone[hip_bone[:, 2] > hip_centre[2] + ILIAC_WING_ABOVE_HIP_MM]
    asis = wing[np.argmax(wing[:, 1])]
    psis = wing[np.argmin(wing[:, 1])]
    crest = iliac_crest(hip_bone, hip_centre)
    lip = wing[(wing[:, 1] < asis[1] - TUBERCLE_WINDOW_MM[0]) & (wing[:, 1] > asis[1] - TUBERCLE_WINDOW_MM[1])]
    lip = lip[lip[:, 2] > np.interp(lip[:, 1], crest[:, 1], crest[:, 2]) - 20.0]
    tubercle = lip[np.argmax(s * lip[:, 0])]
    lo, hi = TROCHANTER_WINDOW_MM
    window = femur[(femur[:, 2] > hip_centre[2] + lo) & (femur[:, 2] < hip_centre[2] + hi)]
    trochanter = window[np.argmax(s * window[:, 0])]
    beyond_head = femur[s * (femur[:, 0] - hip_centre[0]) > TROCHANTER_LATERAL_TO_HEAD_MM]
    trochanter_tip = beyond_head[np.argmax(beyond_head[:, 2])]
    below = hip_bone[(hip_bone[:, 1] < hip_centre[1]) & (hip_bone[:, 2] < hip_centre[2] - 30.0)]
    ischial_tuberosity = below[np.argmax(-below[:, 1] - below[:, 2])]
    notch = greater_sciatic_notch(hip_bone, hip_centre, ischial_tuberosity, psis)
    between = hip_bone[
        (hip_bone[:, 1] < hip_centre[1] - 10.0)
        & (hip_bone[:, 2] > ischial_tuberosity[2] + 20.0)
        & (hip_bone[:, 2] < notch[2] - 5.0)
    ]
    # The spine is the apex the sacrospinous ligament pulls toward the lower sacrum and coccyx:
    # of the posterior border's points, the one nearest to them. (The most medial point there
    # is the obturator foramen's posterior margin, some 4 cm lower and further forward.)
    sacrococcygeal = np.vstack([sacrum[sacrum[:, 2] < notch[2]], coccyx])
    reach = np.min(np.linalg.norm(between[:, None, :] - sacrococcygeal[None, ::4, :], axis=2), axis=1)
    ischial_spine = between[np.argmin(reach)]
    return {
        "hip_centre": np.asarray(hip_centre, float),
        "asis": asis,
        "psis": psis,
        "iliac_crest_summit": crest[np.argmax(crest[:, 2])],
        "iliac_crest": crest,
        "iliac_tubercle": tubercle,
        "greater_trochanter": trochanter,
        "greater_trochanter_tip": trochanter_tip,
        "ischial_tuberosity": ischial_tuberosity,
        "ischial_spine": ischial_spine,
        "greater_sciatic_notch": notch,
        "coccyx_tip": coccyx[np.argmin(coccyx[:, 2])],
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
