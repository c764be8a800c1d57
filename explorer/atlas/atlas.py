"""The loaded atlas: every valid structure, the problems found on the way, and the landmarks.

Loading never stops at a bad file: each file is parsed on its own, problems are collected with
file and line, and the valid structures are kept (``Atlas.problems`` lists the rest). Cross-file
checks (duplicate ids, related ids that do not exist, missing mesh files, mesh paths that leave
the mesh folder, everyday names: ``plain_names``) run after all files are read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from explorer.atlas import descriptors
from explorer.atlas.annotation_schema import AnnotationError, Problem, parse_annotation
from explorer.atlas.plain_names import plain_name_problems
from explorer.atlas.sciatic_variants import DEFAULT_VARIANT, VARIANTS, SciaticVariant, VariantError
from explorer.atlas.structure import Structure

#: Fuzzy matches scoring below this (0-100, rapidfuzz WRatio) are not offered.
SEARCH_CUTOFF = 72.0


@dataclass
class Atlas:
    """Structures by id, in file order, with lookup and search."""

    structures: dict[str, Structure]
    problems: list[Problem] = field(default_factory=list)
    landmarks: dict[str, dict[str, list]] = field(default_factory=dict)
    meshes_dir: Path = descriptors.MESHES_DIR
    annotations_dir: Path = descriptors.ANNOTATIONS_DIR
    #: Mesh files each sciatic-piriformis variant replaces (its folder's ``*.vtp``), by key.
    variant_meshes: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The variant shown: its meshes are read in place of the default ones (``mesh_path``).
    variant: str = DEFAULT_VARIANT
    #: The body whose meshes these are (``descriptors.BODIES``); ``meshes_dir`` is its folder.
    body: str = "male"
    #: The folder holding every body's meshes (``meshes_dir`` is one body's folder inside it).
    meshes_root: Path = descriptors.MESHES_DIR
    #: Structures the annotations describe but this body's atlas was built without (its manifest
    #: lists no mesh for them): simply not there, not a problem.
    absent: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._terms: list[tuple[str, str]] = []  # (searchable term, structure id)
        for s in self.structures.values():
            names = (s.name, s.display_name, s.plain_name, s.latin, s.id, s.id.replace("_", " "), *s.plain_variants,
                     *s.synonyms, *s.abbreviations)
            for term in names:
                self._terms.append((term, s.id))
                if s.side:
                    self._terms.append((f"{term} {s.side}", s.id))

    def __getitem__(self, structure_id: str) -> Structure:
        return self.structures[structure_id]

    def __contains__(self, structure_id: str) -> bool:
        return structure_id in self.structures

    def __iter__(self):
        return iter(self.structures.values())

    def __len__(self) -> int:
        return len(self.structures)

    def find(self, query: str) -> list[Structure]:
        """Exact look-up by id, English or Latin name, synonym or abbreviation (case-insensitive)."""
        q = utils.default_process(query)
        seen: dict[str, Structure] = {}
        for term, sid in self._terms:
            if utils.default_process(term) == q:
                seen.setdefault(sid, self.structures[sid])
        return list(seen.values())

    def search(self, query: str, limit: int = 10) -> list[tuple[Structure, float]]:
        """Best matches for a name, Latin name, synonym, abbreviation or a near spelling.

        Exact matches come first (score 100); then fuzzy matches by rapidfuzz's WRatio.
        """
        exact = self.find(query)
        results: dict[str, float] = {s.id: 100.0 for s in exact}
        if query.strip():
            matches = process.extract(
                query, [t for t, _ in self._terms], scorer=fuzz.WRatio, processor=utils.default_process,
                limit=limit * 8, score_cutoff=SEARCH_CUTOFF,
            )
            for _, score, index in matches:
                sid = self._terms[index][1]
                results[sid] = max(results.get(sid, 0.0), float(score))
        ranked = sorted(results.items(), key=lambda kv: (-kv[1], list(self.structures).index(kv[0])))
        return [(self.structures[sid], score) for sid, score in ranked[:limit]]

    def expand(self, selector: str) -> list[str]:
        """Structure ids a selector stands for: an id, a paired base id (both sides) or a group.

        Tours, exports and handouts name what they show this way; an unknown selector raises
        KeyError with a message listing the nearest ids.
        """
        if selector in self.structures:
            return [selector]
        ids = [s.id for s in self if s.base_id == selector or s.group == selector]
        if not ids:
            close = [s.id for s, _ in self.search(selector.replace("_", " "), 3)]
            hint = f"; did you mean: {', '.join(close)}" if close else ""
            raise KeyError(f"'{selector}' is not a structure id, paired id or group{hint}")
        return ids

    def mesh_path(self, structure: Structure, reduced: bool = False) -> Path | None:
        """Where the structure's mesh file lives (the reduced copy for interaction if asked),
        the shown variant's own file where it has one."""
        if structure.mesh is None:
            return None
        folder = self.meshes_dir
        if structure.mesh in self.variant_meshes.get(self.variant, ()):
            folder = folder / descriptors.VARIANTS_SUBDIR / self.variant
        return (folder / descriptors.REDUCED_SUBDIR if reduced else folder) / structure.mesh

    @property
    def variants(self) -> list[SciaticVariant]:
        """The sciatic-piriformis variants this atlas can show: the default and every one built."""
        return [v for key, v in VARIANTS.items() if key == DEFAULT_VARIANT or key in self.variant_meshes]

    def with_variant(self, key: str) -> Atlas:
        """The same atlas showing another sciatic-piriformis variant (its meshes read instead).

        Raises VariantError naming the bad key and the variants there are."""
        key = key.strip().upper()
        if key not in {v.key for v in self.variants}:
            shown = "; ".join(f"{v.key} = {v.short}" for v in self.variants)
            why = (f"its meshes are not in {self.meshes_dir / descriptors.VARIANTS_SUBDIR / key} (rebuild with build-meshes)"
                   if key in VARIANTS else "no such Beaton and Anson type")
            raise VariantError(f"sciatic variant '{key}' cannot be shown: {why}; available: {shown}")
        return self if key == self.variant else replace(self, variant=key)

    def with_body(self, body: str) -> Atlas:
        """The same annotations on another body's meshes (read from disk: its structures,
        landmarks and variants are its own); the variant shown stays where that body has it.

        Raises ValueError naming an unknown body."""
        if body == self.body:
            return self
        other = load_atlas(self.annotations_dir, self.meshes_root, body)
        return other.with_variant(self.variant) if self.variant in other.variant_meshes else other

    def ids_changed_by(self, key: str) -> list[str]:
        """Structures whose mesh differs between the shown variant and ``key``."""
        files = self.variant_meshes.get(self.variant, frozenset()) | self.variant_meshes.get(key, frozenset())
        return [s.id for s in self if s.mesh in files]


