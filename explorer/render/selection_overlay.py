"""The selection drawn so that it is seen wherever it lies: a see-through ghost and an outline
on top of the scene.

A deep structure (piriformis under gluteus maximus) is hidden by what lies in front of it, and
so would be its outline. Anatomy atlases show such a selection through the rest; here two
renderers in layers above the scene's share its camera and clear only the depth buffer:

    layer n      the scene (every structure, depth-tested as usual)
    layer n+1    ghost: the selected meshes, translucent, front faces only
    layer n+2    outline: their silhouette as seen from the camera (and landmark markers)

Where the structure is in front anyway the ghost only lightens it a little; where it is hidden
its shape shows through in the highlight colour, outlined. Neither is pickable, so clicks still
reach the scene below.
"""

from __future__ import annotations

import pyvista as pv

from explorer.geometry import vtk_api as vtk
from explorer.render.appearance import HIGHLIGHT


class SelectionOverlay:
    """Ghost and outline actors for the highlighted structures, above the plotter's scene."""

    def __init__(self, plotter: pv.Plotter):
        self.plotter = plotter
        scene = plotter.renderer
        window = plotter.render_window
        first = window.GetNumberOfLayers()
        window.SetNumberOfLayers(first + 2)
        self.ghost_layer, self.outline_layer = vtk.vtkRenderer(), vtk.vtkRenderer()
        for layer, renderer in enumerate((self.ghost_layer, self.outline_layer), start=first):
            renderer.SetLayer(layer)
            renderer.InteractiveOff()  # mouse events and picks go to the scene
            renderer.SetActiveCamera(scene.GetActiveCamera())
            window.AddRenderer(renderer)
        # PyVista keeps one camera object; should it ever set another, follow it before each frame.
        scene.AddObserver("StartEvent", self._follow_camera)
        #: The highlighted structures' ghost and outline actors, by structure id.
        self.ghosts: dict[str, vtk.vtkActor] = {}
        self.outlines: dict[str, vtk.vtkActor] = {}
        #: Every structure's pair once made: hidden, not destroyed, when the selection moves on.
        #: Destroying an actor releases its graphics resources (a context switch each), which
        #: made a click's answer several ms slower than the pick itself.
        self._pairs: dict[str, tuple[vtk.vtkActor, vtk.vtkActor]] = {}
        #: One silhouette filter per mesh (full and reduced), holding the mesh alive: a filter
        #: keeps the edges of the mesh it first saw, so switching its input would draw the old
        #: edges on the new points.
        self._silhouettes: dict[int, tuple[vtk.vtkPolyData, vtk.vtkPolyDataSilhouette]] = {}
        self._draw_layers()

    def _follow_camera(self, *_args) -> None:
        camera = self.plotter.renderer.GetActiveCamera()
        for renderer in (self.ghost_layer, self.outline_layer):
            if renderer.GetActiveCamera() is not camera:
                renderer.SetActiveCamera(camera)

    def show(self, sid: str, mesh: vtk.vtkPolyData, colour, clipping_planes=()) -> None:
        """Ghost and outline of one structure (RGB floats 0-1 for its own colour)."""
        if sid not in self._pairs:
            self._pairs[sid] = self._new_pair()
        ghost, outline = self._pairs[sid]
        # The structure's own colour, lightened toward the highlight: it reads as "this one" over
        # any tissue in front, and barely changes the structure where nothing covers it.
        tint = pv.Color(HIGHLIGHT["ghost_colour"]).float_rgb
        ghost.GetProperty().SetColor(*(0.5 * c + 0.5 * t for c, t in zip(colour, tint)))
        self.ghosts[sid], self.outlines[sid] = ghost, outline
        self.use_mesh(sid, mesh)
        for actor in (ghost, outline):
            actor.GetMapper().RemoveAllClippingPlanes()
            for plane in clipping_planes:
                actor.GetMapper().AddClippingPlane(plane)
            actor.VisibilityOn()
        self._draw_layers()

    def _new_pair(self) -> tuple[vtk.vtkActor, vtk.vtkActor]:
        ghost_mapper = vtk.vtkPolyDataMapper()
        ghost_mapper.ScalarVisibilityOff()
        ghost = vtk.vtkActor()
        ghost.SetMapper(ghost_mapper)
        ghost.PickableOff()
        prop = ghost.GetProperty()
        prop.SetOpacity(HIGHLIGHT["ghost_opacity"])
        # Unlit, a flat tint (the outline gives the shape): a lit ghost in its own layer was shaded
        # differently once the scene's lights had been swapped for motion and back (VTK keeps
        # lighting state per window), so the picture at rest would not come back exactly.
        prop.LightingOff()
        prop.BackfaceCullingOn()  # one layer of tint, not the front and back faces summed
        outline = vtk.vtkActor()
        outline.SetMapper(vtk.vtkPolyDataMapper())
        outline.PickableOff()
        prop = outline.GetProperty()
        prop.SetColor(pv.Color(HIGHLIGHT["outline_colour"]).float_rgb)
        prop.SetLineWidth(HIGHLIGHT["outline_width"])
        prop.LightingOff()
        self.ghost_layer.AddActor(ghost)
        self.outline_layer.AddActor(outline)
        return ghost, outline

    def clear(self) -> None:
        for sid in self.outlines:
            self.ghosts[sid].VisibilityOff()
            self.outlines[sid].VisibilityOff()
        self.ghosts.clear()
        self.outlines.clear()
        self._draw_layers()

    def forget_meshes(self) -> None:
        """Let go of every mesh drawn so far (another body replaces them all): the outlines are
        cleared, each pair's mappers emptied and the silhouette filters, which hold their
        meshes, dropped. The pairs stay, to be reused."""
        self.clear()
        for ghost, outline in self._pairs.values():
            ghost.GetMapper().RemoveAllInputConnections(0)
            outline.GetMapper().RemoveAllInputConnections(0)
        self._silhouettes.clear()

    def add_on_top(self, actor) -> None:
        """Another mark that must be seen wherever it lies (a landmark), in the outline layer."""
        self.outline_layer.AddActor(actor)
        self._draw_layers()

    def remove_on_top(self, actor) -> None:
        self.outline_layer.RemoveActor(actor)
        self._draw_layers()

    def _draw_layers(self) -> None:
        """Empty layers are skipped: each drawn layer costs a pass and clears the depth buffer,
        which the scene's depth image (picking by depth, get_image_depth) would then lose."""
        for renderer in (self.ghost_layer, self.outline_layer):
            renderer.SetDraw(renderer.VisibleActorCount() > 0)

    def _silhouette(self, mesh: vtk.vtkPolyData) -> vtk.vtkPolyDataSilhouette:
        if id(mesh) not in self._silhouettes:
            silhouette = vtk.vtkPolyDataSilhouette()
            silhouette.SetInputData(mesh)
            silhouette.SetCamera(self.plotter.renderer.GetActiveCamera())
            self._silhouettes[id(mesh)] = (mesh, silhouette)
        return self._silhouettes[id(mesh)][1]

    def use_mesh(self, sid: str, mesh: vtk.vtkPolyData) -> None:
        """Draw a structure's ghost and outline from another mesh (its reduced one while the
        camera moves, its full one again at rest)."""
        ghost_mapper = self.ghosts[sid].GetMapper()
        if ghost_mapper.GetInput() is not mesh:
            ghost_mapper.SetInputData(mesh)
        self.outlines[sid].GetMapper().SetInputConnection(self._silhouette(mesh).GetOutputPort())

    def set_clipping_planes(self, planes) -> None:
        for sid in self.outlines:
            for actor in (self.ghosts[sid], self.outlines[sid]):
                actor.GetMapper().RemoveAllClippingPlanes()
                for plane in planes:
                    actor.GetMapper().AddClippingPlane(plane)
