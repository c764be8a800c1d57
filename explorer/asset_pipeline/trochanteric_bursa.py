"""The trochanteric (deep subgluteus maximus) bursa: a flat lens on the greater trochanter.

It lies over the lateral surface of the greater trochanter and the gluteus medius insertion,
deep to gluteus maximus and the iliotibial tract where maximus inserts into it (MRI and
bursography: Pfirrmann et al. 2001, Radiology 221:469; dissection: Dunn et al. 2003, Clin Anat
16:233; Woodley et al. 2008, JBJS Am 90:284), and measures about 4-5 cm in adults. Built on the
lateral drape (:mod:`lateral_drape`): an ellipse of the (theta, z) plane centred on the
trochanter's most lateral point, ``LENGTH_MM`` along the femur (seen from the side) and ``WIDTH_MM`` around it,
``GAP_MM`` over whatever is outermost there (bone or tendon), thickest in the middle.

The rays see only surfaces that face outward. An overhang, such as the lower end of the gluteus
medius tendon jutting out over the trochanter, faces down: the lens smoothed under it can come
within a fraction of a millimetre of it (0.15 mm in the Visible Human Female's left hip), so
its vertices are then kept ``CLEARANCE_MM`` off the bone and muscles it lies on.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from scipy import ndimage

from explorer.asset_pipeline import surfaces
from explorer.asset_pipeline.lateral_drape import Drape, along_rays, drape_radius, sheet

#: Size of the ellipse as seen from the side (mm); over the bulge of the trochanter the lens
#: itself measures ~5 cm along the femur.
LENGTH_MM = 40.0
WIDTH_MM = 30.0
CENTRE_THICKNESS_MM = 3.0
EDGE_THICKNESS_MM = 0.4
#: Space between the bursa and the trochanter or tendon beneath it (mm).
GAP_MM = 0.5
#: Least distance (mm) from any vertex of the lens to the bone and muscles beneath it, in 3D.
CLEARANCE_MM = GAP_MM / 2


def trochanteric_bursa(drape: Drape, landmarks: dict, side: str, beneath: list[pv.PolyData]) -> tuple[pv.PolyData, np.ndarray]:
    """The bursa (closed lens, RAS mm) and the radius field of its outer face (0 elsewhere),
    for the sheets that must pass over it. It stops short of rays where gluteus maximus or TFL
    is outermost: it lies beneath them, not on them. ``beneath``: the closed solids it lies on
    (the femur, gluteus medius and minimus), kept ``CLEARANCE_MM`` from."""
    superficial = ndimage.gaussian_filter(drape.mask(f"gluteus_maximus_{side}", f"tensor_fasciae_latae_{side}").astype(float), 1.5)
    rho = np.maximum(_ellipse(drape, landmarks["greater_trochanter"]), 1.0 + 2.0 * (superficial - 0.25))
    inner = drape_radius(drape.radius + GAP_MM, sigma_cells=2.0)
    lens = EDGE_THICKNESS_MM + (CENTRE_THICKNESS_MM - EDGE_THICKNESS_MM) * np.sqrt(np.clip(1.0 - rho**2, 0.0, 1.0))
    thickness = along_rays(drape, inner, lens)
    bursa = sheet(drape, 1.5 - rho, inner, thickness)
    bursa = surfaces.with_normals(surfaces.polydata(surfaces.kept_off(bursa.points, CLEARANCE_MM, beneath), bursa.regular_faces))
    return bursa, np.where(rho <= 1.05, inner + thickness, 0.0)


def _ellipse(drape: Drape, centre: np.ndarray) -> np.ndarray:
    """Elliptic radius (1 on the outline) of every ray about the ray through ``centre``."""
    z0 = centre[2]
    axis = np.array([np.interp(z0, drape.z, drape.axis[:, 0]), np.interp(z0, drape.z, drape.axis[:, 1])])
    offset = centre[:2] - axis
    theta0 = np.degrees(np.arctan2(offset[1], abs(offset[0])))
    radius0 = np.linalg.norm(offset)
    along = (drape.z[:, None] - z0) / (LENGTH_MM / 2)
    around = np.radians(drape.theta[None, :] - theta0) * radius0 / (WIDTH_MM / 2)
    return np.sqrt(along**2 + around**2)
