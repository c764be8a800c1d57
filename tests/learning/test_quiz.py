"""Quizzes score right and wrong answers, keep streaks, and repeat with the same seed."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.learning.quiz import PLACE_TOLERANCE_MM, QUIZ_LAYERS, Quiz, place_quiz, structure_quiz


def test_the_same_seed_gives_the_same_quiz_and_another_seed_another(atlas):
    a, b = structure_quiz(atlas, "name", seed=7), structure_quiz(atlas, "name", seed=7)
    assert a.questions == b.questions
    assert structure_quiz(atlas, "name", seed=8).questions != a.questions


def test_name_it_offers_four_different_names_one_of_them_right(atlas):
    quiz = structure_quiz(atlas, "name", count=12, seed=1)
    for q in quiz.questions:
        names = {atlas[c].display_name for c in q.choices}
        assert len(q.choices) == 4 and len(names) == 4 and q.target in q.choices


def test_layers_and_sides_limit_what_is_asked(atlas):
    quiz = structure_quiz(atlas, "find", groups=("muscle",), sides=("left",), count=50, seed=2)
    assert quiz.questions and all(atlas[q.target].group == "muscle" and atlas[q.target].side == "left" for q in quiz.questions)
    muscles_left = [s for s in atlas.structures.values() if s.group == "muscle" and s.side == "left"]
    assert len(quiz.questions) == len(muscles_left) == 16  # sixteen muscles on a side: each asked once
    with pytest.raises(ValueError, match="no structure matches"):
        structure_quiz(atlas, "find", groups=("region",))  # the buttock as a region has no mesh to click


def test_every_drawn_structure_can_be_asked_in_some_layer_except_skin_and_fat(atlas):
    """The deep gluteal space's ligaments, the fascia and the trochanteric bursa are quizzed too:
    each drawn structure is in one of the window's layers, and a layer asks every one of its own."""
    layers = {g for groups in QUIZ_LAYERS.values() for g in groups}
    left_out = {s.base_id for s in atlas if s.mesh and s.group not in layers and s.base_id not in layers}
    assert left_out == {"skin", "subcutaneous_fat"}
    quiz = structure_quiz(atlas, "find", groups=QUIZ_LAYERS["fascia and bursa"] + QUIZ_LAYERS["ligament"], count=50, seed=5)
    asked = {atlas[q.target].base_id for q in quiz.questions}
    assert asked == {"iliotibial_tract", "gluteal_aponeurosis", "trochanteric_bursa", "sacrotuberous_ligament", "sacrospinous_ligament"}
    nerves = {atlas[q.target].base_id for q in structure_quiz(atlas, "find", groups=QUIZ_LAYERS["nerve"], count=50, seed=5).questions}
    assert {"pudendal_nerve", "posterior_femoral_cutaneous_nerve", "nerve_to_quadratus_femoris"} <= nerves


def test_score_streak_and_mistakes(atlas):
    quiz = structure_quiz(atlas, "find", count=5, seed=3)
    targets = [q.target for q in quiz.questions]
    wrong = next(s.id for s in atlas if s.mesh and s.id != targets[2])
    results = [quiz.answer_structure(targets[0]), quiz.answer_structure(targets[1]),
               quiz.answer_structure(wrong), quiz.answer_structure(targets[3]), quiz.answer_structure(None)]
    assert [r.correct for r in results] == [True, True, False, True, False]
    assert quiz.finished and quiz.score == 3 and quiz.best_streak == 2 and quiz.streak == 0
    assert [m.question.target for m in quiz.mistakes] == [targets[2], targets[4]]
    assert quiz.mistakes[0].given == wrong
    with pytest.raises(RuntimeError):
        quiz.answer_structure(targets[0])


