"""Annotation text cannot inject markup, scripts or remote loads; links open only on click,
only http(s), in the system browser; notes stay plain text."""

from __future__ import annotations

import shutil

import pytest

from explorer.atlas import load_atlas
from explorer.atlas.markdown_html import markdown_to_html


def test_markdown_renders_no_raw_html_scripts_images_or_unsafe_links():
    out = markdown_to_html(
        "<script>alert(1)</script> <img src=http://evil/x.png> ![pic](http://evil/y.png)\n\n"
        "[js](javascript:alert(1)) [file](file:///etc/passwd) [ok](https://example.org)"
    )
    assert "<script" not in out and "<img" not in out
    assert 'href="javascript' not in out and 'href="file' not in out
    assert '<a href="https://example.org">ok</a>' in out


@pytest.mark.gui
def test_panel_escapes_header_fields_and_opens_only_web_links_on_click(make_window, tmp_path, monkeypatch, qtbot):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    window = make_window()
    window.state.select("sacrum")
    for url in ("file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x"):
        window.panel.text.anchorClicked.emit(QUrl(url))
    assert opened == []
    window.panel.text.anchorClicked.emit(QUrl("https://example.org/ref"))
    assert opened == ["https://example.org/ref"]

    folder = tmp_path / "ann"
    shutil.copytree(window.atlas["sacrum"].source_file.parent, folder)
    text = (folder / "sacrum.md").read_text(encoding="utf-8")
    (folder / "sacrum.md").write_text(text.replace("latin: ", 'latin: "<img src=http://evil/x.png> <b>bold</b>" #', 1), encoding="utf-8")
    hostile = load_atlas(folder)
    window.panel.atlas = hostile
    window.panel.show_structure("sacrum")
    html = window.panel.text.toHtml()
    assert "evil" in window.panel.text.toPlainText() and "<img" not in html and "&lt;b&gt;bold" in html.replace("&amp;", "&")


@pytest.mark.gui
def test_notes_show_markup_literally(make_window):
    from PySide6.QtWidgets import QPlainTextEdit

    window = make_window()
    window.notes.set("sacrum", "<b>not bold</b> <img src=http://evil/x.png>")
    window.state.select("sacrum")
    assert isinstance(window.panel.note_edit, QPlainTextEdit)  # has no rich-text mode at all
    assert window.panel.note_edit.toPlainText() == "<b>not bold</b> <img src=http://evil/x.png>"
