"""Subcutaneous fat over the buttock: the range the slider covers, and presets from studies.

Each preset is one published group mean, quoted with what was measured, so a clinician can
see where the number comes from. Where a study measured skin-to-muscle depth, the preset's fat
is that depth less the model's skin (``SKIN_MM``), because the planner adds the skin itself.

The evidence gathered so far gives no confirmed group mean for a thin (underweight) or a
severely obese group, nor by sex: those are reached with the slider, whose range covers them,
rather than with invented presets. The sex difference is published only as a trend (deeper in
women: Nisbet 2006), as a share of injections that reached muscle (Chan 2006), as a fat-per-BMI
slope over the whole buttock (Frank 2019) or for women alone; the injection-site annotations
quote these. ``REFERENCE_DEPTHS`` are published cut-offs worth
showing beside the slider.

The setting is the fat under the chosen site's injection point. The body follows it from the
subject's own regional fat (measured at build time between the skin and the deep envelope):
every point's fat changes with the setting, more where the subject is thicker, so the buttock
stays thicker than the trochanter at every setting; each point's growth stops smoothly at its
room, so the thighs and the two sides of the natal cleft never meet (``BodyShape``). A mesh
without the build's arrays falls back to one thickness everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


#: Point arrays the build writes into the fat shell (``asset_pipeline.body_surface``): fascia
#: point (mm, RAS), unit outward direction, the subject's fat (mm), the room (mm) it has to grow.
BODY_ARRAYS = ("fascia_mm", "body_direction", "subject_fat_mm", "room_mm")
#: How much more or less than the setting's change a point's fat changes, at most: a point with
#: the subject's fat f changes by sqrt(f / f_ref) times the change under the site (clipped to
#: these bounds), so thick stays thicker without a 4x thicker buttock quadrupling every change.
GROWTH_BOUNDS = (0.7, 1.4)
#: The thinnest fat a build keeps (mm).
MIN_FAT_MM = 0.5
#: Width (mm) of the smooth minimum between the grown fat and a point's room: no crease where
#: the cap takes over.
CAP_SOFTNESS_MM = 3.0


@dataclass(frozen=True)
class Setting:
    """A body build: ``fat_mm`` under a reference point (a site's injection point), where the
    subject has ``reference_fat_mm`` of their own."""

    fat_mm: float
    reference_fat_mm: float


def regional_fat(subject_fat_mm: np.ndarray, room_mm: np.ndarray, setting: Setting) -> np.ndarray:
    """Fat (mm) at each skin point for a build: the subject's own fat changed by the setting's
    change under the reference, weighted by how thick the subject is there (``GROWTH_BOUNDS``).
    Where that would carry the skin further out than its room (half the gap across the natal
    cleft or between the thighs), it stops smoothly short, so two surfaces never meet."""
    subject = np.asarray(subject_fat_mm, float)
    growth = np.clip(np.sqrt(subject / max(setting.reference_fat_mm, MIN_FAT_MM)), *GROWTH_BOUNDS)
    wanted = subject + (setting.fat_mm - setting.reference_fat_mm) * growth
    cap = subject + np.asarray(room_mm, float)
    h = np.clip(0.5 + 0.5 * (cap - wanted) / CAP_SOFTNESS_MM, 0.0, 1.0)
    smooth_min = cap + (wanted - cap) * h - CAP_SOFTNESS_MM * h * (1.0 - h)
    return np.maximum(smooth_min, MIN_FAT_MM)


@dataclass(frozen=True)
class BodyShape:
    """The subject's skin as a function of the body build: each point sits on its fascia point,
    out along its direction by its regional fat plus what lies above the fat (RAS mm)."""

    fascia: np.ndarray
    direction: np.ndarray
    subject_fat: np.ndarray
    room: np.ndarray

    @classmethod
    def of(cls, mesh) -> BodyShape | None:
        """From a mesh carrying ``BODY_ARRAYS`` (the fat shell's fascia); None without them."""
        if mesh is None or any(name not in mesh.point_data for name in BODY_ARRAYS):
            return None
        return cls(*(np.asarray(mesh.point_data[name], float) for name in BODY_ARRAYS))

    def fat(self, setting: Setting) -> np.ndarray:
        return regional_fat(self.subject_fat, self.room, setting)

    def points(self, setting: Setting, above_fat_mm: float) -> np.ndarray:
        """Points ``above_fat_mm`` outside the fat (0: the skin's inner face; SKIN_MM: its outer face)."""
        return self.fascia + self.direction * (self.fat(setting) + above_fat_mm)[:, None]

    def subject(self) -> Setting:
        """The setting that gives the subject as built (no change anywhere)."""
        return Setting(float(np.median(self.subject_fat)), float(np.median(self.subject_fat)))


@dataclass(frozen=True)
class Carried:
    """Points that ride on the skin (the injection zones): each point's triangle of the skin,
    its barycentric weights there, and its offset from that spot (the zone's small lift)."""

    corners: np.ndarray
    weights: np.ndarray
    offset: np.ndarray

    @classmethod
    def on(cls, skin, points: np.ndarray) -> Carried:
        """``points`` near ``skin`` (a PyVista triangle surface, the skin as built)."""
        cells, closest = skin.find_closest_cell(np.atleast_2d(points), return_closest_point=True)
        faces = skin.regular_faces[cells]
        a, b, c = (np.asarray(skin.points)[faces[:, k]] for k in range(3))
        weights = np.array([barycentric(p, *abc) for p, abc in zip(closest, zip(a, b, c))])
        return cls(faces, weights, np.asarray(points, float) - closest)

    def moved(self, skin_points: np.ndarray) -> np.ndarray:
        """Where the points are when the skin's vertices are at ``skin_points``."""
        return np.einsum("nk,nkd->nd", self.weights, np.asarray(skin_points)[self.corners]) + self.offset


def barycentric(p, a, b, c) -> np.ndarray:
    """Weights of a, b, c for a point p in their triangle (clipped to it)."""
    v0, v1, v2 = b - a, c - a, p - a
    d00, d01, d11, d20, d21 = v0 @ v0, v0 @ v1, v1 @ v1, v2 @ v0, v2 @ v1
    denominator = d00 * d11 - d01 * d01
    if abs(denominator) < 1e-12:
        return np.full(3, 1 / 3)
    v = (d11 * d20 - d01 * d21) / denominator
    w = (d00 * d21 - d01 * d20) / denominator
    weights = np.clip([1.0 - v - w, v, w], 0.0, 1.0)
    return weights / weights.sum()
