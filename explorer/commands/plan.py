"""anatomy-explorer plan: a needle at a site, through the layers, with distances and a verdict.

Exit status: 0 a plan (safe, caution or danger), 3 an incomplete plan (a structure the planner
needs is missing or failed to load), 2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import json

from explorer.commands.body_option import add_body_argument
from explorer.commands.variant_option import add_variant_argument
from explorer.planning.body_build import DEFAULT_PRESET, FAT_RANGE_MM, PRESETS, PRESETS_MM

HELP = "plan an injection at a site: layers crossed, depth to muscle, distances to the nerves and arteries, verdict"
#: Exit status when the plan is incomplete: a structure it needs is missing or failed to load.
EXIT_INCOMPLETE = 3


def _fat(text: str) -> float:
    """A thickness in mm or a preset's key; a bad value's message lists the presets."""
    if text in PRESETS_MM:
        return PRESETS_MM[text]
    presets = "; ".join(f"{p.key} = {p.fat_mm:.1f} mm" for p in PRESETS)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is neither a thickness in mm nor a preset ({presets})") from None
    if not FAT_RANGE_MM[0] <= value <= FAT_RANGE_MM[1]:
        raise argparse.ArgumentTypeError(f"fat thickness must be {FAT_RANGE_MM[0]:.0f}-{FAT_RANGE_MM[1]:.0f} mm, "
                                         f"or a preset ({presets})")
    return value


def _needle(text: str) -> float:
    value = float(text)
    if not 5 <= value <= 150:
        raise argparse.ArgumentTypeError("needle length must be 5-150 mm")
    return value


def add_parser(sub):
    p = sub.add_parser("plan", help=HELP, description=HELP + ". Estimates from a generic model, for education only.")
    p.add_argument("--site", choices=("ventrogluteal", "dorsogluteal"), required=True)
    p.add_argument("--side", choices=("left", "right"), required=True)
    presets = "; ".join(f"{p.key} = {p.fat_mm:.1f} ({p.label})" for p in PRESETS)
    p.add_argument("--fat-mm", type=_fat, default=PRESETS_MM[DEFAULT_PRESET], metavar="N|PRESET",
                   help=f"subcutaneous fat thickness in mm, or a published preset: {presets} (default {DEFAULT_PRESET})")
    p.add_argument("--needle-mm", type=_needle, default=38.0, metavar="N", help="needle length in mm (16, 25, 38, 50 or custom; default 38)")
    p.add_argument("--tilt-deg", type=float, default=0.0, help="tilt from the skin normal toward the head, degrees")
    p.add_argument("--all-sides", action="store_true", help="list the other side's nerves and arteries too (folded away by default)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_variant_argument(p)
    add_body_argument(p)
    return p


def run(args, atlas) -> int:
    """Print the plan; exit 3 when it is incomplete (a structure it needs is missing)."""
    from explorer.planning import PlanningScene, plan_site

    from explorer.atlas.sciatic_variants import VARIANTS

    plan = plan_site(PlanningScene.from_atlas(atlas), args.site, args.side, args.fat_mm, args.needle_mm, args.tilt_deg)
    variant = VARIANTS[atlas.variant]
    if args.json:
        print(json.dumps(plan.as_dict() | {"sciatic_variant": variant.key, "body": atlas.body}, indent=1))
    else:
        print("\n".join(plan_text(plan, args.all_sides) + [f"sciatic nerve as drawn: {variant.description}", f"body: {atlas.body}"]))
    return EXIT_INCOMPLETE if plan.verdict == "incomplete" else 0


def plan_text(plan, all_sides: bool = False) -> list[str]:
    """The plan as lines of text: the verdict and what is missing first, whole millimetres."""
    lines = [f"{plan.entry_label}: fat {plan.fat_mm:g} mm, needle {plan.needle_mm:g} mm, tilt {plan.tilt_deg:g} deg",
             f"VERDICT: {plan.verdict.upper()}"]
    lines += [f"  missing: {m['name']} - {m['problem']}" for m in plan.missing]
    lines += [f"  why: {reason}" for reason in plan.reasons]
    if plan.entry_mm is not None:
        lines.append(f"entry (RAS mm) {plan.entry_mm}, direction {plan.direction}")
        lines.append("layers along the needle (mm from the skin):")
        lines += [f"  {row['start_mm']:4d}-{row['end_mm']:4d}  {row['name']} ({row['thickness_mm']} mm)" for row in plan.shown_layers()]
        depth = f"{plan.depth_to_muscle_mm} mm" if plan.depth_to_muscle_mm is not None else "no muscle on the line"
        muscle = next((row["name"] for row in plan.layers if row["kind"] == "muscle"), None)
        target = f" ({muscle}, {plan.muscle_thickness_mm} mm thick)" if muscle else ""
        lines.append(f"depth to muscle {depth}{target}; reaches muscle: {'yes' if plan.reaches_muscle else 'no'}; "
                     f"tip in {plan.tip_in}")
        lines.append("nerves and vessels, nearest first (mm from the needle / from its line):")
        shown, folded = plan.nearest(all_sides)
        for _sid, d in shown:
            beyond = f", {d['beyond_tip_mm']} beyond the tip" if d["beyond_tip_mm"] else ""
            lines.append(f"  {d['name']}: needle {d['needle_mm']}, line {d['axis_mm']}{beyond} - {d['level']}")
        if folded:
            lines.append(f"  + {len(folded)} on the other side, nearest {folded[0][1]['needle_mm']} mm (--all-sides lists them)")
    lines.append("thresholds (distances rounded to whole mm; 'within' includes the limit):")
    for rule in plan.thresholds:
        lines.append(f"  {rule['summary']}")
        lines.append(f"    why: {rule['reasoning']}")
        lines += [f"    source: {source}" for source in rule["sources"]]
    lines.append(f"not modelled: {', '.join(plan.not_modelled)}")
    lines.append(f"({plan.note})")
    return lines
