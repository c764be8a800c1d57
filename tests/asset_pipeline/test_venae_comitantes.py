"""The companion veins' placement, on simple solids: beside the artery, away from its nerve,
and round the artery to a free side where bone takes that one (units mm)."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import gluteal_vessels, venae_comitantes

T = np.linspace(0.0, 100.0, 41)  # along y: the tubes run front to back


def straight_tube(x: float, diameter: float) -> tuple[np.ndarray, pv.PolyData]:
    line = np.stack([np.full_like(T, x), T, np.zeros_like(T)], axis=1)
    return line, gluteal_vessels.vessel_tube(line, diameter, np.full(len(T), 50.0))[0]


def lay(extra_hard=()):
    artery_line, artery = straight_tube(0.0, 5.0)
    _, nerve = straight_tube(6.0, 4.0)  # the nerve on the artery's right (+x)
    hard = [artery, nerve, *extra_hard]
    course = venae_comitantes.vein_course(artery_line, artery, nerve, 3.0, hard)
    tube, radius = venae_comitantes.vein_tube(course, 6.0, hard)
    return course, tube, radius, hard


def test_the_vein_lies_beside_the_artery_on_the_side_away_from_the_nerve():
    course, tube, radius, hard = lay()
    middle = course[10:-10]  # away from the tapered far end
    # Artery radius 2.5 + gap 1 + vein radius 3: its centre 6.5 mm from the artery's axis, on -x.
    assert np.allclose(middle[:, 0], -6.5, atol=0.3) and np.allclose(middle[:, 2], 0.0, atol=0.3)
    assert np.allclose(radius[10:-14], 3.0, atol=0.05)
    assert venae_comitantes.hard_distance(np.asarray(tube.points), hard).min() > 0.3  # touches neither


def test_where_bone_takes_that_side_it_turns_round_the_artery_and_stays_out_of_the_bone():
    bone = pv.Box(bounds=(-30.0, -4.5, 35.0, 65.0, -20.0, 20.0)).triangulate()
    course, tube, radius, hard = lay([bone])
    beside_bone = course[(course[:, 1] > 45.0) & (course[:, 1] < 55.0)]
    assert np.all(np.abs(beside_bone[:, 2]) > 5.0)  # turned above or below the artery
    assert np.all(course[:5, 0] < -6.0) and np.all(course[5:8, 0] < -5.0)  # and away from the nerve before it
    assert venae_comitantes.hard_distance(np.asarray(tube.points), hard).min() > 0.3


def test_the_veins_that_leave_under_piriformis_keep_out_of_it_where_muscles_otherwise_yield():
    """Muscles yield to a vein (they are grooved afterwards), but the inferior gluteal and internal
    pudendal veins leave under piriformis, never through it: piriformis on the artery's side away
    from the nerve turns each round its artery, out of the muscle."""
    routed, lines = {}, {}
    for n, (side, (base, (artery_id, nerve_id, diameter))) in enumerate(
            (side, item) for side in ("left", "right") for item in venae_comitantes.VEINS.items()):
        up = np.array([0.0, 0.0, 100.0 * n])  # each bundle well clear of the others
        line, artery = straight_tube(0.0, diameter)
        lines[f"{artery_id}_{side}"], routed[f"{artery_id}_{side}"] = line + up, artery.translate(up)
        routed[f"{nerve_id}_{side}"] = straight_tube(6.0, 4.0)[1].translate(up)
    veins = ("inferior_gluteal_vein", "internal_pudendal_vein")
    heights = {vein: 100.0 * list(venae_comitantes.VEINS).index(vein) for vein in veins}  # the left ones'
    piriformis = pv.merge([pv.Box(bounds=(-30.0, -4.5, 35.0, 65.0, up - 20.0, up + 20.0)).triangulate() for up in heights.values()])
    far = pv.Box(bounds=(1000.0, 1001.0, 1000.0, 1001.0, 1000.0, 1001.0)).triangulate()  # any other muscle kept out of
    muscles = {f"{name}_{side}": piriformis if name == "piriformis" else far
               for names in venae_comitantes.KEPT_OUT_OF.values() for name in names for side in ("left", "right")}
    laid = venae_comitantes.veins(routed, lines, [], muscles)
    for vein, up in heights.items():
        tube, course, _ = laid[f"{vein}_left"]
        diameter = venae_comitantes.VEINS[vein][2]
        off = diameter / 2 + venae_comitantes.GAP_MM + venae_comitantes.VEIN_TO_ARTERY * diameter / 2  # vein centre to artery's
        beside = (course[:, 1] > 45.0) & (course[:, 1] < 55.0)
        assert np.all(np.abs(course[beside, 2] - up) > 0.75 * off), vein  # turned above or below the artery
        assert venae_comitantes.hard_distance(np.asarray(tube.points), [piriformis]).min() > 0.3, vein
