"""Every kind of broken annotation or mesh file gets one clear message with file and line,
and everything valid still loads: in `validate` and in the window."""

from __future__ import annotations

import pytest

from explorer.atlas import load_atlas
from explorer.cli import main

#: corpus file -> (line, words the message must contain)
EXPECTED = {
    "malformed_header.md": (3, "metadata header is not valid YAML"),
    "wrong_types.md": (9, "'synonyms' must be a list of non-empty texts"),
    "unknown_key.md": (9, "unknown key 'colour_name'"),
    "sacrum_copy.md": (2, "duplicate id 'sacrum' (also in sacrum.md)"),
    "missing_mesh.md": (7, "mesh file 'no_such_mesh.vtp' not found"),
    "escaping_mesh.md": (7, "must be a plain file name in meshes/"),
    "absolute_mesh.md": (7, "must be a plain file name in meshes/"),
    "linked_mesh.md": (7, "mesh 'corpus_link.vtp' leaves the mesh folder"),
    "non_utf8.md": (11, "is not UTF-8 text (byte 0xfc)"),
    "enormous.md": (0, "the limit is 524288"),
    "bad_colour.md": (6, "colour '#12345' is not a '#rrggbb' colour"),
    "unknown_related.md": (9, "related structure 'no_such_structure' does not exist"),
    "no_sections.md": (10, "missing section '# Reference'"),
    "mesh_truncated.md": (7, "corpus_truncated.vtp: cannot be read as a mesh (truncated or corrupt file)"),
    "mesh_corrupt.md": (7, "corpus_corrupt.vtp: cannot be read as a mesh (truncated or corrupt file)"),
    "mesh_nan.md": (7, "corpus_nan.vtp: mesh has NaN or infinite coordinates"),
    "mesh_empty.md": (7, "corpus_empty.vtp: mesh is empty"),
    "mesh_far.md": (7, "outside the region"),
    "mesh_not_vtp.md": (7, "corpus_not_vtp.vtp: not a VTK XML PolyData (.vtp) file"),
}


def test_validate_lists_every_problem_with_file_and_line(mixed_atlas_dirs, capsys):
    annotations, meshes = mixed_atlas_dirs
    code = main(["--meshes", str(meshes), "validate", str(annotations)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    for name, (line, words) in EXPECTED.items():
        prefix = f"{annotations / name}:{line}: " if line else f"{annotations / name}: "
        assert any(l.startswith(prefix) and words in l for l in lines), (name, [l for l in lines if name in l])


def test_every_valid_structure_still_loads(mixed_atlas_dirs, atlas):
    annotations, meshes = mixed_atlas_dirs
    mixed = load_atlas(annotations, meshes)
    assert set(atlas.structures) <= set(mixed.structures)
    assert mixed["sacrum"].source_file.name == "sacrum.md"  # the original wins over the copy


@pytest.mark.gui
def test_the_window_opens_with_the_corpus_and_shows_the_problems(mixed_atlas_dirs, qtbot, tmp_path, atlas):
    from PySide6.QtCore import QSettings

    from explorer.notes import NotesStore
    from explorer.ui.qt_app import create_window, make_application

    make_application()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    annotations, meshes = mixed_atlas_dirs
    window = create_window(load_atlas(annotations, meshes), NotesStore(tmp_path / "notes.sqlite3"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    shown = [window.problems.item(i).text() for i in range(window.problems.count())]
    for name, (_, words) in EXPECTED.items():
        assert any(name in m and words in m for m in shown) or any(words in m and name.removesuffix(".md") in m for m in shown), name
    assert window.problems.isVisible()
    assert set(s.id for s in atlas if s.mesh) <= set(window.view.renderer.actors)
    assert "problem(s) found" in window.statusBar().currentMessage()
    window.close()
    window.notes.close()


@pytest.mark.gui
def test_a_corrupt_notes_database_is_kept_and_the_user_told(qtbot, tmp_path, atlas):
    from PySide6.QtCore import QSettings

    from explorer.notes import NotesStore
    from explorer.ui.qt_app import create_window, make_application

    make_application()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    window = create_window(atlas, NotesStore(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    shown = [window.problems.item(i).text() for i in range(window.problems.count())]
    kept = window.notes.recovered_from
    assert kept.exists() and kept.read_bytes().startswith(b"\x00garbage")
    assert any("notes database could not be read" in m and str(kept) in m for m in shown)
    assert window.problems.isVisible()
    window.close()
    window.notes.close()
