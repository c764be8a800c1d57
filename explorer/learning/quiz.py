"""Quizzes: 'find it', 'name it' and 'place it', as plain data the window (or a test) drives.

- find: the quiz names a structure, the learner clicks it in 3D (``answer_structure``);
- name: the quiz highlights one, the learner picks among four names (``answer_structure``);
- place: the quiz names an injection site or a landmark, the learner clicks the skin where
  they would feel for it (``answer_point``); scored by the distance in mm to the answer on the
  skin over it, correct within ``PLACE_TOLERANCE_MM``. The answer has the landmark's own shape:
  a point (ASIS), a line (the iliac crest: any point of the crest counts) or an area (an
  injection zone: a click inside it is 0 mm away).

Without a seed each quiz draws one at random (new questions each time); the quiz keeps it, and
the same seed gives the same questions, choices and order, so a class can share a quiz.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from explorer.atlas import Atlas
from explorer.geometry.landmarks import LANDMARK_NAMES
from explorer.geometry.nearest import nearest_on_polyline, nearest_on_triangles

MODES = {"find": "Find it", "name": "Name it", "place": "Place it"}
DEFAULT_GROUPS = ("bone", "muscle", "nerve", "joint")
#: The layers a learner can be quizzed on, each a list of groups or structure ids. Skin and fat
#: are left out (they cover everything, and "find the skin" teaches nothing), so the one other
#: soft-tissue structure, the trochanteric bursa, is asked with the fascia it lies under.
QUIZ_LAYERS = {
    "bone": ("bone",), "muscle": ("muscle",), "nerve": ("nerve",), "vessel": ("vessel",), "joint": ("joint",),
    "ligament": ("ligament",), "fascia and bursa": ("fascia", "trochanteric_bursa"), "injection site": ("injection_site",),
}
N_CHOICES = 4
#: About a finger's breadth: how far a placed point may be from the right one and still count.
PLACE_TOLERANCE_MM = 20.0
#: What "place it" asks for: the two injection sites, then the landmarks a clinician palpates.
PLACE_TARGETS = {"ventrogluteal_point": "Ventrogluteal injection site", "dorsogluteal_point": "Dorsogluteal injection site",
                 **{k: v for k, v in LANDMARK_NAMES.items() if k not in ("coccyx_tip", "gluteal_fold")}}
#: Targets that are lines: scored against this polyline of landmarks.json, not one point.
LINE_TARGETS = {"iliac_crest_summit": "iliac_crest"}
#: Targets that are areas: scored against this injection zone (structure id without the side).
AREA_TARGETS = {"ventrogluteal_point": "ventrogluteal_site", "dorsogluteal_point": "dorsogluteal_site"}
#: Zones are drawn a little above the skin: a click on the skin this close to one is inside it.
ZONE_ABOVE_SKIN_MM = 2.0
SEED_RANGE = (1, 999_999)


@dataclass(frozen=True)
class Question:
    mode: str
    target: str  # a structure id, or 'landmark_key:side' for "place"
    prompt: str
    choices: tuple[str, ...] = ()  # structure ids, for "name"
    point: tuple[float, float, float] | None = None  # the right point on the skin, for "place"
    #: For "place", the answer's shape on the skin when it is not one point (RAS mm): a line
    #: (polyline, n x 3) or an area (triangles, n x 3 x 3).
    line: np.ndarray | None = field(default=None, compare=False, repr=False)
    area: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def shape(self) -> str:
        return "area" if self.area is not None else "line" if self.line is not None else "point"

    def nearest(self, point) -> tuple[float, np.ndarray]:
        """Distance (mm) from a clicked point to the answer, and the answer's nearest point."""
        p = np.asarray(point, float)
        if self.area is not None:
            nearest = nearest_on_triangles(p, self.area)
            return max(0.0, float(np.linalg.norm(nearest - p)) - ZONE_ABOVE_SKIN_MM), nearest
        nearest = nearest_on_polyline(p, self.line) if self.line is not None else np.asarray(self.point, float)
        return float(np.linalg.norm(nearest - p)), nearest


@dataclass(frozen=True)
class Answer:
    question: Question
    given: str | None
    correct: bool
    distance_mm: float | None = None
    given_point: tuple[float, float, float] | None = None
    nearest_point: tuple[float, float, float] | None = None  # of the answer's line or area, to the click


