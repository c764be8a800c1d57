"""One benchmark process: start, show a window, measure, print one JSON line, exit.

Run as ``python -m explorer.bench.scenario KIND FRAMES`` with KIND one of:

- ``app``: the explorer's own window (scene state, docks, coalesced renders, pick locators);
- ``baseline``: the same meshes, full resolution, one actor each, in a plain pyvistaqt
  ``QtInteractor`` with PyVista's defaults, picking with a plain cell picker;
- ``floor``: an empty ``QtInteractor`` after importing PySide6 and VTK.

Cold start runs from the parent's spawn time (``BENCH_SPAWNED_AT``, epoch seconds) to the end
of the first frame of the full scene. A frame is what a user waits for when the camera moves:
VTK's render plus the Qt repaint that follows (``processEvents``). Times in ms, memory in MB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import numpy as np

WINDOW = (1280, 800)


def main(kind: str, frames: int) -> dict:
    spawned = float(os.environ.get("BENCH_SPAWNED_AT", time.time()))
    from PySide6.QtWidgets import QApplication  # noqa: F401 - part of what every kind pays for

    if kind == "app":
        return _app(spawned, frames)
    return _plain(kind, spawned, frames)


def _plain(kind: str, spawned: float, frames: int) -> dict:
    import pyvista as pv
    import vtk
    from pyvistaqt import QtInteractor
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    plotter = QtInteractor()
    plotter.resize(*WINDOW)
    if kind == "baseline":
        from explorer.atlas import load_atlas

        atlas = load_atlas()
        for s in atlas:
            if s.mesh:
                plotter.add_mesh(pv.read(atlas.mesh_path(s)), color=s.colour)
    plotter.show()
    _first_frame(app, plotter)
    result = {"cold_start_s": time.time() - spawned}
    result.update(_orbit(app, plotter, frames))
    if kind == "baseline":
        picker = vtk.vtkCellPicker()
        picker.SetTolerance(0.0005)
        renderer = plotter.renderer
        result["pick_ms"] = _timed(frames, lambda x, y: picker.Pick(x, y, 0, renderer), plotter)
    result["view_px"] = [plotter.width(), plotter.height()]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    plotter.close()
    return result


def _app(spawned: float, frames: int) -> dict:
    from explorer.atlas import load_atlas
    from explorer.notes import NotesStore
    from explorer.ui.qt_app import create_window, make_application

    app = make_application()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        window = create_window(load_atlas(), NotesStore(os.path.join(tmp, "notes.sqlite3")))
        window.resize(*WINDOW)
        window.show()
        plotter = window.view.interactor
        _first_frame(app, plotter)
        # Grow the window until its 3D view is the measured size, like the baseline's.
        grow = (WINDOW[0] - plotter.width(), WINDOW[1] - plotter.height())
        window.resize(window.width() + grow[0], window.height() + grow[1])
        app.processEvents()
        result = {"cold_start_s": time.time() - spawned}
        window.view.show_preset("posterior")
        result.update(_orbit(app, plotter, frames))
        result["hover_ms"] = _timed(frames, lambda x, y: window.view.pick_at(x, y), plotter)

        def click(x, y):
            window.state.select(window.view.pick_at(x, y))
            app.processEvents()

        result["pick_ms"] = _timed(max(3, frames // 4), click, plotter)
        queries = ["glute max", "SIJ", "musculus piriformis", "sciatc", "ventrogluteal", "hip bone", "TFL"]
        result["search_ms"] = [_ms(lambda q=q: window.atlas.search(q)) for q in queries * max(1, frames // 7)]
        planner = window.planner
        planner.update_plan()
        values = [8, 18, 30, 50, 80]
        result["planner_update_ms"] = [_ms(lambda v=v: planner.fat.setValue(v)) for v in values * max(1, frames // 5)]
        result["view_px"] = [plotter.width(), plotter.height()]
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
        window.notes.close()
    return result


def _first_frame(app, plotter) -> None:
    deadline = time.time() + 60
    while not plotter.isVisible() and time.time() < deadline:
        app.processEvents()
    plotter.render()
    app.processEvents()


def _orbit(app, plotter, frames: int) -> dict:
    """Rotate the camera in steps as a drag would; then one frame at rest."""
    iren = plotter.iren.interactor
    times = []
    for _ in range(frames):
        plotter.camera.Azimuth(4.0)
        times.append(_ms(lambda: (iren.Render(), app.processEvents())))
    rest = [_ms(lambda: (plotter.render(), app.processEvents())) for _ in range(max(2, frames // 5))]
    return {"orbit_frame_ms": times, "rest_frame_ms": rest}


def _timed(count: int, action, plotter) -> list[float]:
    width, height = plotter.renderer.GetSize()
    rng = np.random.default_rng(0)
    points = [(int(rng.integers(width * 0.2, width * 0.8)), int(rng.integers(height * 0.2, height * 0.8))) for _ in range(count)]
    return [_ms(lambda p=p: action(*p)) for p in points]


def _ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000.0


if __name__ == "__main__":
    print("BENCH_RESULT " + json.dumps(main(sys.argv[1], int(sys.argv[2]))), flush=True)
