"""Parse and validate annotation files: a YAML header between '---' lines, then Markdown.

Every problem is reported with the file and the line it is on, and parsing never raises
anything but :class:`AnnotationError`, so one bad file cannot stop the app: the loader skips
it and lists the problem. The header is read with PyYAML's node API, which keeps line numbers.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from explorer.atlas.structure import GROUPS, SECTIONS, SIDES, Structure

MAX_FILE_BYTES = 512 * 1024
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MESH_PATTERN = re.compile(r"^[a-z0-9_{}]+\.vtp$")
REQUIRED = ("id", "name", "latin", "group", "colour", "mesh", "reviewed")
OPTIONAL = ("sides", "plain_name", "plain_variants", "synonyms", "abbreviations", "fma_id", "related")


@dataclass(frozen=True)
class Problem:
    """One validation problem, located in a file (line 1-based; 0 when not line-specific)."""

    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class AnnotationError(Exception):
    """An annotation file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Annotation:
    """A parsed, valid annotation file before it is split into per-side structures."""

    header: dict
    header_lines: dict[str, int]
    texts: dict[str, str]
    path: Path
    text_lines: dict[str, int]  # line where each section's text starts

    def structures(self) -> list[Structure]:
        """One structure per side (or one for a midline structure)."""
        h = self.header
        sides = h.get("sides") or [None]
        out = []
        for side in sides:
            suffix = f"_{side}" if side else ""
            mesh = h["mesh"].replace("{side}", side) if (h["mesh"] and side) else h["mesh"]
            out.append(
                Structure(
                    id=h["id"] + suffix,
                    base_id=h["id"],
                    name=h["name"],
                    plain_name=h.get("plain_name") or h["name"],
                    plain_variants=tuple(h.get("plain_variants") or ()),
                    latin=h["latin"],
                    group=h["group"],
                    colour=h["colour"].lower(),
                    side=side,
                    mesh=mesh,
                    synonyms=tuple(h.get("synonyms") or ()),
                    abbreviations=tuple(h.get("abbreviations") or ()),
                    fma_id=h.get("fma_id"),
                    related=tuple(h.get("related") or ()),
                    reviewed=str(h["reviewed"]),
                    texts=dict(self.texts),
                    source_file=self.path,
                    header_lines=dict(self.header_lines),
                    text_lines=dict(self.text_lines),
                )
            )
        return out


