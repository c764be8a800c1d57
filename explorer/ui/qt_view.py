"""The 3D view: a pyvistaqt QtInteractor drawing the atlas, kept in step with SceneState.

    QtInteractor (Qt widget + VTK render window)
        └── SceneRenderer (actors, picking)          <- redraws on SceneState events
    mouse: press/release without drag -> pick -> state.select(...)
           double click -> focus camera; move (no button) -> hover name (signal)

The widget keeps no state of its own beyond VTK's actors: visibility, opacity, selection and
camera presets come from SceneState.

A frame is rendered once: pyvistaqt renders in every paint, and VTK's interactor also rendered
at once on each mouse move of a drag (so each step cost two renders); here the interactor only
asks for a repaint (``OneRenderInteractor``). While the camera moves (a drag, a wheel step, a
keyboard orbit) the renderer draws its fast stand-ins (``SceneRenderer.set_moving``); the full
picture comes back when the drag ends or the keys rest.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from pyvistaqt import QtInteractor

from explorer.render.landmark_marks import LandmarkOverlay, landmark_marks, pelvis_centre
from explorer.render.overlays import LabelOverlay, MeasureOverlay, print_labels
from explorer.render.scene_render import SceneRenderer
from explorer.scene import CameraPose, SceneState

#: A press and release farther apart than this (pixels) is a drag (rotate), not a click.
CLICK_SLOP_PX = 4
#: After a keyboard orbit or zoom, the full picture comes back once the keys rest this long (ms).
KEY_MOTION_REST_MS = 350
#: When, after the window is made, to read the reduced meshes used while the camera moves (ms).
PREPARE_MOTION_AFTER_MS = 1500
#: How long reading another body's meshes may hold the event loop at a time (s): the window
#: repaints and answers between batches (VTK objects are made on the GUI thread only, see
#: ``qt_risk_map``).
BODY_STEP_BUDGET_S = 0.1


class OneRenderInteractor(QtInteractor):
    """A QtInteractor that renders once per frame, in Qt's paint.

    VTK's interactor styles and widgets call the interactor's ``Render()`` on every mouse
    move; pyvistaqt lets that render at once and then renders again in ``paintGL`` (which must
    always render, see pyvistaqt.rwi). Here the interactor's own renders are switched off and
    become repaint requests (VTK's documented hook: its ``RenderEvent``), so moves that arrive
    before the next paint share one render. ``render()`` (PyVista's, used by screenshots) still
    renders at once.
    """

    #: While ``moving()`` is true the scene is rendered at 1/MOTION_SCALE of the view's size in
    #: each direction and stretched to fill it (as ParaView does): a software renderer's cost is
    #: mostly per pixel. Outside paint the render window keeps its full size, so event
    #: positions, picking and screenshots never see the reduced one.
    MOTION_SCALE = 2

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.moving = lambda: False
        self.resized = lambda: None  # called once VTK has the widget's new size
        self._reduced_before = False
        self._axes_labels = True
        self._vtk_interactor = self.iren.interactor
        self._vtk_interactor.EnableRenderOff()
        self._vtk_interactor.AddObserver("RenderEvent", self._on_render_request)

    def _keep_axes_font(self, reducing: bool) -> None:
        """The orientation axes' letters fit their font to the viewport from the size they last
        had, so one reduced frame would leave them a pixel different at rest: while reduced the
        arrows are drawn without their letters."""
        axes = getattr(self.renderer, "axes_actor", None)
        if axes is None or not hasattr(axes, "SetAxisLabels"):
            return
        if reducing:
            self._axes_labels = axes.GetAxisLabels()
            axes.SetAxisLabels(False)
        else:
            axes.SetAxisLabels(self._axes_labels)

    def _on_render_request(self, *_args) -> None:
        if not self._in_paint:
            QOpenGLWidget.update(self)

    def resizeGL(self, w, h):  # noqa: N802 - Qt's name
        super().resizeGL(w, h)
        self.resized()

    def paintGL(self):  # noqa: N802 - Qt's name
        window = self._RenderWindow
        full = window.GetSize() if window is not None else None
        reduced = full is not None and self.moving() and self.MOTION_SCALE > 1
        if reduced != self._reduced_before:
            self._keep_axes_font(reduced)
            self._reduced_before = reduced
        if reduced:
            window.SetSize(max(1, full[0] // self.MOTION_SCALE), max(1, full[1] // self.MOTION_SCALE))
        self._vtk_interactor.EnableRenderOn()
        try:
            super().paintGL()  # renders, then blits the (reduced) frame stretched over the widget
        finally:
            self._vtk_interactor.EnableRenderOff()
            if reduced:
                window.SetSize(*full)


class QtSceneView(QObject):
    """Owns the interactor widget and translates between VTK events and SceneState."""

    hovered = Signal(object)  # structure id or None
    measured = Signal(float)  # distance in mm between the last two measured points
    entry_picked = Signal(object)  # a surface point (RAS mm) clicked while choosing a needle entry
    body_progress = Signal(int, int)  # meshes of the next body read, of how many
    body_replacing = Signal()  # the next body is read and about to replace the one drawn
    body_switched = Signal(str)  # the body now drawn (its structures, state and actors in step)

    def __init__(self, atlas, parent_widget, progress=None):
        super().__init__(parent_widget)
        self.atlas = atlas
        # auto_update=False: pyvistaqt would otherwise re-render 5 times a second while idle.
        self.interactor = OneRenderInteractor(parent_widget, multi_samples=0, auto_update=False)
        # Renders are requested, not done at once: many state changes in one event-loop turn
        # (show all, restoring a view) cost one frame. A Qt repaint (update) renders once in
        # paintGL; calling the plotter's render() would render, then paintGL would render again.
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self.interactor.update)
        self._rest_timer = QTimer(self, singleShot=True, interval=KEY_MOTION_REST_MS)
        self._rest_timer.timeout.connect(self._come_to_rest)
        self.interactor.setAccessibleName("3D view of the gluteal region")
        self.renderer = SceneRenderer(self.interactor, atlas, progress=progress)
        self.interactor.moving = lambda: self.renderer.moving
        self.interactor.resized = self._on_resize
        #: Presentation mode: the model is fitted to the view again whenever the view changes size.
        self.fit_on_resize = False
        # The reduced meshes are read and the pick locators built once the window is up, off the
        # start-up path (or at the first drag or pick, whichever comes first).
        QTimer.singleShot(PREPARE_MOTION_AFTER_MS, self, self._prepare_interaction)  # dropped if the view goes first
        self.interactor.add_axes(xlabel="R", ylabel="A", zlabel="S")
        self.state = SceneState({s.id: s.group for s in atlas if s.id in self.renderer.actors}, self.renderer.start_opacity(),
                                tuple(v.key for v in atlas.variants), atlas.variant, atlas.body)
        self._body_job = None  # (atlas, the steps adding its actors) while another body is read
        self._press = None
        self._last_hover = None
        self.measuring = False
        self.picking_entry = False
        #: When set, a click calls ``click_handler(structure_id, point)`` instead of selecting (quizzes).
        self.click_handler = None
        self.measure = MeasureOverlay(self.interactor)
        self.labels = LabelOverlay(self.interactor)
        self.landmarks = LandmarkOverlay(self.interactor, self.renderer.selection, pelvis_centre(atlas.landmarks))
        self._landmark_sources: dict[str, list] = {}  # who asked for which (key, side) marks
        self.labels_on = False
        self.plain_labels = False  # presentation mode: everyday names on the labels
        self.renderer.set_view("posterior")
        self.state.set_camera(self._pose("posterior"), undoable=False)
        #: The start view is fitted before the widget has its size (a tall view then cut off the
        #: hips): until the camera moves or a saved one is restored, it is fitted again on resize.
        self._start_pose = self.state.camera
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
        iren.add_observer("StartInteractionEvent", self._on_interaction_start)
        iren.add_observer("EndInteractionEvent", self._on_interaction_end)

    # -- state -> VTK --------------------------------------------------------------------
    def request_render(self) -> None:
        self._render_timer.start()

    def _on_visibility(self, changed: dict) -> None:
        for sid, visible in changed.items():
            self.renderer.set_visible(sid, visible)
        self.refresh_labels()

    def _on_opacity(self, changed: dict) -> None:
        for sid, value in changed.items():
            self.renderer.set_opacity(sid, value)
        self.refresh_labels()

    def _on_selection(self, sid) -> None:
        self.renderer.highlight([sid] if sid else [])
        self.refresh_labels()

    def _on_camera(self, pose: CameraPose) -> None:
        self.renderer.set_camera_pose(pose.position, pose.focal_point, pose.view_up)
        self.refresh_labels()

    # -- labels, measurement, cross-section ---------------------------------------------------
    def use_atlas(self, atlas) -> None:
        """Draw another sciatic variant of the atlas, keeping the selection and the camera."""
        changed = self.atlas.ids_changed_by(atlas.variant)
        self.atlas = atlas
        self.renderer.use_atlas(atlas, changed)
        self.refresh_labels()
        self.request_render()

    # -- another body -------------------------------------------------------------------------
    @property
    def switching_body(self) -> bool:
        return self._body_job is not None

    def switch_body(self, atlas) -> None:
        """Draw ``atlas``, another body: its meshes are read and their actors made hidden, a
        batch per event-loop turn (``body_progress``), then they replace every structure at
        once (``body_replacing`` just before, ``body_switched`` after). The camera stays; the
        state carries the user's settings and the selection over by structure id
        (``SceneState.use_body``)."""
        job = self._body_job = (atlas, self.renderer.add_structures(atlas, hidden=True))
        QTimer.singleShot(0, self, lambda: self._read_body(job))

    def _read_body(self, job) -> None:
        if job is not self._body_job:
            return
        atlas, steps = job
        until = time.perf_counter() + BODY_STEP_BUDGET_S
        while time.perf_counter() < until:
            try:
                done, total, _name = next(steps)
            except StopIteration as finished:
                self._body_job = None
                self._draw_body(atlas, *finished.value)
                return
        self.body_progress.emit(done, total)
        QTimer.singleShot(0, self, lambda: self._read_body(job))

    def _draw_body(self, atlas, actors: dict, failed: dict) -> None:
        self.body_replacing.emit()
        self.measure.clear()
        self.atlas = atlas
        renderer, state = self.renderer, self.state
        renderer.use_body(atlas, actors, failed)
        state.use_body(atlas.body, {sid: atlas[sid].group for sid in renderer.actors}, renderer.start_opacity(),
                       tuple(v.key for v in atlas.variants), atlas.variant)
        for sid in renderer.actors:
            renderer.set_visible(sid, state.visibility[sid])
            renderer.set_opacity(sid, state.opacity[sid])
        renderer.highlight([state.selection] if state.selection else [])
        self.landmarks.centre = pelvis_centre(atlas.landmarks)
        self._show_landmarks()  # the marks asked for, at this body's landmarks
        self.body_switched.emit(atlas.body)

    def set_labels(self, on: bool) -> None:
        self.labels_on = on
        self.refresh_labels()

    def labelled_ids(self) -> list[str]:
        """The selected structure; with nothing selected, every visible, mostly opaque one."""
        st = self.state
        if st.selection:
            return [st.selection] if st.visibility.get(st.selection) else []
        return [sid for sid, v in st.visibility.items() if v and st.opacity[sid] >= 0.5]

    def refresh_labels(self) -> None:
        """Structure labels (when on) and the marked landmarks facing the camera, laid out together."""
        items = []
        if self.labels_on:
            actors = self.renderer.actors
            name = (lambda s: s.plain_display_name) if self.plain_labels else (lambda s: s.display_name)
            items = [(name(self.atlas[sid]), actors[sid].mapper.dataset.points) for sid in self.labelled_ids()]
        if not self.renderer.moving:
            items += self.landmarks.update()
        if items and not self.renderer.moving:
            self.labels.show(items)
        else:
            self.labels.clear()
        self.request_render()

    def picture_for_print(self, ids) -> tuple:
        """The view as an RGB image without its on-screen labels, and the labels for print: the
        everyday names of ``ids`` and the marked landmarks facing the viewer, each with the pixel
        it names (the print layout draws them at a printed size, see ``pdf_handout``)."""
        self.labels.clear()
        self.interactor.render()
        image = self.interactor.screenshot(None, return_img=True)
        shown = self.state.visibility
        items = [(self.atlas[sid].plain_display_name, self.renderer.actors[sid].mapper.dataset.points)
                 for sid in ids if shown.get(sid)]
        labels = print_labels(self.interactor, items + self.landmarks.update(), image.shape)
        self.refresh_labels()
        return image, labels

    def set_landmarks(self, source: str, wanted) -> None:
        """Mark and label landmarks, given as (key, side) pairs; each ``source`` (a tour, the
        planner) keeps its own set, and the view shows them all."""
        self._landmark_sources[source] = list(wanted)
        self._show_landmarks()

    def _show_landmarks(self) -> None:
        every = [mark for marks in self._landmark_sources.values() for mark in marks]
        self.landmarks.show(landmark_marks(self.atlas.landmarks, every))
        self.refresh_labels()

    def set_measuring(self, on: bool) -> None:
        self.measuring = on
        if not on:
            self.measure.clear()
            self.request_render()

    def set_cross_section(self, on: bool) -> None:
        """A draggable plane that cuts every structure (coronal to start with)."""
        plotter = self.interactor
        if on:
            b = self.renderer.visible_bounds()
            centre = (b[0::2] + b[1::2]) / 2
            plotter.add_plane_widget(
                lambda normal, origin: self.renderer.set_clipping_plane(normal, origin),
                normal=(0.0, 1.0, 0.0), origin=tuple(centre), bounds=tuple(b), outline_translation=False,
                implicit=True, color="#3060c0",
            )
            self.renderer.set_clipping_plane((0.0, 1.0, 0.0), centre)
        else:
            plotter.clear_plane_widgets()
            self.renderer.set_clipping_plane(None, None)
        self.request_render()

    # -- commands --------------------------------------------------------------------------
    def show_preset(self, name: str) -> None:
        """Camera preset as an undoable step."""
        self.state.set_camera(self._pose(name))

    def _pose(self, preset: str | None) -> CameraPose:
        if preset:
            self.renderer.set_view(preset)
        position, focal, up = self.renderer.camera_pose()
        return CameraPose(position, focal, up, preset)

    def nudge_camera(self, how: str, amount: float) -> None:
        """Keyboard camera control: 'azimuth'/'elevation' in degrees, or 'zoom' by a factor."""
        camera = self.interactor.camera
        if how == "zoom":
            camera.zoom(amount)
        else:
            getattr(camera, how.capitalize())(amount)
            camera.OrthogonalizeViewUp()
        self.interactor.renderer.ResetCameraClippingRange()
        self.state.set_camera(self._pose(None), undoable=False)
        self.renderer.set_moving(True)
        self._rest_timer.start()
        self.refresh_labels()

    def _come_to_rest(self) -> None:
        self.renderer.set_moving(False)  # (a pick may have done it already, without a repaint)
        self.refresh_labels()

    def fit(self) -> None:
        """Fit what is shown to the view, keeping the viewing direction (no undo step)."""
        self.renderer.fit_to_view()
        self.state.set_camera(self._pose(None), undoable=False)
        self.refresh_labels()

    def _on_resize(self) -> None:
        if self.fit_on_resize:
            self.fit()
        elif self.state.camera == self._start_pose:
            self._start_pose = self._pose("posterior")
            self.state.set_camera(self._start_pose, undoable=False)

    def focus(self, sid: str) -> None:
        self.renderer.focus_on(sid)
        self.state.set_camera(self._pose(None))

    def _prepare_interaction(self) -> None:
        self.renderer.load_reduced()
        self.renderer.prepare_picking()

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
            if self.click_handler is not None:
                self.click_handler(*self.renderer.pick_point(x, y))
            elif self.picking_entry:
                sid, point = self.renderer.pick_point(x, y)
                if sid is not None:
                    self.entry_picked.emit(point)
            elif self.measuring:
                sid, point = self.renderer.pick_point(x, y)
                if sid is not None:
                    distance = self.measure.add_point(point)
                    self.request_render()
                    if distance is not None:
                        self.measured.emit(distance)
            else:
                self.state.select(self.pick_at(x, y))
        self._press = None

    def _on_move(self, *_args) -> None:
        if self._press is not None:
            return  # rotating: no hover picking while the camera moves
        sid = self.pick_at(*self._vtk_iren.GetEventPosition())
        if sid != self._last_hover:
            self._last_hover = sid
            self.hovered.emit(sid)

    def _on_interaction_start(self, *_args) -> None:
        self._rest_timer.stop()
        self.renderer.set_moving(True)
        if self.labels.actors:
            self.labels.clear()  # laid out for the camera at rest; back when it rests again

    def _on_interaction_end(self, *_args) -> None:
        self.renderer.set_moving(False)
        self.state.set_camera(self._pose(None), undoable=False)
        self.refresh_labels()

    def close(self) -> None:
        self.interactor.close()
