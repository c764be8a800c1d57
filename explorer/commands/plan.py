"""anatomy-explorer plan: a needle at a site, through the layers, with distances and a verdict."""

from __future__ import annotations

import argparse
import json

from explorer.planning.body_build import DEFAULT_PRESET, FAT_RANGE_MM, PRESETS, PRESETS_MM

HELP = "plan an injection at a site: layers crossed, depth to muscle, distance to the sciatic nerve, verdict"


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
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def run(args, atlas) -> int:
    from explorer.planning import PlanningScene, plan_site

    plan = plan_site(PlanningScene.from_atlas(atlas), args.site, args.side, args.fat_mm, args.needle_mm, args.tilt_deg)
    if args.json:
        print(json.dumps(plan.as_dict(), indent=1))
        return 0
    print(f"{args.site} site, {args.side}: fat {plan.fat_mm:.0f} mm, needle {plan.needle_mm:.0f} mm")
    print(f"  entry (RAS mm) {plan.entry_mm}, direction {plan.direction}")
    for layer in plan.layers:
        print(f"  {layer['start_mm']:6.1f}-{layer['end_mm']:6.1f} mm  {layer['name']} ({layer['thickness_mm']} mm)")
    depth = f"{plan.depth_to_muscle_mm} mm" if plan.depth_to_muscle_mm is not None else "not reached within 150 mm"
    print(f"  depth to muscle {depth}; target {plan.target_muscle}; reaches muscle: {plan.reaches_muscle}; tip in {plan.tip_in}")
    for sid, d in plan.nerve_distances_mm.items():
        print(f"  {sid}: needle {d['needle_mm']} mm, needle line {d['axis_mm']} mm")
    print(f"  verdict: {plan.verdict.upper()} - " + "; ".join(plan.reasons))
    print(f"  not modelled: {', '.join(plan.not_modelled)}")
    print(f"  ({plan.note})")
    return 0
