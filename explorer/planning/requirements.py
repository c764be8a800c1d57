"""What the planner needs from the atlas, and which of it is missing.

A plan measures against the structures below; without one of them it could call a needle safe
that passes through it. So the list is the planner's own (it cannot come from the atlas, which
does not know about a file it failed to read), and a plan that lacks any of them is
``incomplete``, never ``safe``.

- the fat (its inner surface is the fascia every depth is measured from and the needle enters
  over), the muscles a needle ends in and the bones that stop its line;
- every nerve and vessel (artery or vein) of the buttock the plan reports on;
- for a plan at a method's point, that point (``landmarks.json``).

The skin is not needed: the planner models it as a fixed layer (``SKIN_MM``) on top of the fat.
Ids follow the atlas's convention: ``<id>_left`` and ``<id>_right`` for a paired structure.
"""

from __future__ import annotations

from dataclasses import dataclass

SIDES = ("left", "right")


@dataclass(frozen=True)
class Requirement:
    base_id: str
    group: str
    paired: bool
    role: str

    def ids(self) -> list[str]:
        return [f"{self.base_id}_{side}" for side in SIDES] if self.paired else [self.base_id]


REQUIRED = (
    Requirement("subcutaneous_fat", "soft_tissue", False, "the fat layer, whose inner surface (the fascia) depths are measured from"),
    *(Requirement(m, "muscle", True, "a muscle the needle may cross or end in")
      for m in ("gluteus_maximus", "gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae", "piriformis")),
    *(Requirement(b, "bone", True, "a bone that stops the needle's line") for b in ("hip_bone", "femur")),
    Requirement("sacrum", "bone", False, "a bone that stops the needle's line"),
    *(Requirement(n, "nerve", True, "a nerve the plan measures the needle's distance to")
      for n in ("sciatic_nerve", "superior_gluteal_nerve", "inferior_gluteal_nerve", "posterior_femoral_cutaneous_nerve")),
    *(Requirement(a, "vessel", True, "an artery the plan measures the needle's distance to")
      for a in ("superior_gluteal_artery", "inferior_gluteal_artery")),
    *(Requirement(v, "vessel", True, "a vein the plan measures the needle's distance to")
      for v in ("superior_gluteal_vein", "inferior_gluteal_vein")),
)
#: Per side, the landmark a plan at each method's point starts from.
SITE_LANDMARKS = {"ventrogluteal": "ventrogluteal_point", "dorsogluteal": "dorsogluteal_point"}


@dataclass(frozen=True)
class Missing:
    """A required structure the plan does without, and why (the problem found while loading)."""

    id: str
    name: str
    problem: str

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "problem": self.problem}


def display_name(structure_id: str) -> str:
    """'sciatic_nerve_left' -> 'Sciatic nerve (left)', for a structure the atlas could not name."""
    for side in SIDES:
        if structure_id.endswith(f"_{side}"):
            return f"{structure_id[: -len(side) - 1].replace('_', ' ').capitalize()} ({side})"
    return structure_id.replace("_", " ").capitalize()


def missing_structures(atlas, failed: dict[str, str] | None = None) -> list[Missing]:
    """Required structures absent from ``atlas``, of the wrong group, or whose mesh failed
    (``failed``: id -> message, from whoever read the meshes)."""
    failed = failed or {}
    missing = []
    for requirement in REQUIRED:
        for sid in requirement.ids():
            if sid not in atlas:
                missing.append(Missing(sid, display_name(sid), _why_absent(atlas, requirement.base_id)))
            elif atlas[sid].group != requirement.group:
                s = atlas[sid]
                missing.append(Missing(sid, s.display_name, f"{s.source_file}:{s.line_of('group')}: group is "
                                                             f"'{s.group}', the planner needs a {requirement.group}"))
            elif atlas[sid].mesh is None:
                missing.append(Missing(sid, atlas[sid].display_name, f"{atlas[sid].source_file}: has no mesh"))
            elif sid in failed:
                missing.append(Missing(sid, atlas[sid].display_name, failed[sid]))
    return missing


def missing_landmark(atlas_landmarks: dict, site: str, side: str) -> Missing | None:
    key = SITE_LANDMARKS[site]
    if key in atlas_landmarks.get(side, {}):
        return None
    return Missing(f"{key}_{side}", f"{site} point ({side})", "landmarks.json lacks it (missing or unreadable file)")


def _why_absent(atlas, base_id: str) -> str:
    """The load problem of the annotation file that should have held it, if one was found."""
    problems = [str(p) for p in atlas.problems if getattr(p.file, "stem", None) == base_id]
    return "; ".join(problems[:3]) if problems else f"not in the atlas (no valid annotation with id '{base_id}')"
