"""Notes persist, survive corruption (kept aside), and export/import round-trip exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.notes import NotesStore, default_notes_path
from explorer.notes.notes_store import NotesFormatError

TRICKY = "Below it: sciatic nerve.\nÜnïcödé ✓ <b>not html</b>\n~~~~text\n  trailing spaces  \n\n"


def test_notes_survive_a_new_instance(tmp_path):
    path = tmp_path / "notes.sqlite3"
    store = NotesStore(path)
    store.set("piriformis_right", TRICKY)
    store.set("sacrum", "x")
    store.set("sacrum", "   ")  # blank text deletes
    store.close()
    again = NotesStore(path)
    assert again.get("piriformis_right") == TRICKY and again.all().keys() == {"piriformis_right"}


@pytest.mark.parametrize("suffix", [".md", ".json"])
def test_export_then_import_round_trips_exactly(tmp_path, suffix):
    store = NotesStore(tmp_path / "a.sqlite3")
    store.set("piriformis_right", TRICKY)
    store.set("sciatic_nerve_left", "~~~~~~\nfences inside\n~~~~")
    out = tmp_path / f"notes{suffix}"
    count = store.export_markdown(out, {"piriformis_right": "Piriformis (right)"}) if suffix == ".md" else store.export_json(out)
    assert count == 2
    other = NotesStore(tmp_path / "b.sqlite3")
    assert other.import_file(out) == 2
    assert other.all() == store.all()


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True), st.text(min_size=1).filter(str.strip), max_size=5))
def test_markdown_round_trip_for_any_text(tmp_path_factory, notes):
    folder = tmp_path_factory.mktemp("rt")
    store = NotesStore(folder / "a.sqlite3")
    for sid, text in notes.items():
        store.set(sid, text)
    store.export_markdown(folder / "n.md", {})
    other = NotesStore(folder / "b.sqlite3")
    other.import_file(folder / "n.md")
    assert other.all() == store.all()


def test_bad_import_names_file_and_line(tmp_path):
    bad = tmp_path / "notes.md"
    bad.write_text("# My notes\n\n## Sacrum\n<!-- note: sacrum -->\n~~~~text\nnever closed\n", encoding="utf-8")
    with pytest.raises(NotesFormatError, match=r"notes.md:5: note 'sacrum' is never closed"):
        NotesStore(tmp_path / "x.sqlite3").import_file(bad)


def test_corrupt_database_is_kept_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = NotesStore(path)
    assert store.recovered_from is not None and store.recovered_from.read_bytes().startswith(b"this is not")
    store.set("sacrum", "fresh")
    assert NotesStore(path).get("sacrum") == "fresh"


def test_default_path_is_in_the_user_data_dir(tmp_path):
    assert str(default_notes_path()).startswith(str(tmp_path / "data"))
