"""The asset build: MyoLeg (myo-sim) -> ``meshes/`` (RAS mm), with landmarks and a manifest.

Order matters, because each layer is draped over the one beneath it::

    bones (refined) -> landmarks -> deep muscles (minimus, medius, piriformis)
        -> sciatic nerve -> gluteus maximus, TFL -> sacroiliac joints
        -> skin and fat (closed around all of it) -> injection zones on the skin

Every file is written with float32 points in VTK's XML PolyData format (zlib-compressed binary),
plus a reduced copy under ``lod/`` for interaction, and recorded in ``manifest.json`` with its
sha256 so a test can tell committed files from rebuilt ones.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import bone_refine, gluteal_vessels, joints, muscles, nerves, soft_tissue
from explorer.asset_pipeline.myo_source import MODEL_NAME, load_myo_source
from explorer.geometry import zones
from explorer.geometry.landmarks import SIDES, pelvic_landmarks, side_sign

#: Fraction of triangles kept in the reduced (interaction) copy, by mesh kind.
LOD_KEEP = {"skin": 0.25, "subcutaneous_fat": 0.25, "default": 0.3}
MANIFEST = "manifest.json"
LANDMARKS = "landmarks.json"


def build_meshes(out_dir: Path, log=print) -> dict:
    """Run the whole pipeline into ``out_dir``; return the manifest written there."""
    out_dir = Path(out_dir)
    (out_dir / "lod").mkdir(parents=True, exist_ok=True)
    source = load_myo_source()
    log(f"myo-sim {source.package_version}: {len(source.bones)} bones, {len(source.fibres)} muscle sides")

    bones = {}
    for mesh_id, (v, f) in source.bones.items():
        side = mesh_id.rsplit("_", 1)[-1]
        cut = source.hip_centres[side][2] - bone_refine.FEMUR_CUT_BELOW_HIP_MM if mesh_id.startswith("femur") else None
        bones[mesh_id] = bone_refine.refine_bone(v, f, cut)
    landmarks = {
        side: pelvic_landmarks(
            bones[f"hip_bone_{side}"].points, bones[f"femur_{side}"].points, bones["sacrum"].points, source.hip_centres[side], side
        )
        for side in SIDES
    }
    log("bones refined, landmarks found")

    built = muscles.build_muscles(source.fibres, bones, landmarks, nerve_builder=_sciatic_builder(bones, landmarks))
    log("muscles and sciatic nerves lofted")
    for side in SIDES:
        built[f"sacroiliac_joint_{side}"] = joints.sacroiliac_joint(bones["sacrum"], bones[f"hip_bone_{side}"])

    deep = list(bones.values()) + list(built.values())
    z_range = (bones["femur_left"].bounds[4] + 10.0, landmarks["left"]["iliac_crest_summit"][2] + 35.0)
    field = soft_tissue.closed_body_field(deep, {s: bones[f"femur_{s}"] for s in SIDES}, z_range)
    skin, fat, skin_outer = soft_tissue.skin_and_fat(field)
    built["skin"], built["subcutaneous_fat"] = skin, fat
    log("skin and fat closed around the deep body")

    # Built after the skin so they leave the body's outline (and every older mesh) unchanged.
    for side in SIDES:
        built.update(_gluteal_vessels(built, bones, landmarks[side], side))
    log("superior and inferior gluteal nerves and arteries traced")

    for side in SIDES:
        lm = landmarks[side]
        built[f"ventrogluteal_site_{side}"] = zones.ventrogluteal_zone(skin_outer, lm, side)
        built[f"dorsogluteal_site_{side}"] = zones.dorsogluteal_zone(skin_outer, lm, side)
        lm.update(_skin_landmarks(skin_outer, lm, side))
    meshes = {**bones, **built}

    files = {}
    for mesh_id, mesh in sorted(meshes.items()):
        files[f"{mesh_id}.vtp"] = _write(mesh, out_dir / f"{mesh_id}.vtp")
        reduced = _reduce(mesh, LOD_KEEP.get(mesh_id, LOD_KEEP["default"]))
        files[f"lod/{mesh_id}.vtp"] = _write(reduced, out_dir / "lod" / f"{mesh_id}.vtp")
    landmark_doc = {
        "units": "mm",
        "frame": "RAS",
        "sides": {side: {k: np.round(v, 2).tolist() for k, v in sorted(lm.items())} for side, lm in landmarks.items()},
    }
    (out_dir / LANDMARKS).write_text(json.dumps(landmark_doc, indent=1) + "\n")
    files[LANDMARKS] = {"sha256": _sha256(out_dir / LANDMARKS), "bytes": (out_dir / LANDMARKS).stat().st_size}
    manifest = {
        "source": {
            "package": "myo-sim",
            "version": source.package_version,
            "model": MODEL_NAME,
            "licence": "Apache-2.0",
            "citation": "Rajagopal A, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL. Full-body musculoskeletal "
            "model for muscle-driven simulation of human gait. IEEE Trans Biomed Eng. 2016;63(10):2068-79.",
        },
        "units": "mm",
        "frame": "RAS (x right, y anterior, z superior); z is height above the model's floor",
        "parameters": {
            "femur_cut_below_hip_mm": bone_refine.FEMUR_CUT_BELOW_HIP_MM,
            "bone_subdivisions": bone_refine.SUBDIVISIONS,
            "muscle_target_volume_cm3": muscles.TARGET_VOLUME_CM3,
            "sciatic_width_mm": nerves.WIDTH_MM,
            "sciatic_depth_mm": nerves.DEPTH_MM,
            "sacroiliac_thickness_mm": joints.THICKNESS_MM,
            "gluteal_nerve_diameter_mm": gluteal_vessels.NERVE_DIAMETER_MM,
            "gluteal_artery_diameter_mm": gluteal_vessels.ARTERY_DIAMETER_MM,
            "superior_gluteal_above_trochanter_mm": gluteal_vessels.SUPERIOR_ABOVE_TROCHANTER_MM,
            "fat_mm": soft_tissue.DEFAULT_FAT_MM,
            "skin_mm": soft_tissue.SKIN_MM,
            "closing_mm": soft_tissue.CLOSING_MM,
            "shell_triangles_per_surface": soft_tissue.SHELL_TRIANGLES,
            "voxel_mm": soft_tissue.VOXEL_MM,
            "lod_keep": LOD_KEEP,
        },
        "files": files,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    log(f"wrote {len(files)} files to {out_dir}")
    return manifest


def _sciatic_builder(bones: dict[str, pv.PolyData], landmarks: dict):
    """Callback for the muscle build: the nerve must exist before gluteus maximus covers it."""

    def build(side: str, piriformis: pv.PolyData) -> pv.PolyData:
        line = nerves.sciatic_centreline(landmarks[side], piriformis, bones["sacrum"], bones[f"femur_{side}"], side)
        return nerves.sciatic_nerve(line)

    return build


def _gluteal_vessels(built: dict, bones: dict, lm: dict, side: str) -> dict[str, pv.PolyData]:
    piriformis = built[f"piriformis_{side}"]
    sciatic = nerves.sciatic_centreline(lm, piriformis, bones["sacrum"], bones[f"femur_{side}"], side)
    paths = {
        "superior": gluteal_vessels.superior_gluteal_paths(lm, piriformis, built[f"gluteus_minimus_{side}"], side),
        "inferior": gluteal_vessels.inferior_gluteal_paths(sciatic, built[f"gluteus_maximus_{side}"], side),
    }
    diameters = {"nerve": gluteal_vessels.NERVE_DIAMETER_MM, "artery": gluteal_vessels.ARTERY_DIAMETER_MM}
    return {
        f"{level}_gluteal_{kind}_{side}": gluteal_vessels.vessel_tube(line, diameters[kind])
        for level, lines in paths.items()
        for kind, line in lines.items()
    }


def _skin_landmarks(skin: pv.PolyData, lm: dict[str, np.ndarray], side: str) -> dict[str, np.ndarray]:
    """Landmarks that live on the skin: the gluteal fold and each site's injection point."""
    s = side_sign(side)
    fold_deep = lm["ischial_tuberosity"] + np.array([0.0, 0.0, -zones.FOLD_BELOW_TUBEROSITY_MM])
    vg_centre = zones.ventrogluteal_outline(lm).mean(axis=0)
    dg_deep = zones.dorsogluteal_point_deep(lm)
    return {
        "gluteal_fold": zones.skin_point_from(skin, fold_deep, np.array([0.0, -1.0, 0.0])),
        "ventrogluteal_point": zones.skin_point_from(skin, vg_centre - np.array([s * 30.0, 0, 0]), np.array([s, 0.0, 0.0])),
        "dorsogluteal_point": zones.skin_point_from(skin, dg_deep, np.array([0.0, -1.0, 0.0])),
    }


def _reduce(mesh: pv.PolyData, keep: float) -> pv.PolyData:
    import fast_simplification

    points, faces = fast_simplification.simplify(
        np.asarray(mesh.points, np.float32), mesh.regular_faces.astype(np.int32), target_reduction=1.0 - keep
    )
    return pv.PolyData(points, bone_refine.faces_to_vtk(faces)).compute_normals(split_vertices=False)


def _write(mesh: pv.PolyData, path: Path) -> dict:
    out = pv.PolyData(np.asarray(mesh.points, np.float32), mesh.faces)
    for name in ("Normals", "fibre_direction"):
        if name in mesh.point_data:
            out.point_data[name] = np.asarray(mesh.point_data[name], np.float32)
    out.save(path, binary=True)
    return {"sha256": _sha256(path), "bytes": path.stat().st_size, "triangles": int(out.n_cells)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
