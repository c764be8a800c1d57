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


def _pixel_of(renderer, point):
    import vtk

    coordinate = vtk.vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*point)
    return coordinate.GetComputedDisplayValue(renderer.plotter.renderer)


def _sacrum_back(renderer):
    point = renderer.actors["sacrum"].mapper.dataset.points
    return point[np.argmin(point[:, 1])]  # the most posterior point of the sacrum faces the camera


def test_pick_finds_what_is_drawn_at_a_pixel(renderer, tmp_path):
    renderer.set_view("posterior")
    renderer.screenshot(tmp_path / "p.png")
    x, y = _pixel_of(renderer, _sacrum_back(renderer))
    assert renderer.pick(x, y) == "sacrum"
    assert renderer.pick(2, 2) is None
    # The picker searches a locator of the very dataset each mapper draws (else it tests every
    # triangle): one locator per visible structure, each on its mapper's input.
    drawn = {sid: a.GetMapper().GetInput() for sid, a in renderer.actors.items() if a.GetVisibility()}
    assert {sid: entry[0] for sid, entry in renderer._locators.items() if sid in drawn} == drawn


def test_pick_follows_a_mesh_that_was_moved_or_replaced(renderer, tmp_path):
    """The planner moves the zones' points and swaps the skin's mesh: picks must follow."""
    renderer.set_view("posterior")
    renderer.screenshot(tmp_path / "p.png")
    x, y = _pixel_of(renderer, _sacrum_back(renderer))
    assert renderer.pick(x, y) == "sacrum"
    actor = renderer.actors["sacrum"]
    original = actor.mapper.dataset
    points = np.array(original.points)
    try:
        original.points = points + [400.0, 0.0, 0.0]  # moved in place, far to the right
        renderer.plotter.render()
        assert renderer.pick(x, y) != "sacrum"
        original.points = points
        renderer.plotter.render()
        assert renderer.pick(x, y) == "sacrum"
        moved = original.copy()
        moved.points = points + [0.0, 0.0, 400.0]
        actor.mapper.SetInputData(moved)  # replaced, as the planner replaces the skin
        renderer.plotter.render()
        assert renderer.pick(x, y) != "sacrum"
    finally:
        actor.mapper.SetInputData(original)
        original.points = points
        renderer.plotter.render()
    assert renderer.pick(x, y) == "sacrum"


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


def test_a_new_selection_draws_only_its_own_ghost_and_outline(renderer):
    """Overlay actors are kept for reuse when the selection moves on, but no longer drawn."""
    renderer.highlight(["piriformis_right"])
    renderer.highlight(["sacrum"])
    for layer, drawn in ((renderer.selection.outline_layer, renderer.outlines), (renderer.selection.ghost_layer, renderer.selection.ghosts)):
        visible = [a for a in layer.GetActors() if a.GetVisibility()]
        assert visible == [drawn["sacrum"]]
    assert renderer.selection.ghosts["sacrum"].GetMapper().GetInput() is renderer.actors["sacrum"].GetMapper().GetInput()
    renderer.highlight([])
    assert not renderer.selection.outline_layer.GetDraw() and not renderer.selection.ghost_layer.GetDraw()
