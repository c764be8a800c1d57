"""The asset build: one Visible Human subject's scans (+ MyoLeg's lumbar spine) -> its meshes folder, RAS mm.

The same steps build either body (``subjects``: the male into ``meshes/``, the female into
``meshes/female/``, each folder with its own manifest and landmarks).

Order matters, because each step builds on what the one before placed::

    scanned bones and muscles (``scan_atlas``: registration, femur fit, bone wins)
        -> landmarks on the real bones -> L4 and L5 on the sacrum
        -> sacrotuberous and sacrospinous ligaments on the bones (the muscles they cross yield)
        -> nerves and vessels routed through the free space and the foramina, each artery's
           companion vein beside it, muscles grooved
        -> sacroiliac joints (the ilium yields where the bones touch)
        -> trochanteric bursa, gluteal aponeurosis and iliotibial tract over all of that
        -> the subject's own skin (HRA, fitted), eased over all of it, with the fat between it
           and the deep envelope
        -> injection zones on the skin
        -> sciatic-piriformis variants (``variants/<type>/``: the nerve rerouted, muscles pierced)

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

from explorer.asset_pipeline import (body_surface, deep_bundles, fascia_lata, ligaments, sacroiliac_joint, scan_muscles,
                                     soft_tissue, surfaces)
from explorer.asset_pipeline.bones import FEMUR_CUT_BELOW_HIP_MM
from explorer.asset_pipeline.lumbar import lumbar_vertebrae
from explorer.asset_pipeline.scan_atlas import build_scan_atlas
from explorer.asset_pipeline.sciatic_variants import PERONEAL_MM, TIBIAL_MM, build_variants
from explorer.asset_pipeline.subjects import MALE, Subject
from explorer.atlas.descriptors import BODY_SUBDIRS
from explorer.geometry import zones
from explorer.geometry.landmarks import SIDES, pelvic_landmarks, side_sign
from explorer.planning.body_build import BODY_ARRAYS

#: Fraction of triangles kept in the reduced (interaction) copy, by mesh kind.
LOD_KEEP = {"skin": 0.2, "subcutaneous_fat": 0.2, "default": 0.2}
MANIFEST = "manifest.json"
LANDMARKS = "landmarks.json"
def build_meshes(out_dir: Path, log=print, subject: Subject = MALE) -> dict:
    """Run the whole pipeline for ``subject`` into ``out_dir``; return the manifest written there."""
    out_dir = Path(out_dir)
    (out_dir / "lod").mkdir(parents=True, exist_ok=True)
    atlas = build_scan_atlas(log, subject)
    meshes = atlas.meshes
    landmarks = {
        side: pelvic_landmarks(
            *(np.asarray(meshes[k].points) for k in (f"hip_bone_{side}", f"femur_{side}", "sacrum", "coccyx")),
            atlas.hip_centres[side],
            side,
        )
        for side in SIDES
    }
    lumbar, atlas.report["lumbar_fit"] = lumbar_vertebrae(meshes["sacrum"], log)
    meshes.update(lumbar)
    for side in SIDES:
        meshes[f"psoas_major_{side}"] = surfaces.subtract(meshes[f"psoas_major_{side}"], list(lumbar.values()))
    log("landmarks found on the real bones")

    built = ligaments.ligaments(meshes, landmarks)
    muscles = {k: m for k, m in meshes.items() if k.rsplit("_", 1)[0] in scan_muscles.TRIANGLES}
    meshes.update(ligaments.make_room(muscles, built, deep_bundles.bone_meshes(meshes)))
    meshes.update(built)
    log("sacrotuberous and sacrospinous ligaments laid on the bones")

    bundles, atlas.report["bundles"] = deep_bundles.route_bundles(meshes, landmarks, log, subject.pelvis_in_envelope)
    meshes.update(bundles)  # the muscles grooved and reduced to their budgets too
    hip_bones = {side: meshes[f"hip_bone_{side}"] for side in SIDES}
    joints, atlas.report["sacroiliac_joints"] = sacroiliac_joint.sacroiliac_joints(meshes["sacrum"], hip_bones)
    meshes.update(joints)
    fascia, atlas.report["lateral_fascia"] = fascia_lata.lateral_fascia(meshes, landmarks, log)
    meshes.update(fascia)

    femurs = {s: meshes[f"femur_{s}"] for s in SIDES}
    z_range = (femurs["left"].bounds[4] + 10.0, landmarks["left"]["iliac_crest_summit"][2] + 35.0)
    # Every deep mesh built so far: the skin closes around whatever structures exist.
    deep = list(meshes.values())
    field = soft_tissue.closed_body_field(deep, femurs, z_range)
    skin_outer, atlas.report["skin"] = body_surface.subject_skin(deep, landmarks, field, z_range, log, subject)
    meshes["skin"], meshes["subcutaneous_fat"] = body_surface.shells(skin_outer)

    for side in SIDES:
        lm = landmarks[side]
        meshes[f"ventrogluteal_site_{side}"] = zones.ventrogluteal_zone(skin_outer, lm, side)
        meshes[f"dorsogluteal_site_{side}"] = zones.dorsogluteal_zone(skin_outer, lm, side)
        lm.update(_skin_landmarks(skin_outer, lm, side))

    variants = build_variants(meshes, landmarks, log)
    files = {}
    for folder, written in [("", meshes)] + [(f"variants/{key}/", changed) for key, changed in sorted(variants.items())]:
        (out_dir / folder / "lod").mkdir(parents=True, exist_ok=True)
        for mesh_id, mesh in sorted(written.items()):
            files[f"{folder}{mesh_id}.vtp"] = _write(mesh, out_dir / folder / f"{mesh_id}.vtp")
            files[f"{folder}lod/{mesh_id}.vtp"] = _write_reduced(mesh, mesh_id, out_dir / folder / "lod" / f"{mesh_id}.vtp",
                                                                files[f"{folder}{mesh_id}.vtp"]["bytes"])
    landmark_doc = {
        "units": "mm",
        "frame": "RAS",
        "sides": {side: {k: np.round(v, 2).tolist() for k, v in sorted(lm.items())} for side, lm in landmarks.items()},
    }
    (out_dir / LANDMARKS).write_text(json.dumps(landmark_doc, indent=1) + "\n")
    files[LANDMARKS] = {"sha256": _sha256(out_dir / LANDMARKS), "bytes": (out_dir / LANDMARKS).stat().st_size}
    manifest = {
        "source": subject.sources,
        "subject": subject.description,
        "units": "mm",
        "frame": "RAS (x right, y anterior, z superior); origin midway between the two hip-joint centres",
        "parameters": {
            "femur_cut_below_hip_mm": FEMUR_CUT_BELOW_HIP_MM,
            "sciatic_width_mm": deep_bundles.nerves.WIDTH_MM,
            "sciatic_depth_mm": deep_bundles.nerves.DEPTH_MM,
            "sciatic_tibial_division_mm": list(TIBIAL_MM),
            "sciatic_peroneal_division_mm": list(PERONEAL_MM),
            "sacroiliac_auricular_gap_mm": sacroiliac_joint.AURICULAR_GAP_MM,
            "sacroiliac_min_thickness_mm": sacroiliac_joint.MIN_THICKNESS_MM,
            "iliotibial_tract_mm": fascia_lata.TRACT_MM,
            "gluteal_aponeurosis_mm": fascia_lata.APONEUROSIS_MM,
            "iliotibial_tract_vasti_offset_mm": fascia_lata.VASTI_MM,
            "gluteal_nerve_diameter_mm": deep_bundles.gluteal_vessels.NERVE_DIAMETER_MM,
            "gluteal_artery_diameter_mm": deep_bundles.gluteal_vessels.ARTERY_DIAMETER_MM,
            "sacrotuberous_thickness_mm": ligaments.SACROTUBEROUS_THICKNESS_MM,
            "sacrospinous_thickness_mm": ligaments.SACROSPINOUS_THICKNESS_MM,
            "pudendal_nerve_diameter_mm": deep_bundles.foramen_bundles.PUDENDAL_NERVE_DIAMETER_MM,
            "pudendal_medial_to_spine_mm": deep_bundles.foramen_bundles.PUDENDAL_MEDIAL_TO_SPINE_MM,
            "superior_gluteal_above_trochanter_mm": deep_bundles.gluteal_vessels.SUPERIOR_ABOVE_TROCHANTER_MM,
            "vein_to_artery_diameter": deep_bundles.venae_comitantes.VEIN_TO_ARTERY,
            "vein_artery_gap_mm": deep_bundles.venae_comitantes.GAP_MM,
            "skin_mm": soft_tissue.SKIN_MM,
            "closing_mm": soft_tissue.CLOSING_MM,
            "skin_triangles": body_surface.SKIN_TRIANGLES,
            "skin_clearance_mm": body_surface.CLEARANCE_MM,
            "voxel_mm": soft_tissue.VOXEL_MM,
            "lod_keep": LOD_KEEP,
        },
        "build_report": atlas.report,
        "files": files,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    # Meshes an earlier build wrote and this one did not (a structure or variant file dropped)
    # would otherwise linger beside the manifest: remove them.
    for stale in sorted(out_dir.rglob("*.vtp")):
        if stale.relative_to(out_dir).as_posix() not in files and not _other_body(stale.relative_to(out_dir)):
            stale.unlink()
            log(f"removed {stale.relative_to(out_dir)}, which this build no longer makes")
    log(f"wrote {len(files)} files to {out_dir}")
    return manifest


def _other_body(relative: Path) -> bool:
    """Whether a file lies in another body's folder inside this one (the female atlas inside the male's)."""
    return relative.parts[0] in {sub for sub in BODY_SUBDIRS.values() if sub}


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


def _write_reduced(mesh: pv.PolyData, mesh_id: str, path: Path, full_bytes: int) -> dict:
    """The reduced copy: ``LOD_KEEP`` of the triangles, 64 at least; where that is hardly fewer
    than the mesh has (a small zone) and the file comes out no smaller, half of them."""
    entry = _write(surfaces.decimate(mesh, max(int(mesh.n_cells * LOD_KEEP.get(mesh_id, LOD_KEEP["default"])), 64)), path)
    if entry["bytes"] >= full_bytes:
        entry = _write(surfaces.decimate(mesh, mesh.n_cells // 2), path)
    return entry


def _write(mesh: pv.PolyData, path: Path) -> dict:
    out = pv.PolyData(np.asarray(mesh.points, np.float32), mesh.faces)
    for name in ("Normals", *BODY_ARRAYS):  # the body build's arrays, where a mesh has them
        if name in mesh.point_data:
            out.point_data[name] = np.asarray(mesh.point_data[name], np.float32)
    out.save(path, binary=True)
    return {"sha256": _sha256(path), "bytes": path.stat().st_size, "triangles": int(out.n_cells)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
