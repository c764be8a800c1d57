"""Quizzes, tours, presentation mode, handout and export, driven in the real window."""

from __future__ import annotations

import numpy as np
import pypdf
import pytest
import trimesh
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from explorer.learning.quiz import PLACE_TOLERANCE_MM
from explorer.render.appearance import VIEWS
from tests.conftest import EVENT_TIMEOUT_MS
from tests.ui.conftest import click, display_point, visible_surface_point

pytestmark = pytest.mark.gui


def start_quiz(window, mode: str, groups=("bone",), sides=("right",), count=3, seed=0):
    window.findChild(QDockWidget, "quiz_dock").raise_()
    quiz = window.quiz
    quiz.mode.setCurrentIndex(quiz.mode.findData(mode))
    for g, box in quiz.groups.items():
        box.setChecked(g in groups)
    for s, box in quiz.sides.items():
        box.setChecked(s in sides)
    quiz.count.setValue(count)
    quiz.seed.setValue(seed)
    quiz.start_button.click()
    return quiz


def test_find_it_scores_clicks_on_the_structure_and_elsewhere(make_window, qtbot):
    window = make_window()
    quiz = start_quiz(window, "find")
    shown = {sid for sid, v in window.state.visibility.items() if v}
    assert shown == {sid for sid, g in window.state.groups.items() if g == "bone"}  # the tested layer only
    results = []
    for i in range(3):
        target = quiz.quiz.current.target
        assert window.atlas[target].display_name.lower() in quiz.prompt.text().lower()
        if i == 1:  # a wrong click: on another bone
            other = "sacrum" if target != "sacrum" else "femur_right"
            pixel = display_point(window, visible_surface_point(window, other))
        else:
            pixel = display_point(window, visible_surface_point(window, target))
        expected = window.view.pick_at(pixel.x(), window.view.interactor.height() - pixel.y())
        with qtbot.waitSignal(quiz.answered, timeout=EVENT_TIMEOUT_MS) as signal:
            click(qtbot, window, pixel)
        results.append(signal.args[0])
        assert results[-1].given == expected and window.state.selection is None  # a quiz click never selects
        quiz.next_button.click()
    assert [r.correct for r in results] == [True, False, True]
    assert "2 of 3 right" in quiz.review.toPlainText() and window.atlas[results[1].question.target].display_name in quiz.review.toPlainText()
    assert all(window.state.visibility[sid] for sid in ("skin", "gluteus_maximus_right"))  # scene given back


def test_name_it_is_played_with_the_keyboard(make_window, qtbot):
    window = make_window()
    camera_before = window.state.camera.preset
    quiz = start_quiz(window, "name", groups=("muscle",), count=3, seed=4)
    questions = quiz.quiz.questions
    assert window.view.renderer.outlines.keys() == {questions[0].target}
    assert window.state.opacity[questions[0].target] == 1.0 and window.state.opacity["piriformis_left"] < 0.5
    right = questions[0].choices.index(questions[0].target)
    qtbot.keyClick(quiz.choices.buttons[0], getattr(Qt.Key, f"Key_{right + 1}"))
    assert quiz.quiz.answers[-1].correct and "Right" in quiz.feedback.text()
    qtbot.keyClick(quiz.next_button, Qt.Key.Key_Return)
    wrong = next(i for i, c in enumerate(questions[1].choices) if c != questions[1].target)
    qtbot.keyClick(quiz.choices.buttons[0], getattr(Qt.Key, f"Key_{wrong + 1}"))
    assert not quiz.quiz.answers[-1].correct and window.atlas[questions[1].target].display_name in quiz.feedback.text()
    assert "Score 1/2 · streak 0 (best 1)" == quiz.score.text()
    assert window.state.camera.preset == camera_before  # digits answered; they did not switch views
    qtbot.keyClick(quiz.next_button, Qt.Key.Key_Return)
    qtbot.keyClick(quiz.choices.buttons[0], Qt.Key.Key_Return)  # Enter takes the focused first name
    assert len(quiz.quiz.answers) == 3 and quiz.quiz.answers[-1].given == questions[2].choices[0]
    qtbot.keyClick(quiz.next_button, Qt.Key.Key_Return)
    assert "To review" in quiz.review.toPlainText() and quiz.review.isVisible()


