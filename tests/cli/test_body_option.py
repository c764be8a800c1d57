"""--body on every command that reads geometry: each runs on either body and reads that body's
meshes; an unknown body, or one whose meshes were never built, exits 2 with a clear message.
The female runs skip while her meshes are not built (meshes/female/manifest.json)."""

from __future__ import annotations

import json

import numpy as np
import pyvista as pv
import pytest

from explorer.cli import main
from tests.conftest import built_bodies

BODIES = [pytest.param(body, marks=pytest.mark.skipif(body not in built_bodies(), reason=f"the {body} meshes are not "
                                                      f"built (meshes/{body}/manifest.json absent)"))
          for body in ("male", "female")]
COMMANDS = {
    "render": ["render", "--size", "200x160", "-o", "{tmp}/r.png"],
    "plan": ["plan", "--site", "ventrogluteal", "--side", "right", "--json"],
    "landmarks": ["landmarks", "--json"],
    "structures": ["structures", "--json"],
    "export": ["export", "--format", "stl", "--structures", "piriformis_right", "-o", "{tmp}/stl"],
    "handout": ["handout", "--structures", "piriformis_right", "-o", "{tmp}/h.pdf"],
    "validate": ["validate"],
}


def run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("body", BODIES)
def test_the_geometry_commands_read_the_chosen_body(qapp, capsys, tmp_path, atlas, body):
    """Each command's output comes from that body's own meshes and landmarks."""
    her = atlas.with_body(body)
    outputs = {}
    for name, argv in COMMANDS.items():
        code, out, err = run(capsys, [a.format(tmp=tmp_path) for a in argv] + ["--body", body])
        assert code == 0, (name, err)
        outputs[name] = out
    asis = her.landmarks["right"]["asis"]
    assert json.loads(outputs["landmarks"])["body"] == body
    assert json.loads(outputs["landmarks"])["sides"]["right"]["asis"] == asis
    plan = json.loads(outputs["plan"])
    assert plan["body"] == body and plan["verdict"] != "incomplete"
    rows = {r["id"]: r for r in json.loads(outputs["structures"])}
    centroid = np.asarray(pv.read(her.mesh_path(her["gluteus_maximus_right"])).points).mean(axis=0)
    assert np.allclose(rows["gluteus_maximus_right"]["centroid_mm"], centroid, atol=15)
    exported = pv.read(next((tmp_path / "stl").glob("*.stl")))
    assert exported.n_cells == pv.read(her.mesh_path(her["piriformis_right"])).n_cells
    assert (tmp_path / "r.png").stat().st_size > 5_000 and (tmp_path / "h.pdf").stat().st_size > 5_000
    assert outputs["validate"].startswith("ok: ")


@pytest.mark.skipif("female" not in built_bodies(), reason="the female meshes are not built (meshes/female/manifest.json absent)")
def test_the_two_bodies_give_different_answers(capsys, tmp_path):
    """The option is not ignored: her landmarks, plan and picture are not his."""
    answers = {}
    for body in ("male", "female"):
        _, landmarks, _ = run(capsys, ["landmarks", "--json", "--body", body])
        _, plan, _ = run(capsys, ["plan", "--site", "dorsogluteal", "--side", "left", "--json", "--body", body])
        run(capsys, ["render", "--size", "200x160", "-o", str(tmp_path / f"{body}.png"), "--body", body])
        image = pv.read(tmp_path / f"{body}.png")
        answers[body] = (json.loads(landmarks)["sides"]["left"]["asis"], json.loads(plan)["entry_mm"],
                         np.asarray(image.point_data[image.point_data.keys()[0]]).astype(int))
    male, female = answers["male"], answers["female"]
    assert male[0] != female[0] and male[1] != female[1]
    assert np.abs(male[2] - female[2]).mean() > 2


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_body_is_refused_with_exit_2(capsys, tmp_path, command):
    with pytest.raises(SystemExit) as exit_info:
        main([a.format(tmp=tmp_path) for a in COMMANDS[command]] + ["--body", "neuter"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "--body: invalid choice: 'neuter' (choose from 'male', 'female')" in err


def test_a_body_never_built_is_refused_saying_how_to_build_it(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--meshes", str(tmp_path), "landmarks", "--body", "female"])
    out = capsys.readouterr()
    assert exit_info.value.code == 2 and out.out == ""
    assert f"--body female: its meshes are not built ({tmp_path / 'female' / 'manifest.json'} is missing)" in out.err
    assert "anatomy-explorer build-meshes --body female" in out.err


def test_the_body_given_before_the_command_is_used_too(capsys):
    code, out, _ = run(capsys, ["--body", "male", "landmarks", "--json"])
    assert code == 0 and json.loads(out)["body"] == "male"
