"""Export of the visible scene for other tools (glTF, STL, OBJ, PLY) and printable handouts."""
