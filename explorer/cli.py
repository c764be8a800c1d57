"""The ``anatomy-explorer`` command line: a thin dispatcher over one module per subcommand.

``--headless`` renders the default view to a PNG, for machines without a display. With no
subcommand the entry point (``explorer.launcher``) opens the window instead; this module never
imports Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from explorer import __version__
from explorer.atlas.structure import DISCLAIMER
from explorer.commands import SUBCOMMANDS
from explorer.commands.body_option import add_body_argument, chosen_body, require_built
from explorer.commands.variant_option import with_sciatic_variant

NEEDS_ATLAS = {"structures", "show", "landmarks", "plan", "render", "export", "handout"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anatomy-explorer",
        description=f"Explore the gluteal and pelvic region in 3D. Units mm, frame RAS. {DISCLAIMER}",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--headless", metavar="FILE.png", nargs="?", const="anatomy-explorer.png",
                        help="no window: render the default (posterior) view to FILE.png and list the structures")
    parser.add_argument("--annotations", type=existing_folder, metavar="DIR", help="annotation folder to use (default: the shipped one)")
    parser.add_argument("--meshes", type=existing_folder, metavar="DIR", help="mesh folder to use (default: the shipped one)")
    add_body_argument(parser, dest="start_body")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"explorer.commands.{name}").add_parser(sub)
    return parser


def existing_folder(text: str) -> Path:
    """--annotations/--meshes: a typo must stop the command, not yield an empty atlas."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"'{path}' is not a folder" if path.exists() else f"folder '{path}' does not exist")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _headless(args)
    module = importlib.import_module(f"explorer.commands.{args.command.replace('-', '_')}")
    atlas = load_atlas_reporting_problems(args) if args.command in NEEDS_ATLAS else None
    if getattr(args, "sciatic_variant", None):
        atlas = with_sciatic_variant(atlas, args.sciatic_variant)
    try:
        return module.run(args, atlas)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0


def load_atlas_reporting_problems(args):
    """The atlas from --annotations/--meshes (default: shipped) for --body; problems print as
    warnings.

    An atlas with no structure at all is useless to every command and to the window: exit 2.
    """
    from explorer.atlas import load_atlas
    from explorer.atlas.descriptors import MESHES_DIR

    body = chosen_body(args)
    require_built(body, args.meshes or MESHES_DIR)
    atlas = load_atlas(args.annotations, args.meshes, body)
    for problem in atlas.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not len(atlas):
        print(f"error: no structure could be loaded from {atlas.annotations_dir}: it holds no valid annotation file (*.md)",
              file=sys.stderr)
        raise SystemExit(2)
    return atlas


def _headless(args) -> int:
    if not args.headless:
        build_parser().print_help()
        return 0
    from explorer.render.scene_render import render_to_file

    atlas = load_atlas_reporting_problems(args)
    render_to_file(atlas, args.headless)
    print(f"{len(atlas)} structures loaded; posterior view written to {args.headless}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
