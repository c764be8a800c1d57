"""Structure browser: a tree by layer and side, with visibility check boxes.

Checking a box calls SceneState; the boxes are redrawn from SceneState's events, so the tree
never disagrees with the 3D view. Selecting a row selects the structure, and a selection made
in 3D moves the current row here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

GROUP_TITLES = {
    "bone": "Bones",
    "muscle": "Muscles",
    "fascia": "Fascia",
    "nerve": "Nerves",
    "vessel": "Vessels",
    "joint": "Joints and ligaments",
    "ligament": "Joints and ligaments",
    "soft_tissue": "Soft tissue",
    "injection_site": "Injection sites",
}
SIDE_TITLES = {"left": "Left", "right": "Right", None: "Midline"}
ID_ROLE = Qt.ItemDataRole.UserRole


class QtStructureTree(QTreeWidget):
    """Layer -> side -> structure, with tri-state check boxes for visibility."""

    group_chosen = Signal(str)  # the layer of the current row (for the opacity slider)

    def __init__(self, atlas, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.setHeaderHidden(True)
        self.setAccessibleName("Structures")
        self.items: dict[str, QTreeWidgetItem] = {}
        self._updating = False
        self._build(atlas)
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current)
        state.visibility_changed.connect(self._on_visibility)
        state.selection_changed.connect(self._on_selection)

    def _build(self, atlas) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        sides: dict[tuple[str, str | None], QTreeWidgetItem] = {}
        flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        order = list(GROUP_TITLES)
        side_order = {"left": 0, "right": 1, None: 2}
        for s in sorted(atlas, key=lambda s: (order.index(s.group) if s.group in order else 99, side_order[s.side])):
            if s.id not in self.state.groups:
                continue
            title = GROUP_TITLES.get(s.group, s.group)
            if title not in groups:
                groups[title] = QTreeWidgetItem(self, [title])
                groups[title].setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
                groups[title].setData(0, ID_ROLE, "group:" + s.group)
            key = (title, s.side)
            if key not in sides:
                sides[key] = QTreeWidgetItem(groups[title], [SIDE_TITLES[s.side]])
                sides[key].setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
                sides[key].setData(0, ID_ROLE, "group:" + s.group)
            item = QTreeWidgetItem(sides[key], [s.name])
            item.setFlags(flags)
            item.setData(0, ID_ROLE, s.id)
            item.setToolTip(0, f"{s.display_name} - {s.latin}")
            item.setCheckState(0, Qt.CheckState.Checked if self.state.visibility[s.id] else Qt.CheckState.Unchecked)
            self.items[s.id] = item
        self.expandAll()

    def rebuild(self, atlas) -> None:
        """Another body's structures (those of ``state.groups``), the current row kept by id."""
        self._updating = True
        try:
            self.clear()
            self.items = {}
            self._build(atlas)
        finally:
            self._updating = False
        self._on_selection(self.state.selection)

    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._updating:
            return
        sid = item.data(0, ID_ROLE)
        if sid in self.items:
            visible = item.checkState(0) == Qt.CheckState.Checked
            if self.state.visibility[sid] != visible:
                self.state.set_visible([sid], visible)

    def _on_current(self, current: QTreeWidgetItem | None, _previous) -> None:
        if self._updating or current is None:
            return
        sid = current.data(0, ID_ROLE)
        if sid in self.items:
            self.state.select(sid)
            self.group_chosen.emit(self.state.groups[sid])
        elif isinstance(sid, str):
            self.group_chosen.emit(sid.removeprefix("group:"))

    def _on_visibility(self, changed: dict) -> None:
        self._updating = True
        try:
            for sid, visible in changed.items():
                if sid in self.items:
                    self.items[sid].setCheckState(0, Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
        finally:
            self._updating = False

    def _on_selection(self, sid) -> None:
        self._updating = True
        try:
            if sid in self.items:
                self.setCurrentItem(self.items[sid])
                self.scrollToItem(self.items[sid])
            else:
                self.setCurrentItem(None)
                self.clearSelection()
        finally:
            self._updating = False
