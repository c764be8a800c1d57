"""anatomy-explorer show ID: one structure's names and texts."""

from __future__ import annotations

import json
import sys

from explorer.atlas.structure import DISCLAIMER

HELP = "print one structure's names, reference text, clinical notes and plain-language text"


def add_parser(sub):
    p = sub.add_parser("show", help=HELP, description=HELP + ". ID may also be a name, synonym or abbreviation.")
    p.add_argument("id", help="structure id (e.g. piriformis_right), or a name/synonym")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def run(args, atlas) -> int:
    matches = [atlas[args.id]] if args.id in atlas else atlas.find(args.id)
    if not matches:
        close = [s.id for s, _ in atlas.search(args.id, 5)]
        print(f"no structure '{args.id}'" + (f"; did you mean: {', '.join(close)}" if close else ""), file=sys.stderr)
        return 2
    docs = [_doc(s) for s in matches]
    if args.json:
        print(json.dumps(docs[0] if len(docs) == 1 else docs, indent=1, ensure_ascii=False))
        return 0
    for d in docs:
        print(f"{d['name']}  [{d['id']}]\nLatin: {d['latin']}   group: {d['group']}   FMA: {d['fma_id'] or '-'}")
        if d["synonyms"]:
            print("Also called: " + ", ".join(d["synonyms"]))
        for title, key in (("Reference", "reference"), ("Clinical notes", "clinical"), ("Plain language", "plain"), ("Sources", "sources")):
            print(f"\n== {title} ==\n{d[key]}")
        print(f"\n({DISCLAIMER})\n")
    return 0


def _doc(s) -> dict:
    return {
        "id": s.id, "name": s.display_name, "latin": s.latin, "group": s.group, "side": s.side,
        "fma_id": s.fma_id, "synonyms": list(s.synonyms), "abbreviations": list(s.abbreviations),
        "related": list(s.related), "reviewed": s.reviewed,
        "reference": s.text("reference"), "clinical": s.text("clinical"), "plain": s.text("plain"),
        "sources": s.text("sources"), "disclaimer": DISCLAIMER,
    }
