"""Switching bodies in the window, through the real View > Body menu: her meshes replace his in
place, the camera, the selection (by structure id) and the notes stay, the title and status bar
name the body, clicking where her piriformis is drawn selects it, the planner plans on her,
saved views bring their body back, and after switching back only his meshes are held.

Skipped while her meshes are not built (meshes/female/manifest.json)."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from tests.conftest import EVENT_TIMEOUT_MS, built_bodies
from tests.ui.conftest import click, display_point, visible_surface_point

pytestmark = [pytest.mark.gui, pytest.mark.skipif("female" not in built_bodies(),
                                                  reason="the female meshes are not built (meshes/female/manifest.json absent)")]


def body_menu_action(window, label: str):
    """The entry of View > Body as a user finds it in the menu bar."""
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    body_menu = next(a.menu() for a in view_menu.actions() if a.menu() is not None and a.text() == "Body")
    return next(a for a in body_menu.actions() if a.text() == label)


def switch(qtbot, window, label: str) -> None:
    with qtbot.waitSignal(window.body_choice.switched, timeout=EVENT_TIMEOUT_MS):
        body_menu_action(window, label).trigger()


def scene_actor_count(window) -> int:
    """Actors in the scene, with every structure's reduced stand-in made (as after a drag)."""
    window.view.renderer.load_reduced()
    return window.view.interactor.renderer.GetActors().GetNumberOfItems()


def test_switching_body_keeps_view_selection_and_notes_and_picks_her_structures(qtbot, make_window, atlas):
    from explorer.geometry.mesh_io import load_mesh

    window = make_window()
    state, renderer = window.state, window.view.renderer
    state.set_visible([sid for sid in state.groups if sid.startswith(("gluteus_maximus", "skin"))], False)
    window.view.show_preset("posterior")
    state.select("piriformis_right")
    qtbot.keyClicks(window.panel.note_edit, "My note on piriformis: the sciatic nerve runs below it.")
    camera = renderer.camera_pose()
    actors_before = scene_actor_count(window)
    assert "male body" in window.windowTitle()

    switch(qtbot, window, "Female")
    her = atlas.with_body("female")
    assert state.body == "female" and window.body_choice.actions["female"].isChecked()
    assert window.body_choice.box.currentData() == "female"
    assert "female body" in window.windowTitle()
    assert "female body" in window.statusBar().currentMessage()
    assert renderer.camera_pose() == camera  # the view stays
    assert state.selection == "piriformis_right" and "piriformis_right" in renderer.outlines  # so does the selection
    assert window.tree.currentItem() is window.tree.items["piriformis_right"]
    assert not state.visibility["gluteus_maximus_right"]  # what the user hid stays hidden
    drawn = renderer.actors["piriformis_right"].mapper.dataset
    assert np.allclose(drawn.points, load_mesh(her.mesh_path(her["piriformis_right"])).points)  # her mesh
    assert "the sciatic nerve runs below it" in window.panel.note_edit.toPlainText()  # notes belong to the structure

    qtbot.keyClick(window.view.interactor, Qt.Key.Key_Escape)
    assert state.selection is None
    state.isolate(["piriformis_right", "sacrum", "hip_bone_right", "gluteus_medius_right"])  # her ligaments lie over it
    window.view.interactor.render()
    click(qtbot, window, display_point(window, visible_surface_point(window, "piriformis_right")))
    assert state.selection == "piriformis_right"
    hers = [renderer.actors[sid].mapper.dataset for sid in ("piriformis_right", "skin")]
    assert "Piriformis" in window.panel.text.toPlainText()
    assert "the sciatic nerve runs below it" in window.panel.note_edit.toPlainText()

    with qtbot.waitSignal(window.body_choice.switched, timeout=EVENT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_B)  # the shortcut back to the other body
    assert state.body == "male" and "male body" in window.windowTitle()
    assert state.isolating and not state.visibility["gluteus_maximus_left"]  # isolate carried over too
    assert state.selection == "piriformis_right" and renderer.camera_pose() == camera
    male_mesh = load_mesh(atlas.mesh_path(atlas["piriformis_right"]))
    assert np.allclose(renderer.actors["piriformis_right"].mapper.dataset.points, male_mesh.points)
    assert scene_actor_count(window) == actors_before  # nothing of hers is left drawn
    gc.collect()
    assert [mesh.GetReferenceCount() for mesh in hers] == [1, 1]  # nor held: only this test holds her meshes


