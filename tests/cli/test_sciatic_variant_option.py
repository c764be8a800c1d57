"""--sciatic-variant: render, plan and export read the chosen variant's meshes; a type the mesh
folder cannot show stops the command with a message naming it."""

from __future__ import annotations

import json

import numpy as np
import pyvista as pv
import pytest

from explorer.cli import main


def run(capsys, atlas, *argv):
    code = main(["--meshes", str(atlas.meshes_dir), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("command", [["plan", "--site", "dorsogluteal", "--side", "right"], ["render", "-o", "x.png"],
                                     ["export", "-o", "x.glb"]])
def test_an_unknown_type_is_an_error_naming_it(capsys, atlas, command):
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, atlas, *command, "--sciatic-variant", "Q")
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "--sciatic-variant: sciatic variant 'Q' cannot be shown: no such Beaton and Anson type" in err
    assert "A = typical, undivided below piriformis; B = peroneal division through piriformis" in err  # and what there is


def test_plan_measures_the_chosen_variant(capsys, atlas):
    def plan(key):
        code, out, _ = run(capsys, atlas, "plan", "--site", "dorsogluteal", "--side", "right", "--json", "--sciatic-variant", key)
        assert code == 0
        return json.loads(out)

    # The right side: there the needle's nearest point on the nerve lies where type B's division
    # runs apart (on the left it lies on the trunk below, equal in both: tests/planning).
    a, b = plan("A"), plan("b")
    assert (a["sciatic_variant"], b["sciatic_variant"]) == ("A", "B")
    assert b["nerve_distances_mm"]["sciatic_nerve_right"]["needle_mm"] < a["nerve_distances_mm"]["sciatic_nerve_right"]["needle_mm"]
    code, out, _ = run(capsys, atlas, "plan", "--site", "dorsogluteal", "--side", "left", "--sciatic-variant", "B")
    assert code == 0 and "sciatic nerve as drawn: Type B: the common peroneal (fibular) division passes through piriformis" in out


def test_render_and_export_draw_the_chosen_variant(capsys, atlas, tmp_path):
    def picture(key):
        path = tmp_path / f"{key}.png"
        code, _, _ = run(capsys, atlas, "render", "--size", "300x240", "--hide", "soft_tissue", "gluteus_maximus",
                         "--sciatic-variant", key, "-o", str(path))
        assert code == 0
        image = pv.read(path)
        return np.asarray(image.point_data[image.point_data.keys()[0]]).astype(int)

    assert np.abs(picture("A") - picture("C")).max() > 50  # the peroneal division over piriformis shows
    code, _, _ = run(capsys, atlas, "export", "-o", str(tmp_path / "d"), "--format", "stl", "--structures", "sciatic_nerve_right",
                     "--sciatic-variant", "D")
    assert code == 0
    exported = pv.read(next((tmp_path / "d").glob("*.stl")))
    shown = atlas.with_variant("D")
    expected = pv.read(shown.mesh_path(shown["sciatic_nerve_right"]))
    assert np.allclose(exported.bounds, expected.bounds, atol=0.01)
    typical = pv.read(atlas.mesh_path(atlas["sciatic_nerve_right"]))
    assert not np.allclose(exported.bounds, typical.bounds, atol=1.0)


def test_validate_checks_the_variant_meshes_too(capsys, atlas, tmp_path):
    import shutil
    from pathlib import Path

    folder = tmp_path / "meshes"
    shutil.copytree(atlas.meshes_dir, folder)
    broken = folder / "variants" / "B" / "sciatic_nerve_left.vtp"
    (broken.parent / "lod").mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(__file__).parents[1] / "corpus" / "meshes" / "corpus_truncated.vtp", broken)
    (folder / "variants" / "Q").mkdir()
    code = main(["--meshes", str(folder), "validate"])
    out = capsys.readouterr().out
    assert code == 1
    assert "sciatic variant B: structure 'sciatic_nerve_left':" in out and "cannot be read as a mesh" in out
    assert "'Q' is not a sciatic variant this app knows (B, C, D); not shown" in out


@pytest.mark.parametrize("command", ["render", "plan", "export"])
def test_help_lists_the_types_with_their_prevalence(capsys, command):
    # The types' labels hold percentages; argparse %-formats help, so an unescaped "%" made
    # `render --help` (and plan's, export's) crash with a ValueError instead of printing.
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "--sciatic-variant" in capsys.readouterr().out
