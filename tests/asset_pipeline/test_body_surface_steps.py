"""The body surface's build steps on shapes whose answer is known: the regional fat keeps the
detail and narrows the spread, the dimples are the thinnest place, and the room to grow is
measured only to skin that faces back across a gap."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def _landmarks():
    """Two sides of a pelvis-sized box: the buttock region is y < 0, -20 < z < 120, |x| < 150."""
    def side(s):
        return {"hip_centre": np.array([90.0 * s, 0.0, 0.0]), "ischial_tuberosity": np.array([50.0 * s, -40.0, -20.0]),
                "iliac_crest_summit": np.array([90.0 * s, -40.0, 120.0]), "greater_trochanter": np.array([150.0 * s, 0.0, -30.0])}
    return {"left": side(-1.0), "right": side(1.0)}


def _back_sheet():
    """A sheet of skin behind the pelvis (y = -120), 5 mm apart, with its 1-ring mean."""
    import pyvista as pv

    from explorer.asset_pipeline.body_surface import _neighbour_mean

    sheet = pv.Plane(center=(0.0, -120.0, 30.0), direction=(0.0, -1.0, 0.0), i_size=300.0, j_size=240.0,
                     i_resolution=60, j_resolution=48).triangulate()
    return np.asarray(sheet.points, float), _neighbour_mean(sheet)


def test_the_spread_of_fat_narrows_and_the_dimples_are_thinnest():
    from explorer.asset_pipeline import regional_fat

    points, average = _back_sheet()
    # Broad fat from 10 mm (outer hips) to 50 mm (middle): a 5-fold spread, like the fitted skin's.
    fat = 10.0 + 40.0 * np.exp(-0.5 * (points[:, 0] / 60.0) ** 2)
    psis = [np.array([-40.0, -120.0, 90.0]), np.array([40.0, -120.0, 90.0])]
    out, report = regional_fat.reshaped(fat, points, average, _landmarks(), psis, floor_mm=10.0)
    below = (np.abs(points[:, 0]) < 140.0) & (points[:, 2] > -20.0) & (points[:, 2] < 20.0)  # below the dimples
    # Narrower: the broad part is taken to the square root of its spread, the detail kept.
    assert out[below].max() / out[below].min() < 0.7 * fat[below].max() / fat[below].min()
    nearest_psis = np.argmin(np.linalg.norm(points - psis[0], axis=1))
    assert out[nearest_psis] == pytest.approx(report["dimple_fat_mm"], abs=1.5)
    assert out[nearest_psis] < out[below].min()
    # The thighs, 60 mm and more below the tuberosities, keep the subject's own skin.
    thighs = points[:, 2] < -80.0
    assert thighs.any() and np.allclose(out[thighs], fat[thighs])
    # Never below the floor where the subject had that much (every deep structure stays inside).
    assert (out >= np.minimum(fat, 10.0) - 1e-9).all()


def test_the_detail_of_the_skin_is_kept():
    from explorer.asset_pipeline import regional_fat

    points, average = _back_sheet()
    groove = 12.0 * np.exp(-0.5 * (points[:, 0] / 6.0) ** 2)  # a cleft-like 12 mm dip, 1 cm wide
    fat = 30.0 - groove
    far = [np.array([-140.0, -120.0, 140.0]), np.array([-139.0, -120.0, 140.0])]  # dimples out of the way
    out, _ = regional_fat.reshaped(fat, points, average, _landmarks(), far, floor_mm=0.0)
    middle = np.abs(points[:, 2] - 30.0) < 40.0
    at_groove = middle & (np.abs(points[:, 0]) < 2.0)
    beside = middle & (np.abs(np.abs(points[:, 0]) - 30.0) < 2.0)
    assert out[beside].mean() - out[at_groove].mean() == pytest.approx(12.0, abs=3.0)


def test_room_is_half_the_gap_to_skin_that_faces_back_and_none_is_lost_to_a_bulge():
    import pyvista as pv

    from explorer.asset_pipeline.body_surface import ROOM_LIMIT_MM, ROOM_MARGIN_MM, room

    # Two thighs' inner faces: plates 40 mm apart facing each other.
    left = pv.Plane(center=(-20.0, 0.0, 0.0), direction=(1.0, 0.0, 0.0), i_size=200, j_size=200, i_resolution=20, j_resolution=20)
    right = pv.Plane(center=(20.0, 0.0, 0.0), direction=(-1.0, 0.0, 0.0), i_size=200, j_size=200, i_resolution=20, j_resolution=20)
    plates = (left + right).triangulate()
    normals = np.where(np.asarray(plates.points)[:, :1] < 0, [[1.0, 0.0, 0.0]], [[-1.0, 0.0, 0.0]])
    assert np.median(room(plates, normals)) == pytest.approx(20.0 - ROOM_MARGIN_MM, abs=0.5)
    # In front of the lower back lies the top cap, whose points have no direction: it faces nothing.
    back = pv.Plane(center=(0.0, 0.0, 0.0), direction=(0.0, 1.0, 0.0), i_size=100, j_size=100, i_resolution=10, j_resolution=10)
    cap = pv.Plane(center=(0.0, 30.0, 0.0), direction=(0.0, 0.0, 1.0), i_size=100, j_size=40, i_resolution=10, j_resolution=4)
    scene = (back + cap).triangulate()
    y, x = np.asarray(scene.points)[:, 1], np.asarray(scene.points)[:, 0]
    directions = np.zeros((scene.n_points, 3))
    on_back = np.abs(y) < 1e-6
    directions[on_back] = [0.0, 1.0, 0.0]
    assert room(scene, directions)[on_back & (np.abs(x) < 30.0)].min() == pytest.approx(ROOM_LIMIT_MM)
    # A round buttock: nothing faces back across a gap, whatever its curvature.
    ball = pv.Sphere(radius=80.0, theta_resolution=40, phi_resolution=40).triangulate().clean()
    ball_normals = np.asarray(ball.points) / 80.0
    assert room(ball, ball_normals).min() == pytest.approx(ROOM_LIMIT_MM)


def test_a_stored_skin_placement_is_used_as_it_is(tmp_path):
    """The skin's placement is a reviewed parameter: when its file exists the build applies it
    and fits nothing, so a change elsewhere in the deep body cannot turn the skin."""
    import json

    import pyvista as pv

    from explorer.asset_pipeline import skin_fit

    skin = pv.Sphere(radius=150.0, theta_resolution=30, phi_resolution=30).triangulate()
    matrix = np.eye(4)
    matrix[:3, :3] *= 0.96
    matrix[:3, 3] = [1.0, -2.0, 3.0]
    stored = tmp_path / "placement.json"
    stored.write_text(json.dumps({"matrix": matrix.tolist()}))
    side = {"psis": np.array([40.0, -100.0, 0.0]), "asis": np.array([100.0, 50.0, 0.0]),
            "iliac_crest_summit": np.array([90.0, -40.0, 60.0]), "greater_trochanter": np.array([120.0, 0.0, -40.0]),
            "coccyx_tip": np.array([0.0, -120.0, -30.0])}
    landmarks = {"left": {k: v * [-1.0, 1.0, 1.0] for k, v in side.items()}, "right": side}
    placed, report = skin_fit.placement(skin, np.zeros((0, 3)), landmarks, np.zeros((0, 3)), stored, log=lambda *_: None)
    assert np.array_equal(placed, matrix) and report["placement"] == "stored"
    assert report["scale"] == pytest.approx(0.96, abs=1e-4)
    # The depths it reports are measured with that placement: the PSIS 100 mm behind the origin
    # lies ~43 mm inside a sphere of 144 mm (150 x 0.96) centred on (1, -2, 3).
    assert report["landmark_depth_mm"]["psis_right"] == pytest.approx(144.0 - np.linalg.norm(side["psis"] - [1.0, -2.0, 3.0]), abs=3.0)


def test_a_fold_in_the_skin_is_smoothed_out():
    # A sheet whose middle column of points has been pushed across its neighbours (as the walls
    # of a deep cleft pushed off the bone between them cross): triangles face the wrong way
    # until the fold is smoothed, and only the fold's points move.
    import pyvista as pv

    from explorer.asset_pipeline.body_surface import _around, _neighbour_mean, _turned_over, _unfolded, face_normals

    sheet = pv.Plane(i_size=100.0, j_size=100.0, i_resolution=20, j_resolution=20).triangulate()
    reference = face_normals(np.asarray(sheet.points), sheet.regular_faces)
    folded = sheet.copy()
    middle = np.isclose(folded.points[:, 0], 0.0) & (np.abs(folded.points[:, 1]) < 30.0)
    folded.points[middle, 0] += 8.0  # 1.6 x the 5 mm spacing
    turned = _turned_over(np.asarray(folded.points), sheet.regular_faces, reference)
    assert turned.any()
    average = _neighbour_mean(sheet)
    region = _around(sheet.regular_faces[turned].ravel(), average, 2)
    out = _unfolded(folded, reference, region, average)
    assert not _turned_over(np.asarray(out.points), sheet.regular_faces, reference).any()
    assert np.array_equal(np.asarray(out.points)[~region], np.asarray(folded.points)[~region])
