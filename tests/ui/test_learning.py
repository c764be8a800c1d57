"""Quizzes, tours, presentation mode, handout and export, driven in the real window."""

from __future__ import annotations

import numpy as np
import pypdf
import pytest
import trimesh
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget

from explorer.learning.quiz import PLACE_TOLERANCE_MM
from explorer.render.appearance import VIEWS
from tests.conftest import EVENT_TIMEOUT_MS
from tests.ui.conftest import click, display_point, shown_share, visible_surface_point

pytestmark = pytest.mark.gui


def start_quiz(window, mode: str, groups=("bone",), sides=("right",), count=3, seed=2):
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
    assert quiz.score.text().startswith("Score 1/2 · streak 0 (best 1)")
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
    for offset_mm, correct in ((0.0, True), (-45.0, False)):  # (45 mm below: still on the skin, which ends 35 mm above the crest)
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
    assert plain in bar.text.toPlainText() and "Musculus" not in bar.text.toPlainText() + bar.caption.text()
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


def test_each_quiz_is_new_shows_its_seed_and_starts_with_no_score(make_window, qtbot):
    window = make_window()
    quiz = start_quiz(window, "find", count=4, seed=0)  # 0 shows as "Random"
    assert quiz.seed.text() == "Random"
    first = quiz.quiz
    assert str(first.seed) in quiz.score.text() and "Score" not in quiz.score.text()
    with qtbot.waitSignal(quiz.answered, timeout=3000):  # an answer, right or wrong: the sacrum
        click(qtbot, window, display_point(window, visible_surface_point(window, "sacrum")))
    assert quiz.score.text().startswith(f"Score {int(first.answers[0].correct)}/1")
    others = [start_quiz(window, "find", count=4, seed=0).quiz for _ in range(3)]
    assert "Score" not in quiz.score.text() and str(others[-1].seed) in quiz.score.text()  # the old score is gone
    assert len({tuple(q.target for q in run.questions) for run in [first, *others]}) > 1  # not the same quiz each time
    again = start_quiz(window, "find", count=4, seed=first.seed).quiz
    assert again.questions == first.questions  # its seed asks the same questions again


def test_a_click_on_the_background_is_not_an_answer(make_window, qtbot):
    window = make_window()
    quiz = start_quiz(window, "find", count=1)
    click(qtbot, window, QPoint(5, 5))  # a corner of the view: background only
    assert quiz.quiz.answers == [] and "background" in quiz.feedback.text() and not quiz.next_button.isVisible()
    assert "You chose nothing" not in quiz.feedback.text()
    quiz.quiz.answer_structure(None)  # a question passed over (the quiz's own API) ...
    quiz.next_button.click()
    review = quiz.review.toPlainText()
    assert "0 of 1 right" in review and "not answered" in review and "no answer" not in review  # ... reads plainly


def test_the_iliac_crest_is_placed_on_its_line_and_the_markers_are_explained(make_window, qtbot):
    window = make_window()
    quiz = start_quiz(window, "place", sides=("right",), count=8, seed=3)
    height = window.view.interactor.height()
    while quiz.quiz.current.target != "iliac_crest_summit:right":  # answer the others at their point
        with qtbot.waitSignal(quiz.answered, timeout=3000):
            click(qtbot, window, display_point(window, quiz.quiz.current.point))
        quiz.next_button.click()
    q = quiz.quiz.current
    # The point on the crest line farthest from its summit that the view shows (it is picked).
    candidates = sorted(q.line, key=lambda p: -np.linalg.norm(p - q.point))
    for point in candidates:
        pixel = display_point(window, point)
        _, picked = window.view.renderer.pick_point(pixel.x(), height - pixel.y())
        if picked is not None and np.linalg.norm(picked - point) < 3:
            break
    assert np.linalg.norm(point - q.point) > PLACE_TOLERANCE_MM  # scored against the summit alone, wrong
    with qtbot.waitSignal(quiz.answered, timeout=3000) as signal:
        click(qtbot, window, pixel)
    assert signal.args[0].correct and signal.args[0].distance_mm < 5
    assert "line" in quiz.feedback.text() and quiz.legend.isVisible()
    assert "your click" in quiz.legend.text() and "where it is" in quiz.legend.text()
    assert "quiz_target" in window.view.interactor.actors


def test_the_bony_landmarks_step_labels_the_landmarks_facing_the_camera(make_window, qtbot):
    window = make_window()
    tours = window.tours
    tours.start("injection_sites")
    index = next(i for i, s in enumerate(tours.tour.steps) if s.title == "Bony landmarks")
    tours.go(index)
    qtbot.waitUntil(lambda: not tours.motion.running, timeout=5000)
    assert window.state.camera.preset == "right"
    texts = window.view.labels.texts
    assert {"ASIS (right)", "Greater trochanter (right)", "Iliac crest (right)"} <= set(texts)
    assert not [t for t in texts if "(left)" in t]  # the far side's landmarks face away: not labelled over this side
    assert len(window.view.landmarks.drawn) == len(texts)  # each labelled landmark is marked too
    tours.go(next(i for i, s in enumerate(tours.tour.steps) if not s.landmarks))  # a step without them clears them
    qtbot.waitUntil(lambda: not tours.motion.running, timeout=5000)
    assert not [t for t in window.view.labels.texts if "(right)" in t or "(left)" in t]


def test_landmark_labels_from_behind_name_each_once_and_skip_the_front(make_window, qtbot):
    window = make_window()
    window.view.show_preset("posterior")
    window.findChild(QDockWidget, "planner_dock").raise_()
    window.planner.markers.setChecked(True)
    texts = window.view.labels.texts
    assert texts.count("Coccyx tip") == 1 and not [t for t in texts if "(L)" in t or "(R)" in t]  # midline: no side
    for name in ("Ischial tuberosity", "Gluteal fold", "PSIS", "Greater trochanter"):
        assert {f"{name} (right)", f"{name} (left)"} <= set(texts), name
    assert not [t for t in texts if t.startswith("ASIS")]  # at the front: not drawn over the back of the buttock
    labelled = [a for a in window.view.labels.actors if hasattr(a, "GetInput")]
    assert len(labelled) == len(texts)  # every label drawn, none dropped


def test_presentation_text_is_never_cut_off_and_the_model_fills_the_screen(make_window, qtbot, atlas):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    bar = window.presentation
    screen = window.screen().geometry()
    assert window.isFullScreen()
    window.setGeometry(screen)  # what a window manager does for full screen (Xvfb runs none)
    qtbot.waitUntil(lambda: window.view.interactor.width() > 0.9 * screen.width(), timeout=5000)
    qtbot.waitUntil(lambda: shown_share(window) > 0.85, timeout=5000)  # not a quarter of the screen
    window.state.select("sciatic_nerve_right")
    text = bar.text
    paragraphs = [p for p in atlas["sciatic_nerve_right"].text("plain").split("\n\n") if p.strip()]
    assert " ".join(paragraphs[0].split())[:80] in " ".join(text.toPlainText().split())
    exit_button = bar.buttons["exit"]

    def text_above_buttons() -> bool:  # once the layout has taken the text's new height
        return text.mapTo(bar, text.rect().bottomLeft()).y() < exit_button.mapTo(bar, exit_button.rect().topLeft()).y()

    qtbot.waitUntil(text_above_buttons, timeout=5000)
    assert text.isVisible() and exit_button.isVisible()
    scroll = text.verticalScrollBar()
    whole = text.document().size().height() <= text.viewport().height() + 1
    assert whole or (scroll.isVisible() and scroll.maximum() > 0)  # all shown, or it scrolls to the rest
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
