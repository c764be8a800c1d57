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
from explorer.learning.quiz import MODES, PLACE_TOLERANCE_MM, QUIZ_LAYERS, SEED_RANGE, in_layers, place_quiz, structure_quiz
from explorer.scene import Snapshot

#: Views a place-it question may use: the one facing the skin at the answer is taken, so the
#: spot can be clicked, without the camera pointing at it.
PLACE_VIEWS = ("posterior", "anterior", "left", "right", "oblique")
MARKERS = ("quiz_target", "quiz_given", "quiz_line")
TARGET_COLOUR, GIVEN_COLOUR = "#1a9850", "#d95f02"  # green: the answer; orange: the click


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
        self.groups = {layer: QCheckBox(layer) for layer in QUIZ_LAYERS}
        for g in ("bone", "muscle", "nerve"):
            self.groups[g].setChecked(True)
        self.sides = {s: QCheckBox(s) for s in ("left", "right")}
        for box in self.sides.values():
            box.setChecked(True)
        self.seed = QSpinBox()
        self.seed.setRange(0, SEED_RANGE[1])
        self.seed.setSpecialValueText("Random")  # 0: new questions each time
        self.seed.setToolTip("Random: new questions each time. A number (each quiz shows its own) gives the same "
                             "questions in the same order, to repeat a quiz or share it with a class.")
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
        self.legend = QLabel(
            f"<span style='color:{TARGET_COLOUR}'>●</span> where it is (a point, the crest's line or the injection zone) "
            f"&nbsp; <span style='color:{GIVEN_COLOUR}'>●</span> your click &nbsp; <b>—</b> the distance between them")
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("What the quiz markers mean")
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
        for widget in (self.prompt, self.choices, self.feedback, self.legend, self.score, self.next_button):
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
        self.legend.hide()
        self.next_button.hide()
        self.stop_button.setEnabled(False)
        self.review.setVisible(bool(self.review.toPlainText()))

    @property
    def active(self) -> bool:
        return self.quiz is not None and not self.quiz.finished

    # -- running ----------------------------------------------------------------------------
    def start(self) -> None:
        mode = self.mode.currentData()
        groups = self._chosen_layers()
        sides = tuple(s for s, box in self.sides.items() if box.isChecked()) or ("left", "right")
        seed = self.seed.value() or None  # "Random": the quiz draws one
        try:
            if mode == "place":
                self.quiz = place_quiz(self.atlas, self._outer_skin(), sides=sides, count=self.count.value(), seed=seed,
                                       zones=self._zones())
            else:
                self.quiz = structure_quiz(self.atlas, mode, groups, sides, self.count.value(), seed)
        except (ValueError, KeyError) as exc:
            self.prompt.setText(html.escape(str(exc.args[0]) if exc.args else "This quiz cannot start."))
            return
        self._before = self.view.state.snapshot()
        self.view.state.select(None)
        self.view.click_handler = self._on_click
        self.review.clear()
        self.review.hide()
        self.score.setText(f"Seed {self.quiz.seed}: enter it as the seed to ask these questions again")
        self.stop_button.setEnabled(True)
        self._ask()

    def _chosen_layers(self) -> tuple[str, ...]:
        """The groups and structure ids of the ticked layers."""
        return tuple(g for layer, box in self.groups.items() if box.isChecked() for g in QUIZ_LAYERS[layer])

    def _outer_skin(self) -> np.ndarray:
        """Points of the skin's outer face (RAS mm), where the learner clicks: the skin is a
        shell, and the answers must lie on the face that is seen, not on the inner one."""
        skin = self.view.renderer.actors["skin"].mapper.dataset
        parts = skin.connectivity("all")
        regions = np.asarray(parts.point_data["RegionId"])
        points = np.asarray(parts.points)
        extent = [np.ptp(points[regions == r], axis=0).prod() for r in range(regions.max() + 1)]
        return points[regions == int(np.argmax(extent))]

    def _zones(self) -> dict[str, np.ndarray]:
        """The injection zones as triangles (RAS mm): 'place it' scores them as areas."""
        zones = {}
        for sid, actor in self.view.renderer.actors.items():
            if self.atlas[sid].group == "injection_site":
                mesh = actor.mapper.dataset
                zones[sid] = np.asarray(mesh.points)[mesh.faces.reshape(-1, 4)[:, 1:]]
        return zones

    def use_atlas(self, atlas) -> None:
        """Another body is drawn: questions come from its atlas, clicks land on its skin."""
        self.atlas, self._skin_normals = atlas, None

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
        self.legend.hide()
        self.next_button.hide()
        if q is None:
            return self._finish()
        state, renderer = self.view.state, self.view.renderer
        if q.mode == "place":
            skin_only = {sid: sid == "skin" for sid in state.groups}
            state.restore(Snapshot(skin_only, state.opacity | {"skin": 1.0}, None, None))
            self.view.show_preset(self._view_facing(q.point))
        else:
            groups = self._chosen_layers()
            shown = {sid: in_layers(self.atlas[sid], groups) for sid in state.groups}
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
        if (q.mode == "find" and sid is None) or (q.mode == "place" and point is None):
            # A miss of everything is not an answer: ask again.
            self.feedback.setText("That was the background, not a part of the body: click on " +
                                  ("a structure." if q.mode == "find" else "the skin."))
        elif q.mode == "find":
            self._after(self.quiz.answer_structure(sid))
        elif q.mode == "place":
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
            if q.shape == "area" and answer.distance_mm == 0:
                text = f"{right} Your click is inside the injection zone."
            else:
                text = (f"{right} You were {answer.distance_mm:.0f} mm from the {q.shape} "
                        f"(within {PLACE_TOLERANCE_MM:.0f} mm counts).")
            self.legend.show()
        else:
            target = self.atlas[q.target].display_name
            given = self.atlas[answer.given].display_name if answer.given else "nothing"
            text = right if answer.correct else f"{right} You chose {given}; the answer is {target} (outlined)."
            self.view.renderer.highlight([q.target])
        for button in self.choices.buttons:
            button.setEnabled(False)
        self.feedback.setText(text)
        self.score.setText(f"Score {self.quiz.score}/{len(self.quiz.answers)} · streak {self.quiz.streak} "
                           f"(best {self.quiz.best_streak}) · seed {self.quiz.seed}")
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
                answered = f"you answered {html.escape(self.atlas[a.given].display_name)}" if a.given else "not answered"
                rows.append(f"<li>{html.escape(self.atlas[q.target].display_name)}: {answered}</li>")
        placed = [a.distance_mm for a in quiz.answers if a.distance_mm is not None]
        mean = f"<p>Mean distance from the right place: {np.mean(placed):.0f} mm.</p>" if placed else ""
        self.review.setHtml(
            f"<h3>{quiz.score} of {len(quiz.questions)} right</h3><p>Best streak: {quiz.best_streak}. "
            f"Seed {quiz.seed}: enter it to ask the same questions again.</p>{mean}"
            + (f"<p>To review:</p><ul>{''.join(rows)}</ul>" if rows else "<p>No mistakes. Well done!</p>")
        )
        self.prompt.setText("Quiz finished.")
        self.stop()
        self.review.show()

    # -- place-it markers -----------------------------------------------------------------------
    def _show_place_markers(self, answer) -> None:
        """The answer in green (a point, the crest's line, or the zone), the click in orange,
        and a black line between the click and the answer's nearest point."""
        plotter = self.view.interactor
        q = answer.question
        target, given, nearest = np.array(q.point), np.array(answer.given_point), np.array(answer.nearest_point)
        if q.area is not None:
            faces = np.column_stack([np.full(len(q.area), 3), np.arange(3 * len(q.area)).reshape(-1, 3)]).ravel()
            shape = pv.PolyData(q.area.reshape(-1, 3), faces)
        elif q.line is not None:
            shape = pv.MultipleLines(q.line).tube(radius=2.5)
        else:
            shape = pv.Sphere(radius=6.0, center=target)
        plotter.add_mesh(shape, color=TARGET_COLOUR, name="quiz_target", pickable=False, reset_camera=False, render=False)
        plotter.add_mesh(pv.Sphere(radius=6.0, center=given), color=GIVEN_COLOUR, name="quiz_given", pickable=False,
                         reset_camera=False, render=False)
        plotter.add_mesh(pv.Line(nearest, given), color="#202020", line_width=3, name="quiz_line", pickable=False,
                         reset_camera=False, render=False)

    def _clear_markers(self) -> None:
        for name in MARKERS:
            self.view.interactor.remove_actor(name, render=False)
