"""The planner in the window: pick a site, change the needle and the body build, read the
verdict; pick an entry on the skin; the risk map and landmarks show."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtWidgets import QDockWidget

from tests.ui.conftest import click, display_point

pytestmark = pytest.mark.gui


def open_planner(window):
    window.findChild(QDockWidget, "planner_dock").raise_()
    return window.planner


def test_site_needle_and_fat_change_the_figures(make_window, qtbot):
    window = make_window()
    planner = open_planner(window)
    planner.site.setCurrentText("dorsogluteal")
    planner.side.setCurrentText("right")
    planner.needle.setCurrentText("38")
    plan = planner.update_plan()
    assert plan.target_muscle == "gluteus_maximus_right" and plan.reaches_muscle and plan.verdict == "caution"
    assert "CAUTION" in planner.verdict.text() and "Gluteus maximus (right)" in planner.result.toPlainText()
    assert "Superior gluteal artery (right)" in planner.result.toPlainText()  # the bundle under the site
    planner.site.setCurrentText("ventrogluteal")
    assert planner.plan.target_muscle == "gluteus_medius_right" and planner.plan.verdict != "danger"
    assert planner.plan.verdict.upper() in planner.verdict.text()
    planner.site.setCurrentText("dorsogluteal")
    planner.needle.setCurrentText("16")
    assert planner.plan.needle_mm == 16 and not planner.plan.reaches_muscle
    assert "CAUTION" in planner.verdict.text() and "ends before muscle" in planner.result.toPlainText()
    planner.needle.setCurrentText("38")
    depth_before = planner.plan.depth_to_muscle_mm
    started = time.perf_counter()
    planner.preset.setCurrentIndex(planner.preset.findData("missed-muscle-bmi29"))  # 54 mm skin to muscle (CT)
    elapsed = time.perf_counter() - started  # reported, not asserted: speed belongs to the benchmark
    assert planner.fat.value() == 52 and planner.plan.fat_mm == pytest.approx(51.5)
    assert planner.plan.depth_to_muscle_mm == pytest.approx(depth_before + 51.5 - 19.9, abs=0.5)
    assert not planner.plan.reaches_muscle and "Krishnan" in planner.preset.currentText()
    skin = window.view.renderer.actors["skin"].mapper.dataset
    _, closest = planner.scene.fascia.find_closest_cell(skin.points[:5], return_closest_point=True)
    assert np.linalg.norm(skin.points[:5] - closest, axis=1) == pytest.approx([54.0] * 5, abs=0.5)  # skin moved out
    planner.fat.setValue(80)  # severe obesity: the slider reaches past every preset
    assert planner.preset.currentData() is None and planner.plan.fat_mm == 80
    print(f"fat change -> replan and redraw: {elapsed * 1000:.0f} ms")


def test_picking_an_entry_on_the_skin_plans_there(make_window, qtbot):
    window = make_window()
    planner = open_planner(window)
    planner.update_plan()
    planner.pick.setChecked(True)
    window.view.show_preset("posterior")
    target = planner.scene.landmarks["right"]["ischial_tuberosity"] + np.array([20.0, -140.0, 10.0])
    click(qtbot, window, display_point(window, target))
    assert planner._entry_point is not None
    assert planner.plan.site is None and planner.plan.verdict == "danger"  # over the sciatic nerve
    assert "sciatic" in planner.result.toPlainText().lower()
    assert window.state.selection is None  # picking an entry does not select


def test_risk_map_and_landmarks(make_window):
    window = make_window()
    planner = open_planner(window)
    planner.update_plan()
    planner.risk.setChecked(True)
    distances = planner.risk_distances
    assert distances.min() < 10 < 60 < distances.max()
    assert "needle to nerve or artery (mm)" in window.view.interactor.scalar_bars
    planner.markers.setChecked(True)
    assert {"ASIS (right)", "Greater trochanter (left)"} <= {m.text for m in window.view.landmarks.marks}
    planner.risk.setChecked(False)
    assert not window.view.renderer.actors["skin"].mapper.GetScalarVisibility()
