"""Guided tours: YAML files in ``annotations/tours/``, each a short story told in camera steps.

A step names a camera view, what is visible, what is highlighted and a short text in two
registers (``plain`` for patients, ``professional`` for students and clinicians). Files are
validated at load like the annotations: every problem names the file and line, a bad file is
skipped and listed, never fatal. ``show``/``highlight`` entries are resolved through
``Atlas.expand`` (an id, a paired id meaning both sides, or a group). What patients read (titles,
summary and step texts in the plain register) must call each structure by its everyday name,
not a variant of it (``atlas.plain_names``). ``landmarks`` names the bony landmarks to mark, by
their key in landmarks.json (``asis`` for both sides, ``asis_right`` for one): the palpable ones,
and the deep ones a tour through the deep gluteal space points at (``DEEP_LANDMARKS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from explorer.atlas import Atlas
from explorer.atlas.annotation_schema import MAX_FILE_BYTES, AnnotationError, Problem
from explorer.atlas.plain_names import PlainNames
from explorer.geometry.landmarks import LANDMARK_NAMES, SIDES

TOURS_SUBDIR = "tours"
VIEWS = ("posterior", "anterior", "left", "right", "superior", "inferior", "oblique")
ZOOM_RANGE = (0.5, 4.0)
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
TOUR_KEYS = {"id": True, "title": True, "summary": True, "steps": True}
STEP_KEYS = {"title": True, "view": True, "show": True, "plain": True, "professional": True, "zoom": False, "highlight": False,
             "landmarks": False}
REGISTERS = ("plain", "professional")
#: Deep landmarks a step may mark besides the palpable ones (LANDMARK_NAMES): the points the
#: deep gluteal space is described by. They cannot be felt through the skin of the buttock, so
#: "place it" does not ask for them.
DEEP_LANDMARKS = ("ischial_spine", "greater_sciatic_notch", "greater_trochanter_tip")
MARKABLE_LANDMARKS = (*LANDMARK_NAMES, *DEEP_LANDMARKS)


@dataclass(frozen=True)
class TourStep:
    title: str
    view: str
    show: tuple[str, ...]
    highlight: tuple[str, ...]
    texts: dict[str, str]
    zoom: float = 1.0
    landmarks: tuple[tuple[str, str], ...] = ()  # (landmark key, side) to mark


    def text(self, register: str) -> str:
        return self.texts[register]


@dataclass(frozen=True)
class Tour:
    id: str
    title: str
    summary: dict[str, str]
    steps: tuple[TourStep, ...]


def load_tours(atlas: Atlas, folder: Path | None = None) -> tuple[list[Tour], list[Problem]]:
    """Every valid tour in ``folder`` (default: ``tours/`` beside the atlas's annotations), and
    the problems of the rest."""
    folder = Path(folder or atlas.annotations_dir / TOURS_SUBDIR)
    tours, problems = [], []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            tours.append(parse_tour(path, atlas))
        except AnnotationError as exc:
            problems += exc.problems
    return tours, problems


def parse_tour(path: Path, atlas: Atlas) -> Tour:
    """Read and check one tour file; raise AnnotationError listing every problem in it."""
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AnnotationError([Problem(path, 0, f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise AnnotationError([Problem(path, 0, "is not UTF-8 text")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        raise AnnotationError([Problem(path, mark.line + 1 if mark else 0, f"not valid YAML: {reason}")]) from None
    checker = _Checker(path, atlas)
    tour = checker.tour(root)
    if checker.problems:
        raise AnnotationError(checker.problems)
    return tour


class _Checker:
    """Walks the YAML node tree (which keeps line numbers) and collects problems."""

    def __init__(self, path: Path, atlas: Atlas):
        self.path, self.atlas, self.problems = path, atlas, []
        self.plain_names = PlainNames(atlas)

    def bad(self, node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1 if node is not None else 0, message))

    def mapping(self, node, keys: dict[str, bool], what: str) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, f"{what} must be a set of 'key: value' lines")
            return {}
        found = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in keys:
                self.bad(key_node, f"unknown key '{key}' in {what} (known: {', '.join(keys)})")
            found[key] = value_node
        for key, required in keys.items():
            if required and key not in found:
                self.bad(node, f"{what} is missing the key '{key}'")
        return found

    def text(self, node, what: str) -> str:
        if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip()):
            self.bad(node, f"{what} must be non-empty text")
            return ""
        return node.value.strip()

    def patient_text(self, node, what: str) -> str:
        """Text patients read: non-empty, and each structure called by its everyday name."""
        text = self.text(node, what)
        uses = self.plain_names.variant_uses(text) if text else []  # text: a scalar node
        for use in uses:
            # A block scalar ('|' or '>') starts on the line after its indicator.
            line = node.start_mark.line + 1 + (node.style in ("|", ">"))
            line += text[:use.offset].count("\n") if node.style == "|" else 0
            self.problems.append(Problem(self.path, line, use.message(what)))
        return text

    def selectors(self, node, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.bad(node, f"{what} must be a list of structure ids, paired ids or groups")
            return ()
        ids: list[str] = []
        for item in node.value:
            try:
                ids += self.atlas.expand(str(item.value))
            except KeyError as exc:
                self.bad(item, f"{what}: {exc.args[0]}")
        return tuple(dict.fromkeys(ids))

    def landmarks(self, node, what: str) -> tuple[tuple[str, str], ...]:
        """(key, side) pairs from landmark keys, each for both sides or with ``_left``/``_right``."""
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.bad(node, f"{what} must be a list of landmark names")
            return ()
        marks: list[tuple[str, str]] = []
        for item in node.value:
            name = str(item.value)
            key, _, side = name.rpartition("_")
            if side in SIDES and key in MARKABLE_LANDMARKS:
                marks.append((key, side))
            elif name in MARKABLE_LANDMARKS:
                marks += [(name, s) for s in SIDES]
            else:
                self.bad(item, f"{what}: unknown landmark '{name}' (known: {', '.join(MARKABLE_LANDMARKS)}, "
                               "each alone for both sides or with _left or _right)")
        return tuple(dict.fromkeys(marks))

    def tour(self, root) -> Tour | None:
        fields = self.mapping(root, TOUR_KEYS, "a tour")
        tour_id = self.text(fields["id"], "id") if "id" in fields else ""
        if tour_id and (not ID_PATTERN.match(tour_id) or tour_id != self.path.stem):
            self.bad(fields["id"], f"id '{tour_id}' must be lowercase snake_case and equal the file name '{self.path.stem}'")
        title = self.patient_text(fields["title"], "title") if "title" in fields else ""
        summary_fields = self.mapping(fields["summary"], dict.fromkeys(REGISTERS, True), "summary") if "summary" in fields else {}
        summary = {r: (self.patient_text if r == "plain" else self.text)(n, f"summary {r}")
                   for r, n in summary_fields.items() if r in REGISTERS}
        steps_node = fields.get("steps")
        steps = []
        if steps_node is not None:
            if not isinstance(steps_node, yaml.SequenceNode) or not steps_node.value:
                self.bad(steps_node, "steps must be a non-empty list")
            else:
                steps = [self.step(node, i + 1) for i, node in enumerate(steps_node.value)]
        return Tour(tour_id, title, summary, tuple(steps))

    def step(self, node, number: int) -> TourStep:
        what = f"step {number}"
        f = self.mapping(node, STEP_KEYS, what)
        view = self.text(f["view"], f"{what} view") if "view" in f else "posterior"
        if view and view not in VIEWS:
            self.bad(f["view"], f"{what}: view '{view}' is not one of {', '.join(VIEWS)}")
        zoom = 1.0
        if "zoom" in f:
            try:
                zoom = float(f["zoom"].value)
            except (TypeError, ValueError):
                zoom = -1.0
            if not ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]:
                self.bad(f["zoom"], f"{what}: zoom must be a number from {ZOOM_RANGE[0]} to {ZOOM_RANGE[1]}")
        show = self.selectors(f.get("show"), f"{what} show")
        highlight = self.selectors(f.get("highlight"), f"{what} highlight")
        hidden = [sid for sid in highlight if sid not in show]
        if hidden:
            self.bad(f["highlight"], f"{what}: highlighted but not shown: {', '.join(hidden)}")
        texts = {r: (self.patient_text if r == "plain" else self.text)(f[r], f"{what} {r}") for r in REGISTERS if r in f}
        title = self.patient_text(f["title"], f"{what} title") if "title" in f else ""
        return TourStep(title, view, show, highlight, texts, zoom, self.landmarks(f.get("landmarks"), f"{what} landmarks"))
