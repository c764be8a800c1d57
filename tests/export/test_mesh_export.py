"""Exports load back in other tools' readers, named, coloured, in mm and RAS, tagged for Slicer."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from explorer.cli import main
from explorer.export.mesh_export import ExportError, export_structures
from explorer.render.appearance import start_opacity


def _world_vertices(scene: trimesh.Scene, node: str) -> np.ndarray:
    """A node's vertices where a glTF viewer puts them (its node transform applied)."""
    transform, geometry = scene.graph[node]
    return trimesh.transform_points(scene.geometry[geometry].vertices, transform)


def test_glb_holds_every_visible_structure_as_a_named_coloured_node(capsys, atlas, tmp_path):
    out = tmp_path / "scene.glb"
    assert main(["export", "-o", str(out)]) == 0
    assert "metres, glTF axes" in capsys.readouterr().out
    scene = trimesh.load(out)
    expected = {s.id for s in atlas if s.mesh and s.id != "subcutaneous_fat"}  # fat is hidden at start
    assert set(scene.graph.nodes_geometry) == expected
    colour = scene.geometry["femur_right"].visual.material.baseColorFactor
    assert "#%02x%02x%02x" % tuple(colour[:3]) == atlas["femur_right"].colour


def test_glb_follows_the_gltf_frame_metres_y_up_z_front(atlas, mesh, tmp_path):
    """What Blender or a web viewer reads: metres; +Y superior, +Z anterior, so +X is the
    patient's left (glTF is right-handed with the asset's front facing +Z)."""
    ids = ["hip_bone_left", "hip_bone_right", "femur_left", "femur_right", "lumbar_vertebra_l4", "sacrum",
           "tensor_fasciae_latae_right", "gluteus_maximus_right"]
    scene = trimesh.load(export_structures(atlas, ids, tmp_path / "scene.glb", "glb").files[0])
    points = {sid: _world_vertices(scene, sid) for sid in ids}
    centre = {sid: p.mean(axis=0) for sid, p in points.items()}
    pelvis = np.vstack([points["hip_bone_left"], points["hip_bone_right"]])
    width, height, depth = np.ptp(pelvis, axis=0)
    assert 0.2 < width < 0.4 and 0.1 < height < 0.35 and 0.1 < depth < 0.3  # an adult pelvis, in metres
    assert centre["lumbar_vertebra_l4"][1] > centre["sacrum"][1] > centre["femur_right"][1]  # superior is +Y
    assert centre["tensor_fasciae_latae_right"][2] > centre["sacrum"][2]  # anterior is +Z ...
    assert centre["tensor_fasciae_latae_right"][2] > centre["gluteus_maximus_right"][2]
    assert centre["femur_right"][0] < 0 < centre["femur_left"][0]  # ... so the patient's right is -X
    ras = np.asarray(mesh("femur_right").points)
    assert np.allclose(points["femur_right"], np.c_[-ras[:, 0], ras[:, 2], ras[:, 1]] / 1000, atol=1e-6)
    # A rotation, not a mirror: closed surfaces keep their outward winding (positive volume).
    femur = scene.geometry["femur_right"]
    assert femur.is_volume and femur.volume == pytest.approx(mesh("femur_right").volume * 1e-9, rel=1e-3)
    assert scene.metadata["units"] == "m" and "+Y superior" in scene.metadata["frame"]


def test_glb_veils_stay_translucent(atlas, tmp_path):
    """Skin, fat and injection zones are blended with the app's opacity; bone stays opaque."""
    ids = ["skin", "subcutaneous_fat", "ventrogluteal_site_left", "sacrum"]
    scene = trimesh.load(export_structures(atlas, ids, tmp_path / "veils.glb", "glb").files[0])
    for sid in ids[:3]:
        material = scene.geometry[sid].visual.material
        assert material.alphaMode == "BLEND" and 0 < material.baseColorFactor[3] < 255, sid
    assert scene.geometry["skin"].visual.material.baseColorFactor[3] == round(255 * start_opacity(atlas["skin"]))
    sacrum = scene.geometry["sacrum"].visual.material
    assert sacrum.alphaMode == "OPAQUE" and sacrum.baseColorFactor[3] == 255


@pytest.mark.parametrize("fmt, tag", [("stl", b"SPACE=RAS"), ("obj", b"# SPACE=RAS"), ("ply", b"comment SPACE=RAS")])
def test_per_structure_files_carry_the_slicer_frame_tag_and_the_same_vertices(atlas, mesh, tmp_path, fmt, tag):
    result = export_structures(atlas, ["sciatic_nerve_left", "sacrum"], tmp_path, fmt)
    assert sorted(p.name for p in result.files) == [f"sacrum.{fmt}", f"sciatic_nerve_left.{fmt}"]
    path = tmp_path / f"sciatic_nerve_left.{fmt}"
    assert tag in path.read_bytes()[:300]
    loaded = trimesh.load(path, process=False)
    source = mesh("sciatic_nerve_left")
    assert len(loaded.faces) == source.triangulate().n_cells
    assert np.allclose(loaded.bounds, np.reshape(source.bounds, (3, 2)).T, atol=1e-3)


def test_cli_selects_by_paired_id_and_hides_groups(capsys, tmp_path):
    out = tmp_path / "parts"
    assert main(["export", "-o", str(out), "--format", "stl", "--structures", "gluteus_medius", "bone", "--hide", "bone"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["gluteus_medius_left.stl", "gluteus_medius_right.stl"]


def test_bad_requests_get_clear_messages(capsys, atlas, tmp_path):
    assert main(["export", "-o", str(tmp_path / "x.glb"), "--structures", "gluteus_maximos"]) == 2
    assert "did you mean: gluteus_maximus" in capsys.readouterr().err
    with pytest.raises(ExportError, match="no visible structure has a mesh"):
        export_structures(atlas, ["gluteal_region"], tmp_path / "y.glb", "glb")
    with pytest.raises(ExportError, match="unknown format"):
        export_structures(atlas, ["sacrum"], tmp_path, "fbx")
