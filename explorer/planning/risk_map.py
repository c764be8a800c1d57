"""Risk map: for every skin point, how near a perpendicular needle of a given length gets to a
nerve. Vectorised point-to-segment distances (nerve surface points against every needle),
computed in chunks so memory stays small; a few hundred ms for the whole skin."""

from __future__ import annotations

import numpy as np


def needle_to_nerve_mm(skin_points: np.ndarray, inward: np.ndarray, needle_mm: float, nerve_points: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Distance (mm) from each segment p .. p + inward*needle to the nearest nerve point."""
    a = np.asarray(skin_points, np.float32)
    d = np.asarray(inward, np.float32) * np.float32(needle_mm)
    q = np.asarray(nerve_points, np.float32)
    out = np.empty(len(a), np.float32)
    for i in range(0, len(a), chunk):
        aa, dd = a[i : i + chunk, None, :], d[i : i + chunk, None, :]
        t = np.clip(np.einsum("ijk,ijk->ij", q[None] - aa, dd) / np.einsum("ijk,ijk->ij", dd, dd), 0.0, 1.0)
        nearest = aa + t[..., None] * dd
        out[i : i + chunk] = np.sqrt(((q[None] - nearest) ** 2).sum(-1)).min(axis=1)
    return out
