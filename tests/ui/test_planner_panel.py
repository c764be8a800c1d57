"""The planner in the window: pick a site, change the needle and the body build, read the
verdict; pick an entry on the skin as a mode that ends cleanly; the planner's drawings stay
out of tours, quizzes, presentations and handouts; the risk map is computed while the window
goes on answering; a broken file turns the band red."""

from __future__ import annotations

import os
import shutil
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDockWidget

from explorer.atlas import load_atlas
from explorer.atlas.descriptors import ANNOTATIONS_DIR
from explorer.planning import plan_site
from explorer.ui import qt_risk_map
from explorer.ui.planner_html import OTHER_SIDE_LINK, WHY_LINK
from tests.ui.conftest import click, display_point, visible_surface_point

pytestmark = pytest.mark.gui
DRAWN = ("planner_needle", "planner_entry", "landmarks")


def open_planner(window):
    window.findChild(QDockWidget, "planner_dock").raise_()
    assert window.planner.active
    return window.planner


def drawn(window) -> set[str]:
    """The planner's actors in the view, and whether the skin is coloured by the risk map."""
    names = {name for name in DRAWN if name in window.view.interactor.actors}
    if window.view.landmarks.marks:
        names.add("landmarks")
    if window.view.renderer.actors["skin"].mapper.GetScalarVisibility():
        names.add("risk map")
    return names


def test_site_needle_and_fat_change_the_figures(make_window, qtbot):
    window = make_window()
    planner = open_planner(window)
    planner.site.setCurrentText("dorsogluteal")
    planner.side.setCurrentText("right")
    planner.needle.setCurrentText("50")  # (the skin to maximus there is 39 mm on this body: a 38 mm needle stops short)
    plan = planner.update_plan()
    # On the subject's skin the dorsogluteal needle, square to the skin, aims in toward the sciatic
    # notch: the needle ends in maximus far from every nerve, but its line meets the sciatic nerve.
    assert plan.target_muscle == "gluteus_maximus_right" and plan.reaches_muscle and plan.verdict == "danger"
    text = planner.result.toPlainText()
    assert "DANGER" in planner.verdict.text() and "Gluteus maximus (right)" in text
    assert "Sciatic nerve (right): the needle's line passes" in text and "beyond the tip" in text
    planner.needle.setCurrentText("38")
    planner.site.setCurrentText("ventrogluteal")
    assert planner.plan.target_muscle == "gluteus_medius_right" and planner.plan.verdict != "danger"
    assert planner.plan.verdict.upper() in planner.verdict.text()
    planner.site.setCurrentText("dorsogluteal")
    planner.needle.setCurrentText("16")
    assert planner.plan.needle_mm == 16 and not planner.plan.reaches_muscle and planner.plan.verdict != "safe"
    assert planner.plan.verdict.upper() in planner.verdict.text() and "the tip ends in subcutaneous fat" in planner.result.toPlainText()
    planner.needle.setCurrentText("38")
    depth_before = planner.plan.depth_to_muscle_mm
    planner.preset.setCurrentIndex(planner.preset.findData("missed-muscle-bmi29"))  # 54 mm skin to muscle (CT)
    assert planner.fat.value() == 52 and planner.plan.fat_mm == pytest.approx(51.5)
    assert planner.plan.depth_to_muscle_mm == pytest.approx(depth_before + 51.5 - 19.9, abs=1)
    assert not planner.plan.reaches_muscle and "Krishnan" in planner.preset.currentText()
    skin = window.view.renderer.actors["skin"].mapper.dataset
    _, on_skin = skin.find_closest_cell(np.atleast_2d(planner.plan.entry_mm), return_closest_point=True)
    assert np.linalg.norm(on_skin[0] - planner.plan.entry_mm) < 1.0  # the skin drawn moved out to the needle's entry
    fat = next(row for row in planner.plan.layers if row["kind"] == "fat")
    assert (fat["start_mm"], fat["end_mm"]) == (3, 54)  # 2.5 mm of skin, then the 51.5 mm of fat
    planner.fat.setValue(80)  # severe obesity: the slider reaches past every preset
    assert planner.preset.currentData() is None and planner.plan.fat_mm == 80


