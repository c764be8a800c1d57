"""The main window: 3D view in the centre, structure browser left, information panel right.

Init order matters: the view (which loads the meshes and owns SceneState) comes first, then
the docks that observe the state, then actions and menus that drive it, then saved settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from explorer.atlas.sciatic_variants import VARIANTS
from explorer.planning.requirements import missing_structures
from explorer.render.appearance import VIEWS
from explorer.render.overlays import FONT_SIZE as LABEL_FONT_SIZE
from explorer.scene import CameraPose
from explorer.scene.saved_views import SavedViews
from explorer.ui.qt_about import show_about
from explorer.ui.qt_body_choice import SUBJECTS, QtBodyChoice
from explorer.ui.qt_info_panel import QtInfoPanel
from explorer.ui.qt_planner import QtPlannerPanel
from explorer.ui.qt_presentation import PRESENTATION_LABEL_PX, QtPresentationBar
from explorer.ui.qt_quiz import QtQuizPanel
from explorer.ui.qt_saved_views import QtSavedViews
from explorer.ui.qt_search import QtSearchBox
from explorer.ui.qt_shortcuts import QtShortcutsDialog
from explorer.ui.qt_structure_tree import QtStructureTree
from explorer.ui.qt_tour import QtTourPanel
from explorer.ui.qt_view import QtSceneView

#: Bumped when docks are added or removed: a layout saved by an older version is then ignored
#: (Qt would otherwise float the new docks over the old arrangement).
LAYOUT_VERSION = 2
#: A handout's picture names at most this many structures (their labels must stay large).
MAX_PRINT_LABELS = 6


class QtMainWindow(QMainWindow):
    """Wires widgets to one SceneState; holds no anatomy logic."""

    def __init__(self, atlas, notes, progress=None):
        super().__init__()
        self.atlas, self.notes = atlas, notes
        self.view = QtSceneView(atlas, self, progress=progress)
        self.state = self.view.state
        self.setCentralWidget(self.view.interactor)
        self.tree = QtStructureTree(atlas, self.state)
        self.panel = QtInfoPanel(atlas, self.state, notes)
        self.search = QtSearchBox(atlas, self.state)
        self.saved_views = QtSavedViews(SavedViews(), self.view)
        self.planner = QtPlannerPanel(atlas, self.view, failed=self.view.renderer.failed)
        self.tours = QtTourPanel(atlas, self.view)
        self.quiz = QtQuizPanel(atlas, self.view)
        self.presentation = QtPresentationBar(atlas, self.view, self.tours)
        self.presentation.exit_requested.connect(lambda: self.set_presentation(False))
        # The planner's drawings and pick mode never outlive its tab: a tour or a quiz takes the view.
        self.planner.status_message.connect(self.statusBar().showMessage)
        self.tours.step_shown.connect(lambda _index: self.planner.deactivate())
        self.quiz.start_button.pressed.connect(self.planner.deactivate)  # before the quiz reads the skin
        self._layout_before_presentation = None
        self._planner_was_active = False  # across a body switch
        self.last_measurement_mm: float | None = None
        self._group_for_opacity = "soft_tissue"
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems found while loading")
        self._build_docks()
        self._choose_group("soft_tissue")
        self._build_actions()
        self.view.hovered.connect(self._on_hover)
        self.view.measured.connect(self._on_measured)
        self.view.body_replacing.connect(self._before_body)
        self.view.body_switched.connect(self._on_body)
        self._set_title()
        self.statusBar().showMessage(f"{len(self.state.groups)} structures loaded ({self.state.body} body)")
        self._restore_settings()
        self._show_problems()

    # -- layout ------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self.opacity_label = QLabel("Layer opacity")
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(5, 100)
        self.opacity.setAccessibleName("Opacity of the chosen layer")
        self.opacity_label.setBuddy(self.opacity)
        self.opacity.sliderReleased.connect(self._apply_group_opacity)
        self.opacity.valueChanged.connect(self._on_opacity_value)
        self.tree.group_chosen.connect(self._choose_group)
        layout.addWidget(self.opacity_label)
        layout.addWidget(self.opacity)
        for title, widget, area, name in (
            ("Structures", left, Qt.DockWidgetArea.LeftDockWidgetArea, "structures_dock"),
            ("Information", self.panel, Qt.DockWidgetArea.RightDockWidgetArea, "information_dock"),
            ("Saved views", self.saved_views, Qt.DockWidgetArea.LeftDockWidgetArea, "saved_views_dock"),
            ("Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea, "problems_dock"),
            ("Injection planner", self.planner, Qt.DockWidgetArea.RightDockWidgetArea, "planner_dock"),
            ("Guided tours", self.tours, Qt.DockWidgetArea.RightDockWidgetArea, "tours_dock"),
            ("Quiz", self.quiz, Qt.DockWidgetArea.RightDockWidgetArea, "quiz_dock"),
            ("Presentation", self.presentation, Qt.DockWidgetArea.BottomDockWidgetArea, "presentation_dock"),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
        self.resizeDocks([self.findChild(QDockWidget, "information_dock")], [420], Qt.Orientation.Horizontal)
        # The planner shares the right side with the information panel, as a tab; it draws its
        # needle when first shown.
        planner_dock = self.findChild(QDockWidget, "planner_dock")
        for name in ("planner_dock", "tours_dock", "quiz_dock"):
            self.tabifyDockWidget(self.findChild(QDockWidget, "information_dock"), self.findChild(QDockWidget, name))
        self.findChild(QDockWidget, "information_dock").raise_()
        presentation = self.findChild(QDockWidget, "presentation_dock")
        presentation.setTitleBarWidget(QWidget())  # no title, no close button: Esc leaves
        presentation.hide()
        planner_dock.visibilityChanged.connect(self._planner_shown)

    def _planner_shown(self, shown: bool) -> None:
        """The planner draws while its tab is open (not in presentation mode); it plans when first shown."""
        if shown and self._layout_before_presentation is None:
            self.planner.activate()
        else:
            self.planner.deactivate()

    def problem_messages(self) -> list[str]:
        """What went wrong while loading: annotation files, meshes, the notes database."""
        messages = [str(p) for p in self.atlas.problems + self.tours.problems]
        messages += [f"structure '{sid}' not shown: {message}" for sid, message in self.view.renderer.failed.items()]
        lacking = missing_structures(self.atlas, self.view.renderer.failed)
        if lacking:  # first: what the problems below mean for the planner
            messages.insert(0, f"Injection planner: without {', '.join(m.name for m in lacking)} every plan is INCOMPLETE, "
                               "never SAFE, until the files below are fixed.")
        if self.notes.recovered_from is not None:
            messages.append(
                f"The notes database could not be read; it was kept as {self.notes.recovered_from} and a new one started."
            )
        return messages

    def _show_problems(self) -> None:
        """List load problems in a visible dock (hidden when there are none)."""
        messages = self.problem_messages()
        self.problems.clear()
        self.problems.addItems(messages)
        dock = self.findChild(QDockWidget, "problems_dock")
        dock.setVisible(bool(messages))
        if messages:
            self.statusBar().showMessage(
                f"{len(self.state.groups)} structures loaded ({self.state.body} body); {len(messages)} problem(s) found - see Problems"
            )

    def _choose_group(self, group: str) -> None:
        self._group_for_opacity = group
        ids = self.state.ids_in_group(group)
        self.opacity_label.setText(f"Opacity: {group.replace('_', ' ')}")
        if ids:
            self.opacity.blockSignals(True)
            self.opacity.setValue(round(100 * self.state.opacity[ids[0]]))
            self.opacity.blockSignals(False)

    def _on_opacity_value(self, _value: int) -> None:
        """Keyboard and clicks apply at once; a drag applies once, on release (one undo step)."""
        if not self.opacity.isSliderDown():
            self._apply_group_opacity()

    def _apply_group_opacity(self) -> None:
        ids = self.state.ids_in_group(self._group_for_opacity)
        if ids:
            self.state.set_opacity(ids, self.opacity.value() / 100)

    def _build_actions(self) -> None:
        st = self.state
        menus = {name: self.menuBar().addMenu(name) for name in ("&File", "&Edit", "&View", "&Learn", "&Help")}
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")

        def action(menu, text, slot, shortcut=None, tool=False, checkable=False):
            """``tool``: on the toolbar too, under its own text or (a string) a shorter one."""
            act = QAction(text, self, checkable=checkable)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setToolTip(f"{text} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            act.triggered.connect(slot)
            menus[menu].addAction(act)
            if tool:
                if isinstance(tool, str):
                    act.setIconText(tool)
                toolbar.addAction(act)
            self.addAction(act)
            return act

        action("&File", "Export view as PNG...", self.export_png, "Ctrl+E")
        action("&File", "Export visible structures (glTF, STL, OBJ, PLY)...", self.export_scene)
        action("&File", "Handout (PDF)...", self.export_handout, "Ctrl+P")
        action("&File", "Export my notes...", self.export_notes)
        action("&File", "Import notes...", self.import_notes)
        action("&File", "Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = action("&Edit", "Undo", st.undo, QKeySequence.StandardKey.Undo, tool=True)
        self.redo_action = action("&Edit", "Redo", st.redo, QKeySequence.StandardKey.Redo, tool=True)
        action("&Edit", "Find structure", self._focus_search, QKeySequence.StandardKey.Find)
        for key, name in enumerate(VIEWS, start=1):
            action("&View", f"{name.capitalize()} view", lambda _c=False, n=name: self.view.show_preset(n), str(key), tool=name.capitalize())
        action("&View", "Reset view", lambda: self.view.show_preset("posterior"), "R")
        for text, key, move in (
            ("Orbit left", "Ctrl+Left", ("azimuth", -15)), ("Orbit right", "Ctrl+Right", ("azimuth", 15)),
            ("Orbit up", "Ctrl+Up", ("elevation", 15)), ("Orbit down", "Ctrl+Down", ("elevation", -15)),
            ("Zoom in", "Ctrl+Shift+Up", ("zoom", 1.2)), ("Zoom out", "Ctrl+Shift+Down", ("zoom", 1 / 1.2)),
        ):
            action("&View", text, lambda _c=False, m=move: self.view.nudge_camera(*m), key)
        menus["&View"].addSeparator()
        action("&View", "Show all (as at start)", st.show_all, "A", tool="Show all")
        action("&View", "Hide selected", lambda: st.selection and st.set_visible([st.selection], False), "H", tool="Hide")
        # Modes: checked while on, pressed again to switch off (undo and redo keep the check in step).
        self.isolate_action = action("&View", "Isolate selected", lambda on: self._set_tool("isolate", on), "I", tool="Isolate", checkable=True)
        self.xray_action = action("&View", "X-ray (others faint)", lambda on: self._set_tool("xray", on), "X", tool="X-ray", checkable=True)
        st.tools_changed.connect(self._on_tools)
        action("&View", "Focus on selected", lambda: st.selection and self.view.focus(st.selection), "F")
        action("&View", "Clear: selection, x-ray, isolate, measuring off (leaves presentation mode)", self._escape, "Esc")
        menus["&View"].addSeparator()
        self.labels_action = action("&View", "Labels", self.view.set_labels, "L", tool=True, checkable=True)
        self.measure_action = action("&View", "Measure distance", self._toggle_measure, "M", tool="Measure", checkable=True)
        self.section_action = action("&View", "Cross-section plane", self.view.set_cross_section, "C", tool="Cross-section", checkable=True)
        self._build_variant_menu(menus["&View"].addMenu("Sciatic nerve variant"))
        self.body_choice = QtBodyChoice(self, menus["&View"].addMenu("Body"), toolbar)
        self.saved_views.choose_body = self.body_choice.choose
        menus["&View"].addSeparator()
        action("&View", "Save view...", self.save_view, "Ctrl+S")
        action("&View", "Delete saved view", self.saved_views.delete_current)
        menus["&View"].addSeparator()
        action("&View", "Larger panel text", lambda: self.panel.zoom(1), "Ctrl++")
        action("&View", "Smaller panel text", lambda: self.panel.zoom(-1), "Ctrl+-")
        action("&Learn", "Guided tours", lambda: self._raise_dock("tours_dock"), "Ctrl+T")
        action("&Learn", "Next tour step", lambda: self.tours.go(self.tours.index + 1), "PgDown")
        action("&Learn", "Previous tour step", lambda: self.tours.go(self.tours.index - 1), "PgUp")
        action("&Learn", "Quiz", lambda: self._raise_dock("quiz_dock"), "Ctrl+Shift+Q")
        self.presentation_action = action("&Learn", "Presentation mode", self.set_presentation, "F5", tool="Present", checkable=True)
        action("&Help", "Keyboard shortcuts", self.show_shortcuts, "F1")
        action("&Help", "About", lambda: show_about(self, self.atlas))

    def _build_variant_menu(self, menu) -> None:
        """One checkable entry per sciatic-piriformis variant the atlas has; the state switches."""
        group = QActionGroup(self)
        self.variant_actions = {}
        for variant in self.atlas.variants:
            act = QAction(variant.label, self, checkable=True)
            act.setChecked(variant.key == self.state.variant)
            act.setToolTip(variant.description)
            act.triggered.connect(lambda _c=False, k=variant.key: self.state.set_variant(k))
            group.addAction(act)
            menu.addAction(act)
            self.variant_actions[variant.key] = act
        self.state.variant_changed.connect(self._on_variant)

    def _on_variant(self, key: str) -> None:
        """Swap the sciatic nerve and the muscles its variant changes; selection and view stay."""
        self.atlas = self.atlas.with_variant(key)
        self.view.use_atlas(self.atlas)
        self.planner.set_atlas(self.atlas)
        self.panel.atlas = self.atlas
        self.panel.show_structure(self.state.selection)
        self.variant_actions[key].setChecked(True)
        self.statusBar().showMessage(f"Sciatic nerve: {VARIANTS[key].label}")

    def _set_title(self) -> None:
        self.setWindowTitle(f"Gluteal Anatomy Explorer - {self.state.body} body")

    def _before_body(self) -> None:
        """Another body is about to be drawn: the planner's drawings (on this body's skin) and
        a quiz (its questions ask about this body's surface) go first."""
        self._planner_was_active = self.planner.active
        self.planner.deactivate()
        if self.quiz.active:
            self.quiz.stop()

    def _on_body(self, body: str) -> None:
        """Another body is drawn: every panel reads its atlas; notes stay (they belong to a
        structure, not a body); the planner plans again on her geometry."""
        self.atlas = self.view.atlas
        self.tree.rebuild(self.atlas)
        for panel in (self.panel, self.search, self.tours, self.presentation):
            panel.atlas = self.atlas
        self.quiz.use_atlas(self.atlas)
        self.planner.set_atlas(self.atlas, self.view.renderer.failed)
        if self._planner_was_active:
            self.planner.activate()
        self.panel.show_structure(self.state.selection)
        shown = {v.key for v in self.atlas.variants}  # the variants this body was built with
        for key, act in self.variant_actions.items():
            act.setEnabled(key in shown)
        self.variant_actions[self.state.variant].setChecked(True)
        self._set_title()
        self._show_problems()
        if not self.problems.count():
            self.statusBar().showMessage(f"Showing the {body} body ({SUBJECTS[body]}): {len(self.state.groups)} structures")

    # -- commands ---------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _raise_dock(self, name: str) -> None:
        dock = self.findChild(QDockWidget, name)
        dock.show()
        dock.raise_()

    def _escape(self) -> None:
        """Esc ends what is going on: picking an entry, then presentation mode, else the selection."""
        if self.planner.picking:
            self.planner.set_picking(False)
        elif self.presentation_action.isChecked():
            self.set_presentation(False)
        else:
            self.state.clear()
            if self.measure_action.isChecked():
                self.measure_action.trigger()

    def _set_tool(self, name: str, on: bool) -> None:
        if name == "xray":
            self.state.set_xray(on)
        else:
            self.state.set_isolate(on)
            if on and not self.state.isolating:
                self.statusBar().showMessage("Isolate: select a structure first")
        self._on_tools({})

    def _on_tools(self, _changed: dict) -> None:
        """The buttons show the modes as SceneState has them (after undo and redo too)."""
        self.xray_action.setChecked(self.state.xray)
        self.isolate_action.setChecked(self.state.isolating)

    def set_presentation(self, on: bool) -> None:
        """Full screen, large plain words, no menus or panels; Esc or the bar's Exit leaves."""
        self.presentation_action.setChecked(on)
        if on == (self._layout_before_presentation is not None):
            return
        if on:
            self.planner.deactivate()
            self._layout_before_presentation = self.saveState(LAYOUT_VERSION)
            for dock in self.findChildren(QDockWidget):
                dock.hide()
            for bar in (self.menuBar(), self.statusBar(), *self.findChildren(QToolBar)):
                bar.hide()
            self.tours.plain.setChecked(True)
            self.findChild(QDockWidget, "presentation_dock").show()
            self.presentation.refresh()
            self.view.plain_labels = True
            self.view.labels.font_size = PRESENTATION_LABEL_PX
            self.view.fit_on_resize = True  # the model fills the full screen, whatever its shape
            self.showFullScreen()
            self.view.fit()
        else:
            self.restoreState(self._layout_before_presentation, LAYOUT_VERSION)
            self._layout_before_presentation = None
            self.findChild(QDockWidget, "presentation_dock").hide()
            self.menuBar().show()
            self.statusBar().show()
            self.view.plain_labels = False
            self.view.labels.font_size = LABEL_FONT_SIZE
            self.view.fit_on_resize = False
            self.showNormal()
            self._planner_shown(self.findChild(QDockWidget, "planner_dock").isVisible())
        self.view.refresh_labels()

    def _on_hover(self, sid) -> None:
        if self.quiz.active or self._layout_before_presentation is not None:
            return  # names on hover would give quiz answers away, and are jargon for a patient
        if sid:
            s = self.atlas[sid]
            self.statusBar().showMessage(f"{s.display_name} - {s.latin}")
        else:
            self.statusBar().clearMessage()

    def _toggle_measure(self, on: bool) -> None:
        self.view.set_measuring(on)
        self.statusBar().showMessage("Measure: click two points on surfaces" if on else "")

    def _on_measured(self, distance: float) -> None:
        self.last_measurement_mm = distance
        self.statusBar().showMessage(f"Distance: {distance:.1f} mm (straight line between the two points)")

    def save_view(self, name: str | None = None) -> None:
        if not name:
            name, ok = QInputDialog.getText(self, "Save view", "Name of this view:")
            if not ok or not name.strip():
                return
        self.saved_views.save_current(name.strip())
        self.statusBar().showMessage(f"Saved view '{name.strip()}'")

    def _ask_path(self, title: str, default: str, filters: str, opening: bool = False) -> str | None:
        """A file chosen in Qt's dialog, or None when the user cancels."""
        dialog = QFileDialog.getOpenFileName if opening else QFileDialog.getSaveFileName
        chosen, _ = dialog(self, title, default, filters)
        return chosen or None

    def export_png(self, path: str | None = None, scale: int | None = None) -> Path | None:
        """Save the current view (labels included) as a PNG at ``scale`` x the view's size."""
        path = path or self._ask_path("Export view", "view.png", "PNG images (*.png)")
        if not path:
            return None
        if scale is None:
            size = self.view.interactor.renderer.GetSize()
            choices = [f"{k}x ({size[0] * k} x {size[1] * k} pixels)" for k in (1, 2, 3, 4)]
            choice, ok = QInputDialog.getItem(self, "Export view", "Resolution:", choices, 1, False)
            if not ok:
                return None
            scale = int(choice.split("x")[0])
        self.view.refresh_labels()
        self.view.interactor.render()  # the picture as the state is now (a repaint may still be pending)
        self.view.interactor.screenshot(path, scale=scale)
        self.statusBar().showMessage(f"Saved {path}")
        return Path(path)

    def export_scene(self, path: str | None = None) -> list[Path] | None:
        """The visible structures: a .glb scene, or one .stl/.obj/.ply per structure beside ``path``."""
        from explorer.export.mesh_export import ExportError, export_structures

        path = path or self._ask_path("Export visible structures", "gluteal-region.glb",
                                      "glTF binary (*.glb);;STL, one file per structure (*.stl);;"
                                      "OBJ, one file per structure (*.obj);;PLY, one file per structure (*.ply)")
        if not path:
            return None
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower() or "glb"
        visible = [sid for sid, shown in self.state.visibility.items() if shown]
        folder = target if fmt == "glb" else target.with_suffix("")
        try:
            result = export_structures(self.atlas, visible, folder, fmt, self.state.opacity)
        except ExportError as exc:
            QMessageBox.warning(self, "Export", str(exc))
            return None
        self.statusBar().showMessage(f"Exported {len(result.structures)} structures to {folder} ({result.frame})")
        return result.files

    def export_handout(self, path: str | None = None) -> Path | None:
        """A PDF of the current view with labels and the plain text of the tour or the selection."""
        from explorer.export.handout import Figure, Handout, footer_for, structure_sections, subtitle_for, tour_sections
        from explorer.export.pdf_handout import HandoutError, write_pdf

        tour = self.tours.tour
        if tour is None and not self.state.selection:
            QMessageBox.information(self, "Handout", "Select a structure or start a guided tour first: "
                                    "the handout explains what is selected or the tour.")
            return None
        path = path or self._ask_path("Handout", "handout.pdf", "PDF (*.pdf)")
        if not path:
            return None
        shown = list(tour.steps[self.tours.index].highlight)[:MAX_PRINT_LABELS] if tour is not None else [self.state.selection]
        with self.planner.drawings_hidden():  # a handout explains structures: no needle or risk map
            image, labels = self.view.picture_for_print(shown)
        if tour is not None:
            step = tour.steps[self.tours.index]
            handout = Handout(tour.title, subtitle_for("patient"), [Figure(image, step.title, labels)],
                              tour_sections(tour, self.tours.register), footer_for(self.atlas.body))
        else:
            s = self.atlas[self.state.selection]
            handout = Handout(s.plain_name, subtitle_for("patient"), [Figure(image, s.plain_display_name, labels)],
                              structure_sections(self.atlas, [s.id]), footer_for(self.atlas.body))
        try:
            pages = write_pdf(handout, Path(path)).pages
        except (OSError, HandoutError) as exc:
            QMessageBox.warning(self, "Handout", f"The handout was not written.\n\n{exc}")
            return None
        self.statusBar().showMessage(f"Saved the handout ({pages} page{'s' if pages > 1 else ''}) to {path}")
        return Path(path)

    def export_notes(self, path: str | None = None) -> Path | None:
        path = path or self._ask_path("Export my notes", "my-notes.md", "Markdown (*.md);;JSON (*.json)")
        if not path:
            return None
        self.panel.save_note()
        names = {s.id: s.display_name for s in self.atlas}
        count = self.notes.export_json(Path(path)) if path.endswith(".json") else self.notes.export_markdown(Path(path), names)
        self.statusBar().showMessage(f"Exported {count} notes to {path}")
        return Path(path)

    def import_notes(self, path: str | None = None) -> int | None:
        from explorer.notes.notes_store import NotesFormatError

        path = path or self._ask_path("Import notes", "", "Notes (*.md *.json)", opening=True)
        if not path:
            return None
        self.panel.save_note()
        try:
            count = self.notes.import_file(Path(path))
        except (OSError, UnicodeDecodeError, NotesFormatError) as exc:
            QMessageBox.warning(self, "Import notes", f"Nothing was imported.\n\n{exc}")
            return None
        self.panel.show_structure(self.state.selection)
        self.statusBar().showMessage(f"Imported {count} notes from {path}")
        return count

    def show_shortcuts(self) -> None:
        """F1: every shortcut, in a dialog that fits the screen (left open beside the window)."""
        self.shortcuts_dialog = QtShortcutsDialog(self.actions(), self)
        self.shortcuts_dialog.show()

    # -- settings ---------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        layout = settings.value("window/state")
        if layout is not None:
            self.restoreState(layout, LAYOUT_VERSION)
        camera = settings.value("view/camera")
        if isinstance(camera, list) and len(camera) == 9:
            values = [float(v) for v in camera]
            self.state.set_camera(CameraPose(tuple(values[0:3]), tuple(values[3:6]), tuple(values[6:9])), undoable=False)
            self.view.renderer.set_camera_pose(*(tuple(values[i : i + 3]) for i in (0, 3, 6)))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.planner.shutdown()
        self.panel.save_note()
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self._layout_before_presentation or self.saveState(LAYOUT_VERSION))
        if self.state.camera is not None:
            pose = self.state.camera
            settings.setValue("view/camera", [*pose.position, *pose.focal_point, *pose.view_up])
        self.view.close()
        super().closeEvent(event)
