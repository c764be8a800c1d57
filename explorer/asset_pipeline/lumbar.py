"""The fourth and fifth lumbar vertebrae: MyoLeg's, carried onto the scanned sacrum.

Neither scan collection here has the lumbar spine, and the scene needs it above the sacrum (for
the sacroiliac and lumbosacral region, psoas' origin and the tours). MyoLeg's L4 and L5 (myo-sim,
Apache-2.0; Rajagopal et al. 2016) are placed by the similarity transform that lays MyoLeg's
sacrum onto the Visible Human sacrum (rigid ICP, then with uniform scale), so they sit
on its base as they sat on MyoLeg's. They are smoothed like every coarse model bone
(``bone_refine``) and kept clear of the sacrum and of each other.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import bone_refine, registration, surfaces

TRIANGLES = 3000


def lumbar_vertebrae(sacrum: pv.PolyData, log=print) -> tuple[dict[str, pv.PolyData], dict]:
    """{'lumbar_vertebra_l4': ..., 'lumbar_vertebra_l5': ...} and the fit's figures."""
    from explorer.asset_pipeline.myo_source import load_myo_source

    source = load_myo_source()
    myo_sacrum = bone_refine.refine_bone(*source.bones["sacrum"])
    target = np.asarray(sacrum.points)
    moving = np.asarray(myo_sacrum.points)
    # Rigid first (a scaled ICP started far off shrinks the model into the target), then scaled.
    import trimesh

    start = registration.affine(np.eye(3), target.mean(axis=0) - moving.mean(axis=0))
    rigid, _, _ = trimesh.registration.icp(moving, target, initial=start, threshold=1e-6, max_iterations=60, scale=False)
    fit, residual = registration.similarity_icp(moving, target, rigid)
    out = {}
    below = sacrum
    for level in ("l5", "l4"):
        vertices, faces = source.bones[f"lumbar_vertebra_{level}"]
        bone = bone_refine.refine_bone(registration.apply(fit, vertices), faces)
        out[f"lumbar_vertebra_{level}"] = below = surfaces.subtract(surfaces.decimate(bone, TRIANGLES), [below])
    report = {"scale": round(float(np.cbrt(np.linalg.det(fit[:3, :3]))), 4), "median_surface_error_mm": round(residual, 2)}
    log(f"L4 and L5 from myo-sim {source.package_version} on the scanned sacrum: scale {report['scale']}, median error {residual:.2f} mm")
    return out, report
