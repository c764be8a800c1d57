"""The 3D view: a pyvistaqt QtInteractor drawing the atlas, kept in step with SceneState.

    QtInteractor (Qt widget + VTK render window)
        └── SceneRenderer (actors, picking)          <- redraws on SceneState events
    mouse: press/release without drag -> pick -> state.select(...)
           double click -> focus camera; move (no button) -> hover name (signal)

The widget keeps no state of its own beyond VTK's actors: visibility, opacity, selection and
camera presets come from SceneState.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from pyvistaqt import QtInteractor

from explorer.render.scene_render import SceneRenderer
from explorer.scene import CameraPose, SceneState

#: A press and release farther apart than this (pixels) is a drag (rotate), not a click.
CLICK_SLOP_PX = 4


class QtSceneView(QObject):
    """Owns the interactor widget and translates between VTK events and SceneState."""

    hovered = Signal(object)  # structure id or None

    def __init__(self, atlas, parent_widget, progress=None):
        super().__init__(parent_widget)
        self.atlas = atlas
        self.interactor = QtInteractor(parent_widget, multi_samples=0)
        self.interactor.setAccessibleName("3D view of the gluteal region")
        self.renderer = SceneRenderer(self.interactor, atlas, progress=progress)
        self.interactor.add_axes(xlabel="R", ylabel="A", zlabel="S")
        self.state = SceneState({s.id: s.group for s in atlas if s.id in self.renderer.actors}, self.renderer.start_opacity())
        self._press = None
        self._last_hover = None
        self.renderer.set_view("posterior")
        self.state.set_camera(self._pose("posterior"), undoable=False)
        self._connect()

    def _connect(self) -> None:
        st = self.state
        st.visibility_changed.connect(self._on_visibility)
        st.opacity_changed.connect(self._on_opacity)
        st.selection_changed.connect(self._on_selection)
        st.camera_changed.connect(self._on_camera)
        # pyvista may attach button observers to the interactor *style*; event positions are
        # always read from the VTK interactor itself.
        self._vtk_iren = self.interactor.iren.interactor
        iren = self.interactor.iren
        iren.add_observer("LeftButtonPressEvent", self._on_press)
        iren.add_observer("LeftButtonReleaseEvent", self._on_release)
        iren.add_observer("MouseMoveEvent", self._on_move)
        iren.add_observer("EndInteractionEvent", self._on_interaction_end)

    # -- state -> VTK --------------------------------------------------------------------
    def _on_visibility(self, changed: dict) -> None:
        for sid, visible in changed.items():
            self.renderer.set_visible(sid, visible)
        self.interactor.render()

    def _on_opacity(self, changed: dict) -> None:
        for sid, value in changed.items():
            self.renderer.set_opacity(sid, value)
        self.interactor.render()

    def _on_selection(self, sid) -> None:
        self.renderer.highlight([sid] if sid else [])
        self.interactor.render()

    def _on_camera(self, pose: CameraPose) -> None:
        self.renderer.set_camera_pose(pose.position, pose.focal_point, pose.view_up)
        self.interactor.render()

    # -- commands --------------------------------------------------------------------------
    def show_preset(self, name: str) -> None:
        """Camera preset as an undoable step."""
        self.state.set_camera(self._pose(name))

    def _pose(self, preset: str | None) -> CameraPose:
        if preset:
            self.renderer.set_view(preset)
        position, focal, up = self.renderer.camera_pose()
        return CameraPose(position, focal, up, preset)

    def focus(self, sid: str) -> None:
        self.renderer.focus_on(sid)
        self.state.set_camera(self._pose(None))

    def pick_at(self, x: int, y: int) -> str | None:
        return self.renderer.pick(x, y)

    # -- VTK mouse -> state ---------------------------------------------------------------
    def _on_press(self, *_args) -> None:
        iren = self._vtk_iren
        self._press = iren.GetEventPosition()
        if iren.GetRepeatCount() > 0:  # double click
            sid = self.pick_at(*self._press)
            if sid:
                self.state.select(sid)
                self.focus(sid)
            self._press = None

    def _on_release(self, *_args) -> None:
        if self._press is None:
            return
        x, y = self._vtk_iren.GetEventPosition()
        if abs(x - self._press[0]) <= CLICK_SLOP_PX and abs(y - self._press[1]) <= CLICK_SLOP_PX:
            self.state.select(self.pick_at(x, y))
        self._press = None

    def _on_move(self, *_args) -> None:
        if self._press is not None:
            return  # rotating: no hover picking while the camera moves
        sid = self.pick_at(*self._vtk_iren.GetEventPosition())
        if sid != self._last_hover:
            self._last_hover = sid
            self.hovered.emit(sid)

    def _on_interaction_end(self, *_args) -> None:
        self.state.set_camera(self._pose(None), undoable=False)

    def close(self) -> None:
        self.interactor.close()
