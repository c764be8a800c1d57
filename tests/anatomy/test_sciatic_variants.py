"""Each Beaton and Anson variant the atlas ships: each division passes piriformis where its type
says (below, through or above), the muscle is pierced only where one passes through it, and the
divisions join into the typical trunk lower down.

Where the divisions pass is read from the meshes alone, against type A's (the shipped) nerve
and piriformis, in the slab over the greater sciatic foramen where the typical nerve leaves it
(``EXIT_MEDIAL_TO_NOTCH_MM`` medial to the notch, as the build places it). The typical course
(and to 12 mm lateral to it) is checked to run under the muscle; a division "below" keeps that course (the variant's
nerve fills it), one that does not leaves it empty where it comes out under the muscle (further
out the nerve that passed through the muscle may take it again). The part of the nerve that leaves the typical course passes "through" the
muscle if its surface lies more than 2 mm inside the unpierced muscle (a tube that only
brushes the muscle grooves it less deeply), "above" if it lies over the muscle's section with
muscle both in front of and behind it (so not the stretch that runs down behind the muscle).
"""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from explorer.atlas.sciatic_variants import DEFAULT_VARIANT, VARIANTS
from explorer.geometry.mesh_io import load_mesh
from tests.anatomy.measures import distance_to

SIDES = ("left", "right")
OTHER_TYPES = [k for k in VARIANTS if k != DEFAULT_VARIANT]
#: The build's exit plane (``explorer.asset_pipeline.nerves.EXIT_MEDIAL_TO_NOTCH_MM``).
EXIT_MEDIAL_TO_NOTCH_MM = 12.0
#: Half the thickness (mm, along x) of the slab over the foramen where above and below are read.
SLAB_MM = 8.0
MIN_VERTICES = 20
#: How far below the muscle's lower border (mm) a section of the nerve counts as under it.
UNDER_MM = 40.0


def side_sign(side):
    return 1.0 if side == "right" else -1.0


def variant_mesh(atlas, key, sid):
    shown = atlas.with_variant(key)
    return load_mesh(shown.mesh_path(shown[sid]))


def foramen_x(notch, side):
    return notch[0] - side_sign(side) * EXIT_MEDIAL_TO_NOTCH_MM


def typical_course_under_the_muscle(nerve, piriformis, x, side) -> np.ndarray:
    """Centres of the typical nerve's sections, in planes 2 mm apart from the foramen's exit to
    12 mm lateral to it (where the nerve has come out), that lie under piriformis: below the
    muscle's section and within ``UNDER_MM`` of it, with muscle in front of and behind them (a
    plane may also cut the nerve's start inside the pelvis, its descent in front of the muscle,
    or its end at the thigh's cut some 20 cm lower, which are not under it)."""
    muscle = np.asarray(piriformis.points)
    under = []
    for plane in x + side_sign(side) * np.arange(0.0, 12.1, 2.0):
        loops = nerve.slice(normal="x", origin=(plane, 0.0, 0.0)).connectivity()
        section = muscle[np.abs(muscle[:, 0] - plane) < 3.0]
        for region in np.unique(loops["RegionId"]):
            centre = np.asarray(loops.points)[loops["RegionId"] == region].mean(axis=0)
            dy = section[:, 1] - centre[1]
            column = section[np.abs(dy) < 4.0, 2]
            if (np.any((dy > 0) & (dy < 10.0)) and np.any((dy < 0) & (dy > -10.0)) and len(column)
                    and column.min() - UNDER_MM < centre[2] < column.min()):
                under.append(centre)
    assert len(under) >= 3, "the typical nerve does not pass under piriformis at the foramen"
    return np.array(under)


def rerouted_relations(nerve, typical_nerve, piriformis, x) -> dict[str, int]:
    """Vertices of the part of the nerve that leaves the typical course (over 6 mm from it)
    that pass through piriformis (over 2 mm inside the typical muscle: a tube that only
    brushes it grooves it less deeply) or over it (in the slab over the foramen, above the
    muscle's section with muscle both in front of and behind them)."""
    points = np.asarray(nerve.points)
    points = points[distance_to(typical_nerve, points) > 6.0]
    depth = pv.PolyData(points).compute_implicit_distance(piriformis)["implicit_distance"]
    muscle = np.asarray(piriformis.points)
    section = muscle[np.abs(muscle[:, 0] - x) < SLAB_MM]
    above = 0
    for point in points[(np.abs(points[:, 0] - x) < SLAB_MM) & (depth > 0)]:
        dy = section[:, 1] - point[1]
        column = section[np.abs(dy) < 4.0, 2]
        if np.any((dy > 0) & (dy < 10.0)) and np.any((dy < 0) & (dy > -10.0)) and point[2] > column.max():
            above += 1
    return {"through": int(np.sum(depth < -2.0)), "above": above}


