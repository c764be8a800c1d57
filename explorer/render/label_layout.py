"""Where leader-line labels go on screen so that they never overlap.

Labels sit in two columns at the sides of the view, left for anchors in the left half, right for
the rest; each column is sorted by the anchors' height and spread so neighbours keep at least a
line's spacing, which keeps leader lines short and uncrossed. Pure numpy, display pixels.
"""

from __future__ import annotations

import numpy as np


def layout_labels(anchors: np.ndarray, width: int, height: int, spacing: float, margin: float = 12.0) -> np.ndarray:
    """Label positions (n, 2) for anchor points (n, 2) in a width x height view.

    Returned x is the column's edge (left column: its left edge; right column: its right
    edge); y is the label's baseline centre. Labels in a column are at least ``spacing`` apart.
    """
    anchors = np.asarray(anchors, float).reshape(-1, 2)
    out = np.zeros_like(anchors)
    left = anchors[:, 0] < width / 2
    for mask, x in ((left, margin), (~left, width - margin)):
        idx = np.flatnonzero(mask)
        if not len(idx):
            continue
        order = idx[np.argsort(anchors[idx, 1])]
        ys = _spread(anchors[order, 1], spacing, margin, height - margin)
        out[order, 0] = x
        out[order, 1] = ys
    return out


def _spread(wanted: np.ndarray, spacing: float, low: float, high: float) -> np.ndarray:
    """Sorted positions as close as possible to ``wanted`` with gaps >= spacing, inside [low, high]."""
    n = len(wanted)
    spacing = min(spacing, (high - low) / max(n - 1, 1))
    ys = np.clip(np.asarray(wanted, float), low, high)
    for i in range(1, n):  # push up
        ys[i] = max(ys[i], ys[i - 1] + spacing)
    ys[-1] = min(ys[-1], high)
    for i in range(n - 2, -1, -1):  # push down from the top where the column overflowed
        ys[i] = min(ys[i], ys[i + 1] - spacing)
    return ys
