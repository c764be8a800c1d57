"""A shared annotation folder gone wrong: the shipped atlas with the broken corpus mixed in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explorer.atlas import descriptors

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def mixed_atlas_dirs(tmp_path):
    """(annotations, meshes) folders: every shipped file plus every broken case.

    Cases that git cannot carry faithfully are made here: a symlink from the mesh folder to a
    file outside it, and an annotation file larger than the parser's limit.
    """
    annotations, meshes = tmp_path / "annotations", tmp_path / "meshes"
    shutil.copytree(descriptors.ANNOTATIONS_DIR, annotations)
    shutil.copytree(descriptors.MESHES_DIR, meshes)
    for f in (CORPUS / "annotations").iterdir():
        shutil.copy(f, annotations / f.name)
    for f in (CORPUS / "meshes").iterdir():
        shutil.copy(f, meshes / f.name)
    outside = tmp_path / "outside.vtp"
    shutil.copy(meshes / "sacrum.vtp", outside)
    (meshes / "corpus_link.vtp").symlink_to(outside)
    big = (annotations / "sacrum.md").read_text(encoding="utf-8").replace("id: sacrum", "id: enormous")
    (annotations / "enormous.md").write_text(big + "\n" + "x" * (600 * 1024), encoding="utf-8")
    return annotations, meshes
