"""Risk map distances against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.planning.risk_map import needle_to_nerve_mm


def test_distances_to_a_point_nerve():
    skin = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 0.0, 100.0]])
    inward = np.array([[0.0, 0.0, -1.0]] * 3)
    nerve = np.array([[0.0, 0.0, -20.0]])
    d = needle_to_nerve_mm(skin, inward, 25.0, nerve)
    # directly above: the needle passes through the nerve point; 10 mm aside: 10 mm;
    # too far above for a 25 mm needle: 120 - 25 = 95 mm from its tip.
    assert d == pytest.approx([0.0, 10.0, 95.0], abs=1e-4)
