"""Start the desktop app: QApplication, a progress dialog while meshes load, the window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QProgressDialog

from explorer.desktop_entry import APP_ID, ICON_SVG
from explorer.notes import NotesStore
from explorer.ui.qt_main_window import QtMainWindow

ORGANISATION = "gluteal-anatomy-explorer"
APPLICATION = "Gluteal Anatomy Explorer"


def make_application(argv=None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland and task bars match the window to the menu entry
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setWindowIcon(QIcon(str(ICON_SVG)))
    return app


def create_window(atlas, notes: NotesStore | None = None) -> QtMainWindow:
    """The main window, with a progress dialog shown while the meshes load."""
    dialog = QProgressDialog("Loading the atlas...", None, 0, 1)
    dialog.setWindowTitle(APPLICATION)
    dialog.setMinimumDuration(300)

    def progress(done: int, total: int, name: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"Loading {name}...")
        QApplication.processEvents()

    window = QtMainWindow(atlas, notes or NotesStore(), progress=progress)
    dialog.close()
    return window


def run_app(atlas) -> int:
    app = make_application()
    window = create_window(atlas)
    window.resize(1400, 900)
    window.show()
    return app.exec()
