"""Where only the male body is built, the window offers the female one greyed out, saying how
to build it, and B does nothing (runs whether or not her meshes are built: the window is made
on a copy of the male folder alone)."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from explorer.atlas import load_atlas

pytestmark = pytest.mark.gui


def test_a_body_not_built_is_offered_disabled_with_the_reason(qtbot, make_window, atlas, tmp_path):
    root = tmp_path / "meshes"
    shutil.copytree(atlas.meshes_dir, root, ignore=shutil.ignore_patterns("female"))
    window = make_window(load_atlas(atlas.annotations_dir, root))
    choice = window.body_choice
    assert choice.actions["male"].isChecked() and not choice.actions["female"].isEnabled()
    assert "build-meshes --body female" in choice.actions["female"].toolTip()
    assert not choice.box.model().item(choice.box.findData("female")).isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.state.body == "male" and not window.view.switching_body
    assert "male body" in window.windowTitle()
