"""The sciatic nerve's relations to piriformis (Beaton and Anson types) that the atlas can show.

The shipped meshes show type A, the commonest. The build also writes each other type's meshes
(the nerve with its two divisions, and piriformis pierced where a division passes through it)
into ``meshes/variants/<key>/``; a variant is shown by reading those files in place of the
default ones of the same name (``Atlas.with_variant``). The letters follow Beaton and Anson
(1937) as the annotation ``sciatic_nerve.md`` lists them; papers do not all letter them alike,
so each variant also says plainly where each division passes (``tibial``, ``peroneal``:
"below", "through" or "above" piriformis), and the tests key on that, not on the letter.

Prevalence: types A and B from the pooled cadaver meta-analysis (45 studies, 7,068 limbs,
J Orthop Res 2016;34:1820-1827); no pooled figure for the rarer types was verified, so C and D
give the one series they were counted in (Natsis et al. 2014, 294 limbs), and say so.
"""

from __future__ import annotations

from dataclasses import dataclass

RELATIONS = ("below", "through", "above")
META_ANALYSIS = "pooled from 45 cadaver studies, 7,068 limbs, J Orthop Res 2016;34:1820-1827"
NATSIS_2014 = "one series of 294 limbs only, Natsis et al., Surg Radiol Anat 2014; no pooled figure"


@dataclass(frozen=True)
class SciaticVariant:
    """One Beaton and Anson type: where each division leaves the pelvis, and how common it is."""

    key: str
    #: A few words for a menu: "typical", "peroneal division through piriformis".
    short: str
    tibial: str
    peroneal: str
    #: Prevalence as a percentage, as published (rounded for the menu).
    prevalence_pct: float
    #: Where the figure comes from (pooled or one series).
    evidence: str
    #: The 95 % confidence interval, where the source gives one.
    interval: str = ""

    @property
    def divided(self) -> bool:
        """Whether the two divisions leave the pelvis apart (not one trunk)."""
        return self.tibial != self.peroneal

    @property
    def label(self) -> str:
        """For a menu: 'peroneal division through piriformis (B, 10 %)'."""
        pct = f"{self.prevalence_pct:.0f}" if self.prevalence_pct >= 1 else f"{self.prevalence_pct:g}"
        return f"{self.short} ({self.key}, {pct} %)"

    @property
    def description(self) -> str:
        """A sentence for the information panel and the CLI."""
        if self.divided:
            course = (f"the common peroneal (fibular) division passes {self.peroneal} piriformis and the "
                      f"tibial division {self.tibial} it; they join into one nerve lower in the buttock")
        else:
            course = f"the undivided nerve passes {self.tibial} piriformis"
        ci = f"; 95 % CI {self.interval}" if self.interval else ""
        return f"Type {self.key}: {course}. Seen in {self.prevalence_pct:g} % of limbs ({self.evidence}{ci})."


VARIANTS: dict[str, SciaticVariant] = {
    v.key: v
    for v in (
        SciaticVariant("A", "typical, undivided below piriformis", "below", "below", 85.2, META_ANALYSIS, "78.4-87.0 %"),
        SciaticVariant("B", "peroneal division through piriformis", "below", "through", 9.8, META_ANALYSIS, "6.5-13.2 %"),
        SciaticVariant("C", "peroneal division above piriformis", "below", "above", 0.3, NATSIS_2014),
        SciaticVariant("D", "undivided, through piriformis", "through", "through", 0.3, NATSIS_2014),
    )
}
#: The type the default (top-level) meshes show.
DEFAULT_VARIANT = "A"


class VariantError(ValueError):
    """An unknown variant, or one the mesh folder holds no meshes for."""
