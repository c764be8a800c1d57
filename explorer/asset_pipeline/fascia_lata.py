"""The gluteal aponeurosis and the iliotibial tract: the lateral deep fascia as thin sheets.

- **Gluteal aponeurosis**: the dense fascia over the part of gluteus medius no muscle covers,
  from the iliac crest down to the upper border of gluteus maximus and forward to the border of
  tensor fasciae latae (on the lateral drape: the rays whose outermost solid is medius).
- **Iliotibial tract**: continuous with it below the level of the trochanter's tip (the seam,
  cut along one line so the two sheets meet edge to edge), spanning the gap between the
  anterior border of gluteus maximus and the posterior border of TFL, lying over each
  ``INSERTION_OVERLAP_MM`` where they insert into it, over the trochanteric bursa, then down the
  lateral thigh as a band narrowing to ``BAND_WIDTH_MM`` at the scene's lower cut.

Thickness: 1.5 mm over medius, thickening to ~2 mm in the tract (ultrasound: 1.95 +/- 0.3 mm
at the femoral condyle, Goh et al. 2003, J Clin Ultrasound 31:239).

The scan has no vastus lateralis or intermedius, on which the tract lies in the thigh. Laid on
the bare femur it would be a sleeve on bone; instead, below the trochanter it keeps
``VASTI_MM`` from the femur's surface, the depth of the lateral vasti. That figure is this
subject's own: where TFL and maximus end on the tract (their lower ends, 60-80 mm below the
hip centre) their outer surfaces lie ~35 mm lateral to the femoral cortex, and the tract runs
on from there. (No published figure for the combined depth of the two vasti lateral to the
femur was found to cite; ultrasound studies report vastus lateralis alone at ~2-2.5 cm in
young men, so 32 mm for both is of the right order.) The offset fades in over ``VASTI_FADE_MM`` below the trochanter's most lateral point,
where the vastus lateralis arises, so over the trochanter the tract lies on the bursa.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from scipy import ndimage

from explorer.asset_pipeline import slabs
from explorer.asset_pipeline.lateral_drape import Drape, along_rays, cast, drape_radius, region_patch, slab_over
from explorer.asset_pipeline.trochanteric_bursa import trochanteric_bursa
from explorer.geometry.landmarks import SIDES

#: Space between the sheets and what they lie on (mm).
GAP_MM = 0.8
APONEUROSIS_MM = 1.5
TRACT_MM = 2.0
#: The tract thickens from the aponeurosis' thickness over this length below the seam (mm).
THICKENING_MM = 40.0
VASTI_MM = 32.0
VASTI_FADE_MM = 40.0
#: How far the tract lies over maximus and TFL where they insert (mm), reached this far
#: below the seam (at the seam the tract is exactly as wide as the aponeurosis).
INSERTION_OVERLAP_MM = 10.0
OVERLAP_GROWTH_MM = 30.0
BAND_WIDTH_MM = 45.0
#: Where it leaves TFL the band spans at most a third of the way round the thigh (degrees about
#: the drape's axis): below TFL the tract is a lateral band, not a sleeve. The two muscles'
#: borders with their overlaps span ~118 degrees in the Visible Human Male; in the slimmer thigh
#: of the Female (the tract ~47 mm from the axis against his ~55) the same millimetres span up
#: to 130, and the overlaps give way.
BAND_MAX_SPAN_DEG = 120.0
#: Each part's region reaches this far past the seam before the cut, so the cut is clean (mm).
SEAM_MARGIN_MM = 6.0
#: Smoothing of outlines and of the sheet's radius, in grid cells (~2 mm each).
OUTLINE_SIGMA = 2.0
DRAPE_SIGMA = 2.5


def fascia_lata(drape: Drape, landmarks: dict, side: str, under: np.ndarray) -> dict[str, pv.PolyData]:
    """``gluteal_aponeurosis_{side}`` and ``iliotibial_tract_{side}`` (closed sheets, RAS mm)
    over everything on the drape and over ``under`` (a radius field such as the bursa's)."""
    seam = landmarks["greater_trochanter_tip"][2]
    femur_rays = drape.mask(f"femur_{side}")
    vasti = VASTI_MM * np.clip((landmarks["greater_trochanter"][2] - drape.z) / VASTI_FADE_MM, 0.0, 1.0)[:, None]
    base = np.maximum(drape.radius + GAP_MM, np.where(femur_rays, drape.radius + vasti, 0.0))
    base = np.maximum(base, np.where(under > 0, under + GAP_MM, 0.0))
    above = drape.z[:, None] > seam - SEAM_MARGIN_MM
    medius = drape.mask(f"gluteus_medius_{side}") & above
    band = _tract_band(drape, side, seam, drape_radius(base, DRAPE_SIGMA))
    region = np.maximum(ndimage.gaussian_filter(medius.astype(float), OUTLINE_SIGMA), ndimage.gaussian_filter(band.astype(float), OUTLINE_SIGMA))
    # Only rays under the sheet shape it: the aponeurosis hugs medius up to maximus' border.
    inner = drape_radius(base, DRAPE_SIGMA, within=medius | band)
    below = np.clip((seam - drape.z) / THICKENING_MM, 0.0, 1.0)[:, None]
    thickness = along_rays(drape, inner, np.broadcast_to(APONEUROSIS_MM + (TRACT_MM - APONEUROSIS_MM) * below, inner.shape))
    patch = region_patch(drape, region)
    out = {}
    for name, upward in (("gluteal_aponeurosis", 1.0), ("iliotibial_tract", -1.0)):
        # Both halves are cut from one patch along one line: they meet edge to edge.
        part = slabs.largest_piece(patch.clip(normal=(0.0, upward, 0.0), origin=(0.0, seam, 0.0), invert=False))
        out[f"{name}_{side}"] = slab_over(drape, part, inner, thickness)
    return out


def _tract_band(drape: Drape, side: str, seam: float, inner: np.ndarray) -> np.ndarray:
    """Rays of the tract below the seam: per row, from maximus' anterior border to TFL's
    posterior border (each overlapped by ``INSERTION_OVERLAP_MM``) while TFL lasts, then
    narrowing to ``BAND_WIDTH_MM`` about the same centre at the lower cut. ``inner``: the
    sheet's radius field, to turn mm round the thigh into degrees."""
    maximus, tfl = drape.mask(f"gluteus_maximus_{side}"), drape.mask(f"tensor_fasciae_latae_{side}")
    lateral = int(np.argmin(np.abs(drape.theta)))
    rows = np.flatnonzero((drape.z <= seam) & tfl.any(axis=1))
    back = np.array([_edge(drape.theta, maximus[i], lateral, -1) for i in rows], float)
    front = np.array([_edge(drape.theta, tfl[i], lateral, +1) for i in rows], float)
    ok = np.isfinite(back) & np.isfinite(front)
    rows, back, front = rows[ok], back[ok], front[ok]
    radius = np.median(inner[rows, lateral])
    # The overlap grows from nothing at the seam (where the band meets the aponeurosis' edges).
    overlap = np.degrees(INSERTION_OVERLAP_MM / radius) * np.clip((seam - drape.z[rows]) / OVERLAP_GROWTH_MM, 0.0, 1.0)
    back, front = back - overlap, front + overlap
    if front[0] - back[0] > BAND_MAX_SPAN_DEG:
        middle = (back[0] + front[0]) / 2
        back[0], front[0] = middle - BAND_MAX_SPAN_DEG / 2, middle + BAND_MAX_SPAN_DEG / 2
    # rows run upward; the first is TFL's lowest, where the band starts to narrow.
    centre, half = (back[0] + front[0]) / 2, np.degrees(BAND_WIDTH_MM / 2 / radius)
    z = drape.z
    lo = np.interp(z, [z[0], *z[rows]], [centre - half, *back])
    hi = np.interp(z, [z[0], *z[rows]], [centre + half, *front])
    lo, hi = ndimage.gaussian_filter1d(lo, 4.0), ndimage.gaussian_filter1d(hi, 4.0)
    return (drape.theta[None, :] >= lo[:, None]) & (drape.theta[None, :] <= hi[:, None]) & (z[:, None] <= seam + SEAM_MARGIN_MM)


def _edge(theta: np.ndarray, row_mask: np.ndarray, start: int, step: int) -> float:
    """Angle (degrees) of the first ray of ``row_mask`` from ray ``start`` going ``step``
    (nan if none)."""
    hits = np.flatnonzero(row_mask[start::step])
    return float(theta[start + step * hits[0]]) if len(hits) else np.nan


def lateral_fascia(meshes: dict[str, pv.PolyData], landmarks: dict, log=print) -> tuple[dict[str, pv.PolyData], dict]:
    """Per side the trochanteric bursa, gluteal aponeurosis and iliotibial tract, laid over
    every structure already in ``meshes`` (bones, muscles, nerves, vessels, joints); plus a
    report (one face's area in cm², volume in cm³, triangles)."""
    out = {}
    for side in SIDES:
        lm = landmarks[side]
        z_range = (meshes[f"femur_{side}"].bounds[4] + 1.0, lm["iliac_crest_summit"][2] + 4.0)
        drape = cast(meshes, side, lm, z_range)
        beneath = [meshes[f"{name}_{side}"] for name in ("femur", "gluteus_medius", "gluteus_minimus")]
        bursa, under = trochanteric_bursa(drape, lm, side, beneath)
        out[f"trochanteric_bursa_{side}"] = bursa
        out.update(fascia_lata(drape, lm, side, under))
        log(f"{side}: trochanteric bursa, gluteal aponeurosis and iliotibial tract laid over the muscles")
    report = {k: {"face_cm2": round(m.area / 200.0, 1), "cm3": round(abs(m.volume) / 1000.0, 2), "triangles": m.n_cells} for k, m in out.items()}
    return out, report
