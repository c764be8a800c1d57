"""Shared fixtures: the shipped atlas (loaded once) and its meshes, read on demand."""

from __future__ import annotations

import functools

import pytest

from explorer.atlas import load_atlas
from explorer.geometry.mesh_io import load_mesh


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path, monkeypatch):
    """Notes, settings and saved views go to a temporary folder: tests never touch real ones."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def atlas():
    return load_atlas()


@pytest.fixture(scope="session")
def mesh(atlas):
    """mesh('gluteus_maximus_right') -> full-resolution PolyData (cached)."""

    @functools.lru_cache(maxsize=None)
    def get(structure_id: str):
        return load_mesh(atlas.mesh_path(atlas[structure_id]))

    return get


@pytest.fixture(scope="session")
def landmarks(atlas):
    import numpy as np

    return {side: {k: np.array(v) for k, v in lms.items()} for side, lms in atlas.landmarks.items()}
