"""Write structures' meshes for other tools: one binary glTF scene, or one file per structure.

Coordinates stay as the atlas holds them, millimetres in RAS, so an export overlays on a scan
in 3D Slicer. Slicer reads the frame from a ``SPACE=RAS`` tag in a model file's header (and
assumes LPS without it), so STL, OBJ and PLY files carry that tag. glTF has no such tag and its
convention is metres with y up; the .glb keeps mm RAS like the other formats, and says so in
the scene's ``extras`` (``units``, ``frame``). trimesh writes every format; each structure is
a named node (its id) with its atlas colour as the material's base colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import trimesh

from explorer.atlas import Atlas
from explorer.geometry.mesh_io import load_mesh

SCENE_FORMATS = ("glb",)
PER_STRUCTURE_FORMATS = ("stl", "obj", "ply")
FORMATS = SCENE_FORMATS + PER_STRUCTURE_FORMATS
#: The tag 3D Slicer looks for in a model file's header to know the coordinate frame.
SLICER_FRAME_TAG = "SPACE=RAS"


class ExportError(Exception):
    """An export that cannot be written; the message says why."""


@dataclass(frozen=True)
class ExportResult:
    files: list[Path]
    structures: list[str]


def structure_mesh(atlas: Atlas, structure_id: str, opacity: float = 1.0) -> trimesh.Trimesh:
    """One structure's surface as a trimesh, triangulated, coloured and named by its id."""
    structure = atlas[structure_id]
    if structure.mesh is None:
        raise ExportError(f"{structure_id} has no mesh (it is a text-only entry)")
    surface = load_mesh(atlas.mesh_path(structure)).triangulate()
    faces = np.asarray(surface.faces).reshape(-1, 4)[:, 1:]
    rgba = _rgba(structure.colour, opacity)
    material = trimesh.visual.material.PBRMaterial(
        name=structure_id, baseColorFactor=rgba, metallicFactor=0.0, roughnessFactor=0.8,
        alphaMode="BLEND" if rgba[3] < 255 else "OPAQUE",
    )
    mesh = trimesh.Trimesh(np.asarray(surface.points, dtype=float), faces, process=False)
    mesh.visual = trimesh.visual.TextureVisuals(material=material)
    mesh.metadata["name"] = structure_id
    return mesh


def export_structures(atlas: Atlas, structure_ids: list[str], target: Path, fmt: str,
                      opacity: dict[str, float] | None = None) -> ExportResult:
    """Write ``structure_ids`` to ``target``: a .glb file, or a folder of one file per structure."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    ids = [sid for sid in structure_ids if atlas[sid].mesh is not None]
    if not ids:
        raise ExportError("nothing to export: no visible structure has a mesh")
    opacity = opacity or {}
    meshes = {sid: structure_mesh(atlas, sid, opacity.get(sid, 1.0)) for sid in ids}
    target = Path(target)
    if fmt == "glb":
        return ExportResult([_write_glb(meshes, atlas, target)], ids)
    target.mkdir(parents=True, exist_ok=True)
    files = [_write_single(mesh, target / f"{sid}.{fmt}", fmt) for sid, mesh in meshes.items()]
    return ExportResult(files, ids)


def _write_glb(meshes: dict[str, trimesh.Trimesh], atlas: Atlas, path: Path) -> Path:
    scene = trimesh.Scene()
    for sid, mesh in meshes.items():
        scene.add_geometry(mesh, node_name=sid, geom_name=sid)
    scene.metadata.update({"units": "mm", "frame": "RAS", "names": {sid: atlas[sid].display_name for sid in meshes}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(scene.export(file_type="glb", include_normals=True))
    return path


def _write_single(mesh: trimesh.Trimesh, path: Path, fmt: str) -> Path:
    """STL, OBJ or PLY with the Slicer frame tag in its header."""
    if fmt == "stl":
        data = bytearray(trimesh.exchange.stl.export_stl(mesh))
        header = f"{SLICER_FRAME_TAG} {mesh.metadata['name']} mm".encode("ascii")[:80]
        data[:80] = header.ljust(80, b" ")
        path.write_bytes(bytes(data))
    elif fmt == "obj":
        text = trimesh.exchange.obj.export_obj(mesh, include_texture=False, include_normals=True, header=None)
        path.write_text(f"# {SLICER_FRAME_TAG}\n# units: mm\n{text}", encoding="ascii")
    else:
        data = trimesh.exchange.ply.export_ply(mesh, encoding="binary", include_attributes=False)
        marker = b"element vertex"
        data = data.replace(marker, f"comment {SLICER_FRAME_TAG}\ncomment units mm\n".encode() + marker, 1)
        path.write_bytes(data)
    return path


def _rgba(colour: str, opacity: float) -> list[int]:
    hex_digits = colour.lstrip("#")
    rgb = [int(hex_digits[i:i + 2], 16) for i in (0, 2, 4)]
    return rgb + [int(round(255 * min(max(opacity, 0.0), 1.0)))]
