"""Bony landmarks marked on the view: a small sphere each, and a label for those facing the camera.

A landmark "faces" away from the middle of the pelvis (the point between the hip centres): the
ASIS faces forward and out, the PSIS back, the trochanter out to its side. Its label is shown
only when that direction points toward the viewer, so from behind the ASIS (at the front of the
pelvis) is not labelled over the back of the buttock, and from the right the left side's
landmarks are not labelled over the right. A midline landmark (the coccyx tip: the same point
for both sides) is marked and labelled once, with no side. Labels are laid out with the view's
other leader-line labels, so none is dropped or overlaps another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from explorer.geometry.landmarks import LANDMARK_NAMES, SIDES

#: Left and right points closer than this are one midline landmark (mm).
MIDLINE_MM = 1.0
MARKER_RADIUS_MM = 3.0
MARKER_COLOUR = "#1b4f9c"


@dataclass(frozen=True)
class LandmarkMark:
    key: str
    side: str | None  # None: a midline landmark
    point: tuple[float, float, float]

    @property
    def text(self) -> str:
        name = LANDMARK_NAMES.get(self.key, self.key.replace("_", " ").capitalize())
        return f"{name} ({self.side})" if self.side else name


def landmark_marks(landmarks: dict[str, dict[str, list]], wanted) -> list[LandmarkMark]:
    """Marks for the (key, side) pairs asked for that the atlas has; a midline one once."""
    marks: dict[tuple[str, str | None], LandmarkMark] = {}
    for key, side in wanted:
        if key not in landmarks.get(side, {}):
            continue
        both = [np.asarray(landmarks[s][key], float) for s in SIDES if key in landmarks.get(s, {})]
        midline = len(both) == 2 and np.linalg.norm(both[0] - both[1]) < MIDLINE_MM
        mark_side = None if midline else side
        marks[(key, mark_side)] = LandmarkMark(key, mark_side, tuple(float(v) for v in landmarks[side][key]))
    return list(marks.values())


def pelvis_centre(landmarks: dict[str, dict[str, list]]) -> np.ndarray | None:
    """The point between the two hip centres (RAS mm), if the atlas has them."""
    centres = [np.asarray(lms["hip_centre"], float) for lms in landmarks.values() if "hip_centre" in lms]
    return np.mean(centres, axis=0) if centres else None


def facing_viewer(points: np.ndarray, centre, view_direction) -> np.ndarray:
    """True for points on the viewer's side of ``centre``: their direction from it points
    against the view direction (camera toward focal point)."""
    outward = np.asarray(points, float).reshape(-1, 3) - np.asarray(centre, float)
    return outward @ np.asarray(view_direction, float) < 0


class LandmarkOverlay:
    """The marked landmarks: a sphere and a label item for each one facing the viewer. The
    spheres are drawn on top (they are felt through skin and muscle, so shown through them)."""

    def __init__(self, plotter: pv.Plotter, on_top, centre=None):
        """``on_top``: the SelectionOverlay whose top layer draws the spheres; ``centre``: the
        middle of the pelvis (``pelvis_centre``); without it, that of the marks."""
        self.plotter = plotter
        self.on_top = on_top
        self.centre = centre
        self.marks: list[LandmarkMark] = []
        self.drawn = np.zeros((0, 3))  # centres of the spheres drawn now
        self._spheres = None

    def show(self, marks: list[LandmarkMark]) -> None:
        self.marks = list(marks)

    def update(self) -> list[tuple[str, np.ndarray]]:
        """Draw the spheres of the marks facing the viewer now; their (text, point) label items."""
        from explorer.geometry import vtk_api as vtk

        if self._spheres is not None:
            self.on_top.remove_on_top(self._spheres)
            self._spheres = None
        self.drawn = np.zeros((0, 3))
        if not self.marks:
            return []
        points = np.array([m.point for m in self.marks])
        camera = self.plotter.camera
        centre = self.centre if self.centre is not None else points.mean(axis=0)
        shown = facing_viewer(points, centre, np.subtract(camera.focal_point, camera.position))
        if shown.any():
            mapper = vtk.vtkPolyDataMapper()
            mapper.SetInputData(pv.PolyData(points[shown]).glyph(geom=pv.Sphere(radius=MARKER_RADIUS_MM), scale=False, orient=False))
            self._spheres = vtk.vtkActor()
            self._spheres.SetMapper(mapper)
            self._spheres.PickableOff()
            self._spheres.GetProperty().SetColor(pv.Color(MARKER_COLOUR).float_rgb)
            self.on_top.add_on_top(self._spheres)
            self.drawn = points[shown]
        return [(m.text, np.array([m.point])) for m, on in zip(self.marks, shown) if on]
