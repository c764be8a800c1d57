"""anatomy-explorer structures: every structure with its group, side, size and place."""

from __future__ import annotations

import json

from explorer.commands.body_option import add_body_argument

HELP = "list every structure (id, name, group, side, FMA id, volume, centroid, bounds)"


def add_parser(sub):
    p = sub.add_parser("structures", help=HELP, description=HELP + ". Units: mm and cm^3; frame RAS.")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    add_body_argument(p)
    return p


def structure_rows(atlas) -> list[dict]:
    """The rows the command prints; volume only for closed meshes."""
    from explorer.geometry.mesh_io import MeshError, load_mesh, mesh_stats

    rows = []
    for s in atlas:
        row = {"id": s.id, "name": s.display_name, "latin": s.latin, "group": s.group, "side": s.side, "fma_id": s.fma_id,
               "volume_cm3": None, "centroid_mm": None, "bounds_mm": None}
        path = atlas.mesh_path(s)
        if path is not None:
            try:
                stats = mesh_stats(load_mesh(path))
                row.update(volume_cm3=stats.volume_cm3, centroid_mm=list(stats.centroid_mm), bounds_mm=list(stats.bounds_mm))
            except MeshError as exc:
                row["error"] = str(exc)
        rows.append(row)
    return rows


def run(args, atlas) -> int:
    rows = structure_rows(atlas)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'id':32} {'group':15} {'side':6} {'FMA':>6} {'cm3':>8}  centroid (mm, RAS)")
    for r in rows:
        vol = f"{r['volume_cm3']:8.1f}" if r["volume_cm3"] is not None else f"{'-':>8}"
        cen = " ".join(f"{c:7.1f}" for c in r["centroid_mm"]) if r["centroid_mm"] else "-"
        print(f"{r['id']:32} {r['group']:15} {r['side'] or '-':6} {r['fma_id'] or '-':>6} {vol}  {cen}")
    return 0
