"""The layers along a needle's line, as one partition in whole millimetres, and where the tip ends.

Every depth from the skin to where the line stops (the far side of the first bone, or 150 mm)
belongs to exactly one row: skin, fat, a muscle, a bone, a ``gap`` (fascia or space between
modelled structures) or ``beyond`` (past the last modelled structure). Boundaries are rounded to
whole millimetres, the precision a generic model can claim, so the rows' thicknesses add up to
the depths printed beside them. The tip's layer is read from these same rows, and the verdict's
reasons from the tip's layer, so the table and the verdict cannot disagree.

Meshes of a generic model overlap a little where structures touch: where two muscles overlap,
the one the line entered first keeps the depth; bone takes precedence over muscle; a muscle that
pokes out above the fascia starts at the fascia (the fat's thickness is the body build chosen).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

KINDS = ("skin", "fat", "gap", "muscle", "bone", "beyond")
GAP = "fascia or gap"
BEYOND = "beyond the modelled structures"


@dataclass(frozen=True)
class Layer:
    kind: str
    name: str
    structure_id: str | None
    start_mm: int
    end_mm: int

    @property
    def thickness_mm(self) -> int:
        return self.end_mm - self.start_mm

    def as_dict(self) -> dict:
        return {**asdict(self), "thickness_mm": self.thickness_mm}


def whole_mm(value: float) -> int:
    """Round half up (not to even), after dropping float noise (22.4999999 is 22.5 -> 23): the
    same millimetre wherever a depth is printed."""
    return math.floor(round(value, 6) + 0.5)


def line_layers(skin_end: float, fascia_end: float, crossings, line_end: float, names: dict[str, str]) -> list[Layer]:
    """Rows from 0 to where the line stops.

    ``crossings``: (start, end, structure id, 'muscle' or 'bone') in mm along the line from the
    skin; ``fascia_end``: where the line leaves the fat; ``line_end``: where it stops without bone.
    """
    raw = [("skin", "skin", 0.0, skin_end), ("fat", "subcutaneous_fat", skin_end, fascia_end)]
    raw += _below_fascia(fascia_end, crossings, line_end)
    rows: list[tuple[str, str | None, int, int]] = []
    for kind, sid, start, end in raw:
        start, end = whole_mm(start), whole_mm(end)
        if end <= start:
            continue
        if rows and rows[-1][:2] == (kind, sid) and rows[-1][3] == start:
            rows[-1] = (kind, sid, rows[-1][2], end)
        else:
            rows.append((kind, sid, start, end))
    return [Layer(kind, _name(kind, sid, rows, i, names), sid, start, end) for i, (kind, sid, start, end) in enumerate(rows)]


def tip_layer(layers: list[Layer], needle_mm: float) -> Layer:
    """The row the tip ends in: the row with start < tip <= end, or the first bone if the tip
    touches or passes it (a needle stops on bone)."""
    bone = first_of(layers, "bone")
    if bone is not None and needle_mm >= bone.start_mm:  # checked first: a tip that just touches bone is on it
        return bone
    for layer in layers:
        if layer.start_mm < needle_mm <= layer.end_mm:
            return layer
    end = layers[-1].end_mm if layers else 0
    return Layer("beyond", BEYOND, None, end, max(end, whole_mm(needle_mm)))


def first_of(layers: list[Layer], kind: str) -> Layer | None:
    return next((layer for layer in layers if layer.kind == kind), None)


def _below_fascia(fascia_end: float, crossings, line_end: float) -> list[tuple[str, str | None, float, float]]:
    """Elementary pieces from the fascia to where the line stops, each owned by one structure or none."""
    bones = sorted((s, e, sid) for s, e, sid, kind in crossings if kind == "bone" and e > fascia_end)
    stop = max(bones[0][1], fascia_end) if bones else line_end
    spans = [(max(s, fascia_end), min(e, stop), sid, kind) for s, e, sid, kind in crossings
             if kind == "muscle" or (bones and (s, e, sid) == bones[0])]
    spans = [span for span in spans if span[1] > span[0]]
    cuts = sorted({fascia_end, stop, *(v for span in spans for v in span[:2])})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        middle = (a + b) / 2
        covering = [span for span in spans if span[0] <= middle < span[1]]
        bone = [span for span in covering if span[3] == "bone"]
        owner = bone[0] if bone else min(covering, default=None, key=lambda span: span[0])
        pieces.append((owner[3], owner[2], a, b) if owner else ("gap", None, a, b))
    last_owned = max((i for i, piece in enumerate(pieces) if piece[0] != "gap"), default=-1)
    return [("beyond", None, a, b) if kind == "gap" and i > last_owned else (kind, sid, a, b)
            for i, (kind, sid, a, b) in enumerate(pieces)]


def _name(kind: str, sid: str | None, rows, index: int, names: dict[str, str]) -> str:
    if kind == "skin":
        return "skin"
    if kind == "fat":
        return "subcutaneous fat"
    if kind == "beyond":
        return BEYOND
    if kind == "gap":
        before = _row_name(rows[index - 1], names) if index > 0 else "skin"
        after = _row_name(rows[index + 1], names) if index + 1 < len(rows) else BEYOND
        return f"{GAP} between {before} and {after}"
    return names.get(sid, sid)


def _row_name(row, names: dict[str, str]) -> str:
    kind, sid = row[0], row[1]
    return {"skin": "skin", "fat": "subcutaneous fat"}.get(kind) or names.get(sid, sid or kind)
