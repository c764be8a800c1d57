"""The shipped atlas: every structure the product promises, with texts, found by any name."""

from __future__ import annotations

import shutil

from explorer.atlas import load_atlas

PAIRED = ["hip_bone", "femur", "gluteus_maximus", "gluteus_medius", "gluteus_minimus", "piriformis",
          "tensor_fasciae_latae", "sciatic_nerve", "sacroiliac_joint", "ventrogluteal_site", "dorsogluteal_site"]
MIDLINE = ["sacrum", "lumbar_vertebra_l4", "lumbar_vertebra_l5", "skin", "subcutaneous_fat", "gluteal_region"]


def test_shipped_atlas_loads_without_problems(atlas):
    assert atlas.problems == []
    expected = {f"{b}_{s}" for b in PAIRED for s in ("left", "right")} | set(MIDLINE)
    assert expected <= set(atlas.structures)


def test_every_structure_has_all_three_texts_and_a_source(atlas):
    for s in atlas:
        for key in ("reference", "clinical", "plain", "sources"):
            assert len(s.text(key).split()) >= 20 or key == "sources", (s.id, key)
        assert s.text("sources").strip().startswith("-"), s.id


def test_region_file_covers_the_overview_topics(atlas):
    reference = atlas["gluteal_region"].text("reference").lower()
    for topic in ("purpose", "indications", "contraindications", "how it works", "procedure", "variations",
                  "pros and cons", "aftercare", "alternatives", "faq"):
        assert f"## {topic}" in reference or topic in reference, topic


def test_lookup_by_synonym_latin_abbreviation_and_near_spelling(atlas):
    assert {s.id for s in atlas.find("musculus piriformis")} == {"piriformis_left", "piriformis_right"}
    assert {s.id for s in atlas.find("SIJ")} == {"sacroiliac_joint_left", "sacroiliac_joint_right"}
    assert atlas.search("glute max")[0][0].base_id == "gluteus_maximus"
    assert atlas.search("sciatc nerve")[0][0].base_id == "sciatic_nerve"
    assert atlas.search("piriformis right")[0][0].id == "piriformis_right"
    assert atlas.search("zzzz qqqq") == []


def test_the_deep_gluteal_space_is_found_by_its_everyday_and_clinical_names(atlas):
    """Search reaches the new structures through their synonyms and abbreviations, lay words included."""
    for query, base in (("IT band", "iliotibial_tract"), ("ITB", "iliotibial_tract"), ("Alcock canal syndrome", "pudendal_nerve"),
                        ("nervus pudendus", "pudendal_nerve"), ("small sciatic nerve", "posterior_femoral_cutaneous_nerve"),
                        ("SSL", "sacrospinous_ligament"), ("great sacrosciatic ligament", "sacrotuberous_ligament"),
                        ("trochanteric bursitis", "trochanteric_bursa"), ("gluteal fascia", "gluteal_aponeurosis"),
                        ("internal pudic artery", "internal_pudendal_artery"), ("nerve to quadratus femoris", "nerve_to_quadratus_femoris"),
                        ("pudendl nerve", "pudendal_nerve")):
        assert atlas.search(query)[0][0].base_id == base, query
    assert atlas["iliotibial_tract_right"].group == "fascia"


def test_related_links_point_to_the_same_side(atlas):
    related = atlas["piriformis_right"].related
    assert "sciatic_nerve_right" in related and "sciatic_nerve_left" not in related
    assert all(r in atlas for s in atlas for r in s.related)


def test_bad_files_are_listed_and_good_ones_still_load(tmp_path, atlas):
    folder = tmp_path / "annotations"
    shutil.copytree(atlas["sacrum"].source_file.parent, folder)
    (folder / "copy_of_sacrum.md").write_text((folder / "sacrum.md").read_text())
    broken = (folder / "piriformis.md").read_text().replace("piriformis_{side}.vtp", "missing_{side}.vtp")
    (folder / "piriformis.md").write_text(broken)
    loaded = load_atlas(folder)
    messages = [str(p) for p in loaded.problems]
    assert any(":2: duplicate id 'sacrum' (also in copy_of_sacrum.md)" in m for m in messages), messages
    assert any("piriformis.md" in m and "not found" in m for m in messages), messages
    assert any("related structure 'piriformis' does not exist" in m for m in messages), messages
    assert "gluteus_maximus_right" in loaded and "piriformis_right" not in loaded