def test_place_it_is_scored_in_millimetres_and_reveals_the_point(make_window, qtbot):
    window = make_window()
    quiz = start_quiz(window, "place", sides=("right",), count=2, seed=1)
    assert {sid for sid, v in window.state.visibility.items() if v} == {"skin"}
    height = window.view.interactor.height()
    for offset_mm, correct in ((0.0, True), (45.0, False)):
        target = np.array(quiz.quiz.current.point)
        pixel = display_point(window, target + [0.0, 0.0, offset_mm])
        _, picked = window.view.renderer.pick_point(pixel.x(), height - pixel.y())
        with qtbot.waitSignal(quiz.answered, timeout=EVENT_TIMEOUT_MS) as signal:
            click(qtbot, window, pixel)
        answer = signal.args[0]
        assert answer.correct is correct and answer.distance_mm == pytest.approx(np.linalg.norm(picked - target), abs=2.0)  # one pixel apart at most
        assert (answer.distance_mm <= PLACE_TOLERANCE_MM) is correct
        assert "quiz_target" in window.view.interactor.actors  # the right point is shown afterwards
        quiz.next_button.click()
    assert "1 of 2 right" in quiz.review.toPlainText() and "Mean distance" in quiz.review.toPlainText()


def test_a_tour_plays_to_the_end_with_smooth_moves(make_window, qtbot):
    window = make_window()
    tours = window.tours
    tours.start("layers")
    steps = tours.tour.steps
    for index, step in enumerate(steps):
        if index:
            qtbot.keyClick(window, Qt.Key.Key_PageDown)
        qtbot.waitUntil(lambda: not tours.motion.running, timeout=EVENT_TIMEOUT_MS)
        assert tours.index == index and tours.title.text() == step.title
        assert step.text("plain").split(".")[0] in tours.text.toPlainText()
        assert {sid for sid, v in window.state.visibility.items() if v} == set(step.show)
        assert set(window.view.renderer.outlines) == set(step.highlight)
        pose = window.state.camera
        direction = np.subtract(pose.position, pose.focal_point)
        expected = np.asarray(VIEWS[step.view][0]) / np.linalg.norm(VIEWS[step.view][0])
        assert pose.preset == step.view and direction @ expected / np.linalg.norm(direction) > 0.999
    assert tours.at_end and not tours.next.isEnabled() and tours.previous.isEnabled()
    tours.professional.setChecked(True)
    assert steps[-1].text("professional").split(".")[0] in tours.text.toPlainText()
    window.state.undo()  # a step's scene is one undo step (a step that changes nothing adds none)
    earlier = next(set(s.show) for s in reversed(steps[:-1]) if set(s.show) != set(steps[-1].show))
    assert {sid for sid, v in window.state.visibility.items() if v} == earlier


def test_presentation_mode_is_full_screen_plain_and_left_with_escape(make_window, qtbot, atlas):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    bar = window.presentation
    assert window.isFullScreen() and bar.isVisible() and not window.menuBar().isVisible()
    assert not window.findChild(QDockWidget, "information_dock").isVisible()
    assert bar.caption.font().pointSizeF() >= 20 or "26pt" in bar.caption.styleSheet()
    qtbot.waitUntil(lambda: window.view.interactor.height() > 300)
    pixel = display_point(window, visible_surface_point(window, "gluteus_maximus_right"))
    click(qtbot, window, pixel)
    assert window.state.selection == "gluteus_maximus_right"
    assert bar.caption.text() == "Big buttock muscle (right)"
    plain = atlas["gluteus_maximus_right"].text("plain").split(".")[0]
    assert plain in bar.text.text() and "Musculus" not in bar.text.text() + bar.caption.text()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen() and window.menuBar().isVisible() and not bar.isVisible()
    assert window.findChild(QDockWidget, "information_dock").isVisible()


def test_handout_and_export_from_the_window(make_window, tmp_path, atlas):
    window = make_window()
    window.state.select("sciatic_nerve_right")
    pdf = window.export_handout(str(tmp_path / "nerve.pdf"))
    reader = pypdf.PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) <= 2 and "Big nerve to the leg" in text
    image = np.asarray(reader.pages[0].images[0].image.convert("RGB"), float)
    assert image.std() > 20
    window.state.set_visible(["skin", "femur_left"], False)
    files = window.export_scene(str(tmp_path / "scene.glb"))
    nodes = set(trimesh.load(files[0]).graph.nodes_geometry)
    assert nodes == {sid for sid, shown in window.state.visibility.items() if shown}
    assert "femur_left" not in nodes and "femur_right" in nodes
