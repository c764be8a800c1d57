"""Gluteal Anatomy Explorer: a 3D atlas of the gluteal and pelvic region (mm, RAS)."""

__version__ = "0.1.0"
