"""The command line, run as a user would, through its entry function."""

from __future__ import annotations

import json

import numpy as np
import pyvista as pv
import pytest

from explorer.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_structures_json_lists_every_structure_with_size_and_place(capsys, atlas):
    code, out, _ = run(capsys, "structures", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and set(rows) == set(atlas.structures)
    maximus = rows["gluteus_maximus_right"]
    assert maximus["group"] == "muscle" and maximus["side"] == "right" and maximus["fma_id"] == 22314
    assert maximus["volume_cm3"] > 500 and maximus["centroid_mm"][0] > 0 and len(maximus["bounds_mm"]) == 6
    assert rows["ventrogluteal_site_left"]["volume_cm3"] is None  # an open patch on the skin


def test_show_prints_texts_and_the_disclaimer(capsys):
    code, out, _ = run(capsys, "show", "piriformis_left", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["latin"] == "Musculus piriformis"
    assert doc["reference"] and doc["clinical"] and doc["plain"] and "not a diagnosis" in doc["disclaimer"]
    code, _, err = run(capsys, "show", "pirifromis_left")
    assert code == 2 and "piriformis_left" in err


def test_landmarks_json(capsys):
    code, out, _ = run(capsys, "landmarks", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["frame"] == "RAS" and doc["units"] == "mm"
    assert doc["sides"]["right"]["asis"][0] > 0 > doc["sides"]["left"]["asis"][0]


def test_validate_ok_and_broken_folder(capsys, tmp_path, atlas):
    code, out, _ = run(capsys, "validate")
    assert code == 0 and out.startswith("ok: ")
    folder = tmp_path / "ann"
    folder.mkdir()
    (folder / "bad.md").write_text("---\nid: Bad Id\ncolour: red\n---\n# Reference\nx\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    assert "bad.md:2: id 'Bad Id' must be snake_case" in out and "bad.md:3: colour 'red'" in out
    assert "missing section '# Clinical notes'" in out


@pytest.mark.parametrize("view", ["posterior", "right"])
def test_render_writes_a_picture_of_the_region(capsys, tmp_path, view):
    out_file = tmp_path / f"{view}.png"
    code, out, _ = run(capsys, "render", "--view", view, "--highlight", "piriformis_right", "--size", "400x300", "-o", str(out_file))
    assert code == 0 and out_file.is_file()
    image = pv.read(out_file)
    pixels = np.asarray(image.point_data[image.point_data.keys()[0]])
    assert image.dimensions[:2] == (400, 300)
    assert pixels.std() > 20  # not a blank frame
    code, _, err = run(capsys, "render", "--highlight", "nonexistent", "-o", str(out_file))
    assert code == 2 and "nonexistent" in err


def test_render_hides_structures_by_id_paired_id_or_group(capsys, tmp_path):
    def picture(*hide):
        path = tmp_path / f"{len(hide)}.png"
        assert run(capsys, "render", "--size", "300x240", "--hide", *hide, "-o", str(path))[0] == 0
        image = pv.read(path)
        return np.asarray(image.point_data[image.point_data.keys()[0]]).astype(int)

    with_maximus = picture("soft_tissue")
    without = picture("soft_tissue", "gluteus_maximus")  # both sides: the deep muscles show
    assert np.abs(with_maximus - without).mean() > 5
    code, _, err = run(capsys, "render", "--hide", "gluteus_maximum", "-o", str(tmp_path / "x.png"))
    assert code == 2 and "gluteus_maximus" in err  # a near miss is named


def test_headless_flag_renders_the_default_view(capsys, tmp_path):
    out_file = tmp_path / "start.png"
    code, out, _ = run(capsys, "--headless", str(out_file))
    assert code == 0 and out_file.stat().st_size > 10_000 and "structures loaded" in out


def test_plan_json_reports_the_documented_fields(capsys):
    code, out, _ = run(capsys, "plan", "--site", "ventrogluteal", "--side", "right", "--fat-mm", "20", "--needle-mm", "38", "--json")
    plan = json.loads(out)
    assert code == 0
    for key in ("entry_mm", "direction", "depth_to_muscle_mm", "muscle_thickness_mm", "target_muscle", "reaches_muscle",
                "tip_in", "nerve_distances_mm", "verdict", "thresholds", "note", "layers"):
        assert key in plan
    assert plan["target_muscle"] == "gluteus_medius_right" and plan["reaches_muscle"] is True
    assert plan["nerve_distances_mm"]["sciatic_nerve_right"]["axis_mm"] > 30
    assert "estimate" in plan["note"].lower()
    with pytest.raises(SystemExit) as exit_info:
        main(["plan", "--site", "ventrogluteal", "--side", "right", "--fat-mm", "500"])
    assert exit_info.value.code == 2 and "fat thickness must be 5-100 mm" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--annotations", "--meshes"])
def test_a_missing_data_folder_is_an_error_naming_it(capsys, tmp_path, option):
    missing = tmp_path / "nonexistent"
    with pytest.raises(SystemExit) as exit_info:
        main([option, str(missing), "structures"])
    out = capsys.readouterr()
    assert exit_info.value.code == 2 and f"{option}: folder '{missing}' does not exist" in out.err
    assert out.out == ""  # no empty table


def test_a_folder_without_annotations_is_an_error_naming_it(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--annotations", str(tmp_path), "structures"])
    out = capsys.readouterr()
    assert exit_info.value.code == 2 and f"no structure could be loaded from {tmp_path}" in out.err and out.out == ""


@pytest.mark.parametrize("value", ["thick", "500"])
def test_a_bad_fat_value_lists_the_presets_with_their_values(capsys, value):
    from explorer.planning.body_build import PRESETS

    with pytest.raises(SystemExit) as exit_info:
        main(["plan", "--site", "ventrogluteal", "--side", "right", "--fat-mm", value])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "--fat-mm" in err
    for preset in PRESETS:
        assert f"{preset.key} = {preset.fat_mm:.1f} mm" in err


def test_show_a_paired_structure_named_without_side_shows_it_once_for_both_sides(capsys):
    code, out, _ = run(capsys, "show", "glute max")
    assert code == 0 and out.startswith("Gluteus maximus  [gluteus_maximus_left, gluteus_maximus_right]")
    assert out.count("== Reference ==") == 1 and "sides: left and right" in out
    code, out, _ = run(capsys, "show", "glute max", "--json")
    doc = json.loads(out)
    assert doc["ids"] == ["gluteus_maximus_left", "gluteus_maximus_right"] and doc["sides"] == ["left", "right"]
    assert doc["side"] is None and doc["plain_name"] == "Big buttock muscle"
    code, out, _ = run(capsys, "show", "glute max right", "--json")
    assert code == 0 and json.loads(out)["ids"] == ["gluteus_maximus_right"]


def test_show_a_name_that_fits_different_structures_lists_them_and_exits_2(capsys, atlas):
    assert {s.base_id for s in atlas.find("hip abductor")} == {"gluteus_medius", "gluteus_minimus"}  # shared synonym
    code, out, err = run(capsys, "show", "hip abductor")
    assert code == 2 and out == ""
    assert "gluteus_medius_left, gluteus_medius_right" in err and "gluteus_minimus_left, gluteus_minimus_right" in err
