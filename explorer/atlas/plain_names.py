"""One everyday name per structure: what patients read calls a structure by its ``plain_name``.

Labels, handouts and presentation mode print ``plain_name`` itself. Free text written for
patients (an annotation's ``# Plain language``, a tour's titles and plain texts) is checked
here against each structure's ``plain_variants``: everyday names people also use, such as
"middle buttock muscle" for the side hip muscle, which would make one muscle sound like two
when the label beside the text says otherwise. The check is literal (whole words, any case,
a plural ``s`` allowed), so what it flags is exactly what the header lists.

An everyday name must also mean one structure: a structure's plain name may not be another
structure's plain name, synonym or variant (search for it would find both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.atlas.annotation_schema import Problem
from explorer.atlas.structure import Structure


@dataclass(frozen=True)
class VariantUse:
    """A variant found in a text: where (character offset), which words, whose plain name."""

    offset: int
    words: str
    structure: Structure

    def message(self, where: str) -> str:
        return (f"{where} calls {self.structure.base_id} '{self.words}'; patient texts use its everyday name "
                f"'{self.structure.plain_name}'")


class PlainNames:
    """The everyday names of an atlas's structures, to check patient texts against."""

    def __init__(self, structures):
        one_side = {s.base_id: s for s in structures}.values()  # both sides share their names
        self._plain = [_pattern(s.plain_name) for s in one_side]
        self._variants = [(_pattern(v), s) for s in one_side for v in s.plain_variants]

    def variant_uses(self, text: str) -> list[VariantUse]:
        """Every variant in ``text``, in order; words inside a plain name do not count
        ("deep hip muscle" within "small deep hip muscle")."""
        taken = [m.span() for p in self._plain for m in p.finditer(text)]
        uses = []
        for pattern, structure in self._variants:
            for m in pattern.finditer(text):
                if not any(a <= m.start() and m.end() <= b for a, b in taken):
                    taken.append(m.span())
                    uses.append(VariantUse(m.start(), m.group(0), structure))
        return sorted(uses, key=lambda u: u.offset)


def plain_name_problems(structures) -> list[Problem]:
    """Plain texts that use a variant, and everyday names that mean two structures."""
    one_side = list({s.base_id: s for s in structures}.values())
    names = PlainNames(one_side)
    problems = []
    for s in one_side:
        for use in names.variant_uses(s.text("plain")):
            problems.append(Problem(s.source_file, s.line_in_text("plain", use.offset), use.message("the plain-language text")))
        plain = s.plain_name.casefold()
        for other in one_side:
            if other.base_id == s.base_id:
                continue
            for key, values in (("plain_name", (other.plain_name,)), ("plain_variants", other.plain_variants), ("synonyms", other.synonyms)):
                if plain in (v.casefold() for v in values):
                    problems.append(Problem(other.source_file, other.line_of(key),
                                            f"'{s.plain_name}' in {key} is the everyday name of {s.base_id}; "
                                            "an everyday name must mean one structure"))
    return problems


def _pattern(words: str) -> re.Pattern:
    """Whole words, any case, any run of spaces, with an optional plural 's'."""
    body = r"\s+".join(re.escape(w) for w in words.split())
    return re.compile(rf"(?<!\w){body}s?(?!\w)", re.IGNORECASE)
