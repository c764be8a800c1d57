"""Anatomy, not files: where the built structures lie relative to each other and to bone.

Tolerances are stated in mm with the reason; the frame is RAS (x right, y anterior, z up).
"""

from __future__ import annotations

import numpy as np
import pytest

SIDES = ("left", "right")
MUSCLES = ["gluteus_maximus", "gluteus_medius", "gluteus_minimus", "piriformis", "tensor_fasciae_latae"]


def distance_to(mesh, points):
    _, closest = mesh.find_closest_cell(np.atleast_2d(points), return_closest_point=True)
    return np.linalg.norm(closest - np.atleast_2d(points), axis=1)


@pytest.mark.parametrize("side", SIDES)
def test_muscles_are_closed_and_rank_by_volume_within_mri_proportions(atlas, side):
    from explorer.geometry.mesh_io import load_mesh, mesh_stats

    v = {}
    for m in MUSCLES:
        stats = mesh_stats(load_mesh(atlas.mesh_path(atlas[f"{m}_{side}"])))
        assert stats.closed, m
        v[m] = stats.volume_cm3
    assert v["gluteus_maximus"] > v["gluteus_medius"] > v["gluteus_minimus"] > v["piriformis"]
    # Adult MRI series (e.g. Handsfield 2014) put maximus at about 1.7-2.6x medius, medius at
    # about 2.5-4.5x minimus, and maximus at 550-1300 cm^3.
    assert 1.7 <= v["gluteus_maximus"] / v["gluteus_medius"] <= 2.6
    assert 2.5 <= v["gluteus_medius"] / v["gluteus_minimus"] <= 4.5
    assert 550 <= v["gluteus_maximus"] <= 1300


@pytest.mark.parametrize("side", SIDES)
def test_sciatic_nerve_leaves_below_piriformis(mesh, landmarks, side):
    nerve, piri = mesh(f"sciatic_nerve_{side}"), mesh(f"piriformis_{side}")
    notch_x = landmarks[side]["greater_sciatic_notch"][0]
    s = 1 if side == "right" else -1
    # Across the greater sciatic foramen (from 30 mm medial of the notch's deepest point to the
    # notch), wherever nerve and piriformis share a 5 mm sagittal slab, the nerve lies under it.
    checked = 0
    for x in np.arange(notch_x - s * 30, notch_x + s * 1, s * 5):
        nerve_slab = nerve.points[np.abs(nerve.points[:, 0] - x) < 2.5]
        piri_slab = piri.points[np.abs(piri.points[:, 0] - x) < 2.5]
        if len(nerve_slab) and len(piri_slab):
            checked += 1
            assert nerve_slab[:, 2].max() < piri_slab[:, 2].min(), x
    assert checked >= 3


@pytest.mark.parametrize("side", SIDES)
def test_sciatic_nerve_runs_between_ischial_tuberosity_and_greater_trochanter(mesh, landmarks, side):
    lm = landmarks[side]
    nerve = mesh(f"sciatic_nerve_{side}")
    level = lm["greater_trochanter"][2]
    slab = nerve.points[np.abs(nerve.points[:, 2] - level) < 4]
    lo, hi = sorted([lm["ischial_tuberosity"][0], lm["greater_trochanter"][0]])
    assert lo < slab[:, 0].mean() < hi
    # ... nearer the tuberosity than the trochanter, as in the body.
    assert abs(slab[:, 0].mean() - lm["ischial_tuberosity"][0]) < abs(slab[:, 0].mean() - lm["greater_trochanter"][0])
    # and it runs behind the hip joint, deep to gluteus maximus.
    assert slab[:, 1].mean() < lm["hip_centre"][1]


