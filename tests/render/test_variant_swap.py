"""Drawing another sciatic variant swaps only the changed meshes, each keeping its look, its
outline, its cut and its reduced stand-in for camera motion."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.geometry.mesh_io import load_mesh
from explorer.render.scene_render import SceneRenderer


def test_use_atlas_swaps_the_changed_meshes_and_keeps_how_they_are_drawn(atlas):
    plotter = pv.Plotter(off_screen=True, window_size=[320, 240])
    try:
        renderer = SceneRenderer(plotter, atlas)
        renderer.load_reduced()
        renderer.set_opacity("piriformis_right", 0.4)
        renderer.highlight(["sciatic_nerve_right"])
        renderer.set_clipping_plane((1.0, 0.0, 0.0), (0.0, 0.0, 0.0))  # the right half, cut at the midline
        b = atlas.with_variant("B")
        unchanged = renderer.actors["sacrum"]
        renderer.use_atlas(b, atlas.ids_changed_by("B"))

        for sid in ("sciatic_nerve_right", "piriformis_right"):
            actor = renderer.actors[sid]
            assert actor.mapper.dataset.n_points == load_mesh(b.mesh_path(b[sid])).n_points  # the variant's mesh
            assert actor.mapper.GetNumberOfClippingPlanes() == 1
            assert renderer._id_of[id(actor)] == sid  # a pick names it by its new actor
        assert renderer.actors["sacrum"] is unchanged
        assert renderer.actors["piriformis_right"].prop.opacity == 0.4
        assert list(renderer.outlines) == ["sciatic_nerve_right"]
        renderer.set_clipping_plane(None, None)  # (a cut structure is drawn in full while moving)
        assert renderer.set_moving(True)
        twin = renderer._lod["sciatic_nerve_right"][0]
        reduced = load_mesh(b.mesh_path(b["sciatic_nerve_right"], reduced=True))
        assert twin.GetVisibility() and twin.GetMapper().GetInput().GetNumberOfPoints() == reduced.n_points
        renderer.set_moving(False)
        assert not twin.GetVisibility() and renderer.actors["sciatic_nerve_right"].GetVisibility()
        assert np.isfinite(renderer.visible_bounds()).all()
    finally:
        plotter.close()
