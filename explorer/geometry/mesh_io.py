"""Reading atlas meshes safely, and the measurements the CLI and panel report.

A mesh is refused with a clear message naming the file when it is not a VTK XML PolyData file,
is truncated or corrupt, is empty, holds NaN or infinite coordinates, or lies absurdly far
outside the region; the app then skips that structure and lists the problem instead of
crashing. VTK reports read errors through events rather than exceptions, so observers collect
them, and VTK's own console output is silenced while reading.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

#: Anything farther than this from the origin (mm) is not part of a pelvis standing on a floor.
REGION_LIMIT_MM = 3000.0
#: Larger files are refused before parsing: the shipped ones are under 1 MB.
MAX_MESH_BYTES = 200 * 1024 * 1024
_SIGNATURES = (b"<?xml", b"<VTKFile")


class MeshError(Exception):
    """A mesh file that cannot be used; the message names the file."""


def load_mesh(path: Path) -> pv.PolyData:
    """Read a .vtp mesh and check it is a usable surface in the region."""
    from explorer.geometry import vtk_api as vtk

    path = Path(path)
    if not path.is_file():
        raise MeshError(f"{path}: mesh file not found")
    size = path.stat().st_size
    if size > MAX_MESH_BYTES:
        raise MeshError(f"{path}: mesh file is {size} bytes; the limit is {MAX_MESH_BYTES}")
    with open(path, "rb") as handle:
        head = handle.read(64).lstrip()
    if not head.startswith(_SIGNATURES):
        raise MeshError(f"{path}: not a VTK XML PolyData (.vtp) file")
    errors: list[str] = []
    reader = vtk.vtkXMLPolyDataReader()
    reader.SetFileName(str(path))
    for source in (reader, reader.GetExecutive()):
        source.AddObserver("ErrorEvent", lambda *_args: errors.append("error"))
    with _vtk_messages_silenced():
        reader.Update()
    if errors or reader.GetErrorCode():
        raise MeshError(f"{path}: cannot be read as a mesh (truncated or corrupt file)")
    mesh = pv.wrap(reader.GetOutput())
    if mesh.n_points == 0 or mesh.n_cells == 0:
        raise MeshError(f"{path}: mesh is empty")
    points = np.asarray(mesh.points)
    if not np.isfinite(points).all():
        raise MeshError(f"{path}: mesh has NaN or infinite coordinates")
    if np.abs(points).max() > REGION_LIMIT_MM:
        raise MeshError(f"{path}: mesh lies {np.abs(points).max():.0f} mm from the origin, outside the region")
    return mesh


@contextmanager
def _vtk_messages_silenced():
    """Keep VTK's parser errors off stderr and the Python log; MeshError reports them."""
    from explorer.geometry import vtk_api as vtk

    window = vtk.vtkOutputWindow.GetInstance()
    vtk.vtkOutputWindow.SetInstance(vtk.vtkStringOutputWindow())
    verbosity = vtk.vtkLogger.GetCurrentVerbosityCutoff()
    vtk.vtkLogger.SetStderrVerbosity(vtk.vtkLogger.VERBOSITY_OFF)
    try:
        yield
    finally:
        vtk.vtkLogger.SetStderrVerbosity(verbosity)
        vtk.vtkOutputWindow.SetInstance(window)


@dataclass(frozen=True)
class MeshStats:
    """Size and place of a mesh: volume only for closed surfaces (cm^3), the rest in mm."""

    closed: bool
    volume_cm3: float | None
    centroid_mm: tuple[float, float, float]
    bounds_mm: tuple[float, float, float, float, float, float]
    triangles: int


def mesh_stats(mesh: pv.PolyData) -> MeshStats:
    """Closedness (no boundary or non-manifold edges), volume, area-weighted centroid, bounds."""
    closed = mesh.n_open_edges == 0 and _non_manifold_edges(mesh) == 0
    sized = mesh.compute_cell_sizes(length=False, volume=False)
    areas = sized.cell_data["Area"]
    centroid = (sized.cell_centers().points * areas[:, None]).sum(axis=0) / areas.sum()
    return MeshStats(
        closed=closed,
        volume_cm3=round(mesh.volume / 1000.0, 2) if closed else None,
        centroid_mm=tuple(round(float(c), 2) for c in centroid),
        bounds_mm=tuple(round(float(b), 2) for b in mesh.bounds),
        triangles=int(mesh.n_cells),
    )


def _non_manifold_edges(mesh: pv.PolyData) -> int:
    edges = mesh.extract_feature_edges(boundary_edges=False, non_manifold_edges=True, feature_edges=False, manifold_edges=False)
    return int(edges.n_cells)