def test_the_panel_reads_whole_mm_nearest_first_and_explains_its_numbers(make_window):
    window = make_window()
    planner = open_planner(window)
    planner.preset.setCurrentIndex(planner.preset.findData("vg-adult-mean"))
    label = planner.fat_label.text()
    assert label.startswith("19.9 mm: mean subcutaneous tissue") and "± 2.5 mm is how closely the studies' means agree" in label
    assert "not how much people differ" in label and "Gulnar et al. 2023" in label
    text = planner.result.toPlainText()
    figures = text.split("Thresholds")[0].split("Layers along the needle")[1]
    assert not any(ch.isdigit() and "." in word for word in figures.split() for ch in word)  # no decimals
    rows = [line for line in text.splitlines() if line.startswith(("Sciatic nerve (", "Superior gluteal", "Inferior gluteal"))]
    assert rows and all("(right)" in row for row in rows)  # the same side only
    assert "+ 12 on the other side" in text and "(left)" not in text.split("Thresholds")[0]  # 6 nerves, 3 arteries, 3 veins
    planner.result.anchorClicked.emit(QUrl(OTHER_SIDE_LINK))
    assert "Sciatic nerve (left)" in planner.result.toPlainText()
    for kind in ("sciatic nerve: danger if needle within 10 mm or its line within 15 mm", "gluteal nerves: danger if needle within 10 mm",
                 "gluteal arteries: danger if needle within 10 mm", "gluteal veins: danger if needle within 10 mm"):
        assert kind in planner.result.toPlainText()
    assert "Mishra P" not in planner.result.toPlainText()
    planner.result.anchorClicked.emit(QUrl(WHY_LINK))
    assert "Mishra P, Stringer MD" in planner.result.toPlainText() and "4 ml depot" in planner.result.toPlainText()


def test_picking_an_entry_is_a_mode_that_ends_cleanly(make_window, qtbot):
    window = make_window()
    planner = open_planner(window)
    window.view.show_preset("posterior")
    # Where the left dorsogluteal needle enters the skin drawn now: a point on the left buttock.
    left_dg = plan_site(planner.scene, "dorsogluteal", "left", planner.fat_mm(), 38).entry_mm

    def start_picking():
        qtbot.mouseClick(planner.pick, Qt.MouseButton.LeftButton)
        assert planner.pick.isChecked() and planner.mode_label.isVisible() and window.view.picking_entry
        assert "click the skin" in window.statusBar().currentMessage()

    def ended():
        return not planner.pick.isChecked() and not planner.mode_label.isVisible() and not window.view.picking_entry

    start_picking()
    click(qtbot, window, display_point(window, left_dg))
    assert planner.plan.site is None and planner.plan.side == "left" and planner.plan.entry_label == "picked point / left"
    assert "Entry: picked point / left" in planner.result.toPlainText() and "(picked point / left)" in planner.verdict.text()
    assert window.state.selection is None  # picking an entry does not select
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert ended() and window.statusBar().currentMessage() == ""
    # Leaving the planner's tab ends it.
    start_picking()
    window.findChild(QDockWidget, "information_dock").raise_()
    assert ended() and not planner.active
    # Presentation mode ends it, and a click there explains the muscle instead of moving the needle.
    open_planner(window)
    start_picking()
    entry = list(planner.plan.entry_mm)
    window.set_presentation(True)
    assert ended() and drawn(window) == set()
    click(qtbot, window, display_point(window, visible_surface_point(window, "gluteus_maximus_right")))
    assert window.state.selection == "gluteus_maximus_right" and planner.plan.entry_mm == entry
    window.set_presentation(False)
    # A tour or a quiz ends it too, even with the planner still in sight (a floating panel) ...
    assert planner.active
    start_picking()
    window.tours.start(window.tours.tours[0].id)
    assert ended() and drawn(window) == set()
    start_picking()  # ... until the user works in the planner again: then it draws again
    assert planner.active and "planner_needle" in drawn(window)
    window.quiz.start_button.click()
    assert ended() and drawn(window) == set()
    window.quiz.stop()


