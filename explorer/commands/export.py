"""anatomy-explorer export: the scene's meshes for other tools (glTF .glb, or STL/OBJ/PLY files)."""

from __future__ import annotations

import sys
from pathlib import Path

from explorer.commands.body_option import add_body_argument
from explorer.commands.variant_option import add_variant_argument
from explorer.atlas.structure import GROUPS

HELP = "export meshes: one glTF .glb scene (metres, +Y up), or one STL/OBJ/PLY file per structure (mm, RAS)"


def add_parser(sub):
    p = sub.add_parser("export", help=HELP, description=HELP + ". By default the structures the window shows at start "
                       "(everything but the fat layer). The .glb follows the glTF standard for Blender and web viewers: "
                       "metres, +Y superior, +Z anterior (the patient's front), +X the patient's left, skin, fat and "
                       "injection zones translucent. STL/OBJ/PLY stay in the atlas's mm and RAS, tagged SPACE=RAS, "
                       "so they overlay on a scan in 3D Slicer.")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                   help="a .glb file, or a folder for --format stl|obj|ply")
    p.add_argument("--format", choices=("glb", "stl", "obj", "ply"), help="default: from the output's extension, else glb")
    p.add_argument("--structures", nargs="+", metavar="ID", help="ids, paired ids (both sides) or groups to export")
    p.add_argument("--hide", nargs="+", default=[], metavar="GROUP", choices=GROUPS, help="groups to leave out")
    add_variant_argument(p)
    add_body_argument(p)
    return p


def run(args, atlas) -> int:
    from explorer.export.mesh_export import ExportError, export_structures
    from explorer.render.appearance import start_opacity

    fmt = args.format or (args.output.suffix.lstrip(".").lower() if args.output.suffix else "glb")
    try:
        if args.structures:
            ids = list(dict.fromkeys(sid for sel in args.structures for sid in atlas.expand(sel)))
        else:
            ids = [s.id for s in atlas if start_opacity(s) > 0]
        ids = [sid for sid in ids if atlas[sid].group not in args.hide]
        result = export_structures(atlas, ids, args.output, fmt)
    except (KeyError, ExportError) as exc:
        print(f"export: {exc.args[0]}", file=sys.stderr)
        return 2
    for path in result.files:
        print(f"wrote {path}")
    print(f"{len(result.structures)} structures, {result.frame}")
    return 0
