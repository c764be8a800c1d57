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


def test_on_the_atlas_the_danger_area_follows_the_sciatic_nerve_and_the_superior_gluteal_bundle(atlas, mesh):
    """Thin build (8 mm fat), 50 mm needle: the skin over the superior gluteal trunk turns danger
    (< 15 mm) as well as the skin over the sciatic nerve, and a shorter needle shrinks the
    danger area."""
    fascia = mesh("subcutaneous_fat").connectivity("all").split_bodies()
    inner = min((p.extract_surface(algorithm=None) for p in fascia), key=lambda p: p.length)
    inner = inner.compute_normals(cell_normals=False, auto_orient_normals=True)
    normals = np.asarray(inner.point_data["Normals"])
    skin = np.asarray(inner.points) + normals * (8.0 + 2.5)
    nerves = {sid: np.asarray(mesh(sid).points) for sid in ("sciatic_nerve_right", "superior_gluteal_artery_right")}
    for sid, points in nerves.items():
        over = np.argsort(np.linalg.norm(skin[:, None, :] - points[::40][None], axis=2).min(axis=1))[:30]  # skin nearest it
        long = needle_to_nerve_mm(skin[over], -normals[over], 50.0, np.vstack(list(nerves.values())))
        short = needle_to_nerve_mm(skin[over], -normals[over], 25.0, np.vstack(list(nerves.values())))
        assert np.median(long) < 15.0 and np.median(short) > np.median(long), sid
    everywhere = {n: needle_to_nerve_mm(skin[::5], -normals[::5], n, np.vstack(list(nerves.values()))) for n in (25.0, 50.0)}
    assert (everywhere[25.0] < 15).sum() < (everywhere[50.0] < 15).sum()
