"""SceneState: what the 3D view shows, as plain data with change events (psygnal).

Widgets never keep their own copy of visibility or selection: they call the methods here, and
everything (3D view, tree, panel) redraws from the events, the way napari's ViewerModel and
QtViewer are split. Every user-level change is one undo step; a step stores the whole
(small) snapshot, so undo is exact and needs no per-operation inverse.

Two view tools are modes kept in the snapshot, so each is a toggle that undo and redo follow:
x-ray (everything faint but the selection, which stays solid as the selection changes) and
isolate (only the chosen structures shown). Each remembers what it changed and gives it back
when switched off. "Show all" returns to the start-up set (what ``opacity`` gave at creation),
with both modes off.

Events: ``visibility_changed(dict id->bool)``, ``opacity_changed(dict id->float)``,
``selection_changed(str | None)``, ``camera_changed(CameraPose)``, ``tools_changed(dict name->bool)``
(``xray``, ``isolate``), ``variant_changed(str)``.

Which sciatic-piriformis variant is drawn (``variant``, a key of ``explorer.atlas.sciatic_variants``)
lives here too, but outside the undo steps: it swaps geometry rather than the view of it, and
saved views and tours are made on whichever variant is shown.

The body shown (``body``, one of ``explorer.atlas.descriptors.BODIES``) is kept the same way:
``use_body`` replaces the structures and carries what the user set over by structure id
(``body_changed(str)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from psygnal import Signal

MAX_UNDO = 200
#: Opacity of everything but the selection while x-ray is on.
XRAY_OPACITY = 0.15


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
    #: X-ray on: the opacity each structure had before (given back when it is switched off).
    xray_from: dict[str, float] | None = None
    #: Isolate on: the structures it hid (shown again when it is switched off).
    isolate_hid: tuple[str, ...] | None = None


class SceneState:
    """Visibility, opacity, selection and camera of the structures, with undo and redo."""

    visibility_changed = Signal(dict)
    opacity_changed = Signal(dict)
    selection_changed = Signal(object)
    camera_changed = Signal(object)
    tools_changed = Signal(dict)
    variant_changed = Signal(str)
    body_changed = Signal(str)

    def __init__(self, groups: dict[str, str], opacity: dict[str, float] | None = None,
                 variants: tuple[str, ...] = ("A",), variant: str = "A", body: str = "male"):
        """``groups`` maps every structure id to its group; ``opacity`` gives start values;
        ``variants`` the sciatic variants that can be shown, ``variant`` the one shown;
        ``body`` the body whose structures these are."""
        self.groups = dict(groups)
        self.variants = tuple(variants)
        self._variant = variant
        self._body = body
        start = {sid: 1.0 for sid in groups} | (opacity or {})
        self._now = Snapshot(
            visibility={sid: start[sid] > 0 for sid in groups},
            opacity={sid: (start[sid] if start[sid] > 0 else 1.0) for sid in groups},
        )
        self._start = self._now
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

    @property
    def xray(self) -> bool:
        return self._now.xray_from is not None

    @property
    def isolating(self) -> bool:
        return self._now.isolate_hid is not None

    @property
    def variant(self) -> str:
        return self._variant

    @property
    def body(self) -> str:
        return self._body

    def snapshot(self) -> Snapshot:
        return self._now

    def ids_in_group(self, group: str) -> list[str]:
        return [sid for sid, g in self.groups.items() if g == group]

    # -- changing (each call is one undo step) ----------------------------------------------
    def set_visible(self, ids, visible: bool) -> None:
        self._apply(replace(self._now, visibility=self._now.visibility | {sid: visible for sid in self._known(ids)}))

    def show_all(self) -> None:
        """Back to the start-up set: what was shown, at the opacity it had (the layers hidden at
        start, such as the fat, stay hidden), with x-ray and isolate off."""
        self._apply(replace(self._now, visibility=self._start.visibility, opacity=self._start.opacity,
                            xray_from=None, isolate_hid=None))

    def isolate(self, ids) -> None:
        """Show only ``ids`` (isolate on; ``set_isolate(False)`` shows again what it hid)."""
        keep = set(self._known(ids))
        now = self._now
        hid = tuple(sid for sid, shown in now.visibility.items() if shown and sid not in keep)
        self._apply(replace(now, visibility={sid: sid in keep for sid in self.groups},
                            isolate_hid=tuple(dict.fromkeys((now.isolate_hid or ()) + hid))))

    def set_isolate(self, on: bool) -> None:
        """Isolate the selection (needs one), or switch isolate off, showing what it hid."""
        if on and self._now.selection is not None:
            self.isolate([self._now.selection])
        elif not on:
            self._apply(_without_isolate(self._now))

    def set_opacity(self, ids, opacity: float) -> None:
        value = min(max(float(opacity), 0.05), 1.0)
        self._apply(replace(self._now, opacity=self._now.opacity | {sid: value for sid in self._known(ids)}))

    def fade_others(self, ids) -> None:
        """X-ray on: everything but ``ids`` becomes faint; ``ids`` fully opaque and visible."""
        now = self._now
        self._apply(replace(now, xray_from=now.xray_from or now.opacity, **self._xray(now, self._known(ids))))

    def set_xray(self, on: bool) -> None:
        """X-ray of the selection (with none, everything faint), or off: the opacities come back."""
        now = self._now
        if on and not self.xray:
            self.fade_others([now.selection] if now.selection else [])
        elif not on:
            self._apply(_without_xray(now))

    def clear(self) -> None:
        """Esc: nothing selected, x-ray and isolate off (what they changed given back), one undo step."""
        self._apply(replace(_without_isolate(_without_xray(self._now)), selection=None))

    def _xray(self, now: Snapshot, keep) -> dict:
        """Opacity (and visibility) with ``keep`` solid and shown, the rest faint."""
        before = now.xray_from or now.opacity
        return {
            "opacity": {sid: (1.0 if sid in keep else min(before[sid], XRAY_OPACITY)) for sid in self.groups},
            "visibility": now.visibility | dict.fromkeys(keep, True),
        }

    def select(self, structure_id: str | None) -> None:
        """Select one structure (None: nothing); under x-ray the selection is the solid one."""
        if structure_id is not None and structure_id not in self.groups:
            raise KeyError(structure_id)
        if structure_id != self._now.selection:
            now = replace(self._now, selection=structure_id)
            if now.xray_from is not None:
                now = replace(now, **self._xray(now, [structure_id] if structure_id else []))
            self._apply(now)

    def set_camera(self, pose: CameraPose, undoable: bool = True) -> None:
        """Camera moves from presets are undo steps; free mouse motion is recorded silently."""
        if undoable:
            self._apply(replace(self._now, camera=pose))
        else:
            self._now = replace(self._now, camera=pose)

    def restore(self, snapshot: Snapshot) -> None:
        """Jump to a stored state (a saved view, a tour step) as one undo step; its tools come
        with it (a snapshot made without them switches x-ray and isolate off)."""
        known = {sid: v for sid, v in snapshot.visibility.items() if sid in self.groups}
        xray_from = snapshot.xray_from
        self._apply(
            Snapshot(
                visibility=self._now.visibility | known,
                opacity=self._now.opacity | {k: v for k, v in snapshot.opacity.items() if k in self.groups},
                selection=snapshot.selection if snapshot.selection in self.groups else None,
                camera=snapshot.camera or self._now.camera,
                xray_from=None if xray_from is None else self._now.opacity | {k: v for k, v in xray_from.items() if k in self.groups},
                isolate_hid=None if snapshot.isolate_hid is None else tuple(s for s in snapshot.isolate_hid if s in self.groups),
            )
        )

    def set_variant(self, key: str) -> None:
        """Show another sciatic-piriformis variant (not an undo step); ValueError names an unknown one."""
        if key not in self.variants:
            raise ValueError(f"sciatic variant '{key}' is not one of {', '.join(self.variants)}")
        if key != self._variant:
            self._variant = key
            self.variant_changed.emit(key)

    def use_body(self, body: str, groups: dict[str, str], opacity: dict[str, float],
                 variants: tuple[str, ...] = ("A",), variant: str = "A") -> None:
        """Another body is shown: its structures ``groups`` (with start ``opacity``) replace these.

        What the user set carries over by structure id: visibility, opacity, the selection,
        x-ray and isolate, for each structure the new body has too; its other structures start
        as at start-up. The camera stays. Not an undo step: the history, which names the other
        body's structures, starts again. Emits ``body_changed`` alone: every structure may have
        changed, so observers redraw from the state as a whole.
        """
        old = self._now
        self.groups, self.variants, self._variant, self._body = dict(groups), tuple(variants), variant, body
        start = {sid: 1.0 for sid in groups} | opacity
        self._start = Snapshot(visibility={sid: start[sid] > 0 for sid in groups},
                               opacity={sid: (start[sid] if start[sid] > 0 else 1.0) for sid in groups})
        self._now = Snapshot(
            visibility=self._start.visibility | {k: v for k, v in old.visibility.items() if k in groups},
            opacity=self._start.opacity | {k: v for k, v in old.opacity.items() if k in groups},
            selection=old.selection if old.selection in groups else None,
            camera=old.camera,
            xray_from=None if old.xray_from is None else self._start.opacity | {k: v for k, v in old.xray_from.items() if k in groups},
            isolate_hid=None if old.isolate_hid is None else tuple(s for s in old.isolate_hid if s in groups),
        )
        self._undo.clear()
        self._redo.clear()
        self.body_changed.emit(body)

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
        tools = {name: getattr(new, field) is not None for name, field in (("xray", "xray_from"), ("isolate", "isolate_hid"))
                 if (getattr(new, field) is None) != (getattr(old, field) is None)}
        if tools:
            self.tools_changed.emit(tools)


def _without_xray(now: Snapshot) -> Snapshot:
    return now if now.xray_from is None else replace(now, opacity=now.xray_from, xray_from=None)


def _without_isolate(now: Snapshot) -> Snapshot:
    if now.isolate_hid is None:
        return now
    return replace(now, visibility=now.visibility | dict.fromkeys(now.isolate_hid, True), isolate_hid=None)
