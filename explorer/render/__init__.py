"""Actors from the atlas and scene state: PyVista/VTK, headless or inside a Qt widget."""
