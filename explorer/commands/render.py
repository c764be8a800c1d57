"""anatomy-explorer render: a headless PNG of the atlas from a named view."""

from __future__ import annotations

import argparse
import sys

from explorer.commands.body_option import add_body_argument
from explorer.commands.variant_option import add_variant_argument
from explorer.atlas.structure import GROUPS

VIEW_NAMES = ("posterior", "anterior", "left", "right", "superior", "inferior", "oblique")
HELP = "render the atlas to a PNG without a display"


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size '{text}' must look like 1200x900") from None
    if not (64 <= w <= 8192 and 64 <= h <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 64 and 8192 pixels")
    return w, h


def add_parser(sub):
    p = sub.add_parser("render", help=HELP, description=HELP + " (skin is drawn as a translucent veil, fat hidden).")
    p.add_argument("--view", choices=VIEW_NAMES, default="posterior", help="camera side (default posterior)")
    p.add_argument("--highlight", nargs="+", default=[], metavar="ID", help="structures to outline and bring forward")
    p.add_argument(
        "--hide", nargs="+", default=[], metavar="WHAT",
        help=f"structures to hide: ids, paired ids (both sides) or groups ({', '.join(GROUPS)}), e.g. soft_tissue gluteus_maximus",
    )
    p.add_argument("--size", type=_size, default=(1200, 900), metavar="WxH", help="image size in pixels (default 1200x900)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.png", help="where to write the PNG")
    add_variant_argument(p)
    add_body_argument(p)
    return p


def run(args, atlas) -> int:
    from explorer.render.scene_render import render_to_file

    unknown = [sid for sid in args.highlight if sid not in atlas]
    if unknown:
        print(f"unknown structure id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        hidden = [sid for selector in args.hide for sid in atlas.expand(selector)]
    except KeyError as exc:
        print(f"--hide: {exc.args[0]}", file=sys.stderr)
        return 2
    renderer = render_to_file(atlas, args.output, args.view, args.highlight, hidden, args.size)
    for sid, message in renderer.failed.items():
        print(f"skipped {sid}: {message}", file=sys.stderr)
    print(f"wrote {args.output}")
    return 0
