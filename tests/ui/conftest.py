"""GUI helpers: where a structure is drawn on screen, and clicking it like a user."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt




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
