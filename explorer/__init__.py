"""Gluteal Anatomy Explorer: a 3D atlas of the gluteal and pelvic region (mm, RAS)."""

from explorer.refcount_guard import protect_none

__version__ = "0.1.0"

protect_none()  # before any Qt call: PySide6 6.12 loses a reference to None per call (see refcount_guard)
