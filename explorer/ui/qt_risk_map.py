"""The planner's risk map on the skin: computed once per scene while the window stays usable,
then recoloured in milliseconds for each needle and fat.

    show(scene, skin mesh, fat, needle)
      ├─ profiles known: colour the skin now, emit ready
      └─ else: grid_steps (VTK), a batch per event-loop turn, progress bar
               └─ sample_profiles (numpy) in a worker thread ─> done ─> colour, emit ready

The VTK steps stay on the GUI thread: VTK's Python wrappers keep the GIL while VTK's garbage
collector takes its lock, so a VTK object made or freed in a worker while the view renders
(and calls back into Python) deadlocks both threads. Only numpy arrays reach the worker.
"""

from __future__ import annotations

import time

import numpy as np
import pyvista as pv
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from explorer.planning.body_build import SKIN_MM
from explorer.planning.planner import AXIS_DEPTH_MM
from explorer.planning.risk_map import LEVEL_NAMES, grid_steps, sample_profiles, skin_risk

TITLE = "risk from nerves and arteries"
COLOURS = ((46, 160, 67), (240, 190, 40), (200, 30, 30))  # clear, caution, danger
#: How long the VTK steps may hold the event loop at a time (s); each turn also repaints the
#: window, so turns are kept few.
STEP_BUDGET_S = 0.1


class _JobSignals(QObject):
    done = Signal(object)


class _SampleJob(QRunnable):
    """Reads the distance grids along every line in a worker thread (numpy arrays only)."""

    def __init__(self, points, inward, grids, signals: _JobSignals):
        super().__init__()
        self.args, self.signals = (points, inward, grids, AXIS_DEPTH_MM), signals

    def run(self) -> None:
        self.signals.done.emit(sample_profiles(*self.args))


class QtRiskMap(QObject):
    """Colours the skin actor by danger, caution and clear; ``progress`` shows the first computation."""

    #: The map is drawn (after its computation, or at once from the computed profiles).
    ready = Signal()

    def __init__(self, view, progress, parent=None):
        super().__init__(parent)
        self.view, self.progress = view, progress
        self.levels = self.distances = None
        self._wanted = None  # (skin mesh, fat, needle) to colour once the profiles arrive
        self._profiles = None
        self._job = None  # the computation under way: (grid steps, points, inward)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._computed)

    def show(self, scene, skin_mesh, fat_mm: float, needle_mm: float) -> None:
        """Colour ``skin_mesh`` (the skin actor's mesh, one point per fascia point) for this needle and fat."""
        self._wanted = (skin_mesh, fat_mm, needle_mm)
        if self._profiles is not None:
            self._colour()
        elif self._job is None:
            points, inward, hazards, bones = scene.risk_inputs()
            job = self._job = (grid_steps(hazards, bones), points, inward)
            self.progress.setRange(0, 0)
            self.progress.show()
            QTimer.singleShot(0, self, lambda: self._next_step(job))

    def hide(self) -> None:
        self._wanted = None
        actor = self.view.renderer.actors.get("skin")
        if actor is not None:
            actor.mapper.ScalarVisibilityOff()
        if TITLE in self.view.interactor.scalar_bars:
            self.view.interactor.remove_scalar_bar(TITLE, render=False)
        self.progress.hide()
        self.view.request_render()

    def forget(self) -> None:
        """Drop the computed profiles (the scene changed): the next ``show`` computes anew.
        A computation under way is let run out and its result dropped: its steps stop (they
        belong to a job no longer current) and its signal goes to a disconnected sender."""
        self.hide()
        self._pool.waitForDone()
        self._signals.done.disconnect(self._computed)
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._computed)
        self._job = self._profiles = None

    def shutdown(self) -> None:
        """Wait for a running computation (the window is closing)."""
        self._pool.waitForDone()

    def _next_step(self, job) -> None:
        if job is not self._job:  # forgotten: the scene changed while it was being computed
            return
        steps, points, inward = job
        until = time.perf_counter() + STEP_BUDGET_S
        while time.perf_counter() < until:
            try:
                done, total = next(steps)
            except StopIteration as finished:
                self._pool.start(_SampleJob(points, inward, finished.value, self._signals))
                return
        self.progress.setRange(0, total + 1)
        self.progress.setValue(done)
        QTimer.singleShot(0, self, lambda: self._next_step(job))

    def _computed(self, profiles) -> None:
        self._job, self._profiles = None, profiles
        self.progress.hide()
        if self._wanted is not None:
            self._colour()

    def _colour(self) -> None:
        skin_mesh, fat_mm, needle_mm = self._wanted
        actor = self.view.renderer.actors["skin"]
        self.levels, self.distances = skin_risk(self._profiles, fat_mm, needle_mm, SKIN_MM, AXIS_DEPTH_MM)
        skin_mesh.point_data[TITLE] = self.levels.astype(float)
        mapper = actor.mapper
        mapper.SetScalarModeToUsePointFieldData()
        mapper.SelectColorArray(TITLE)
        lut = pv.LookupTable()
        lut.values = np.array([(*rgb, 255) for rgb in COLOURS], np.uint8)
        lut.scalar_range = (0, len(LEVEL_NAMES) - 1)
        lut.annotations = dict(enumerate(LEVEL_NAMES))
        mapper.SetLookupTable(lut)
        mapper.SetScalarRange(0, len(LEVEL_NAMES) - 1)
        mapper.ScalarVisibilityOn()
        if TITLE not in self.view.interactor.scalar_bars:
            self.view.interactor.add_scalar_bar(TITLE, mapper=mapper, n_labels=0, render=False)
        self.view.request_render()
        self.ready.emit()
