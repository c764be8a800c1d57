"""Injection planner panel: site, side, needle, body build, the needle drawn, the figures.

The figures come from ``explorer.planning`` (the same core the ``plan`` command prints); this
panel only gathers inputs, draws the needle and the adjusted skin, and shows the result. The
verdict is shown as a word and a symbol on a coloured band, never by colour alone.
"""

from __future__ import annotations

import html

import numpy as np
import pyvista as pv
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.planning import PlanningScene, plan_needle, plan_site
from explorer.planning.body_build import DEFAULT_PRESET, FAT_RANGE_MM, NEEDLE_LENGTHS_MM, PRESETS, PRESETS_MM, REFERENCE_DEPTHS, SKIN_MM
from explorer.geometry.landmarks import LANDMARK_NAMES, SIDES
from explorer.planning.planner import THRESHOLDS
from explorer.planning.risk_map import needle_to_nerve_mm

BUILD_FAT_MM = 20.0  # the fat thickness the shipped skin and zone meshes were built with
RISK_TITLE = "needle to nerve or artery (mm)"
VERDICT_STYLE = {"safe": ("#d7f0dd", "SAFE ✓"), "caution": ("#fff1c2", "CAUTION ⚠"), "danger": ("#f8d0d0", "DANGER ✖")}


class QtPlannerPanel(QWidget):
    """Controls and results of the needle planner, drawing into the scene view."""

    def __init__(self, atlas, view, parent=None):
        super().__init__(parent)
        self.atlas, self.view = atlas, view
        self._scene = None
        self.plan = None
        self._entry_point = None  # a clicked point; None: the site's own point
        self._body_build_applied = False
        self._build()
        view.entry_picked.connect(self._on_entry_picked)

    @property
    def scene(self) -> PlanningScene:
        """Built on first use, from the meshes the view already holds (before the planner
        redraws skin and fat), keeping the fascia and zones the body build offsets from."""
        if self._scene is None:
            actors = self.view.renderer.actors
            self._scene = PlanningScene.from_atlas(self.atlas, {sid: a.mapper.dataset for sid, a in actors.items()})
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
            self.preset.setItemData(self.preset.count() - 1, f"{p.measured}.\n{p.source}", Qt.ItemDataRole.ToolTipRole)
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
        self.use_site = QPushButton("Use the site's point")
        self.risk = QCheckBox("Risk map on the skin")
        self.markers = QCheckBox("Show landmarks")
        self.result = QTextBrowser()
        self.result.setAccessibleName("Planner results")
        self.verdict = QLabel()
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setAccessibleName("Verdict")
        form = QFormLayout()
        for text, widget in (("Site", self.site), ("Side", self.side), ("Needle (mm)", self.needle),
                             ("Body build", self.preset), ("Fat", self.fat), ("", self.fat_label), ("Tilt toward head", self.tilt)):
            form.addRow(text, widget)
            widget.setAccessibleName(text or "Fat thickness")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.use_site)
        layout.addWidget(self.pick)
        layout.addWidget(self.risk)
        layout.addWidget(self.markers)
        layout.addWidget(self.verdict)
        layout.addWidget(self.result, 1)
        for signal in (self.site.currentTextChanged, self.side.currentTextChanged):
            signal.connect(self._site_changed)
        self.needle.currentTextChanged.connect(lambda _t: self.update_plan())
        self.tilt.valueChanged.connect(lambda _v: self.update_plan())
        self.fat.valueChanged.connect(self._fat_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.pick.toggled.connect(self._pick_toggled)
        self.use_site.clicked.connect(self._site_changed)
        self.risk.toggled.connect(lambda _on: self._update_risk_map())
        self.markers.toggled.connect(self.show_landmarks)

    # -- inputs ---------------------------------------------------------------------------
    def needle_mm(self) -> float:
        try:
            return min(max(float(self.needle.currentText()), 5.0), 150.0)
        except ValueError:
            return 38.0

    def _site_changed(self, *_args) -> None:
        self._entry_point = None
        self.update_plan()

    def fat_mm(self) -> float:
        """The chosen preset's published value, or the slider's whole millimetres."""
        key = self.preset.currentData()
        return PRESETS_MM[key] if key else float(self.fat.value())

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
        self._apply_body_build(self.fat_mm())
        self.update_plan()

    def _pick_toggled(self, on: bool) -> None:
        self.view.picking_entry = on

    def _on_entry_picked(self, point) -> None:
        self._entry_point = np.asarray(point, float)
        self.update_plan()

    # -- computing and drawing ------------------------------------------------------------
    def update_plan(self):
        fat, needle, tilt = self.fat_mm(), self.needle_mm(), float(self.tilt.value())
        scene = self.scene
        key = self.preset.currentData()
        source = next((f" — {p.measured}" for p in PRESETS if p.key == key), "")
        self.fat_label.setText(f"{fat:.1f} mm subcutaneous fat{source}")
        if not self._body_build_applied:  # the skin drawn must be the one the figures use
            self._apply_body_build(fat)
        if self._entry_point is None:
            self.plan = plan_site(scene, self.site.currentText(), self.side.currentText(), fat, needle, tilt)
        else:
            self.plan = plan_needle(scene, self._entry_point, fat, needle, tilt)
        self._draw_needle()
        self._show_result()
        self._update_risk_map()
        return self.plan

    def _draw_needle(self) -> None:
        p = self.plan
        entry = np.array(p.entry_mm)
        tip = entry + np.array(p.direction) * p.needle_mm
        plotter = self.view.interactor
        plotter.add_mesh(pv.Tube(pointa=entry - np.array(p.direction) * 15, pointb=tip, radius=1.0), color="#202020",
                         name="planner_needle", pickable=False, reset_camera=False, render=False)
        plotter.add_mesh(pv.Sphere(radius=2.2, center=entry), color="#ffffff", name="planner_entry",
                         pickable=False, reset_camera=False, render=False)
        self.view.request_render()

    def _show_result(self) -> None:
        p = self.plan
        colour, word = VERDICT_STYLE[p.verdict]
        self.verdict.setText(f"<b>{word}</b>")
        self.verdict.setStyleSheet(f"background: {colour}; color: #111; padding: 6px; border-radius: 4px; font-size: 120%;")
        rows = "".join(
            f"<tr><td>{layer['start_mm']:.1f}-{layer['end_mm']:.1f}</td><td>{html.escape(layer['name'])}</td>"
            f"<td align=right>{layer['thickness_mm']:.1f}</td></tr>"
            for layer in p.layers if layer["start_mm"] < max(p.needle_mm + 20, 60)
        )
        nerves = "".join(
            f"<li>{html.escape(self.atlas[sid].display_name)}: needle {d['needle_mm']} mm, needle line {d['axis_mm']} mm</li>"
            for sid, d in p.nerve_distances_mm.items()
        )
        depth = f"{p.depth_to_muscle_mm} mm" if p.depth_to_muscle_mm is not None else "not reached"
        target = html.escape(self.atlas[p.target_muscle].display_name) if p.target_muscle else "none"
        self.result.setHtml(
            f"<p><b>Depth to muscle:</b> {depth} ({target}, {p.muscle_thickness_mm or '-'} mm thick)<br>"
            f"<b>Needle {p.needle_mm:.0f} mm reaches muscle:</b> {'yes' if p.reaches_muscle else 'no'}; "
            f"tip in {html.escape(p.tip_in)}{'; reaches bone' if p.reaches_bone else ''}</p>"
            f"<table cellpadding=2><tr><th>mm</th><th>layer</th><th>thick</th></tr>{rows}</table>"
            f"<p><b>Distance to nerves and arteries</b></p><ul>{nerves}</ul>"
            f"<p><b>Why:</b> {html.escape('; '.join(p.reasons))}</p>"
            f"<p><small>Thresholds: danger if the needle comes within {THRESHOLDS['danger_needle_mm']:.0f} mm of a nerve or "
            f"artery, or its line within {THRESHOLDS['danger_axis_mm']:.0f} mm of the sciatic nerve; caution if the line "
            f"passes within {THRESHOLDS['caution_axis_mm']:.0f} mm of a nerve or artery, the tip stops short of muscle, or on bone. "
            f"Not modelled: {html.escape(', '.join(p.not_modelled))}.</small></p>"
            f"<p><i>{html.escape(p.note)}</i></p>"
        )

    def show_landmarks(self, on: bool) -> None:
        """Markers and names for the landmarks the methods use, on both sides."""
        self.view.set_landmarks("planner", [(key, side) for side in SIDES for key in LANDMARK_NAMES] if on else [])

    # -- body build: the skin follows the fat ----------------------------------------------
    def _keep_originals(self) -> None:
        fascia = self.scene.fascia.compute_normals(point_normals=True, cell_normals=False, auto_orient_normals=True)
        self._fascia_points = np.asarray(fascia.points, float)
        self._fascia_normals = np.asarray(fascia.point_data["Normals"], float)
        self._fascia_faces = fascia.faces
        actors = self.view.renderer.actors
        self._zones = {
            sid: (np.asarray(actors[sid].mapper.dataset.points, float), np.asarray(actors[sid].mapper.dataset.point_normals, float))
            for sid in actors if self.atlas[sid].group == "injection_site"
        }

    def _apply_body_build(self, fat_mm: float) -> None:
        """Redraw skin (its outer surface), fat and zones for a fat thickness: offsets along the
        fascia's normals, so it costs a few ms, not a rebuild."""
        _ = self.scene  # built on first use; it keeps the fascia and zones offset below
        self._body_build_applied = True
        actors = self.view.renderer.actors
        outer = pv.PolyData(self._fascia_points + self._fascia_normals * (fat_mm + SKIN_MM), self._fascia_faces)
        outer.point_data["Normals"] = self._fascia_normals
        if "skin" in actors:
            actors["skin"].mapper.SetInputData(outer)
        if "subcutaneous_fat" in actors:
            inner = pv.PolyData(self._fascia_points + self._fascia_normals * fat_mm, self._fascia_faces)
            actors["subcutaneous_fat"].mapper.SetInputData(inner)
        for sid, (points, normals) in self._zones.items():
            actors[sid].mapper.dataset.points = points + normals * (fat_mm - BUILD_FAT_MM)
        self.view.request_render()

    def _update_risk_map(self) -> None:
        actor = self.view.renderer.actors.get("skin")
        if actor is None:
            return
        mesh = actor.mapper.dataset
        if not self.risk.isChecked():
            actor.mapper.ScalarVisibilityOff()
            if RISK_TITLE in self.view.interactor.scalar_bars:
                self.view.interactor.remove_scalar_bar(RISK_TITLE, render=False)
            self.view.request_render()
            return
        if not self._body_build_applied:
            self._apply_body_build(self.fat_mm())
            mesh = actor.mapper.dataset
        nerve_points = np.vstack([n.points for n in self.scene.nerves.values()])[::2]
        distance = needle_to_nerve_mm(mesh.points, -self._fascia_normals, self.needle_mm(), nerve_points)
        mesh.point_data[RISK_TITLE] = distance
        actor.mapper.SetScalarModeToUsePointFieldData()
        actor.mapper.SelectColorArray(RISK_TITLE)
        actor.mapper.SetScalarRange(0, 2 * THRESHOLDS["caution_axis_mm"])
        lut = pv.LookupTable(cmap="RdYlGn", n_values=4)
        lut.scalar_range = (0, 2 * THRESHOLDS["caution_axis_mm"])
        actor.mapper.SetLookupTable(lut)
        actor.mapper.ScalarVisibilityOn()
        if RISK_TITLE not in self.view.interactor.scalar_bars:
            self.view.interactor.add_scalar_bar(RISK_TITLE, mapper=actor.mapper, n_labels=5, fmt="%.0f")
        self.risk_distances = distance
        self.view.request_render()
