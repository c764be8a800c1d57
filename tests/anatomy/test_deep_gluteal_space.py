"""The deep gluteal space: the ligaments that make the sciatic foramina, and the nerves and
vessels that pass through them, checked against published figures.

Each tolerance is stated with its reason; where a paper gives a mean and SD the band is 3 SD
(one man should fall inside a population's range, not on its mean). Frame RAS, mm.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.anatomy.measures import distance_to, tube_centreline

SIDES = ("left", "right")


def side_sign(side):
    return 1.0 if side == "right" else -1.0


def gluteal_side(mesh, sheet_points, at):
    """Unit normal of the sheet's local plane around ``at`` (its points within 12 mm), turned to
    the gluteal side: away from the centre of the bony pelvis."""
    local = sheet_points[np.linalg.norm(sheet_points - at, axis=1) < 12.0]
    centre = local.mean(axis=0)
    normal = np.linalg.svd(local - centre, full_matrices=False)[2][2]
    pelvis = np.vstack([np.asarray(mesh(b).points) for b in ("hip_bone_left", "hip_bone_right", "sacrum")]).mean(axis=0)
    return (normal if normal @ (centre - pelvis) > 0 else -normal), centre


def attached_part(ligament, bones, within_mm=1.0):
    """The ligament's vertices on the given bones (its attachment there)."""
    points = np.asarray(ligament.points)
    near = np.min([distance_to(bone, points) for bone in bones], axis=0) <= within_mm
    return points[near]


@pytest.mark.parametrize("side", SIDES)
def test_sacrospinous_ligament_runs_from_the_lower_sacrum_and_coccyx_to_the_ischial_spine(mesh, landmarks, side):
    ligament = mesh(f"sacrospinous_ligament_{side}")
    spine = landmarks[side]["ischial_spine"]
    assert distance_to(ligament, spine)[0] <= 3.0  # its apex is on the spine
    base = attached_part(ligament, [mesh("sacrum"), mesh("coccyx")])
    assert len(base) > 20
    # Liu et al. 2020 (Chin J Clin Anat 38:373; 24 FEMALE cadavers, dissected for sacrospinous
    # fixation): 5.10 +/- 0.36 cm from spine to base. A figure from women, so hers outright; Sagsoz
    # et al. 2002 (Eur J Obstet Gynecol Reprod Biol 101:74; 9 female hemipelves) found a shorter
    # 4.30 +/- 0.66 cm. No figure from men was found: his is held to the same band.
    length = np.linalg.norm(base.mean(axis=0) - spine)
    assert 51.0 - 3 * 3.6 <= length <= 51.0 + 3 * 3.6


@pytest.mark.parametrize("side", SIDES)
def test_sacrotuberous_ligament_spans_sacrum_to_tuberosity_narrowed_in_the_middle(mesh, landmarks, side):
    ligament = mesh(f"sacrotuberous_ligament_{side}")
    lm = landmarks[side]
    base = attached_part(ligament, [mesh("sacrum"), mesh("coccyx")])
    on_tuberosity = attached_part(ligament, [mesh(f"hip_bone_{side}")])
    on_tuberosity = on_tuberosity[np.linalg.norm(on_tuberosity - lm["ischial_tuberosity"], axis=1) < 35.0]
    assert len(base) > 20 and len(on_tuberosity) > 5
    # A systematic review of its morphometry (2019, 67 papers) found study means of 6.4-9.4 cm
    # for its length and 1.8-3.5 cm for its width at the mid-point; 1 cm either side for one man.
    length = np.linalg.norm(base.mean(axis=0) - on_tuberosity.mean(axis=0))
    assert 54.0 <= length <= 104.0
    points = np.asarray(ligament.points)
    axis = (on_tuberosity.mean(axis=0) - base.mean(axis=0)) / length
    along = (points - base.mean(axis=0)) @ axis
    middle = points[np.abs(along - length / 2) < 4.0]
    across = middle - middle.mean(axis=0)
    across -= np.outer(across @ axis, axis)
    width = np.ptp(np.linalg.svd(across, full_matrices=False)[2][0] @ across.T)
    assert 18.0 - 10.0 <= width <= 35.0 + 10.0
    # It lies behind (on the gluteal side of) the sacrospinous ligament where they cross.
    spinous = np.asarray(mesh(f"sacrospinous_ligament_{side}").points)
    gaps = np.linalg.norm(spinous[:, None, :] - points[None, ::8, :], axis=2)
    i, j = np.unravel_index(np.argmin(gaps), gaps.shape)
    normal, centre = gluteal_side(mesh, spinous, spinous[i])
    assert (points[::8][j] - centre) @ normal > -1.0


