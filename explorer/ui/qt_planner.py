"""Injection planner panel: site, side, needle, body build, the needle drawn, the figures.

The figures come from ``explorer.planning`` (the same core the ``plan`` command prints); this
panel gathers inputs, draws the needle and the adjusted skin, and shows the result. The verdict
is a word and a symbol on a coloured band, never colour alone.

The panel's drawings (needle, body build, risk map, landmarks) belong to the planner alone:
``activate`` puts them in the view when the planner's tab is open, ``deactivate`` takes them all
out again (and ends picking) when it closes or a tour, quiz, presentation or handout takes the
view. Picking an entry is a mode with a visible state (the checked button and a line of text);
Esc, leaving the planner or any of those ends it.

The risk map (``QtRiskMap``) is computed once, with a progress bar, while the window stays
usable, and then follows the needle and fat in milliseconds.
"""

from __future__ import annotations

import html
from contextlib import contextmanager

import numpy as np
import pyvista as pv
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.geometry.landmarks import LANDMARK_NAMES, SIDES
from explorer.planning import PlanningScene, plan_needle, plan_site
from explorer.planning.body_build import (
    DEFAULT_PRESET, FAT_RANGE_MM, NEEDLE_LENGTHS_MM, PRESETS, PRESETS_MM, REFERENCE_DEPTHS, SKIN_MM, Carried, Setting,
)
from explorer.ui.planner_html import OTHER_SIDE_LINK, WHY_LINK, plan_html
from explorer.ui.qt_risk_map import QtRiskMap

BUILD_FAT_MM = 20.0  # the one fat thickness meshes without the subject's regional fat were built with
VERDICT_STYLE = {
    "safe": ("background: #d7f0dd; color: #111;", "SAFE ✓"),
    "caution": ("background: #fff1c2; color: #111;", "CAUTION ⚠"),
    "danger": ("background: #f8d0d0; color: #111;", "DANGER ✖"),
    "incomplete": ("background: #b3261e; color: #fff;", "INCOMPLETE ✖"),
}
PICKING_TEXT = "Picking the entry: click the skin where the needle goes in (Esc ends)"
#: The planner's actors (PyVista names a point-label actor '<name>-labels').
DRAWINGS = ("planner_needle", "planner_entry")


