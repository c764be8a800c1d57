"""Risk map: the plan's nerve-and-artery rule applied at every skin point, to a needle
perpendicular to the skin.

The work is split so that a new needle or body build costs milliseconds:

- ``ray_profiles`` (once per scene, well under a second): for every fascia point, along its
  inward normal, how near each kind of nerve or artery comes down to every depth (a running
  minimum), and where the line meets bone. None of this depends on the fat or the needle: the
  fat only moves the skin outward along the same line, and the needle only sets how deep it
  reaches. It has two parts, so a window can stay responsive: ``grid_steps`` (VTK filters, one
  short step at a time, on the thread that renders) and ``sample_profiles`` (numpy only, in a
  worker thread).
- ``skin_risk``: reads those profiles at the depths a given fat and needle reach and applies
  ``hazard_rules``, giving each skin point danger, caution or clear.

Distances come from a distance grid (``VOXEL_MM``): each kind's meshes are voxelised (inside and
surface) and VTK's Euclidean distance transform gives every voxel its distance. Read at the
nearest voxel along lines sampled every ``STEP_MM``, a distance can be off by up to
``margin_mm``; the map subtracts that margin before applying the rule, so near a border it
shows the more severe colour, never a milder one than the plan at that point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

VOXEL_MM = 2.0
STEP_MM = 1.5
#: Beyond this (mm) no rule cares how far a structure is (the widest, 30 mm, plus the map's
#: margin); the grid stops here.
CAP_MM = 36.0
LEVEL_NAMES = ("clear", "caution", "danger")


@dataclass
class RayProfiles:
    """Per fascia point (row) and depth below it (column, ``step_mm`` apart)."""

    step_mm: float
    margin_mm: float
    #: Thresholds (needle danger, line danger or None, line caution; mm) -> running minimum
    #: distance (mm) from depth 0 down to each column, to the structures under those thresholds.
    nearest: dict[tuple, np.ndarray]
    #: Depth below the fascia (mm) where the line enters bone; inf where it meets none.
    bone_depth_mm: np.ndarray


def thresholds_of(rule) -> tuple:
    """The numbers of a HazardRule the map needs: kinds sharing them share one distance grid."""
    return rule.needle_danger_mm, rule.line_danger_mm, rule.line_caution_mm


@dataclass
class DistanceGrids:
    """What the lines are sampled in: plain numpy arrays, safe to hand to another thread."""

    origin: np.ndarray
    dims: np.ndarray
    #: Thresholds -> distance (mm, capped at CAP_MM) from each voxel to those structures.
    fields: dict[tuple, np.ndarray]
    #: Voxels inside bone (a voxel deep).
    bone: np.ndarray


def ray_profiles(origins: np.ndarray, inward: np.ndarray, hazards: dict[tuple, list], bones: list, depth_mm: float,
                 progress=None) -> RayProfiles:
    """Profiles for lines from ``origins`` (fascia points, RAS mm) along ``inward`` (unit normals).

    ``hazards``: thresholds (``thresholds_of``) -> closed meshes under them; ``bones``: closed
    meshes that stop the line; ``depth_mm``: how deep below the fascia a line can matter.
    ``progress(done, total)`` is called after each step.
    """
    steps = grid_steps(hazards, bones)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as finished:
            grids = finished.value
            break
        if progress:
            progress(done, total + 1)
    profiles = sample_profiles(origins, inward, grids, depth_mm)
    if progress:
        progress(total + 1, total + 1)
    return profiles


def grid_steps(hazards: dict[tuple, list], bones: list):
    """Build the DistanceGrids one VTK call at a time: a generator of (done, total) whose return
    value is the grids, so a window can run one step per turn of its event loop. (VTK objects
    are made and freed here, so this runs on the thread that renders; VTK's Python wrappers hold
    the GIL while its garbage collector's lock is taken, and the two threads would wait on each
    other.)"""
    import pyvista as pv

    everything = [m for meshes in hazards.values() for m in meshes]
    grid = _Grid(pv.merge(everything).bounds if everything else (0, 1, 0, 1, 0, 1), CAP_MM + VOXEL_MM)
    solids = {key: np.zeros(grid.shape, bool) for key in hazards}
    bone = np.zeros(grid.shape, bool)
    jobs = [(solids[key], mesh, True) for key, meshes in hazards.items() for mesh in meshes]
    jobs += [(bone, mesh, False) for mesh in bones]
    total = len(jobs) + len(solids)
    for done, (target, mesh, mark_surface) in enumerate(jobs, start=1):
        grid.mark(target, mesh, mark_surface)
        yield done, total
    fields = {}
    for done, (key, solid) in enumerate(solids.items(), start=len(jobs) + 1):
        fields[key] = grid.distance(solid)
        yield done, total
    # Bone only a voxel deep inside it: a line that grazes a bone goes on, and one stopped too
    # late errs on the safe side. (Erosion also clears the grid's edge, which stands for outside.)
    return DistanceGrids(grid.origin.copy(), grid.dims.copy(), fields, _eroded(bone))


def sample_profiles(origins: np.ndarray, inward: np.ndarray, grids: DistanceGrids, depth_mm: float) -> RayProfiles:
    """Read the grids along every line (numpy only: this part may run in a worker thread)."""
    grid = _Grid.from_grids(grids)
    depths = np.arange(0.0, depth_mm + STEP_MM, STEP_MM, dtype=np.float32)
    nearest = {key: np.empty((len(origins), len(depths)), np.float32) for key in grids.fields}
    bone_depth = np.full(len(origins), np.inf)
    origins, inward = np.asarray(origins, np.float32), np.asarray(inward, np.float32)
    bone = grids.bone.ravel()
    fields = {key: field.ravel() for key, field in grids.fields.items()}
    for start in range(0, len(origins), 1024):
        rows = slice(start, start + 1024)
        samples = origins[rows, None, :] + inward[rows, None, :] * depths[None, :, None]
        index = grid.clipped_index(samples)  # outside the grid: its edge (no bone, no structure within the cap)
        in_bone = bone[index]
        hit = in_bone.any(axis=1)
        bone_depth[rows][hit] = depths[in_bone.argmax(axis=1)[hit]]
        for key, field in fields.items():
            nearest[key][rows] = np.minimum.accumulate(field[index], axis=1)
    # The stencil and the nearest voxel each misplace a surface by up to half a voxel's diagonal;
    # sampling the line misses its nearest point by up to half a step.
    margin = VOXEL_MM * math.sqrt(3) + STEP_MM / 2
    return RayProfiles(STEP_MM, round(margin, 1), nearest, bone_depth)


def skin_risk(profiles: RayProfiles, fat_mm: float, needle_mm: float, skin_mm: float,
              axis_depth_mm: float) -> tuple[np.ndarray, np.ndarray]:
    """(level, needle distance) per fascia point: level 0 clear, 1 caution, 2 danger
    (``LEVEL_NAMES``); the needle distance (mm, conservative) to the nearest nerve or artery.

    The needle enters ``fat_mm + skin_mm`` above the fascia (``fat_mm``: one value, or one per point)
    and reaches ``needle_mm`` from the skin; its line ``axis_depth_mm`` or to bone, as in the plan.
    """
    step, margin = profiles.step_mm, profiles.margin_mm
    columns = next(iter(profiles.nearest.values())).shape[1] if profiles.nearest else 1
    above = np.asarray(fat_mm, float) + skin_mm  # one thickness, or one per point (a regional body build)
    rows = np.arange(len(profiles.bone_depth_mm))
    tip = np.broadcast_to(np.clip(np.floor((needle_mm - above) / step), 0, columns - 1).astype(int), rows.shape)
    # The line stops at bone; the bone's voxels can be misplaced too, so the line goes a margin further.
    line_end = np.minimum((axis_depth_mm - above), profiles.bone_depth_mm + margin)
    line = np.clip(np.floor(line_end / step), 0, columns - 1).astype(int)
    level = np.zeros(len(line), np.int8)
    needle_distance = np.full(len(line), CAP_MM, np.float32)
    for (needle_danger, line_danger, line_caution), nearest in profiles.nearest.items():
        at_needle = nearest[rows, tip] - margin
        along_line = nearest[rows, line] - margin
        needle_distance = np.minimum(needle_distance, np.maximum(at_needle, 0.0))
        danger = at_needle <= needle_danger
        if line_danger is not None:
            danger |= along_line <= line_danger
        caution = along_line <= line_caution
        level = np.maximum(level, np.where(danger, 2, np.where(caution, 1, 0)).astype(np.int8))
    return level, needle_distance


def _eroded(solid: np.ndarray) -> np.ndarray:
    """Voxels whose six neighbours are solid too (none on the grid's edge)."""
    core = np.zeros_like(solid)
    core[1:-1, 1:-1, 1:-1] = solid[1:-1, 1:-1, 1:-1]
    for axis in range(3):
        for shift in (1, -1):
            core &= np.roll(solid, shift, axis=axis)
    return core


class _Grid:
    """A box of cubic voxels (``VOXEL_MM``) around the given bounds, grown by ``pad`` mm."""

    def __init__(self, bounds, pad: float):
        b = np.asarray(bounds, float)
        self.origin = b[0::2] - pad
        self.dims = np.ceil((b[1::2] + pad - self.origin) / VOXEL_MM).astype(int) + 1
        self.shape = tuple(self.dims[::-1])  # numpy order: z, y, x

    @classmethod
    def from_grids(cls, grids: DistanceGrids) -> _Grid:
        grid = cls.__new__(cls)
        grid.origin, grid.dims = grids.origin, grids.dims
        grid.shape = tuple(grid.dims[::-1])
        return grid

    def mark(self, solid: np.ndarray, mesh, mark_surface: bool) -> None:
        """Set the voxels whose centre lies inside the closed mesh and (``mark_surface``) those
        that hold one of its surface points (a thin structure may hold no voxel centre)."""
        from vtkmodules.util.numpy_support import vtk_to_numpy

        from explorer.geometry import vtk_api as vtk

        # Only the block of voxels around the mesh is voxelised, then put in place.
        b = np.asarray(mesh.bounds, float)
        lo = np.clip(np.floor((b[0::2] - self.origin) / VOXEL_MM).astype(int) - 1, 0, self.dims - 1)
        hi = np.clip(np.ceil((b[1::2] - self.origin) / VOXEL_MM).astype(int) + 1, 0, self.dims - 1)
        if np.any(hi <= lo):
            return  # outside the grid
        stencil = vtk.vtkPolyDataToImageStencil()
        stencil.SetInputData(mesh)
        stencil.SetOutputOrigin(*self.origin)
        stencil.SetOutputSpacing(VOXEL_MM, VOXEL_MM, VOXEL_MM)
        stencil.SetOutputWholeExtent(int(lo[0]), int(hi[0]), int(lo[1]), int(hi[1]), int(lo[2]), int(hi[2]))
        image = vtk.vtkImageStencilToImage()
        image.SetInputConnection(stencil.GetOutputPort())
        image.SetInsideValue(1)
        image.SetOutsideValue(0)
        image.SetOutputScalarTypeToUnsignedChar()
        image.Update()
        block = vtk_to_numpy(image.GetOutput().GetPointData().GetScalars()).reshape(tuple((hi - lo + 1)[::-1]))
        solid[lo[2]:hi[2] + 1, lo[1]:hi[1] + 1, lo[0]:hi[0] + 1] |= block.astype(bool)
        if mark_surface:
            index, inside_grid = self.index(np.asarray(mesh.points, np.float32))
            solid.ravel()[index[inside_grid]] = True

    def distance(self, solid: np.ndarray) -> np.ndarray:
        """Distance (mm) from each voxel centre to the nearest solid voxel, up to CAP_MM."""
        from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy

        from explorer.geometry import vtk_api as vtk

        image = vtk.vtkImageData()
        image.SetDimensions(*(int(d) for d in self.dims))
        image.SetSpacing(VOXEL_MM, VOXEL_MM, VOXEL_MM)
        image.SetOrigin(*self.origin)
        image.GetPointData().SetScalars(numpy_to_vtk((~solid).astype(np.uint8).ravel(), deep=True))
        transform = vtk.vtkImageEuclideanDistance()
        transform.SetInputData(image)
        transform.InitializeOn()  # 0-valued voxels are the objects
        transform.ConsiderAnisotropyOff()  # distances in voxels (the voxels are cubes)
        transform.SetAlgorithmToSaito()  # measured faster here than the cached variant
        transform.SetMaximumDistance((CAP_MM / VOXEL_MM + 2) ** 2)
        transform.Update()
        # In place on VTK's float64 output (~30 MB a field), then one float32 copy that no VTK
        # array stands behind: every temporary would add another 30 MB to the app's peak memory.
        distance = vtk_to_numpy(transform.GetOutput().GetPointData().GetScalars()).reshape(self.shape)
        np.sqrt(distance, out=distance)
        distance *= VOXEL_MM
        np.minimum(distance, CAP_MM, out=distance)
        return distance.astype(np.float32)

    def clipped_index(self, points: np.ndarray) -> np.ndarray:
        """Flat index of each point's nearest voxel, points outside taken to the grid's edge."""
        ijk = np.rint((points - self.origin.astype(np.float32)) / np.float32(VOXEL_MM)).astype(np.int32)
        np.clip(ijk, 0, (self.dims - 1).astype(np.int32), out=ijk)
        return (ijk[..., 2] * int(self.dims[1]) + ijk[..., 1]) * int(self.dims[0]) + ijk[..., 0]

    def index(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat index of each point's nearest voxel, and whether it lies in the grid."""
        ijk = np.rint((points - self.origin.astype(np.float32)) / np.float32(VOXEL_MM)).astype(np.int64)
        inside = np.all((ijk >= 0) & (ijk < self.dims), axis=-1)
        ijk = np.where(inside[..., None], ijk, 0)
        return (ijk[..., 2] * self.dims[1] + ijk[..., 1]) * self.dims[0] + ijk[..., 0], inside
