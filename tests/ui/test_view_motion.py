"""The 3D view while the camera moves: one render per step, fast stand-ins, the full picture back
to the pixel at rest. (No time is asserted: speed is measured by `anatomy-explorer bench`.)"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QApplication

from tests.conftest import EVENT_TIMEOUT_MS

pytestmark = pytest.mark.gui


def _frame(window) -> np.ndarray:
    widget = window.view.interactor
    QOpenGLWidget.update(widget)
    QApplication.processEvents()
    image = widget.grabFramebuffer().convertToFormat(widget.grabFramebuffer().Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height()).reshape(image.height(), -1)
    return rows[:, : image.width() * 3].copy()


def _mouse(widget, kind, pos: QPoint, buttons) -> None:
    button = Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def test_a_drag_renders_once_per_step_with_stand_ins_and_rests_in_full(make_window):
    window = make_window()
    widget, renderer = window.view.interactor, window.view.renderer
    renders = []
    widget.render_window.AddObserver("StartEvent", lambda *_: renders.append(renderer.moving))
    start = QPoint(widget.width() // 2, widget.height() // 2)
    _mouse(widget, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    assert renderer.moving
    lights_while_moving = widget.renderer.GetLights().GetNumberOfItems()
    renders.clear()
    for step in range(1, 4):
        _mouse(widget, QEvent.Type.MouseMove, start + QPoint(12 * step, 0), Qt.MouseButton.LeftButton)
    assert renders == [True, True, True]  # one render per mouse move, each of the stand-ins
    assert lights_while_moving == 1
    _mouse(widget, QEvent.Type.MouseButtonRelease, start + QPoint(36, 0), Qt.MouseButton.NoButton)
    assert not renderer.moving
    assert widget.renderer.GetLights().GetNumberOfItems() == 5
    assert window.state.camera.position == pytest.approx(renderer.camera_pose()[0])  # the drag is recorded


def test_the_picture_at_rest_is_the_same_before_and_after_moving(make_window):
    window = make_window()
    window.state.select("gluteus_medius_right")  # its outline follows the stand-in, then comes back
    window.view.set_labels(True)
    before = _frame(window)
    iren = window.view.interactor.iren.interactor
    iren.InvokeEvent("StartInteractionEvent")
    moving = _frame(window)
    iren.InvokeEvent("EndInteractionEvent")
    after = _frame(window)
    assert np.array_equal(before, after)
    assert not np.array_equal(before, moving)


def test_keyboard_orbit_moves_with_stand_ins_then_comes_to_rest(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.view.renderer.moving
    qtbot.waitUntil(lambda: not window.view.renderer.moving, timeout=EVENT_TIMEOUT_MS)


def test_changing_the_scene_while_moving_changes_the_real_structures(make_window):
    window = make_window()
    renderer = window.view.renderer
    renderer.set_moving(True)
    window.state.set_visible(["sacrum"], False)
    assert not renderer.moving
    assert not renderer.actors["sacrum"].GetVisibility()
    assert renderer.actors["femur_left"].GetVisibility()  # the rest came back from their stand-ins
