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


def shown_share(window) -> float:
    """How much of the view the visible structures span: the larger of their projected width
    and height over the view's (1.0: edge to edge); asserts that all of them are in the view."""
    renderer = window.view.interactor.renderer
    width, height = renderer.GetSize()
    matrix = renderer.GetActiveCamera().GetCompositeProjectionTransformMatrix(width / height, -1, 1)
    m = np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
    points = np.vstack([np.asarray(a.mapper.dataset.points)[::10] for a in window.view.renderer.actors.values() if a.GetVisibility()])
    ndc = m @ np.column_stack([points, np.ones(len(points))]).T
    x, y = ndc[0] / ndc[3], ndc[1] / ndc[3]  # -1..1 across the view
    assert x.min() > -1.01 and x.max() < 1.01 and y.min() > -1.01 and y.max() < 1.01  # all of it in the view
    return max(np.ptp(x), np.ptp(y)) / 2


def click(qtbot, window, point: QPoint, double=False) -> None:
    widget = window.view.interactor
    if double:
        qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