@dataclass
class Quiz:
    """A run of questions with score, streak and the mistakes to review at the end."""

    questions: list[Question]
    seed: int | None = None  # what drew the questions: the same seed asks them again
    answers: list[Answer] = field(default_factory=list)
    streak: int = 0
    best_streak: int = 0

    @property
    def current(self) -> Question | None:
        return self.questions[len(self.answers)] if not self.finished else None

    @property
    def finished(self) -> bool:
        return len(self.answers) >= len(self.questions)

    @property
    def score(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def mistakes(self) -> list[Answer]:
        return [a for a in self.answers if not a.correct]

    def answer_structure(self, structure_id: str | None) -> Answer:
        """A click in 3D ('find') or a chosen name ('name'); None means 'I don't know'."""
        q = self._expect("find", "name")
        return self._record(Answer(q, structure_id, structure_id == q.target))

    def answer_point(self, point) -> Answer:
        """A clicked skin point ('place'), RAS mm."""
        q = self._expect("place")
        given = tuple(float(v) for v in point)
        distance, nearest = q.nearest(given)
        return self._record(Answer(q, q.target, distance <= PLACE_TOLERANCE_MM, distance, given, tuple(map(float, nearest))))

    def _expect(self, *modes: str) -> Question:
        q = self.current
        if q is None:
            raise RuntimeError("the quiz is over")
        if q.mode not in modes:
            raise ValueError(f"this question is '{q.mode}', not {' or '.join(modes)}")
        return q

    def _record(self, answer: Answer) -> Answer:
        self.answers.append(answer)
        self.streak = self.streak + 1 if answer.correct else 0
        self.best_streak = max(self.best_streak, self.streak)
        return answer


def new_seed() -> int:
    """A seed drawn at random, for a quiz nobody asked to repeat."""
    return random.SystemRandom().randint(*SEED_RANGE)


def in_layers(structure, groups) -> bool:
    """Whether a structure belongs to the chosen layers: ``groups`` holds groups or base ids."""
    return structure.group in groups or structure.base_id in groups


def structure_quiz(atlas: Atlas, mode: str, groups=DEFAULT_GROUPS, sides=("left", "right"),
                   count: int = 10, seed: int | None = None) -> Quiz:
    """'find' or 'name' questions on structures of the given groups (or base ids, see
    ``QUIZ_LAYERS``) and sides (midline ones always); ``seed`` None draws one."""
    if mode not in ("find", "name"):
        raise ValueError(f"mode must be 'find' or 'name', not '{mode}'")
    pool = [s for s in atlas if s.mesh and in_layers(s, groups) and (s.side is None or s.side in sides)]
    if not pool:
        raise ValueError("no structure matches the chosen layers and sides")
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    picked = rng.sample(pool, min(count, len(pool)))
    questions = []
    for s in picked:
        if mode == "find":
            questions.append(Question("find", s.id, f"Click the {_in_sentence(s.display_name)}"))
            continue
        others = [o for o in atlas if o.mesh and o.id != s.id and o.display_name != s.display_name]
        # Plausible wrong names first: same layer, then anything else.
        same = [o for o in others if o.group == s.group]
        rng.shuffle(same)
        rest = [o for o in others if o.group != s.group]
        rng.shuffle(rest)
        choices = [s.id] + [o.id for o in (same + rest)[: N_CHOICES - 1]]
        rng.shuffle(choices)
        questions.append(Question("name", s.id, "What is the highlighted structure?", tuple(choices)))
    return Quiz(questions, seed)


def place_quiz(atlas: Atlas, skin_points: np.ndarray, targets=tuple(PLACE_TARGETS), sides=("left", "right"),
               count: int = 6, seed: int | None = None, zones: dict[str, np.ndarray] | None = None) -> Quiz:
    """'place' questions: where on the skin is each target? Bony landmarks are felt through the
    skin over them, so the answer is the skin nearest the landmark: a point, or for the iliac
    crest the crest's line carried to the skin. ``zones`` (structure id -> triangles, n x 3 x 3,
    RAS mm) gives the injection zones, scored as areas (without them, their centre point).
    ``seed`` None draws one."""
    skin_points = np.asarray(skin_points, float)

    def on_skin(points) -> np.ndarray:
        """The skin vertex nearest each point (a line keeps its order, without repeats)."""
        points = np.asarray(points, float).reshape(-1, 3)
        nearest = [np.argmin(np.linalg.norm(skin_points - p, axis=1)) for p in points]
        return skin_points[[i for k, i in enumerate(nearest) if k == 0 or i != nearest[k - 1]]]

    options = []
    for side in sides:
        landmarks = atlas.landmarks.get(side, {})
        for key in targets:
            if key not in landmarks:
                continue
            prompt = f"Click where you would find the {_in_sentence(PLACE_TARGETS[key])} ({side})"
            line = landmarks.get(LINE_TARGETS.get(key, ""))
            area = (zones or {}).get(f"{AREA_TARGETS[key]}_{side}") if key in AREA_TARGETS else None
            options.append(Question("place", f"{key}:{side}", prompt, point=tuple(float(v) for v in on_skin(landmarks[key])[0]),
                                    line=None if line is None else on_skin(line),
                                    area=None if area is None else np.asarray(area, float)))
    if not options:
        raise ValueError("no landmark to place: the atlas has no landmarks for these sides")
    seed = new_seed() if seed is None else seed
    return Quiz(random.Random(seed).sample(options, min(count, len(options))), seed)


def _in_sentence(name: str) -> str:
    """'Greater trochanter' -> 'greater trochanter' mid-sentence; acronyms (ASIS, L4) stay."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name
