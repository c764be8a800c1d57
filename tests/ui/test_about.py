"""Help > About in the real window: the version and where the shown meshes come from."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer import __version__
from explorer.ui.qt_about import about_html

pytestmark = pytest.mark.gui


def test_about_box_shows_the_version_and_the_data_sources(make_window, atlas):
    window = make_window()
    about = next(a for a in window.actions() if a.text() == "About")
    seen = []

    def read_and_close():  # runs inside the box's own event loop, once it is open
        box = QApplication.activeModalWidget()
        seen.append(box.text() if isinstance(box, QMessageBox) else None)
        box.close()

    QTimer.singleShot(0, read_and_close)
    about.trigger()
    text = seen[0]
    source = json.loads((atlas.meshes_dir / "manifest.json").read_text())["source"]
    first = source[0] if isinstance(source, list) else source
    assert f"Gluteal Anatomy Explorer {__version__}" in text
    assert first["citation"] in text and "not a diagnosis" in text


def test_about_lists_every_source_of_a_manifest_with_several(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"source": [
        {"name": "Visible Human Male", "citation": "A scan collection.", "licence": "CC BY 4.0"},
        {"name": "A reference atlas", "licence": "CC BY 4.0", "url": "https://example.org/atlas"},
    ]}), encoding="utf-8")
    html = about_html(tmp_path)
    assert "Visible Human Male" in html and "A scan collection." in html and 'href="https://example.org/atlas"' in html
    assert "not stated" in about_html(tmp_path / "nowhere")