@pytest.mark.parametrize("side", SIDES)
def test_pudendal_nerve_passes_behind_the_sacrospinous_ligament_beside_the_ischial_spine(mesh, landmarks, side):
    nerve = np.asarray(mesh(f"pudendal_nerve_{side}").points)
    spine = landmarks[side]["ischial_spine"]
    nearest = nerve[np.argmin(np.linalg.norm(nerve - spine, axis=1))]
    # Lazarou et al. 2008 (Int Urogynecol J 19:649): 0.6 +/- 0.4 cm medial to the spine, behind the
    # ligament; 3 SD, plus the tube's own radius (the test measures to its surface): 20 mm.
    assert np.linalg.norm(nearest - spine) <= 6.0 + 3 * 4.0 + 2.25
    assert side_sign(side) * (spine[0] - nearest[0]) >= -2.0  # at or medial to the spine, not lateral
    # It runs forward in the pudendal canal, below the spine and in front of it.
    end = nerve[np.argmax(nerve[:, 1])]
    assert end[1] > spine[1] + 15.0 and end[2] < spine[2]
    # It crosses the ligament's back beside the spine: its axis runs on the ligament's gluteal
    # side, away from the pelvic cavity, from one end of a stretch to the other at least 10 mm
    # apart (about the ligament's width at the spine), not out and back to one point (a route that
    # reaches behind the ligament only at the tip of a detour stays in the pelvis).
    ligament = np.asarray(mesh(f"sacrospinous_ligament_{side}").points)
    axis = tube_centreline(mesh(f"pudendal_nerve_{side}"))
    axis = axis[np.linalg.norm(axis - spine, axis=1) < 25.0]
    start, across = None, 0.0  # where the present stretch behind began; the longest chord of one
    for point in axis:
        normal, centre = gluteal_side(mesh, ligament, ligament[np.argmin(np.linalg.norm(ligament - point, axis=1))])
        start = (start if start is not None else point) if (point - centre) @ normal > 1.0 else None
        across = max(across, 0.0 if start is None else float(np.linalg.norm(point - start)))
    assert across >= 10.0, across


@pytest.mark.parametrize("side", SIDES)
def test_sciatic_nerve_passes_on_or_lateral_to_the_ischial_spine_never_medial_on_the_ligament(mesh, landmarks, side):
    # Hanna et al., World Neurosurg 2024 (doi:10.1016/j.wneu.2023.12.147; 22 cadavers): where the
    # sciatic nerve leaves the greater sciatic foramen it lies on the ischial spine (their zone B)
    # or lateral to it on the ischium (zone C) in every specimen, never medial to it wholly on the
    # sacrospinous ligament (zone A, the pudendal nerve's place). Read at the spine's height
    # (within 3 mm): some of the nerve lies lateral to the spine's tip. Its distance from the tip
    # (Seltzer et al., Surg Radiol Anat 2023;45:693, 40 sides: 1.4 cm on average, no spread given)
    # is listed in meshes/README.md beside ours, not tested: without a spread there is no band.
    s, spine = side_sign(side), landmarks[side]["ischial_spine"]
    nerve = np.asarray(mesh(f"sciatic_nerve_{side}").points)
    level = nerve[np.abs(nerve[:, 2] - spine[2]) < 3.0]
    assert len(level) >= 16
    assert (s * (level[:, 0] - spine[0])).max() > 0.0


