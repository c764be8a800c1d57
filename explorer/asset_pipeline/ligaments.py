"""The sacrotuberous and sacrospinous ligaments, built on the scanned bones.

No scan shows them, but their attachments are bony and well described (Gray's; Standring):

- **Sacrotuberous**: a broad base on the posterior superior iliac spine, the lower sacral
  tubercles, the lateral margins of the lower sacrum and the upper coccyx; its fibres converge
  into a thick narrow band that widens again on the medial margin of the ischial tuberosity.
  A systematic review of its morphometry (2019; 67 papers) gives a length of 6.4-9.4 cm, a width
  of 1.8-3.5 cm at its mid-point and a depth of 0.3-0.4 cm.
- **Sacrospinous**: a thin triangle, deep (anterior) to the sacrotuberous, from the lateral
  margins of the lower sacrum and coccyx to the ischial spine; 5.1 +/- 0.3 cm long and about
  0.2 cm thick (Liu et al., Chin J Clin Anat 2020;38(4):373-375, 24 female cadavers). Its
  upper border meets the sacrum no higher than the lower end of piriformis' origin; where the
  lower sacrum lies far from wide-set spines (hers), the base starts higher, as near the
  spine's shortest way to the sacrum as the margin allows.

Together with the sciatic notches they make the greater and lesser sciatic foramina, the
doorways the nerves and vessels of the buttock are described by. Each ligament is a sheet of
fibres running from one attachment curve to the other (a ruled surface, narrowed in the middle
for the sacrotuberous), thickened into a closed solid. Between its attachments, where it would
enter bone, it is pushed out to lie on the bone; its two ends are rooted in the bone, and the
bones then win outright (boolean difference), which leaves each end flush on its bone.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.asset_pipeline import surfaces
from explorer.geometry.landmarks import side_sign
from explorer.geometry.tubes import resample_polyline

SACROTUBEROUS_THICKNESS_MM = 3.5
SACROTUBEROUS_MID_WIDTH_MM = 26.0
SACROSPINOUS_THICKNESS_MM = 2.0
#: The sacrotuberous ligament keeps this far from the tip of the ischial spine (mm).
LESSER_FORAMEN_ROOM_MM = 16.0
#: The sacrospinous ligament's base starts at least this far above the ischial spine (mm).
SACROSPINOUS_BASE_ABOVE_SPINE_MM = 24.0
#: How much longer than the shortest way from the spine to the sacral margin the sacrospinous
#: ligament's upper fibres may run, for its base to start lower (mm).
SHORTEST_WAY_SLACK_MM = 2.0
#: Piriformis points this near the sacrum are its origin (mm).
PIRIFORMIS_ON_SACRUM_MM = 3.0
#: How far the ligaments' faces keep off bone before the boolean step (mm).
BONE_GAP_MM = 0.3
#: How far past its face into the bone each attachment end of a ligament reaches before the
#: boolean step cuts it flush (mm).
ROOT_MM = 1.5
#: Sheet resolution: points across the fibres and along them.
ACROSS, ALONG = 14, 26


def ligaments(meshes: dict[str, pv.PolyData], landmarks: dict) -> dict[str, pv.PolyData]:
    """Both ligaments of both sides, keyed by id."""
    out = {}
    for side, lm in landmarks.items():
        bones = [meshes["sacrum"], meshes["coccyx"], meshes[f"hip_bone_{side}"]]
        # The lesser sciatic foramen stays open: the band keeps clear of the spine, where the
        # pudendal nerve and vessels cross (1.5 +/- 0.35 cm from it, Liu et al. 2020).
        room = pv.Sphere(radius=LESSER_FORAMEN_ROOM_MM, center=lm["ischial_spine"], theta_resolution=24, phi_resolution=24)
        out[f"sacrotuberous_ligament_{side}"] = _solid(*sacrotuberous_sheet(meshes, lm, side), SACROTUBEROUS_THICKNESS_MM, bones,
                                                       mid_width=SACROTUBEROUS_MID_WIDTH_MM, keep_clear=[room])
        # The two blend where both reach the sacrum's margin: the sacrotuberous, behind, keeps it.
        out[f"sacrospinous_ligament_{side}"] = surfaces.with_normals(surfaces.subtract(
            _solid(*sacrospinous_sheet(meshes, lm, side), SACROSPINOUS_THICKNESS_MM, bones), [out[f"sacrotuberous_ligament_{side}"]]))
    return out


def sacrotuberous_sheet(meshes: dict, lm: dict, side: str) -> tuple[np.ndarray, np.ndarray]:
    """(upper attachment curve, lower attachment curve), each (ACROSS, 3), fibre by fibre."""
    s = side_sign(side)
    sacrum, coccyx = np.asarray(meshes["sacrum"].points), np.asarray(meshes["coccyx"].points)
    top = coccyx[:, 2].max()
    # The posterolateral edge of the sacrum from below the PSIS down to the coccyx, then the
    # upper coccyx's lateral margin: at each height, the point furthest out and back.
    base = [lm["psis"]]
    for z in np.linspace(lm["psis"][2] - 20.0, top + 2.0, 6):
        layer = sacrum[np.abs(sacrum[:, 2] - z) < 3.0]
        base.append(layer[np.argmax(s * layer[:, 0] - 0.5 * layer[:, 1])])
    upper_coccyx = coccyx[coccyx[:, 2] > top - 12.0]
    base.append(upper_coccyx[np.argmax(s * upper_coccyx[:, 0] - 0.5 * upper_coccyx[:, 1])])
    # The medial margin of the tuberosity, from its upper part down to the landmark.
    hip = np.asarray(meshes[f"hip_bone_{side}"].points)
    it = lm["ischial_tuberosity"]
    near = hip[np.linalg.norm(hip - it, axis=1) < 30.0]
    margin = []
    for z in np.linspace(it[2] + 24.0, it[2] + 4.0, 5):
        layer = near[np.abs(near[:, 2] - z) < 3.0]
        margin.append(layer[np.argmax(-s * layer[:, 0] - layer[:, 1])])
    return _smooth_curve(np.array(base)), _smooth_curve(np.array(margin))


def sacrospinous_sheet(meshes: dict, lm: dict, side: str) -> tuple[np.ndarray, np.ndarray]:
    """(sacrococcygeal base, spine) curves, each (ACROSS, 3): the base runs from the lateral
    margin of the lower sacrum (about S4, higher where the lower sacrum lies far from the spine)
    down the coccyx; the apex spreads over the spine."""
    s = side_sign(side)
    sacrum, coccyx = np.asarray(meshes["sacrum"].points), np.asarray(meshes["coccyx"].points)
    both = np.vstack([sacrum, coccyx])
    spine = lm["ischial_spine"]

    def margin(z: float) -> np.ndarray | None:
        """The margin facing the spine at height ``z``: the point furthest out toward the
        spine's side and forward (the sacrotuberous takes the back)."""
        layer = both[np.abs(both[:, 2] - z) < 3.0]
        return layer[np.argmax(s * layer[:, 0] + 0.3 * layer[:, 1])] if len(layer) else None

    # Its upper border starts on the sacrum's margin between SACROSPINOUS_BASE_ABOVE_SPINE_MM
    # above the spine and the lower end of piriformis' sacral origin (the two borders meet there;
    # the greater sciatic foramen opens between them further out): as low as it can while its
    # fibres keep within SHORTEST_WAY_SLACK_MM of the shortest way from the spine to that margin.
    # His lower sacrum is about as near his spines as any of that margin, and his base starts at
    # the lowest height; her lower sacrum and coccyx lie far back from her wide-set spines
    # (62-70 mm against 57-59 higher up), and her base climbs toward piriformis.
    low = spine[2] + SACROSPINOUS_BASE_ABOVE_SPINE_MM
    heights = np.linspace(low, max(low, _piriformis_origin_floor(meshes, side)), 8)
    reach = np.array([np.linalg.norm(m - spine) if (m := margin(z)) is not None else np.inf for z in heights])
    start = heights[np.flatnonzero(reach <= reach.min() + SHORTEST_WAY_SLACK_MM)[0]]
    base = [m for z in np.linspace(start, coccyx[:, 2].min() + 8.0, 7) if (m := margin(z)) is not None]
    hip = np.asarray(meshes[f"hip_bone_{side}"].points)
    tip = hip[np.linalg.norm(hip - spine, axis=1) < 8.0]
    # The apex: the border a few millimetres above the spine, its tip (the landmark), the border
    # a few millimetres below it.
    order = np.argsort(-tip[:, 2])
    apex = resample_polyline(np.array([tip[order][0], spine, tip[order][-1]]), 3)
    # Laid on the bone: smoothing a curve through the margin's outermost points lifts it off the
    # hollows between them, and the base would attach there only in patches.
    return surfaces.onto_nearest(_smooth_curve(np.array(base)), [meshes["sacrum"], meshes["coccyx"]]), _smooth_curve(apex)


