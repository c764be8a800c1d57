"""Where the sacrospinous ligament's base starts on the sacrum (units mm, RAS, right side).

The base runs down the sacrum's margin to the coccyx from as low as it can while its upper
fibres keep within ``SHORTEST_WAY_SLACK_MM`` of the shortest way from the spine to that margin.
Her lower sacrum lies far back from her wide-set spines (62-70 mm, against 57-59 higher up),
and her ligament came out 64 mm long against 51 +/- 3.6 mm in 24 women (Liu 2020) while it
started at a fixed 24 mm above the spine."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import ligaments

SPINE = np.array([50.0, 0.0, 0.0])


def meshes(margin_x_low: float, margin_x_high: float) -> dict:
    """A sacrum whose margin toward the spine's side reaches ``margin_x_low`` up to 30 mm above
    the spine and ``margin_x_high`` above that; a coccyx below; piriformis on the sacrum's front
    down to 45 mm above the spine; the hip bone a ball round the spine."""
    low = pv.Box(bounds=(-margin_x_low, margin_x_low, -20.0, 0.0, 10.0, 30.0)).triangulate().subdivide(3)
    high = pv.Box(bounds=(-margin_x_high, margin_x_high, -20.0, 0.0, 30.0, 70.0)).triangulate().subdivide(3)
    return {
        "sacrum": low.merge(high).extract_surface(algorithm="dataset_surface").triangulate(),
        "coccyx": pv.Box(bounds=(-5.0, 5.0, -15.0, 0.0, -15.0, 10.0)).triangulate().subdivide(3),
        "piriformis_right": pv.Box(bounds=(0.0, 30.0, 0.0, 20.0, 45.0, 65.0)).triangulate().subdivide(3),
        "hip_bone_right": pv.Sphere(radius=6.0, center=SPINE + np.array([6.0, 0.0, 0.0])),
    }


def base_top(m: dict) -> float:
    base, _ = ligaments.sacrospinous_sheet(m, {"ischial_spine": SPINE}, "right")
    return float(base[0, 2])


def test_the_base_starts_low_where_the_lower_sacrum_is_as_near_the_spine():
    # The margin is as near the spine low down as higher up: the base starts at the lowest
    # height, 24 mm above the spine.
    top = base_top(meshes(15.0, 15.0))
    assert abs(top - ligaments.SACROSPINOUS_BASE_ABOVE_SPINE_MM) < 4.0


def test_the_base_climbs_toward_piriformis_where_the_lower_sacrum_lies_far_from_the_spine():
    # Above 30 mm the margin reaches 15 mm nearer the spine: the shortest way climbs there, to
    # the part nearest the spine at or below piriformis' origin (45 mm).
    top = base_top(meshes(5.0, 20.0))
    assert 30.0 <= top <= 46.0
    # Only a little nearer higher up (51 mm at 24 mm above the spine, 50 mm at 30: within the
    # slack): it still starts at the lowest height.
    assert ligaments.SHORTEST_WAY_SLACK_MM > 1.0
    top = base_top(meshes(5.0, 10.0))
    assert abs(top - ligaments.SACROSPINOUS_BASE_ABOVE_SPINE_MM) < 4.0
