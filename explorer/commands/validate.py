"""anatomy-explorer validate [DIR]: check an annotation folder; exit 1 listing every problem."""

from __future__ import annotations

from pathlib import Path

HELP = "check an annotation folder and its meshes; exit 1 and list every problem with file and line"


def add_parser(sub):
    p = sub.add_parser("validate", help=HELP, description=HELP + ".")
    p.add_argument("dir", nargs="?", type=Path, help="annotation folder (default: the shipped one)")
    p.add_argument("--meshes", type=Path, help="mesh folder (default: the shipped one)")
    return p


def run(args, atlas=None) -> int:
    from explorer.atlas import load_atlas

    checked = load_atlas(args.dir, args.meshes)
    for problem in checked.problems:
        print(problem)
    if checked.problems:
        print(f"{len(checked.problems)} problem(s); {len(checked)} structure(s) valid")
        return 1
    print(f"ok: {len(checked)} structures")
    return 0
