"""The atlas: named structures with meshes, texts and landmarks. Pure Python + numpy, no Qt/VTK."""

from explorer.atlas.annotation_schema import AnnotationError, Problem
from explorer.atlas.atlas import Atlas, load_atlas
from explorer.atlas.structure import DISCLAIMER, GROUPS, Structure

__all__ = ["Atlas", "AnnotationError", "DISCLAIMER", "GROUPS", "Problem", "Structure", "load_atlas"]
