"""Draw the atlas with PyVista: one actor per structure, view presets, highlight, screenshot.

The same class serves the headless CLI (``pyvista.Plotter(off_screen=True)``, which needs no
display: VTK falls back to EGL) and, later, the Qt window (a pyvistaqt ``QtInteractor`` is a
Plotter too). The verbs stay few: add, show/hide, opacity, highlight, view, screenshot.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.atlas import Atlas, Structure
from explorer.geometry.mesh_io import MeshError, load_mesh
from explorer.render.appearance import BACKGROUND, DEFAULT_OPACITY, GROUP_OPACITY, HIGHLIGHT, MATERIALS, VIEWS


class SceneRenderer:
    """Structure actors on a plotter. ``failed`` lists meshes that could not be loaded."""

    def __init__(self, plotter: pv.Plotter, atlas: Atlas, reduced: bool = False):
        self.plotter = plotter
        self.atlas = atlas
        self.actors: dict[str, pv.Actor] = {}
        self.outlines: dict[str, pv.Actor] = {}
        self.failed: dict[str, str] = {}
        plotter.set_background(BACKGROUND[0], top=BACKGROUND[1])
        for structure in atlas:
            path = atlas.mesh_path(structure, reduced=reduced)
            if path is None:
                continue
            try:
                mesh = load_mesh(path)
            except MeshError as exc:
                self.failed[structure.id] = str(exc)
                continue
            self.actors[structure.id] = self._add(structure, mesh)

    def _add(self, structure: Structure, mesh: pv.PolyData) -> pv.Actor:
        opacity = DEFAULT_OPACITY.get(structure.id, GROUP_OPACITY.get(structure.group, 1.0))
        actor = self.plotter.add_mesh(
            mesh,
            color=structure.colour,
            smooth_shading=True,
            opacity=max(opacity, 0.0),
            name=structure.id,
            reset_camera=False,
            **MATERIALS.get(structure.group, {}),
        )
        actor.SetVisibility(opacity > 0)
        return actor

    def set_visible(self, structure_id: str, visible: bool) -> None:
        if structure_id in self.actors:
            self.actors[structure_id].SetVisibility(visible)

    def hide_groups(self, groups: list[str]) -> None:
        for structure in self.atlas:
            if structure.group in groups:
                self.set_visible(structure.id, False)

    def set_opacity(self, structure_id: str, opacity: float) -> None:
        if structure_id in self.actors:
            self.actors[structure_id].prop.opacity = opacity
            self.actors[structure_id].SetVisibility(opacity > 0)

    def highlight(self, structure_ids: list[str]) -> None:
        """Outline and brighten the given structures (shape and light, never hue alone)."""
        for sid in list(self.outlines):
            self.plotter.remove_actor(self.outlines.pop(sid))
        for sid, actor in self.actors.items():
            base = MATERIALS.get(self.atlas[sid].group, {}).get("ambient", 0.15)
            actor.prop.ambient = HIGHLIGHT["ambient"] if sid in structure_ids else base
        for sid in structure_ids:
            if sid in self.actors:
                actor = self.actors[sid]
                actor.SetVisibility(True)
                if actor.prop.opacity < 0.5:
                    actor.prop.opacity = 1.0
                self.outlines[sid] = self.plotter.add_silhouette(
                    actor.mapper.dataset, color=HIGHLIGHT["outline_colour"], line_width=HIGHLIGHT["outline_width"]
                )

    def visible_bounds(self) -> np.ndarray:
        boxes = [a.GetBounds() for a in self.actors.values() if a.GetVisibility()]
        b = np.array(boxes) if boxes else np.array([[-1, 1, -1, 1, -1, 1]])
        return np.array([b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max()])

    def set_view(self, name: str) -> None:
        """Camera preset looking at everything visible, from the named side."""
        direction, up = VIEWS[name]
        bounds = self.visible_bounds()
        centre = (bounds[0::2] + bounds[1::2]) / 2
        self.plotter.view_vector(direction, viewup=up)
        self.plotter.camera.focal_point = centre
        self.plotter.reset_camera(bounds=bounds)
        self.plotter.camera.zoom(1.1)

    def screenshot(self, path: Path) -> None:
        self.plotter.screenshot(str(path))


def render_to_file(
    atlas: Atlas, path: Path, view: str = "posterior", highlight: list[str] = (), hide_groups: list[str] = (), size=(1200, 900)
) -> SceneRenderer:
    """Headless render of the atlas to a PNG (no display needed)."""
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    try:
        renderer = SceneRenderer(plotter, atlas)
        renderer.hide_groups(list(hide_groups))
        renderer.highlight(list(highlight))
        plotter.add_axes(labels_off=False, xlabel="R", ylabel="A", zlabel="S")
        renderer.set_view(view)
        renderer.screenshot(path)
        return renderer
    finally:
        plotter.close()
