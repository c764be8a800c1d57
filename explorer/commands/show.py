"""anatomy-explorer show ID: one structure's names and texts.

A name given without a side ("glute max") matches both sides of a paired structure; their
names and texts are the same, so they are shown once, naming both ids. A name that fits
different structures ("hip abductor") is not guessed at: the candidates are listed and the
command exits 2, as for a name that fits nothing.
"""

from __future__ import annotations

import json
import sys

from explorer.atlas.structure import DISCLAIMER

HELP = "print one structure's names, reference text, clinical notes and plain-language text"


def add_parser(sub):
    p = sub.add_parser("show", help=HELP, description=HELP + ". ID may also be a name, synonym or abbreviation; "
                       "a paired structure named without a side is shown once for both sides.")
    p.add_argument("id", help="structure id (e.g. piriformis_right), or a name/synonym")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def run(args, atlas) -> int:
    matches = [atlas[args.id]] if args.id in atlas else atlas.find(args.id)
    if not matches:
        close = [s.id for s, _ in atlas.search(args.id, 5)]
        print(f"no structure '{args.id}'" + (f"; did you mean: {', '.join(close)}" if close else ""), file=sys.stderr)
        return 2
    by_base: dict[str, list] = {}
    for s in matches:
        by_base.setdefault(s.base_id, []).append(s)
    if len(by_base) > 1:
        print(f"'{args.id}' fits {len(by_base)} structures; name one by its id:", file=sys.stderr)
        for sides in by_base.values():
            print(f"  {', '.join(s.id for s in sides)}  ({sides[0].name})", file=sys.stderr)
        return 2
    d = _doc(matches)
    if args.json:
        print(json.dumps(d, indent=1, ensure_ascii=False))
        return 0
    sides = f"   sides: {' and '.join(d['sides'])} (the same on both)" if len(d["sides"]) > 1 else ""
    print(f"{d['name']}  [{', '.join(d['ids'])}]\nLatin: {d['latin']}   group: {d['group']}{sides}   FMA: {d['fma_id'] or '-'}")
    print(f"Everyday name: {d['plain_name']}")
    if d["synonyms"]:
        print("Also called: " + ", ".join(d["synonyms"]))
    for title, key in (("Reference", "reference"), ("Clinical notes", "clinical"), ("Plain language", "plain"), ("Sources", "sources")):
        print(f"\n== {title} ==\n{d[key]}")
    print(f"\n({DISCLAIMER})\n")
    return 0


def _doc(sides: list) -> dict:
    """One structure's record; ``sides`` are its matched sides (one, or both of a pair)."""
    s = sides[0]
    one = len(sides) == 1
    return {
        "id": s.id if one else s.base_id, "ids": [x.id for x in sides], "name": s.display_name if one else s.name,
        "plain_name": s.plain_display_name if one else s.plain_name, "latin": s.latin, "group": s.group,
        "side": s.side if one else None, "sides": [x.side for x in sides if x.side],
        "fma_id": s.fma_id, "synonyms": list(s.synonyms), "abbreviations": list(s.abbreviations),
        "related": sorted({r for x in sides for r in x.related}), "reviewed": s.reviewed,
        "reference": s.text("reference"), "clinical": s.text("clinical"), "plain": s.text("plain"),
        "sources": s.text("sources"), "disclaimer": DISCLAIMER,
    }
