"""Shared fixtures: the shipped atlas (loaded once) and its meshes, read on demand."""

from __future__ import annotations

import functools
import os

import pytest

from explorer.atlas import load_atlas
from explorer.atlas.descriptors import BODIES, MANIFEST_FILE, MESHES_DIR, body_meshes_dir
from explorer.geometry.mesh_io import load_mesh
from explorer.notes import NotesStore

#: Bounds on the waits for an event (a signal, a condition on the window, a child process): they
#: only turn a hang into a failure, so they are generous enough for a machine busy with other
#: work. No test waits for a fixed time.
EVENT_TIMEOUT_MS = 60_000
CHILD_PROCESS_TIMEOUT_S = 600


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path, monkeypatch):
    """Notes, settings and saved views go to a temporary folder: tests never touch real ones."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def meshes_root():
    """The shipped meshes folder; or, with ANATOMY_EXPLORER_TEST_MESHES set, another one (a fresh
    ``build-meshes -o DIR``, to test it before it is committed)."""
    return os.environ.get("ANATOMY_EXPLORER_TEST_MESHES") or MESHES_DIR


def built_bodies(root=None) -> list[str]:
    """The bodies whose atlas is in ``root`` (default: that folder); the female's only once built."""
    return [body for body in BODIES if (body_meshes_dir(body, root or meshes_root()) / MANIFEST_FILE).is_file()]


def xfail_for(request, body: str, failing: str, reason: str) -> None:
    """Mark the running test a strict expected failure for one body only (the other must pass)."""
    if body == failing:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=f"{failing}: {reason}"))


@pytest.fixture(scope="session")
def atlas():
    """The shipped (male) atlas, or the same annotations on the folder ``meshes_root`` names."""
    return load_atlas(meshes_dir=meshes_root())


def mesh_getter(atlas):
    """mesh('gluteus_maximus_right') -> that atlas's full-resolution PolyData (cached)."""

    @functools.lru_cache(maxsize=None)
    def get(structure_id: str):
        return load_mesh(atlas.mesh_path(atlas[structure_id]))

    return get


def landmark_arrays(atlas) -> dict:
    """The atlas's landmarks per side, as numpy arrays."""
    import numpy as np

    return {side: {k: np.array(v) for k, v in lms.items()} for side, lms in atlas.landmarks.items()}


@pytest.fixture(scope="session")
def mesh(atlas):
    """mesh('gluteus_maximus_right') -> full-resolution PolyData (cached)."""
    return mesh_getter(atlas)


@pytest.fixture(scope="session")
def landmarks(atlas):
    return landmark_arrays(atlas)


@pytest.fixture
def notes_path(tmp_path):
    return tmp_path / "notes.sqlite3"


@pytest.fixture
def make_window(qtbot, atlas, notes_path, tmp_path):
    """make_window() -> a shown, exposed main window (1200x800) on the shipped atlas, or
    make_window(other_atlas) on another; closed and destroyed after the test.

    QSettings caches its folder on first use, so each test points it at its own temporary
    folder explicitly: no window layout or camera leaks from one test into the next.
    """
    from PySide6.QtCore import QSettings

    from explorer.ui.qt_app import create_window, make_application

    make_application()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    made = []

    def make(other_atlas=None):
        window = create_window(atlas if other_atlas is None else other_atlas, NotesStore(notes_path))
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window, timeout=EVENT_TIMEOUT_MS)
        qtbot.waitUntil(lambda: _activate(window), timeout=EVENT_TIMEOUT_MS)
        made.append(window)
        return window

    yield make
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    for window in made:
        window.close()
        window.notes.close()
        window.deleteLater()
    # Destroy the windows now, in their own test. Left to deleteLater alone, a window (its VTK
    # render window and OpenGL context) was destroyed inside the next test's first waits for
    # its own new window, interleaved with that window's first paint and activation.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)




def _activate(window) -> bool:
    """Shortcuts need the active window; with no window manager in Xvfb, ask until it is."""
    if not window.isActiveWindow():
        window.raise_()
        window.activateWindow()
    return window.isActiveWindow()
