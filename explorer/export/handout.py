"""What goes on a printed handout: title, one or two pictures, plain-language texts, footer.

Kept free of Qt so the CLI and the window build the same content: the window passes
screenshots of its own view, the CLI renders figures off screen. ``pdf_handout`` lays it out.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np

from explorer.atlas import Atlas
from explorer.atlas.structure import DISCLAIMER

MAX_FIGURES = 2
#: Per body (``descriptors.BODIES``): the subject its meshes come from, and who that is.
SUBJECTS = {"male": ("Visible Human Male", "One adult man"), "female": ("Visible Human Female", "One adult woman")}


def credit_for(body: str = "male") -> str:
    """The footer's credit, naming the body the pictures show (a handout printed from her body
    must not say it shows a man)."""
    subject, who = SUBJECTS[body]
    return (f"Made with Gluteal Anatomy Explorer. Bones and muscles from the {subject} (US National Library of "
            "Medicine) as segmented by Andreassen et al. 2023 and the Human Reference Atlas (CC BY 4.0); nerves, "
            f"vessels and ligaments built on them from published anatomy. {who}, shown as a guide: every body differs.")


def footer_for(body: str = "male") -> str:
    return f"{DISCLAIMER} {credit_for(body)}"


@dataclass(frozen=True)
class Figure:
    image: np.ndarray  # RGB, height x width x 3
    caption: str
    #: (text, (x, y)): a label and the pixel it points at (origin top-left). The print layout
    #: draws them at a printed size it knows, not burnt into the picture at a pixel size.
    labels: tuple[tuple[str, tuple[float, float]], ...] = ()


@dataclass(frozen=True)
class Section:
    heading: str
    markdown: str


@dataclass
class Handout:
    title: str
    subtitle: str
    figures: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footer: str = field(default_factory=footer_for)
    audience: str = "patient"  # or "student": patients get large print

    def __post_init__(self) -> None:
        if not 1 <= len(self.figures) <= MAX_FIGURES:
            raise ValueError(f"a handout has 1 or {MAX_FIGURES} pictures, not {len(self.figures)}")
        if not self.sections:
            raise ValueError("a handout needs at least one text")


def structure_sections(atlas: Atlas, structure_ids: list[str]) -> list[Section]:
    """The plain-language text of each chosen structure, once per annotation (both sides share it)."""
    seen, sections = set(), []
    for sid in structure_ids:
        s = atlas[sid]
        if s.base_id in seen or not s.text("plain"):
            continue
        seen.add(s.base_id)
        sections.append(Section(f"{s.plain_name} ({s.name})" if s.plain_name != s.name else s.name, s.text("plain")))
    return sections


def tour_sections(tour, register: str = "plain") -> list[Section]:
    """A tour's summary and every step's text in one register ('plain' or 'professional')."""
    return [Section("In short", tour.summary[register])] + [Section(f"{i}. {step.title}", step.text(register))
                                                             for i, step in enumerate(tour.steps, start=1)]


def subtitle_for(audience: str) -> str:
    who = "For patients and families" if audience == "patient" else "For students"
    return f"{who} · {_dt.date.today().isoformat()}"
