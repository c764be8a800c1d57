"""Draw the atlas with PyVista: one actor per structure, view presets, highlight, screenshot.

The same class serves the headless CLI (``pyvista.Plotter(off_screen=True)``, which needs no
display: VTK falls back to EGL) and, later, the Qt window (a pyvistaqt ``QtInteractor`` is a
Plotter too). The verbs stay few: add, show/hide, opacity, highlight, view, screenshot.

While the camera moves (``set_moving(True)``, the window's drags and keyboard orbits) the scene
is drawn for speed: each structure by a twin actor holding its reduced mesh (``meshes/lod``,
sharing the structure's material, so colour and opacity follow), one headlight instead of
PyVista's five-light kit, and only the outer face of the skin veil. ``set_moving(False)``
restores the full picture exactly. Every verb that changes or reads the scene first returns to
rest, so no change can be made to, or read from, the stand-ins.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.atlas import Atlas, Structure
from explorer.geometry.mesh_io import MeshError, load_mesh
from explorer.render.appearance import BACKGROUND, FIT_MARGIN, HIGHLIGHT, MATERIALS, PRESET_VIEW_ANGLE, SPHERE_FRAMING_ZOOM, MOTION_HEADLIGHT_INTENSITY, MOTION_VEIL_OPACITY_SCALE, VIEWS, start_opacity
from explorer.render.section_caps import CAP_ORDER, is_closed, section_cap
from explorer.render.selection_overlay import SelectionOverlay


class SceneRenderer:
    """Structure actors on a plotter. ``failed`` lists meshes that could not be loaded."""

    def __init__(self, plotter: pv.Plotter, atlas: Atlas, reduced: bool = False, progress=None):
        """Load every structure's mesh; ``progress(done, total, name)`` is called per mesh."""
        self.plotter = plotter
        self.atlas = atlas
        self.actors: dict[str, pv.Actor] = {}
        self.failed: dict[str, str] = {}
        self._picker = None
        self._locators: dict[str, tuple] = {}  # sid -> (dataset the mapper draws, its MTime, cell locator)
        self.selection = SelectionOverlay(plotter)
        self.caps: dict[str, object] = {}  # sid -> cap actor of the cross-section
        self._clipping = None  # (normal, origin) of the cross-section, or None
        self._closed: dict[str, bool] = {}
        self._brightened: set[str] = set()
        self._lod: dict[str, tuple] | None = None  # sid -> (reduced actor, full mesh it stands for, its MTime)
        self._moving: dict | None = None  # what set_moving(True) changed, to undo at rest
        plotter.set_background(BACKGROUND[0], top=BACKGROUND[1])
        steps = self.add_structures(atlas, reduced)
        try:
            while True:
                step = next(steps)
                if progress:
                    progress(*step)
        except StopIteration as finished:
            self.actors, self.failed = finished.value
        self._id_of = {id(actor): sid for sid, actor in self.actors.items()}

    def add_structures(self, atlas: Atlas, reduced: bool = False, hidden: bool = False):
        """Read each structure's mesh and add its actor, one structure per step: yields
        ``(done, total, name)`` before each, returns ``(actors by id, failed: message by id)``.
        A caller may spread the steps over event-loop turns; ``hidden`` actors (another body's,
        made while this one is shown) wait for ``use_body``."""
        actors, failed = {}, {}
        with_mesh = [s for s in atlas if s.mesh is not None]
        for done, structure in enumerate(with_mesh):
            yield done, len(with_mesh), structure.display_name
            try:
                mesh = load_mesh(atlas.mesh_path(structure, reduced=reduced))
            except MeshError as exc:
                failed[structure.id] = str(exc)
                continue
            actor = actors[structure.id] = self._add(structure, mesh, atlas.body)
            if hidden:
                actor.SetVisibility(False)
        return actors, failed

    def _add(self, structure: Structure, mesh: pv.PolyData, body: str | None = None) -> pv.Actor:
        """The structure's actor, named for its body and id (two bodies' actors coexist while
        a switch is prepared; a same-named actor is replaced)."""
        opacity = start_opacity(structure)
        actor = self.plotter.add_mesh(
            mesh,
            color=structure.colour,
            smooth_shading=True,
            opacity=max(opacity, 0.0),
            name=f"{body or self.atlas.body}/{structure.id}",
            reset_camera=False,
            render=False,
            **MATERIALS.get(structure.group, {}),
        )
        actor.SetVisibility(opacity > 0)
        return actor

    def use_atlas(self, atlas: Atlas, ids: list[str]) -> None:
        """Draw ``atlas`` (another sciatic variant of the same one): the meshes of ``ids`` are
        read again; each keeps its material (colour, opacity, highlight), visibility, cut and
        outline, so the selection and the view stay as they were."""
        self.set_moving(False)
        self.atlas = atlas
        for sid in ids:
            old = self.actors.get(sid)
            if old is None:
                continue
            try:
                mesh = load_mesh(atlas.mesh_path(atlas[sid]))
            except MeshError as exc:
                self.failed[sid] = str(exc)
                continue
            material, visible = old.GetProperty(), old.GetVisibility()
            actor = self.actors[sid] = self._add(atlas[sid], mesh)  # the same name: PyVista replaces the old actor
            actor.SetProperty(material)
            actor.SetVisibility(visible)
            for plane in self._clipping_planes():
                actor.mapper.AddClippingPlane(plane)
            self._closed.pop(sid, None)
            cached = self._locators.pop(sid, None)
            if cached is not None:
                self._picker.RemoveLocator(cached[2])
            if self._lod is not None and sid in self._lod:
                self.plotter.renderer.RemoveActor(self._lod.pop(sid)[0])
                self._add_twin(sid, actor)
            if sid in self.outlines:
                self.selection.use_mesh(sid, actor.GetMapper().GetInput())
            if self._clipping is not None:
                self._update_cap(sid)
        self._id_of = {id(actor): sid for sid, actor in self.actors.items()}

    def use_body(self, atlas: Atlas, actors: dict, failed: dict[str, str]) -> None:
        """Draw another body, its ``actors`` made hidden by ``add_structures``, in place of this
        one: every structure actor, its reduced twin, cut face, outline and pick locator goes,
        so that only the body shown stays in memory. The new actors show as at start (the
        caller then gives them its scene state); the camera and the cross-section stay."""
        self.set_moving(False)
        self.selection.forget_meshes()
        renderer = self.plotter.renderer
        for sid in list(self.actors):
            self.plotter.remove_actor(self.actors.pop(sid), render=False)
        for twin, _full, _mtime in (self._lod or {}).values():
            renderer.RemoveActor(twin)
        for cap in self.caps.values():
            renderer.RemoveActor(cap)
        if self._picker is not None:
            self._picker.RemoveAllLocators()
        self._locators, self.caps, self._closed, self._brightened, self._lod = {}, {}, {}, set(), None
        self.atlas, self.actors, self.failed = atlas, dict(actors), dict(failed)
        planes = self._clipping_planes()
        for sid, actor in self.actors.items():
            actor.SetVisibility(start_opacity(atlas[sid]) > 0)
            for plane in planes:
                actor.mapper.AddClippingPlane(plane)
        self._id_of = {id(actor): sid for sid, actor in self.actors.items()}

    @property
    def outlines(self) -> dict:
        """Outline actors of the highlighted structures (drawn on top, see SelectionOverlay)."""
        return self.selection.outlines

    def set_visible(self, structure_id: str, visible: bool) -> None:
        self.set_moving(False)
        if structure_id in self.actors:
            self.actors[structure_id].SetVisibility(visible)
            if self._clipping is not None:
                self._update_cap(structure_id)

    def set_opacity(self, structure_id: str, opacity: float) -> None:
        self.set_moving(False)
        if structure_id in self.actors:
            self.actors[structure_id].prop.opacity = opacity

    def highlight(self, structure_ids: list[str], reveal: bool = False) -> None:
        """Outline and brighten the given structures (shape and light, never hue alone).

        ``reveal`` also makes them visible and opaque (the CLI's --highlight); the window
        leaves visibility to its scene state.
        """
        self.set_moving(False)
        self.selection.clear()
        for sid in self._brightened ^ {sid for sid in structure_ids if sid in self.actors}:  # only what changes
            base = MATERIALS.get(self.atlas[sid].group, {}).get("ambient", 0.15)
            self.actors[sid].GetProperty().SetAmbient(HIGHLIGHT["ambient"] if sid in structure_ids else base)
        self._brightened = {sid for sid in structure_ids if sid in self.actors}
        for sid in structure_ids:
            if sid in self.actors:
                actor = self.actors[sid]
                if reveal:
                    actor.SetVisibility(True)
                    actor.prop.opacity = max(actor.prop.opacity, 0.8)
                self.selection.show(sid, actor.GetMapper().GetInput(), pv.Color(self.atlas[sid].colour).float_rgb,
                                    self._clipping_planes())

    def start_opacity(self) -> dict[str, float]:
        """Opacity each loaded structure starts with (0 for hidden ones)."""
        self.set_moving(False)
        return {sid: (a.prop.opacity if a.GetVisibility() else 0.0) for sid, a in self.actors.items()}

    def pick(self, x: int, y: int) -> str | None:
        """Structure drawn at display pixel (x, y) (VTK coordinates: origin bottom-left).

        Translucent layers (opacity < 0.5, such as the skin veil) do not hide what is seen
        through them: opaque structures are tried first, then (where none is hit) the translucent ones.
        """
        self.set_moving(False)
        picker = self._cell_picker()
        visible = [(sid, a) for sid, a in self.actors.items() if a.GetVisibility()]
        solid = [(sid, a) for sid, a in visible if a.GetProperty().GetOpacity() >= 0.5]
        veils = [(sid, a) for sid, a in visible if a.GetProperty().GetOpacity() < 0.5]  # tried only where no solid one is hit
        for candidates in (solid, veils):
            picker.InitializePickList()
            for sid, actor in candidates:
                self._ensure_locator(sid, actor)
                picker.AddPickList(actor)
            if candidates and picker.Pick(x, y, 0, self.plotter.renderer):
                return self._id_of.get(id(picker.GetActor()))
        return None

    def pick_point(self, x: int, y: int) -> tuple[str | None, np.ndarray | None]:
        """Structure and surface point (RAS mm) under display pixel (x, y)."""
        sid = self.pick(x, y)
        return (sid, np.array(self._picker.GetPickPosition())) if sid else (None, None)

    def set_clipping_plane(self, normal, origin) -> None:
        """Cut every structure with one plane (keeps the side the normal points to) and cap each
        closed one where it is cut; None removes the cut."""
        self.set_moving(False)
        self._clipping = None if normal is None else (tuple(map(float, normal)), tuple(map(float, origin)))
        planes = self._clipping_planes()
        for actor in self.actors.values():
            actor.mapper.RemoveAllClippingPlanes()
            for plane in planes:
                actor.mapper.AddClippingPlane(plane)
        self.selection.set_clipping_planes(planes)
        for sid in set(self.caps) | set(self.actors):
            self._update_cap(sid)

    def _clipping_planes(self) -> list:
        from explorer.geometry import vtk_api as vtk

        if self._clipping is None:
            return []
        plane = vtk.vtkPlane()
        plane.SetNormal(*self._clipping[0])
        plane.SetOrigin(*self._clipping[1])
        return [plane]

    def _update_cap(self, sid: str) -> None:
        """The cut face of one structure: made where it is shown, closed and cut; else removed."""
        from explorer.geometry import vtk_api as vtk

        old = self.caps.pop(sid, None)
        if old is not None:
            self.plotter.renderer.RemoveActor(old)
        actor = self.actors.get(sid)
        if self._clipping is None or actor is None or not actor.GetVisibility():
            return
        mesh = actor.GetMapper().GetInput()
        if sid not in self._closed:
            self._closed[sid] = is_closed(mesh)
        cap = section_cap(mesh, *self._clipping) if self._closed[sid] else None
        if cap is None:
            return
        mapper = vtk.vtkPolyDataMapper()
        mapper.SetInputData(cap)
        mapper.ScalarVisibilityOff()
        # Meshes that touch or overlap cut into overlapping caps on one plane: a fixed depth
        # order (bone over muscle over fat) keeps their borders crisp instead of flickering.
        mapper.SetResolveCoincidentTopologyToPolygonOffset()  # a VTK-wide switch; the offset is per cap
        mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(0, -2.0 * self._cap_rank(sid))
        cap_actor = vtk.vtkActor()
        cap_actor.SetMapper(mapper)
        cap_actor.SetProperty(actor.GetProperty())  # colour, opacity and highlight follow the structure
        cap_actor.PickableOff()
        self.plotter.renderer.AddActor(cap_actor)
        self.caps[sid] = cap_actor

    def _cap_rank(self, sid: str) -> int:
        order = sorted(self.actors, key=lambda s: (CAP_ORDER.index(g) if (g := self.atlas[s].group) in CAP_ORDER else 0, s))
        return order.index(sid)

    def _cell_picker(self):
        """A cell picker that tests each ray against per-mesh cell locators (see _ensure_locator)."""
        if self._picker is None:
            from explorer.geometry import vtk_api as vtk

            self._picker = vtk.vtkCellPicker()
            self._picker.SetTolerance(0.0005)
            self._picker.PickFromListOn()
        return self._picker

    def _ensure_locator(self, sid: str, actor) -> None:
        """Give the picker a static cell locator of exactly the dataset the actor's mapper draws.

        vtkCellPicker uses a locator only when its dataset *is* the mapper's input; PyVista's
        mapper draws the output of its smooth-shading filter, not the mesh handed to add_mesh, so
        a locator must be built on ``GetInput()``. Without one every visible triangle is tested
        (~5 ms a pick at 240k triangles, ~0.4 ms with). The planner swaps the skin's mesh and
        moves the zones' points; a locator whose dataset changed or was modified is rebuilt.
        """
        from explorer.geometry import vtk_api as vtk

        data = actor.GetMapper().GetInput()
        cached = self._locators.get(sid)
        if cached is not None and cached[0] is data and cached[1] == data.GetMTime():
            return
        if cached is not None:
            self._picker.RemoveLocator(cached[2])
        locator = vtk.vtkStaticCellLocator()
        locator.SetDataSet(data)
        locator.BuildLocator()
        self._picker.AddLocator(locator)
        self._locators[sid] = (data, data.GetMTime(), locator)

    def prepare_picking(self) -> None:
        """Build the locators of the visible structures ahead of the first click (~50 ms)."""
        self._cell_picker()
        for sid, actor in self.actors.items():
            if actor.GetVisibility():
                self._ensure_locator(sid, actor)

    def camera_pose(self):
        """The plotter's camera as (position, focal point, view-up) tuples."""
        cam = self.plotter.camera
        return tuple(cam.position), tuple(cam.focal_point), tuple(cam.up)

    def set_camera_pose(self, position, focal_point, view_up) -> None:
        cam = self.plotter.camera
        cam.position, cam.focal_point, cam.up = position, focal_point, view_up
        self.plotter.renderer.ResetCameraClippingRange()

    def focus_on(self, structure_id: str) -> None:
        """Move the camera toward a structure, keeping the viewing direction."""
        actor = self.actors[structure_id]
        b = np.array(actor.GetBounds())
        centre = (b[0::2] + b[1::2]) / 2
        cam = self.plotter.camera
        direction = np.array(cam.position) - np.array(cam.focal_point)
        direction /= np.linalg.norm(direction)
        radius = np.linalg.norm(b[1::2] - b[0::2]) / 2
        distance = max(radius / np.tan(np.radians(cam.view_angle) / 2), 60.0) * 1.3
        cam.focal_point = tuple(centre)
        cam.position = tuple(centre + direction * distance)
        self.plotter.renderer.ResetCameraClippingRange()

    def visible_bounds(self) -> np.ndarray:
        self.set_moving(False)
        boxes = [a.GetBounds() for a in self.actors.values() if a.GetVisibility()]
        b = np.array(boxes) if boxes else np.array([[-1, 1, -1, 1, -1, 1]])
        return np.array([b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max()])

    def set_view(self, name: str, zoom: float = 1.0, side_margin: float = FIT_MARGIN) -> None:
        """Camera preset looking at everything visible, from the named side, filling the view.

        ``zoom`` (a tour step's) brings the camera closer than the sphere-based framing presets
        had before they were fitted (VTK's ResetCamera, then 1.1x); a zoom that would still
        frame wider than the fit keeps the fit. ``side_margin``: the share of the width kept free
        at each side (room for labels in a printed figure).
        """
        direction, up = VIEWS[name]
        bounds = self.visible_bounds()
        centre = (bounds[0::2] + bounds[1::2]) / 2
        # Plain VTK camera calls: PyVista's view_vector/reset_camera would render on each call.
        # ``plotter.camera`` is PyVista's camera (made active on first access); camera_set stops
        # PyVista from replacing the view with its default on the first render.
        camera = self.plotter.camera
        camera.SetViewAngle(PRESET_VIEW_ANGLE)  # each preset starts from the same lens (keyboard zoom narrows it)
        camera.SetFocalPoint(*centre)
        camera.SetPosition(*(centre + np.asarray(direction) / np.linalg.norm(direction)))
        camera.SetViewUp(*up)
        self.plotter.renderer.ResetCamera(*bounds)
        self.fit_to_view(side_margin=side_margin, max_distance=camera.GetDistance() / (SPHERE_FRAMING_ZOOM * zoom))
        self.plotter.camera_set = True

    def fit_to_view(self, margin: float = FIT_MARGIN, side_margin: float | None = None, max_distance: float | None = None) -> None:
        """Keep the viewing direction; move the camera so the visible structures fill the view,
        edge to edge in its width or its height (``margin``: the share kept free at each side;
        ``side_margin``, if given, at the left and right), or nearer, to ``max_distance`` from them.

        VTK's ResetCamera fits a sphere around the bounding box, which leaves a wide view mostly
        empty. Here every visible vertex is taken in camera axes and the distance is the least
        at which each one falls inside the view, nearer ones (seen larger) counted as such.
        """
        self.set_moving(False)
        meshes = [a.GetMapper().GetInput() for a in self.actors.values() if a.GetVisibility()]
        if not meshes:
            return
        points = np.vstack([np.asarray(pv.wrap(m).points) for m in meshes])
        camera = self.plotter.camera
        focal, position = np.asarray(camera.GetFocalPoint()), np.asarray(camera.GetPosition())
        forward = (focal - position) / np.linalg.norm(focal - position)
        up = np.asarray(camera.GetViewUp(), float)
        up = up - (up @ forward) * forward
        up /= np.linalg.norm(up)
        right = np.cross(forward, up)
        x, y, z = ((points - focal) @ axis for axis in (right, up, forward))
        middle = focal + right * (x.max() + x.min()) / 2 + up * (y.max() + y.min()) / 2
        x, y = x - (x.max() + x.min()) / 2, y - (y.max() + y.min()) / 2
        width, height = self.plotter.renderer.GetSize()
        half_angle = np.tan(np.radians(camera.GetViewAngle()) / 2)
        aspect = width / height if width > 1 and height > 1 else 1.0  # (a view not yet shown: square)
        half_h = half_angle * (1 - 2 * margin)
        half_w = half_angle * aspect * (1 - 2 * (margin if side_margin is None else side_margin))
        distance = float(np.max(np.maximum(np.abs(x) / half_w, np.abs(y) / half_h) - z))
        if max_distance is not None:
            distance = min(distance, max_distance)
        camera.SetFocalPoint(*middle)
        camera.SetPosition(*(middle - forward * distance))
        self.plotter.renderer.ResetCameraClippingRange()

    def screenshot(self, path: Path) -> None:
        self.set_moving(False)
        self.plotter.screenshot(str(path))

    # -- drawing while the camera moves ------------------------------------------------------
    @property
    def moving(self) -> bool:
        return self._moving is not None

    def load_reduced(self) -> None:
        """Read the reduced meshes and make their (hidden) stand-in actors; once, and off the
        start-up path. A structure without a usable reduced mesh is drawn in full while moving."""
        if self._lod is not None:
            return
        self._lod = {}
        for sid, actor in self.actors.items():
            self._add_twin(sid, actor)

    def _add_twin(self, sid: str, actor) -> None:
        """The reduced stand-in of one structure (hidden until the camera moves), if it loads."""
        from explorer.geometry import vtk_api as vtk

        try:
            reduced = load_mesh(self.atlas.mesh_path(self.atlas[sid], reduced=True))
        except MeshError:
            return
        normals = reduced.GetPointData().GetArray("Normals")
        if normals is not None:
            reduced.GetPointData().SetNormals(normals)  # smooth shading, as the full mesh
        mapper = vtk.vtkPolyDataMapper()
        mapper.SetInputData(reduced)
        mapper.ScalarVisibilityOff()
        twin = vtk.vtkActor()
        twin.SetMapper(mapper)
        twin.SetProperty(actor.GetProperty())  # one material: colour, opacity, highlight follow
        twin.PickableOff()
        twin.SetVisibility(False)
        self.plotter.renderer.AddActor(twin)
        full = actor.GetMapper().GetInput()
        self._lod[sid] = (twin, full, full.GetMTime())

    def set_moving(self, moving: bool) -> bool:
        """Draw for a moving camera, or (False) restore the full picture. True if anything changed."""
        if moving == self.moving:
            return False
        renderer = self.plotter.renderer
        if moving:
            self.load_reduced()
            swapped = []
            for sid, actor in self.actors.items():
                twin, full, mtime = self._lod.get(sid, (None, None, None))
                mapper = actor.GetMapper()
                # The planner may have replaced or moved a mesh, or coloured it (risk map), and a
                # cross-section clips it: then the reduced copy would not show the same thing.
                if (twin is None or not actor.GetVisibility() or mapper.GetInput() is not full or full.GetMTime() != mtime
                        or mapper.GetScalarVisibility() or mapper.GetNumberOfClippingPlanes()):
                    continue
                actor.SetVisibility(False)
                twin.SetVisibility(True)
                swapped.append(sid)
            for sid in self.outlines:
                if sid in swapped:  # ghost and silhouette of the reduced mesh
                    self.selection.use_mesh(sid, self._lod[sid][0].GetMapper().GetInput())
            lights = list(renderer.GetLights())
            renderer.RemoveAllLights()
            headlight = pv.Light(light_type="headlight", intensity=MOTION_HEADLIGHT_INTENSITY)
            renderer.AddLight(headlight)
            skin = self.actors.get("skin")
            veil = None
            if skin is not None and "skin" in swapped and not skin.GetProperty().GetBackfaceCulling():
                veil = skin.GetProperty().GetOpacity()
                skin.GetProperty().BackfaceCullingOn()  # the veil's near face only, a little denser
                skin.GetProperty().SetOpacity(min(1.0, veil * MOTION_VEIL_OPACITY_SCALE))
            self._moving = {"swapped": swapped, "lights": lights, "veil": veil}
        else:
            state, self._moving = self._moving, None
            for sid in state["swapped"]:
                self._lod[sid][0].SetVisibility(False)
                self.actors[sid].SetVisibility(True)
                if sid in self.outlines:
                    self.selection.use_mesh(sid, self.actors[sid].GetMapper().GetInput())
            renderer.RemoveAllLights()
            for light in state["lights"]:
                renderer.AddLight(light)
            if state["veil"] is not None:
                self.actors["skin"].GetProperty().BackfaceCullingOff()
                self.actors["skin"].GetProperty().SetOpacity(state["veil"])
        return True


