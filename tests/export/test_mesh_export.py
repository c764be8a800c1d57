"""Exports load back in other tools' readers, named, coloured, in mm and RAS, tagged for Slicer."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from explorer.cli import main
from explorer.export.mesh_export import ExportError, export_structures


def test_glb_holds_every_visible_structure_as_a_named_coloured_node(capsys, atlas, mesh, tmp_path):
    out = tmp_path / "scene.glb"
    assert main(["export", "-o", str(out)]) == 0
    scene = trimesh.load(out)
    expected = {s.id for s in atlas if s.mesh and s.id != "subcutaneous_fat"}  # fat is hidden at start
    assert set(scene.graph.nodes_geometry) == expected
    femur = scene.geometry["femur_right"]
    assert np.allclose(femur.bounds, np.reshape(mesh("femur_right").bounds, (3, 2)).T, atol=1e-3)  # mm, RAS as stored
    assert femur.bounds[0][0] > 0  # the right femur is at +x (R)
    colour = femur.visual.material.baseColorFactor
    assert "#%02x%02x%02x" % tuple(colour[:3]) == atlas["femur_right"].colour
    assert scene.geometry["skin"].visual.material.baseColorFactor[3] < 255  # the veil stays translucent
    assert "27" not in capsys.readouterr().err


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
