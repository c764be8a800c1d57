"""Search box: English or Latin name, synonym, abbreviation or a near spelling; Enter selects.

Matching is the atlas's own (exact terms first, then rapidfuzz); the completer only shows the
results, so its own prefix filtering is switched off.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit


class QtSearchBox(QLineEdit):
    """A line edit whose popup lists the atlas's best matches as the user types."""

    def __init__(self, atlas, state, parent=None):
        super().__init__(parent)
        self.atlas, self.state = atlas, state
        self.setPlaceholderText("Search structures (Ctrl+F)")
        self.setAccessibleName("Search structures")
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._ids: dict[str, str] = {}
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._choose_label)
        self.setCompleter(completer)
        self.textEdited.connect(self._update)
        self.returnPressed.connect(self.choose_best)

    def matches(self, text: str) -> list[str]:
        """Ids of the structures matching ``text``, best first (only those in the scene)."""
        return [s.id for s, _ in self.atlas.search(text, 12) if s.id in self.state.groups]

    def _update(self, text: str) -> None:
        ids = self.matches(text)
        self._ids = {self.atlas[i].display_name: i for i in ids}
        self._model.setStringList(list(self._ids))

    def _choose_label(self, label: str) -> None:
        if label in self._ids:
            self.state.select(self._ids[label])

    def choose_best(self) -> None:
        ids = self.matches(self.text())
        if ids:
            self.state.select(ids[0])
            self.completer().popup().hide()
