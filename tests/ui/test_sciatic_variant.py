"""Switching the sciatic-piriformis variant in the window: the nerve and piriformis are drawn
anew, the selection and the camera stay, the panel names the variant, and where a division
passes through piriformis, clicking there picks the nerve."""

from __future__ import annotations

import numpy as np
import pyvista as pv
import pytest

from tests.conftest import EVENT_TIMEOUT_MS
from tests.ui.conftest import click, display_point

pytestmark = pytest.mark.gui


def where_it_leaves_the_muscle(nerve, typical, pierced, typical_nerve, eye) -> np.ndarray:
    """A point of the type B nerve, within 10 mm of its tunnel through piriformis, that the eye
    sees with nothing of the pierced muscle in front, and with the typical muscle right behind
    it and no typical nerve on the way (so the same pixel shows piriformis in type A)."""
    points = np.asarray(nerve.points)
    depth = pv.PolyData(points).compute_implicit_distance(typical)["implicit_distance"]
    tunnel = points[depth < -1.0]
    near = points[(depth > 0) & (np.min(np.linalg.norm(points[:, None] - tunnel[None, ::10], axis=2), axis=1) < 10.0)]
    for point in near[np.argsort(np.linalg.norm(near - eye, axis=1))]:
        ray = (point - eye) / np.linalg.norm(point - eye)
        # Clear of the muscle by 2 mm on the screen too: a pixel is a ray of its own, and one
        # grazing the muscle's edge beside the nerve picks the muscle.
        side = np.cross(ray, [0.0, 0.0, 1.0])
        side /= np.linalg.norm(side)
        up = np.cross(side, ray)
        rays = [point + 2.0 * d for d in (np.zeros(3), side, -side, up, -up)]
        in_front = any(len(pierced.ray_trace(eye, p - ray * 0.5)[0]) for p in rays)
        behind, _ = typical.ray_trace(point, point + ray * 15.0)
        if not in_front and len(behind) and not len(typical_nerve.ray_trace(eye, point + ray * 15.0)[0]):
            return point
    raise AssertionError("no point of the division is seen coming out of piriformis")


def test_switching_to_type_b_swaps_the_meshes_and_the_division_through_piriformis_is_clickable(qtbot, make_window, atlas):
    from explorer.geometry.mesh_io import load_mesh

    window = make_window()
    state, renderer = window.state, window.view.renderer
    state.set_visible([sid for sid in state.groups if sid.startswith(("gluteus_maximus", "skin"))], False)
    window.view.show_preset("posterior")
    b = atlas.with_variant("B")
    eye = np.array(renderer.camera_pose()[0])
    point = where_it_leaves_the_muscle(*(load_mesh(shown.mesh_path(shown[sid])) for shown, sid in (
        (b, "sciatic_nerve_right"), (atlas, "piriformis_right"), (b, "piriformis_right"), (atlas, "sciatic_nerve_right"))), eye)
    pixel = display_point(window, point)
    click(qtbot, window, pixel)
    assert state.selection == "piriformis_right"  # type A: the muscle is whole there
    before = {sid: renderer.actors[sid].mapper.dataset for sid in ("sciatic_nerve_right", "piriformis_right")}
    camera = renderer.camera_pose()

    with qtbot.waitSignal(state.variant_changed, timeout=EVENT_TIMEOUT_MS):
        window.variant_actions["B"].trigger()
    assert state.variant == "B" and window.variant_actions["B"].isChecked()
    for sid, old in before.items():
        new = renderer.actors[sid].mapper.dataset
        assert new.n_points != old.n_points, sid  # another mesh is drawn
    assert renderer.camera_pose() == camera  # the view stays
    assert state.selection == "piriformis_right" and "piriformis_right" in renderer.outlines  # so does the selection
    assert "Variant shown: Type B" in window.panel.text.toPlainText()
    qtbot.waitUntil(lambda: "peroneal division through piriformis" in window.statusBar().currentMessage(), timeout=EVENT_TIMEOUT_MS)

    click(qtbot, window, pixel)
    assert state.selection == "sciatic_nerve_right"  # the division comes out of the muscle there
    assert "Variant shown: Type B" in window.panel.text.toPlainText()

    with qtbot.waitSignal(state.variant_changed, timeout=EVENT_TIMEOUT_MS):
        window.variant_actions["A"].trigger()
    assert renderer.actors["sciatic_nerve_right"].mapper.dataset.n_points == before["sciatic_nerve_right"].n_points


def test_the_planner_in_the_window_measures_the_variant_drawn(qtbot, make_window):
    window = make_window()
    planner = window.planner
    planner.site.setCurrentText("dorsogluteal")
    planner.side.setCurrentText("right")
    before = planner.update_plan().nerve_distances_mm["sciatic_nerve_right"]["needle_mm"]
    with qtbot.waitSignal(window.state.variant_changed, timeout=EVENT_TIMEOUT_MS):
        window.variant_actions["B"].trigger()
    drawn = window.view.renderer.actors["sciatic_nerve_right"].mapper.dataset
    assert planner.scene.nerves["sciatic_nerve_right"] is drawn  # the scene is made from what is drawn
    assert planner.plan.nerve_distances_mm["sciatic_nerve_right"]["needle_mm"] < before  # and the plan was redone


def test_the_risk_map_is_computed_again_for_the_variant_drawn(qtbot, make_window):
    from PySide6.QtWidgets import QDockWidget

    window = make_window()
    planner = window.planner
    window.findChild(QDockWidget, "planner_dock").raise_()
    qtbot.waitUntil(lambda: planner.active, timeout=EVENT_TIMEOUT_MS)
    with qtbot.waitSignal(planner.risk_ready, timeout=120_000):
        planner.risk.setChecked(True)
    typical = planner.risk_map.levels.copy()
    with qtbot.waitSignal(planner.risk_ready, timeout=120_000):
        window.variant_actions["C"].trigger()  # the peroneal division over piriformis, highest of all
    assert planner.active and (planner.risk_map.levels != typical).any()
    assert (planner.risk_map.levels >= 1).sum() > (typical >= 1).sum()  # more skin where a needle comes near
