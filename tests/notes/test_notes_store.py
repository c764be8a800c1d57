"""Notes persist across store instances, export to Markdown, and stay plain text."""

from __future__ import annotations

from explorer.notes import NotesStore, default_notes_path


def test_notes_survive_a_new_instance_and_export(tmp_path):
    path = tmp_path / "notes.sqlite3"
    store = NotesStore(path)
    store.set("piriformis_right", "Below it: sciatic nerve.\nÜnïcödé ✓ <b>not html</b>")
    store.set("sacrum", "x")
    store.set("sacrum", "")  # empty text deletes
    store.close()
    again = NotesStore(path)
    assert again.get("piriformis_right").endswith("<b>not html</b>")
    assert again.all().keys() == {"piriformis_right"}
    out = tmp_path / "notes.md"
    assert again.export_markdown(out, {"piriformis_right": "Piriformis (right)"}) == 1
    text = out.read_text(encoding="utf-8")
    assert "## Piriformis (right)" in text and "Ünïcödé ✓" in text


def test_default_path_is_in_the_user_data_dir(tmp_path):
    assert str(default_notes_path()).startswith(str(tmp_path / "data"))
