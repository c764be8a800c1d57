"""Quizzes: 'find it', 'name it' and 'place it', as plain data the window (or a test) drives.

- find: the quiz names a structure, the learner clicks it in 3D (``answer_structure``);
- name: the quiz highlights one, the learner picks among four names (``answer_structure``);
- place: the quiz names an injection site or a landmark, the learner clicks the skin where
  they would feel for it (``answer_point``); scored by the distance in mm to the point on the
  skin over it, correct within ``PLACE_TOLERANCE_MM``.

The same seed gives the same questions, choices and order, so a class can share a quiz.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from explorer.atlas import Atlas
from explorer.geometry.landmarks import LANDMARK_NAMES

MODES = {"find": "Find it", "name": "Name it", "place": "Place it"}
DEFAULT_GROUPS = ("bone", "muscle", "nerve", "joint")
N_CHOICES = 4
#: About a finger's breadth: how far a placed point may be from the right one and still count.
PLACE_TOLERANCE_MM = 20.0
#: What "place it" asks for: the two injection points, then the landmarks a clinician palpates.
PLACE_TARGETS = {"ventrogluteal_point": "Ventrogluteal injection point", "dorsogluteal_point": "Dorsogluteal injection point",
                 **{k: v for k, v in LANDMARK_NAMES.items() if k not in ("coccyx_tip", "gluteal_fold")}}


@dataclass(frozen=True)
class Question:
    mode: str
    target: str  # a structure id, or 'landmark_key:side' for "place"
    prompt: str
    choices: tuple[str, ...] = ()  # structure ids, for "name"
    point: tuple[float, float, float] | None = None  # the right point on the skin, for "place"


@dataclass(frozen=True)
class Answer:
    question: Question
    given: str | None
    correct: bool
    distance_mm: float | None = None
    given_point: tuple[float, float, float] | None = None


@dataclass
class Quiz:
    """A run of questions with score, streak and the mistakes to review at the end."""

    questions: list[Question]
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
        distance = float(np.linalg.norm(np.subtract(given, q.point)))
        return self._record(Answer(q, q.target, distance <= PLACE_TOLERANCE_MM, distance, given))

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


def structure_quiz(atlas: Atlas, mode: str, groups=DEFAULT_GROUPS, sides=("left", "right"),
                   count: int = 10, seed: int = 0) -> Quiz:
    """'find' or 'name' questions on structures of the given groups and sides (midline ones always)."""
    if mode not in ("find", "name"):
        raise ValueError(f"mode must be 'find' or 'name', not '{mode}'")
    pool = [s for s in atlas if s.mesh and s.group in groups and (s.side is None or s.side in sides)]
    if not pool:
        raise ValueError("no structure matches the chosen layers and sides")
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
    return Quiz(questions)


def place_quiz(atlas: Atlas, skin_points: np.ndarray, targets=tuple(PLACE_TARGETS), sides=("left", "right"),
               count: int = 6, seed: int = 0) -> Quiz:
    """'place' questions: where on the skin is each target? The right point is the skin vertex
    nearest the landmark (bony landmarks are felt through the skin over them)."""
    skin_points = np.asarray(skin_points, float)
    options = []
    for side in sides:
        for key in targets:
            if key in atlas.landmarks.get(side, {}):
                landmark = np.asarray(atlas.landmarks[side][key], float)
                on_skin = skin_points[np.argmin(np.linalg.norm(skin_points - landmark, axis=1))]
                prompt = f"Click where you would find the {_in_sentence(PLACE_TARGETS[key])} ({side})"
                options.append(Question("place", f"{key}:{side}", prompt, point=tuple(float(v) for v in on_skin)))
    if not options:
        raise ValueError("no landmark to place: the atlas has no landmarks for these sides")
    return Quiz(random.Random(seed).sample(options, min(count, len(options))))


def _in_sentence(name: str) -> str:
    """'Greater trochanter' -> 'greater trochanter' mid-sentence; acronyms (ASIS, L4) stay."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name
