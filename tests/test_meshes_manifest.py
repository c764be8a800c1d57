"""The committed meshes are the ones the manifest describes, compact, and all referenced."""

from __future__ import annotations

import hashlib
import json

from explorer.atlas import descriptors


def test_every_file_matches_its_manifest_hash():
    manifest = json.loads((descriptors.MESHES_DIR / descriptors.MANIFEST_FILE).read_text())
    assert manifest["units"] == "mm" and manifest["frame"].startswith("RAS")
    # Every source is credited with its licence and citation; the scans are CC BY 4.0.
    assert all(source["licence"] and source["citation"] for source in manifest["source"])
    assert {source["licence"] for source in manifest["source"]} == {"CC BY 4.0", "Apache-2.0"}
    for name, entry in manifest["files"].items():
        data = (descriptors.MESHES_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
    on_disk = {p.relative_to(descriptors.MESHES_DIR).as_posix() for p in descriptors.MESHES_DIR.rglob("*") if p.is_file()}
    assert on_disk - {descriptors.MANIFEST_FILE, "README.md"} == set(manifest["files"])


def test_meshes_are_compact_and_every_structure_has_a_reduced_copy(atlas):
    total = sum(p.stat().st_size for p in descriptors.MESHES_DIR.rglob("*") if p.is_file())
    assert total < 40 * 1024 * 1024
    for s in atlas:
        if s.mesh:
            full, reduced = atlas.mesh_path(s), atlas.mesh_path(s, reduced=True)
            assert reduced.stat().st_size < full.stat().st_size, s.id
