"""Grooves and tunnels cut into muscles leave no floating slivers, and a waypoint fixed along a
line by a published figure keeps its place along it when snapped into free space."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")


def _box(lo, hi):
    import pyvista as pv

    return pv.Box(bounds=np.ravel(list(zip(lo, hi)))).triangulate().clean()


def _pieces(mesh):
    return mesh.connectivity("all").split_bodies()


def test_a_groove_that_shaves_off_a_sliver_drops_it():
    from explorer.asset_pipeline import surfaces

    muscle = _box((-20, -20, -20), (20, 20, 20))
    # A cutter wrapped round the muscle's corner: what it leaves of the corner (3 mm a side,
    # 27 mm³) is cut off from the rest.
    cutter = surfaces.subtract(_box((14, 14, 14), (26, 26, 26)), [_box((17, 17, 17), (30, 30, 30))])
    assert len(_pieces(surfaces.subtract(muscle, [cutter]))) == 2
    grooved = surfaces.grooved(muscle, [cutter])
    assert len(_pieces(grooved)) == 1
    assert grooved.n_open_edges == 0
    assert abs(grooved.volume) == pytest.approx(40**3 - 6**3, rel=1e-6)


def test_a_cut_that_leaves_two_large_pieces_keeps_both():
    # A mistake (a bundle slicing a muscle in two) stays visible rather than half the muscle vanishing.
    from explorer.asset_pipeline import surfaces

    muscle = _box((-20, -20, -20), (20, 20, 20))
    grooved = surfaces.grooved(muscle, [_box((-1, -30, -30), (1, 30, 30))])
    assert len(_pieces(grooved)) == 2
    assert abs(grooved.volume) == pytest.approx(40**3 - 2 * 40 * 40, rel=1e-6)


def test_an_untouched_muscle_comes_back_as_subtract_gives_it():
    from explorer.asset_pipeline import surfaces

    muscle = _box((-20, -20, -20), (20, 20, 20))
    groove = _box((-30, -2, 18), (30, 2, 30))
    a, b = surfaces.subtract(muscle, [groove]), surfaces.grooved(muscle, [groove])
    assert np.array_equal(a.points, b.points) and np.array_equal(a.faces, b.faces)


def test_a_held_snap_moves_off_the_line_not_along_it():
    from explorer.asset_pipeline.free_space import _measured
    from explorer.geometry.voxels import Grid

    # Solid everywhere but a narrow slit along y at x = 0, a wide pocket 9 mm along x and a
    # channel between them.
    grid = Grid(np.array([-15.0, -15.0, -15.0]), 1.0, (31, 31, 31))
    x, y, z = np.meshgrid(*(np.arange(31) - 15.0,) * 3, indexing="ij")
    slit = (np.abs(x) <= 1) & (np.abs(z) <= 1)
    channel = (np.abs(y) <= 1) & (np.abs(z) <= 1)
    free = slit | channel | ((x - 9) ** 2 + y**2 + z**2 <= 25)
    space = _measured(grid, ~free, np.full(grid.shape, 10.0, np.float32))
    point = np.array([0.0, 4.0, 0.0])
    assert space.snap(point, 12.0)[0] == pytest.approx(9.0)  # free to slide: into the pocket
    held = space.snap(point, 12.0, held=(np.array([1.0, 0.0, 0.0]), 1.5))
    assert abs(held[0]) <= 1.5 and space.clearance_at(held)[0] > 0


def test_a_small_piece_left_on_a_bone_is_kept_as_the_attachment():
    # A groove across a muscle's tendon leaves its end on the bone: dropped, the muscle would
    # no longer reach its bone.
    from explorer.asset_pipeline import surfaces

    muscle = _box((-20, -2, -2), (20, 2, 2))
    bone = _box((20, -10, -10), (30, 10, 10))
    groove = _box((16, -5, -5), (18, 5, 5))
    assert len(_pieces(surfaces.grooved(muscle, [groove]))) == 1
    kept = surfaces.grooved(muscle, [groove], anchors=[bone])
    assert len(_pieces(kept)) == 2
    assert kept.bounds[1] == pytest.approx(20.0)


def test_a_groove_is_cut_in_pieces_where_its_course_turns_sharply():
    # A spindle swept round a hairpin folds through itself and a boolean cut by it goes wrong:
    # the groove is made of one spindle per run between sharp turns, runs sharing their ends.
    from explorer.asset_pipeline.deep_bundles import _unfolded_pieces

    straight = np.column_stack([np.arange(10.0), np.zeros(10), np.zeros(10)])
    assert [list(p) for p in _unfolded_pieces(straight)] == [list(range(10))]
    hairpin = np.vstack([straight, straight[::-1][1:] + [0.0, 1.0, 0.0]])
    pieces = _unfolded_pieces(hairpin)
    assert len(pieces) >= 2
    assert pieces[0][0] == 0 and pieces[-1][-1] == len(hairpin) - 1
    assert all(a[-1] == b[0] for a, b in zip(pieces[:-1], pieces[1:]))
