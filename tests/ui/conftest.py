"""GUI fixtures: the real main window under Xvfb (pytest-xvfb), with temporary notes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from explorer.notes import NotesStore

pytestmark = pytest.mark.gui


@pytest.fixture
def notes_path(tmp_path):
    return tmp_path / "notes.sqlite3"


@pytest.fixture
def make_window(qtbot, atlas, notes_path, tmp_path):
    """make_window() -> a shown, exposed main window (1200x800); closed after the test.

    QSettings caches its folder on first use, so each test points it at its own temporary
    folder explicitly: no window layout or camera leaks from one test into the next.
    """
    from PySide6.QtCore import QSettings

    from explorer.ui.qt_app import create_window, make_application

    make_application()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    made = []

    def make():
        window = create_window(atlas, NotesStore(notes_path))
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: _activate(window), timeout=5000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        window.notes.close()


def _activate(window) -> bool:
    """Shortcuts need the active window; with no window manager in Xvfb, ask until it is."""
    if not window.isActiveWindow():
        window.raise_()
        window.activateWindow()
    return window.isActiveWindow()


def display_point(window, world_point) -> QPoint:
    """Widget pixel (Qt, top-left origin) where a world point (RAS mm) is drawn."""
    import vtk

    renderer = window.view.interactor.renderer
    coordinate = vtk.vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*world_point)
    x, y = coordinate.GetComputedDisplayValue(renderer)
    widget = window.view.interactor
    ratio = widget.devicePixelRatioF()
    height = widget.height() * ratio
    return QPoint(round(x / ratio), round((height - y) / ratio))


def visible_surface_point(window, structure_id, toward=(0.0, -1.0, 0.0)) -> np.ndarray:
    """A point of the structure's surface facing the camera: the extreme vertex along ``toward``
    among vertices near the middle of its silhouette (so nothing else is drawn over it)."""
    mesh = window.view.renderer.actors[structure_id].mapper.dataset
    points = np.asarray(mesh.points)
    centre = points.mean(axis=0)
    toward = np.asarray(toward)
    lateral = points - centre - np.outer((points - centre) @ toward, toward)
    near_middle = points[np.linalg.norm(lateral, axis=1) < np.percentile(np.linalg.norm(lateral, axis=1), 15)]
    return near_middle[np.argmax(near_middle @ toward)]


def click(qtbot, window, point: QPoint, double=False) -> None:
    widget = window.view.interactor
    if double:
        qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
