"""An atlas loads one body: the male atlas is the meshes folder, the female one a folder in it.
A structure one body was built without is simply absent from that body's atlas (never a crash,
never a problem), and an unknown body is refused by name."""

from __future__ import annotations

import json
import shutil

import pytest

from explorer.atlas import load_atlas
from explorer.atlas.descriptors import MANIFEST_FILE, body_meshes_dir
from tests.conftest import built_bodies, meshes_root

needs_female = pytest.mark.skipif("female" not in built_bodies(),
                                  reason="the female meshes are not built (meshes/female/manifest.json absent)")


def test_the_default_body_is_the_male_one_in_the_meshes_folder(atlas):
    assert atlas.body == "male" and atlas.meshes_dir == body_meshes_dir("male", meshes_root()) and atlas.absent == ()


def test_an_unknown_body_is_refused_by_name():
    with pytest.raises(ValueError, match=r"unknown body 'neuter' \(one of: male, female\)"):
        load_atlas(body="neuter")


@needs_female
def test_her_atlas_reads_her_own_meshes_and_landmarks(atlas):
    her = atlas.with_body("female")
    assert her.body == "female" and her.meshes_dir == body_meshes_dir("female", meshes_root())
    assert not her.problems, her.problems
    assert her.mesh_path(her["piriformis_right"]).parent == her.meshes_dir
    assert her.landmarks["left"]["asis"] != atlas.landmarks["left"]["asis"]
    assert her.with_body("male").meshes_dir == atlas.meshes_dir


def test_a_structure_her_atlas_lacks_is_absent_not_a_problem(tmp_path, atlas):
    """A copy of the male folder standing in for a female one whose build made no piriformis:
    her manifest lists no file for it (the layout of ``build-meshes --body female``)."""
    root = tmp_path / "meshes"
    shutil.copytree(atlas.meshes_dir, root, ignore=shutil.ignore_patterns("female", "variants", "lod"))
    her = body_meshes_dir("female", root)
    shutil.copytree(root, her, ignore=shutil.ignore_patterns("female"))
    manifest = json.loads((her / MANIFEST_FILE).read_text())
    for name in ("piriformis_right.vtp", "piriformis_left.vtp"):
        del manifest["files"][name]
        (her / name).unlink()
    (her / MANIFEST_FILE).write_text(json.dumps(manifest))

    female = load_atlas(atlas.annotations_dir, root, body="female")
    assert set(female.absent) == {"piriformis_right", "piriformis_left"}
    assert "piriformis_right" not in female and "gluteus_maximus_right" in female
    assert not female.problems, female.problems
    assert all("piriformis_right" not in s.related for s in female)  # links to it are dropped, not broken
    male = female.with_body("male")
    assert "piriformis_right" in male and male.absent == ()


def test_a_listed_mesh_that_is_missing_is_still_a_problem(tmp_path, atlas):
    root = tmp_path / "meshes"
    shutil.copytree(atlas.meshes_dir, root, ignore=shutil.ignore_patterns("female", "variants", "lod"))
    (root / "piriformis_right.vtp").unlink()
    broken = load_atlas(atlas.annotations_dir, root)
    assert any("piriformis_right.vtp' not found" in p.message for p in broken.problems)
