"""Random and mutated annotation files: the parser answers with its own error or a result,
never any other exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.atlas.annotation_schema import AnnotationError, parse_annotation
from explorer.atlas.descriptors import ANNOTATIONS_DIR

GOOD = (ANNOTATIONS_DIR / "piriformis.md").read_bytes()


def check(tmp_path, data: bytes) -> None:
    path = tmp_path / "fuzz.md"
    path.write_bytes(data)
    try:
        for s in parse_annotation(path).structures():
            assert s.id and s.name
    except AnnotationError as exc:
        assert exc.problems and all(p.file == path and p.message for p in exc.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path, data):
    check(tmp_path, data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=1500))
def test_random_text_behind_a_header_opening(tmp_path, text):
    check(tmp_path, ("---\n" + text).encode("utf-8", "surrogatepass"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 3), st.binary(max_size=12)), min_size=1, max_size=6))
def test_mutated_good_file(tmp_path, edits):
    data = bytearray(GOOD)
    for position, delete, insert in edits:
        position = min(position, len(data))
        data[position : position + delete] = insert
    check(tmp_path, bytes(data))