def parse_annotation(path: Path) -> Annotation:
    """Read and validate one file; raise AnnotationError listing every problem in it."""
    path = Path(path)
    text = _read_text(path)
    header_text, header_start, body, body_start = _split(path, text)
    header, lines = _parse_header(path, header_text, header_start)
    problems = _check_header(path, header, lines)
    texts, text_lines, section_problems = _split_sections(path, body, body_start, header.get("group"))
    problems += section_problems
    if problems:
        raise AnnotationError(problems)
    return Annotation(header, lines, texts, path, text_lines)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AnnotationError([Problem(path, 0, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")])
        raw = path.read_bytes()
    except OSError as exc:
        raise AnnotationError([Problem(path, 0, f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AnnotationError([Problem(path, line, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})")]) from None


def _split(path: Path, text: str) -> tuple[str, int, str, int]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise AnnotationError([Problem(path, 1, "must start with a '---' line opening the metadata header")])
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    raise AnnotationError([Problem(path, 1, "metadata header opened with '---' is never closed by a second '---' line")])


def _parse_header(path: Path, header_text: str, first_line: int) -> tuple[dict, dict[str, int]]:
    loader = None
    try:
        loader = yaml.SafeLoader(header_text)  # one parse: the node (for line numbers) and its data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct began (the line to fix); the problem
        # mark is where the parser gave up, often the line after.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(exc, "problem", None) or str(exc)
        raise AnnotationError([Problem(path, line, f"metadata header is not valid YAML: {reason}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise AnnotationError([Problem(path, first_line, "metadata header must be a set of 'key: value' lines")])
    lines = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return data, lines


def _check_header(path: Path, h: dict, lines: dict[str, int]) -> list[Problem]:
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(path, lines.get(key, 2), message))

    for key in h:
        if key not in REQUIRED and key not in OPTIONAL:
            bad(str(key), f"unknown key '{key}' (known: {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        if key not in h:
            problems.append(Problem(path, 2, f"missing required key '{key}'"))
    for key in ("id", "name", "latin", "plain_name"):
        if key in h and (not isinstance(h[key], str) or not h[key].strip()):
            bad(key, f"'{key}' must be non-empty text")
    if isinstance(h.get("id"), str) and not ID_PATTERN.match(h["id"]):
        bad("id", f"id '{h['id']}' must be snake_case (lowercase letters, digits, single underscores)")
    if isinstance(h.get("id"), str) and re.search(r"_(left|right)$", h["id"]):
        bad("id", "id must not end in _left/_right: list the sides under 'sides' instead")
    if "group" in h and h["group"] not in GROUPS:
        bad("group", f"group '{h['group']}' is not one of: {', '.join(GROUPS)}")
    if "colour" in h and not (isinstance(h["colour"], str) and COLOUR_PATTERN.match(h["colour"])):
        bad("colour", f"colour {h['colour']!r} is not a '#rrggbb' colour")
    if "sides" in h:
        sides = h["sides"]
        if not isinstance(sides, list) or not sides or any(s not in SIDES for s in sides) or len(set(sides)) != len(sides):
            bad("sides", "sides must be a list of 'left' and/or 'right', each once")
    _check_mesh(h, bad)
    for key in ("plain_variants", "synonyms", "abbreviations", "related"):
        if key in h and not (isinstance(h[key], list) and all(isinstance(v, str) and v.strip() for v in h[key])):
            bad(key, f"'{key}' must be a list of non-empty texts")
    if "fma_id" in h and h["fma_id"] is not None and not (isinstance(h["fma_id"], int) and not isinstance(h["fma_id"], bool) and h["fma_id"] > 0):
        bad("fma_id", f"fma_id {h['fma_id']!r} must be a positive integer or null")
    if "reviewed" in h and not isinstance(h["reviewed"], _dt.date):
        bad("reviewed", f"reviewed {h['reviewed']!r} must be a date written YYYY-MM-DD")
    return problems


def _check_mesh(h: dict, bad) -> None:
    if "mesh" not in h:
        return
    mesh = h["mesh"]
    if mesh is None:
        if h.get("group") != "region":
            bad("mesh", "mesh may be null only for group 'region'")
        return
    if not isinstance(mesh, str) or not MESH_PATTERN.match(mesh):
        bad("mesh", f"mesh {mesh!r} must be a plain file name in meshes/ ending in .vtp (no folders, no '..')")
        return
    if "{side}" in mesh and not h.get("sides"):
        bad("mesh", "mesh uses {side} but the structure has no 'sides'")
    if h.get("sides") and len(h["sides"]) > 1 and "{side}" not in mesh:
        bad("mesh", "a paired structure's mesh must contain {side}")


def _split_sections(path: Path, body: str, first_line: int, group) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """Each section's text, the line its text starts on (for later checks), and the problems."""
    texts: dict[str, list[str]] = {}
    text_lines: dict[str, int] = {}
    order: list[tuple[str, int]] = []
    current = None
    problems: list[Problem] = []
    for offset, line in enumerate(body.splitlines()):
        match = re.match(r"^# (.+?)\s*$", line)
        if match:
            title = match.group(1)
            if title not in SECTIONS:
                problems.append(Problem(path, first_line + offset, f"unknown section '# {title}' (known: {', '.join(SECTIONS)})"))
                current = None
                continue
            current = SECTIONS[title]
            order.append((title, first_line + offset))
            texts[current] = []
        elif current:
            texts[current].append(line)
            if line.strip() and current not in text_lines:
                text_lines[current] = first_line + offset
    titles = [t for t, _ in order]
    for title, key in SECTIONS.items():
        if title not in titles:
            problems.append(Problem(path, first_line, f"missing section '# {title}'"))
        elif not "\n".join(texts[key]).strip():
            line = dict(order)[title]
            problems.append(Problem(path, line, f"section '# {title}' is empty"))
    if len(set(titles)) != len(titles):
        problems.append(Problem(path, first_line, "a section appears twice"))
    elif not problems and titles != list(SECTIONS):
        problems.append(Problem(path, order[0][1], f"sections must come in this order: {', '.join(SECTIONS)}"))
    if group == "muscle" and "reference" in texts:
        reference = "\n".join(texts["reference"])
        for sub in ("Origin", "Insertion", "Innervation", "Action"):
            if not re.search(rf"^## {sub}\b", reference, re.MULTILINE):
                problems.append(Problem(path, dict(order)["Reference"], f"a muscle's Reference needs a '## {sub}' subsection"))
    return {k: "\n".join(v).strip() for k, v in texts.items()}, text_lines, problems
