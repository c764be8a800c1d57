"""A plan that lacks a structure it needs says so first and is never 'safe'.

Every file the planner depends on is broken in turn (filled with random bytes, as a damaged
download or a bad edit would leave it); the files are found from the loaded atlas and the
planner's own list of requirements, so the test follows the atlas when its meshes change.
"""

from __future__ import annotations

import os
import shutil

import pytest

from explorer.atlas import load_atlas
from explorer.atlas.descriptors import ANNOTATIONS_DIR, LANDMARKS_FILE, MESHES_DIR
from explorer.planning import PlanningScene, plan_needle, plan_site
from explorer.planning.requirements import REQUIRED


def _required_files():
    """(kind, file name, side to plan on, structure ids it holds) for every file the planner needs."""
    atlas = load_atlas()
    files = {}
    for requirement in REQUIRED:
        for sid in requirement.ids():
            s = atlas[sid]
            side = s.side or "right"
            files.setdefault(("annotation", s.source_file.name), (side, set()))[1].add(sid)
            files.setdefault(("mesh", s.mesh), (side, set()))[1].add(sid)
    files[("mesh", LANDMARKS_FILE)] = ("right", {"ventrogluteal_point_right"})
    return [(kind, name, side, sorted(ids)) for (kind, name), (side, ids) in sorted(files.items())]


REQUIRED_FILES = _required_files()


def _broken_atlas(tmp_path, kind: str, name: str):
    """The shipped atlas with one file of the given kind overwritten by random bytes."""
    source = ANNOTATIONS_DIR if kind == "annotation" else MESHES_DIR
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    (folder / name).write_bytes(os.urandom(4096))
    return load_atlas(folder, MESHES_DIR) if kind == "annotation" else load_atlas(ANNOTATIONS_DIR, folder)


def test_the_intact_atlas_plans_complete_at_the_ventrogluteal_site(atlas):
    """The baseline the broken files are compared with: complete, with a real verdict on both
    sides (caution on the scanned atlas: the superior gluteal bundle lies under the site, beyond
    the 38 mm needle's tip but on its line), never danger at average fat."""
    scene = PlanningScene.from_atlas(atlas)
    assert scene.missing == []
    for side in ("left", "right"):
        plan = plan_site(scene, "ventrogluteal", side, 20, 38)
        assert plan.verdict in ("safe", "caution") and not plan.missing


@pytest.mark.parametrize("kind, name, side, ids", REQUIRED_FILES, ids=[f"{k}:{n}" for k, n, _, _ in REQUIRED_FILES])
def test_a_broken_required_file_makes_every_plan_incomplete(tmp_path, kind, name, side, ids):
    scene = PlanningScene.from_atlas(_broken_atlas(tmp_path, kind, name))
    plans = [plan_site(scene, "ventrogluteal", side, 20, 38), plan_site(scene, "dorsogluteal", side, 20, 38)]
    if scene.fascia is not None and scene.landmarks:
        plans.append(plan_needle(scene, scene.landmarks[side]["ventrogluteal_point"], 20, 38))  # a picked point
    for plan in plans:
        assert plan.verdict == "incomplete"
        assert plan.reasons[0].startswith("incomplete: the model lacks")
        missing = {m["id"] for m in plan.missing}
        assert set(ids) <= missing or name == LANDMARKS_FILE
        assert all(m["problem"] for m in plan.missing)
    if name == LANDMARKS_FILE:
        assert any(m["name"] == f"ventrogluteal point ({side})" for m in plans[0].missing)
    elif kind == "annotation":
        assert name in plans[0].missing[0]["problem"]  # the file that broke, named
