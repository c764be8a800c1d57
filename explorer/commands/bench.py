"""anatomy-explorer bench: speed and memory of the app against a naive baseline and a floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HELP = "measure cold start, frame times, picking, search, planner updates and memory (app vs baseline vs floor)"


def add_parser(sub):
    p = sub.add_parser("bench", help=HELP, description=HELP + ". Needs a display or Xvfb; takes a few minutes (--quick: under one).")
    p.add_argument("--quick", action="store_true", help="one run of each scenario with fewer frames")
    p.add_argument("--repeats", type=int, help="runs per scenario (default 3, --quick 1)")
    p.add_argument("--frames", type=int, help="frames and picks per run (default 40, --quick 12)")
    p.add_argument("--json", action="store_true", help="print the JSON instead of the table")
    p.add_argument("-o", "--output", type=Path, default=Path("bench-results.json"), help="where to write the JSON")
    return p


def run(args, atlas=None) -> int:
    from explorer.bench.runner import run_benchmark, table

    result = run_benchmark(args.quick, args.repeats, args.frames, log=lambda m: print(m, file=sys.stderr))
    args.output.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1) if args.json else table(result) + f"\nwritten to {args.output}")
    return 0