def test_the_planner_plans_again_on_her_body(qtbot, make_window):
    window = make_window()
    window.findChild(QDockWidget, "planner_dock").raise_()
    planner = window.planner
    planner.site.setCurrentText("dorsogluteal")
    qtbot.waitUntil(lambda: planner.active and planner.plan is not None, timeout=EVENT_TIMEOUT_MS)
    his = planner.plan.entry_mm
    switch(qtbot, window, "Female")
    assert planner.active and planner.plan.entry_mm != his
    assert planner.plan.verdict != "incomplete"
    drawn = window.view.renderer.actors["sciatic_nerve_right"].mapper.dataset
    assert np.array_equal(planner.scene.nerves["sciatic_nerve_right"].points, drawn.points)  # her scene, from what is drawn
    with qtbot.waitSignal(planner.risk_ready, timeout=EVENT_TIMEOUT_MS):
        planner.risk.setChecked(True)  # the risk map is computed on her skin
    assert len(planner.risk_map.levels) == window.view.renderer.actors["skin"].mapper.dataset.n_points


def test_a_saved_view_brings_its_body_back(qtbot, make_window):
    window = make_window()
    switch(qtbot, window, "Female")
    window.state.select("sacrum")
    window.save_view("Her sacrum")
    switch(qtbot, window, "Male")
    window.state.select(None)
    with qtbot.waitSignal(window.body_choice.switched, timeout=EVENT_TIMEOUT_MS):
        window.saved_views.restore("Her sacrum")
    qtbot.waitUntil(lambda: window.state.selection == "sacrum", timeout=EVENT_TIMEOUT_MS)
    assert window.state.body == "female"


def test_a_quiz_under_way_ends_and_a_new_one_runs_on_her(qtbot, make_window):
    from tests.ui.test_learning import start_quiz

    window = make_window()
    quiz = start_quiz(window, "find")
    assert quiz.active
    switch(qtbot, window, "Female")
    assert not quiz.active and window.view.click_handler is None  # its questions were about his body
    quiz = start_quiz(window, "find")
    target = quiz.quiz.current.target
    pixel = display_point(window, visible_surface_point(window, target))
    with qtbot.waitSignal(quiz.answered, timeout=EVENT_TIMEOUT_MS) as signal:
        click(qtbot, window, pixel)
    assert signal.args[0].correct  # clicked on her bone


def test_a_tour_step_carries_over_with_its_landmarks_on_her(qtbot, make_window):
    window = make_window()
    tours = window.tours
    tour = next(t for t in tours.tours if any(step.landmarks for step in t.steps))
    index = next(i for i, step in enumerate(tour.steps) if step.landmarks)
    tours.start(tour.id)
    tours.go(index)
    step = tour.steps[index]
    shown = {sid for sid, on in window.state.visibility.items() if on}
    switch(qtbot, window, "Female")
    assert {sid for sid, on in window.state.visibility.items() if on} == shown
    key, side = step.landmarks[0]
    marked = {(m.key, m.side): m.point for m in window.view.landmarks.marks}
    point = marked.get((key, side), marked.get((key, None)))
    assert np.allclose(point, window.atlas.landmarks[side][key])  # marked at her landmark
    assert not np.allclose(point, window.atlas.with_body("male").landmarks[side][key])
    tours.go(index + 1 if index + 1 < len(tour.steps) else index - 1)  # the tour goes on, on her
    assert set(tours.tour.steps[tours.index].highlight) <= set(window.view.renderer.outlines)
