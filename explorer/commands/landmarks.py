"""anatomy-explorer landmarks: the named bony and skin landmarks per side (RAS mm)."""

from __future__ import annotations

import json

from explorer.commands.body_option import add_body_argument

HELP = "print the named landmarks per side (ASIS, PSIS, greater trochanter, ...) in mm, RAS"


def add_parser(sub):
    p = sub.add_parser("landmarks", help=HELP, description=HELP + ".")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_body_argument(p)
    return p


def run(args, atlas) -> int:
    points = {side: {k: v for k, v in lms.items() if k != "iliac_crest"} for side, lms in atlas.landmarks.items()}
    if args.json:
        print(json.dumps({"units": "mm", "frame": "RAS", "body": atlas.body, "sides": points}, indent=1))
        return 0
    print(f"{atlas.body} body (mm, RAS)")
    for side, lms in points.items():
        print(f"{side}:")
        for name, p in lms.items():
            print(f"  {name:24} {p[0]:8.1f} {p[1]:8.1f} {p[2]:8.1f}")
    return 0
