"""anatomy-explorer validate [DIR]: check an annotation folder; exit 1 listing every problem."""

from __future__ import annotations

from pathlib import Path
from explorer.commands.body_option import add_body_argument, chosen_body

HELP = "check an annotation folder (with its tours/) and its meshes; exit 1 and list every problem with file and line"


def add_parser(sub):
    p = sub.add_parser("validate", help=HELP, description=HELP + ".")
    p.add_argument("dir", nargs="?", type=Path, help="annotation folder (default: the shipped one)")
    add_body_argument(p)
    return p


def run(args, atlas=None) -> int:
    from explorer.atlas import load_atlas
    from explorer.learning.tours import load_tours

    checked = load_atlas(args.dir or args.annotations, args.meshes, chosen_body(args))
    tours, tour_problems = load_tours(checked)
    problems = [str(p) for p in checked.problems + tour_problems] + mesh_problems(checked)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s); {len(checked)} structure(s) and {len(tours)} tour(s) loaded")
        return 1
    print(f"ok: {len(checked)} structures, {len(tours)} tours")
    return 0


def mesh_problems(atlas) -> list[str]:
    """Every mesh (full and reduced) that exists but cannot be used, with the reason; the
    meshes of each sciatic variant the folder holds too (named by their file)."""
    from explorer.geometry.mesh_io import MeshError, load_mesh

    checks = [(atlas, s) for s in atlas]
    checks += [(atlas.with_variant(v.key), atlas[sid]) for v in atlas.variants if v.key != atlas.variant
               for sid in atlas.ids_changed_by(v.key)]
    problems = []
    for shown, structure in checks:
        for reduced in (False, True):
            path = shown.mesh_path(structure, reduced=reduced)
            if path is None or (reduced and not path.exists()):
                continue
            try:
                load_mesh(path)
            except MeshError as exc:
                where = (f"{structure.source_file}:{structure.line_of('mesh')}" if shown is atlas
                         else f"sciatic variant {shown.variant}")
                problems.append(f"{where}: structure '{structure.id}': {exc}")
    return problems