def test_the_atlas_ships_every_variant(atlas):
    assert [v.key for v in atlas.variants] == list(VARIANTS)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("key", list(VARIANTS))
def test_each_division_passes_piriformis_where_its_type_says(atlas, mesh, landmarks, key, side):
    variant = VARIANTS[key]
    typical_nerve, piriformis = mesh(f"sciatic_nerve_{side}"), mesh(f"piriformis_{side}")
    nerve = variant_mesh(atlas, key, f"sciatic_nerve_{side}")
    x = foramen_x(landmarks[side]["greater_sciatic_notch"], side)
    # The typical course (type A's nerve) passes under piriformis; a division "below" keeps it.
    under = typical_course_under_the_muscle(typical_nerve, piriformis, x, side)
    kept = pv.PolyData(under).compute_implicit_distance(nerve)["implicit_distance"] < 0
    if "below" in (variant.tibial, variant.peroneal):
        assert kept.all(), kept
    else:  # where the typical nerve comes out under the muscle, this one does not
        assert not kept[0], kept
    # The rest leaves that course where its type says: through the muscle or over it.
    counts = rerouted_relations(nerve, typical_nerve, piriformis, x)
    rerouted = {relation for relation in (variant.tibial, variant.peroneal) if relation != "below"}
    # A division passing a place leaves tens of vertices there (rings of 16, 2.5 mm apart).
    assert {relation for relation, n in counts.items() if n >= MIN_VERTICES} == rerouted, counts


def euler_characteristic(surface):
    """V - E + F: 2 for a closed surface without a hole, 0 for one with a tunnel through it."""
    return surface.n_points - surface.extract_all_edges().n_cells + surface.n_cells


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("key", list(VARIANTS))
def test_piriformis_is_pierced_only_where_a_division_passes_through_it(atlas, mesh, key, side):
    typical, shown = mesh(f"piriformis_{side}"), variant_mesh(atlas, key, f"piriformis_{side}")
    assert shown.n_open_edges == 0
    depth = -pv.PolyData(np.asarray(shown.points)).compute_implicit_distance(typical)["implicit_distance"]
    if "through" in (VARIANTS[key].tibial, VARIANTS[key].peroneal):
        # A tunnel: the surface gains a hole, whose walls lie deep in the belly (> 5 mm in: at
        # least 100 mm² of wall, a division's ~20 mm round over 5 mm of its course), and a
        # division's worth of muscle goes (8 x 4.5 mm at least over ~15 mm: > 0.4 cm3).
        assert euler_characteristic(shown) <= 0
        centres = pv.PolyData(np.asarray(shown.cell_centers().points))
        deep = -np.asarray(centres.compute_implicit_distance(typical)["implicit_distance"]) > 5.0
        assert shown.compute_cell_sizes(length=False, volume=False)["Area"][deep].sum() > 100.0
        assert abs(typical.volume) - abs(shown.volume) > 400.0
    else:
        # At most grooved where a division runs against it: 1 mm, 0.5 mm more for the room
        # left beside it, and up to 2 mm where a gap narrower than the flattened division (2 mm
        # deep at least) makes it press in: never 4 mm.
        assert depth.max() < 4.0


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("key", OTHER_TYPES)
def test_below_the_join_every_type_is_the_typical_nerve(atlas, mesh, landmarks, key, side):
    # The divisions join at the tuberosity-trochanter line; 30 mm below it the nerve is the same.
    it, gt = landmarks[side]["ischial_tuberosity"], landmarks[side]["greater_trochanter"]
    z = (it + 0.48 * (gt - it))[2] - 30.0
    typical, shown = mesh(f"sciatic_nerve_{side}"), variant_mesh(atlas, key, f"sciatic_nerve_{side}")
    below = [np.asarray(m.points)[np.asarray(m.points)[:, 2] < z] for m in (typical, shown)]
    assert len(below[1]) > 50
    assert np.allclose(below[0].mean(axis=0), below[1].mean(axis=0), atol=1.0)
