"""Each Beaton and Anson variant the atlas ships: each division passes piriformis where its type
says (below, through or above), and the divisions join into the typical trunk lower down.

Where each division passes is read from the meshes alone: the variant's nerve is cut by the
sagittal plane through the greater sciatic foramen where the typical nerve leaves it
(``EXIT_MEDIAL_TO_NOTCH_MM`` medial to the notch, as the build places it); each closed loop of
the cut is one division. A loop whose centre lies inside the typical (unpierced) piriformis
passes through the muscle; one outside it lies above or below by its height against the
muscle's section there. The larger loop is the tibial division (it carries more fibres).
"""

from __future__ import annotations

import numpy as np
import pytest

from explorer.atlas.sciatic_variants import DEFAULT_VARIANT, VARIANTS
from explorer.geometry.mesh_io import load_mesh

SIDES = ("left", "right")
OTHER_TYPES = [k for k in VARIANTS if k != DEFAULT_VARIANT]
#: The build's exit plane (``explorer.asset_pipeline.nerves.EXIT_MEDIAL_TO_NOTCH_MM``).
EXIT_MEDIAL_TO_NOTCH_MM = 12.0


def side_sign(side):
    return 1.0 if side == "right" else -1.0


def variant_mesh(atlas, key, sid):
    shown = atlas.with_variant(key)
    return load_mesh(shown.mesh_path(shown[sid]))


def divisions_at_the_foramen(nerve, piriformis, notch, side):
    """[(relation, loop size mm)] of the nerve's loops in the exit plane, largest first."""
    x = notch[0] - side_sign(side) * EXIT_MEDIAL_TO_NOTCH_MM
    loops = nerve.slice(normal="x", origin=(x, 0.0, 0.0)).connectivity()
    section = np.asarray(piriformis.slice(normal="x", origin=(x, 0.0, 0.0)).points)
    found = []
    for region in np.unique(loops["RegionId"]):
        points = np.asarray(loops.points)[loops["RegionId"] == region]
        centre = points.mean(axis=0)
        size = float(np.linalg.norm(points.max(axis=0) - points.min(axis=0)))
        inside = pv_points(centre).compute_implicit_distance(piriformis)["implicit_distance"][0] < 0
        relation = "through" if inside else ("above" if centre[2] > section[:, 2].mean() else "below")
        found.append((relation, size))
    return sorted(found, key=lambda f: -f[1])


def pv_points(point):
    import pyvista as pv

    return pv.PolyData(np.atleast_2d(point))


def test_the_atlas_ships_every_variant(atlas):
    assert [v.key for v in atlas.variants] == list(VARIANTS)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("key", list(VARIANTS))
def test_each_division_passes_piriformis_where_its_type_says(atlas, mesh, landmarks, key, side):
    variant = VARIANTS[key]
    typical_piriformis = mesh(f"piriformis_{side}")
    found = divisions_at_the_foramen(variant_mesh(atlas, key, f"sciatic_nerve_{side}"), typical_piriformis,
                                     landmarks[side]["greater_sciatic_notch"], side)
    assert {relation for relation, _ in found} == {variant.tibial, variant.peroneal}, found


def euler_characteristic(surface):
    """V - E + F: 2 for a closed surface without a hole, 0 for one with a tunnel through it."""
    return surface.n_points - surface.extract_all_edges().n_cells + surface.n_cells


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("key", list(VARIANTS))
def test_piriformis_is_pierced_only_where_a_division_passes_through_it(atlas, mesh, key, side):
    typical, shown = mesh(f"piriformis_{side}"), variant_mesh(atlas, key, f"piriformis_{side}")
    assert shown.n_open_edges == 0
    if "through" in (VARIANTS[key].tibial, VARIANTS[key].peroneal):
        # A tunnel (the muscle's surface gains a hole) the size of a division: 8 x 4.5 mm at
        # least over the ~15 mm of the belly it crosses, > 0.4 cm3 taken out.
        assert euler_characteristic(shown) == 0
        assert abs(typical.volume) - abs(shown.volume) > 400.0
    else:  # at most grooved where a division runs against it: no hole
        assert euler_characteristic(shown) == 2


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
