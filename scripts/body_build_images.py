"""Pictures of the body surface at thin, average and obese settings, from behind and the side.

Run from a checkout (``PYTHONPATH=. python scripts/body_build_images.py OUT_DIR``); it draws the
shipped meshes with the planner's body build (``BodyShape``) set to each fat under the right
ventrogluteal point, with the injection zones, off screen. One PNG per setting (back | side).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.atlas import load_atlas
from explorer.geometry.mesh_io import load_mesh
from explorer.planning import PlanningScene
from explorer.planning.body_build import SKIN_MM, Carried

SETTINGS_MM = {"thin": 8.0, "average": 19.9, "obese": 60.0}


def main(out_dir: str) -> None:
    pv.OFF_SCREEN = True
    atlas = load_atlas()
    scene = PlanningScene.from_atlas(atlas)
    reference = scene.landmarks["right"]["ventrogluteal_point"]
    zones = {s.id: load_mesh(atlas.mesh_path(s)) for s in atlas if s.group == "injection_site" and s.mesh}
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    subject = pv.PolyData(scene.body.points(scene.body.subject(), SKIN_MM), scene.fascia.faces)
    carried = {sid: (Carried.on(subject, np.asarray(zone.points)), zone.faces) for sid, zone in zones.items()}
    for name, fat in SETTINGS_MM.items():
        skin = pv.PolyData(scene.body.points(scene.setting(fat, reference), SKIN_MM), scene.fascia.faces)
        plotter = pv.Plotter(shape=(1, 2), window_size=(1400, 800), off_screen=True)
        for column, view in enumerate(((0, -1, 0), (1, 0, 0))):
            plotter.subplot(0, column)
            plotter.add_mesh(skin, color="#e8b89a", smooth_shading=True)
            for on_skin, faces in carried.values():
                plotter.add_mesh(pv.PolyData(on_skin.moved(np.asarray(skin.points)), faces), color="#3070d0", opacity=0.8)
            plotter.view_vector(view)
            plotter.set_viewup((0, 0, 1))
            plotter.add_text(f"{name}: {fat:g} mm of fat under the right ventrogluteal point", font_size=10)
        plotter.screenshot(str(Path(out_dir) / f"body_{name}.png"))
        plotter.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
