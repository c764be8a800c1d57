"""Anatomy, not files: where the built structures lie relative to each other and to bone.

Tolerances are stated in mm with the reason; the frame is RAS (x right, y anterior, z up).
"""

from __future__ import annotations

import numpy as np
import pytest

SIDES = ("left", "right")
MUSCLES = [
    "gluteus_maximus", "gluteus_medius", "gluteus_minimus", "piriformis", "tensor_fasciae_latae", "superior_gemellus",
    "inferior_gemellus", "obturator_internus", "obturator_externus", "quadratus_femoris", "psoas_major", "iliacus",
    "biceps_femoris_long_head", "semitendinosus", "semimembranosus", "adductor_magnus",
]


def distance_to(mesh, points):
    _, closest = mesh.find_closest_cell(np.atleast_2d(points), return_closest_point=True)
    return np.linalg.norm(closest - np.atleast_2d(points), axis=1)


@pytest.mark.parametrize("side", SIDES)
def test_muscles_are_closed_and_rank_by_volume_as_in_mri(atlas, side):
    from explorer.geometry.mesh_io import load_mesh, mesh_stats

    v = {}
    for m in MUSCLES:
        stats = mesh_stats(load_mesh(atlas.mesh_path(atlas[f"{m}_{side}"])))
        assert stats.closed, m
        v[m] = stats.volume_cm3
    # The volumes are measured on the scans, not imposed. Handsfield et al. 2014 (J Biomech
    # 47:631; MRI regressions on height x mass) predict for an adult man of 1.80 m and 80 kg:
    # maximus ~970, medius ~367, minimus ~116, piriformis ~45 cm³, with between-subject
    # spreads of up to a third; one cadaver may sit anywhere in that spread, so the check is
    # the order and a +/-50 % band for the large gluteals.
    assert v["gluteus_maximus"] > v["gluteus_medius"] > v["gluteus_minimus"] > v["piriformis"]
    assert 0.5 * 970 <= v["gluteus_maximus"] <= 1.5 * 970
    assert 0.5 * 367 <= v["gluteus_medius"] <= 1.5 * 367


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
    # ... about halfway: on CT in living adults it crosses the tuberosity-trochanter line
    # 5.8 +/- 0.8 cm from the tuberosity and 6.2 +/- 1.0 cm from the trochanter (0.48 of the
    # way; "Revisiting the surface anatomy of the sciatic nerve in the gluteal region", 100
    # adults). Tolerance 0.15: about 2 SD of either distance over the 12 cm line.
    fraction = (slab[:, 0].mean() - lm["ischial_tuberosity"][0]) / (lm["greater_trochanter"][0] - lm["ischial_tuberosity"][0])
    assert abs(fraction - 0.48) < 0.15
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


@pytest.mark.parametrize("side", SIDES)
def test_superior_gluteal_vessels_and_nerve_leave_above_piriformis_the_inferior_below(mesh, landmarks, side):
    piri = mesh(f"piriformis_{side}")
    notch_x = landmarks[side]["greater_sciatic_notch"][0]
    for kind in ("nerve", "artery"):
        superior = mesh(f"superior_gluteal_{kind}_{side}").points
        # Across the notch the trunk lies over the muscle's upper border: seen from the nearest
        # point of piriformis it is above (z) rather than behind (-y) it.
        slab = superior[np.abs(superior[:, 0] - notch_x) < 10.0]
        _, nearest = piri.find_closest_cell(slab, return_closest_point=True)
        offset = np.median(slab - nearest, axis=0)
        assert len(slab) > 50 and offset[2] > 5.0 and offset[2] > -offset[1], offset
        inferior = mesh(f"inferior_gluteal_{kind}_{side}").points
        for x in np.arange(np.abs(inferior[:, 0]).min(), np.abs(inferior[:, 0]).max(), 5.0):  # 5 mm sagittal slabs
            nerve_slab = inferior[np.abs(np.abs(inferior[:, 0]) - x) < 2.5]
            piri_slab = piri.points[np.abs(np.abs(piri.points[:, 0]) - x) < 2.5]
            if len(nerve_slab) and len(piri_slab):
                assert nerve_slab[:, 2].max() < piri_slab[:, 2].min(), (kind, x)
    # The inferior nerve leaves on the sciatic nerve's medial side.
    sciatic = mesh(f"sciatic_nerve_{side}").points
    inferior = mesh(f"inferior_gluteal_nerve_{side}").points
    top = inferior[inferior[:, 2] > inferior[:, 2].max() - 15.0]
    band = sciatic[np.abs(sciatic[:, 2] - top[:, 2].mean()) < 8.0]
    assert np.abs(top[:, 0]).mean() < np.abs(band[:, 0]).mean()


@pytest.mark.parametrize("side", SIDES)
def test_superior_gluteal_nerve_runs_between_medius_and_minimus_about_5cm_above_the_trochanter(mesh, landmarks, side):
    nerve = mesh(f"superior_gluteal_nerve_{side}")
    lm = landmarks[side]
    # Its stretch across the side of the ilium: lateral to the notch, before its end in TFL.
    centre = nerve.points[np.abs(nerve.points[:, 0]) > abs(lm["greater_sciatic_notch"][0]) + 25.0]
    centre = centre[centre[:, 1] < lm["greater_trochanter"][1] + 20.0]
    assert len(centre) > 100
    to_minimus = distance_to(mesh(f"gluteus_minimus_{side}"), centre)
    to_medius = distance_to(mesh(f"gluteus_medius_{side}"), centre)
    # A 4 mm nerve lying in the plane between the two muscles touches both (draping leaves them
    # in contact, so 'between' means within its own diameter plus 3 mm of each).
    assert np.median(to_minimus) < 7.0 and np.median(to_medius) < 7.0
    # Where it passes over the trochanter's front half it is 4-7 cm above the trochanter's tip
    # (the lateral approach's "safe zone" is about 5 cm; Jacobs & Buxton 1989).
    front = centre[np.abs(centre[:, 1] - (lm["greater_trochanter"][1] + 12.0)) < 6.0]
    assert 40.0 <= front[:, 2].mean() - lm["greater_trochanter"][2] <= 75.0


@pytest.mark.parametrize("side", SIDES)
def test_inferior_gluteal_nerve_reaches_the_deep_face_of_maximus(mesh, side):
    nerve = mesh(f"inferior_gluteal_nerve_{side}").points
    maximus = mesh(f"gluteus_maximus_{side}")
    end = nerve[nerve[:, 2] < nerve[:, 2].min() + 15.0]  # its lowest part, where it enters the muscle
    assert np.median(distance_to(maximus, end)) < 6.0
    # Deep to maximus: a ray straight back from the nerve meets the muscle.
    for point in end[::10]:
        hits, _ = maximus.ray_trace(point, point + np.array([0.0, -150.0, 0.0]))
        assert len(hits) > 0
