"""2D and 3D overlays on the view: leader-line labels and a distance measurement.

Labels are laid out by ``label_layout`` in display pixels and drawn as VTK 2D actors (text plus a
leader line to a surface point facing the camera), so they stay readable at any zoom and never
pile up. They are recomputed when the camera or the labelled set changes, not every frame.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from explorer.geometry import vtk_api as vtk

from explorer.render.label_layout import layout_labels

FONT_SIZE = 14
#: Room kept free between a column of labels and the middle of the view (pixels).
LABEL_MARGIN_PX = 20
#: Space kept free above and below each label column (px).
COLUMN_MARGIN_PX = 12.0
LINE_COLOUR = (0.15, 0.15, 0.15)


def facing_point(points: np.ndarray, camera_position: np.ndarray) -> np.ndarray:
    """A surface point near the middle of a structure as seen from the camera, on its near side."""
    centre = points.mean(axis=0)
    toward = camera_position - centre
    toward /= np.linalg.norm(toward)
    offsets = points - centre
    lateral = np.linalg.norm(offsets - np.outer(offsets @ toward, toward), axis=1)
    middle = points[lateral <= np.percentile(lateral, 15)]
    return middle[np.argmax(middle @ toward)]


def label_anchors(plotter: pv.Plotter, point_sets) -> np.ndarray:
    """Where each structure's label points: the display pixel (x, y; origin bottom-left) of a
    surface point near its middle, on the side facing the camera."""
    renderer = plotter.renderer
    camera = np.array(plotter.camera.position)
    coordinate = vtk.vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    anchors = []
    for points in point_sets:
        coordinate.SetValue(*facing_point(np.asarray(points), camera))
        anchors.append(coordinate.GetComputedDoubleDisplayValue(renderer))
    return np.array(anchors, float).reshape(-1, 2)


def print_labels(plotter: pv.Plotter, items: list[tuple[str, np.ndarray]], image_shape) -> list[tuple[str, tuple[float, float]]]:
    """Labels for a picture of this view (``image_shape``: its rows, columns): each text with the
    pixel it points at, origin top-left, for the print layout to draw in type of a printed size."""
    width, height = plotter.renderer.GetSize()
    rows, columns = image_shape[:2]
    anchors = label_anchors(plotter, [points for _, points in items])
    return [(text, (float(x * columns / width), float(rows - y * rows / height))) for (text, _), (x, y) in zip(items, anchors)]


class LabelOverlay:
    """Leader-line labels for a set of (text, points) items."""

    def __init__(self, plotter: pv.Plotter, font_size: int = FONT_SIZE):
        self.plotter = plotter
        self.font_size = font_size
        self.actors: list[vtk.vtkProp] = []
        self.texts: list[str] = []

    def show(self, items: list[tuple[str, np.ndarray]]) -> None:
        self.clear()
        if not items:
            return
        renderer = self.plotter.renderer
        anchors = label_anchors(self.plotter, [points for _, points in items])
        width, height = renderer.GetSize()
        # A column holding more labels than fit one above the other at this size sets them all
        # smaller, so that they still never overlap (every structure labelled in a small view).
        anchors = np.array(anchors)
        per_column = max(int(np.sum(anchors[:, 0] < width / 2)), int(np.sum(anchors[:, 0] >= width / 2)))
        font_size = max(6, min(self.font_size, int((height - 2 * COLUMN_MARGIN_PX) / (1.6 * max(per_column - 1, 1)))))
        positions = layout_labels(anchors, width, height, spacing=font_size * 1.6, margin=COLUMN_MARGIN_PX)
        for (text, _), anchor, pos in zip(items, anchors, positions):
            left = pos[0] < width / 2
            label = vtk.vtkTextActor()
            label.SetInput(text)
            prop = label.GetTextProperty()
            prop.SetFontSize(font_size)
            prop.SetColor(0.05, 0.05, 0.05)
            prop.SetBackgroundColor(1, 1, 1)
            prop.SetBackgroundOpacity(0.9)
            prop.SetJustificationToLeft() if left else prop.SetJustificationToRight()
            prop.SetVerticalJustificationToCentered()
            label.SetDisplayPosition(int(pos[0]), int(pos[1]))
            box = [0.0] * 4
            label.GetBoundingBox(renderer, box)  # xmin, xmax, ymin, ymax relative to its position
            # A column may use half the view: a longer label is set smaller, never cut or overlapping.
            room = width / 2 - LABEL_MARGIN_PX
            if box[1] - box[0] > room:
                prop.SetFontSize(max(6, int(font_size * room / (box[1] - box[0]))))
                label.GetBoundingBox(renderer, box)
            start = (pos[0] + box[1] + 3, pos[1]) if left else (pos[0] + box[0] - 3, pos[1])
            self.actors += [self._leader(start, anchor), label]
            self.texts.append(text)
        # Leaders first, then labels: a label's opaque box hides any leader running under it.
        for actor in sorted(self.actors, key=lambda a: isinstance(a, vtk.vtkTextActor)):
            renderer.AddViewProp(actor)

    def _leader(self, start, end) -> vtk.vtkActor2D:
        points = vtk.vtkPoints()
        points.InsertNextPoint(start[0], start[1], 0)
        points.InsertNextPoint(end[0], end[1], 0)
        line = vtk.vtkCellArray()
        line.InsertNextCell(2, [0, 1])
        poly = vtk.vtkPolyData()
        poly.SetPoints(points)
        poly.SetLines(line)
        mapper = vtk.vtkPolyDataMapper2D()
        mapper.SetInputData(poly)
        actor = vtk.vtkActor2D()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(*LINE_COLOUR)
        actor.GetProperty().SetLineWidth(1.5)
        return actor

    def clear(self) -> None:
        for actor in self.actors:
            self.plotter.renderer.RemoveViewProp(actor)
        self.actors, self.texts = [], []


class MeasureOverlay:
    """Two picked surface points, the segment between them and its length in mm."""

    def __init__(self, plotter: pv.Plotter):
        self.plotter = plotter
        self.points: list[np.ndarray] = []
        self._names: list[str] = []

    def add_point(self, point) -> float | None:
        """Add a point; on the second, draw and return the distance in mm (then start over)."""
        if len(self.points) == 2:
            self.clear()
        self.points.append(np.asarray(point, float))
        name = f"measure_point_{len(self.points)}"
        self.plotter.add_mesh(pv.Sphere(radius=2.0, center=self.points[-1]), color="#202020", name=name, pickable=False, reset_camera=False, render=False)
        self._names.append(name)
        if len(self.points) < 2:
            return None
        a, b = self.points
        distance = float(np.linalg.norm(b - a))
        self.plotter.add_mesh(pv.Line(a, b), color="#202020", line_width=3, name="measure_line", pickable=False, reset_camera=False, render=False)
        self.plotter.add_point_labels([(a + b) / 2], [f"{distance:.1f} mm"], font_size=16, name="measure_label",
                                      always_visible=True, shape_opacity=0.8, reset_camera=False, render=False)
        self._names += ["measure_line", "measure_label"]
        return distance

    def clear(self) -> None:
        for name in self._names:
            self.plotter.remove_actor(name, render=False)
        self.points, self._names = [], []