def passes_the_ligament_from_the_spine(vessel, ligament, spine) -> float:
    """Distance (mm) from the spine's tip to where ``vessel`` comes nearest to ``ligament``."""
    points = np.asarray(vessel.points)
    return float(np.linalg.norm(points[np.argmin(distance_to(ligament, points))] - spine))


@pytest.mark.parametrize("side", SIDES)
def test_inferior_gluteal_artery_passes_the_sacrospinous_ligament_15_to_35_mm_from_the_spine(mesh, landmarks, side):
    # Roshanravan et al., Am J Obstet Gynecol 2007;197:660 (21 women): the inferior gluteal artery
    # leaves the pelvis over the upper border of the coccygeus-sacrospinous complex 24.2 mm from
    # the ischial spine on average, range 15-35 mm (and 3.4 mm, 1-5, above that border: listed in
    # meshes/README.md, not tested, as coccygeus is not in the scans). Read where the artery comes
    # nearest to the ligament, as the distance from the spine's tip to that point. The range is
    # published for women and tested on both bodies: no figure for men was found. It fails for a
    # vessel that passes the ligament at the spine itself: her internal pudendal arteries, read
    # the same way, give 10.0 / 9.3 mm (ours: 17.9 / 19.0 mm his, 17.1 / 15.6 mm hers).
    spine = landmarks[side]["ischial_spine"]
    ligament = mesh(f"sacrospinous_ligament_{side}")
    assert 15.0 <= passes_the_ligament_from_the_spine(mesh(f"inferior_gluteal_artery_{side}"), ligament, spine) <= 35.0


@pytest.mark.parametrize("side", SIDES)
def test_internal_pudendal_artery_keeps_with_the_nerve_lateral_to_it(mesh, landmarks, side):
    artery = mesh(f"internal_pudendal_artery_{side}")
    nerve = np.asarray(mesh(f"pudendal_nerve_{side}").points)
    assert np.median(distance_to(artery, nerve)) < 6.0
    spine = landmarks[side]["ischial_spine"]
    a = np.asarray(artery.points)
    # Gray's: at the spine the artery lies lateral to the nerve. Compared at one place, where the
    # nerve passes nearest the spine: the two tubes' points within 8 mm of it (each vessel's own
    # nearest point to the spine may lie on different stretches of the course: in her, the
    # artery's on its way down from the foramen, the nerve's behind the ligament).
    at_spine = nerve[np.argmin(np.linalg.norm(nerve - spine, axis=1))]
    artery_there = a[np.linalg.norm(a - at_spine, axis=1) < 8.0]
    nerve_there = nerve[np.linalg.norm(nerve - at_spine, axis=1) < 8.0]
    assert len(artery_there) > 0
    assert side_sign(side) * (artery_there[:, 0].mean() - nerve_there[:, 0].mean()) > 0


@pytest.mark.parametrize("side", SIDES)
def test_posterior_femoral_cutaneous_nerve_lies_on_the_back_of_the_sciatic_and_goes_down_the_thigh(mesh, landmarks, side):
    cutaneous = np.asarray(mesh(f"posterior_femoral_cutaneous_nerve_{side}").points)
    sciatic = np.asarray(mesh(f"sciatic_nerve_{side}").points)
    lm = landmarks[side]
    z = (lm["ischial_tuberosity"][2] + lm["greater_trochanter"][2]) / 2
    level = [p[np.abs(p[:, 2] - z) < 4.0] for p in (cutaneous, sciatic)]
    assert level[0][:, 1].mean() < level[1][:, 1].mean()  # behind it at the tuberosity-trochanter level
    assert np.min(distance_to(mesh(f"sciatic_nerve_{side}"), level[0])) < 4.0  # and on it
    # It reaches the lower thigh behind the hamstrings (it supplies the skin of the back of the thigh).
    assert cutaneous[:, 2].min() < mesh(f"femur_{side}").bounds[4] + 25.0
    hamstrings = np.vstack([np.asarray(mesh(f"{m}_{side}").points) for m in ("biceps_femoris_long_head", "semitendinosus")])
    low = cutaneous[cutaneous[:, 2] < cutaneous[:, 2].min() + 20.0]
    band = hamstrings[np.abs(hamstrings[:, 2] - low[:, 2].mean()) < 5.0]
    assert low[:, 1].mean() < band[:, 1].min() + 3.0


