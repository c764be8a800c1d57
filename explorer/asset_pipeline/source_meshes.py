"""The scan-derived source meshes the build reads, kept inside the project.

Two published collections, both from the Visible Human Male (VHM) and Female (VHF) cryosections
and both CC BY 4.0 (what differs per subject, file names and frames included, is in ``subjects``):

- Andreassen et al. 2023 (Sci Data 10:34): muscles, sacrum, coccyx and cartilage as closed STL
  surfaces in millimetres, in each cryosection volume's frame.
- The Human Reference Atlas (HRA) 3D reference objects: hip bones (``VH_?_Pelvis.glb``), each
  whole femur (inside the knee files) and the skin, glTF in metres, in a local frame of their own.

``source-meshes/`` holds what the build uses and nothing else. The STL files are stored as
``.npz`` (float32 vertices exactly as in the STL, shared between triangles, and int32 faces):
the same triangles at about a third of the size; :func:`vendor` makes them from the raw files.
The glTF files are copied as they are. Nothing here is imported at run time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from explorer.asset_pipeline.subjects import MALE, SUBJECTS, Subject

#: The build runs from a source checkout: the sources sit beside meshes/ at its top level (the
#: wheel does not carry them).
SOURCE_DIR = Path(__file__).resolve().parents[2] / "source-meshes"

#: Structure key -> the Andreassen file stem (the dataset's own spellings kept; where a subject's
#: files spell a side differently, ``Subject.spellings`` says so). Midline bones are filed under "Left" in the dataset; their key has no side.
ANDREASSEN_MUSCLES = {
    "gluteus_maximus": "GluteusMaximus",
    "gluteus_medius": "GluteusMedius",
    "gluteus_minimus": "GluteusMinimus",
    "tensor_fasciae_latae": "TensorFasciaeLatae",
    "piriformis": "Piriformis",
    "superior_gemellus": "SuperiorGemellus",
    "inferior_gemellus": "InferiorGemellus",
    "obturator_internus": "ObturatorInternus",
    "obturator_externus": "ObturatorExternus",
    "quadratus_femoris": {"left": "QuadratusFemoris", "right": "QuadratisFemoris"},  # both subjects
    "psoas_major": "PsoasMajor",
    "iliacus": "Illiacus",
    "biceps_femoris_long_head": "BicepsFemorisLong",
    "semitendinosus": "Semitendinosus",
    "semimembranosus": "Semimembranosus",
    "adductor_magnus": "AdductorMagnus",
}
ANDREASSEN_CARTILAGE = {
    "femoral_head_cartilage": ("FemurHead", ("left", "right")),
    "distal_femur_cartilage": ("FemurDistal", ("left", "right")),
    "acetabular_cartilage": ("PelvisAcetabulum", ("left", "right")),
}
ANDREASSEN_BONES = {"sacrum": "Sacrum", "coccyx": "Coccyx"}
SIDES = ("left", "right")


def andreassen_files(subject: Subject = MALE) -> dict[str, str]:
    """Our key ('<structure>_<side>' or a midline id) -> the dataset's STL file name, for every
    surface the subject's dataset has (not those in ``subject.mirrored_right``)."""
    out, p = {}, subject.andreassen_prefix
    for key, stem in ANDREASSEN_MUSCLES.items():
        for side in SIDES:
            name = subject.spellings.get(key, {}).get(side) or (stem[side] if isinstance(stem, dict) else stem)
            out[f"{key}_{side}"] = f"{p}_{side.title()}_Muscle_{name}_smooth.stl"
    for key, (stem, sides) in ANDREASSEN_CARTILAGE.items():
        for side in sides:
            out[f"{key}_{side}"] = f"{p}_{side.title()}_Cartilage_{stem}_smooth.stl"
    for key, stem in ANDREASSEN_BONES.items():
        out[key] = f"{p}_Left_Bone_{stem}_smooth.stl"
    for key in subject.mirrored_right:
        del out[f"{key}_right"]
    return out


def vendor(shared_sources: Path, out_dir: Path = SOURCE_DIR) -> None:
    """Copy what the build uses, for every subject, from a raw ``anatomy-sources`` folder into ``out_dir``."""
    for subject in SUBJECTS.values():
        _vendor(subject, Path(shared_sources), Path(out_dir))


def _vendor(subject: Subject, shared_sources: Path, out_dir: Path) -> None:
    import trimesh

    andreassen_dir, hra_dir = out_dir / subject.andreassen_dir, out_dir / subject.hra_dir
    andreassen_dir.mkdir(parents=True, exist_ok=True)
    hra_dir.mkdir(parents=True, exist_ok=True)
    raw = shared_sources / "andreassen-2022" / subject.andreassen_prefix
    for key, name in andreassen_files(subject).items():
        mesh = trimesh.load(raw / name, process=False)
        triangles = np.asarray(mesh.vertices, np.float32)[np.asarray(mesh.faces)]
        vertices, faces = np.unique(triangles.reshape(-1, 3), axis=0, return_inverse=True)
        np.savez_compressed(
            andreassen_dir / f"{key}.npz",
            vertices=vertices.astype(np.float32),
            faces=faces.reshape(-1, 3).astype(np.int32),
            source_file=np.array(name),
        )
    shutil.copy(raw / "README.txt", andreassen_dir / "README.txt")
    for name in subject.hra_files:
        shutil.copy(shared_sources / "hra" / name, hra_dir / name)


def andreassen_mesh(key: str, subject: Subject = MALE, source_dir: Path = SOURCE_DIR) -> tuple[np.ndarray, np.ndarray]:
    """(vertices float64 in the dataset's frame and mm, faces) of one vendored STL surface."""
    with np.load(Path(source_dir) / subject.andreassen_dir / f"{key}.npz") as data:
        return data["vertices"].astype(float), data["faces"].astype(np.int64)


def hra_nodes(file_name: str, subject: Subject = MALE, source_dir: Path = SOURCE_DIR) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every mesh node of an HRA glTF file, placed by its scene graph: name -> (vertices m, faces)."""
    import trimesh

    scene = trimesh.load(Path(source_dir) / subject.hra_dir / file_name, process=False)
    out = {}
    for node in scene.graph.nodes_geometry:
        transform, geometry = scene.graph[node]
        mesh = scene.geometry[geometry]
        vertices = np.asarray(mesh.vertices, float) @ transform[:3, :3].T + transform[:3, 3]
        out[node] = (vertices, np.asarray(mesh.faces, np.int64))
    return out
