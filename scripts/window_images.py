"""The README's pictures of the real window: the explorer, the injection planner, presentation
mode, and page 1 of a tour handout.

Run from a checkout, on a virtual screen::

    PYTHONPATH=. xvfb-run -a -s "-screen 0 1400x1000x24" .venv/bin/python scripts/window_images.py docs/images

It starts the real main window on the shipped atlas and drives it through its own methods into
each state; it waits for each state by condition (the camera at rest, two successive frames of
the view the same picture with the structures in it), then saves Qt's grab of the window. Notes, settings and saved views go to a temporary folder (the environment is
pointed there before anything reads it): the user's own are never read or written. The handout
is made by the command line (``anatomy-explorer handout``) and its first page rasterised with
``pdftoppm``, as a reader of the README would make it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Size of the window in the pictures (the presentation picture is the whole screen).
WINDOW_SIZE = (1400, 900)
#: Bound on each wait: it only turns a hang into an error.
WAIT_LIMIT_S = 300
#: How often the wait loop wakes to look at its condition (ms).
POLL_MS = 50
NOTE = "Exam question: which nerve usually leaves the pelvis below piriformis? (The sciatic nerve.)"
#: Gluteus maximus over the selected piriformis: faint enough to see the muscle through it.
SEE_THROUGH = 0.3
PLANNER = {"site": "ventrogluteal", "side": "right", "needle": "38", "fat_mm": 30}
#: The presentation picture: the injection-sites tour at its ventrogluteal step.
TOUR, TOUR_STEP = "injection_sites", 3
HANDOUT_DPI = 90


def isolate_user_dirs(folder: Path) -> None:
    """Notes, settings and saved views in ``folder`` (as tests/conftest.py does), before Qt or
    platformdirs look for them."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"):
        path = folder / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(path)


class Driver:
    """The window, and waits on the event loop until a state has been drawn (Qt and the app
    are imported here, once ``isolate_user_dirs`` has pointed the environment elsewhere)."""

    def __init__(self, scratch: Path):
        from PySide6.QtCore import QSettings, QTimer

        from explorer.atlas import load_atlas
        from explorer.notes import NotesStore
        from explorer.ui.qt_app import create_window, make_application

        self.app = make_application()
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(scratch / "qsettings"))
        # Wakes the event loop while waiting, so each wait looks at its condition again.
        self._tick = QTimer(interval=POLL_MS)
        self._tick.start()
        self.notes = NotesStore(scratch / "notes.sqlite3")
        self.window = create_window(load_atlas(), self.notes)
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.wait_for(self._active, "the window to be shown and active")

    def _active(self) -> bool:
        """Shortcuts and focus need the active window; with no window manager, ask until it is."""
        window = self.window
        if not window.isActiveWindow():
            window.raise_()
            window.activateWindow()
        return window.isActiveWindow() and window.windowHandle().isExposed()

    def wait_for(self, condition, what: str) -> None:
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + WAIT_LIMIT_S
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"gave up waiting for {what}")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def wait_drawn(self, ready=lambda: True, what: str = "the view") -> None:
        """Until ``ready()`` holds and the window shows it at rest: no camera move, the search
        box's clear button faded in or out, and two successive frames of the view the same
        picture, with more than background in it."""
        view = self.window.view
        last = [None]

        def drawn() -> bool:
            if not ready() or self.window.tours.motion.running or not _search_box_at_rest(self.window.search):
                last[0] = None
                return False
            frame = view.interactor.grabFramebuffer()  # renders the scene as it is now
            same = last[0] is not None and frame == last[0]
            last[0] = frame
            return same and _has_structures(frame)

        self.wait_for(drawn, what)

    def save(self, path: Path) -> None:
        if not self.window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        print(f"wrote {path}")


def _search_box_at_rest(search) -> bool:
    """The clear button of a line edit fades in when it gets text and out when it is cleared."""
    from PySide6.QtWidgets import QToolButton

    wanted = 1.0 if search.text() else 0.0
    return all(b.property("opacity") == wanted for b in search.findChildren(QToolButton) if b.isVisible())


