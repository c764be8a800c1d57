"""The F1 list of keyboard shortcuts, in two columns and never taller than the screen.

The window has some forty shortcuts: one row each is taller than a laptop's screen, so the
title and the OK button would land off it. The list is set in two columns, in a scrolling
view, and the dialog takes at most the screen's available height.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

#: Share of the screen's available area the dialog may take at most.
MAX_SCREEN_SHARE = 0.9
MOUSE = ("Mouse: drag to rotate, right-drag or wheel to zoom, middle-drag to pan; click selects, "
         "double-click focuses.")


class QtShortcutsDialog(QDialog):
    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), a.text().replace("&", ""))
                for a in actions if not a.shortcut().isEmpty()]
        half = (len(rows) + 1) // 2
        cells = [
            "<td width=24></td>".join(f"<td><b>{html.escape(key)}</b></td><td>{html.escape(text)}</td>" for key, text in pair)
            for pair in zip(rows[:half], rows[half:] + [("", "")])
        ]
        self.text = QTextBrowser()
        self.text.setAccessibleName("Keyboard shortcuts")
        self.text.setHtml(f"<table cellpadding=3>{''.join(f'<tr>{c}</tr>' for c in cells)}</table><p>{html.escape(MOUSE)}</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """As large as the table (both columns side by side), within the screen's free area."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        doc = self.text.document()
        doc.setTextWidth(-1)  # the table's natural width, before any wrapping
        width = min(int(doc.idealWidth()) + 60, int(screen.width() * MAX_SCREEN_SHARE))
        doc.setTextWidth(width - 60)
        height = min(int(doc.size().height()) + 90, int(screen.height() * MAX_SCREEN_SHARE))
        self.resize(width, height)
        self.move(screen.center() - self.rect().center())