def load_atlas(annotations_dir: Path | None = None, meshes_dir: Path | None = None, body: str = "male") -> Atlas:
    """Read every annotation file; keep the valid structures and list every problem.

    ``meshes_dir`` holds every body's meshes (``descriptors.body_meshes_dir``); ``body`` chooses
    one (ValueError names an unknown one). The annotations are written for the male atlas,
    where a missing mesh is a problem; another body's build may lack a structure, so there a
    structure its manifest has no mesh for is left out and listed in ``Atlas.absent``.
    """
    annotations_dir = Path(annotations_dir or descriptors.ANNOTATIONS_DIR)
    meshes_root = Path(meshes_dir or descriptors.MESHES_DIR)
    meshes_dir = descriptors.body_meshes_dir(body, meshes_root)
    listed = None if body == descriptors.BODIES[0] else _manifest_files(meshes_dir)
    problems: list[Problem] = []
    structures: dict[str, Structure] = {}
    absent: list[str] = []
    absent_bases: set[str] = set()
    origins: dict[str, Path] = {}
    files = sorted(p for p in annotations_dir.glob(f"*{descriptors.ANNOTATION_SUFFIX}") if p.name not in descriptors.NON_STRUCTURE_FILES)
    if not annotations_dir.is_dir():
        problems.append(Problem(annotations_dir, 0, "annotation folder does not exist"))
    for path in files:
        try:
            annotation = parse_annotation(path)
        except AnnotationError as exc:
            problems.extend(exc.problems)
            continue
        base = annotation.header["id"]
        if base in origins:
            problems.append(Problem(path, annotation.header_lines["id"], f"duplicate id '{base}' (also in {origins[base].name})"))
            continue
        mesh_problem = _check_mesh_files(annotation, meshes_dir, listed)
        if mesh_problem:
            problems.append(mesh_problem)
            continue
        origins[base] = path
        for structure in annotation.structures():
            if _absent(structure, listed):
                absent.append(structure.id)
                absent_bases.add(structure.base_id)
            else:
                structures[structure.id] = structure
    structures = _resolve_related(structures, origins, problems, absent_bases)
    problems += plain_name_problems(structures.values())
    return Atlas(structures, problems, _read_landmarks(meshes_dir, problems), meshes_dir, annotations_dir,
                 _read_variant_meshes(meshes_dir, problems), body=body, meshes_root=meshes_root, absent=tuple(absent))


