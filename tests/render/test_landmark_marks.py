"""Which landmarks are marked and labelled: midline ones once, only those facing the viewer."""

from __future__ import annotations

import numpy as np

from explorer.geometry.landmarks import LANDMARK_NAMES, SIDES
from explorer.render.appearance import VIEWS
from explorer.render.landmark_marks import facing_viewer, landmark_marks, pelvis_centre


def test_a_midline_landmark_is_one_mark_without_a_side(atlas):
    marks = landmark_marks(atlas.landmarks, [(key, side) for side in SIDES for key in LANDMARK_NAMES])
    texts = [m.text for m in marks]
    assert texts.count("Coccyx tip") == 1 and len(texts) == len(set(texts))
    assert {"Ischial tuberosity (right)", "Gluteal fold (right)", "ASIS (left)"} <= set(texts)
    assert not [t for t in texts if t.endswith(("(L)", "(R)"))]


def test_only_landmarks_on_the_viewers_side_of_the_pelvis_face_it(atlas):
    lms = atlas.landmarks
    centre = pelvis_centre(lms)

    def facing(view: str, key: str, side: str) -> bool:
        return bool(facing_viewer(np.array([lms[side][key]]), centre, -np.asarray(VIEWS[view][0]))[0])

    assert facing("posterior", "psis", "right") and not facing("posterior", "asis", "right")
    assert facing("posterior", "greater_trochanter", "left") and facing("posterior", "gluteal_fold", "right")
    assert facing("right", "asis", "right") and not facing("right", "asis", "left")
    assert facing("anterior", "asis", "left") and not facing("anterior", "psis", "left")
