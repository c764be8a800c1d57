"""Needle planning: which layers a needle crosses, where its tip ends, how near the nerves.

Frame RAS, units mm. The body build enters through the fat: the deep surface of the fat (the
fascia over the muscles, from the atlas's fat shell) is fixed, and the skin sits ``fat_mm +
SKIN_MM`` outside it along the fascia's normal. A needle enters the skin over a fascia point
and runs inward along the skin normal (optionally tilted).

Two distances to each nerve are reported. The *needle* distance is from the needle as
inserted (entry to tip). The *axis* distance is from the needle's line continued to 150 mm
or to the first bone (no needle passes through bone), which does not depend on the needle chosen: a nerve under the site is a danger whatever
needle is used, because depth is easy to misjudge. The verdict combines both with the
thresholds in ``THRESHOLDS``, and every figure is an estimate from a generic model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pyvista as pv

from explorer.atlas.structure import DISCLAIMER
from explorer.planning.body_build import SKIN_MM

AXIS_DEPTH_MM = 150.0
THRESHOLDS = {
    "danger_axis_mm": 15.0,  # the needle's line passes this close to the sciatic nerve: danger
    "danger_needle_mm": 10.0,  # the needle itself comes this close to a nerve or artery: danger
    "caution_axis_mm": 30.0,  # the line passes this close to a nerve or artery: caution
}
#: Where the line alone (a needle pushed deeper than planned) is danger: the sciatic nerve, the
#: nerve injections are known to injure. The gluteal vessels and nerves lie on the bone under
#: the whole upper buttock, so for them the line gives caution, the needle itself danger.
LINE_DANGER_BASE_IDS = ("sciatic_nerve",)
#: Structures near the buttock the model does not hold; the gluteal vessels and nerves are main
#: trunks only, without their branches.
NOT_MODELLED = (
    "branches of the gluteal vessels and nerves beyond their main trunks",
    "posterior femoral cutaneous nerve",
    "pudendal nerve and internal pudendal vessels",
)
ESTIMATE_NOTE = "Estimate from a generic anatomical model, for education and planning support only. " + DISCLAIMER


@dataclass
class PlanningScene:
    """The geometry a plan needs, all closed surfaces in RAS mm."""

    fascia: pv.PolyData
    muscles: dict[str, pv.PolyData]
    bones: dict[str, pv.PolyData]
    #: Nerves and arteries: everything a needle must keep away from.
    nerves: dict[str, pv.PolyData]
    landmarks: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: Nerves for which the line passing within ``danger_axis_mm`` is danger (None: all of them).
    line_danger: frozenset[str] | None = None

    def __post_init__(self) -> None:
        self.fascia = self.fascia.compute_normals(cell_normals=True, point_normals=False, auto_orient_normals=True)
        self._trees = {}
        self._distance_functions = {}

    @classmethod
    def from_atlas(cls, atlas, loaded: dict[str, pv.PolyData] | None = None) -> PlanningScene:
        """The atlas's meshes (``loaded`` ones reused, the rest read); the fascia is the fat
        shell's inner surface."""
        from explorer.geometry.mesh_io import load_mesh

        loaded = loaded or {}

        def mesh(s):
            return loaded[s.id] if s.id in loaded else load_mesh(atlas.mesh_path(s))

        def meshes(group):
            return {s.id: mesh(s) for s in atlas if s.group == group and s.mesh}

        fat = mesh(atlas["subcutaneous_fat"])
        parts = fat.connectivity("all").split_bodies()
        inner = min((p.extract_surface(algorithm=None) for p in parts), key=lambda p: p.length)
        landmarks = {side: {k: np.asarray(v, float) for k, v in lm.items()} for side, lm in atlas.landmarks.items()}
        return cls(
            fascia=inner.triangulate().clean(),
            muscles=meshes("muscle"),
            bones=meshes("bone"),
            nerves=meshes("nerve") | meshes("vessel"),
            landmarks=landmarks,
            names={s.id: s.display_name for s in atlas},
            line_danger=frozenset(s.id for s in atlas if s.base_id in LINE_DANGER_BASE_IDS),
        )

    def anchor(self, point) -> tuple[np.ndarray, np.ndarray]:
        """Closest fascia point to ``point`` and the fascia's outward normal there."""
        cell, closest = self.fascia.find_closest_cell(np.atleast_2d(point), return_closest_point=True)
        return closest[0], np.asarray(self.fascia.cell_data["Normals"][cell[0]], float)

    def crossings(self, mesh_id: str, mesh: pv.PolyData, start: np.ndarray, end: np.ndarray) -> list[tuple[float, float]]:
        """(enter, exit) distances from ``start`` where the segment passes through a closed mesh."""
        from explorer.geometry import vtk_api as vtk

        if mesh_id not in self._trees:
            tree = vtk.vtkOBBTree()
            tree.SetDataSet(mesh)
            tree.BuildLocator()
            self._trees[mesh_id] = tree
        hits = vtk.vtkPoints()
        self._trees[mesh_id].IntersectWithLine(start, end, hits, None)
        ts = sorted(float(np.linalg.norm(np.array(hits.GetPoint(i)) - start)) for i in range(hits.GetNumberOfPoints()))
        ts = [t for i, t in enumerate(ts) if i == 0 or t - ts[i - 1] > 1e-6]  # drop duplicate hits on shared edges
        return [(ts[i], ts[i + 1]) for i in range(0, len(ts) - 1, 2)]

    def distances_to(self, nerve_id: str, points: np.ndarray) -> np.ndarray:
        """Distance (mm, 0 inside) from each point to a nerve's or artery's surface; the implicit
        distance function (with its cell locator) is built once per structure."""
        from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy

        from explorer.geometry import vtk_api as vtk

        if nerve_id not in self._distance_functions:
            function = vtk.vtkImplicitPolyDataDistance()
            function.SetInput(self.nerves[nerve_id])
            self._distance_functions[nerve_id] = function
        out = vtk.vtkDoubleArray()
        self._distance_functions[nerve_id].FunctionValue(numpy_to_vtk(np.ascontiguousarray(points, float), deep=True), out)
        return np.maximum(vtk_to_numpy(out), 0.0)


