"""Handouts: the PDF has the right pages, names, texts and a real picture (read back with pypdf).

Each test takes pytest-qt's ``qapp``: the handout writer would otherwise start its own
offscreen QGuiApplication, which the window tests that follow could not use.
"""

from __future__ import annotations

import numpy as np
import pypdf
import pytest

from explorer.atlas.structure import DISCLAIMER
from explorer.cli import main
from explorer.export.handout import Figure, Handout, Section
from explorer.export.pdf_handout import HandoutError, write_pdf
from explorer.learning.tours import load_tours


def _text(reader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_structure_handout_has_plain_names_texts_disclaimer_and_pictures(qapp, capsys, atlas, tmp_path):
    out = tmp_path / "handout.pdf"
    assert main(["handout", "--structures", "gluteus_medius", "sciatic_nerve_right", "--view", "posterior", "right", "-o", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    text = _text(reader)
    assert 1 <= len(reader.pages) <= 2
    assert "Side hip muscle" in text and "Big nerve to the leg" in text
    first_plain_sentence = atlas["gluteus_medius_left"].text("plain").split(".")[0]
    assert " ".join(first_plain_sentence.split()) in text
    assert text.count("fan-shaped muscle on the side of your hip") == 1  # both sides share one text
    assert " ".join(DISCLAIMER.split()) in text
    images = [img.image for page in reader.pages for img in page.images]
    assert len(images) == 2
    for image in images:
        pixels = np.asarray(image.convert("RGB"), float)
        assert pixels.std() > 20  # a rendered scene, not a blank page
        assert (np.abs(pixels - pixels[0, 0]).sum(axis=2) > 60).mean() > 0.1  # much of it differs from the background


def test_tour_handout_carries_every_step(qapp, capsys, atlas, tmp_path):
    tour = {t.id: t for t in load_tours(atlas)[0]}["walking"]
    out = tmp_path / "walking.pdf"
    assert main(["handout", "--tour", "walking", "-o", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    text = _text(reader)
    assert len(reader.pages) <= 2 and " ".join(tour.title.split()) in text
    for step in tour.steps:
        assert " ".join(step.title.split()) in text
    assert len([img for page in reader.pages for img in page.images]) == 2
    assert "2 page" in capsys.readouterr().out or len(reader.pages) == 1


def test_text_that_cannot_fit_two_pages_is_refused_not_cut(qapp, tmp_path):
    long = Section("Long", "A sentence of plain words. " * 1200)
    handout = Handout("Too long", "test", [Figure(np.full((90, 120, 3), 200, np.uint8), "x")], [long])
    with pytest.raises(HandoutError, match="does not fit on 2 pages"):
        write_pdf(handout, tmp_path / "x.pdf")


def test_unknown_tour_is_a_clear_error(qapp, capsys, tmp_path):
    assert main(["handout", "--tour", "nowhere", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "no tour 'nowhere'; available:" in capsys.readouterr().err
