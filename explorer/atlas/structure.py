"""One anatomical structure as the app sees it: identity, names, group, texts, mesh file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Shown with every text the app displays or prints.
DISCLAIMER = "Educational material only: not medical advice and not a diagnosis."

GROUPS = ("bone", "muscle", "nerve", "vessel", "joint", "ligament", "fascia", "soft_tissue", "injection_site", "region")
SIDES = ("left", "right")
#: Level-1 sections of an annotation body, in their required order, with their keys.
SECTIONS = {"Reference": "reference", "Clinical notes": "clinical", "Plain language": "plain", "Sources": "sources"}


@dataclass(frozen=True)
class Structure:
    """A structure of one side (or a midline one). Texts are Markdown.

    ``base_id`` is the annotation file's id, shared by both sides of a paired structure;
    ``related`` holds full ids (same side for paired structures).
    """

    id: str
    base_id: str
    name: str
    latin: str
    group: str
    colour: str
    side: str | None
    mesh: str | None
    #: Everyday words for patients (labels, presentation mode, handouts); the name where none is given.
    plain_name: str = ""
    #: Other everyday names people use for it: found by search, but patient texts say plain_name.
    plain_variants: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    fma_id: int | None = None
    related: tuple[str, ...] = ()
    reviewed: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    source_file: Path | None = None
    #: Line of each header key in ``source_file``, so later checks can point at it.
    header_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: Line where each body section's text starts, by section key.
    text_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.header_lines.get(key, 0)

    def line_in_text(self, section: str, offset: int) -> int:
        """File line of character ``offset`` in one section's text (0 where unknown)."""
        first = self.text_lines.get(section, 0)
        return first + self.text(section)[:offset].count("\n") if first else 0

    @property
    def display_name(self) -> str:
        """Name with the side, as shown in lists and labels: 'Gluteus maximus (right)'."""
        return f"{self.name} ({self.side})" if self.side else self.name

    @property
    def plain_display_name(self) -> str:
        """The everyday name with the side: 'Big buttock muscle (right)'."""
        name = self.plain_name or self.name
        return f"{name} ({self.side})" if self.side else name

    def text(self, section: str) -> str:
        """One body section by key: 'reference', 'clinical', 'plain' or 'sources'."""
        return self.texts.get(section, "")
