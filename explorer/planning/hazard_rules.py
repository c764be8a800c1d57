"""How near a needle may come to each kind of nerve or artery, and why.

One rule per kind of structure, used by the plan (``anatomy-explorer plan`` and the window's
panel) and by the risk map alike, and printed with the plan so a clinician can check the
reasoning. Distances are measured from the structure's surface in the model and rounded to
whole millimetres before they are compared; "within" includes the limit.

Three numbers per kind:

- ``needle_danger_mm``: the needle as inserted (shaft and tip) comes this close: danger;
- ``line_danger_mm``: the needle's line, continued to bone or to 150 mm, passes this close:
  danger (only where a needle pushed deeper than planned is itself the known harm);
- ``line_caution_mm``: the line passes this close: caution, with how far beyond the tip.

A nerve or vessel the rules do not name (a later atlas may add one) gets the strictest rule, so
a new structure can only make a plan more careful.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Radius (mm) of a 4 ml injection were it to spread as a ball, r = (3V / 4 pi)^(1/3) = 9.8 mm:
#: the reason for the 10 mm needle margin. Worked out here, not quoted.
DEPOT_RADIUS_4ML_MM = round((3 * 4000 / (4 * 3.141592653589793)) ** (1 / 3), 1)

MISHRA_2010 = ("Mishra P, Stringer MD. Sciatic nerve injury from intramuscular injection: a persistent and global "
               "problem. Int J Clin Pract. 2010;64(11):1573-1579.")
NICOLL_2002 = ("Nicoll LH, Hesby A. Intramuscular injection: an integrative research review and guideline for "
               "evidence-based practice. Appl Nurs Res. 2002;15(3):149-162.")
JACOBS_1989 = ("Jacobs LG, Buxton RA. The course of the superior gluteal nerve in the lateral approach to the hip. "
               "J Bone Joint Surg Am. 1989;71(8):1239-1243.")
GRAYS = "Standring S (ed). Gray's Anatomy: The Anatomical Basis of Clinical Practice, 42nd ed. Elsevier, 2020."
MOORE = "Moore KL, Dalley AF, Agur AMR. Clinically Oriented Anatomy, 9th ed. Wolters Kluwer, 2022."

_NEEDLE_MARGIN = (
    f"10 mm from the needle: about the radius of a 4 ml depot if it spread as a ball ({DEPOT_RADIUS_4ML_MM} mm), so a "
    "structure closer than that may be reached by the drug even when the needle misses it."
)
_DEEP_TRUNKS = (
    "They run deep, on the bone and between the gluteal muscles, under most of the upper buttock, so nearly every "
    "line through the dorsogluteal area meets them if it is continued far enough: what decides the danger is whether "
    "the needle itself comes near. Their line distance therefore gives caution, stated with how far beyond the tip "
    "they lie, so a longer needle or a thinner person than set can be judged."
)


@dataclass(frozen=True)
class HazardRule:
    kind: str
    #: Annotation ids (both sides) the rule is for.
    base_ids: tuple[str, ...]
    needle_danger_mm: int
    line_danger_mm: int | None
    line_caution_mm: int
    reasoning: str
    sources: tuple[str, ...]

    def summary(self) -> str:
        """One line: 'danger: needle within 10 mm or line within 15 mm; caution: line within 30 mm'."""
        danger = f"needle within {self.needle_danger_mm} mm"
        if self.line_danger_mm is not None:
            danger += f" or its line within {self.line_danger_mm} mm"
        return f"{self.kind}: danger if {danger}; caution if its line passes within {self.line_caution_mm} mm"

    def as_dict(self) -> dict:
        return {**asdict(self), "base_ids": list(self.base_ids), "sources": list(self.sources), "summary": self.summary()}


SCIATIC = HazardRule(
    "sciatic nerve", ("sciatic_nerve",), needle_danger_mm=10, line_danger_mm=15, line_caution_mm=30,
    reasoning=(
        "Injection injury of the sciatic nerve is the best documented serious harm of gluteal injections: the needle "
        "or the drug deposited beside the nerve can leave lasting pain, numbness or foot drop, and thin people are the "
        "most exposed. " + _NEEDLE_MARGIN + " The line counts too, not only the needle, because the depth really "
        "reached is uncertain (less fat than set, skin pressed in at the hub, a longer needle); 15 mm adds to the "
        "depot's 10 mm the 5 mm by which a 5 degree error in the needle's angle moves a point 60 mm deep. The 30 mm "
        "caution band doubles that for the difference between a generic model and a person: a choice of this "
        "project, not a published figure."
    ),
    sources=(MISHRA_2010, NICOLL_2002, GRAYS),
)
GLUTEAL_NERVES = HazardRule(
    "gluteal nerves", ("superior_gluteal_nerve", "inferior_gluteal_nerve"), needle_danger_mm=10, line_danger_mm=None,
    line_caution_mm=30,
    reasoning=(
        "A needle that reaches the superior gluteal nerve near the greater sciatic notch can weaken the hip abductors; "
        "the inferior gluteal nerve, low and medial beside the sciatic nerve, serves gluteus maximus. " + _DEEP_TRUNKS
        + " " + _NEEDLE_MARGIN
    ),
    sources=(JACOBS_1989, NICOLL_2002, GRAYS, MOORE),
)
GLUTEAL_ARTERIES = HazardRule(
    "gluteal arteries", ("superior_gluteal_artery", "inferior_gluteal_artery"), needle_danger_mm=10, line_danger_mm=None,
    line_caution_mm=30,
    reasoning=(
        "A needle that reaches a gluteal artery can cause a haematoma or a false aneurysm, or put the drug into the "
        "vessel. " + _DEEP_TRUNKS + " 10 mm from the needle keeps the same margin as for the nerves beside them."
    ),
    sources=(NICOLL_2002, GRAYS, MOORE),
)
GLUTEAL_VEINS = HazardRule(
    "gluteal veins", ("superior_gluteal_vein", "inferior_gluteal_vein"), needle_danger_mm=10, line_danger_mm=None,
    line_caution_mm=30,
    reasoning=(
        "The gluteal veins lie against their arteries, so a needle that reaches one reaches the other; a torn vein "
        "bleeds into the buttock, and a drug given into it goes straight into the circulation. " + _DEEP_TRUNKS
        + " The same 10 mm from the needle as for the arteries they accompany."
    ),
    sources=(NICOLL_2002, GRAYS, MOORE),
)
INFRAPIRIFORM_BRANCHES = HazardRule(
    "smaller nerves and vessels below piriformis",
    ("posterior_femoral_cutaneous_nerve", "pudendal_nerve", "internal_pudendal_artery", "internal_pudendal_vein",
     "nerve_to_quadratus_femoris"),
    needle_danger_mm=10, line_danger_mm=None, line_caution_mm=30,
    reasoning=(
        "They leave the pelvis below piriformis with the sciatic nerve: the posterior femoral cutaneous nerve on its "
        "back, where a needle that reaches one reaches both (numbness of the back of the thigh or the buttock); the "
        "nerve to quadratus femoris in front of it, on the bone; the pudendal nerve and internal pudendal artery and vein "
        "lower and further in, round the ischial spine. " + _DEEP_TRUNKS + " " + _NEEDLE_MARGIN
    ),
    sources=(GRAYS, MOORE, NICOLL_2002),
)
#: For a nerve or vessel no rule names: the strictest numbers.
OTHER = HazardRule(
    "other nerve or vessel", (), needle_danger_mm=SCIATIC.needle_danger_mm, line_danger_mm=SCIATIC.line_danger_mm,
    line_caution_mm=SCIATIC.line_caution_mm,
    reasoning="No rule has been written for this structure yet, so the strictest one (the sciatic nerve's) applies.",
    sources=(),
)
RULES = (SCIATIC, GLUTEAL_NERVES, GLUTEAL_ARTERIES, GLUTEAL_VEINS, INFRAPIRIFORM_BRANCHES)


def rule_for(base_id: str) -> HazardRule:
    """The rule for a structure by its annotation id; the strictest for one no rule names."""
    return next((rule for rule in RULES if base_id in rule.base_ids), OTHER)