def raise_dock(window, name: str) -> None:
    """Bring a tab of the right-hand side to the front, as a click on it does."""
    from PySide6.QtWidgets import QDockWidget

    window.findChild(QDockWidget, name).raise_()


def _has_structures(frame) -> bool:
    """A frame with many colours in it, not an empty (black or background-only) view."""
    import numpy as np

    image = frame.convertToFormat(frame.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32, image.sizeInBytes() // 4)
    return len(np.unique(pixels[:: 7])) > 200


def window_picture(driver: Driver, out: Path) -> None:
    """Piriformis found by search, seen through gluteus maximus, its text and a note."""
    window = driver.window
    window.search.setText("piriformis")
    window.search.choose_best()
    chosen = window.state.selection
    if chosen is None or window.atlas[chosen].base_id != "piriformis":
        raise RuntimeError(f"searching 'piriformis' selected {chosen!r}")
    maximus = chosen.replace("piriformis", "gluteus_maximus")
    window.state.set_opacity([maximus], SEE_THROUGH)
    window.panel.note_edit.setPlainText(NOTE)
    window.panel.save_note()
    if driver.notes.get(chosen) != NOTE:
        raise RuntimeError("the note was not saved")
    driver.wait_drawn(lambda: window.panel.current == chosen, "piriformis selected and drawn")
    driver.save(out / "window.png")


def planner_picture(driver: Driver, out: Path) -> None:
    """The planner's tab: ventrogluteal, 38 mm needle, 30 mm fat, seen from the right."""
    window, planner = driver.window, driver.window.planner
    window.state.select(None)
    window.search.clear()
    window.state.show_all()
    raise_dock(window, "planner_dock")
    planner.site.setCurrentText(PLANNER["site"])
    planner.side.setCurrentText(PLANNER["side"])
    planner.needle.setCurrentText(PLANNER["needle"])
    planner.preset.setCurrentIndex(0)  # custom: the slider's value
    planner.fat.setValue(PLANNER["fat_mm"])
    window.view.show_preset("right")

    def planned() -> bool:
        p = planner.plan
        return (planner.active and p is not None and planner.fat_mm() == PLANNER["fat_mm"]
                and p.needle_mm == float(PLANNER["needle"]) and PLANNER["site"] in p.entry_label)

    driver.wait_drawn(planned, "the plan and its needle")
    driver.save(out / "planner.png")


def presentation_picture(driver: Driver, out: Path) -> None:
    """Presentation mode, full screen, at the tour's ventrogluteal step."""
    window = driver.window
    raise_dock(window, "tours_dock")
    window.tours.start(TOUR)
    window.tours.go(TOUR_STEP)
    window.set_presentation(True)
    screen = window.screen().geometry()
    window.setGeometry(screen)  # what a window manager does for full screen (Xvfb runs none)
    caption = window.presentation.caption

    def shown() -> bool:
        return (window.view.interactor.width() >= 0.9 * screen.width() and window.tours.index == TOUR_STEP
                and caption.text().endswith(f"({TOUR_STEP + 1}/{len(window.tours.tour.steps)})"))

    driver.wait_drawn(shown, "presentation mode at the tour step")
    driver.save(out / "presentation.png")
    window.set_presentation(False)


def handout_picture(out: Path, scratch: Path) -> None:
    """Page 1 of the injection-sites handout, made by the command line."""
    pdf = scratch / "handout.pdf"
    subprocess.run([sys.executable, "-m", "explorer.launcher", "handout", "--tour", TOUR, "-o", str(pdf)], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(HANDOUT_DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(scratch / "handout")], check=True)
    shutil.copyfile(scratch / "handout.png", out / "handout.png")
    print(f"wrote {out / 'handout.png'}")


def main(out_dir: str) -> None:
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="window-images-") as tmp:
        scratch = Path(tmp)
        isolate_user_dirs(scratch)
        driver = Driver(scratch)
        try:
            window_picture(driver, out)
            planner_picture(driver, out)
            presentation_picture(driver, out)
        finally:
            driver.window.close()
            driver.notes.close()
        handout_picture(out, scratch)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