def _piriformis_origin_floor(meshes: dict, side: str) -> float:
    """Height (z) of the lowest part of piriformis lying on the sacrum: where its origin ends."""
    piriformis = np.asarray(meshes[f"piriformis_{side}"].points)
    _, on_sacrum = meshes["sacrum"].find_closest_cell(piriformis, return_closest_point=True)
    return piriformis[np.linalg.norm(piriformis - on_sacrum, axis=1) < PIRIFORMIS_ON_SACRUM_MM][:, 2].min()


def _smooth_curve(points: np.ndarray) -> np.ndarray:
    """ACROSS points evenly spaced along a lightly smoothed polyline through ``points``."""
    p = resample_polyline(points, 3 * ACROSS)
    for _ in range(6):
        p[1:-1] = (p[:-2] + 2 * p[1:-1] + p[2:]) / 4
    return resample_polyline(p, ACROSS)


def _mid_surface(start: np.ndarray, end: np.ndarray, mid_width: float | None) -> np.ndarray:
    """(ACROSS, ALONG, 3) points of fibres from ``start`` to ``end``, drawn in toward their
    middle so that the sheet is ``mid_width`` wide halfway (None: straight fibres)."""
    v = np.linspace(0.0, 1.0, ALONG)
    sheet = start[:, None, :] * (1 - v)[None, :, None] + end[:, None, :] * v[None, :, None]
    if mid_width is None:
        return sheet
    centre = sheet.mean(axis=0, keepdims=True)
    width = np.linalg.norm(sheet[-1] - sheet[0], axis=-1)
    squeeze = np.clip(mid_width / width[ALONG // 2], 0.0, 1.0)
    factor = 1.0 - (1.0 - squeeze) * np.sin(np.pi * v) ** 2
    return centre + (sheet - centre) * factor[None, :, None]


def _solid(start: np.ndarray, end: np.ndarray, thickness: float, bones: list[pv.PolyData], mid_width: float | None = None,
           keep_clear: list[pv.PolyData] = ()) -> pv.PolyData:
    """The closed ligament between two attachment curves, off the bones and out of ``keep_clear``."""
    sheet = _mid_surface(start, end, mid_width)
    obstacles = [*bones, *keep_clear]
    sheet = surfaces.kept_off(sheet, thickness / 2 + BONE_GAP_MM, obstacles)
    for _ in range(3):  # pushing points off bone can crease the sheet: smooth it, keep it off
        sheet[1:-1, 1:-1] = (sheet[:-2, 1:-1] + sheet[2:, 1:-1] + sheet[1:-1, :-2] + sheet[1:-1, 2:] + 4 * sheet[1:-1, 1:-1]) / 8
        sheet = surfaces.kept_off(sheet, thickness / 2 + BONE_GAP_MM, obstacles)
    # Both ends are rooted in the bone they attach to, so that the boolean step below cuts them
    # flush with it: kept off the bone like the rest, a ligament would only touch it in patches.
    sheet[:, 0] = surfaces.onto_nearest(start, bones, -(thickness / 2 + ROOT_MM))
    sheet[:, -1] = surfaces.onto_nearest(end, bones, -(thickness / 2 + ROOT_MM))
    normal = np.cross(np.gradient(sheet, axis=0), np.gradient(sheet, axis=1))
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    layers = np.stack([sheet - normal * thickness / 2, sheet + normal * thickness / 2], axis=2)
    grid = pv.StructuredGrid(layers[..., 0], layers[..., 1], layers[..., 2])
    mesh = grid.extract_surface(algorithm="dataset_surface").triangulate().clean()
    mesh = surfaces.polydata(np.asarray(mesh.points), mesh.faces.reshape(-1, 4)[:, 1:])
    return surfaces.with_normals(surfaces.subtract(surfaces.with_normals(mesh), [b for b in bones if surfaces.boxes_overlap(mesh, b)]))


def make_room(meshes: dict[str, pv.PolyData], built: dict[str, pv.PolyData],
              bones: list[pv.PolyData] = ()) -> dict[str, pv.PolyData]:
    """The muscles a ligament runs through, with the ligament taken out of them (gluteus maximus
    arises from the sacrotuberous ligament's back, biceps femoris from its lower end: the
    ligament is the firmer of the two, so the muscle yields). ``bones``: what a piece of muscle the
    cut leaves may be attached to (``surfaces.grooved``)."""
    out = {}
    for key, mesh in meshes.items():
        cutters = [lig for lig in built.values() if surfaces.boxes_overlap(mesh, lig)]
        if not cutters:
            continue
        carved = surfaces.grooved(mesh, cutters, anchors=bones)
        if carved.n_cells != mesh.n_cells:
            out[key] = carved
    return out