def _manifest_files(meshes_dir: Path) -> frozenset[str] | None:
    """The mesh files a body's manifest lists; None without a readable manifest (then every
    mesh an annotation names must be there)."""
    try:
        return frozenset(json.loads((meshes_dir / descriptors.MANIFEST_FILE).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _absent(structure: Structure, listed: frozenset[str] | None) -> bool:
    """The body was built without this structure: its manifest lists no file for the mesh
    (``listed`` None: every structure must be there)."""
    return listed is not None and structure.mesh is not None and structure.mesh not in listed


def _check_mesh_files(annotation, meshes_dir: Path, listed: frozenset[str] | None = None) -> Problem | None:
    root = meshes_dir.resolve()
    for structure in annotation.structures():
        if structure.mesh is None or _absent(structure, listed):
            continue
        path = meshes_dir / structure.mesh
        line = annotation.header_lines.get("mesh", 2)
        if path.is_symlink() or root not in path.resolve().parents:
            return Problem(annotation.path, line, f"mesh '{structure.mesh}' leaves the mesh folder {meshes_dir}")
        if not path.is_file():
            return Problem(annotation.path, line, f"mesh file '{structure.mesh}' not found in {meshes_dir}")
    return None


def _resolve_related(structures: dict[str, Structure], origins: dict[str, Path], problems: list[Problem],
                     absent: set[str] = frozenset()) -> dict[str, Structure]:
    """Turn base ids in 'related' into full ids of the same side; report unknown ones (a
    structure the body lacks, ``absent``, is left out without a word)."""
    sides_of: dict[str, list[str]] = {}
    for s in structures.values():
        sides_of.setdefault(s.base_id, []).append(s.id)
    reported: set[tuple[str, str]] = set()
    resolved = {}
    for sid, s in structures.items():
        full = []
        for base in s.related:
            if base not in sides_of:
                if base not in absent and (s.base_id, base) not in reported:
                    reported.add((s.base_id, base))
                    problems.append(Problem(origins[s.base_id], s.line_of("related"), f"related structure '{base}' does not exist"))
                continue
            candidates = sides_of[base]
            same_side = [c for c in candidates if s.side and c.endswith(f"_{s.side}")]
            full.extend(same_side or candidates)
        resolved[sid] = Structure(**{**s.__dict__, "related": tuple(full)})
    return resolved


def _read_landmarks(meshes_dir: Path, problems: list[Problem]) -> dict[str, dict[str, list]]:
    path = meshes_dir / descriptors.LANDMARKS_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc["sides"]
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems.append(Problem(path, 0, f"landmarks cannot be read: {exc}"))
        return {}


def _read_variant_meshes(meshes_dir: Path, problems: list[Problem]) -> dict[str, frozenset[str]]:
    """The mesh files of each variant folder (``variants/<key>/*.vtp``); a folder named for no
    known type is reported, not shown."""
    root = meshes_dir / descriptors.VARIANTS_SUBDIR
    found = {}
    for folder in sorted(p for p in root.glob("*") if p.is_dir()):
        if folder.name not in VARIANTS or folder.name == DEFAULT_VARIANT:
            problems.append(Problem(folder, 0, f"'{folder.name}' is not a sciatic variant this app knows "
                                               f"({', '.join(k for k in VARIANTS if k != DEFAULT_VARIANT)}); not shown"))
            continue
        files = frozenset(p.name for p in folder.glob("*.vtp") if not p.is_symlink())
        if files:
            found[folder.name] = files
    return found
