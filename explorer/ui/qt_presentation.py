"""Presentation mode's control bar: large plain words under a full-screen view.

For a session with a patient: the clinician points by clicking (the structure is outlined and
its everyday name and plain-language text appear in large type), steps through a tour with
Page Up/Down or the big buttons, and leaves with Esc. No Latin, no menus, no panels.

The text area grows with its text up to ``MAX_TEXT_SHARE`` of the screen, then scrolls: a long
text is never cut off behind the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from explorer.atlas.markdown_html import markdown_to_html
from explorer.atlas.structure import DISCLAIMER

CAPTION_PT = 26
TEXT_PT = 18
BUTTON_PT = 16
#: Labels on the view (landmarks, L) while presenting: read from across a room (pixels).
PRESENTATION_LABEL_PX = 24
#: Plain texts can run to several paragraphs; the bar shows the first ones that fit a glance.
MAX_PARAGRAPHS = 2
#: The text area takes at most this share of the screen's height (the model keeps the rest).
MAX_TEXT_SHARE = 0.3


class QtPresentationBar(QWidget):
    exit_requested = Signal()

    def __init__(self, atlas, view, tours, parent=None):
        super().__init__(parent)
        self.atlas, self.view, self.tours = atlas, view, tours
        self.setObjectName("presentation_bar")
        self.setStyleSheet(f"#presentation_bar {{ background: #fbfaf6; }} QPushButton {{ font-size: {BUTTON_PT}pt; padding: 8px 18px; }}")
        self.caption = QLabel("Click any part to see what it is.")
        self.caption.setStyleSheet(f"font-size: {CAPTION_PT}pt; font-weight: bold; color: #1d1d1d;")
        self.caption.setAccessibleName("What is shown")
        self.text = QTextBrowser()
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the window's shortcuts
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.text.setStyleSheet(f"font-size: {TEXT_PT}pt; color: #222; background: transparent;")
        self.text.setAccessibleName("Explanation in plain words")
        self.note = QLabel(DISCLAIMER)
        self.note.setStyleSheet("font-size: 11pt; color: #6b5a00;")
        self.buttons = {}
        row = QHBoxLayout()
        for key, label in (("previous", "◀ Back"), ("next", "Next ▶"), ("behind", "From behind"), ("side", "From the side"),
                           ("reset", "Start again"), ("exit", "Exit (Esc)")):
            button = QPushButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the window's shortcuts
            self.buttons[key] = button
            row.addWidget(button)
        row.insertStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.buttons["previous"].clicked.connect(lambda: tours.go(tours.index - 1))
        self.buttons["next"].clicked.connect(lambda: tours.go(tours.index + 1))
        self.buttons["behind"].clicked.connect(lambda: view.show_preset("posterior"))
        self.buttons["side"].clicked.connect(lambda: view.show_preset("right"))
        self.buttons["reset"].clicked.connect(self._reset)
        self.buttons["exit"].clicked.connect(self.exit_requested)
        view.state.selection_changed.connect(self.show_structure)
        tours.step_shown.connect(self.show_step)

    def refresh(self) -> None:
        """Show what is on screen now: the tour step, else the selection, else a hint."""
        tour_running = self.tours.tour is not None and self.tours.index >= 0
        self.buttons["previous"].setVisible(tour_running)
        self.buttons["next"].setVisible(tour_running)
        if self.view.state.selection:
            self.show_structure(self.view.state.selection)
        elif tour_running:
            self.show_step(self.tours.index)

    def show_structure(self, sid) -> None:
        if not sid or not self.isVisible():  # refresh() catches up when presentation starts
            return
        s = self.atlas[sid]
        self.caption.setText(s.plain_display_name)
        paragraphs = [p for p in s.text("plain").split("\n\n") if p.strip()][:MAX_PARAGRAPHS]
        self._set_text(markdown_to_html("\n\n".join(paragraphs)))

    def show_step(self, index: int) -> None:
        step = self.tours.tour.steps[index]
        self.caption.setText(f"{step.title}  ({index + 1}/{len(self.tours.tour.steps)})")
        self._set_text(markdown_to_html(step.text("plain")))
        self.buttons["previous"].setEnabled(index > 0)
        self.buttons["next"].setEnabled(index < len(self.tours.tour.steps) - 1)

    def _set_text(self, html_text: str) -> None:
        self.text.setHtml(html_text)
        self._fit_text()

    def _fit_text(self) -> None:
        """As tall as the text, up to MAX_TEXT_SHARE of the screen; beyond that it scrolls."""
        doc = self.text.document()
        doc.setTextWidth(self.text.viewport().width())
        wanted = int(doc.size().height()) + 2 * self.text.frameWidth() + 6
        screen = self.screen().availableGeometry().height() if self.screen() else 1000
        self.text.setFixedHeight(max(min(wanted, int(screen * MAX_TEXT_SHARE)), 2 * TEXT_PT))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_text()  # a new width wraps the text anew

    def _reset(self) -> None:
        if self.tours.tour is not None:
            self.tours.go(0)
        else:
            self.view.state.show_all()
            self.view.state.select(None)
            self.view.show_preset("posterior")
