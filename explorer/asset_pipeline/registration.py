"""Putting the two source collections into one frame: RAS millimetres, origin between the hips.

- Andreassen surfaces: mm, in each subject's cryosection frame (``Subject.andreassen_axes``:
  the male's x toward his left, y anterior, z inferior, so ``RAS = (-x, y, -z)``; the female's
  already RAS). The origin is then moved to the midpoint of the two hip-joint centres
  (each the centre of a sphere fitted to that femoral head's cartilage), a point any user can
  find again on the bones.
- HRA hip bones: metres, x toward the left, y superior, z anterior, so the axes give
  ``RAS = (-x, z, y) * 1000``; the file's own origin and the subject's slightly different
  scale are then removed by a similarity transform (rotation, translation, uniform scale)
  fitted by ICP of the HRA sacrum onto the Andreassen sacrum, the one bone both collections
  segmented. The same transform places the hip bones under the muscles.
- HRA femur: its knee file has a frame of its own; see :func:`fit_femur`.
"""

from __future__ import annotations

import numpy as np

#: HRA glTF (m; x left, y up, z anterior) -> RAS mm, before fitting.
HRA_AXES = np.array([[-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]) * 1000.0
#: Reflection across the atlas's midline (the sagittal plane x = 0).
MIRROR = np.diag([-1.0, 1.0, 1.0])


def sphere_fit(points: np.ndarray) -> tuple[np.ndarray, float]:
    """Least-squares sphere (centre, radius) through surface points."""
    a = np.column_stack([2 * points, np.ones(len(points))])
    b = (points**2).sum(axis=1)
    solution, *_ = np.linalg.lstsq(a, b, rcond=None)
    centre = solution[:3]
    return centre, float(np.sqrt(solution[3] + centre @ centre))


def similarity_icp(moving: np.ndarray, target: np.ndarray, initial: np.ndarray, iterations: int = 80) -> tuple[np.ndarray, float]:
    """4x4 similarity transform taking ``moving`` points onto ``target`` points (a dense surface
    sampling), and the median nearest-point distance after it (mm)."""
    import trimesh
    from scipy.spatial import cKDTree

    matrix, transformed, _ = trimesh.registration.icp(
        moving, target, initial=initial, threshold=1e-6, max_iterations=iterations, reflection=False, scale=True
    )
    distance, _ = cKDTree(target).query(transformed)
    return matrix, float(np.median(distance))


def mirrored_onto(left_vertices: np.ndarray, moving: np.ndarray, target: np.ndarray, start: np.ndarray,
                  iterations: int = 60) -> tuple[np.ndarray, float]:
    """A left-side surface's vertices (atlas frame) mirrored across the midline (x = 0) and moved
    by the rigid transform (ICP, no scaling, from ``start``) that best lays ``moving`` (left-side
    bone points, already mirrored) onto ``target`` (the same bone on the right): it follows this
    subject's right side rather than an ideal mirror image. Also the fit's median residual (mm).
    A mirror turns a surface inside out: flip the faces of what is built from the result."""
    import trimesh
    from scipy.spatial import cKDTree

    matrix, moved, _ = trimesh.registration.icp(moving, target, initial=start, threshold=1e-6, max_iterations=iterations, scale=False)
    residual = float(np.median(cKDTree(target).query(moved)[0]))
    return apply(matrix, np.asarray(left_vertices) @ MIRROR.T), residual


def apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a 4x4 affine transform to (n, 3) points."""
    return points @ matrix[:3, :3].T + matrix[:3, 3]


def affine(linear: np.ndarray, translation=(0.0, 0.0, 0.0)) -> np.ndarray:
    """4x4 matrix from a 3x3 linear part and a translation."""
    m = np.eye(4)
    m[:3, :3], m[:3, 3] = linear, translation
    return m