@pytest.mark.parametrize("side", SIDES)
def test_nerve_to_quadratus_femoris_runs_in_front_of_the_sciatic_on_the_bone_into_the_muscle(mesh, landmarks, side):
    branch = mesh(f"nerve_to_quadratus_femoris_{side}")
    points = np.asarray(branch.points)
    sciatic = np.asarray(mesh(f"sciatic_nerve_{side}").points)
    lm = landmarks[side]
    z = (lm["ischial_spine"][2] + lm["ischial_tuberosity"][2]) / 2
    level = [p[np.abs(p[:, 2] - z) < 4.0] for p in (points, sciatic)]
    assert level[0][:, 1].mean() > level[1][:, 1].mean()  # deep (anterior) to the sciatic nerve
    assert np.min(distance_to(mesh(f"hip_bone_{side}"), level[0])) < 4.0  # on the ischium
    assert np.min(distance_to(mesh(f"quadratus_femoris_{side}"), points)) < 2.0  # ends in its muscle


@pytest.mark.parametrize("side", SIDES)
def test_superior_gluteal_artery_leaves_the_notch_about_6cm_from_the_psis(mesh, landmarks, side):
    artery = np.asarray(mesh(f"superior_gluteal_artery_{side}").points)
    lm = landmarks[side]
    at_notch = artery[np.argmin(np.linalg.norm(artery - lm["greater_sciatic_notch"], axis=1))]
    # Am J Orthop 1998;27:427 (20 sides): 60 mm from the PSIS to the artery at the notch, a mean
    # with no spread published; 20 mm either side, the spread of PSIS-trochanter lengths (Wan-ae-loh).
    assert 40.0 <= np.linalg.norm(at_notch - lm["psis"]) <= 80.0
    # Its superficial branch climbs onto the deep face of gluteus maximus.
    maximus = mesh(f"gluteus_maximus_{side}")
    high = artery[artery[:, 2] > at_notch[2] + 25.0]
    assert len(high) and np.min(distance_to(maximus, high)) < 4.0


#: Each vein, the artery it accompanies and the nerve that artery runs with.
VEINS = (
    ("superior_gluteal_vein", "superior_gluteal_artery", "superior_gluteal_nerve"),
    ("inferior_gluteal_vein", "inferior_gluteal_artery", "inferior_gluteal_nerve"),
    ("internal_pudendal_vein", "internal_pudendal_artery", "pudendal_nerve"),
)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("vein, artery, nerve", VEINS)
def test_each_vein_runs_beside_its_artery_on_the_side_away_from_its_nerve(mesh, vein, artery, nerve, side):
    centre = tube_centreline(mesh(f"{vein}_{side}"))
    artery_mesh, nerve_mesh = mesh(f"{artery}_{side}"), mesh(f"{nerve}_{side}")
    to_artery = distance_to(artery_mesh, centre)
    # Its wall lies 1 mm off the artery's and its radius is at most 3 mm, so its centre is within
    # 4 mm of the artery's surface; 1.5 mm more for the facets of the two tubes and the vein's
    # turn round the artery being smoothed along the course. And never inside the artery.
    assert to_artery.max() <= 5.5, to_artery.max()
    assert to_artery.min() >= 0.5, to_artery.min()
    # Where the artery runs with its nerve (within 10 mm), the vein lies beyond the artery: its
    # centre farther from the nerve than the artery's nearest surface point. Where bone or another
    # nerve takes that side (at the foramina and the ischial spine) the vein turns round the
    # artery to the free side, so not everywhere: at least two thirds of the shared course.
    _, on_artery = artery_mesh.find_closest_cell(centre, return_closest_point=True)
    artery_to_nerve = distance_to(nerve_mesh, on_artery)
    together = artery_to_nerve < 10.0
    assert together.sum() >= 10
    beyond = distance_to(nerve_mesh, centre[together]) > artery_to_nerve[together]
    assert beyond.mean() >= 2 / 3, beyond.mean()