class QtPlannerPanel(QWidget):
    """Controls and results of the needle planner, drawing into the scene view."""

    #: A line for the status bar: the pick mode's state ('' when it ends).
    status_message = Signal(str)
    #: The risk map is drawn (after its computation, or at once from the cached profiles).
    risk_ready = Signal()

    def __init__(self, atlas, view, failed: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.atlas, self.view = atlas, view
        self._failed = failed or {}
        self._scene = None
        self.plan = None
        self.active = False
        self._entry_point = None  # a clicked point; None: the site's own point
        self._body_build_applied = False
        self._fascia_points = None  # kept with the scene, for the body build
        self._body_meshes = {}  # the skin and fat drawn for the chosen fat
        self._other_side_open = self._reasoning_open = False
        self._build()
        view.entry_picked.connect(self._on_entry_picked)

    @property
    def scene(self) -> PlanningScene:
        """Built on first use, from the meshes the view already holds (before the planner
        redraws skin and fat), keeping the fascia and zones the body build offsets from."""
        if self._scene is None:
            actors = self.view.renderer.actors
            self._scene = PlanningScene.from_atlas(self.atlas, {sid: a.mapper.dataset for sid, a in actors.items()}, self._failed)
            self._keep_originals()
        return self._scene

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.site = QComboBox()
        self.site.addItems(["ventrogluteal", "dorsogluteal"])
        self.side = QComboBox()
        self.side.addItems(["right", "left"])
        self.needle = QComboBox()
        self.needle.setEditable(True)
        self.needle.addItems([f"{n:.0f}" for n in NEEDLE_LENGTHS_MM])
        self.needle.setCurrentText("38")
        self.preset = QComboBox()
        self.preset.addItem("custom (slider)", None)
        for p in PRESETS:
            self.preset.addItem(p.label, p.key)
            self.preset.setItemData(self.preset.count() - 1, f"{p.describe()}.\n{p.source}", Qt.ItemDataRole.ToolTipRole)
        # Long preset names must not widen the dock (and shrink the 3D view): show ~24 characters.
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset.setMinimumContentsLength(24)
        self.fat = QSlider(Qt.Orientation.Horizontal)
        self.fat.setRange(int(FAT_RANGE_MM[0]), int(FAT_RANGE_MM[1]))
        self.fat.setValue(round(PRESETS_MM[DEFAULT_PRESET]))
        self.fat.setToolTip("\n".join(f"{depth:.0f} mm: {text}" for depth, text in REFERENCE_DEPTHS))
        self.preset.setCurrentIndex(self.preset.findData(DEFAULT_PRESET))
        self.fat_label = QLabel()
        self.fat_label.setWordWrap(True)
        self.tilt = QSpinBox()
        self.tilt.setRange(-45, 45)
        self.tilt.setSuffix(" °")
        self.pick = QPushButton("Pick entry on the skin")
        self.pick.setCheckable(True)
        self.mode_label = QLabel()
        self.mode_label.setWordWrap(True)
        self.mode_label.setStyleSheet("color: #0b4f9c; font-weight: bold;")
        self.mode_label.setAccessibleName("Planner mode")
        self.mode_label.hide()
        self.use_site = QPushButton("Use the site's point")
        self.risk = QCheckBox("Risk map on the skin")
        self.risk_progress = QProgressBar()
        self.risk_progress.setFormat("Computing the risk map… %p%")
        self.risk_progress.setAccessibleName("Risk map progress")
        self.risk_progress.hide()
        self.risk_map = QtRiskMap(self.view, self.risk_progress, self)
        self.risk_map.ready.connect(self.risk_ready)
        self.markers = QCheckBox("Show landmarks")
        self.result = QTextBrowser()
        self.result.setAccessibleName("Planner results")
        self.result.setOpenLinks(False)
        self.verdict = QLabel()
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("Verdict")
        form = QFormLayout()
        for text, widget in (("Site", self.site), ("Side", self.side), ("Needle (mm)", self.needle),
                             ("Body build", self.preset), ("Fat", self.fat), ("", self.fat_label), ("Tilt toward head", self.tilt)):
            form.addRow(text, widget)
            widget.setAccessibleName(text or "Fat thickness")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.use_site, self.pick, self.mode_label, self.risk, self.risk_progress, self.markers, self.verdict):
            layout.addWidget(widget)
        layout.addWidget(self.result, 1)
        for signal in (self.site.currentTextChanged, self.side.currentTextChanged):
            signal.connect(self._site_changed)
        self.needle.currentTextChanged.connect(lambda _t: self._inputs_changed())
        self.tilt.valueChanged.connect(lambda _v: self._inputs_changed())
        self.fat.valueChanged.connect(self._fat_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.pick.toggled.connect(self.set_picking)
        self.use_site.clicked.connect(self._site_changed)
        self.risk.toggled.connect(lambda _on: self._inputs_changed() if not self.active else self._update_risk_map())
        self.markers.toggled.connect(lambda on: self._inputs_changed() if not self.active else self.show_landmarks(on))
        self.result.anchorClicked.connect(self._on_link)

    # -- inputs ---------------------------------------------------------------------------
    def needle_mm(self) -> float:
        try:
            return min(max(float(self.needle.currentText()), 5.0), 150.0)
        except ValueError:
            return 38.0

    def fat_mm(self) -> float:
        """The chosen preset's published value, or the slider's whole millimetres."""
        key = self.preset.currentData()
        return PRESETS_MM[key] if key else float(self.fat.value())

    def _inputs_changed(self) -> None:
        """The user changed something here: plan again, and draw again if a tour or quiz had
        taken the drawings away while the panel stayed in sight."""
        if not self.active and self.isVisible():
            self.activate()
        else:
            self.update_plan()

    def _site_changed(self, *_args) -> None:
        self._entry_point = None
        self._inputs_changed()

    def _preset_changed(self, _index: int) -> None:
        key = self.preset.currentData()
        if key:
            self.fat.blockSignals(True)
            self.fat.setValue(round(PRESETS_MM[key]))
            self.fat.blockSignals(False)
            self._fat_changed()

    def _fat_changed(self, *_args) -> None:
        key = self.preset.currentData()
        if key and round(PRESETS_MM[key]) != self.fat.value():
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(0)
            self.preset.blockSignals(False)
        self._inputs_changed()  # the plan redraws the body for the new fat

    def _on_link(self, url: QUrl) -> None:
        link = url.toString()
        if link == OTHER_SIDE_LINK:
            self._other_side_open = not self._other_side_open
        elif link == WHY_LINK:
            self._reasoning_open = not self._reasoning_open
        self._show_result()

    # -- modes and the planner's presence in the view -----------------------------------------
    @property
    def picking(self) -> bool:
        return self.pick.isChecked()

    def set_picking(self, on: bool) -> None:
        """Enter or leave the pick mode: the button, the line under it and the status bar say so."""
        if self.pick.isChecked() != on:
            self.pick.setChecked(on)  # comes back here through the button's signal
            return
        if on and not self.active and self.isVisible():
            self.activate()
        if self.view.picking_entry == on:
            return
        self.view.picking_entry = on
        self.mode_label.setText(PICKING_TEXT if on else "")
        self.mode_label.setVisible(on)
        self.status_message.emit(PICKING_TEXT if on else "")

    def _on_entry_picked(self, point) -> None:
        self._entry_point = np.asarray(point, float)
        self.update_plan()

    def activate(self) -> None:
        """Put the planner's drawings in the view (its tab is open)."""
        if self.active:
            return
        self.active = True
        self.update_plan()  # draws the body build, the needle and the map
        if self.markers.isChecked():
            self.show_landmarks(True)

    def deactivate(self) -> None:
        """Take every drawing of the planner out of the view, restore the shipped skin, end picking."""
        self.set_picking(False)
        if not self.active:
            return
        self.active = False
        for name in DRAWINGS:
            self.view.interactor.remove_actor(name, render=False)
        self.view.set_landmarks("planner", [])
        self.risk_map.hide()
        self._restore_body()
        self.view.request_render()

    def set_atlas(self, atlas, failed: dict[str, str] | None = None) -> None:
        """Another sciatic variant or another body is drawn: the scene is made again from the
        view's meshes, the risk map computed again, and the plan redone (its distances follow
        the nerve). Another body's meshes replace this one's: nothing of the old body is kept
        (an entry clicked on its skin goes back to the site's point)."""
        was = self.active
        self.deactivate()
        self.risk_map.forget()
        if atlas.body != self.atlas.body:
            self._entry_point = None
            self._fascia_points, self._original_meshes, self._zones, self._body_meshes = None, {}, {}, {}
        self.atlas, self._scene = atlas, None
        if failed is not None:
            self._failed = failed
        if was:
            self.activate()
        elif self.plan is not None:
            self.update_plan()

    @contextmanager
    def drawings_hidden(self):
        """The view without the planner's drawings for a while (a handout's picture)."""
        was = self.active
        self.deactivate()
        try:
            yield
        finally:
            if was:
                self.activate()

    def shutdown(self) -> None:
        """Wait for a running computation (the window is closing)."""
        self.risk_map.shutdown()

    # -- computing and drawing ------------------------------------------------------------
    def update_plan(self):
        fat, needle, tilt = self.fat_mm(), self.needle_mm(), float(self.tilt.value())
        scene = self.scene
        key = self.preset.currentData()
        preset = next((p for p in PRESETS if p.key == key), None)
        self.fat_label.setText(preset.describe() if preset else f"{fat:.0f} mm subcutaneous fat (slider)")
        if self._entry_point is None:
            self.plan = plan_site(scene, self.site.currentText(), self.side.currentText(), fat, needle, tilt)
        else:
            self.plan = plan_needle(scene, self._entry_point, fat, needle, tilt, reference=self._site_point())
        self._show_result()
        if self.active:
            self._apply_body_build(fat)  # the body follows the site too: its fat is set under the site's point
            self._draw_needle()
            self._update_risk_map()
        return self.plan

    def _draw_needle(self) -> None:
        p = self.plan
        plotter = self.view.interactor
        if p.entry_mm is None:
            for name in ("planner_needle", "planner_entry"):
                plotter.remove_actor(name, render=False)
            return
        entry = np.array(p.entry_mm)
        tip = entry + np.array(p.direction) * p.needle_mm
        plotter.add_mesh(pv.Tube(pointa=entry - np.array(p.direction) * 15, pointb=tip, radius=1.0), color="#202020",
                         name="planner_needle", pickable=False, reset_camera=False, render=False)
        plotter.add_mesh(pv.Sphere(radius=2.2, center=entry), color="#ffffff", name="planner_entry",
                         pickable=False, reset_camera=False, render=False)
        self.view.request_render()

    def _show_result(self) -> None:
        p = self.plan
        style, word = VERDICT_STYLE[p.verdict]
        lacking = f"<br>missing: {', '.join(m['name'] for m in p.missing)}" if p.missing else ""
        self.verdict.setText(f"<b>{word}</b> <small>({html.escape(p.entry_label)})</small>{lacking}")
        self.verdict.setStyleSheet(f"{style} padding: 6px; border-radius: 4px; font-size: 120%;")
        scroll = self.result.verticalScrollBar().value()
        self.result.setHtml(plan_html(p, self._other_side_open, self._reasoning_open))
        self.result.verticalScrollBar().setValue(scroll)

    def show_landmarks(self, on: bool) -> None:
        """Markers and names for the landmarks the methods use, on both sides (drawn by the view,
        which shares them with the tours; nothing to compute, so they show in the next frame)."""
        wanted = [(key, side) for side in SIDES for key in LANDMARK_NAMES] if on and self.active else []
        self.view.set_landmarks("planner", wanted)

    # -- body build: the skin follows the fat ----------------------------------------------
    def _keep_originals(self) -> None:
        fascia = self.scene.fascia
        if fascia is None:
            self._fascia_points = None
            return
        self._fascia_points = np.asarray(fascia.points, float)
        self._fascia_normals = np.asarray(fascia.point_data["Normals"], float)
        self._fascia_faces = fascia.faces
        actors = self.view.renderer.actors
        self._original_meshes = {sid: actors[sid].mapper.dataset for sid in ("skin", "subcutaneous_fat") if sid in actors}
        body = self.scene.body
        # The zones ride on the subject's skin: each point keeps its spot on its skin triangle.
        subject_skin = pv.PolyData(body.points(body.subject(), SKIN_MM), fascia.faces) if body is not None else None
        self._zones = {}
        for sid in actors:
            if self.atlas[sid].group == "injection_site":
                zone = actors[sid].mapper.dataset
                points = np.asarray(zone.points, float)
                carried = Carried.on(subject_skin, points) if subject_skin is not None else None
                self._zones[sid] = (points, np.asarray(zone.point_normals, float), carried)

    def _body_setting(self, fat_mm: float) -> Setting | None:
        """The body build with ``fat_mm`` under the chosen site's point; None when the meshes
        carry no regional fat (one thickness everywhere then)."""
        point = self._site_point()
        if self.scene.body is None or point is None:
            return None
        return self.scene.setting(fat_mm, point)

    def _site_point(self):
        """The chosen site's injection point on the chosen side (None if the atlas lacks it)."""
        return self.scene.landmarks.get(self.side.currentText(), {}).get(f"{self.site.currentText()}_point")

    def _apply_body_build(self, fat_mm: float) -> None:
        """Redraw skin (its outer surface), fat and zones for a fat setting: each point moves
        along its own direction by its regional fat, so it costs a few ms, not a rebuild."""
        _ = self.scene  # built on first use; it keeps the fascia and zones offset below
        if self._fascia_points is None:
            return
        self._body_build_applied = True
        actors = self.view.renderer.actors
        setting, body = self._body_setting(fat_mm), self.scene.body
        if setting is None:
            outer_points = self._fascia_points + self._fascia_normals * (fat_mm + SKIN_MM)
            inner_points = self._fascia_points + self._fascia_normals * fat_mm
            self._fat_per_point = fat_mm
        else:
            outer_points, inner_points = body.points(setting, SKIN_MM), body.points(setting, 0.0)
            self._fat_per_point = body.fat(setting)
        outer = pv.PolyData(outer_points, self._fascia_faces)
        outer.point_data["Normals"] = self._fascia_normals
        inner = pv.PolyData(inner_points, self._fascia_faces)
        # Kept here: a PyVista mesh that only VTK holds comes back without PyVista's attributes.
        self._body_meshes = {"skin": outer, "subcutaneous_fat": inner}
        for sid, mesh in self._body_meshes.items():
            if sid in actors:
                actors[sid].mapper.SetInputData(mesh)
        for sid, (points, normals, carried) in self._zones.items():
            if carried is not None:
                actors[sid].mapper.dataset.points = carried.moved(outer_points)
            else:
                actors[sid].mapper.dataset.points = points + normals * (fat_mm - BUILD_FAT_MM)
        self.view.request_render()

    def _restore_body(self) -> None:
        """The shipped skin, fat and zones, as the rest of the app shows them."""
        if not self._body_build_applied:
            return
        self._body_build_applied = False
        actors = self.view.renderer.actors
        for sid, mesh in self._original_meshes.items():
            actors[sid].mapper.SetInputData(mesh)
        for sid, (points, _normals, _body) in self._zones.items():
            actors[sid].mapper.dataset.points = points

    # -- risk map ---------------------------------------------------------------------------
    def _update_risk_map(self) -> None:
        """Colour the skin by the verdict's nerve-and-artery rule (computed the first time)."""
        if self.risk.isChecked() and self.active and self._body_meshes and "skin" in self.view.renderer.actors:
            self.risk_map.show(self.scene, self._body_meshes["skin"], self._fat_per_point, self.needle_mm())
        else:
            self.risk_map.hide()
