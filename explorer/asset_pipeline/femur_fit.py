"""Placing the HRA femur of a Visible Human subject under that subject's Andreassen muscles.

The femur comes from the HRA knee file, in a frame of its own; the Andreassen set has only its
cartilage. A plain ICP of the bone's two ends onto the cartilage leaves ~16 mm error (the shell
of cartilage is thin and the bone's ends are nearly spherical, so rotation is unconstrained).
The fit here uses what is known for sure, in order:

1. **Scale** from the femoral head: the bone's head radius (sphere fit) becomes the inner radius
   of the head cartilage (its 10th percentile distance from the cartilage's sphere centre).
2. **Head centre** in the centre of the cartilage sphere (the joint's centre of rotation).
3. **Shaft direction**: the line from the head centre to the condyles points at the centroid of
   the distal-femur cartilage.
4. **Rotation about that line**, and small corrections of the above, by minimising how deep the
   surrounding muscles (gluteals, rotators, iliopsoas, adductor magnus) lie inside the bone,
   from a coarse search over the full turn then Powell's method.

Where a belly still stops short of the bone (the scans have no tendons), ``tendons`` bridges the
gap; the build reports each gap and a test checks every insertion reaches the femur.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline.registration import sphere_fit

#: Muscles whose position constrains the femur's rotation: they wrap or insert on its upper part.
CONSTRAINING_MUSCLES = (
    "gluteus_medius", "gluteus_minimus", "gluteus_maximus", "piriformis", "superior_gemellus", "inferior_gemellus",
    "obturator_internus", "obturator_externus", "quadratus_femoris", "psoas_major", "iliacus", "adductor_magnus",
)
#: Only muscle points this near the hip centre in height count (mm): the proximal femur.
NEAR_HIP_MM = 220.0
SDF_STEP_MM = 2.5


def head_sphere(vertices: np.ndarray, side_sign: float) -> tuple[np.ndarray, float]:
    """Sphere fitted to the femoral head: the medial part of the bone's top 45 mm, with the
    points farthest off the sphere dropped a few times (the neck and fovea are not spherical)."""
    top = vertices[vertices[:, 2] > vertices[:, 2].max() - 45.0]
    head = top[side_sign * top[:, 0] < np.percentile(side_sign * top[:, 0], 45)]
    centre, radius = sphere_fit(head)
    for _ in range(5):
        off = np.abs(np.linalg.norm(head - centre, axis=1) - radius)
        centre, radius = sphere_fit(head[off < max(2.0, np.percentile(off, 70))])
    return centre, radius


def fit_femur(
    femur: pv.PolyData,
    condyles: np.ndarray,
    head_cartilage: np.ndarray,
    distal_cartilage: np.ndarray,
    muscles: list[np.ndarray],
    side_sign: float,
) -> tuple[np.ndarray, float, np.ndarray]:
    """(rotation 3x3, scale, translation) taking the femur's points ``p`` to ``scale * R p + t``."""
    from scipy import ndimage, optimize
    from scipy.spatial.transform import Rotation

    bone_head, bone_radius = head_sphere(np.asarray(femur.points), side_sign)
    centre, _ = sphere_fit(head_cartilage)
    inner_radius = np.percentile(np.linalg.norm(head_cartilage - centre, axis=1), 10)
    scale = inner_radius / bone_radius
    shaft_target = _unit(distal_cartilage.mean(axis=0) - centre)
    shaft_bone = _unit(condyles.mean(axis=0) - bone_head)
    r0 = _rotation_between(shaft_bone, shaft_target)

    grid, sdf = _signed_distance_grid(femur)
    near = np.vstack([m[np.abs(m[:, 2] - centre[2]) < NEAR_HIP_MM] for m in muscles])[::2]

    def unpack(x):
        return Rotation.from_rotvec(x[:3]).as_matrix() @ r0, x[3:6]

    def cost(x):
        rotation, shift = unpack(x)
        local = ((near - centre - shift) @ rotation) / scale + bone_head
        depth = -ndimage.map_coordinates(sdf, ((local - grid[0]) / grid[1]).T, order=1, mode="nearest") * scale
        angle = np.degrees(np.arccos(np.clip((rotation @ shaft_bone) @ shaft_target, -1.0, 1.0)))
        return 5.0 * shift @ shift + 0.5 * angle**2 + 50.0 * np.mean(np.clip(depth, 0.0, None) ** 2)

    starts = [np.r_[shaft_target * a, 0.0, 0.0, 0.0] for a in np.radians(np.arange(0.0, 360.0, 15.0))]
    best = min(starts, key=cost)
    x = optimize.minimize(cost, best, method="Powell", options={"maxiter": 5000, "xtol": 1e-4, "ftol": 1e-6}).x
    rotation, shift = unpack(x)
    return rotation, scale, centre + shift - scale * rotation @ bone_head


def _signed_distance_grid(mesh: pv.PolyData) -> tuple[tuple[np.ndarray, float], np.ndarray]:
    lo = np.asarray(mesh.bounds[0::2]) - 10.0
    shape = np.ceil((np.asarray(mesh.bounds[1::2]) + 10.0 - lo) / SDF_STEP_MM).astype(int) + 1
    image = pv.ImageData(dimensions=shape, spacing=(SDF_STEP_MM,) * 3, origin=lo)
    sdf = image.compute_implicit_distance(mesh)["implicit_distance"].reshape(shape, order="F")
    return (lo, SDF_STEP_MM), sdf


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Smallest rotation taking unit vector ``a`` onto unit vector ``b`` (Rodrigues)."""
    v, c = np.cross(a, b), a @ b
    k = np.array([[0.0, -v[2], v[1]], [v[2], 0.0, -v[0]], [-v[1], v[0], 0.0]])
    return np.eye(3) + k + k @ k / (1.0 + c)
