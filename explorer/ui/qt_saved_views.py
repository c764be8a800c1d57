"""Saved views dock: a list of named views with thumbnails; double-click or Enter restores (on
the body the view was saved on)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from explorer.scene.saved_views import SavedViews

THUMBNAIL = QSize(160, 110)


class QtSavedViews(QListWidget):
    """Shows SavedViews; restoring goes through SceneState (one undo step)."""

    def __init__(self, store: SavedViews, view, parent=None):
        super().__init__(parent)
        self.store, self.view = store, view
        #: ``choose_body(body, then)``: show a body, then call ``then`` (the window's Body choice);
        #: a view saved on the other body is restored on that body.
        self.choose_body = None
        self.setAccessibleName("Saved views")
        self.setIconSize(THUMBNAIL)
        self.itemActivated.connect(lambda item: self.restore(item.text()))
        self.reload()

    def reload(self) -> None:
        self.clear()
        for saved in self.store.list():
            item = QListWidgetItem(saved.name)
            if saved.thumbnail and saved.thumbnail.is_file():
                item.setIcon(QIcon(str(saved.thumbnail)))
            self.addItem(item)

    def save_current(self, name: str) -> None:
        """Store the current state under ``name`` with a thumbnail of the view."""
        thumb = self.store.thumbnail_path(name)
        thumb.parent.mkdir(parents=True, exist_ok=True)
        self.view.interactor.screenshot(str(thumb))
        QImage(str(thumb)).scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation).save(str(thumb))
        self.store.save(name, self.view.state.snapshot(), Path(thumb), self.view.state.body)
        self.reload()

    def restore(self, name: str) -> None:
        saved = self.store.get(name)
        if saved.body != self.view.state.body and self.choose_body is not None:
            self.choose_body(saved.body, lambda: self.view.state.restore(saved.snapshot))
        else:
            self.view.state.restore(saved.snapshot)

    def delete_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            self.store.delete(item.text())
            self.reload()
