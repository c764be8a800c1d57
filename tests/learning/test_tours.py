"""Guided tours: the shipped ones validate and cover the overview's topics; broken ones are
reported with file and line and skipped."""

from __future__ import annotations

import textwrap

import pytest

from explorer.learning.tours import VIEWS, load_tours, parse_tour
from explorer.atlas.annotation_schema import AnnotationError


def test_every_shipped_tour_validates_and_its_structures_exist(atlas):
    tours, problems = load_tours(atlas)
    assert problems == []
    assert {t.id for t in tours} >= {"layers", "injection_sites", "sciatic_pain", "walking"}
    for tour in tours:
        assert tour.title and set(tour.summary) == {"plain", "professional"}
        assert 4 <= len(tour.steps) <= 8, tour.id
        for step in tour.steps:
            assert step.view in VIEWS and step.show, (tour.id, step.title)
            assert all(sid in atlas and atlas[sid].mesh for sid in step.show)
            assert set(step.highlight) <= set(step.show)
            assert step.text("plain") and step.text("professional")


def test_plain_texts_are_shorter_and_plainer_than_professional_ones(atlas):
    tours, _ = load_tours(atlas)
    for tour in tours:
        plain = " ".join(s.text("plain") for s in tour.steps)
        professional = " ".join(s.text("professional") for s in tour.steps)
        assert len(plain) < len(professional) * 1.1, tour.id
        assert "musculus" not in plain.lower()


def test_selectors_expand_paired_ids_and_groups(atlas, tmp_path):
    path = _tour_file(tmp_path, "demo", show="[gluteus_maximus, bone]", highlight="[gluteus_maximus_right]")
    tour = parse_tour(path, atlas)
    step = tour.steps[0]
    assert {"gluteus_maximus_left", "gluteus_maximus_right", "sacrum", "femur_left"} <= set(step.show)
    assert step.highlight == ("gluteus_maximus_right",)


@pytest.mark.parametrize("change, line, message", [
    (dict(view="behind"), 9, "view 'behind' is not one of"),
    (dict(show="[gluteus_maximos]"), 11, "did you mean: gluteus_maximus"),
    (dict(highlight="[piriformis_left]"), 12, "highlighted but not shown: piriformis_left"),
    (dict(extra="colour: red"), 13, "unknown key 'colour' in step 1"),
    (dict(zoom="9"), 10, "zoom must be a number from 0.5 to 4.0"),
    (dict(tour_id="other"), 1, "must be lowercase snake_case and equal the file name"),
    (dict(show="[skin"), 11, "not valid YAML"),
    (dict(extra="landmarks: [asis, trochanter_right]"), 13, "step 1 landmarks: unknown landmark 'trochanter_right'"),
])
def test_broken_tours_name_file_and_line(atlas, tmp_path, change, line, message):
    path = _tour_file(tmp_path, "broken", **change)
    with pytest.raises(AnnotationError) as info:
        parse_tour(path, atlas)
    text = str(info.value)
    assert f"{path}:{line}:" in text and message in text


def test_a_step_names_landmarks_for_both_sides_or_one(atlas, tmp_path):
    path = _tour_file(tmp_path, "marks", extra="landmarks: [asis, greater_trochanter_right, coccyx_tip]")
    step = parse_tour(path, atlas).steps[0]
    assert step.landmarks == (("asis", "left"), ("asis", "right"), ("greater_trochanter", "right"),
                              ("coccyx_tip", "left"), ("coccyx_tip", "right"))


def test_the_bony_landmarks_step_marks_landmarks(atlas):
    tour = {t.id: t for t in load_tours(atlas)[0]}["injection_sites"]
    step = next(s for s in tour.steps if s.title == "Bony landmarks")
    assert {key for key, _ in step.landmarks} >= {"asis", "psis", "greater_trochanter", "iliac_crest_summit"}
    assert all(key in atlas.landmarks[side] for key, side in step.landmarks)


def test_a_broken_tour_is_skipped_and_listed_not_fatal(atlas, tmp_path):
    _tour_file(tmp_path, "good")
    _tour_file(tmp_path, "bad", view="nowhere")
    tours, problems = load_tours(atlas, tmp_path)
    assert [t.id for t in tours] == ["good"] and len(problems) == 1 and "bad.yaml" in str(problems[0])


def _tour_file(folder, name, tour_id=None, view="posterior", zoom="1.0", show="[skin, gluteus_maximus_right]",
               highlight="[gluteus_maximus_right]", extra=""):
    text = textwrap.dedent(f"""\
        id: {tour_id or name}
        title: A demo tour
        summary:
          plain: Short.
          professional: Short too.
        steps:
          - title: First
            plain: The big muscle.
            view: {view}
            zoom: {zoom}
            show: {show}
            highlight: {highlight}
            {extra}
            professional: Gluteus maximus.
        """)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def test_validate_checks_the_tours_beside_the_annotations(capsys, tmp_path):
    import shutil

    from explorer.atlas import descriptors
    from explorer.cli import main

    folder = tmp_path / "annotations"
    shutil.copytree(descriptors.ANNOTATIONS_DIR, folder)
    assert main(["validate", str(folder)]) == 0 and "4 tours" in capsys.readouterr().out
    bad = _tour_file(folder / "tours", "bad", show="[gluteus_maximos]")
    assert main(["validate", str(folder)]) == 1
    assert f"{bad}:11: step 1 show: 'gluteus_maximos'" in capsys.readouterr().out
