"""The annotation parser: valid files load; each kind of mistake is named with file and line."""

from __future__ import annotations

import textwrap

import pytest

from explorer.atlas.annotation_schema import AnnotationError, parse_annotation

GOOD = textwrap.dedent(
    """\
    ---
    id: test_muscle
    sides: [left, right]
    name: Test muscle
    latin: Musculus testis
    synonyms: [tester]
    fma_id: 123
    group: muscle
    colour: "#aa3322"
    mesh: "test_muscle_{side}.vtp"
    reviewed: 2026-11-25
    ---
    # Reference
    Text.
    ## Origin
    Here.
    ## Insertion
    There.
    ## Innervation
    A nerve.
    ## Action
    Moves.
    # Clinical notes
    Notes.
    # Plain language
    Simple.
    # Sources
    - A book.
    """
)


def write(tmp_path, text, name="test_muscle.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path):
    with pytest.raises(AnnotationError) as info:
        parse_annotation(path)
    return info.value.problems


def test_good_file_gives_one_structure_per_side(tmp_path):
    structures = parse_annotation(write(tmp_path, GOOD)).structures()
    assert [s.id for s in structures] == ["test_muscle_left", "test_muscle_right"]
    assert structures[1].mesh == "test_muscle_right.vtp"
    assert structures[0].text("plain") == "Simple."
    assert "## Origin" in structures[0].text("reference")


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('colour: "#aa3322"', "colour: reddish", 9, "not a '#rrggbb' colour"),
        ("fma_id: 123", "fma_id: abc", 7, "fma_id"),
        ("synonyms: [tester]", "synonym: [tester]", 6, "unknown key 'synonym'"),
        ("group: muscle", "group: organ", 8, "group 'organ'"),
        ("id: test_muscle", "id: test_muscle_right", 2, "must not end in _left/_right"),
        ('mesh: "test_muscle_{side}.vtp"', 'mesh: "../../etc/passwd.vtp"', 10, "plain file name"),
        ("reviewed: 2026-11-25", "reviewed: last week", 11, "YYYY-MM-DD"),
        ("name: Test muscle", "name: [a, b", 4, "not valid YAML"),
    ],
)
def test_header_mistakes_are_named_with_their_line(tmp_path, old, new, line, words):
    path = write(tmp_path, GOOD.replace(old, new))
    problems = problems_of(path)
    assert any(p.line == line and words in p.message for p in problems), problems
    assert all(p.file == path for p in problems)


def test_missing_section_and_missing_muscle_subsection(tmp_path):
    text = GOOD.replace("# Plain language\nSimple.\n", "").replace("## Innervation\nA nerve.\n", "")
    messages = [p.message for p in problems_of(write(tmp_path, text))]
    assert "missing section '# Plain language'" in messages
    assert any("'## Innervation'" in m for m in messages)


def test_unclosed_header_and_non_utf8(tmp_path):
    assert "never closed" in problems_of(write(tmp_path, GOOD.replace("---\n# Reference", "# Reference")))[0].message
    path = tmp_path / "latin1.md"
    path.write_bytes(GOOD.replace("Simple.", "Gr\xfc\xdfe").encode("latin-1"))
    problem = problems_of(path)[0]
    assert "not UTF-8" in problem.message and problem.line == GOOD.splitlines().index("Simple.") + 1


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = write(tmp_path, GOOD + "x" * (600 * 1024))
    assert "limit" in problems_of(path)[0].message


def test_fascia_is_a_group_of_its_own(tmp_path):
    """The iliotibial tract and gluteal aponeurosis are fascia: neither muscle (no Origin or
    Insertion subsections asked) nor soft tissue (skin and fat)."""
    text = GOOD.replace("group: muscle", "group: fascia").replace("## Origin\nHere.\n", "")
    assert parse_annotation(write(tmp_path, text)).structures()[0].group == "fascia"
