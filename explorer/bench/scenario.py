"""One benchmark process: start, show a window, measure, print one JSON line, exit.

Run as ``python -m explorer.bench.scenario KIND FRAMES`` with KIND one of:

- ``app``: the explorer's own window (scene state, docks, coalesced renders, pick locators);
- ``baseline``: the same meshes, full resolution, one actor each, in a plain pyvistaqt
  ``QtInteractor`` with PyVista's defaults, picking with a plain cell picker;
- ``floor``: an empty ``QtInteractor`` after importing PySide6 and VTK.

Cold start runs from the parent's spawn time (``BENCH_SPAWNED_AT``, epoch seconds) to the end
of the first frame of the full scene. A frame is what a user waits for when the camera moves,
counted once: the camera steps, the view is asked to repaint, and the frame is timed until Qt
has painted it (VTK's render, the blit into the widget, Qt's composition of the window). The
orbit is wrapped in the interactor's Start/EndInteraction events, as a mouse drag is, so a
viewer that draws differently while the camera moves can do so; the frame at rest is timed
after the interaction ends. pyvistaqt's idle re-render timer (the baseline's and floor's
default ``auto_update``) is paused while frames are timed so that no frame counts a second,
unrelated render; each kind reports how many VTK renders a frame took
(``orbit_renders_per_frame``). The planner is opened as a user opens its tab; the risk map is
timed from ticking its box to the coloured skin (the first time includes computing it), then per
new fat; "Show landmarks" to the next frame. A body switch (where the other body is built) is
timed from the choice to the first frame of the new body, there and back ``BODY_ROUND_TRIPS``
times; the resident memory is read before the first switch and after the last (back on the
body it started with: only the body shown should stay in memory). Times in ms, memory in MB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import numpy as np
from PySide6.QtOpenGLWidgets import QOpenGLWidget

WINDOW = (1280, 800)
#: Switches to the other body and back, each timed.
BODY_ROUND_TRIPS = 2


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
        result = {"cold_start_s": time.time() - spawned}
        # Grow the window until its 3D view is the measured size, like the baseline's (after the
        # first frame: the other kinds are not resized either).
        grow = (WINDOW[0] - plotter.width(), WINDOW[1] - plotter.height())
        window.resize(window.width() + grow[0], window.height() + grow[1])
        app.processEvents()
        window.view.show_preset("posterior")
        result.update(_orbit(app, plotter, frames))
        result["hover_ms"] = _timed(frames, lambda x, y: window.view.pick_at(x, y), plotter)

        # A click: the pick and the whole answer (selection, outline, tree, information panel) are
        # the click's latency; the frame that then draws the outline is timed on its own.
        click_frames = []

        def click(x, y):
            window.state.select(window.view.pick_at(x, y))
            click_frames.append(_ms(app.processEvents))

        result["pick_ms"] = [answer - drawn for answer, drawn in zip(_timed(max(3, frames // 4), click, plotter), click_frames)]
        result["click_frame_ms"] = click_frames
        queries = ["glute max", "SIJ", "musculus piriformis", "sciatc", "ventrogluteal", "hip bone", "TFL"]
        result["search_ms"] = [_ms(lambda q=q: window.atlas.search(q)) for q in queries * max(1, frames // 7)]
        planner = _open_planner(window)
        values = [8, 18, 30, 50, 80]
        result["planner_update_ms"] = [_ms(lambda v=v: planner.fat.setValue(v)) for v in values * max(1, frames // 5)]
        result.update(_risk_map(app, planner, values))
        result["landmarks_ms"] = _ms(lambda: (planner.markers.setChecked(True), _frame(app, plotter)))
        result.update(_body_switch(app, window))
        result["view_px"] = [plotter.width(), plotter.height()]
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
        window.notes.close()
    return result


def _open_planner(window):
    """The planner's tab, raised as a user opens it (the planner draws only while it is open)."""
    from PySide6.QtWidgets import QDockWidget

    window.findChild(QDockWidget, "planner_dock").raise_()
    return window.planner


def _risk_map(app, planner, values) -> dict:
    """The risk map: from ticking its box to the coloured skin (the first time computes the
    per-scene profiles, partly in a worker thread), then a new fat with the map on."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    planner.risk_ready.connect(loop.quit)
    start = time.perf_counter()
    planner.risk.setChecked(True)
    if planner.risk_map.levels is None:
        loop.exec()
    first = (time.perf_counter() - start) * 1000.0
    update = [_ms(lambda v=v: planner.fat.setValue(v)) for v in values]
    return {"risk_map_ms": first, "risk_map_update_ms": update}


def _body_switch(app, window) -> dict:
    """The other body and back: each switch from the choice to its first frame; resident memory
    before and after (none of it without a second body built)."""
    from PySide6.QtCore import QEventLoop

    choice = window.body_choice
    start_body = choice.body
    other = next((b for b, built in choice.built.items() if built and b != start_body), None)
    if other is None:
        return {"body_switch_ms": [], "rss_before_switches_mb": None, "rss_after_switches_mb": None}
    before = _rss_mb()
    times = []
    for body in (other, start_body) * BODY_ROUND_TRIPS:
        loop = QEventLoop()
        choice.switched.connect(loop.quit)
        start = time.perf_counter()
        choice.choose(body)
        loop.exec()
        _frame(app, window.view.interactor)
        times.append((time.perf_counter() - start) * 1000.0)
        choice.switched.disconnect(loop.quit)
    return {"body_switch_ms": times, "rss_before_switches_mb": before, "rss_after_switches_mb": _rss_mb()}


def _rss_mb() -> float:
    """Resident memory now (the peak, ``ru_maxrss``, cannot show memory given back)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _first_frame(app, plotter) -> None:
    deadline = time.time() + 60
    while not plotter.isVisible() and time.time() < deadline:
        app.processEvents()
    _frame(app, plotter)


def _frame(app, plotter) -> None:
    """One repaint of the view: VTK renders once inside Qt's paint, then Qt composes the window."""
    QOpenGLWidget.update(plotter)  # the widget's repaint request (BasePlotter.update is another thing)
    app.processEvents()


def _orbit(app, plotter, frames: int) -> dict:
    """Rotate the camera in steps as a drag would, one frame each; then frames at rest."""
    iren = plotter.iren.interactor
    camera = plotter.camera  # PyVista resets (and renders) on the first access: not a frame
    timer = getattr(plotter, "render_timer", None)
    auto_render = timer is not None and timer.isActive()
    if auto_render:
        timer.stop()
    renders = [0]
    tag = plotter.render_window.AddObserver("StartEvent", lambda *_: renders.__setitem__(0, renders[0] + 1))
    app.processEvents()
    iren.InvokeEvent("StartInteractionEvent")
    renders[0] = 0
    times = []
    for _ in range(frames):
        camera.Azimuth(4.0)
        times.append(_ms(lambda: _frame(app, plotter)))
    orbit_renders = renders[0]
    iren.InvokeEvent("EndInteractionEvent")
    app.processEvents()  # the first full-quality frame after the drag
    rest = []
    for _ in range(max(2, frames // 5)):
        camera.Azimuth(0.0)  # the camera is unchanged: a repaint at rest
        rest.append(_ms(lambda: _frame(app, plotter)))
    plotter.render_window.RemoveObserver(tag)
    if auto_render:
        timer.start()
    return {"orbit_frame_ms": times, "rest_frame_ms": rest, "orbit_renders_per_frame": orbit_renders / frames}


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
