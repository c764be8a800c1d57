"""Superior and inferior gluteal nerves and arteries, built from landmarks and the muscles.

The model has no vessels or gluteal nerves. Their courses (Gray's Anatomy; Moore, Clinically
Oriented Anatomy):

- The superior gluteal nerve and artery leave the pelvis through the greater sciatic foramen
  *above* piriformis, at about the junction of the upper and middle thirds of a line from the
  PSIS to the tip of the greater trochanter. The artery's deep branch and the nerve then run
  forward in the plane between gluteus medius and minimus; the nerve's inferior branch crosses
  minimus toward tensor fasciae latae some 5 cm above the tip of the trochanter.
- The inferior gluteal nerve and artery leave *below* piriformis, medial to the sciatic nerve,
  and spread on the deep surface of gluteus maximus.

Each is drawn as one simplified trunk: a tube along a smooth path through waypoints that are
snapped onto the surface they run on (the outside of minimus, the deep face of maximus).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.geometry.landmarks import side_sign
from explorer.geometry.muscle_loft import catmull_rom, spindle

NERVE_DIAMETER_MM = 4.0
ARTERY_DIAMETER_MM = 5.0
#: Height of the superior gluteal nerve's path above the tip of the greater trochanter where it
#: crosses toward tensor fasciae latae (the surgical "safe zone" figure).
SUPERIOR_ABOVE_TROCHANTER_MM = 50.0
#: The artery's deep branch travels with the nerve; its inferior division, drawn here, runs just
#: below the nerve across minimus (the superior division, along minimus' upper border, is omitted).
ARTERY_ABOVE_NERVE_MM = -5.0
SAMPLES = 60


def superior_gluteal_paths(lm: dict, piriformis: pv.PolyData, minimus: pv.PolyData, side: str) -> dict[str, np.ndarray]:
    """Centrelines of the superior gluteal nerve and artery (RAS mm)."""
    s = side_sign(side)
    notch, gt, asis = lm["greater_sciatic_notch"], lm["greater_trochanter"], lm["asis"]
    near_notch = piriformis.points[np.abs(piriformis.points[:, 0] - notch[0]) < 12.0]
    exit_point = np.array([notch[0], notch[1] - 4.0, near_notch[:, 2].max() + 5.0])  # above piriformis
    inside = exit_point + np.array([-s * 18.0, 22.0, 6.0])  # from the internal iliac, inside the pelvis
    # Above the trochanter, a third of the way toward the ASIS: over the front part of minimus.
    crossing = np.array([gt[0], gt[1] + 0.35 * (asis[1] - gt[1]), gt[2] + SUPERIOR_ABOVE_TROCHANTER_MM])
    out = {}
    lateral = np.array([s, 0.0, 0.0])
    for name, lift in (("nerve", 0.0), ("artery", ARTERY_ABOVE_NERVE_MM)):
        radius = (NERVE_DIAMETER_MM if name == "nerve" else ARTERY_DIAMETER_MM) / 2
        start, cross = exit_point + np.array([0.0, 0.0, lift]), crossing + np.array([0.0, 0.0, lift])
        # Every point of the stretch across minimus lies on its outer face, under medius: first
        # round its posterior border at the notch, then forward across its lateral face.
        across = []
        for f in np.linspace(0.0, 1.0, 18):
            w = np.clip(1.6 * f, 0.25, 1.0)
            toward = w * lateral + (1.0 - w) * np.array([0.0, -1.0, 0.0])
            across.append(_on_surface(minimus, start + f * (cross - start), toward / np.linalg.norm(toward), radius + 0.5))
        across = _smoothed(np.array(across))
        # Past minimus' front edge the nerve ends in tensor fasciae latae's deep surface.
        beyond = across[-1] + np.array([0.0, 20.0, 4.0])
        control = np.vstack([inside + np.array([0.0, 0.0, lift]), start, across[1:], beyond])
        out[name] = catmull_rom(control, SAMPLES)
    return out


def inferior_gluteal_paths(sciatic_line: np.ndarray, maximus: pv.PolyData, side: str) -> dict[str, np.ndarray]:
    """Centrelines of the inferior gluteal nerve and artery: out below piriformis beside the
    sciatic nerve's medial side, then onto the deep face of gluteus maximus."""
    s = side_sign(side)
    # The sciatic nerve's exit from the foramen: where its path first turns downward steeply.
    drop = np.diff(sciatic_line[:, 2])
    exit_index = int(np.argmax(drop < -1.5 * np.abs(np.diff(sciatic_line[:, 0])).clip(min=0.3)))
    sciatic_exit = sciatic_line[max(exit_index, 1)]
    out = {}
    for name, offset in (("nerve", 0.0), ("artery", 6.0)):
        radius = (NERVE_DIAMETER_MM if name == "nerve" else ARTERY_DIAMETER_MM) / 2
        exit_point = sciatic_exit + np.array([-s * (14.0 + offset), -8.0, 2.0])
        inside = exit_point + np.array([-s * 12.0, 20.0, 8.0])
        spread = [exit_point + np.array([s * dx, dy, dz]) for dx, dy, dz in ((4.0, -22.0, -18.0), (14.0, -34.0, -40.0), (26.0, -40.0, -64.0))]
        on_maximus = [_on_surface(maximus, p, np.array([0.0, 1.0, 0.0]), radius + 0.5) for p in spread]
        out[name] = catmull_rom(np.array([inside, exit_point, *on_maximus]), SAMPLES)
    return out


def vessel_tube(centreline: np.ndarray, diameter: float) -> pv.PolyData:
    """A closed round tube, slightly tapered at its far end (the trunk gives off branches)."""
    d = np.full(len(centreline), diameter)
    d[-12:] *= np.linspace(1.0, 0.6, 12)
    return spindle(centreline, d, d, np.array([0.0, 0.0, 1.0]), n_around=16)


def _smoothed(points: np.ndarray, passes: int = 3) -> np.ndarray:
    """Neighbour averaging with the ends kept: snapped points follow the surface without kinks."""
    p = points.copy()
    for _ in range(passes):
        p[1:-1] = (p[:-2] + 2 * p[1:-1] + p[2:]) / 4
    return p


def _on_surface(surface: pv.PolyData, point: np.ndarray, side: np.ndarray, clearance: float) -> np.ndarray:
    """Move ``point`` along ``side`` (a unit direction) onto the face of ``surface`` that looks
    that way, ``clearance`` mm off it: the outermost crossing of a ray from far out on that side.
    Where the ray misses (past the surface's edge) the nearest surface point is used instead."""
    far = point + side * 200.0
    hits, _ = surface.ray_trace(far, point - side * 200.0)  # every crossing, in no set order
    if len(hits) == 0:
        _, hits = surface.find_closest_cell(np.atleast_2d(far), return_closest_point=True)
    outermost = np.asarray(hits, float)[np.argmax(np.asarray(hits) @ side)]
    return outermost + side * clearance
