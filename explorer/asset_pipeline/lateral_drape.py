"""Height fields on a cylinder round the hip and thigh: where sheets over the lateral side lie.

The fascia lata, the gluteal aponeurosis and the trochanteric bursa all lie *over* something:
the bursa over the greater trochanter, the fascia over the muscles. Each is found the same way.
An axis runs up the femoral shaft and, above the trochanter, leans in toward the iliac crest;
from it, horizontal rays fan out at angles ``theta`` (0 = lateral, positive = anterior, the
same for both sides) at heights ``z``. Along every ray the outermost solid surface is found
(``radius``, mm from the axis, and which structure it belongs to). A sheet then lies at a
radius a little beyond, smoothed so it drapes over gaps the way a stretched membrane does, and
its outline is a smooth region of the (theta, z) plane. Units mm, frame RAS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
from scipy import ndimage
from scipy.interpolate import RegularGridInterpolator
from vtkmodules.vtkCommonCore import vtkIdList, vtkPoints
from vtkmodules.vtkFiltersGeneral import vtkOBBTree

from explorer.asset_pipeline import slabs
from explorer.geometry.landmarks import side_sign

#: Rays start this far out from the axis (mm): beyond every muscle of the lateral hip.
RAY_MM = 200.0
#: The axis follows the femoral shaft below this height (mm above the hip centre).
SHAFT_TOP_Z = -60.0
#: Above the shaft the axis leans in to this far medial of the hip centre (mm) at the crest.
AXIS_TOP_MEDIAL_MM = 45.0
AXIS_TOP_POSTERIOR_MM = 25.0
THETA_STEP_DEG = 2.0
Z_STEP_MM = 2.0
THETA_RANGE_DEG = (-100.0, 90.0)
#: A sheet's thickness along a ray is at most this many times its thickness square to it.
MAX_SLOPE_STRETCH = 2.0
#: Sheets are triangulated on every second ray (~4 mm): a few thousand triangles each.
PATCH_STRIDE = 2


@dataclass(frozen=True)
class Drape:
    """Rays on a (z, theta) grid and the outermost solid along each (``label`` -1: none)."""

    side: str
    theta: np.ndarray  # degrees, (n_theta,)
    z: np.ndarray  # mm, (n_z,)
    axis: np.ndarray  # (n_z, 2): x, y of the axis at each z
    radius: np.ndarray  # (n_z, n_theta) mm
    label: np.ndarray  # (n_z, n_theta) index into names
    names: tuple[str, ...]

    def direction(self, theta_deg: np.ndarray) -> np.ndarray:
        """Unit horizontal directions (n, 3) of rays at ``theta_deg``."""
        t = np.radians(np.asarray(theta_deg, float))
        return np.stack([side_sign(self.side) * np.cos(t), np.sin(t), np.zeros_like(t)], axis=-1)

    def points(self, theta_deg: np.ndarray, z: np.ndarray, radius: np.ndarray) -> np.ndarray:
        """RAS points (n, 3) at ``radius`` mm along the rays at (``theta_deg``, ``z``)."""
        z = np.asarray(z, float)
        base = np.stack([np.interp(z, self.z, self.axis[:, 0]), np.interp(z, self.z, self.axis[:, 1]), z], axis=-1)
        return base + self.direction(theta_deg) * np.asarray(radius, float)[:, None]

    def plane(self, stride: int) -> pv.PolyData:
        """Every ``stride``-th ray of the (theta, z) grid as a triangulated plane (x = theta,
        y = z): the sheets' triangles, coarser than the rays their fields are sampled from."""
        grid = pv.StructuredGrid(*np.meshgrid(self.theta[::stride], self.z[::stride], [0.0], indexing="xy"))
        return grid.extract_surface(algorithm="dataset_surface").triangulate()

    def sample(self, field: np.ndarray, theta_deg: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Bilinear value of a (n_z, n_theta) field at (theta, z) points."""
        interp = RegularGridInterpolator((self.z, self.theta), field, bounds_error=False, fill_value=None)
        return interp(np.column_stack([z, theta_deg]))

    def mask(self, *names: str) -> np.ndarray:
        """Rays whose outermost solid is one of ``names``."""
        wanted = [i for i, n in enumerate(self.names) if n in names]
        return np.isin(self.label, wanted)


def cast(meshes: dict[str, pv.PolyData], side: str, landmarks: dict, z_range: tuple[float, float]) -> Drape:
    """Cast the rays of one side against every mesh in ``meshes`` (RAS mm)."""
    femur = meshes[f"femur_{side}"]
    z = np.arange(z_range[0], z_range[1] + Z_STEP_MM / 2, Z_STEP_MM)
    theta = np.arange(THETA_RANGE_DEG[0], THETA_RANGE_DEG[1] + THETA_STEP_DEG / 2, THETA_STEP_DEG)
    axis = _axis(femur, side, landmarks, z)
    names = tuple(meshes)
    merged = pv.merge([_labelled(m, i) for i, m in enumerate(meshes.values())])
    tree = vtkOBBTree()
    tree.SetDataSet(merged)
    tree.BuildLocator()
    labels = np.asarray(merged.cell_data["label"])
    drape = Drape(side, theta, z, axis, np.zeros((len(z), len(theta))), np.full((len(z), len(theta)), -1), names)
    hits, cells = vtkPoints(), vtkIdList()
    for i, height in enumerate(z):
        start = drape.points(theta, np.full(len(theta), height), np.full(len(theta), RAY_MM))
        centre = np.array([axis[i, 0], axis[i, 1], height])
        for j, outside in enumerate(start):
            tree.IntersectWithLine(outside, centre, hits, cells)
            if hits.GetNumberOfPoints():
                first = np.array(hits.GetPoint(0))
                drape.radius[i, j] = np.linalg.norm(first[:2] - centre[:2])
                drape.label[i, j] = labels[cells.GetId(0)]
    return drape


def _labelled(mesh: pv.PolyData, index: int) -> pv.PolyData:
    out = pv.PolyData(mesh.points, mesh.faces)
    out.cell_data["label"] = np.full(out.n_cells, index)
    return out


def _axis(femur: pv.PolyData, side: str, landmarks: dict, z: np.ndarray) -> np.ndarray:
    """x, y of the axis at each height: a line fitted to the femoral shaft's section centres
    below ``SHAFT_TOP_Z``, then straight up and in to a point medial of the hip centre at the
    crest, so that rays from it meet the gluteal surface of the ilium from inside."""
    levels = np.arange(femur.bounds[4] + 8.0, SHAFT_TOP_Z + 1.0, 10.0)
    centres = np.array([femur.slice(normal="z", origin=(0.0, 0.0, h)).points.mean(axis=0) for h in levels])
    fit = np.polyfit(levels, centres[:, :2], 1)
    shaft = np.outer(z, fit[0]) + fit[1]
    top_z = landmarks["iliac_crest_summit"][2]
    hip = landmarks["hip_centre"]
    top = np.array([hip[0] - side_sign(side) * AXIS_TOP_MEDIAL_MM, hip[1] - AXIS_TOP_POSTERIOR_MM])
    at_shaft_top = fit[0] * SHAFT_TOP_Z + fit[1]
    blend = np.clip((z - SHAFT_TOP_Z) / (top_z - SHAFT_TOP_Z), 0.0, None)[:, None]
    return np.where(z[:, None] <= SHAFT_TOP_Z, shaft, at_shaft_top + blend * (top - at_shaft_top))


def drape_radius(base: np.ndarray, sigma_cells: float, within: np.ndarray | None = None, rounds: int = 4) -> np.ndarray:
    """A smooth radius field never below ``base``: smoothed, raised back to ``base`` where it
    dipped below, repeatedly (a membrane stretched over the solids bridges their gaps).

    With ``within`` (a boolean field), only rays inside it shape the smoothing, so a sheet ending
    beside a thicker muscle does not tent up toward it (the aponeurosis against maximus' border).
    """
    # Each ray's floor is the highest base of its neighbours round the axis, so a sheet triangle
    # spanning a muscle's border (a cliff between two rays) stays clear of the higher muscle.
    base = ndimage.grey_dilation(base, size=(1, PATCH_STRIDE + 1))
    weight = np.ones_like(base) if within is None else within.astype(float)
    norm = np.maximum(ndimage.gaussian_filter(weight, sigma_cells, mode="nearest"), 1e-6)
    r = base.copy()
    for _ in range(rounds):
        r = np.maximum(ndimage.gaussian_filter(r * weight, sigma_cells, mode="nearest") / norm, base)
    return r


def sheet(drape: Drape, region: np.ndarray, inner: np.ndarray, thickness: np.ndarray) -> pv.PolyData:
    """Closed slab over the part of the (theta, z) plane where the smooth ``region`` field
    (n_z, n_theta) exceeds 0.5, from radius ``inner`` outward by ``thickness`` (fields, mm)."""
    return slab_over(drape, region_patch(drape, region), inner, thickness)


def region_patch(drape: Drape, region: np.ndarray) -> pv.PolyData:
    """The outline patch (x = theta, y = z) where the smooth ``region`` field exceeds 0.5."""
    plane = drape.plane(PATCH_STRIDE)
    return slabs.clip_region(plane, drape.sample(region, plane.points[:, 0], plane.points[:, 1]))


def slab_over(drape: Drape, patch: pv.PolyData, inner: np.ndarray, thickness: np.ndarray) -> pv.PolyData:
    """Closed slab over a (theta, z) ``patch``, from radius ``inner`` outward by ``thickness``
    (both fields, mm along the rays)."""
    t, h = patch.points[:, 0], patch.points[:, 1]
    r_in = drape.sample(inner, t, h)
    r_out = r_in + drape.sample(thickness, t, h)
    return slabs.closed_slab(patch.regular_faces, drape.points(t, h, r_in), drape.points(t, h, r_out))


def along_rays(drape: Drape, inner: np.ndarray, thickness: np.ndarray) -> np.ndarray:
    """A sheet's ``thickness`` (square to it) as the length it spans along the rays: where the
    sheet at radius ``inner`` slopes to them, longer by the secant of the slope (capped at
    ``MAX_SLOPE_STRETCH``), so a sheet over the curving crest is as thick as on the flat."""
    slope_z = np.gradient(inner, drape.z, axis=0)
    slope_round = np.gradient(inner, np.radians(drape.theta), axis=1) / np.maximum(inner, 1.0)
    return thickness * np.minimum(np.sqrt(1.0 + slope_z**2 + slope_round**2), MAX_SLOPE_STRETCH)
