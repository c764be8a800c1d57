"""The sacroiliac joint's outline is read on the side whose gap tells the truth."""

from __future__ import annotations

import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def test_the_side_not_pressed_onto_the_sacrum_reads_its_whole_ear_and_lends_it_to_the_other():
    import pyvista as pv

    from explorer.asset_pipeline.sacroiliac_joint import sacroiliac_joints

    def box(*bounds):
        return pv.Box(bounds, level=15, quads=False).clean()

    sacrum = box(-40, 40, -40, 40, -40, 40)
    hips = {
        # 1 mm across the whole of the sacrum's left face: a gap that reads true.
        "left": box(-80, -41, -40, 40, -40, 40),
        # On the back half of the right face, 0.05 mm off: pressed together, as the registration
        # left his left ilium; the front half faces nothing.
        "right": box(40.05, 80, -40, 0, -40, 40),
    }
    joints, report = sacroiliac_joints(sacrum, hips)
    assert report["left"]["outline_read_on"] == report["right"]["outline_read_on"] == "left"
    assert report["right"]["touching_cm2"] > 20 > report["left"]["touching_cm2"]
    # The left ear is the whole face (64 cm², less the smoothed rim), not cut down to the half
    # the pressed side happens to cover; the right one is its own covered half.
    assert report["left"]["area_cm2"] > 45
    assert 18 < report["right"]["area_cm2"] < 32
    for side in hips:
        assert joints[f"sacroiliac_joint_{side}"].n_open_edges == 0


def test_the_side_pressed_over_its_whole_face_takes_the_readers_ear_unshrunk():
    import pyvista as pv

    from explorer.asset_pipeline.sacroiliac_joint import sacroiliac_joints

    def box(*bounds):
        return pv.Box(bounds, level=15, quads=False).clean()

    sacrum = box(-40, 40, -40, 40, -40, 40)
    hips = {
        # 1 mm across the front upper quarter of the left face: the reader's ear.
        "left": box(-80, -41, 0, 40, 0, 40),
        # Pressed on the whole right face (0.05 mm): its own gap is narrow everywhere and says nothing.
        "right": box(40.05, 80, -40, 40, -40, 40),
    }
    joints, report = sacroiliac_joints(sacrum, hips)
    assert report["right"]["outline_read_on"] == "left"
    # The right ear is the left one mirrored: the overlap of a narrow gap everywhere with the
    # left ear is that ear, read the same way. Both slabs are 1.1 mm thick, so their faces'
    # areas (mm²) compare: within 5 mm² of ~910 (smoothing the two gaps together again cut 11).
    left, right = (joints[f"sacroiliac_joint_{side}"].area / 2 for side in ("left", "right"))
    assert abs(right - left) < 5.0
