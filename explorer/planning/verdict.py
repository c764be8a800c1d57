"""The verdict and its reasons, from what the plan measured: missing structures, the tip's layer,
each nerve's and artery's distances under its rule.

Every reason is derived from the same values the plan reports (the tip's row of the layer
table, the whole-millimetre distances), so the reasons cannot contradict the table. Severity:
``incomplete`` > ``danger`` > ``caution`` > ``safe``; ``safe`` needs every required structure,
the tip in muscle and every nerve and artery outside its caution distance.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.planning.hazard_rules import HazardRule
from explorer.planning.line_layers import BEYOND, Layer, whole_mm
from explorer.planning.requirements import Missing

VERDICTS = ("incomplete", "danger", "caution", "safe")
LEVELS = ("danger", "caution", "clear")


@dataclass(frozen=True)
class Hazard:
    """One nerve or artery measured against the needle, in whole mm."""

    id: str
    name: str
    rule: HazardRule
    side: str | None
    same_side: bool
    needle_mm: int
    axis_mm: int
    #: How far past the tip, along the line, the line comes nearest to it (0: at or before the tip).
    beyond_tip_mm: int

    @property
    def level(self) -> str:
        r = self.rule
        if self.needle_mm <= r.needle_danger_mm or (r.line_danger_mm is not None and self.axis_mm <= r.line_danger_mm):
            return "danger"
        return "caution" if self.axis_mm <= r.line_caution_mm else "clear"

    def reason(self) -> str | None:
        r, level = self.rule, self.level
        if level == "clear":
            return None
        if self.needle_mm <= r.needle_danger_mm:
            return f"{self.name}: the needle comes within {self.needle_mm} mm (danger within {r.needle_danger_mm} mm for the {r.kind})"
        where = f", {self.beyond_tip_mm} mm beyond the tip" if self.beyond_tip_mm else ""
        line = f"{self.name}: the needle's line passes {self.axis_mm} mm from it{where}"
        if level == "danger":
            return f"{line} (danger within {r.line_danger_mm} mm of the line for the {r.kind})"
        return f"{line}; the needle itself stays {self.needle_mm} mm away (caution within {r.line_caution_mm} mm of the line)"

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.rule.kind, "side": self.side, "same_side": self.same_side,
                "needle_mm": self.needle_mm, "axis_mm": self.axis_mm, "beyond_tip_mm": self.beyond_tip_mm, "level": self.level}


def verdict_and_reasons(missing: list[Missing], tip: Layer | None, hazards: list[Hazard], needle_mm: float,
                        muscle: Layer | None) -> tuple[str, list[str]]:
    """(verdict, reasons); what is missing comes first, then the nerves and arteries nearest
    first, then where the tip ends."""
    reasons = []
    if missing:
        names = ", ".join(m.name for m in missing)
        reasons.append(f"incomplete: the model lacks {names}, so no plan here can be called safe (see 'missing' for why)")
    if tip is None:
        reasons.append("the needle could not be placed: nothing was measured")
        return "incomplete", reasons
    levels = [h.level for h in hazards]
    reasons += [h.reason() for h in hazards if h.level != "clear"]
    tip_reason = _tip_reason(tip, needle_mm, muscle)
    if tip_reason:
        reasons.append(tip_reason)
    found = "danger" if "danger" in levels else "caution" if "caution" in levels or tip_reason else "safe"
    if found == "safe" and not missing:
        reasons.append(f"every modelled nerve and artery is beyond its caution distance from the needle's line, "
                       f"and the tip ends in {tip.name}")
    if missing:
        reasons.append(f"the structures that are loaded already give {found.upper()}" if found != "safe" else
                       f"the structures that are loaded raise nothing (the tip ends in {tip.name}), but without the "
                       "missing ones that says nothing about safety")
        return "incomplete", reasons
    return found, reasons


def _tip_reason(tip: Layer, needle_mm: float, muscle: Layer | None) -> str | None:
    """Why the tip's layer makes the injection not intramuscular, or None when it ends in muscle."""
    if tip.kind == "muscle":
        return None
    if tip.kind == "bone":
        return f"the needle reaches bone ({tip.name}) at {tip.start_mm} mm"
    if tip.kind == "beyond":
        return f"the tip ends {BEYOND}: the model cannot say what it is in"
    if tip.kind in ("skin", "fat") and muscle is not None:
        short = muscle.start_mm - whole_mm(needle_mm)
        where = f"{short} mm short of" if short > 0 else "at the surface of"
        return f"the tip ends in {tip.name}, {where} {muscle.name}: the injection would not be intramuscular"
    if tip.kind in ("skin", "fat"):
        return f"the tip ends in {tip.name} and no muscle lies on the line: the injection would not be intramuscular"
    return f"the tip ends in {tip.name}, not in muscle: the injection would not be intramuscular"
