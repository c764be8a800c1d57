"""anatomy-explorer build-meshes: regenerate meshes/ from the MyoLeg model (needs the [build] extra)."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "rebuild the meshes from the myo-sim MyoLeg model (pip install '.[build]')"


def add_parser(sub):
    p = sub.add_parser("build-meshes", help=HELP, description=HELP + ".")
    p.add_argument("-o", "--output", type=Path, help="output folder (default: the shipped meshes/ folder)")
    return p


def run(args, atlas=None) -> int:
    try:
        from explorer.asset_pipeline.pipeline import build_meshes
    except ImportError as exc:
        print(f"build-only dependency missing ({exc.name}); install with: pip install '.[build]'", file=sys.stderr)
        return 2
    from explorer.atlas import descriptors

    build_meshes(args.output or descriptors.MESHES_DIR)
    return 0
