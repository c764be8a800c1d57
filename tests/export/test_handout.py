"""Handouts: the PDF has the right pages, names, texts and a real picture (read back with pypdf).

Each test takes pytest-qt's ``qapp``: the handout writer would otherwise start its own
offscreen QGuiApplication, which the window tests that follow could not use.
"""

from __future__ import annotations

import math

import numpy as np
import pypdf
import pytest

from explorer.atlas.structure import DISCLAIMER
from explorer.cli import main
from explorer.export.handout import Figure, Handout, Section, structure_sections
from explorer.export.pdf_handout import LABEL_PT, HandoutError, write_pdf
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
    assert "Visible Human Male" in text and "One adult man" in text  # the footer names the body shown
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


def _printed_sizes(reader) -> tuple[list[float], list[tuple[float, float, int]]]:
    """Every text run's printed size (pt) and every picture's printed (width, height) in pt
    with its height in pixels, read back from the PDF's content streams."""
    sizes, pictures = [], []
    for page in reader.pages:
        def text(run, cm, tm, _font, size):
            if run.strip():
                sizes.append(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]))

        def operator(op, args, cm, _tm):
            if op == b"Do":
                pictures.append((cm[0], cm[3]))

        page.extract_text(visitor_text=text, visitor_operand_before=operator)
        heights = [img.image.size[1] for img in page.images]
        pictures[len(pictures) - len(heights):] = [(w, h, px) for (w, h), px in zip(pictures[len(pictures) - len(heights):], heights)]
    return sizes, pictures


def test_a_patient_handout_prints_large_type_and_labels(qapp, atlas, tmp_path):
    """Labels are drawn at the picture's printed size (they were burnt in at 14 px: ~5 pt once
    the screenshot was scaled onto the page), and body text is 12 pt or more."""
    from explorer.render.scene_render import render_figure

    image, labels = render_figure(atlas, ["skin", "sciatic_nerve_right", "hip_bone_right"], ["sciatic_nerve_right"],
                                  labels={"sciatic_nerve_right": atlas["sciatic_nerve_right"].plain_display_name})
    assert labels and labels[0][0] == "Big nerve to the leg (right)"
    handout = Handout("Big nerve to the leg", "For patients", [Figure(image, "Seen from behind", labels)],
                      structure_sections(atlas, ["sciatic_nerve_right"]))
    printed = write_pdf(handout, tmp_path / "patient.pdf")
    sizes, pictures = _printed_sizes(pypdf.PdfReader(tmp_path / "patient.pdf"))
    (width_pt, height_pt, height_px), = pictures
    assert printed.label_px[0] * height_pt / height_px >= LABEL_PT - 0.05 >= 11.9  # the label's printed size
    assert min(sizes) >= 12.0 and printed.font_pt >= 12.0  # no small print, the footer's disclaimer included
    student = write_pdf(Handout("x", "For students", [Figure(image, "x", labels)], handout.sections, audience="student"),
                        tmp_path / "student.pdf")
    assert student.font_pt < printed.font_pt  # students' handouts keep the denser type


def test_a_heading_never_ends_a_page(qapp, tmp_path):
    """Whatever the length of the text above it, a section heading starts a page rather than
    sit alone at the foot of one."""
    figure = Figure(np.full((600, 800, 3), 200, np.uint8), "picture")
    long = "Plain words about the body, said once and clearly. "

    def pages(repeats: int) -> list[list[str]]:
        sections = [Section("First part", long * repeats), Section("Second part", long * 8)]
        write_pdf(Handout("Title", "For patients", [figure], sections), tmp_path / "h.pdf")
        return [[" ".join(line.split()) for line in p.extract_text().splitlines() if line.strip()] for p in pypdf.PdfReader(tmp_path / "h.pdf").pages]

    # Find the length of the first text at which the second heading moves from page 1 to 2 ...
    low, high = 5, 60
    assert "Second part" in pages(low)[0] and "Second part" not in pages(high)[0]
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if "Second part" in pages(middle)[0] else (low, middle)
    # ... and around it (a repeat is about two thirds of a line), no page ends with a heading.
    for repeats in range(low - 3, high + 5):
        laid_out = pages(repeats)
        assert all(page[-1] not in ("First part", "Second part") for page in laid_out[:-1]), repeats


def test_a_handout_of_her_body_says_it_shows_a_woman(qapp, tmp_path):
    """The footer names the subject of the body the pictures show (it said "one adult man" on
    every handout, whichever body was shown)."""
    from explorer.export.handout import footer_for

    handout = Handout("x", "For patients", [Figure(np.full((90, 120, 3), 200, np.uint8), "x")],
                      [Section("x", "Some text.")], footer_for("female"))
    write_pdf(handout, tmp_path / "her.pdf")
    text = _text(pypdf.PdfReader(tmp_path / "her.pdf"))
    assert "Visible Human Female" in text and "One adult woman" in text and "adult man" not in text
    assert " ".join(DISCLAIMER.split()) in text
