"""Needle planning: which layers a needle crosses, where its tip ends, how near the nerves.

Frame RAS, units mm. The body build enters through the fat: the deep surface of the fat (the
fascia over the muscles, from the atlas's fat shell) is fixed, and the skin sits the fat plus
``SKIN_MM`` outside it along the body's direction there. The fat is the subject's regional fat
scaled so that the chosen site's point has the setting (``body_build``). A needle enters the skin over a fascia point
and runs inward along the skin normal (optionally tilted toward the head).

Two distances to each nerve and artery are reported. The *needle* distance is from the needle
as inserted (entry to tip). The *line* distance (``axis_mm``) is from the needle's line continued
to 150 mm or to the first bone (no needle passes through bone); it does not depend on the
needle chosen. ``hazard_rules`` turns them into danger or caution per kind of structure.

The verdict, from most to least severe: ``incomplete`` (a structure the plan needs is missing:
never ``safe``), ``danger``, ``caution``, ``safe``. Every figure is an estimate from a generic
model, rounded to whole millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from explorer.atlas.structure import DISCLAIMER
from explorer.planning.body_build import SKIN_MM, BodyShape, Setting, barycentric, regional_fat
from explorer.planning.hazard_rules import OTHER, RULES, HazardRule, rule_for
from explorer.planning.line_layers import first_of, line_layers, tip_layer, whole_mm
from explorer.planning.requirements import Missing, missing_landmark, missing_structures
from explorer.planning.verdict import Hazard, verdict_and_reasons

AXIS_DEPTH_MM = 150.0
#: Structures near the buttock the model does not hold; the gluteal vessels and nerves are main
#: trunks only, without their branches, and each artery has one companion vein, not its pair.
NOT_MODELLED = (
    "branches of the gluteal vessels and nerves beyond their main trunks",
    "the second vein of each pair that accompanies an artery (one is drawn)",
)
ESTIMATE_NOTE = "Estimate from a generic anatomical model, for education and planning support only. " + DISCLAIMER
#: How finely the line is sampled for distances (mm).
PROFILE_STEP_MM = 0.5


@dataclass
class PlanningScene:
    """The geometry a plan needs, all closed surfaces in RAS mm; ``fascia`` None when the fat is missing."""

    fascia: pv.PolyData | None
    muscles: dict[str, pv.PolyData]
    bones: dict[str, pv.PolyData]
    #: Nerves and arteries: everything a needle must keep away from.
    nerves: dict[str, pv.PolyData]
    landmarks: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: The rule for each nerve or artery (the strictest for any not listed).
    rules: dict[str, HazardRule] = field(default_factory=dict)
    #: Side of each structure ('left', 'right'; absent or None: midline).
    sides: dict[str, str | None] = field(default_factory=dict)
    #: Required structures the scene does without.
    missing: list[Missing] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.fascia is not None:
            self.fascia = self.fascia.compute_normals(point_normals=True, cell_normals=False, auto_orient_normals=True)
        #: The subject's regional fat, when the fat shell carries it (else one thickness everywhere).
        self.body = BodyShape.of(self.fascia)
        self._trees = {}
        self._distance_functions = {}

    @classmethod
    def from_atlas(cls, atlas, loaded: dict[str, pv.PolyData] | None = None, failed: dict[str, str] | None = None) -> PlanningScene:
        """The atlas's meshes (``loaded`` ones reused, the rest read; ``failed``: id -> why a
        mesh could not be read); the fascia is the fat shell's inner surface. A mesh that
        cannot be read is left out and, if the planner needs it, listed in ``missing``."""
        from explorer.geometry.mesh_io import MeshError, load_mesh

        loaded, failed = dict(loaded or {}), dict(failed or {})
        for s in atlas:
            if s.mesh and s.id not in loaded and s.id not in failed:
                try:
                    loaded[s.id] = load_mesh(atlas.mesh_path(s))
                except MeshError as exc:
                    failed[s.id] = str(exc)

        def meshes(group):
            return {s.id: loaded[s.id] for s in atlas if s.group == group and s.id in loaded}

        hazards = meshes("nerve") | meshes("vessel")
        return cls(
            fascia=_fascia(loaded.get("subcutaneous_fat")),
            muscles=meshes("muscle"),
            bones=meshes("bone"),
            nerves=hazards,
            landmarks={side: {k: np.asarray(v, float) for k, v in lm.items()} for side, lm in atlas.landmarks.items()},
            names={s.id: s.display_name for s in atlas},
            rules={sid: rule_for(atlas[sid].base_id) for sid in hazards},
            sides={s.id: s.side for s in atlas},
            missing=missing_structures(atlas, failed),
        )

    def rule(self, nerve_id: str) -> HazardRule:
        return self.rules.get(nerve_id, OTHER)

    def side_of(self, point) -> str:
        """'left' or 'right' of the midline (halfway between the two sides' landmarks; x = 0 without them)."""
        x = float(np.asarray(point)[0])
        both = [np.vstack([np.reshape(v, (-1, 3)) for v in self.landmarks[s].values()])[:, 0].mean()
                for s in ("left", "right") if self.landmarks.get(s)]
        midline = float(np.mean(both)) if len(both) == 2 else 0.0
        return "right" if x >= midline else "left"

    def anchor(self, point) -> tuple[np.ndarray, np.ndarray]:
        """Closest fascia point to ``point`` and the outward direction there: the direction the
        body build moves the skin along where the mesh carries it, else the fascia's normal
        (interpolated across the triangle, so it turns smoothly from point to point)."""
        closest, corners, weights = self._on_fascia(point)
        normal = weights @ np.asarray(self.fascia.point_data["Normals"])[corners]
        if self.body is not None:
            along = weights @ self.body.direction[corners]
            # Inside the scene's caps the body does not move (no direction): the normal there.
            normal = along if np.linalg.norm(along) > 0.5 else normal
        return closest, normal / np.linalg.norm(normal)

    def fat_at(self, point, fat_mm: float, reference=None) -> float:
        """The fat (mm) over the fascia point nearest ``point`` in a build set to ``fat_mm`` at
        ``reference`` (a site's point): the subject's regional fat scaled as the body is drawn.
        Without a reference or without the subject's fat, ``fat_mm`` itself."""
        if reference is None or self.body is None:
            return float(fat_mm)
        _, corners, weights = self._on_fascia(point)
        # The subject's fat and room interpolated first, so the reference itself gets the setting exactly.
        here = [np.atleast_1d(weights @ values[corners]) for values in (self.body.subject_fat, self.body.room)]
        return float(regional_fat(*here, self.setting(fat_mm, reference))[0])

    def setting(self, fat_mm: float, reference) -> Setting:
        """The body build with ``fat_mm`` under ``reference`` (needs ``body``)."""
        return Setting(float(fat_mm), self.subject_fat_near(reference))

    def subject_fat_near(self, point) -> float:
        """The subject's own fat (mm) over the fascia point nearest ``point`` (needs ``body``)."""
        _, corners, weights = self._on_fascia(point)
        return float(weights @ self.body.subject_fat[corners])

    def _on_fascia(self, point) -> tuple[np.ndarray, list[int], np.ndarray]:
        """Closest fascia point, the corners of its triangle and their barycentric weights."""
        cell_id, closest = self.fascia.find_closest_cell(np.atleast_2d(point), return_closest_point=True)
        closest = closest[0]
        corners = list(self.fascia.get_cell(int(cell_id[0])).point_ids)
        a, b, c = np.asarray(self.fascia.points)[corners]
        return closest, corners, barycentric(closest, a, b, c)

    def risk_inputs(self) -> tuple[np.ndarray, np.ndarray, dict[tuple, list[pv.PolyData]], list[pv.PolyData]]:
        """What the risk map reads: fascia points and inward directions (copies), nerve and artery
        meshes by their rule's thresholds, bone meshes."""
        from explorer.planning.risk_map import thresholds_of

        hazards: dict[tuple, list[pv.PolyData]] = {}
        for sid, mesh in self.nerves.items():
            hazards.setdefault(thresholds_of(self.rule(sid)), []).append(mesh)
        points = np.array(self.fascia.points, float)
        # Along the direction a plan's needle takes there (the body build's, where the mesh has it).
        outward = np.array(self.fascia.point_data["Normals"], float)
        if self.body is not None:
            moving = np.linalg.norm(self.body.direction, axis=1) > 0.5  # inside the caps: the normal
            outward[moving] = self.body.direction[moving]
        return points, -outward, hazards, list(self.bones.values())

    def crossings(self, mesh_id: str, mesh: pv.PolyData, start: np.ndarray, end: np.ndarray) -> list[tuple[float, float]]:
        """(enter, exit) distances from ``start`` where the segment passes through a closed mesh
        (the segment's end is an exit when it ends inside)."""
        from explorer.geometry import vtk_api as vtk

        hits = vtk.vtkPoints()
        self._tree(mesh_id, mesh).IntersectWithLine(start, end, hits, None)
        ts = sorted(float(np.linalg.norm(np.array(hits.GetPoint(i)) - start)) for i in range(hits.GetNumberOfPoints()))
        ts = [t for i, t in enumerate(ts) if i == 0 or t - ts[i - 1] > 1e-6]  # drop duplicate hits on shared edges
        if len(ts) % 2:  # the segment ends inside the mesh
            ts.append(float(np.linalg.norm(np.asarray(end) - start)))
        return [(ts[i], ts[i + 1]) for i in range(0, len(ts) - 1, 2)]

    def _tree(self, mesh_id: str, mesh: pv.PolyData):
        """The mesh's OBB tree (for lines through it and points inside it), built once per mesh."""
        from explorer.geometry import vtk_api as vtk

        if mesh_id not in self._trees:
            tree = vtk.vtkOBBTree()
            tree.SetDataSet(mesh)
            tree.BuildLocator()
            self._trees[mesh_id] = tree
        return self._trees[mesh_id]

    def distances_to(self, nerve_id: str, points: np.ndarray) -> np.ndarray:
        """Distance (mm, 0 inside) from each point to a nerve's or artery's surface; the implicit
        distance function (with its cell locator) is built once per structure.

        VTK signs that distance by the normal at the nearest surface point, and where that point
        is a sharp vertex (a tube's tapered end) a point far outside can read as inside: a needle's
        line 178 mm from his left inferior gluteal vein read 0 mm from it. Only a point nearer
        than half the structure's least extent can lie inside it; those few are tested by casting
        rays, the rest keep the distance's magnitude."""
        from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy

        from explorer.geometry import vtk_api as vtk

        mesh = self.nerves[nerve_id]
        if nerve_id not in self._distance_functions:
            function = vtk.vtkImplicitPolyDataDistance()
            function.SetInput(mesh)
            self._distance_functions[nerve_id] = function
        out = vtk.vtkDoubleArray()
        self._distance_functions[nerve_id].FunctionValue(numpy_to_vtk(np.ascontiguousarray(points, float), deep=True), out)
        distance = np.abs(vtk_to_numpy(out))
        could_be_inside = np.flatnonzero(distance < 0.5 * np.min(np.ptp(np.reshape(mesh.bounds, (3, 2)), axis=1)))
        tree = self._tree(nerve_id, mesh)
        for i in could_be_inside:
            if tree.InsideOrOutside(points[i]) < 0:
                distance[i] = 0.0
        return distance


@dataclass
class Plan:
    """Everything the panel and ``anatomy-explorer plan`` report (mm, RAS). The verdict and
    what it lacks come first, as they are read first."""

    verdict: str
    missing: list[dict]
    reasons: list[str]
    site: str | None
    side: str | None
    entry_label: str
    entry_mm: list[float] | None
    direction: list[float] | None
    fat_mm: float
    needle_mm: float
    tilt_deg: float
    layers: list[dict]
    table_end_mm: int
    tip: dict | None
    tip_in: str | None
    depth_to_muscle_mm: int | None
    target_muscle: str | None
    muscle_thickness_mm: int | None
    reaches_muscle: bool
    reaches_bone: bool
    nerve_distances_mm: dict[str, dict]
    #: The rules applied, with their reasoning and sources.
    thresholds: list[dict] = field(default_factory=lambda: [rule.as_dict() for rule in RULES])
    not_modelled: list[str] = field(default_factory=lambda: list(NOT_MODELLED))
    note: str = ESTIMATE_NOTE

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def shown_layers(self) -> list[dict]:
        """The rows a reader needs: down to the tip and through the target muscle."""
        return [layer for layer in self.layers if layer["start_mm"] < self.table_end_mm]

    def nearest(self, all_sides: bool = False) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
        """(shown, folded): nerves and arteries nearest first; the other side's are folded away
        unless one of them is flagged or ``all_sides``."""
        shown, folded = [], []
        for sid, d in self.nerve_distances_mm.items():
            (shown if all_sides or d["same_side"] or d["level"] != "clear" else folded).append((sid, d))
        return shown, folded


def plan_site(scene: PlanningScene, site: str, side: str, fat_mm: float, needle_mm: float, tilt_deg: float = 0.0) -> Plan:
    """Plan at a method's recommended point ('ventrogluteal' or 'dorsogluteal')."""
    lacking = missing_landmark(scene.landmarks, site, side)
    if lacking is not None:
        return _without_geometry(scene, [lacking], fat_mm, needle_mm, tilt_deg, site, side)
    point = scene.landmarks[side][f"{site}_point"]
    plan = plan_needle(scene, point, fat_mm, needle_mm, tilt_deg, reference=point)
    plan.site, plan.side, plan.entry_label = site, side, f"{site} / {side}"
    return plan


def plan_needle(scene: PlanningScene, near_point, fat_mm: float, needle_mm: float, tilt_deg: float = 0.0,
                reference=None) -> Plan:
    """A needle entering the skin over the fascia point nearest ``near_point`` (a picked point).

    ``tilt_deg`` tilts the needle from the skin normal toward the head (superior). ``fat_mm`` is
    the fat under ``reference`` (the chosen site's point); the fat under the entry follows the
    subject's regional fat (``PlanningScene.fat_at``). Without a reference it is the fat here.
    """
    side = scene.side_of(near_point)
    if scene.fascia is None:
        return _without_geometry(scene, [], fat_mm, needle_mm, tilt_deg, None, side)
    fat_mm = scene.fat_at(near_point, fat_mm, reference)
    anchor, normal = scene.anchor(near_point)
    entry = anchor + normal * (fat_mm + SKIN_MM)
    direction = _tilted(-normal, tilt_deg)
    far = entry + direction * AXIS_DEPTH_MM
    # Skin and fat lie parallel to the fascia (the body build offsets it along its normal), so a
    # tilted needle crosses them obliquely: 1/cos(tilt) times their thickness.
    slant = 1.0 / max(float(-normal @ direction), 0.1)
    fascia = (fat_mm + SKIN_MM) * slant
    crossings = [(s, e, sid, kind) for kind, group in (("muscle", scene.muscles), ("bone", scene.bones))
                 for sid, mesh in group.items() for s, e in scene.crossings(sid, mesh, entry, far)]
    layers = line_layers(SKIN_MM * slant, fascia, crossings, AXIS_DEPTH_MM, scene.names)
    tip = tip_layer(layers, needle_mm)
    bone = first_of(layers, "bone")
    # The line stops at bone: no needle passes through the ilium into the pelvis.
    line_end = float(bone.start_mm) if bone else AXIS_DEPTH_MM
    hazards = _hazards(scene, entry, direction, needle_mm, line_end, side)
    muscle = first_of(layers, "muscle")
    verdict, reasons = verdict_and_reasons(scene.missing, tip, hazards, needle_mm, muscle)
    return Plan(
        verdict=verdict,
        missing=[m.as_dict() for m in scene.missing],
        reasons=reasons,
        site=None,
        side=side,
        entry_label=f"picked point / {side}",
        entry_mm=np.round(entry, 1).tolist(),
        direction=np.round(direction, 4).tolist(),
        fat_mm=float(fat_mm),
        needle_mm=float(needle_mm),
        tilt_deg=float(tilt_deg),
        layers=[layer.as_dict() for layer in layers],
        # Down to the tip and its own row (rounding can leave a tip just inside the next row) and through the target muscle.
        table_end_mm=max(whole_mm(needle_mm), muscle.end_mm if muscle else 0, tip.start_mm + 1 if tip.kind != "beyond" else 0),
        tip={"kind": tip.kind, "name": tip.name, "structure_id": tip.structure_id, "depth_mm": whole_mm(needle_mm)},
        tip_in=tip.name,
        depth_to_muscle_mm=muscle.start_mm if muscle else None,
        target_muscle=muscle.structure_id if muscle else None,
        muscle_thickness_mm=muscle.thickness_mm if muscle else None,
        reaches_muscle=bool(muscle and needle_mm > muscle.start_mm),
        reaches_bone=tip.kind == "bone",
        nerve_distances_mm={h.id: h.as_dict() for h in hazards},
        thresholds=[rule.as_dict() for rule in RULES + tuple({h.rule for h in hazards} - set(RULES))],
    )


def _hazards(scene: PlanningScene, entry, direction, needle_mm: float, line_end: float, side: str) -> list[Hazard]:
    """Each nerve and artery: nearest to the needle and to its line, sorted nearest first."""
    inserted = min(needle_mm, line_end)
    steps = np.union1d(np.arange(0.0, line_end, PROFILE_STEP_MM), [inserted, line_end])
    samples = entry + np.outer(steps, direction)
    hazards = []
    for sid in scene.nerves:
        profile = scene.distances_to(sid, samples)
        nearest = int(np.argmin(profile))
        hazards.append(Hazard(
            id=sid, name=scene.names.get(sid, sid), rule=scene.rule(sid), side=scene.sides.get(sid),
            same_side=scene.sides.get(sid) in (None, side),
            needle_mm=whole_mm(float(profile[steps <= inserted].min())), axis_mm=whole_mm(float(profile[nearest])),
            beyond_tip_mm=max(0, whole_mm(float(steps[nearest]) - needle_mm)),
        ))
    return sorted(hazards, key=lambda h: (h.needle_mm, h.axis_mm, h.name))


def _without_geometry(scene, lacking: list[Missing], fat_mm, needle_mm, tilt_deg, site, side) -> Plan:
    """A plan that cannot place the needle (no fascia or no site point): incomplete, nothing measured."""
    missing = [*scene.missing, *lacking]
    verdict, reasons = verdict_and_reasons(missing, None, [], needle_mm, None)
    label = f"{site} / {side}" if site else f"picked point / {side}"
    return Plan(verdict, [m.as_dict() for m in missing], reasons, site, side, label, None, None, float(fat_mm), float(needle_mm),
                float(tilt_deg), [], 0, None, None, None, None, None, False, False, {})


def _fascia(fat: pv.PolyData | None) -> pv.PolyData | None:
    """The inner surface of the fat shell (its smallest closed part); None without the fat."""
    if fat is None:
        return None
    parts = fat.connectivity("all").split_bodies()
    inner = min((p.extract_surface(algorithm=None) for p in parts), key=lambda p: p.length)
    return inner.triangulate().clean()


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
