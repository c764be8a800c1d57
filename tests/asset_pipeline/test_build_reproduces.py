"""Running the asset build again gives byte-identical files, for each body built (needs the
[build] extra)."""

from __future__ import annotations

import json

import pytest

from explorer.atlas import descriptors
from tests.conftest import built_bodies

pytest.importorskip("myo_sim", reason="the asset build needs the [build] extra")


@pytest.mark.build
@pytest.mark.parametrize("body", built_bodies(descriptors.MESHES_DIR))
def test_build_reproduces_the_committed_meshes(tmp_path, monkeypatch, body):
    from explorer.asset_pipeline.pipeline import build_meshes
    from explorer.asset_pipeline.subjects import SUBJECTS

    monkeypatch.chdir(tmp_path)  # MuJoCo may write a log file in the working directory
    rebuilt = build_meshes(tmp_path / "meshes", log=lambda _msg: None, subject=SUBJECTS[body])
    committed = json.loads((descriptors.body_meshes_dir(body) / descriptors.MANIFEST_FILE).read_text())
    assert rebuilt == committed
