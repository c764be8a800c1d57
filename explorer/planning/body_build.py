"""Subcutaneous fat over the buttock: the range the slider covers, and presets from studies.

Each preset is one published group mean, quoted with what was measured, so a clinician can
see where the number comes from. Where a study measured skin-to-muscle depth, the preset's fat
is that depth less the model's skin (``SKIN_MM``), because the planner adds the skin itself.

The evidence gathered so far gives no confirmed group mean for a thin (underweight) or a
severely obese group, nor by sex: those are reached with the slider, whose range covers them,
rather than with invented presets. ``REFERENCE_DEPTHS`` are published cut-offs worth
showing beside the slider.
"""

from __future__ import annotations

from dataclasses import dataclass

FAT_RANGE_MM = (5.0, 100.0)
NEEDLE_LENGTHS_MM = (16.0, 25.0, 38.0, 50.0)
SKIN_MM = 2.5


@dataclass(frozen=True)
class FatPreset:
    key: str
    label: str
    fat_mm: float
    #: What was measured, how and in whom.
    measured: str
    #: What the published spread (the "±") is, or that the study gives none.
    spread: str
    study: str
    source: str

    def describe(self) -> str:
        """'19.9 mm: <what was measured>; <what the ± is> (<study>)', as the panel shows it."""
        return f"{self.fat_mm:.1f} mm: {self.measured}; {self.spread} ({self.study})"


PRESETS = (
    FatPreset(
        "vg-adult-mean", "Adults, mean at the ventrogluteal site (Gulnar 2023)", 19.9,
        "mean subcutaneous tissue at the ventrogluteal site (V method), ultrasound, 6 studies pooled, 734 adults",
        "\u00b1 2.5 mm is how closely the studies' means agree (not stated whether standard error or deviation), "
        "not how much people differ",
        "Gulnar et al. 2023",
        "Gulnar E, Ordu Y, Bayram SB, Caliskan N. Gluteal muscle and subcutaneous tissue thicknesses in "
        "adults: a systematic review and meta-analysis. J Res Nurs. 2023;28(3).",
    ),
    FatPreset(
        "reached-muscle-bmi26", "Gluteal depot reached muscle, mean BMI 26 (Krishnan 2023)", 35.0 - SKIN_MM,
        "mean skin-to-muscle depth 35 mm (CT) less the model's 2.5 mm skin, in patients whose gluteal octreotide "
        "LAR injections left no subcutaneous nodules, mean BMI 26 kg/m\u00b2",
        "group mean, no spread given",
        "Krishnan et al. 2023",
        "Krishnan T et al. Endocrine Abstracts 2023;98:C1 (NANETS); the cohort is published in "
        "J Neuroendocrinol 2024;36(1):e13360, doi:10.1111/jne.13360.",
    ),
    FatPreset(
        "missed-muscle-bmi29", "Gluteal depot missed muscle, mean BMI 29 (Krishnan 2023)", 54.0 - SKIN_MM,
        "mean skin-to-muscle depth 54 mm (CT) less the model's 2.5 mm skin, in patients whose gluteal injections "
        "left subcutaneous nodules (drug in fat), mean BMI 29 kg/m\u00b2",
        "group mean, no spread given",
        "Krishnan et al. 2023",
        "Krishnan T et al. Endocrine Abstracts 2023;98:C1 (NANETS); J Neuroendocrinol 2024;36(1):e13360.",
    ),
)
PRESETS_MM = {p.key: p.fat_mm for p in PRESETS}
DEFAULT_PRESET = "vg-adult-mean"

#: Published depths (mm) beside the slider: how many people in a study lay deeper.
REFERENCE_DEPTHS = (
    (25.0, "Nisbet 2006 (CT, 100 adults): 26 at the ventrogluteal and 72 at the dorsogluteal site "
           "had more than 25 mm of tissue to muscle. BMJ 2006;332:637, doi:10.1136/bmj.38706.742731.47."),
    (35.0, "Nisbet 2006: 12 (ventrogluteal) and 43 (dorsogluteal) of 100 had more than 35 mm."),
    (38.0, "Krishnan 2023: beyond 38 mm skin-to-muscle (the octreotide LAR needle's length) "
           "subcutaneous nodules became more likely."),
)
