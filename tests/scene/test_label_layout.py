"""Label layout: no two labels closer than the spacing, all inside the view, sides kept."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.render.label_layout import layout_labels


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 800), st.floats(0, 600)), min_size=1, max_size=30))
def test_labels_never_overlap_and_stay_inside(points):
    anchors = np.array(points)
    pos = layout_labels(anchors, 800, 600, spacing=16)
    for column in (pos[:, 0] < 400, pos[:, 0] >= 400):
        ys = np.sort(pos[column, 1])
        assert np.all(np.diff(ys) >= 16 - 1e-6)
    assert np.all((pos[:, 1] >= 12 - 1e-6) & (pos[:, 1] <= 588 + 1e-6))
    assert np.all((pos[:, 0] < 400) == (anchors[:, 0] < 400))


def test_single_label_stays_at_its_anchor_height():
    assert layout_labels(np.array([[100.0, 300.0]]), 800, 600, 16).tolist() == [[12.0, 300.0]]