@pytest.mark.parametrize("side", SIDES)
def test_gluteus_maximus_lies_behind_medius_and_the_nerve(mesh, side):
    maximus, medius, nerve = mesh(f"gluteus_maximus_{side}"), mesh(f"gluteus_medius_{side}"), mesh(f"sciatic_nerve_{side}")
    for deep in (medius, nerve):
        # Cast rays from behind through the deep structure's centre area: maximus is hit first.
        samples = deep.points[:: max(1, deep.n_points // 200)]
        behind, covered = 0, 0
        for p in samples:
            hits, _ = maximus.ray_trace(p, p + np.array([0.0, -300.0, 0.0]))
            if len(hits):
                covered += 1
                behind += hits[:, 1].min() < p[1]
        assert covered > 0.3 * len(samples)
        assert behind == covered


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("muscle", "origin_bones", "insertion_bone"),
    [
        ("gluteus_maximus", ("hip_bone", "sacrum"), "femur"),
        ("gluteus_medius", ("hip_bone",), "femur"),
        ("gluteus_minimus", ("hip_bone",), "femur"),
        ("piriformis", ("sacrum",), "femur"),
        ("tensor_fasciae_latae", ("hip_bone",), None),  # inserts into the iliotibial tract
    ],
)
def test_muscle_ends_attach_to_the_right_bones(mesh, muscle, origin_bones, insertion_bone, side):
    # 6 mm: the muscle surface is draped 1 mm off the bone and sections are ~5 mm apart.
    m = mesh(f"{muscle}_{side}")
    for bone in origin_bones:
        bone_id = bone if bone == "sacrum" else f"{bone}_{side}"
        assert distance_to(mesh(bone_id), m.points).min() < 6.0, bone_id
    if insertion_bone:
        assert distance_to(mesh(f"{insertion_bone}_{side}"), m.points).min() < 6.0
    other = "left" if side == "right" else "right"
    assert distance_to(mesh(f"femur_{other}"), m.points).min() > 50.0


@pytest.mark.parametrize("side", SIDES)
def test_injection_zones_lie_on_the_skin_over_their_landmarks(mesh, landmarks, side):
    lm, s = landmarks[side], 1 if side == "right" else -1
    skin = mesh("skin")
    vg, dg = mesh(f"ventrogluteal_site_{side}"), mesh(f"dorsogluteal_site_{side}")
    for zone in (vg, dg):
        assert zone.n_points > 50
        assert distance_to(skin, zone.points).max() < 3.0  # lifted 0.8 mm; skin facets ~3 mm
    # Ventrogluteal: lateral, between trochanter and crest, around the V's centre.
    centre = vg.points.mean(axis=0)
    assert s * centre[0] > s * lm["greater_trochanter"][0]
    assert lm["greater_trochanter"][2] < centre[2] < lm["iliac_crest_summit"][2]
    assert lm["greater_trochanter"][1] < centre[1] < lm["asis"][1] + 5
    # Dorsogluteal: behind, in the upper outer quadrant, above the PSIS-trochanter line.
    p, g = lm["psis"], lm["greater_trochanter"]
    line_z = p[2] + (dg.points[:, 0] - p[0]) * (g[2] - p[2]) / (g[0] - p[0])
    assert np.all(dg.points[:, 2] > line_z - 3.0)
    assert np.all(dg.points[:, 1] < lm["hip_centre"][1])
    assert np.all(s * dg.points[:, 0] > 0)


@pytest.mark.parametrize("side", SIDES)
def test_ventrogluteal_is_farther_from_the_sciatic_nerve_than_dorsogluteal(mesh, landmarks, side):
    nerve = mesh(f"sciatic_nerve_{side}")
    # From each method's injection point (where the needle goes): clearly farther, by 15 mm+.
    vg_point = distance_to(nerve, landmarks[side]["ventrogluteal_point"])[0]
    dg_point = distance_to(nerve, landmarks[side]["dorsogluteal_point"])[0]
    assert vg_point > dg_point + 15.0
    # And no part of the ventrogluteal zone comes nearer the nerve than the dorsogluteal zone's
    # nearest part (both are mostly separated from it by the depth of the buttock).
    vg = distance_to(nerve, mesh(f"ventrogluteal_site_{side}").points).min()
    dg = distance_to(nerve, mesh(f"dorsogluteal_site_{side}").points).min()
    assert vg >= dg


def test_landmarks_are_where_anatomy_puts_them(landmarks):
    for side, lm in landmarks.items():
        s = 1 if side == "right" else -1
        assert lm["asis"][1] > lm["psis"][1] + 100  # ASIS well in front of PSIS
        assert s * lm["greater_trochanter"][0] > s * lm["hip_centre"][0] + 40
        assert lm["ischial_tuberosity"][2] < lm["hip_centre"][2] < lm["iliac_crest_summit"][2]
        assert lm["gluteal_fold"][2] < lm["ischial_tuberosity"][2]
        assert s * lm["asis"][0] > 0 and s * lm["psis"][0] > 0
