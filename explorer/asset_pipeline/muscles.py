"""The gluteal muscles, piriformis and tensor fasciae latae as closed volumes, per side.

Each muscle is built from its MyoLeg fibre paths (see ``explorer.geometry.muscle_loft``) and
shaped after the atlas plates: gluteus maximus a broad, thick quadrilateral sheet from the
posterior ilium, sacrum and coccyx to the iliotibial tract and gluteal tuberosity; gluteus
medius and minimus fans that converge on the greater trochanter; piriformis a pear from the
front of the sacrum through the greater sciatic notch; tensor fasciae latae a flat spindle below
the anterior iliac crest. Deeper muscles are built first so the superficial ones wrap over them.

Thickness is scaled so each volume matches a typical adult MRI volume
(``TARGET_VOLUME_CM3``, of the order reported by Handsfield et al. 2014, J Biomech 47:631,
whose data also scaled the Rajagopal 2016 model): the model carries no thickness of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from explorer.geometry.landmarks import iliac_crest, side_sign
from explorer.geometry.muscle_loft import (
    catmull_rom,
    fan_surface,
    resample_polyline,
    sheet_normals,
    smooth_grid,
    spindle,
    thick_sheet,
    drape,
)

TARGET_VOLUME_CM3 = {
    "gluteus_maximus": 850.0,
    "gluteus_medius": 410.0,
    "gluteus_minimus": 120.0,
    "piriformis": 45.0,
    "tensor_fasciae_latae": 80.0,
}
GAP_MM = 1.0  # space left between a muscle and what lies beneath it
NT = 36


@dataclass(frozen=True)
class SheetShape:
    """How a sheet muscle spreads and where it is thickest (all fractions of its extent)."""

    u_range: tuple[float, float]  # beyond 0..1: past the outer fibre paths
    nu: int
    edge_thickness: float  # thickness at the side edges relative to the middle
    origin_thickness: float  # relative thickness at the origin row
    insertion_thickness: float  # relative thickness at the insertion row (tendon)
    belly_at: float  # where along the fibres the belly is thickest (0 origin .. 1 insertion)


SHAPES = {
    "gluteus_minimus": SheetShape((-0.35, 1.3), 28, 0.3, 0.55, 0.25, 0.35),
    "gluteus_medius": SheetShape((-0.2, 1.2), 32, 0.3, 0.45, 0.25, 0.4),
    "gluteus_maximus": SheetShape((-0.35, 1.0), 40, 0.35, 0.55, 0.3, 0.45),
}


def thickness_profile(shape: SheetShape, nt: int) -> np.ndarray:
    """Relative thickness (nu, nt): thin edges, fleshy belly, tapering to the insertion."""
    u = np.linspace(0.0, 1.0, shape.nu)
    across = shape.edge_thickness + (1 - shape.edge_thickness) * np.sin(np.pi * u) ** 0.7
    t = np.linspace(0.0, 1.0, nt)
    rise = shape.origin_thickness + (1 - shape.origin_thickness) * np.sin(0.5 * np.pi * np.clip(t / shape.belly_at, 0, 1))
    fall = shape.insertion_thickness + (1 - shape.insertion_thickness) * np.cos(
        0.5 * np.pi * np.clip((t - shape.belly_at) / (1 - shape.belly_at), 0, 1)
    )
    along = np.where(t <= shape.belly_at, rise, fall)
    return np.outer(across, along)


def build_sheet(
    paths: list[np.ndarray], shape: SheetShape, underlay: pv.PolyData, body_centre: np.ndarray, target_cm3: float
) -> pv.PolyData:
    """Loft, wrap and thicken a sheet muscle until its volume matches ``target_cm3``."""
    resampled = [catmull_rom(p, NT) for p in paths]
    mid0 = smooth_grid(fan_surface(resampled, np.linspace(*shape.u_range, shape.nu)), 4)
    directions = sheet_normals(smooth_grid(mid0, 20), body_centre)
    relative = thickness_profile(shape, NT)
    scale = 20.0
    for _ in range(5):
        h = relative * scale
        mid = drape(mid0, directions, underlay, h / 2 + GAP_MM)
        normals = sheet_normals(mid, body_centre)
        mid = lift_inner_face(mid, normals, h, underlay)
        # Taubin smoothing keeps volume and topology (still closed) and irons out the small
        # ridges draping over several deep structures leaves.
        mesh = thick_sheet(mid, normals, h).smooth_taubin(n_iter=25, pass_band=0.08)
        scale *= target_cm3 / (mesh.volume / 1000.0)
    return mesh


def lift_inner_face(mid: np.ndarray, normals: np.ndarray, h: np.ndarray, underlay: pv.PolyData) -> np.ndarray:
    """Move the sheet out along its normals where its inner face would dip into the underlay.

    Draping keeps the mid-surface clear along the drape directions, but the sheet is thickened
    along its own normals, which lean differently on curved bone: without this the inner face
    of one muscle cut several millimetres into the muscle beneath.
    """
    for _ in range(3):
        inner = (mid - normals * (h / 2)[..., None]).reshape(-1, 3)
        depth = pv.PolyData(inner).compute_implicit_distance(underlay)["implicit_distance"].reshape(h.shape)
        push = np.clip(GAP_MM - depth, 0.0, None)
        if push.max() < 0.2:
            break
        mid = mid + normals * push[..., None]
    return mid


def build_spindle(
    centreline: np.ndarray, width: np.ndarray, depth: np.ndarray, up: np.ndarray, underlay: pv.PolyData, target_cm3: float
) -> pv.PolyData:
    """A spindle muscle along a centreline, kept outside ``underlay``, scaled to ``target_cm3``."""
    scale = 1.0
    directions = np.broadcast_to(up / np.linalg.norm(up), centreline.shape)
    for _ in range(5):
        line = drape(centreline[None], directions[None], underlay, (depth * scale / 2 + GAP_MM)[None], reach=25.0)[0]
        mesh = spindle(line, width * scale, depth * scale, up)
        scale *= np.sqrt(target_cm3 / (mesh.volume / 1000.0))
    return mesh


def build_muscles(
    fibres: dict[str, list],
    bones: dict[str, pv.PolyData],
    landmarks: dict[str, dict[str, np.ndarray]],
    nerve_builder,
) -> dict[str, pv.PolyData]:
    """All muscle meshes, keyed '<muscle>_<side>', and each side's sciatic nerve.

    ``nerve_builder(side, piriformis)`` makes the nerve, which must exist before gluteus
    maximus is draped: the nerve lies deep to it.
    """
    out: dict[str, pv.PolyData] = {}
    for side in ("left", "right"):
        lm = landmarks[side]
        centre = np.array([0.0, lm["hip_centre"][1] + 20.0, lm["hip_centre"][2] + 40.0])
        hip, femur = bones[f"hip_bone_{side}"], bones[f"femur_{side}"]
        skeleton = pv.merge([hip, femur, bones["sacrum"]])
        paths = {k: [f.points for f in v] for k, v in fibres.items() if k.endswith(side)}

        minimus_paths = [_extend_origin(p, 12.0) for p in paths[f"gluteus_minimus_{side}"]]
        minimus = build_sheet(minimus_paths, SHAPES["gluteus_minimus"], skeleton, centre, TARGET_VOLUME_CM3["gluteus_minimus"])

        crest = iliac_crest(hip.points, lm["hip_centre"])
        medius_paths = [_from_crest(p, crest) for p in paths[f"gluteus_medius_{side}"]]
        medius = build_sheet(
            medius_paths, SHAPES["gluteus_medius"], pv.merge([skeleton, minimus]), centre, TARGET_VOLUME_CM3["gluteus_medius"]
        )

        piri_line = catmull_rom(paths[f"piriformis_{side}"][0], NT)
        t = np.linspace(0, 1, NT)
        piri_width = 34.0 * np.sin(np.pi * np.clip(0.08 + t, 0, 1)) ** 0.8 * (1 - 0.75 * t) + 4.0
        piriformis = build_spindle(
            piri_line, piri_width, 0.6 * piri_width, np.array([0.0, -1.0, 0.3]), skeleton, TARGET_VOLUME_CM3["piriformis"]
        )

        nerve = nerve_builder(side, piriformis)
        maximus_paths = paths[f"gluteus_maximus_{side}"]
        maximus = build_sheet(
            maximus_paths,
            SHAPES["gluteus_maximus"],
            pv.merge([skeleton, minimus, medius, piriformis, nerve]),
            centre,
            TARGET_VOLUME_CM3["gluteus_maximus"],
        )

        # TFL arises from the ASIS and the crest just behind it (the model's origin point sits
        # 25 mm further back, under the ventrogluteal V); it runs down in front of medius.
        tfl_path = paths[f"tensor_fasciae_latae_{side}"][0]
        tfl_start = lm["asis"] + np.array([side_sign(side) * 6.0, -6.0, -4.0])
        tfl_line = resample_polyline(np.array([tfl_start, tfl_start + 0.75 * (tfl_path[1] - tfl_path[0])]), NT)
        tfl_width = 12.0 + 30.0 * np.sin(np.pi * np.clip(t * 1.1, 0, 1)) ** 0.6
        s = side_sign(side)
        tfl = build_spindle(
            tfl_line,
            tfl_width,
            0.4 * tfl_width,
            np.array([s * 1.0, 0.6, 0.0]),
            pv.merge([skeleton, minimus, medius]),
            TARGET_VOLUME_CM3["tensor_fasciae_latae"],
        )
        out.update(
            {
                f"gluteus_minimus_{side}": minimus,
                f"gluteus_medius_{side}": medius,
                f"piriformis_{side}": piriformis,
                f"gluteus_maximus_{side}": maximus,
                f"tensor_fasciae_latae_{side}": tfl,
                f"sciatic_nerve_{side}": nerve,
            }
        )
    return out



def _extend_origin(path: np.ndarray, mm: float) -> np.ndarray:
    """Prepend a point ``mm`` before the origin, continuing the first segment backwards."""
    d = path[0] - path[1]
    return np.vstack([path[0] + d / np.linalg.norm(d) * mm, path])


def _from_crest(path: np.ndarray, crest: np.ndarray) -> np.ndarray:
    """Start a fibre just below the iliac crest point at the same anteroposterior position."""
    nearest = crest[np.argmin(np.abs(crest[:, 1] - path[0][1]))]
    start = nearest - np.array([0.0, 0.0, 8.0])
    return np.vstack([start, path])