@dataclass(frozen=True)
class Layer:
    name: str
    structure_id: str | None
    start_mm: float
    end_mm: float

    @property
    def thickness_mm(self) -> float:
        return round(self.end_mm - self.start_mm, 1)


@dataclass
class Plan:
    """Everything the panel and ``anatomy-explorer plan`` report (mm, RAS)."""

    entry_mm: list[float]
    direction: list[float]
    fat_mm: float
    needle_mm: float
    layers: list[dict]
    depth_to_muscle_mm: float | None
    target_muscle: str | None
    muscle_thickness_mm: float | None
    reaches_muscle: bool
    tip_in: str
    reaches_bone: bool
    nerve_distances_mm: dict[str, dict[str, float]]
    not_modelled: list[str]
    verdict: str
    reasons: list[str]
    thresholds: dict[str, float] = field(default_factory=lambda: dict(THRESHOLDS))
    note: str = ESTIMATE_NOTE
    site: str | None = None
    side: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def plan_site(scene: PlanningScene, site: str, side: str, fat_mm: float, needle_mm: float, tilt_deg: float = 0.0) -> Plan:
    """Plan at a method's recommended point ('ventrogluteal' or 'dorsogluteal')."""
    point = scene.landmarks[side][f"{site}_point"]
    plan = plan_needle(scene, point, fat_mm, needle_mm, tilt_deg)
    plan.site, plan.side = site, side
    return plan


