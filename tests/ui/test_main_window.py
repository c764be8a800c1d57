"""The real window, driven as a user would: click, hover, tree, search, isolate, undo, notes."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from PySide6.QtCore import QPoint, Qt

from tests.conftest import CHILD_PROCESS_TIMEOUT_S, EVENT_TIMEOUT_MS
from tests.ui.conftest import click, display_point, shown_share, visible_surface_point

pytestmark = pytest.mark.gui


def test_clicking_a_structure_shows_its_text_and_empty_space_clears(qtbot, make_window):
    window = make_window()
    point = display_point(window, visible_surface_point(window, "gluteus_maximus_right"))
    click(qtbot, window, point)
    assert window.state.selection == "gluteus_maximus_right"
    html = window.panel.text.toPlainText()
    assert "Gluteus maximus (right)" in html and "Musculus gluteus maximus" in html and "Plain language" in html
    assert "gluteus_maximus_right" in window.view.renderer.outlines  # outlined, not just recoloured
    click(qtbot, window, QPoint(5, 5))  # a corner: background only
    assert window.state.selection is None
    assert window.view.renderer.outlines == {}


def test_the_start_view_shows_the_whole_body_in_the_shown_window(make_window):
    """The start view is fitted to the view's own size once the window is laid out: the hips
    were cut off at the sides when it kept the fit made before the view had its size."""
    window = make_window()
    assert shown_share(window) > 0.85


def test_hover_names_the_structure_in_the_status_bar(qtbot, make_window):
    window = make_window()
    point = display_point(window, visible_surface_point(window, "gluteus_maximus_left"))
    qtbot.mouseMove(window.view.interactor, point)
    qtbot.waitUntil(lambda: "Gluteus maximus (left)" in window.statusBar().currentMessage(), timeout=EVENT_TIMEOUT_MS)


def test_translucent_skin_does_not_block_picking(qtbot, make_window):
    window = make_window()
    assert window.state.visibility["skin"] and window.state.opacity["skin"] < 0.5
    point = display_point(window, visible_surface_point(window, "sacrum"))
    click(qtbot, window, point)
    assert window.state.selection == "sacrum"


def test_tree_and_3d_selection_stay_in_sync(qtbot, make_window):
    window = make_window()
    window.tree.setCurrentItem(window.tree.items["piriformis_left"])
    assert window.state.selection == "piriformis_left"
    assert "Piriformis (left)" in window.panel.text.toPlainText()
    point = display_point(window, visible_surface_point(window, "gluteus_maximus_right"))
    click(qtbot, window, point)
    assert window.tree.currentItem() is window.tree.items["gluteus_maximus_right"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("musculus piriformis", "piriformis"), ("SIJ", "sacroiliac_joint"), ("glute max", "gluteus_maximus"),
     ("sciatc", "sciatic_nerve")],
)
def test_search_selects_by_latin_synonym_abbreviation_and_near_spelling(qtbot, make_window, query, expected):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, query)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.state.selection is not None and window.state.selection.startswith(expected)


def test_isolate_hides_the_rest_and_undo_restores(qtbot, make_window):
    window = make_window()
    window.state.select("piriformis_right")
    before = dict(window.state.visibility)
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_I)
    actors = window.view.renderer.actors
    assert [sid for sid, a in actors.items() if a.GetVisibility()] == ["piriformis_right"]
    window.tree.items["gluteus_medius_right"].setCheckState(0, Qt.CheckState.Checked)
    assert actors["gluteus_medius_right"].GetVisibility()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.state.visibility == before
    assert all(actors[sid].GetVisibility() == v for sid, v in before.items())
    assert window.tree.items["gluteus_medius_right"].checkState(0) == Qt.CheckState.Checked


def test_notes_survive_into_a_new_window(qtbot, make_window):
    window = make_window()
    window.state.select("piriformis_right")
    window.panel.note_edit.setFocus()
    qtbot.keyClicks(window.panel.note_edit, "Sciatic nerve runs below it")
    qtbot.waitUntil(lambda: window.notes.get("piriformis_right") == "Sciatic nerve runs below it", timeout=EVENT_TIMEOUT_MS)
    window.close()
    second = make_window()
    second.state.select("piriformis_right")
    assert second.panel.note_edit.toPlainText() == "Sciatic nerve runs below it"


def test_png_export_is_not_blank(make_window, tmp_path):
    window = make_window()
    path = window.export_png(str(tmp_path / "view.png"), scale=1)
    image = pv.read(path)
    pixels = np.asarray(image.point_data[image.point_data.keys()[0]])
    assert pixels.std() > 20


def test_related_link_selects_the_structure(qtbot, make_window):
    from PySide6.QtCore import QUrl

    window = make_window()
    window.state.select("piriformis_right")
    window.panel.text.anchorClicked.emit(QUrl("structure:sciatic_nerve_right"))
    assert window.state.selection == "sciatic_nerve_right"


def test_window_remembers_the_last_view(make_window):
    window = make_window()
    assert window.state.camera.preset == "posterior"  # first start: the default view
    window.view.show_preset("right")
    right = window.state.camera
    window.close()
    second = make_window()
    assert second.state.camera.position == pytest.approx(right.position)
    assert second.view.renderer.camera_pose()[0] == pytest.approx(right.position, abs=1e-3)


def test_saved_view_restores_camera_and_visibility_in_a_new_window(make_window):
    window = make_window()
    window.view.show_preset("right")
    window.state.isolate(["gluteus_medius_right", "hip_bone_right"])
    camera, visibility = window.state.camera, window.state.visibility
    window.save_view("Medius from the side")
    assert window.saved_views.store.get("Medius from the side").thumbnail.is_file()
    window.close()
    second = make_window()
    second.state.show_all()
    second.view.show_preset("posterior")
    assert second.saved_views.count() == 1
    second.saved_views.restore("Medius from the side")
    assert second.state.visibility == visibility
    assert second.state.camera.position == pytest.approx(camera.position)
    assert second.view.renderer.camera_pose()[0] == pytest.approx(camera.position, abs=1e-3)


def test_measuring_two_known_points_gives_their_distance(qtbot, make_window):
    window = make_window()
    window.state.isolate(["sacrum"])
    window.measure_action.trigger()
    # Two points on the sacrum's back surface, projected to the screen and clicked.
    a = visible_surface_point(window, "sacrum")
    points = window.view.renderer.actors["sacrum"].mapper.dataset.points
    candidates = points[np.abs(points[:, 0] - (a[0] + 20)) < 3]
    b = candidates[np.argmin(candidates[:, 1] + 0 * candidates[:, 2])]
    click(qtbot, window, display_point(window, a))
    click(qtbot, window, display_point(window, b))
    picked = window.view.measure.points
    assert window.last_measurement_mm == pytest.approx(np.linalg.norm(picked[1] - picked[0]))
    # The picked points are where we clicked, to within a pixel's worth of mm.
    assert np.linalg.norm(picked[0] - a) < 3 and np.linalg.norm(picked[1] - b) < 3
    assert window.last_measurement_mm == pytest.approx(np.linalg.norm(b - a), abs=4.0)
    assert window.state.selection is None  # measuring does not select


def test_labels_show_names_without_overlap(make_window):
    window = make_window()
    window.labels_action.trigger()
    texts = window.view.labels.texts
    assert "Gluteus maximus (right)" in texts and "Skin of the gluteal region" not in texts  # translucent
    renderer = window.view.interactor.renderer
    boxes = []
    for actor in window.view.labels.actors:
        if hasattr(actor, "GetInput"):
            box = [0.0] * 4
            actor.GetBoundingBox(renderer, box)  # relative to the label's position
            x, y = actor.GetPosition()
            boxes.append([box[0] + x, box[1] + x, box[2] + y, box[3] + y])
    for i, a in enumerate(boxes):  # no two label boxes intersect
        for b in boxes[i + 1 :]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2], (a, b)
    window.state.select("piriformis_right")  # with a selection, only it is labelled
    assert window.view.labels.texts == ["Piriformis (right)"]
    window.labels_action.trigger()
    assert window.view.labels.actors == []


def test_cross_section_clips_every_structure(make_window):
    window = make_window()
    window.section_action.trigger()
    assert all(a.mapper.GetClippingPlanes().GetNumberOfItems() == 1 for a in window.view.renderer.actors.values())
    window.section_action.trigger()
    assert all(a.mapper.GetClippingPlanes().GetNumberOfItems() == 0 for a in window.view.renderer.actors.values())


def test_double_click_focuses_the_camera_on_the_structure(qtbot, make_window):
    window = make_window()
    before = np.array(window.view.renderer.camera_pose()[1])
    point = display_point(window, visible_surface_point(window, "gluteus_maximus_left"))
    click(qtbot, window, point, double=True)
    assert window.state.selection == "gluteus_maximus_left"
    bounds = np.array(window.view.renderer.actors["gluteus_maximus_left"].GetBounds())
    centre = (bounds[0::2] + bounds[1::2]) / 2
    focal = np.array(window.view.renderer.camera_pose()[1])
    assert np.linalg.norm(focal - centre) < 1.0 < np.linalg.norm(before - centre)
    window.undo_action.trigger()  # the camera move is an undo step
    assert np.array(window.view.renderer.camera_pose()[1]) == pytest.approx(before)


LAUNCH_AND_LOOK = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from explorer import launcher
from explorer.ui.qt_app import make_application
from explorer.ui.qt_main_window import QtMainWindow

app = make_application()  # launcher reuses it; the filter needs it to exist


def main_windows():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QtMainWindow) and w.isVisible()]


def look_then_quit():
    windows = main_windows()
    print("WINDOWS", len(windows), len(windows[0].state.groups), flush=True)
    for w in windows:
        w.close()
    app.quit()


class LookWhenOnScreen(QObject):
    # Looks when the main window is first exposed (on the screen), however long loading took.
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and any(w.windowHandle() is obj for w in main_windows()):
            app.removeEventFilter(self)
            QTimer.singleShot(0, look_then_quit)  # queued: runs inside app.exec(), so quit() ends it
        return False


watcher = LookWhenOnScreen()
app.installEventFilter(watcher)
sys.exit(launcher.main([]))
"""


