"""Bones, muscles and hip joints of one Visible Human subject, in the atlas frame.

The atlas frame is RAS millimetres with its origin midway between the two hip-joint centres
(each the centre of a sphere fitted to that femoral head's cartilage). See ``registration``
for how each collection is brought into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import bones as bone_build
from explorer.asset_pipeline import hip_joint, registration, scan_muscles, source_meshes, surfaces, tendons
from explorer.asset_pipeline.femur_fit import CONSTRAINING_MUSCLES
from explorer.asset_pipeline.subjects import MALE, Subject
from explorer.geometry.landmarks import SIDES


@dataclass
class ScanAtlas:
    """What the scans give, ready for the landmark-built structures to be added."""

    hip_centres: dict[str, np.ndarray]
    meshes: dict[str, pv.PolyData] = field(default_factory=dict)
    #: Figures the build reports and meshes/README quotes: registration residuals, moved vertices.
    report: dict = field(default_factory=dict)


def build_scan_atlas(log=print, subject: Subject = MALE) -> ScanAtlas:
    axes = registration.affine(subject.andreassen_axes)
    raw = {key: source_meshes.andreassen_mesh(key, subject) for key in source_meshes.andreassen_files(subject)}
    centres = {s: registration.sphere_fit(registration.apply(axes, raw[f"femoral_head_cartilage_{s}"][0]))[0] for s in SIDES}
    origin = (centres["left"] + centres["right"]) / 2
    to_atlas = registration.affine(subject.andreassen_axes, -origin)

    def andreassen(key):
        vertices, faces = raw[key]
        return registration.apply(to_atlas, vertices), faces

    atlas = ScanAtlas(hip_centres={s: centres[s] - origin for s in SIDES})
    sacrum_v, sacrum_f = andreassen("sacrum")
    p = subject.hra_prefix
    pelvis = source_meshes.hra_nodes(f"{p}_Pelvis.glb", subject)
    hra_sacrum = registration.apply(registration.affine(registration.HRA_AXES), pelvis[f"{p}_sacrum"][0])
    start = registration.affine(np.eye(3), sacrum_v.mean(axis=0) - hra_sacrum.mean(axis=0))
    fit, residual = registration.similarity_icp(hra_sacrum, sacrum_v, start)
    pelvis_to_atlas = fit @ registration.affine(registration.HRA_AXES)
    atlas.report["pelvis_registration"] = {
        "scale": round(float(np.cbrt(np.linalg.det(fit[:3, :3]))), 4),
        "median_surface_error_mm": round(residual, 2),
    }
    log(f"HRA pelvis on the Andreassen sacrum: scale {atlas.report['pelvis_registration']['scale']}, median error {residual:.2f} mm")

    m = atlas.meshes
    m["sacrum"] = bone_build.scan_bone(sacrum_v, sacrum_f, "sacrum")
    m["coccyx"] = bone_build.scan_bone(*andreassen("coccyx"), "coccyx")
    for side in SIDES:
        # The registration leaves the two collections' bones overlapping by a few cm³ at the
        # sacroiliac joint; the scanned sacrum is the reference, so the hip bone gives way.
        m[f"hip_bone_{side}"] = surfaces.subtract(bone_build.hip_bone(pelvis, side, pelvis_to_atlas, p), [m["sacrum"]])
    for side in SIDES:
        knee = source_meshes.hra_nodes(f"{p}_Knee_{side[0].upper()}.glb", subject)
        m[f"femur_{side}"] = bone_build.femur(
            knee,
            side,
            p,
            registration.affine(registration.HRA_AXES),
            andreassen(f"femoral_head_cartilage_{side}")[0],
            andreassen(f"distal_femur_cartilage_{side}")[0],
            [andreassen(f"{name}_{side}")[0] for name in CONSTRAINING_MUSCLES],
            atlas.hip_centres[side],
        )
    log("bones: hip bones joined, femora fitted")
    mirrored = {}
    for name in subject.mirrored_right:
        if name in scan_muscles.TRIANGLES:
            mirrored[f"{name}_right"], residual = _mirrored_muscle(andreassen(f"{name}_left"), m, atlas.hip_centres)
            atlas.report[f"right_{name}_mirror_fit_mm"] = round(residual, 2)
            log(f"right {name} mirrored from the left (median fit {residual:.2f} mm)")

    crest_top = max(m[f"hip_bone_{s}"].bounds[5] for s in SIDES)
    thigh_cut = atlas.hip_centres["left"][2] - bone_build.FEMUR_CUT_BELOW_HIP_MM
    bones = [m[k] for k in ("sacrum", "coccyx", "hip_bone_left", "hip_bone_right", "femur_left", "femur_right")]
    moved = {}
    for name in scan_muscles.TRIANGLES:
        for side in SIDES:
            mesh, n = scan_muscles.scan_muscle(
                name, *(mirrored.get(f"{name}_{side}") or andreassen(f"{name}_{side}")), thigh_cut, crest_top + scan_muscles.PSOAS_CUT_ABOVE_CREST_MM, bones
            )
            m[f"{name}_{side}"] = mesh
            moved[f"{name}_{side}"] = n
    atlas.report["muscle_cm3_inside_bone_removed"] = {k: round(v, 2) for k, v in moved.items()}
    log(f"muscles: {len(moved)} sides, {sum(moved.values()):.1f} cm³ that lay inside bone removed")
    atlas.report["tendon_gap_bridged_mm"] = tendons.add_tendons(m, SIDES)
    log("tendons carry the bellies that stop short onto the femur")

    left_acetabulum = surfaces.polydata(*andreassen("acetabular_cartilage_left"))
    if "acetabular_cartilage" in subject.mirrored_right:
        right_acetabulum, residual = hip_joint.mirrored_acetabulum(
            left_acetabulum, m["hip_bone_left"], m["hip_bone_right"], atlas.hip_centres
        )
        atlas.report["right_acetabulum_mirror_fit_mm"] = round(residual, 2)
        log(f"right acetabulum mirrored, median fit {residual:.2f} mm")
    else:
        right_acetabulum = surfaces.polydata(*andreassen("acetabular_cartilage_right"))
    for side, acetabulum in (("left", left_acetabulum), ("right", right_acetabulum)):
        head = surfaces.polydata(*andreassen(f"femoral_head_cartilage_{side}"))
        m[f"hip_joint_{side}"] = hip_joint.hip_joint(acetabulum, head, [m[f"hip_bone_{side}"], m[f"femur_{side}"]])
    log("hip joints")
    return atlas


def _mirrored_muscle(left: tuple[np.ndarray, np.ndarray], m: dict[str, pv.PolyData],
                     centres: dict[str, np.ndarray]) -> tuple[tuple[np.ndarray, np.ndarray], float]:
    """A right muscle the dataset lacks, from the left one (atlas frame), laid on the right bones
    it spans (the hip bone below the hip centre and the femur: a thigh muscle's origin and
    course), and the fit's median residual (mm)."""
    def bones(side):
        hip = np.asarray(m[f"hip_bone_{side}"].points)
        return np.vstack([hip[hip[:, 2] < centres[side][2]], np.asarray(m[f"femur_{side}"].points)])

    start = registration.affine(np.eye(3), centres["right"] - registration.MIRROR @ centres["left"])
    vertices, residual = registration.mirrored_onto(left[0], bones("left") @ registration.MIRROR.T, bones("right"), start)
    return (vertices, left[1][:, ::-1].copy()), residual
