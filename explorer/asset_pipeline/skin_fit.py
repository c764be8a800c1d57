"""The subject's own skin (HRA ``VH_M_Skin``, the same Visible Human Male) placed on the atlas.

The skin file sits in a frame of its own (metres, y up), so neither the pelvis's registration nor
a bone-to-bone fit applies. Its seven parameters (rotation, translation, uniform scale) are fitted
by least squares on what a clinician feels through the skin:

- **soft-tissue depths at palpable landmarks**: the skin's distance to the PSIS, ASIS, iliac crest
  summit, greater trochanter and coccyx tip should be the usual thickness of tissue over each
  (``LANDMARK_DEPTHS_MM``; σ ``DEPTH_SIGMA_MM``: they are typical values, not this man's);
- **containment**: every bone and muscle vertex lies at least ``CLEARANCE_MM`` inside the skin
  (a one-sided penalty, weighted so that it dominates wherever it is violated).

The skin's signed distance is computed once on a voxel grid in the skin's own frame; each trial
transform only maps the atlas points back into that frame and samples it, so the whole fit takes
seconds. The start is the axes swap shared with the HRA pelvis (``registration.HRA_AXES``) and a
similarity ICP of the skin's hip band onto a rough envelope of the deep body; the fit keeps the
rotation near that start (``ROTATION_SIGMA_DEG``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import registration

#: Typical skin-to-bone distance (mm) at each palpable landmark of an adult man: thin over the
#: PSIS (the "dimples") and the ASIS, thicker over the crest and the trochanter (gluteal and
#: tensor muscles plus fat), and the natal cleft's floor close over the coccyx.
LANDMARK_DEPTHS_MM = {"psis": 15.0, "asis": 15.0, "iliac_crest_summit": 20.0, "greater_trochanter": 30.0, "coccyx_tip": 15.0}
DEPTH_SIGMA_MM = 8.0
#: How far the fit may turn the skin from the ICP start (degrees, one sigma): both files come from
#: the same body in the same posture, so only a small turn is expected.
ROTATION_SIGMA_DEG = 3.0
#: Every deep vertex lies at least this far inside the skin's outer face (skin ~2.5 mm + a thin fat).
CLEARANCE_MM = 4.0
#: Weight of a containment violation against a landmark residual of one sigma per millimetre.
CONTAINMENT_WEIGHT = 1.0
GRID_MM = 3.0
#: Deep vertices used in the fit (an even subsample; all are checked afterwards).
FIT_POINTS = 6000


class SignedDistance:
    """Signed distance (mm, negative inside) to the union of closed surfaces, on a voxel grid."""

    def __init__(self, meshes: pv.PolyData | list[pv.PolyData], voxel_mm: float = GRID_MM, margin_mm: float = 60.0):
        from scipy import ndimage

        from explorer.geometry.voxels import Grid, solid_mask

        meshes = meshes if isinstance(meshes, list) else [meshes]
        self.grid = Grid.around(np.array(pv.merge(meshes).bounds), voxel_mm, margin=margin_mm)
        inside = np.zeros(self.grid.shape, bool)
        for mesh in meshes:  # one mask each: overlapping solids stay inside (no even-odd cancelling)
            inside |= solid_mask(mesh, self.grid)
        # Voxel centres to the nearest voxel of the other kind: off by up to half a voxel (1.5 mm).
        outside_mm = ndimage.distance_transform_edt(~inside) - 0.5
        inside_mm = ndimage.distance_transform_edt(inside) - 0.5
        self.field = (np.where(inside, -inside_mm, outside_mm) * voxel_mm).astype(np.float32)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        from scipy import ndimage

        coords = ((np.asarray(points, float) - self.grid.origin) / self.grid.size).T
        return ndimage.map_coordinates(self.field, coords, order=1, mode="nearest")


def skin_in_ras(vertices_m: np.ndarray, faces: np.ndarray) -> pv.PolyData:
    """The HRA skin as a closed RAS-oriented surface in millimetres (before fitting)."""
    from explorer.asset_pipeline.surfaces import polydata

    return polydata(registration.apply(registration.affine(registration.HRA_AXES), vertices_m), faces)


def _matrix(params: np.ndarray) -> np.ndarray:
    """4x4 similarity from (rotation vector, translation mm, log scale)."""
    from scipy.spatial.transform import Rotation

    m = np.eye(4)
    m[:3, :3] = Rotation.from_rotvec(params[:3]).as_matrix() * np.exp(params[6])
    m[:3, 3] = params[3:6]
    return m


def fit_skin(skin: pv.PolyData, deep_points: np.ndarray, landmarks: dict[str, dict[str, np.ndarray]],
             envelope: np.ndarray, log=print, containment_weight: float = CONTAINMENT_WEIGHT) -> tuple[np.ndarray, dict]:
    """4x4 similarity placing ``skin`` (RAS mm, own origin) on the atlas, and the fit's report.

    ``deep_points``: bone and muscle vertices (RAS mm, atlas frame) that must lie inside;
    ``landmarks``: per side, the bony landmarks of ``LANDMARK_DEPTHS_MM``; ``envelope``: points
    of a rough body envelope around the deep structures, for the start (ICP).
    """
    from scipy.optimize import least_squares
    from scipy.spatial.transform import Rotation

    start_matrix = _icp_start(skin, envelope)
    start = np.concatenate([Rotation.from_matrix(start_matrix[:3, :3] / np.cbrt(np.linalg.det(start_matrix[:3, :3]))).as_rotvec(),
                            start_matrix[:3, 3], [np.log(np.cbrt(np.linalg.det(start_matrix[:3, :3])))]])
    distance = SignedDistance(skin)
    names = _landmark_names(landmarks)
    targets = np.array([landmarks[side][key] for side, key in names])
    depths = np.array([LANDMARK_DEPTHS_MM[key] for _side, key in names])
    # Containment is fitted over the pelvis only: below the ischial tuberosities the thighs'
    # pose may differ a little between the two sources, and the skin is eased there afterwards.
    floor = min(lm["ischial_tuberosity"][2] for lm in landmarks.values()) - 10.0
    pelvic = np.asarray(deep_points, float)
    pelvic = pelvic[pelvic[:, 2] > floor]
    pelvic = pelvic[np.lexsort(pelvic.T[::-1])]  # the same sample whatever order the meshes came in
    sample = pelvic[:: max(1, len(pelvic) // FIT_POINTS)]
    weight = containment_weight / np.sqrt(len(sample) / len(names))

    def residuals(params):
        inverse = np.linalg.inv(_matrix(params))
        scale = np.exp(params[6])
        depth = -distance(registration.apply(inverse, targets)) * scale
        outside = distance(registration.apply(inverse, sample)) * scale + CLEARANCE_MM
        turn = (params[:3] - start[:3]) / np.radians(ROTATION_SIGMA_DEG)
        return np.concatenate([(depth - depths) / DEPTH_SIGMA_MM, weight * np.maximum(outside, 0.0), turn])

    result = least_squares(residuals, start, x_scale=[0.05, 0.05, 0.05, 10, 10, 10, 0.05], loss="soft_l1")
    matrix = np.round(_matrix(result.x), 6)  # as stored, so a fitted and a stored build agree
    report = described(matrix, skin, landmarks, distance)
    report["rotation_from_start_deg"] = round(float(np.degrees(np.linalg.norm(result.x[:3] - start[:3]))), 2)
    log(f"HRA skin fitted: scale {report['scale']}, landmark depth residual RMS {report['landmark_residual_rms_mm']} mm")
    return matrix, report


def placement(skin: pv.PolyData, deep_points: np.ndarray, landmarks: dict[str, dict[str, np.ndarray]],
              envelope: np.ndarray, stored: Path, log=print, **fit_options) -> tuple[np.ndarray, dict]:
    """The skin's placement (4x4) and its report: the one stored in ``stored`` if that file
    exists, otherwise fitted (``fit_skin`` with ``fit_options``) and stored there.

    Stored because the fit is ill-conditioned: the two sources disagree by centimetres in places,
    so the optimum is shallow and several lie close together; refitted on every build, the skin
    turned by 1 to 16 degrees whenever any deep mesh changed (a vein added, a groove deepened),
    and with it every depth the planner reports. The placement is a reviewed parameter of the
    build, like the registrations' sources; delete the file to fit it again.
    """
    import json

    if not Path(stored).exists():
        matrix, fitted = fit_skin(skin, deep_points, landmarks, envelope, log, **fit_options)
        Path(stored).write_text(json.dumps({"about": "placement of the HRA skin on the atlas (4x4, RAS mm), fitted by "
                                                     "explorer/asset_pipeline/skin_fit.py; delete to refit",
                                            "rotation_from_start_deg": fitted["rotation_from_start_deg"],
                                            "matrix": matrix.tolist()}, indent=1) + "\n")
    # Read back and described the same way after a fit as on every later build, so the build
    # that fitted it and the next one write the same report.
    matrix = np.array(json.loads(Path(stored).read_text())["matrix"], float)
    report = described(matrix, skin, landmarks, SignedDistance(skin))
    report["placement"] = "stored"
    log(f"HRA skin placed as stored in {Path(stored).name}: scale {report['scale']}")
    return matrix, report


def described(matrix: np.ndarray, skin: pv.PolyData, landmarks: dict[str, dict[str, np.ndarray]], distance) -> dict:
    """Scale and the skin depths left over the palpable landmarks by a placement."""
    names = _landmark_names(landmarks)
    targets = np.array([landmarks[side][key] for side, key in names])
    depths = np.array([LANDMARK_DEPTHS_MM[key] for _side, key in names])
    scale = float(np.cbrt(np.linalg.det(matrix[:3, :3])))
    depth = -distance(registration.apply(np.linalg.inv(matrix), targets)) * scale
    return {
        "scale": round(scale, 4),
        "landmark_depth_mm": {key if key == "coccyx_tip" else f"{key}_{side}": round(float(d), 1) for (side, key), d in zip(names, depth)},
        "landmark_residual_rms_mm": round(float(np.sqrt(np.mean((depth - depths) ** 2))), 1),
    }


def _landmark_names(landmarks: dict) -> list[tuple[str, str]]:
    """(side, landmark) pairs the depths are taken at: the coccyx tip once."""
    first = sorted(landmarks)[0]
    return [(side, key) for side in sorted(landmarks) for key in LANDMARK_DEPTHS_MM if key != "coccyx_tip" or side == first]


def _icp_start(skin: pv.PolyData, envelope: np.ndarray) -> np.ndarray:
    """Similarity ICP of the skin's hip band onto the envelope, from a few heights (the HRA
    file's origin lies at mid-height of the body, near the hips); the best one."""
    from scipy.spatial import cKDTree

    p = np.asarray(skin.points)
    lo, hi = envelope[:, 2].min(), envelope[:, 2].max()
    tree = cKDTree(envelope)
    best = None
    for dz in (-50.0, 0.0, 50.0):
        band = p[(p[:, 2] > lo - dz - 30) & (p[:, 2] < hi - dz) & (np.abs(p[:, 0]) < np.abs(envelope[:, 0]).max() + 40)]
        matrix, _ = registration.similarity_icp(band, envelope, registration.affine(np.eye(3), [0.0, 0.0, dz]), iterations=60)
        moved = registration.apply(matrix, band)
        error = np.median(tree.query(moved[(moved[:, 2] > lo + 20) & (moved[:, 2] < hi - 20)])[0])
        if best is None or error < best[0]:
            best = (error, matrix)
    return best[1]
