"""The atlas knows which sciatic-piriformis variants its mesh folder holds, and reads a shown
variant's meshes in place of the default ones; a type it cannot show is refused by name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from explorer.atlas.atlas import _read_variant_meshes
from explorer.atlas.sciatic_variants import DEFAULT_VARIANT, VARIANTS, VariantError


@pytest.fixture
def with_b(atlas):
    return replace(atlas, variant_meshes={"B": frozenset({"sciatic_nerve_right.vtp", "piriformis_right.vtp"})})


def test_the_default_atlas_shows_type_a(atlas):
    assert atlas.variant == DEFAULT_VARIANT == "A"
    assert VARIANTS["A"].tibial == VARIANTS["A"].peroneal == "below"


def test_a_shown_variant_reads_its_own_files_and_the_default_ones_for_the_rest(with_b):
    b = with_b.with_variant("b")  # letters in either case
    assert b.variant == "B" and [v.key for v in b.variants] == ["A", "B"]
    nerve, muscle, other = b["sciatic_nerve_right"], b["piriformis_right"], b["sciatic_nerve_left"]
    assert b.mesh_path(nerve) == b.meshes_dir / "variants" / "B" / "sciatic_nerve_right.vtp"
    assert b.mesh_path(nerve, reduced=True) == b.meshes_dir / "variants" / "B" / "lod" / "sciatic_nerve_right.vtp"
    assert b.mesh_path(other) == b.meshes_dir / "sciatic_nerve_left.vtp"
    assert with_b.mesh_path(nerve) == with_b.meshes_dir / "sciatic_nerve_right.vtp"  # the original is unchanged
    assert sorted(with_b.ids_changed_by("B")) == ["piriformis_right", "sciatic_nerve_right"]
    assert b.with_variant("A").mesh_path(muscle) == b.meshes_dir / "piriformis_right.vtp"


def test_an_unknown_type_and_one_without_meshes_are_refused_by_name(with_b):
    with pytest.raises(VariantError, match=r"'Z'.*no such Beaton and Anson type.*A = typical.*B = peroneal"):
        with_b.with_variant("Z")
    with pytest.raises(VariantError, match=r"'C'.*variants/C \(rebuild with build-meshes\)"):
        with_b.with_variant("C")


def test_variant_folders_are_found_and_a_stray_one_is_reported(tmp_path):
    (tmp_path / "variants" / "B" / "lod").mkdir(parents=True)
    (tmp_path / "variants" / "B" / "sciatic_nerve_left.vtp").write_bytes(b"")
    (tmp_path / "variants" / "Q").mkdir()
    problems = []
    assert _read_variant_meshes(tmp_path, problems) == {"B": frozenset({"sciatic_nerve_left.vtp"})}
    assert len(problems) == 1 and "'Q' is not a sciatic variant" in problems[0].message


def test_each_variant_says_where_each_division_passes_and_how_common_it_is():
    b, c = VARIANTS["B"], VARIANTS["C"]
    assert "through piriformis" in b.description and "9.8 %" in b.description and "pooled" in b.description
    assert b.label == "peroneal division through piriformis (B, 10 %)"
    assert "one series" in c.description and c.label.endswith("(C, 0.3 %)")
    assert not VARIANTS["D"].divided and VARIANTS["D"].tibial == "through"
