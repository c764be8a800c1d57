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


@pytest.mark.parametrize("change, line", [
    (dict(title="The middle buttock muscle"), 7),
    (dict(plain="Under it lies the middle buttock muscle."), 8),
    (dict(plain="|\n              Under the fat.\n              Then the middle buttock muscle."), 10),
])
def test_a_patient_text_calling_a_structure_by_another_everyday_name_is_flagged(atlas, tmp_path, change, line):
    """Gluteus medius is 'Side hip muscle' on labels and handouts; a tour's patient text must not
    call it the middle buttock muscle. Professional text may use any name."""
    path = _tour_file(tmp_path, "names", **change)
    with pytest.raises(AnnotationError) as info:
        parse_tour(path, atlas)
    assert f"{path}:{line}: " in str(info.value) and len(info.value.problems) == 1
    assert "calls gluteus_medius 'middle buttock muscle'; patient texts use its everyday name 'Side hip muscle'" in str(info.value)
    ok = _tour_file(tmp_path, "names", plain="The side hip muscles.", professional="The middle buttock muscle, gluteus medius.")
    assert parse_tour(ok, atlas).steps[0].text("plain") == "The side hip muscles."


def test_a_step_names_landmarks_for_both_sides_or_one(atlas, tmp_path):
    path = _tour_file(tmp_path, "marks", extra="landmarks: [asis, greater_trochanter_right, coccyx_tip]")
    step = parse_tour(path, atlas).steps[0]
    assert step.landmarks == (("asis", "left"), ("asis", "right"), ("greater_trochanter", "right"),
                              ("coccyx_tip", "left"), ("coccyx_tip", "right"))


def test_a_step_may_mark_the_deep_landmarks_of_the_deep_gluteal_space(atlas, tmp_path):
    """The ischial spine (where the pudendal nerve turns) and the greater sciatic notch are marked
    by the sciatic-pain tour; landmarks.json has them, and a step names them like the others."""
    path = _tour_file(tmp_path, "deep", extra="landmarks: [ischial_spine, greater_sciatic_notch_right]")
    step = parse_tour(path, atlas).steps[0]
    assert step.landmarks == (("ischial_spine", "left"), ("ischial_spine", "right"), ("greater_sciatic_notch", "right"))
    assert all(key in atlas.landmarks[side] for key, side in step.landmarks)


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
               highlight="[gluteus_maximus_right]", extra="", title="First", plain="The big muscle.",
               professional="Gluteus maximus."):
    text = textwrap.dedent(f"""\
        id: {tour_id or name}
        title: A demo tour
        summary:
          plain: Short.
          professional: Short too.
        steps:
          - title: {title}
            plain: {plain}
            view: {view}
            zoom: {zoom}
            show: {show}
            highlight: {highlight}
            {extra}
            professional: {professional}
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


def test_shipped_tours_name_what_they_highlight_as_its_label_does(atlas):
    """A structure people call by several everyday names (it lists plain_variants) is named in
    the step that highlights it by its plain_name, the name on its label and in handouts."""
    from explorer.atlas.plain_names import PlainNames

    names = PlainNames(atlas)
    tours, problems = load_tours(atlas)
    assert problems == [] and tours
    for tour in tours:
        texts = [tour.title, tour.summary["plain"]] + [t for s in tour.steps for t in (s.title, s.text("plain"))]
        assert all(names.variant_uses(t) == [] for t in texts), tour.id
        for step in tour.steps:
            words = f"{step.title}\n{step.text('plain')}".casefold()
            for sid in step.highlight:
                s = atlas[sid]
                if s.plain_variants:
                    assert s.plain_name.casefold() in words, (tour.id, step.title, s.plain_name)