def quiet_vtk_warnings() -> None:
    """Headless renders first try X and print a warning when there is none; EGL then works."""
    from explorer.geometry import vtk_api as vtk

    vtk.vtkLogger.SetStderrVerbosity(vtk.vtkLogger.VERBOSITY_ERROR)


def render_to_file(
    atlas: Atlas, path: Path, view: str = "posterior", highlight: list[str] = (), hidden: list[str] = (), size=(1200, 900)
) -> SceneRenderer:
    """Headless render of the atlas to a PNG (no display needed), ``hidden`` structure ids left out."""
    with offscreen_scene(atlas, size) as renderer:
        for sid in hidden:
            renderer.set_visible(sid, False)
        renderer.highlight(list(highlight), reveal=True)
        renderer.plotter.add_axes(labels_off=False, xlabel="R", ylabel="A", zlabel="S")
        renderer.set_view(view)
        renderer.screenshot(path)
        return renderer


def render_figure(atlas: Atlas, show: list[str], highlight: list[str] = (), view: str = "posterior", zoom: float = 1.0,
                  labels: dict[str, str] | None = None, size=(1200, 900), fade_others: bool = False):
    """An RGB image of the given structures (others hidden), for print, and its labels
    ``{id: text}`` as (text, anchor pixel with origin top-left): the print layout draws them in
    type of a known printed size (see ``pdf_handout``), which a size in pixels could not promise.

    ``fade_others`` turns everything but the highlighted structures into a faint veil (x-ray), so
    deep ones such as a nerve under gluteus maximus are seen where they lie.
    """
    from explorer.render.overlays import print_labels

    with offscreen_scene(atlas, size) as renderer:
        for sid in renderer.actors:
            renderer.set_visible(sid, sid in show)
            if fade_others and sid not in highlight:
                renderer.set_opacity(sid, min(renderer.actors[sid].prop.opacity, FADED_OPACITY))
        renderer.highlight(list(highlight))
        renderer.set_view(view, zoom, side_margin=LABEL_ROOM if labels else FIT_MARGIN)
        renderer.plotter.render()
        image = renderer.plotter.screenshot(return_img=True)
        items = [(text, renderer.actors[sid].mapper.dataset.points) for sid, text in (labels or {}).items() if sid in renderer.actors]
        return image, print_labels(renderer.plotter, items, image.shape)


#: Opacity of the structures around the explained ones in a printed x-ray figure.
FADED_OPACITY = 0.25
#: Share of a labelled figure's width kept free at each side, where the print layout sets labels.
LABEL_ROOM = 0.2


@contextmanager
def offscreen_scene(atlas: Atlas, size):
    """A SceneRenderer on an off-screen plotter (closed afterwards)."""
    quiet_vtk_warnings()
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    try:
        yield SceneRenderer(plotter, atlas)
    finally:
        plotter.close()
