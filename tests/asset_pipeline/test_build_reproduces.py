"""Running the asset build again gives byte-identical files (needs the [build] extra)."""

from __future__ import annotations

import json

import pytest

from explorer.atlas import descriptors

pytest.importorskip("myo_sim", reason="the asset build needs the [build] extra")


@pytest.mark.build
def test_build_reproduces_the_committed_meshes(tmp_path, monkeypatch):
    from explorer.asset_pipeline.pipeline import build_meshes

    monkeypatch.chdir(tmp_path)  # MuJoCo may write a log file in the working directory
    rebuilt = build_meshes(tmp_path / "meshes", log=lambda _msg: None)
    committed = json.loads((descriptors.MESHES_DIR / descriptors.MANIFEST_FILE).read_text())
    assert rebuilt == committed
