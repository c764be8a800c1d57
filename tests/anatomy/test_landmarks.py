"""Landmarks on the real bones, checked against published pelvic measurements.

Each tolerance is the published spread (3 SD unless said otherwise) around the published mean:
one man's pelvis should fall inside the range of a population, not on its mean.
"""

from __future__ import annotations

import numpy as np
import pytest

SIDES = ("left", "right")


def distance(a, b):
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b)))


def test_inter_asis_distance_is_within_the_published_adult_male_range(landmarks):
    # Ahrend et al. 2020 (CT, 50 men): 227 +/- 13 mm between the anterior superior iliac spines.
    d = distance(landmarks["left"]["asis"], landmarks["right"]["asis"])
    assert 227 - 3 * 13 <= d <= 227 + 3 * 13


def test_interspinous_distance_is_within_the_published_adult_male_range(landmarks):
    # Ahrend et al. 2020 (CT, 50 Asian men): 88 +/- 8 mm between the ischial spines (women 105 +/- 7).
    d = distance(landmarks["left"]["ischial_spine"], landmarks["right"]["ischial_spine"])
    assert 88 - 3 * 8 <= d <= 88 + 3 * 8


@pytest.mark.parametrize("side", SIDES)
def test_psis_to_trochanter_and_to_tuberosity_lengths(landmarks, side):
    # Wan-ae-loh et al. (204 sides, dissection): PSIS-GT 151 +/- 15 mm, PSIS-IT 130 +/- 12 mm.
    lm = landmarks[side]
    assert 151 - 3 * 15 <= distance(lm["psis"], lm["greater_trochanter"]) <= 151 + 3 * 15
    assert 130 - 3 * 12 <= distance(lm["psis"], lm["ischial_tuberosity"]) <= 130 + 3 * 12


@pytest.mark.parametrize("side", SIDES)
def test_ischial_tuberosity_is_the_posterior_bulk_not_the_lowest_point_of_the_ramus(mesh, landmarks, side):
    lm, s = landmarks[side], 1 if side == "right" else -1
    hip = mesh(f"hip_bone_{side}").points
    tuberosity = lm["ischial_tuberosity"]
    # Behind the hip joint and below it, lateral to the ischial spine ...
    assert tuberosity[1] < lm["hip_centre"][1] - 30
    assert tuberosity[2] < lm["hip_centre"][2] - 30
    assert s * tuberosity[0] > s * lm["ischial_spine"][0]
    # ... and not the bone's lowest vertex, which lies forward on the ischiopubic ramus.
    lowest = hip[np.argmin(hip[:, 2])]
    assert tuberosity[1] < lowest[1] - 10 or distance(tuberosity, lowest) > 10


def test_tuberosities_lie_wider_apart_than_the_spines(landmarks):
    # The pelvic outlet widens below the mid-pelvis in both sexes (obstetric pelvimetry): the
    # old landmark rule put the "tuberosities" 65 mm apart, inside the interspinous width.
    tuberosities = distance(landmarks["left"]["ischial_tuberosity"], landmarks["right"]["ischial_tuberosity"])
    spines = distance(landmarks["left"]["ischial_spine"], landmarks["right"]["ischial_spine"])
    assert tuberosities > spines


@pytest.mark.parametrize("side", SIDES)
def test_ischial_spine_is_the_point_of_the_posterior_border_between_notch_and_tuberosity(landmarks, side):
    # The spine projects from the posterior border of the ischium, below the greater sciatic notch
    # and above the lesser notch and the tuberosity, well behind the hip joint; an earlier rule
    # took the most medial point there, which is the obturator foramen's margin, 4 cm lower.
    lm = landmarks[side]
    spine = lm["ischial_spine"]
    assert lm["ischial_tuberosity"][2] + 30 < spine[2] < lm["greater_sciatic_notch"][2]
    assert spine[1] < lm["hip_centre"][1] - 35


@pytest.mark.parametrize("side", SIDES)
def test_trochanter_tip_lies_level_with_the_hip_centre(landmarks, side):
    # The tip of the greater trochanter is at the level of the femoral head's centre (Gray's):
    # within 20 mm, the spread of the neck-shaft angle.
    lm = landmarks[side]
    assert abs(lm["greater_trochanter_tip"][2] - lm["hip_centre"][2]) < 20


@pytest.mark.parametrize("side", SIDES)
def test_landmarks_lie_on_their_bones(mesh, landmarks, side):
    lm = landmarks[side]
    bones = {
        "asis": f"hip_bone_{side}", "psis": f"hip_bone_{side}", "iliac_tubercle": f"hip_bone_{side}",
        "iliac_crest_summit": f"hip_bone_{side}", "ischial_tuberosity": f"hip_bone_{side}",
        "ischial_spine": f"hip_bone_{side}", "greater_trochanter": f"femur_{side}",
        "greater_trochanter_tip": f"femur_{side}", "coccyx_tip": "coccyx",
    }
    for key, bone in bones.items():
        surface = mesh(bone)
        assert distance(surface.points[surface.find_closest_point(lm[key])], lm[key]) < 1.0, key
