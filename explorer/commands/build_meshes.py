"""anatomy-explorer build-meshes: regenerate meshes/ from the scan sources (needs the [build] extra)."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "rebuild the meshes from the Visible Human scan surfaces in source-meshes/ (pip install '.[build]')"
BOTH = "both"


def add_parser(sub):
    from explorer.atlas.descriptors import BODIES

    p = sub.add_parser("build-meshes", help=HELP, description=HELP + ".")
    p.add_argument("-o", "--output", type=Path, help="output folder (default: the shipped meshes/ folder)")
    p.add_argument(
        "--body", choices=(*BODIES, BOTH), default=BOTH,
        help="which body to build (default: both, one after the other; male goes into the output folder, female "
             "into its female/ folder)",
    )
    p.add_argument(
        "--import-sources", type=Path, metavar="DIR",
        help="first copy what the build uses from a raw anatomy-sources folder into source-meshes/",
    )
    return p


def run(args, atlas=None) -> int:
    try:
        from explorer.asset_pipeline.pipeline import build_meshes
    except ImportError as exc:
        print(f"build-only dependency missing ({exc.name}); install with: pip install '.[build]'", file=sys.stderr)
        return 2
    from explorer.asset_pipeline.source_meshes import vendor
    from explorer.asset_pipeline.subjects import SUBJECTS
    from explorer.atlas import descriptors

    if args.import_sources:
        if not args.import_sources.is_dir():
            print(f"no such folder: {args.import_sources}", file=sys.stderr)
            return 2
        vendor(args.import_sources)
    bodies = descriptors.BODIES if args.body == BOTH else (args.body,)
    for body in bodies:
        build_meshes(descriptors.body_meshes_dir(body, args.output or descriptors.MESHES_DIR), subject=SUBJECTS[body])
    return 0
