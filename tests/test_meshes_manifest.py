"""The committed meshes are the ones the manifest describes, compact, and all referenced: for
each body built (the male's in meshes/, the female's in meshes/female/)."""

from __future__ import annotations

import hashlib
import json

import pytest

from explorer.atlas import descriptors, load_atlas
from tests.conftest import built_bodies


def _own_files(folder) -> set[str]:
    """Every file of one body's folder, without the other bodies' folders inside it."""
    others = {sub for sub in descriptors.BODY_SUBDIRS.values() if sub}
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] not in others}


@pytest.mark.parametrize("body", built_bodies(descriptors.MESHES_DIR))
def test_every_file_matches_its_manifest_hash(body):
    folder = descriptors.body_meshes_dir(body)
    manifest = json.loads((folder / descriptors.MANIFEST_FILE).read_text())
    assert manifest["units"] == "mm" and manifest["frame"].startswith("RAS")
    assert manifest["subject"].startswith(f"Visible Human {body.title()}")
    # Every source is credited with its licence and citation; the scans are CC BY 4.0.
    assert all(source["licence"] and source["citation"] for source in manifest["source"])
    assert {source["licence"] for source in manifest["source"]} == {"CC BY 4.0", "Apache-2.0"}
    for name, entry in manifest["files"].items():
        data = (folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
    assert _own_files(folder) - {descriptors.MANIFEST_FILE, "README.md"} == set(manifest["files"])


@pytest.mark.parametrize("body", built_bodies(descriptors.MESHES_DIR))
def test_meshes_are_compact_and_every_structure_has_a_reduced_copy(body):
    folder = descriptors.body_meshes_dir(body)
    total = sum(p.stat().st_size for p in descriptors.MESHES_DIR.rglob("*") if p.is_file())
    assert total < 40 * 1024 * 1024  # both bodies together
    atlas = load_atlas(meshes_dir=folder)
    for s in atlas:
        if s.mesh:
            full, reduced = atlas.mesh_path(s), atlas.mesh_path(s, reduced=True)
            assert reduced.stat().st_size < full.stat().st_size, s.id
