"""Information panel: the selected structure's names and texts, links, and the user's notes.

Annotation Markdown is rendered without raw HTML and with no remote resources; links open only
when clicked (``structure:`` links select a structure, http/https go to the system browser).
Notes are plain text, saved automatically half a second after typing stops, on selection
change and on close.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

from explorer.atlas.markdown_html import markdown_to_html
from explorer.atlas.sciatic_variants import VARIANTS
from explorer.atlas.structure import DISCLAIMER
SAVE_DELAY_MS = 500
PREPARE_AFTER_MS = 2000

#: Pages that say which sciatic-piriformis variant is drawn.
VARIANT_SHOWN_ON = ("sciatic_nerve", "piriformis")


class QtInfoPanel(QWidget):
    """Texts of the selected structure above, the user's own notes below."""

    def __init__(self, atlas, state, notes, parent=None):
        super().__init__(parent)
        self.atlas, self.state, self.notes = atlas, state, notes
        self.current: str | None = None
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("Structure information")
        self.text.anchorClicked.connect(self._on_link)
        self.notes_label = QLabel("My notes")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("My notes for the selected structure")
        self.note_edit.setPlaceholderText("Select a structure to write your own notes about it.")
        self.note_edit.setMaximumHeight(160)
        self.note_edit.textChanged.connect(self._on_note_typed)
        self.notes_label.setBuddy(self.note_edit)
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet("color: #5a4a00; background: #fff6cc; padding: 4px; border-radius: 3px;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.disclaimer)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_note)
        state.selection_changed.connect(self.show_structure)
        self.show_structure(state.selection)
        # Lay out every structure's page while the app is idle after start-up, one per event-loop
        # turn, so the first click on a structure does not pay for it (~7 ms a page here).
        self._to_prepare = [s.id for s in atlas]
        self._prepare_timer = QTimer(self, interval=0)
        self._prepare_timer.timeout.connect(self._prepare_next_page)
        QTimer.singleShot(PREPARE_AFTER_MS, self, self._prepare_timer.start)  # dropped if the panel goes first

    @property
    def atlas(self):
        return self._atlas

    @atlas.setter
    def atlas(self, atlas) -> None:
        """Another atlas (a shared folder opened) brings other texts: the cached pages go."""
        self._atlas = atlas
        self._pages: dict[str | None, QTextDocument] = {}

    def show_structure(self, sid) -> None:
        self.save_note()
        self.current = sid
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(self.notes.get(sid) if sid else "")
        self.note_edit.setEnabled(sid is not None)
        self.note_edit.setPlaceholderText(
            "Write your own notes here; they are saved automatically." if sid else "Select a structure to write your own notes about it."
        )
        self.note_edit.blockSignals(False)
        self.text.setDocument(self._page(sid))

    def _prepare_next_page(self) -> None:
        if not self._to_prepare:
            self._prepare_timer.stop()
            return
        page = self._page(self._to_prepare.pop())
        page.setTextWidth(self.text.viewport().width())
        page.size()  # forces the layout now

    def _page(self, sid) -> QTextDocument:
        """One document per structure, made once: the texts do not change while the window is
        open, and a document keeps its layout, so showing it again costs no re-layout."""
        page = self._pages.get(sid)
        if page is None:
            page = self._pages[sid] = QTextDocument(self)
            page.setHtml(self._html(sid))
        page.setDefaultFont(self.text.font())  # the panel's text size (zoom)
        return page

    def _html(self, sid) -> str:
        if sid is None:
            return ("<h2>Gluteal Anatomy Explorer</h2><p>Click a structure in the 3D view or in the list, "
                    "or search with Ctrl+F.</p>" + markdown_to_html(self.atlas["gluteal_region"].text("plain"))
                    if "gluteal_region" in self.atlas else "")
        s = self.atlas[sid]
        esc = html.escape  # header fields are text from an editable file, never markup
        facts = [f"<b>Latin:</b> {esc(s.latin)}"]
        if s.synonyms:
            facts.append("<b>Also called:</b> " + esc(", ".join(s.synonyms)))
        if s.abbreviations:
            facts.append("<b>Abbreviations:</b> " + esc(", ".join(s.abbreviations)))
        facts.append(f"<b>FMA:</b> {s.fma_id}" if s.fma_id else "<b>FMA:</b> -")
        related = ", ".join(
            f'<a href="structure:{r}">{esc(self.atlas[r].display_name)}</a>' for r in s.related if r in self.atlas
        )
        parts = [f"<h2>{esc(s.display_name)}</h2>", "<p>" + "<br>".join(facts) + "</p>"]
        if s.base_id in VARIANT_SHOWN_ON:
            parts.append(f"<p><b>Variant shown:</b> {esc(VARIANTS[self.atlas.variant].description)} "
                         "(View &gt; Sciatic nerve variant)</p>")
        for title, key in (("Reference", "reference"), ("Clinical notes", "clinical"), ("Plain language", "plain")):
            parts.append(f"<h3>{title}</h3>" + markdown_to_html(s.text(key)))
        if related:
            parts.append(f"<h3>Related structures</h3><p>{related}</p>")
        parts.append("<h3>Sources</h3>" + markdown_to_html(s.text("sources")) + f"<p><i>Reviewed {esc(s.reviewed)}.</i></p>")
        return "\n".join(parts)

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "structure":
            target = url.path() or url.toString().removeprefix("structure:")
            if target in self.state.groups:
                self.state.select(target)
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def _on_note_typed(self) -> None:
        self._save_timer.start()

    def save_note(self) -> None:
        self._save_timer.stop()
        if self.current is not None and self.note_edit.isEnabled():
            text = self.note_edit.toPlainText()
            if text != self.notes.get(self.current):
                self.notes.set(self.current, text)

    def zoom(self, steps: int) -> None:
        """Make the panel's text larger (+) or smaller (-), for readability."""
        font = self.text.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() + steps))
        self.text.setFont(font)
        self.text.document().setDefaultFont(font)