def plan_needle(scene: PlanningScene, near_point, fat_mm: float, needle_mm: float, tilt_deg: float = 0.0) -> Plan:
    """A needle entering the skin over the fascia point nearest ``near_point``.

    ``tilt_deg`` tilts the needle from the skin normal toward the head (superior).
    """
    anchor, normal = scene.anchor(near_point)
    entry = anchor + normal * (fat_mm + SKIN_MM)
    direction = _tilted(-normal, tilt_deg)
    far = entry + direction * AXIS_DEPTH_MM
    layers = [Layer("skin", "skin", 0.0, SKIN_MM), Layer("subcutaneous fat", "subcutaneous_fat", SKIN_MM, SKIN_MM + fat_mm)]
    for group in (scene.muscles, scene.bones):
        for sid, mesh in group.items():
            for start, end in scene.crossings(sid, mesh, entry, far):
                layers.append(Layer(scene.names.get(sid, sid), sid, round(start, 1), round(end, 1)))
    layers.sort(key=lambda layer: layer.start_mm)
    muscle_layers = [lay for lay in layers if lay.structure_id in scene.muscles]
    first_muscle = muscle_layers[0] if muscle_layers else None
    bone_layers = [lay for lay in layers if lay.structure_id in scene.bones]
    tip_in = next(
        (lay.name for lay in reversed(layers) if lay.start_mm <= needle_mm <= lay.end_mm), "deep fascia and connective tissue"
    )
    # The line stops at bone: no needle passes through the ilium into the pelvis.
    axis_mm = min([AXIS_DEPTH_MM] + [lay.start_mm for lay in bone_layers])
    # One profile along the line (every 0.5 mm, plus the needle's tip) serves both distances.
    inserted = min(needle_mm, axis_mm)
    steps = np.union1d(np.arange(0.0, axis_mm, 0.5), [inserted, axis_mm])
    samples = entry + np.outer(steps, direction)
    distances = {}
    for sid in scene.nerves:
        profile = scene.distances_to(sid, samples)
        distances[sid] = {"needle_mm": round(float(profile[steps <= inserted].min()), 1), "axis_mm": round(float(profile.min()), 1)}
    line_danger = scene.line_danger if scene.line_danger is not None else frozenset(scene.nerves)
    verdict, reasons = _verdict(distances, first_muscle, needle_mm, bone_layers, scene.names, line_danger)
    return Plan(
        entry_mm=np.round(entry, 1).tolist(),
        direction=np.round(direction, 4).tolist(),
        fat_mm=float(fat_mm),
        needle_mm=float(needle_mm),
        layers=[{**asdict(lay), "thickness_mm": lay.thickness_mm} for lay in layers if lay.start_mm < AXIS_DEPTH_MM],
        depth_to_muscle_mm=first_muscle.start_mm if first_muscle else None,
        target_muscle=first_muscle.structure_id if first_muscle else None,
        muscle_thickness_mm=first_muscle.thickness_mm if first_muscle else None,
        reaches_muscle=bool(first_muscle and needle_mm > first_muscle.start_mm),
        tip_in=tip_in,
        reaches_bone=bool(bone_layers and needle_mm >= bone_layers[0].start_mm),
        nerve_distances_mm=distances,
        not_modelled=list(NOT_MODELLED),
        verdict=verdict,
        reasons=reasons,
    )


def _tilted(direction: np.ndarray, tilt_deg: float) -> np.ndarray:
    if not tilt_deg:
        return direction / np.linalg.norm(direction)
    up = np.array([0.0, 0.0, 1.0])
    axis = np.cross(direction, up)
    if np.linalg.norm(axis) < 1e-6:
        return direction / np.linalg.norm(direction)
    axis /= np.linalg.norm(axis)
    a = np.radians(tilt_deg)
    rotated = direction * np.cos(a) + np.cross(axis, direction) * np.sin(a) + axis * (axis @ direction) * (1 - np.cos(a))
    return rotated / np.linalg.norm(rotated)


def _verdict(distances, first_muscle, needle_mm, bone_layers, names, line_danger) -> tuple[str, list[str]]:
    t = THRESHOLDS
    reasons = []
    danger = caution = False
    for sid, d in distances.items():
        name = names.get(sid, sid)
        if d["needle_mm"] < t["danger_needle_mm"]:
            danger = True
            reasons.append(f"{name}: {d['needle_mm']} mm from the needle (danger under {t['danger_needle_mm']:.0f} mm)")
        elif sid in line_danger and d["axis_mm"] < t["danger_axis_mm"]:
            danger = True
            reasons.append(f"{name}: {d['axis_mm']} mm from the needle's line (danger under {t['danger_axis_mm']:.0f} mm)")
        elif d["axis_mm"] < t["caution_axis_mm"]:
            caution = True
            reasons.append(f"{name}: {d['axis_mm']} mm from the needle's line (caution under {t['caution_axis_mm']:.0f} mm)")
    if first_muscle is None or needle_mm <= first_muscle.start_mm:
        caution = True
        reasons.append("the needle ends before muscle (in skin or fat): the injection would not be intramuscular")
    if bone_layers and needle_mm >= bone_layers[0].start_mm:
        caution = True
        reasons.append(f"the needle reaches bone ({bone_layers[0].name}) at {bone_layers[0].start_mm} mm")
    if not reasons:
        reasons.append(f"every modelled nerve and artery is at least {t['caution_axis_mm']:.0f} mm from the needle's line and the tip ends in muscle")
    return ("danger" if danger else "caution" if caution else "safe"), reasons