def test_place_it_is_scored_by_distance_on_the_skin(atlas, mesh):
    skin = np.asarray(mesh("skin").points)
    quiz = place_quiz(atlas, skin, targets=("ventrogluteal_point", "greater_trochanter"), sides=("right",), seed=0)
    assert {q.target for q in quiz.questions} == {"ventrogluteal_point:right", "greater_trochanter:right"}
    first = quiz.current
    target = np.array(first.point)
    assert np.min(np.linalg.norm(skin - target, axis=1)) == 0.0  # the right answer is on the skin
    near = quiz.answer_point(target + [0.0, 0.0, PLACE_TOLERANCE_MM - 1])
    far = quiz.answer_point(np.array(quiz.current.point) + [0.0, 40.0, 30.0])
    assert near.correct and near.distance_mm == pytest.approx(PLACE_TOLERANCE_MM - 1)
    assert not far.correct and far.distance_mm == pytest.approx(50.0)
    assert quiz.score == 1 and quiz.finished


def test_a_question_only_takes_its_own_kind_of_answer(atlas, mesh):
    quiz = place_quiz(atlas, np.asarray(mesh("skin").points), seed=0)
    with pytest.raises(ValueError, match="'place'"):
        quiz.answer_structure("sacrum")


def test_without_a_seed_each_quiz_is_new_and_keeps_its_seed_to_repeat(atlas):
    quizzes = [structure_quiz(atlas, "find", count=8) for _ in range(4)]
    assert len({tuple(q.target for q in quiz.questions) for quiz in quizzes}) > 1  # not the same questions each time
    for quiz in quizzes[:2]:
        assert quiz.seed is not None and structure_quiz(atlas, "find", count=8, seed=quiz.seed).questions == quiz.questions
    assert structure_quiz(atlas, "find", seed=7).seed == 7


def _skin_near(skin: np.ndarray, point) -> np.ndarray:
    return skin[np.argmin(np.linalg.norm(skin - point, axis=1))]


def test_the_iliac_crest_is_scored_against_its_line_not_one_point(atlas, mesh):
    skin = np.asarray(mesh("skin").points)
    quiz = place_quiz(atlas, skin, targets=("iliac_crest_summit",), sides=("right",), count=1, seed=1)
    q = quiz.questions[0]
    assert q.shape == "line"
    # A point on the skin over the crest, far along it from the summit (the old single answer).
    crest = np.asarray(atlas.landmarks["right"]["iliac_crest"])
    far_end = max((_skin_near(skin, c) for c in crest), key=lambda p: np.linalg.norm(p - q.point))
    assert np.linalg.norm(far_end - q.point) > 2 * PLACE_TOLERANCE_MM
    answer = quiz.answer_point(far_end)
    assert answer.correct and answer.distance_mm < 3.0
    again = Quiz(quiz.questions)
    off = again.answer_point(far_end + [0.0, 0.0, 45.0])  # a hand's breadth above the crest
    assert not off.correct and off.distance_mm > PLACE_TOLERANCE_MM


def test_an_injection_zone_is_scored_as_an_area(atlas, mesh):
    skin = np.asarray(mesh("skin").points)
    zone = mesh("ventrogluteal_site_right")
    triangles = np.asarray(zone.points)[zone.faces.reshape(-1, 4)[:, 1:]]
    quiz = place_quiz(atlas, skin, targets=("ventrogluteal_point",), sides=("right",), count=1, seed=1,
                      zones={"ventrogluteal_site_right": triangles})
    q = quiz.questions[0]
    assert q.shape == "area"
    # Skin under the zone, near its edge: well inside the zone but far from its centre point.
    inner = np.asarray(zone.points)
    centre = np.asarray(q.point)
    edge = inner[np.argsort(np.linalg.norm(inner - centre, axis=1))[int(len(inner) * 0.65)]]  # (not the rim: the skin vertex nearest a rim point may lie outside)
    click = _skin_near(skin, edge)
    assert np.linalg.norm(click - centre) > PLACE_TOLERANCE_MM
    answer = quiz.answer_point(click)
    assert answer.correct and answer.distance_mm == 0.0
    # Skin 40-60 mm from the zone's nearest vertex: outside, and that far (less the zone's lift).
    gap = np.array([np.min(np.linalg.norm(inner - p, axis=1)) for p in skin[::7]])
    away = skin[::7][(gap > 40) & (gap < 60)][0]
    outside = Quiz(quiz.questions).answer_point(away)
    assert not outside.correct and 35 < outside.distance_mm < 60
