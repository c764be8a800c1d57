"""The README's picture of the two bodies side by side (docs/images/bodies_male_female.png).

Run from a checkout (``PYTHONPATH=. python scripts/bodies_image.py OUT.png``): it renders each
shipped body from behind with the app's own ``render`` command, twice (the skin as a veil with the
injection zones; then without skin, gluteus maximus, fascia, psoas and the lumbar vertebrae, the
deep gluteal region as a dissection shows it), and sets the four pictures in a grid, each body's
name above its column.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from explorer.cli import main as cli

BODIES = {"male": "Visible Human Male", "female": "Visible Human Female"}
DEEP = ["soft_tissue", "injection_site", "gluteus_maximus", "fascia", "psoas_major", "lumbar_vertebra_l4",
        "lumbar_vertebra_l5"]
SIZE = (800, 700)


def main(out: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        grid = Image.new("RGB", (SIZE[0] * len(BODIES), SIZE[1] * 2), "white")
        for column, body in enumerate(BODIES):
            for row, hide in enumerate(([], DEEP)):
                png = Path(tmp) / f"{body}_{row}.png"
                argv = ["render", "--body", body, "--view", "posterior", "--size", f"{SIZE[0]}x{SIZE[1]}", "-o", str(png)]
                if cli(argv + (["--hide", *hide] if hide else [])) != 0:
                    raise SystemExit(f"render failed for the {body} body")
                grid.paste(Image.open(png).convert("RGB"), (column * SIZE[0], row * SIZE[1]))
        draw = ImageDraw.Draw(grid)
        font = _font(30)
        for column, name in enumerate(BODIES.values()):
            draw.text((column * SIZE[0] + 20, 12), name, fill="black", font=font)
        grid.save(out)


def _font(size: int):
    """A plain sans-serif (matplotlib's DejaVu Sans, which the build extra brings), else PIL's own."""
    try:
        from matplotlib import font_manager

        return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)
    except (ImportError, OSError):
        return ImageFont.load_default(size)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/images/bodies_male_female.png")
