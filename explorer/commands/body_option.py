"""--body male|female: which body's meshes the geometry commands read (render, plan, landmarks,
structures, export, handout, validate), and the body the window opens on.

argparse refuses a body it does not know (exit 2, naming the choices); a known body whose
meshes were never built stops the command the same way, saying how to build them.
"""

from __future__ import annotations

import sys

from explorer.atlas.descriptors import BODIES, MANIFEST_FILE, body_built, body_meshes_dir

HELP = f"the body whose meshes to read: {' or '.join(BODIES)} (default {BODIES[0]}; the Visible Human Male and Female)"


def add_body_argument(parser, dest: str = "body") -> None:
    """--body for one command (``dest`` keeps the window's own option apart from a command's)."""
    parser.add_argument("--body", dest=dest, choices=BODIES, help=HELP)


def chosen_body(args) -> str:
    """The command's --body, else the one given before the command, else the male body."""
    return getattr(args, "body", None) or getattr(args, "start_body", None) or BODIES[0]


def require_built(body: str, meshes_root) -> None:
    """A body whose folder has no manifest was never built: say so and exit 2."""
    folder = body_meshes_dir(body, meshes_root)
    if not body_built(body, meshes_root):
        print(f"error: --body {body}: its meshes are not built ({folder / MANIFEST_FILE} is missing); "
              f"build them with: anatomy-explorer build-meshes --body {body}", file=sys.stderr)
        raise SystemExit(2)
