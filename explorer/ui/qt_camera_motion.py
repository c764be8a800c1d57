"""Smooth camera moves between poses (tours, presentation): eased, about two-thirds of a second.

The direction from the focal point turns along the great circle between the two poses while
the distance and focal point move linearly, so the model turns rather than swings through it.
Each frame only moves VTK's camera and asks the view for one coalesced render; the scene
state records the final pose once, when the move ends.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation, Signal

from explorer.scene import CameraPose

DURATION_MS = 650


class CameraMotion(QObject):
    finished = Signal()

    def __init__(self, view, duration_ms: int = DURATION_MS):
        super().__init__(view)
        self.view = view
        self._animation = QVariantAnimation(self, duration=duration_ms, startValue=0.0, endValue=1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._step)
        self._animation.finished.connect(self._done)
        self._start = self._end = None

    @property
    def running(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def move_to(self, pose: CameraPose) -> None:
        self._animation.stop()
        self._start = [np.asarray(v, float) for v in self.view.renderer.camera_pose()]
        self._end = pose
        self._animation.start()

    def _step(self, t: float) -> None:
        (p0, f0, u0), end = self._start, self._end
        p1, f1, u1 = (np.asarray(v, float) for v in (end.position, end.focal_point, end.view_up))
        focal = f0 + (f1 - f0) * t
        d0, d1 = p0 - f0, p1 - f1
        distance = np.linalg.norm(d0) + (np.linalg.norm(d1) - np.linalg.norm(d0)) * t
        direction = _slerp(d0 / np.linalg.norm(d0), d1 / np.linalg.norm(d1), t)
        up = u0 + (u1 - u0) * t
        up = up - direction * (up @ direction)  # keep view-up orthogonal to the view direction
        norm = np.linalg.norm(up)
        up = up / norm if norm > 1e-6 else u1
        self.view.renderer.set_camera_pose(tuple(focal + direction * distance), tuple(focal), tuple(up))
        self.view.request_render()

    def _done(self) -> None:
        self._step(1.0)
        self.view.state.set_camera(self._end, undoable=False)
        self.view.refresh_labels()
        self.finished.emit()


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    angle = np.arccos(np.clip(a @ b, -1.0, 1.0))
    if angle < 1e-4:
        return a + (b - a) * t
    if np.pi - angle < 1e-3:  # opposite directions: turn about any perpendicular axis
        axis = np.cross(a, [0.0, 0.0, 1.0] if abs(a[2]) < 0.9 else [1.0, 0.0, 0.0])
        b = np.cross(axis / np.linalg.norm(axis), a)
        return a * np.cos(np.pi * t) + b * np.sin(np.pi * t)
    return (np.sin((1 - t) * angle) * a + np.sin(t * angle) * b) / np.sin(angle)
