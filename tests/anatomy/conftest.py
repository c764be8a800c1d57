"""Every geometry test here runs once per body whose atlas is built (the male's ``meshes/``, the
female's ``meshes/female/``; or those inside the folder ANATOMY_EXPLORER_TEST_MESHES names)."""

from __future__ import annotations

import pytest

from explorer.atlas import load_atlas
from explorer.atlas.descriptors import body_meshes_dir
from tests.conftest import built_bodies, landmark_arrays, mesh_getter, meshes_root


@pytest.fixture(scope="session", params=built_bodies())
def body(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def atlas(body):
    """The same annotations on this body's meshes."""
    return load_atlas(meshes_dir=body_meshes_dir(body, meshes_root()))


# Their own ``mesh`` and ``landmarks``, on this body's atlas: the root fixtures of the same names
# are session-wide, and one that had served her atlas here would go on serving it to every test
# after this folder (the export tests then compared her files with his).
@pytest.fixture(scope="session")
def mesh(atlas):
    """mesh('gluteus_maximus_right') -> this body's full-resolution PolyData (cached)."""
    return mesh_getter(atlas)


@pytest.fixture(scope="session")
def landmarks(atlas):
    return landmark_arrays(atlas)


@pytest.fixture(scope="module")
def outer_skin(mesh):
    """The skin's outer face (the largest closed part of the skin shell)."""
    parts = mesh("skin").connectivity("all").split_bodies()
    return max((p.extract_surface(algorithm=None) for p in parts), key=lambda p: p.length).triangulate()


#: What fails in this build and could not be fixed yet, by test id, with what was measured.
#: Strict: the day one passes, the test says so.
EXPECTED_FAILURES = {
    # Her spines lie 59-70 mm from her sacral margin at every height the base may start at (his
    # 43-64): a fact of her bones, not of how the ligament is laid. Liu 2020's band is from 24
    # Chinese women; she was a broad-pelvised American woman (112 mm between the spines).
    "test_sacrospinous_ligament_runs_from_the_lower_sacrum_and_coccyx_to_the_ischial_spine[female-left]":
        "64.8 mm from spine to the middle of its sacral attachment (61.8 allowed)",
    "test_sacrospinous_ligament_runs_from_the_lower_sacrum_and_coccyx_to_the_ischial_spine[female-right]":
        "62.7 mm from spine to the middle of its sacral attachment (61.8 allowed)",
}


@pytest.fixture(autouse=True)
def _known_failures(request):
    reason = EXPECTED_FAILURES.get(request.node.name)
    if reason:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
