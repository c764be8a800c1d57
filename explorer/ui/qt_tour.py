"""Guided tour player: choose a tour, step through it with smooth camera moves.

A step is applied as one undo step (visibility and soft-tissue opacity through SceneState), its
structures are outlined, and the camera glides to the step's view. The text shows in the plain
or the professional register; presentation mode asks for plain text only.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QRadioButton, QTextBrowser, QVBoxLayout, QWidget

from explorer.atlas.markdown_html import markdown_to_html
from explorer.learning.tours import load_tours
from explorer.scene import CameraPose, Snapshot
from explorer.ui.qt_camera_motion import CameraMotion

#: Soft tissue in a tour is a veil over what lies beneath, never an opaque wall.
TOUR_OPACITY = {"skin": 0.25, "subcutaneous_fat": 0.45}


class QtTourPanel(QWidget):
    step_shown = Signal(int)  # index of the step now on screen

    def __init__(self, atlas, view, parent=None):
        super().__init__(parent)
        self.atlas, self.view = atlas, view
        self.tours, self.problems = load_tours(atlas)
        self.tour = None
        self.index = -1
        self.motion = CameraMotion(view)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Tour")
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(24)
        for tour in self.tours:
            self.choice.addItem(tour.title, tour.id)
        self.start_button = QPushButton("Start tour")
        self.plain = QRadioButton("Plain words")
        self.professional = QRadioButton("Professional")
        self.plain.setChecked(True)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Tour step text")
        self.progress = QLabel()
        self.previous = QPushButton("◀ Previous")
        self.next = QPushButton("Next ▶")
        self.previous.setToolTip("Previous step (Page Up)")
        self.next.setToolTip("Next step (Page Down)")
        registers = QHBoxLayout()
        registers.addWidget(self.plain)
        registers.addWidget(self.professional)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous)
        buttons.addWidget(self.progress, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.start_button)
        layout.addLayout(registers)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(lambda: self.start(self.choice.currentData()))
        self.previous.clicked.connect(lambda: self.go(self.index - 1))
        self.next.clicked.connect(lambda: self.go(self.index + 1))
        self.plain.toggled.connect(lambda _on: self._show_text())
        self._update_buttons()
        if not self.tours:
            self.text.setPlainText("No tours found. " + "; ".join(str(p) for p in self.problems))

    @property
    def register(self) -> str:
        return "plain" if self.plain.isChecked() else "professional"

    def start(self, tour_id: str) -> None:
        self.tour = next(t for t in self.tours if t.id == tour_id)
        self.choice.setCurrentIndex(self.choice.findData(tour_id))
        self.index = -1
        self.go(0)

    def go(self, index: int) -> None:
        if self.tour is None or not 0 <= index < len(self.tour.steps):
            return
        self.index = index
        step = self.tour.steps[index]
        state = self.view.state
        shown = set(step.show)
        opacity = {sid: TOUR_OPACITY.get(sid, 1.0) for sid in state.groups}
        state.restore(Snapshot(visibility={sid: sid in shown for sid in state.groups}, opacity=opacity, selection=None))
        self.view.renderer.highlight(list(step.highlight))
        self.view.set_landmarks("tour", step.landmarks)
        self.motion.move_to(self._pose_for(step))
        self._show_text()
        self._update_buttons()
        self.step_shown.emit(index)

    def _pose_for(self, step) -> CameraPose:
        """Where the step's preset puts the camera (computed, then the current pose restored)."""
        renderer = self.view.renderer
        now = renderer.camera_pose()
        renderer.set_view(step.view, step.zoom)
        target = CameraPose(*renderer.camera_pose(), preset=step.view)
        renderer.set_camera_pose(*now)
        return target

    def _show_text(self) -> None:
        if self.tour is None or self.index < 0:
            return
        step = self.tour.steps[self.index]
        self.title.setText(html.escape(step.title))
        self.text.setHtml(markdown_to_html(step.text(self.register)))
        self.progress.setText(f"Step {self.index + 1} of {len(self.tour.steps)}")

    def _update_buttons(self) -> None:
        active = self.tour is not None
        self.previous.setEnabled(active and self.index > 0)
        self.next.setEnabled(active and self.index < len(self.tour.steps) - 1)
        self.start_button.setEnabled(bool(self.tours))

    @property
    def at_end(self) -> bool:
        return self.tour is not None and self.index == len(self.tour.steps) - 1