def test_the_planner_draws_nothing_into_tours_quiz_presentation_or_handouts(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    def skin_points():
        return np.array(window.view.renderer.actors["skin"].mapper.dataset.points)

    shipped_skin = skin_points()
    planner = open_planner(window)
    planner.markers.setChecked(True)
    with qtbot.waitSignal(planner.risk_ready, timeout=120_000):
        planner.risk.setChecked(True)
    assert drawn(window) == {*DRAWN, "risk map"}
    assert skin_points().shape != shipped_skin.shape  # the body build's skin (offset from the fascia)
    # A handout of the selection is drawn without them, and they come back after.
    seen = []
    real = window.view.interactor.screenshot
    monkeypatch.setattr(window.view.interactor, "screenshot", lambda *a, **k: (seen.append(drawn(window)), real(*a, **k))[1])
    window.state.select("sciatic_nerve_right")
    assert window.export_handout(str(tmp_path / "handout.pdf")) is not None
    assert seen == [set()] and drawn(window) == {*DRAWN, "risk map"}
    # A tour takes the view: everything of the planner goes, the shipped skin comes back.
    window.findChild(QDockWidget, "tours_dock").raise_()
    window.tours.start(window.tours.tours[0].id)
    assert drawn(window) == set() and np.array_equal(skin_points(), shipped_skin)
    assert "risk from nerves and arteries" not in window.view.interactor.scalar_bars
    # Back in the planner, it draws again (the risk map from its cached computation, at once).
    with qtbot.waitSignal(planner.risk_ready, timeout=10_000):
        open_planner(window)
    assert drawn(window) == {*DRAWN, "risk map"}


def test_risk_map_is_computed_while_the_window_answers_clicks(make_window, qtbot, monkeypatch, request):
    """The computation runs while the window answers: its numpy part in a worker thread, held at
    its start here, so it cannot finish before the click is answered; the click's effect is
    seen while the computation is still running."""
    window = make_window()
    planner = open_planner(window)
    started, release = threading.Event(), threading.Event()
    request.addfinalizer(release.set)  # never leave the worker waiting
    real = qt_risk_map.sample_profiles

    def held(*args, **kwargs):
        started.set()
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(qt_risk_map, "sample_profiles", held)
    planner.risk.setChecked(True)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert planner.risk_progress.isVisible() and planner.risk_map.levels is None
    click(qtbot, window, display_point(window, visible_surface_point(window, "gluteus_maximus_left")))
    assert window.state.selection == "gluteus_maximus_left"  # answered during the computation
    planner.site.setCurrentText("dorsogluteal")  # and the planner itself answers too
    assert planner.plan.site == "dorsogluteal" and planner.risk_map.levels is None
    with qtbot.waitSignal(planner.risk_ready, timeout=120_000):
        release.set()
    assert not planner.risk_progress.isVisible() and "risk from nerves and arteries" in window.view.interactor.scalar_bars
    levels = planner.risk_map.levels
    assert set(np.unique(levels)) == {0, 1, 2}
    # A new needle is applied from the computed profiles at once (the signal comes within the call).
    with qtbot.waitSignal(planner.risk_ready, timeout=1000):
        planner.needle.setCurrentText("16")
    assert (planner.risk_map.levels == 2).sum() < (levels == 2).sum()
    planner.markers.setChecked(True)
    assert {"ASIS (right)", "Greater trochanter (left)"} <= {m.text for m in window.view.landmarks.marks}
    assert "landmarks" in drawn(window)
    planner.markers.setChecked(False)  # the names go with the markers
    assert "landmarks" not in drawn(window)
    planner.risk.setChecked(False)
    assert not window.view.renderer.actors["skin"].mapper.GetScalarVisibility()


def test_a_broken_sciatic_file_turns_the_band_red_and_says_what_is_missing(make_window, tmp_path):
    folder = tmp_path / "badann"
    shutil.copytree(ANNOTATIONS_DIR, folder)
    (folder / "sciatic_nerve.md").write_bytes(os.urandom(3000))
    window = make_window(load_atlas(folder))
    planner = open_planner(window)
    assert planner.plan.verdict == "incomplete"
    band = planner.verdict.text()
    assert "INCOMPLETE" in band and "Sciatic nerve (left)" in band and "Sciatic nerve (right)" in band
    assert "#b3261e" in planner.verdict.styleSheet()  # red
    assert "sciatic_nerve.md" in planner.result.toPlainText()
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any(p.startswith("Injection planner: without Sciatic nerve (left), Sciatic nerve (right) every plan is INCOMPLETE")
               for p in problems)
    planner.site.setCurrentText("ventrogluteal")
    assert planner.plan.verdict == "incomplete" and "SAFE" not in planner.verdict.text()

