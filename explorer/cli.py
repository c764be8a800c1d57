"""The ``anatomy-explorer`` command: a thin dispatcher over one module per subcommand.

With no subcommand it opens the desktop window; ``--headless`` renders the default view to a
PNG instead, for machines without a display.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from explorer import __version__
from explorer.commands import SUBCOMMANDS

NEEDS_ATLAS = {"structures", "show", "landmarks", "render"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anatomy-explorer",
        description="Explore the gluteal and pelvic region in 3D. Units mm, frame RAS. "
        "Educational material only: not medical advice and not a diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--headless", metavar="FILE.png", nargs="?", const="anatomy-explorer.png",
                        help="no window: render the default (posterior) view to FILE.png and list the structures")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"explorer.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _no_command(args)
    module = importlib.import_module(f"explorer.commands.{args.command.replace('-', '_')}")
    atlas = _load_atlas() if args.command in NEEDS_ATLAS else None
    try:
        return module.run(args, atlas)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0


def _load_atlas():
    from explorer.atlas import load_atlas

    atlas = load_atlas()
    for problem in atlas.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return atlas


def _no_command(args) -> int:
    atlas = _load_atlas()
    if args.headless:
        from explorer.render.scene_render import render_to_file

        render_to_file(atlas, args.headless)
        print(f"{len(atlas)} structures loaded; posterior view written to {args.headless}")
        return 0
    try:
        from explorer.ui.qt_app import run_app
    except ImportError:
        print("the desktop window is not available in this version; use --headless or a subcommand "
              "(anatomy-explorer --help)", file=sys.stderr)
        return 2
    return run_app(atlas)


if __name__ == "__main__":
    sys.exit(main())
