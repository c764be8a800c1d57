"""Shared fixtures: the shipped atlas (loaded once) and its meshes, read on demand."""

from __future__ import annotations

import functools

import pytest

from explorer.atlas import load_atlas
from explorer.geometry.mesh_io import load_mesh


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
