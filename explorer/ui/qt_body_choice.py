"""The Body choice: View > Body (Male / Female), a Body box on the toolbar, and B to swap.

    choose(body) ─ the atlas of that body (texts and files, quick) ─> view.switch_body
        view reads her meshes a batch per event-loop turn ─> progress bar in the status bar
        view.body_replacing ─> the window takes the planner's drawings and a quiz out
        view.body_switched  ─> the window hands the new atlas to every panel; checks follow

The window stays usable while the meshes are read (the scene shown is the old body until the
new one replaces it at once). A body whose meshes were never built is offered disabled, with
the reason in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QProgressBar

from explorer.atlas.descriptors import BODIES, body_built

LABELS = {"male": "Male", "female": "Female"}
SUBJECTS = {"male": "Visible Human Male", "female": "Visible Human Female"}
SWAP_SHORTCUT = "B"


class QtBodyChoice(QObject):
    """Menu entries, toolbar box and shortcut that switch the body the view draws."""

    #: The switch is done: the body now shown.
    switched = Signal(str)

    def __init__(self, window, menu, toolbar):
        super().__init__(window)
        self.window, self.view = window, window.view
        self._then = []  # what to do once the body asked for is drawn (a saved view to restore)
        self._pending = None  # a body chosen while another was being read
        root = window.atlas.meshes_root
        self.built = {body: body_built(body, root) for body in BODIES}
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for body in BODIES:
            act = QAction(LABELS[body], window, checkable=True)
            act.setEnabled(self.built[body])
            act.setToolTip(SUBJECTS[body] if self.built[body] else f"not built: run anatomy-explorer build-meshes --body {body}")
            act.triggered.connect(lambda _c=False, b=body: self.choose(b))
            group.addAction(act)
            menu.addAction(act)
            window.addAction(act)
            self.actions[body] = act
        self.swap_action = QAction("Switch body (male / female)", window)
        self.swap_action.setShortcut(QKeySequence(SWAP_SHORTCUT))
        self.swap_action.triggered.connect(self.swap)
        menu.addAction(self.swap_action)
        window.addAction(self.swap_action)
        self.box = QComboBox()
        self.box.setAccessibleName("Body")
        self.box.setToolTip(f"Body shown ({SWAP_SHORTCUT} switches)")
        for body in BODIES:
            self.box.addItem(f"{LABELS[body]} body", body)
            self.box.model().item(self.box.count() - 1).setEnabled(self.built[body])
        self.box.activated.connect(lambda index: self.choose(self.box.itemData(index)))
        toolbar.addSeparator()
        toolbar.addWidget(self.box)
        self.progress = QProgressBar()
        self.progress.setFormat("Loading the body… %p%")
        self.progress.setAccessibleName("Body loading progress")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        self.view.body_progress.connect(self._progress)
        self.view.body_switched.connect(self._switched)
        self._show(self.view.state.body)

    @property
    def body(self) -> str:
        return self.view.state.body

    def swap(self) -> None:
        """B: the other body (when it is built)."""
        other = next(b for b in BODIES if b != self.body)
        if self.built[other]:
            self.choose(other)

    def choose(self, body: str, then=None) -> None:
        """Show ``body``; ``then()`` runs once it is drawn (at once if it is shown already)."""
        if then is not None:
            self._then.append(then)
        if self.view.switching_body:
            self._pending = body  # the body being read is drawn first; then this one
            return
        if body == self.body:
            self._show(body)
            self._run_then()
            return
        atlas = self.window.atlas.with_body(body)
        for act in (*self.actions.values(), self.swap_action):
            act.setEnabled(False)
        self.box.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.window.statusBar().showMessage(f"Loading the {body} body ({SUBJECTS[body]})…")
        self.view.switch_body(atlas)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _switched(self, body: str) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending != body:
            self.choose(pending)
            return
        self.progress.hide()
        for b, act in self.actions.items():
            act.setEnabled(self.built[b])
        self.swap_action.setEnabled(True)
        self.box.setEnabled(True)
        self._show(body)
        self.switched.emit(body)
        self._run_then()

    def _show(self, body: str) -> None:
        self.actions[body].setChecked(True)
        self.box.setCurrentIndex(self.box.findData(body))

    def _run_then(self) -> None:
        then, self._then = self._then, []
        for action in then:
            action()
