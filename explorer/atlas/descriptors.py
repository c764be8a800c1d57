"""Every file name and folder of the shipped atlas, in one place (as brainglobe's descriptors)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS_DIR = PROJECT_ROOT / "annotations"
MESHES_DIR = PROJECT_ROOT / "meshes"
REDUCED_SUBDIR = "lod"
MANIFEST_FILE = "manifest.json"
LANDMARKS_FILE = "landmarks.json"
ANNOTATION_SUFFIX = ".md"
#: Files in the annotation folder that describe the folder rather than a structure.
NON_STRUCTURE_FILES = {"README.md"}
