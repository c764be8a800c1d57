"""SceneState: what the 3D view shows, as plain data with change events (psygnal).

Widgets never keep their own copy of visibility or selection: they call the methods here, and
everything (3D view, tree, panel) redraws from the events, the way napari's ViewerModel and
QtViewer are split. Every user-level change is one undo step; a step stores the whole
(small) snapshot, so undo is exact and needs no per-operation inverse.

Events: ``visibility_changed(dict id->bool)``, ``opacity_changed(dict id->float)``,
``selection_changed(str | None)``, ``camera_changed(CameraPose)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from psygnal import Signal

MAX_UNDO = 200


@dataclass(frozen=True)
class CameraPose:
    """Camera position, focal point and view-up in RAS mm; ``preset`` names where it came from."""

    position: tuple[float, float, float]
    focal_point: tuple[float, float, float]
    view_up: tuple[float, float, float]
    preset: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Everything undo restores."""

    visibility: dict[str, bool] = field(default_factory=dict)
    opacity: dict[str, float] = field(default_factory=dict)
    selection: str | None = None
    camera: CameraPose | None = None


class SceneState:
    """Visibility, opacity, selection and camera of the structures, with undo and redo."""

    visibility_changed = Signal(dict)
    opacity_changed = Signal(dict)
    selection_changed = Signal(object)
    camera_changed = Signal(object)

    def __init__(self, groups: dict[str, str], opacity: dict[str, float] | None = None):
        """``groups`` maps every structure id to its group; ``opacity`` gives start values."""
        self.groups = dict(groups)
        start = {sid: 1.0 for sid in groups} | (opacity or {})
        self._now = Snapshot(
            visibility={sid: start[sid] > 0 for sid in groups},
            opacity={sid: (start[sid] if start[sid] > 0 else 1.0) for sid in groups},
        )
        self._undo: list[Snapshot] = []
        self._redo: list[Snapshot] = []

    # -- reading ---------------------------------------------------------------------------
    @property
    def visibility(self) -> dict[str, bool]:
        return dict(self._now.visibility)

    @property
    def opacity(self) -> dict[str, float]:
        return dict(self._now.opacity)

    @property
    def selection(self) -> str | None:
        return self._now.selection

    @property
    def camera(self) -> CameraPose | None:
        return self._now.camera

    def snapshot(self) -> Snapshot:
        return self._now

    def ids_in_group(self, group: str) -> list[str]:
        return [sid for sid, g in self.groups.items() if g == group]

    # -- changing (each call is one undo step) ----------------------------------------------
    def set_visible(self, ids, visible: bool) -> None:
        self._apply(replace(self._now, visibility=self._now.visibility | {sid: visible for sid in self._known(ids)}))

    def show_all(self) -> None:
        self._apply(replace(self._now, visibility={sid: True for sid in self.groups}))

    def isolate(self, ids) -> None:
        """Show only ``ids`` (and keep them selected if they were)."""
        keep = set(self._known(ids))
        self._apply(replace(self._now, visibility={sid: sid in keep for sid in self.groups}))

    def set_opacity(self, ids, opacity: float) -> None:
        value = min(max(float(opacity), 0.05), 1.0)
        self._apply(replace(self._now, opacity=self._now.opacity | {sid: value for sid in self._known(ids)}))

    def fade_others(self, ids, opacity: float = 0.15) -> None:
        """X-ray: everything but ``ids`` becomes faint; ``ids`` fully opaque and visible."""
        keep = set(self._known(ids))
        self._apply(
            replace(
                self._now,
                opacity={sid: (1.0 if sid in keep else opacity) for sid in self.groups},
                visibility=self._now.visibility | {sid: True for sid in keep},
            )
        )

    def select(self, structure_id: str | None) -> None:
        if structure_id is not None and structure_id not in self.groups:
            raise KeyError(structure_id)
        if structure_id != self._now.selection:
            self._apply(replace(self._now, selection=structure_id))

    def set_camera(self, pose: CameraPose, undoable: bool = True) -> None:
        """Camera moves from presets are undo steps; free mouse motion is recorded silently."""
        if undoable:
            self._apply(replace(self._now, camera=pose))
        else:
            self._now = replace(self._now, camera=pose)

    def restore(self, snapshot: Snapshot) -> None:
        """Jump to a stored state (a saved view) as one undo step."""
        known = {sid: v for sid, v in snapshot.visibility.items() if sid in self.groups}
        self._apply(
            Snapshot(
                visibility=self._now.visibility | known,
                opacity=self._now.opacity | {k: v for k, v in snapshot.opacity.items() if k in self.groups},
                selection=snapshot.selection if snapshot.selection in self.groups else None,
                camera=snapshot.camera or self._now.camera,
            )
        )

    # -- undo ------------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._now)
            self._set(self._undo.pop())

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._now)
            self._set(self._redo.pop())

    # -- internals -------------------------------------------------------------------------
    def _known(self, ids) -> list[str]:
        ids = [ids] if isinstance(ids, str) else list(ids)
        unknown = [sid for sid in ids if sid not in self.groups]
        if unknown:
            raise KeyError(", ".join(unknown))
        return ids

    def _apply(self, new: Snapshot) -> None:
        if new == self._now:
            return
        self._undo.append(self._now)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._set(new)

    def _set(self, new: Snapshot) -> None:
        old, self._now = self._now, new
        vis = {k: v for k, v in new.visibility.items() if old.visibility.get(k) != v}
        opa = {k: v for k, v in new.opacity.items() if old.opacity.get(k) != v}
        if vis:
            self.visibility_changed.emit(vis)
        if opa:
            self.opacity_changed.emit(opa)
        if new.selection != old.selection:
            self.selection_changed.emit(new.selection)
        if new.camera != old.camera and new.camera is not None:
            self.camera_changed.emit(new.camera)