def test_command_with_no_arguments_opens_the_window(atlas):
    """A real process, as the console script runs it, on pytest-xvfb's display.

    It looks for its window when the window reaches the screen, not after a fixed time: a look
    after a fixed 1.5 s came, on a busy machine, while the meshes were still loading (inside the
    progress dialog's event processing), found no window, and its quit() was lost before the
    event loop started, so the process ran on until the timeout.
    """
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", LAUNCH_AND_LOOK], capture_output=True, text=True, timeout=CHILD_PROCESS_TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    assert f"WINDOWS 1 {sum(1 for s in atlas if s.mesh)}" in result.stdout  # one window, every mesh drawn


def test_keyboard_alone_can_orbit_and_zoom(qtbot, make_window):
    window = make_window()
    before = np.array(window.view.renderer.camera_pose()[0])
    qtbot.keyClick(window.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    after = np.array(window.view.renderer.camera_pose()[0])
    focal = np.array(window.view.renderer.camera_pose()[1])
    angle = np.degrees(np.arccos(np.dot(before - focal, after - focal) / np.linalg.norm(before - focal) / np.linalg.norm(after - focal)))
    assert angle == pytest.approx(15, abs=0.5)
    assert np.array(window.state.camera.position) == pytest.approx(after)


def test_state_changes_reach_the_screen(qtbot, make_window):
    """A change in SceneState is drawn by the next paint (renders are requested, not forced)."""
    window = make_window()
    widget = window.view.interactor
    point = display_point(window, visible_surface_point(window, "gluteus_maximus_right"))
    ratio = widget.devicePixelRatioF()

    def pixel():
        image = widget.grabFramebuffer()
        return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio)).getRgb()[:3]

    qtbot.waitUntil(lambda: pixel()[0] > pixel()[2] + 30, timeout=EVENT_TIMEOUT_MS)  # reddish muscle drawn there
    window.state.isolate(["sacrum"])
    qtbot.waitUntil(lambda: abs(pixel()[0] - pixel()[2]) < 30, timeout=EVENT_TIMEOUT_MS)  # grey-blue background now


def test_panel_text_size_follows_the_reader_across_structures(make_window):
    window = make_window()
    window.state.select("piriformis_right")
    before = window.panel.text.document().defaultFont().pointSizeF()
    window.panel.zoom(2)
    assert window.panel.text.document().defaultFont().pointSizeF() == before + 2
    window.state.select("sacrum")  # another page, the same size
    assert window.panel.text.document().defaultFont().pointSizeF() == before + 2
    assert "Sacrum" in window.panel.text.toPlainText()
