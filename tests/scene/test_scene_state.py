"""SceneState without Qt: changes emit events, undo/redo restore exactly."""

from __future__ import annotations

from unittest.mock import Mock

import pytest

from explorer.scene import CameraPose, SceneState


@pytest.fixture
def state():
    return SceneState({"a": "bone", "b": "muscle", "c": "muscle", "skin": "soft_tissue"}, {"skin": 0.2})


def test_start_values(state):
    assert state.visibility == {"a": True, "b": True, "c": True, "skin": True}
    assert state.opacity["skin"] == 0.2 and state.selection is None and not state.can_undo


def test_changes_emit_only_what_changed(state):
    vis, sel = Mock(), Mock()
    state.visibility_changed.connect(vis)
    state.selection_changed.connect(sel)
    state.set_visible(["a"], False)
    vis.assert_called_once_with({"a": False})
    state.select("b")
    state.select("b")  # no change, no event, no undo step
    sel.assert_called_once_with("b")
    with pytest.raises(KeyError):
        state.select("nope")


def test_isolate_then_undo_and_redo(state):
    state.select("b")
    before = state.snapshot()
    state.isolate(["b"])
    assert [k for k, v in state.visibility.items() if v] == ["b"]
    state.undo()
    assert state.snapshot() == before
    state.redo()
    assert [k for k, v in state.visibility.items() if v] == ["b"]
    state.set_visible(["c"], True)
    assert not state.can_redo  # a new change drops the redo branch


def test_fade_others_is_xray_and_group_opacity(state):
    state.fade_others(["c"])
    assert state.opacity["c"] == 1.0 and state.opacity["a"] == pytest.approx(0.15)
    state.set_opacity(state.ids_in_group("muscle"), 0.5)
    assert state.opacity["b"] == state.opacity["c"] == 0.5
    state.undo()
    state.undo()
    assert state.opacity["a"] == 1.0 and state.opacity["skin"] == 0.2


def test_camera_presets_are_undoable_free_motion_is_not(state):
    posterior = CameraPose((0, -500, 0), (0, 0, 0), (0, 0, 1), "posterior")
    moved = CameraPose((10, -500, 0), (0, 0, 0), (0, 0, 1))
    state.set_camera(posterior)
    state.set_camera(moved, undoable=False)
    assert state.camera == moved
    cam = Mock()
    state.camera_changed.connect(cam)
    state.undo()
    assert state.camera is None
    state.redo()  # back to where the user was, free motion included
    cam.assert_called_with(moved)


def test_restore_snapshot_ignores_unknown_ids(state):
    snap = state.snapshot()
    state.isolate(["a"])
    state.restore(type(snap)(visibility=snap.visibility | {"ghost": True}, opacity={}, selection="ghost"))
    assert state.visibility["b"] is True and state.selection is None


@pytest.fixture
def start_state():
    """Like the window's: the fat hidden at start, the skin a veil."""
    return SceneState({"a": "bone", "b": "muscle", "skin": "soft_tissue", "fat": "soft_tissue"}, {"skin": 0.2, "fat": 0.0})


def test_xray_is_a_toggle_that_gives_the_opacities_back(start_state):
    state, tools = start_state, Mock()
    state.tools_changed.connect(tools)
    state.select("b")
    before = state.opacity
    state.set_xray(True)
    assert state.xray and state.opacity["b"] == 1.0 and state.opacity["a"] < 0.5
    tools.assert_called_with({"xray": True})
    state.select("a")  # the selection is the solid one while x-ray is on
    assert state.opacity["a"] == 1.0 and state.opacity["b"] < 0.5
    state.set_xray(False)
    assert not state.xray and state.opacity == before
    tools.assert_called_with({"xray": False})
    state.undo()  # undo brings x-ray back, and says so
    assert state.xray and state.opacity["a"] == 1.0
    tools.assert_called_with({"xray": True})


def test_isolate_is_a_toggle_that_shows_again_what_it_hid(start_state):
    state = start_state
    state.set_isolate(True)  # nothing selected: nothing to isolate
    assert not state.isolating
    state.select("a")
    state.set_isolate(True)
    assert state.isolating and [k for k, v in state.visibility.items() if v] == ["a"]
    state.set_visible(["b"], True)  # shown by hand while isolated: stays shown
    state.set_isolate(False)
    assert not state.isolating and state.visibility == {"a": True, "b": True, "skin": True, "fat": False}


def test_show_all_is_the_start_up_set_and_ends_the_modes(start_state):
    state = start_state
    start = state.snapshot()
    state.select("a")
    state.set_xray(True)
    state.set_isolate(True)
    state.set_opacity(["skin"], 0.9)
    state.show_all()
    assert state.visibility == start.visibility and not state.visibility["fat"]  # the hidden fat stays hidden
    assert state.opacity == start.opacity and not state.xray and not state.isolating


def test_clear_ends_selection_xray_and_isolate_in_one_step(start_state):
    state = start_state
    start = state.snapshot()
    state.select("b")
    state.set_xray(True)
    state.set_isolate(True)
    state.clear()
    assert state.selection is None and not state.xray and not state.isolating
    assert state.visibility == start.visibility and state.opacity == start.opacity
    state.undo()
    assert state.xray and state.isolating and state.selection == "b"
