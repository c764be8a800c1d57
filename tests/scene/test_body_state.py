"""SceneState carries what the user set across a body switch by structure id; saved views
remember their body, and a file saved before there were two bodies loads as male."""

from __future__ import annotations

import json

from explorer.scene import CameraPose, SceneState, Snapshot
from explorer.scene.saved_views import SavedViews

GROUPS = {"piriformis_right": "muscle", "skin": "soft_tissue", "subcutaneous_fat": "soft_tissue"}
START = {"piriformis_right": 1.0, "skin": 0.3, "subcutaneous_fat": 0.0}


def test_switching_body_keeps_selection_camera_and_settings_by_id():
    state = SceneState(GROUPS, START)
    pose = CameraPose((0.0, -500.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), "posterior")
    state.set_camera(pose)
    state.select("piriformis_right")
    state.set_opacity(["skin"], 0.6)
    state.set_visible(["subcutaneous_fat"], True)
    seen = []
    state.body_changed.connect(seen.append)

    state.use_body("female", dict(GROUPS), dict(START))
    assert seen == ["female"] and state.body == "female"
    assert state.selection == "piriformis_right" and state.camera == pose
    assert state.opacity["skin"] == 0.6 and state.visibility["subcutaneous_fat"]
    assert not state.can_undo  # the history named the other body's structures
    state.show_all()
    assert not state.visibility["subcutaneous_fat"]  # her start-up set


def test_a_structure_the_new_body_lacks_leaves_the_selection_and_tools():
    state = SceneState(GROUPS, START)
    state.select("piriformis_right")
    state.set_isolate(True)
    fewer = {k: v for k, v in GROUPS.items() if k != "piriformis_right"}
    state.use_body("female", fewer, {k: v for k, v in START.items() if k in fewer})
    assert state.selection is None and "piriformis_right" not in state.visibility
    assert state.isolating and "piriformis_right" not in state.snapshot().isolate_hid
    state.set_isolate(False)
    assert state.visibility["skin"]


def test_saved_views_remember_their_body(tmp_path):
    store = SavedViews(tmp_path / "views")
    store.save("Her piriformis", Snapshot(selection="piriformis_right"), body="female")
    store.save("His piriformis", Snapshot(selection="piriformis_right"))
    again = SavedViews(tmp_path / "views")
    assert again.get("Her piriformis").body == "female" and again.get("His piriformis").body == "male"
    assert json.loads(again.index.read_text())["views"][0]["body"] == "female"


def test_a_views_file_from_before_the_second_body_loads_as_male(tmp_path):
    folder = tmp_path / "views"
    folder.mkdir()
    (folder / "views.json").write_text(json.dumps({"views": [{
        "name": "Old view", "thumbnail": None,
        "snapshot": {"visibility": {"skin": True}, "opacity": {"skin": 0.3}, "selection": None, "camera": None}}]}))
    old = SavedViews(folder).get("Old view")
    assert old.body == "male" and old.snapshot.visibility == {"skin": True}
