"""View tools in the real window: x-ray and isolate as toggles, the selection seen through what
covers it, a cross-section that cuts solids, and the F1 list on one screen."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from explorer.render.appearance import HIGHLIGHT
from tests.ui.conftest import display_point

pytestmark = pytest.mark.gui


def drawn_opacity(window, sid: str) -> float:
    return window.view.renderer.actors[sid].GetProperty().GetOpacity()


def button_checked(window, action) -> bool:
    return window.findChild(QToolBar, "main_toolbar").widgetForAction(action).isChecked()


def test_xray_and_isolate_switch_off_again_with_their_key_esc_or_show_all(qtbot, make_window):
    window = make_window()
    st, view = window.state, window.view.interactor
    start = st.snapshot()
    st.select("piriformis_right")
    qtbot.keyClick(view, Qt.Key.Key_X)
    assert window.xray_action.isChecked() and button_checked(window, window.xray_action)
    assert drawn_opacity(window, "gluteus_maximus_right") < 0.5 and drawn_opacity(window, "piriformis_right") == 1.0
    qtbot.keyClick(view, Qt.Key.Key_X)  # the same key switches it off: everything as before
    assert not window.xray_action.isChecked() and not button_checked(window, window.xray_action)
    assert st.opacity == start.opacity and drawn_opacity(window, "gluteus_maximus_right") == 1.0
    qtbot.keyClick(view, Qt.Key.Key_X)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # Esc ends it too (and clears the selection)
    assert not window.xray_action.isChecked() and st.opacity == start.opacity and st.selection is None
    window.undo_action.trigger()  # undo brings it back, and the button says so
    assert window.xray_action.isChecked() and drawn_opacity(window, "gluteus_maximus_right") < 0.5
    qtbot.keyClick(view, Qt.Key.Key_I)
    assert window.isolate_action.isChecked() and [s for s, v in st.visibility.items() if v] == ["piriformis_right"]
    qtbot.keyClick(view, Qt.Key.Key_A)  # show all: the start-up set, both modes off
    assert not window.xray_action.isChecked() and not window.isolate_action.isChecked()
    assert st.visibility == start.visibility and st.opacity == start.opacity
    assert not st.visibility["subcutaneous_fat"] and not window.view.renderer.actors["subcutaneous_fat"].GetVisibility()
    qtbot.keyClick(view, Qt.Key.Key_I)
    qtbot.keyClick(view, Qt.Key.Key_I)  # isolate off again: what it hid is back
    assert not window.isolate_action.isChecked() and st.visibility == start.visibility


def test_a_deep_selection_is_seen_through_what_covers_it(qtbot, make_window, tmp_path):
    """Piriformis lies under gluteus maximus: selected from search, its outline and ghost must
    show on the picture where it projects (before, its outline was hidden under the muscle)."""
    window = make_window()
    assert window.state.visibility["gluteus_maximus_right"] and window.state.opacity["gluteus_maximus_right"] == 1.0
    before = _grab(window, tmp_path / "before.png")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "piriformis")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    sid = window.state.selection
    assert sid is not None and sid.startswith("piriformis")
    after = _grab(window, tmp_path / "after.png")
    points = np.asarray(window.view.renderer.actors[sid].mapper.dataset.points)
    pixels = np.array([(p.x(), p.y()) for p in (display_point(window, x) for x in points)])
    (x0, y0), (x1, y1) = pixels.min(axis=0) - 3, pixels.max(axis=0) + 4
    region = (slice(max(y0, 0), y1), slice(max(x0, 0), x1))
    outline = np.asarray(pv.Color(HIGHLIGHT["outline_colour"]).int_rgb, float)
    near_outline = lambda image: (np.abs(image[region] - outline).max(axis=2) < 30).sum()  # noqa: E731
    span = max(x1 - x0, y1 - y0)
    assert near_outline(before) < span / 4  # the muscle in front has no outline-coloured pixels
    assert near_outline(after) > span  # an outline at least as long as the structure, drawn over the muscle
    changed = np.abs(after[region] - before[region]).max(axis=2) > 25
    assert changed.mean() > 0.2  # and the ghost lightens where piriformis lies


def _grab(window, path) -> np.ndarray:
    window.export_png(str(path), scale=1)
    image = pv.read(path)
    height, width = image.dimensions[1], image.dimensions[0]
    rgb = np.asarray(image.point_data[image.point_data.keys()[0]])[:, :3].reshape(height, width, 3)
    return rgb[::-1].astype(float)  # VTK images start at the bottom row


def test_the_cross_section_cuts_solids_with_a_filled_face(qtbot, make_window):
    """The femur cut in half: the pixel over the middle of the cut shows a face lying on the
    plane (depth), not the inside of the far wall of a hollow shell."""
    window = make_window()
    window.state.select("femur_right")
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_I)
    window.view.show_preset("posterior")
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_C)
    assert window.section_action.isChecked()
    window.state.select(None)  # no outline or ghost over the cut
    mesh = window.view.renderer.actors["femur_right"].mapper.dataset
    b = np.asarray(mesh.bounds)
    plane_y = (b[2] + b[3]) / 2  # the plane starts coronal, through the middle of what is shown
    # Points of the plane inside the bone, in its upper third (the plane widget's handles sit at
    # the middle of the box); the one deepest inside is in the middle of the cut face.
    xs, zs = np.meshgrid(np.linspace(b[0], b[1], 40), np.linspace(b[5] - (b[5] - b[4]) / 3, b[5], 60))
    grid = pv.PolyData(np.column_stack([xs.ravel(), np.full(xs.size, plane_y), zs.ravel()]))
    inside = grid.points[grid.select_interior_points(mesh, check_surface=False).point_data["selected_points"]]
    assert len(inside) > 20
    cut_line = mesh.slice(normal=(0, 1, 0), origin=(0, plane_y, 0)).points
    middle = inside[np.argmax([np.min(np.linalg.norm(cut_line - p, axis=1)) for p in inside])]
    window.view.interactor.render()
    depth = window.view.interactor.get_image_depth(fill_value=np.nan, reset_camera_clipping_range=False)
    pixel = display_point(window, middle)
    camera = np.asarray(window.view.renderer.camera_pose()[0])
    expected = np.linalg.norm(middle - camera)
    seen = -depth[pixel.y(), pixel.x()]  # PyVista gives depth as negative distance along the view axis
    direction = (middle - camera) / expected
    forward = np.subtract(window.view.renderer.camera_pose()[1], camera)
    forward /= np.linalg.norm(forward)
    assert seen / (direction @ forward) == pytest.approx(expected, abs=2.0)  # on the plane, within 2 mm


def test_shortcut_list_fits_the_screen(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert screen.contains(dialog.frameGeometry())
    assert dialog.frameGeometry().height() <= 900  # a laptop's screen too (the old list was 936 px tall)
    ok = dialog.ok_button
    assert ok.isVisible() and screen.contains(ok.mapToGlobal(ok.rect().center()))
    shown = dialog.text.toPlainText()
    for action in (window.xray_action, window.isolate_action, window.presentation_action):
        assert action.text().replace("&", "") in shown
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
