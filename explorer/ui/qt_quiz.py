"""Quiz panel: 'find it' (click in 3D), 'name it' (four names, keys 1-4) and 'place it' (click
the skin where a site or landmark is), with score, streak and a review of mistakes at the end.

While a quiz runs the view's clicks come here instead of selecting, names are not shown on
hover, and what the quiz hides or shows is restored when it ends.
"""

from __future__ import annotations

import html
from dataclasses import replace

import numpy as np
import pyvista as pv
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.render.appearance import VIEWS
from explorer.learning.quiz import MODES, PLACE_TOLERANCE_MM, place_quiz, structure_quiz
from explorer.scene import Snapshot

QUIZ_GROUPS = ("bone", "muscle", "nerve", "vessel", "joint", "injection_site")
#: Views a place-it question may use: the one facing the skin at the answer is taken, so the
#: spot can be clicked, without the camera pointing at it.
PLACE_VIEWS = ("posterior", "anterior", "left", "right", "oblique")
MARKERS = ("quiz_target", "quiz_given", "quiz_line")


class _ChoiceBox(QWidget):
    """Four answer buttons; keys 1-4 choose even though the window uses 1-7 for camera views."""

    chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        self.buttons = []
        for i in range(4):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, k=i: self.chosen.emit(k))
            button.setAutoDefault(True)  # Enter answers with the focused name
            button.installEventFilter(self)
            grid.addWidget(button, i // 2, i % 2)
            self.buttons.append(button)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        digit = event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_4
        if digit:
            event.accept()  # claim the key before the window's view-preset shortcuts
            if event.type() == QEvent.Type.KeyPress:
                self.chosen.emit(event.key() - Qt.Key.Key_1)
            return True
        return False


class QtQuizPanel(QWidget):
    answered = Signal(object)  # explorer.learning.quiz.Answer

    def __init__(self, atlas, view, parent=None):
        super().__init__(parent)
        self.atlas, self.view = atlas, view
        self.quiz = None
        self._before: Snapshot | None = None
        self._skin_normals = None
        self._build()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.mode = QComboBox()
        for key, label in MODES.items():
            self.mode.addItem(label, key)
        self.groups = {g: QCheckBox(g.replace("_", " ")) for g in QUIZ_GROUPS}
        for g in ("bone", "muscle", "nerve"):
            self.groups[g].setChecked(True)
        self.sides = {s: QCheckBox(s) for s in ("left", "right")}
        for box in self.sides.values():
            box.setChecked(True)
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setToolTip("The same number gives the same questions in the same order")
        self.count = QSpinBox()
        self.count.setRange(1, 30)
        self.count.setValue(8)
        layers = QGridLayout()
        for i, box in enumerate(self.groups.values()):
            layers.addWidget(box, i // 3, i % 3)
        sides = QHBoxLayout()
        for box in self.sides.values():
            sides.addWidget(box)
        form = QFormLayout()
        form.addRow("Quiz", self.mode)
        form.addRow("Layers", layers)
        form.addRow("Sides", sides)
        form.addRow("Questions", self.count)
        form.addRow("Seed", self.seed)
        self.start_button = QPushButton("Start quiz")
        self.stop_button = QPushButton("End quiz")
        self.prompt = QLabel("Choose a quiz and press Start.")
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.prompt.setAccessibleName("Quiz question")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Quiz feedback")
        self.score = QLabel()
        self.choices = _ChoiceBox()
        self.next_button = QPushButton("Next question ▶")
        self.next_button.setAutoDefault(True)
        self.review = QTextBrowser()
        self.review.setAccessibleName("Quiz review")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        for widget in (self.prompt, self.choices, self.feedback, self.score, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.review, 1)
        layout.addStretch()
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.next_button.clicked.connect(self._ask)
        self.choices.chosen.connect(self._on_choice)
        self._idle()

    def _idle(self) -> None:
        self.choices.hide()
        self.next_button.hide()
        self.stop_button.setEnabled(False)
        self.review.setVisible(bool(self.review.toPlainText()))

    @property
    def active(self) -> bool:
        return self.quiz is not None and not self.quiz.finished

    # -- running ----------------------------------------------------------------------------
    def start(self) -> None:
        mode = self.mode.currentData()
        groups = tuple(g for g, box in self.groups.items() if box.isChecked())
        sides = tuple(s for s, box in self.sides.items() if box.isChecked()) or ("left", "right")
        try:
            if mode == "place":
                skin = self.view.renderer.actors["skin"].mapper.dataset.points
                self.quiz = place_quiz(self.atlas, np.asarray(skin), sides=sides, count=self.count.value(), seed=self.seed.value())
            else:
                self.quiz = structure_quiz(self.atlas, mode, groups, sides, self.count.value(), self.seed.value())
        except (ValueError, KeyError) as exc:
            self.prompt.setText(html.escape(str(exc.args[0]) if exc.args else "This quiz cannot start."))
            return
        self._before = self.view.state.snapshot()
        self.view.state.select(None)
        self.view.click_handler = self._on_click
        self.review.clear()
        self.review.hide()
        self.stop_button.setEnabled(True)
        self._ask()

    def stop(self) -> None:
        """End the quiz now and put the scene back as it was."""
        self.view.click_handler = None
        self._clear_markers()
        self.view.renderer.highlight([])
        if self._before is not None:
            self.view.state.restore(replace(self._before, selection=None, camera=None))
            self._before = None
        if self.quiz is not None and not self.quiz.finished:
            self.quiz = None
            self.prompt.setText("Quiz ended.")
        self.feedback.clear()
        self._idle()
        self.view.request_render()

    def _ask(self) -> None:
        q = self.quiz.current
        self._clear_markers()
        self.feedback.clear()
        self.next_button.hide()
        if q is None:
            return self._finish()
        state, renderer = self.view.state, self.view.renderer
        if q.mode == "place":
            skin_only = {sid: sid == "skin" for sid in state.groups}
            state.restore(Snapshot(skin_only, state.opacity | {"skin": 1.0}, None, None))
            self.view.show_preset(self._view_facing(q.point))
        else:
            groups = {g for g, box in self.groups.items() if box.isChecked()}
            shown = {sid: state.groups[sid] in groups for sid in state.groups}
            # "name it": everything else becomes a faint veil so the outlined one stands out.
            faint = 0.2 if q.mode == "name" else 1.0
            opacity = {sid: (1.0 if sid == q.target else faint) for sid in state.groups}
            state.restore(Snapshot(shown, opacity, None, None))
            self.view.show_preset("posterior")
        renderer.highlight([q.target] if q.mode == "name" else [])
        self.choices.setVisible(q.mode == "name")
        if q.mode == "name":
            for i, (button, sid) in enumerate(zip(self.choices.buttons, q.choices)):
                button.setText(f"{i + 1}  {self.atlas[sid].display_name}")
                button.setEnabled(True)
            self.choices.buttons[0].setFocus()
        self.prompt.setText(f"{len(self.quiz.answers) + 1}/{len(self.quiz.questions)}: {q.prompt}")
        self.view.request_render()

    def _view_facing(self, point) -> str:
        skin = self.view.renderer.actors["skin"].mapper.dataset
        if self._skin_normals is None:
            self._skin_normals = np.asarray(skin.compute_normals(cell_normals=False, auto_orient_normals=True).point_data["Normals"])
        normal = self._skin_normals[skin.find_closest_point(point)]
        return max(PLACE_VIEWS, key=lambda v: normal @ (np.asarray(VIEWS[v][0]) / np.linalg.norm(VIEWS[v][0])))

    def _on_click(self, sid, point) -> None:
        q = self.quiz.current if self.quiz else None
        if q is None or self.next_button.isVisible():
            return
        if q.mode == "find":
            self._after(self.quiz.answer_structure(sid))
        elif q.mode == "place" and point is not None:
            self._after(self.quiz.answer_point(point))

    def _on_choice(self, index: int) -> None:
        q = self.quiz.current if self.quiz else None
        if q is None or q.mode != "name" or self.next_button.isVisible():
            return
        self._after(self.quiz.answer_structure(q.choices[index]))

    def _after(self, answer) -> None:
        q = answer.question
        right = "✓ Right!" if answer.correct else "✗ Not quite."
        if q.mode == "place":
            self._show_place_markers(answer)
            text = f"{right} You were {answer.distance_mm:.0f} mm from the point (within {PLACE_TOLERANCE_MM:.0f} mm counts)."
        else:
            target = self.atlas[q.target].display_name
            given = self.atlas[answer.given].display_name if answer.given else "nothing"
            text = right if answer.correct else f"{right} You chose {given}; the answer is {target} (outlined)."
            self.view.renderer.highlight([q.target])
        for button in self.choices.buttons:
            button.setEnabled(False)
        self.feedback.setText(text)
        self.score.setText(f"Score {self.quiz.score}/{len(self.quiz.answers)} · streak {self.quiz.streak} (best {self.quiz.best_streak})")
        self.next_button.setText("See results ▶" if self.quiz.finished else "Next question ▶")
        self.next_button.show()
        self.next_button.setFocus()
        self.view.request_render()
        self.answered.emit(answer)

    def _finish(self) -> None:
        quiz = self.quiz
        rows = []
        for a in quiz.mistakes:
            q = a.question
            if q.mode == "place":
                rows.append(f"<li>{html.escape(q.prompt)}: {a.distance_mm:.0f} mm away</li>")
            else:
                given = self.atlas[a.given].display_name if a.given else "no answer"
                rows.append(f"<li>{html.escape(self.atlas[q.target].display_name)}: you answered {html.escape(given)}</li>")
        placed = [a.distance_mm for a in quiz.answers if a.distance_mm is not None]
        mean = f"<p>Mean distance from the right point: {np.mean(placed):.0f} mm.</p>" if placed else ""
        self.review.setHtml(
            f"<h3>{quiz.score} of {len(quiz.questions)} right</h3><p>Best streak: {quiz.best_streak}</p>{mean}"
            + (f"<p>To review:</p><ul>{''.join(rows)}</ul>" if rows else "<p>No mistakes. Well done!</p>")
        )
        self.prompt.setText("Quiz finished.")
        self.stop()
        self.review.show()

    # -- place-it markers -----------------------------------------------------------------------
    def _show_place_markers(self, answer) -> None:
        plotter = self.view.interactor
        target, given = np.array(answer.question.point), np.array(answer.given_point)
        for name, centre, colour in (("quiz_target", target, "#1a9850"), ("quiz_given", given, "#d95f02")):
            plotter.add_mesh(pv.Sphere(radius=6.0, center=centre), color=colour, name=name, pickable=False, reset_camera=False, render=False)
        plotter.add_mesh(pv.Line(target, given), color="#202020", line_width=3, name="quiz_line", pickable=False, reset_camera=False, render=False)

    def _clear_markers(self) -> None:
        for name in MARKERS:
            self.view.interactor.remove_actor(name, render=False)
