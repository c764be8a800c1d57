"""The headless renderer: presets look from the named side (also after the first render)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.render.appearance import VIEWS
from explorer.render.scene_render import SceneRenderer


@pytest.fixture(scope="module")
def renderer(atlas):
    plotter = pv.Plotter(off_screen=True, window_size=[320, 240])
    yield SceneRenderer(plotter, atlas)
    plotter.close()


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_preset_looks_from_its_side_after_rendering(renderer, view, tmp_path):
    renderer.set_view(view)
    renderer.screenshot(tmp_path / "v.png")  # PyVista must not swap in its default view here
    position, focal, _ = (np.array(v) for v in renderer.camera_pose())
    direction = np.array(VIEWS[view][0]) / np.linalg.norm(VIEWS[view][0])
    assert (position - focal) / np.linalg.norm(position - focal) == pytest.approx(direction, abs=1e-6)


def test_highlight_outlines_without_changing_colour(renderer):
    colour = renderer.actors["piriformis_right"].prop.color
    renderer.highlight(["piriformis_right"])
    assert list(renderer.outlines) == ["piriformis_right"]
    assert renderer.actors["piriformis_right"].prop.color == colour
    renderer.highlight([])
    assert renderer.outlines == {}


def test_pick_finds_what_is_drawn_at_a_pixel(renderer, tmp_path):
    renderer.set_view("posterior")
    renderer.screenshot(tmp_path / "p.png")
    import vtk

    point = renderer.actors["sacrum"].mapper.dataset.points
    back = point[np.argmin(point[:, 1])]  # the most posterior point of the sacrum faces the camera
    coordinate = vtk.vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*back)
    x, y = coordinate.GetComputedDisplayValue(renderer.plotter.renderer)
    assert renderer.pick(x, y) == "sacrum"
    assert renderer.pick(2, 2) is None


def test_moving_draws_reduced_stand_ins_and_rest_restores_everything(renderer):
    plotter = renderer.plotter
    lights = list(plotter.renderer.GetLights())
    skin = renderer.actors["skin"].prop
    veil = skin.opacity
    renderer.set_view("posterior")
    full = sum(a.mapper.dataset.n_cells for a in renderer.actors.values() if a.GetVisibility())
    assert renderer.set_moving(True)
    visible = [a for a in plotter.renderer.GetActors() if a.GetVisibility()]
    assert not any(a in visible for a in renderer.actors.values())  # every one has a stand-in
    assert sum(a.GetMapper().GetInput().GetNumberOfCells() for a in visible) < 0.5 * full
    assert plotter.renderer.GetLights().GetNumberOfItems() == 1
    assert skin.GetBackfaceCulling()
    assert renderer.set_moving(False)
    assert list(plotter.renderer.GetLights()) == lights
    assert skin.opacity == veil and not skin.GetBackfaceCulling()
    assert renderer.actors["sacrum"].GetVisibility() and not renderer.actors["subcutaneous_fat"].GetVisibility()


def test_a_changed_mesh_is_drawn_in_full_while_moving(renderer):
    actor = renderer.actors["sacrum"]
    original = actor.mapper.dataset
    moved = original.copy()
    actor.mapper.SetInputData(moved)  # as the planner replaces the skin for another body build
    try:
        renderer.set_moving(True)
        assert actor.GetVisibility()
    finally:
        renderer.set_moving(False)
        actor.mapper.SetInputData(original)
