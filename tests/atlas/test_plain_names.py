"""One everyday name per structure: patient texts use plain_name, never a variant of it, and an
everyday name means one structure."""

from __future__ import annotations

import shutil

from explorer.atlas import load_atlas
from explorer.atlas.plain_names import PlainNames


def test_variants_are_found_as_whole_words_but_not_inside_a_plain_name(atlas):
    names = PlainNames(atlas)
    text = "Beneath the Middle  buttock muscle lies the small deep hip muscle; the side hip muscles hold the pelvis."
    uses = names.variant_uses(text)
    assert [(u.words, u.structure.base_id) for u in uses] == [("Middle  buttock muscle", "gluteus_medius")]
    assert text[uses[0].offset:].startswith("Middle")
    assert names.variant_uses("A middle buttock muscleman; the small deep hip muscle.") == []  # whole words only


def test_shipped_patient_texts_use_one_name_per_structure(atlas):
    """The example from the issue: gluteus medius is 'Side hip muscle' on labels, so nothing a
    patient reads calls it the middle buttock muscle."""
    assert atlas["gluteus_medius_left"].plain_name == "Side hip muscle"
    assert "middle buttock muscle" in atlas["gluteus_medius_left"].plain_variants
    names = PlainNames(atlas)
    for s in atlas:
        assert names.variant_uses(s.text("plain")) == [], s.id
    # Labels, handouts and presentation mode print plain_name; a search for it finds the one structure.
    for s in atlas:
        assert {x.base_id for x in atlas.find(s.plain_name)} == {s.base_id}, s.plain_name


def test_a_variant_in_a_plain_text_is_reported_with_file_and_line(tmp_path, atlas):
    folder = tmp_path / "annotations"
    shutil.copytree(atlas["sacrum"].source_file.parent, folder)
    path = folder / "gluteus_minimus.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("# Plain language") + 1
    lines.insert(start, "It lies under the middle buttock muscle.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = [str(p) for p in load_atlas(folder).problems]
    assert f"{path}:{start + 1}: the plain-language text calls gluteus_medius 'middle buttock muscle'; " \
           "patient texts use its everyday name 'Side hip muscle'" in messages, messages


def test_an_everyday_name_that_means_two_structures_is_reported(tmp_path, atlas):
    folder = tmp_path / "annotations"
    shutil.copytree(atlas["sacrum"].source_file.parent, folder)
    path = folder / "tensor_fasciae_latae.md"
    text = path.read_text(encoding="utf-8").replace("synonyms: [", "synonyms: [side hip muscle, ", 1)
    path.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if x.startswith("synonyms:")))
    messages = [str(p) for p in load_atlas(folder).problems]
    assert f"{path}:{line}: 'Side hip muscle' in synonyms is the everyday name of gluteus_medius; " \
           "an everyday name must mean one structure" in messages, messages
