"""Write structures' meshes for other tools: one binary glTF scene, or one file per structure.

Two audiences, two frames:

- STL, OBJ and PLY keep the atlas's own frame, millimetres in RAS, so an export overlays on a
  scan in 3D Slicer. Slicer reads the frame from a ``SPACE=RAS`` tag in a model file's header
  (and assumes LPS without it), so each file carries that tag.
- glTF (.glb) follows the glTF 2.0 standard, which Blender, three.js and web viewers assume:
  metres, right-handed, +Y up, and the asset's front facing +Z, which leaves +X on the asset's
  own left. For a patient standing in RAS that is::

      glTF X = -R / 1000   (the patient's left)
      glTF Y =  S / 1000   (superior, up)
      glTF Z =  A / 1000   (anterior, the patient's front)

  The rotation part has determinant +1 (a proper rotation, not a mirror), so triangles keep
  their winding and outward normals. (Mapping RAS straight to (R, S, A) would be a mirror
  image: a left-handed frame, with the patient's right and left swapped.) The mapping is baked
  into the vertices, so every reader sees the same numbers; the scene's ``extras`` say so.

Each structure is a named node (its id) whose material carries the atlas colour and how the
app draws it: skin, fat and injection zones are translucent veils (``alphaMode: BLEND`` with
their opacity as the base colour's alpha), the rest opaque. trimesh writes every format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import trimesh

from explorer.atlas import Atlas
from explorer.geometry.mesh_io import load_mesh
from explorer.render.appearance import shown_opacity

SCENE_FORMATS = ("glb",)
PER_STRUCTURE_FORMATS = ("stl", "obj", "ply")
FORMATS = SCENE_FORMATS + PER_STRUCTURE_FORMATS
#: The tag 3D Slicer looks for in a model file's header to know the coordinate frame.
SLICER_FRAME_TAG = "SPACE=RAS"
#: RAS millimetres -> glTF metres (+X the patient's left, +Y superior, +Z anterior); see above.
RAS_MM_TO_GLTF = np.array([
    [-1e-3, 0.0, 0.0, 0.0],
    [0.0, 0.0, 1e-3, 0.0],
    [0.0, 1e-3, 0.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
])
#: How each kind of export describes its frame, for messages and the glTF scene's extras.
FRAMES = {
    "glb": "metres, glTF axes (+X the patient's left, +Y superior, +Z anterior)",
    **dict.fromkeys(PER_STRUCTURE_FORMATS, "millimetres, RAS"),
}


class ExportError(Exception):
    """An export that cannot be written; the message says why."""


@dataclass(frozen=True)
class ExportResult:
    files: list[Path]
    structures: list[str]
    frame: str  # units and axes of the files written, as FRAMES says


def structure_mesh(atlas: Atlas, structure_id: str, opacity: float = 1.0) -> trimesh.Trimesh:
    """One structure's surface as a trimesh in RAS mm, triangulated, coloured and named by its id.

    ``opacity`` below 1 makes the material a blended veil; an open surface (an injection zone
    on the skin) is double-sided, so it does not vanish when seen from behind.
    """
    structure = atlas[structure_id]
    if structure.mesh is None:
        raise ExportError(f"{structure_id} has no mesh (it is a text-only entry)")
    surface = load_mesh(atlas.mesh_path(structure)).triangulate()
    faces = np.asarray(surface.faces).reshape(-1, 4)[:, 1:]
    mesh = trimesh.Trimesh(np.asarray(surface.points, dtype=float), faces, process=False)
    rgba = _rgba(structure.colour, opacity)
    mesh.visual = trimesh.visual.TextureVisuals(material=trimesh.visual.material.PBRMaterial(
        name=structure_id, baseColorFactor=rgba, metallicFactor=0.0, roughnessFactor=0.8,
        alphaMode="BLEND" if rgba[3] < 255 else "OPAQUE", doubleSided=not mesh.is_watertight,
    ))
    mesh.metadata["name"] = structure_id
    return mesh


def export_structures(atlas: Atlas, structure_ids: list[str], target: Path, fmt: str,
                      opacity: dict[str, float] | None = None) -> ExportResult:
    """Write ``structure_ids`` to ``target``: a .glb file, or a folder of one file per structure.

    ``opacity`` by id (the window passes its own); by default each structure is as translucent
    as the app draws it when shown (``appearance.shown_opacity``).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    ids = [sid for sid in structure_ids if atlas[sid].mesh is not None]
    if not ids:
        raise ExportError("nothing to export: no visible structure has a mesh")
    opacity = opacity or {sid: shown_opacity(atlas[sid]) for sid in ids}
    meshes = {sid: structure_mesh(atlas, sid, opacity.get(sid, 1.0)) for sid in ids}
    target = Path(target)
    if fmt == "glb":
        return ExportResult([_write_glb(meshes, atlas, target)], ids, FRAMES[fmt])
    target.mkdir(parents=True, exist_ok=True)
    files = [_write_single(mesh, target / f"{sid}.{fmt}", fmt) for sid, mesh in meshes.items()]
    return ExportResult(files, ids, FRAMES[fmt])


def _write_glb(meshes: dict[str, trimesh.Trimesh], atlas: Atlas, path: Path) -> Path:
    """One scene in glTF's frame (metres, +Y up, +Z front): the RAS mm meshes are moved into it."""
    scene = trimesh.Scene()
    for sid, mesh in meshes.items():
        scene.add_geometry(mesh.copy().apply_transform(RAS_MM_TO_GLTF), node_name=sid, geom_name=sid)
    scene.metadata.update({
        "units": "m", "frame": FRAMES["glb"], "from_ras_mm": RAS_MM_TO_GLTF.tolist(),
        "names": {sid: atlas[sid].display_name for sid in meshes},
    })
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
