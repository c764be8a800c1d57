"""The subject's fat brought to its published regional pattern, keeping the skin's own detail.

The HRA skin is a finished model of the same man, not his segmented skin, and it does not sit
on the scanned muscles everywhere: measured between the fitted skin and the deep envelope, his
fat over the buttock ranged 5.3-fold (51 mm over the lower inner buttock, 10 mm at the lateral
hip, where the scanned gluteus medius spreads wider than the skin), and lay 31 mm over the PSIS.
Kim et al. 2014 (Arch Plast Surg 41:133; CT of 120 buttocks, dissection of 21) find the soft
tissue thinnest around the PSIS, next to the sacrum, and the thickest place 2.15 times (CT) to
3.24 times (cadavers) the thinnest.

So the fat is split into its broad part (smoothed over a few centimetres) and the detail the
skin's shape carries (natal cleft, gluteal folds, the lumbar curve). The broad part is drawn
toward its median by a power (``COMPRESSION``: 5.3-fold becomes about 2.3-fold) and, over the
PSIS and the sacrum between them, down to the thickest buttock fat divided by Kim's cadaver ratio
(the skin there is bound to bone, the dimples). The detail is added back, and the skin moves along its
own direction by the change: one smooth field, so no step where one rule hands over to another.
Nowhere does the fat fall below what the skin already had or ``FLOOR_MM``, whichever is less, so
every deep structure stays inside.
"""

from __future__ import annotations

import numpy as np

#: Power applied to the broad fat over its median (1: unchanged; 0.5: the ratio's square root).
COMPRESSION = 0.5
#: Kim et al. 2014: the thickest soft tissue of the buttock over the thinnest (around the PSIS),
#: in their 21 cadaver buttocks (2.15 on CT of the living): the subject is a cadaver too.
THICKEST_OVER_THINNEST = 3.24
#: Neighbour-averaging passes that give the broad part (vertices ~7 mm apart: about 4 cm).
BROAD_PASSES = 30
#: Width (mm, one sigma) of the band over the PSIS and the sacrum between them.
DIMPLE_SIGMA_MM = 25.0
#: Below the ischial tuberosities the change fades out over this height (mm).
THIGH_FADE_MM = 60.0
#: Upper share (percentile) of the buttock's broad fat taken as its thickest (not one vertex).
THICKEST_PERCENTILE = 95.0


def reshaped(fat: np.ndarray, points: np.ndarray, average, landmarks: dict, psis_skin: list[np.ndarray],
             floor_mm: float) -> tuple[np.ndarray, dict]:
    """The fat (mm) at each skin point after reshaping, and a report.

    ``fat``: the subject's fat at each point; ``average``: the 1-ring mean operator of the skin;
    ``landmarks``: per side (PSIS, ischial tuberosity, crest summit, hip centre, greater trochanter);
    ``psis_skin``: the skin points over the two PSIS; ``floor_mm``: the least fat kept where the
    subject had at least that much.
    """
    fat = np.asarray(fat, float)
    broad = fat.copy()
    for _ in range(BROAD_PASSES):
        broad = average @ broad
    detail = fat - broad
    buttock = _buttock(points, landmarks)
    median = float(np.median(broad[buttock]))
    compressed = median * (np.maximum(broad, 0.1) / median) ** COMPRESSION
    thin = float(np.percentile(compressed[buttock], THICKEST_PERCENTILE)) / THICKEST_OVER_THINNEST
    weight = np.exp(-0.5 * (_distance_to_segment(points, *psis_skin) / DIMPLE_SIGMA_MM) ** 2)
    target = np.where(compressed > thin, compressed * (1.0 - weight) + thin * weight, compressed)
    out = np.maximum(target + detail, np.minimum(fat, floor_mm))
    out = fat + (out - fat) * _above_thighs(points, landmarks)
    report = {"broad_median_mm": round(median, 1), "dimple_fat_mm": round(thin, 1),
              "moved_mm": [round(float((out - fat).min()), 1), round(float((out - fat).max()), 1)]}
    return out, report


def _buttock(points: np.ndarray, landmarks: dict) -> np.ndarray:
    """Skin points over the buttocks: behind the hip centres, between the tuberosities and the
    crest summits, within the trochanters."""
    sides = list(landmarks.values())
    y = max(lm["hip_centre"][1] for lm in sides)
    z_lo = min(lm["ischial_tuberosity"][2] for lm in sides)
    z_hi = max(lm["iliac_crest_summit"][2] for lm in sides)
    x = max(abs(lm["greater_trochanter"][0]) for lm in sides)
    return (points[:, 1] < y) & (points[:, 2] > z_lo) & (points[:, 2] < z_hi) & (np.abs(points[:, 0]) < x)


def _above_thighs(points: np.ndarray, landmarks: dict) -> np.ndarray:
    """1 from the ischial tuberosities up, fading to 0 ``THIGH_FADE_MM`` below them: the thighs
    keep the subject's own skin (the deep envelope there leaves out the adductors' inner edges,
    so its fat measure would thin the inner thighs onto them)."""
    z_tuberosity = min(lm["ischial_tuberosity"][2] for lm in landmarks.values())
    return np.clip(1.0 - (z_tuberosity - points[:, 2]) / THIGH_FADE_MM, 0.0, 1.0)


def _distance_to_segment(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ab = np.asarray(b, float) - a
    t = np.clip((points - a) @ ab / (ab @ ab), 0.0, 1.0)
    return np.linalg.norm(points - (a + t[:, None] * ab), axis=1)
