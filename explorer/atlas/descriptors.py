"""Every file name and folder of the shipped atlas, in one place (as brainglobe's descriptors).

The atlas ships inside the package, in ``explorer/_atlas/``, and is found with
``importlib.resources`` whether the app runs from a source checkout, an editable install or an
installed wheel. In the source tree the top-level ``meshes/`` and ``annotations/`` folders stay
where they are; ``explorer/_atlas/`` holds two links to them, and building the wheel copies their
files in (``[tool.setuptools.package-data]`` in pyproject.toml). The app reads the meshes with
VTK, which needs real files, so the package must be installed unzipped (as pip does).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ATLAS_RESOURCES = "_atlas"
ANNOTATIONS_DIR = Path(str(files("explorer") / ATLAS_RESOURCES / "annotations")).resolve()
MESHES_DIR = Path(str(files("explorer") / ATLAS_RESOURCES / "meshes")).resolve()
REDUCED_SUBDIR = "lod"
#: Meshes of the sciatic-piriformis variants: ``variants/<key>/<mesh>`` (and ``<key>/lod/``).
VARIANTS_SUBDIR = "variants"
MANIFEST_FILE = "manifest.json"
LANDMARKS_FILE = "landmarks.json"
ANNOTATION_SUFFIX = ".md"
#: Files in the annotation folder that describe the folder rather than a structure.
NON_STRUCTURE_FILES = {"README.md"}
#: The bodies an atlas is built for; the male one is the meshes folder itself, each other body a
#: folder inside it with the same layout (its own manifest, landmarks, ``lod/`` and variants).
BODIES = ("male", "female")
BODY_SUBDIRS = {"male": "", "female": "female"}


def body_meshes_dir(body: str = "male", meshes_dir: Path = MESHES_DIR) -> Path:
    """The mesh folder of one body inside ``meshes_dir`` (the shipped one by default)."""
    if body not in BODY_SUBDIRS:
        raise ValueError(f"unknown body '{body}' (one of: {', '.join(BODIES)})")
    return Path(meshes_dir) / BODY_SUBDIRS[body]


def body_built(body: str, meshes_dir: Path = MESHES_DIR) -> bool:
    """Whether a body's atlas was built into ``meshes_dir`` (its folder has a manifest)."""
    return (body_meshes_dir(body, meshes_dir) / MANIFEST_FILE).is_file()
