"""Every geometry test here runs once per body whose atlas is built (the male's ``meshes/``, the
female's ``meshes/female/``; or those inside the folder ANATOMY_EXPLORER_TEST_MESHES names)."""

from __future__ import annotations

import pytest

from explorer.atlas import load_atlas
from explorer.atlas.descriptors import body_meshes_dir
from tests.conftest import built_bodies, meshes_root


@pytest.fixture(scope="session", params=built_bodies())
def body(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def atlas(body):
    """The same annotations on this body's meshes."""
    return load_atlas(meshes_dir=body_meshes_dir(body, meshes_root()))


def xfail_for(request, body: str, failing: str, reason: str) -> None:
    """Mark the running test a strict expected failure for one body (the other must pass)."""
    if body == failing:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=f"{failing}: {reason}"))
