"""5,000 GUI actions in a row (selections, visibility toggles, isolate/undo, camera presets):
memory grows by less than 50 MB and nothing breaks. Bounded in count and in time."""

from __future__ import annotations

import random
import time

import pytest

pytestmark = pytest.mark.gui

ACTIONS = 5000
TIME_LIMIT_S = 600  # a bound, not a speed check: a stuck loop fails instead of hanging CI


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_five_thousand_actions_without_leaking(make_window, qapp):
    window = make_window()
    state, view = window.state, window.view
    ids = sorted(state.groups)
    presets = ["posterior", "right", "oblique", "left", "anterior"]
    rng = random.Random(1)

    def act(i: int) -> None:
        kind = i % 6
        if kind in (0, 1):
            state.select(rng.choice(ids + [None]))
        elif kind == 2:
            sid = rng.choice(ids)
            state.set_visible([sid], not state.visibility[sid])
        elif kind == 3:
            view.show_preset(rng.choice(presets))
        elif kind == 4:
            state.isolate([rng.choice(ids)]) if i % 12 == 4 else state.undo()
        else:
            state.set_opacity([rng.choice(ids)], rng.uniform(0.2, 1.0))
        if i % 25 == 0:
            qapp.processEvents()  # let the coalesced render and the widgets catch up

    for i in range(500):  # warm up caches, fonts, locators
        act(i)
    qapp.processEvents()
    before = rss_mb()
    start = time.monotonic()
    done = 0
    for i in range(ACTIONS):
        act(i)
        done += 1
        if time.monotonic() - start > TIME_LIMIT_S:
            break
    state.show_all()
    qapp.processEvents()
    grown = rss_mb() - before
    assert done == ACTIONS
    print(f"soak: {done} actions, memory grew {grown:.1f} MB")
    assert grown < 50, f"memory grew {grown:.1f} MB over {done} actions"
    # The window still works: a selection still reaches the panel.
    state.select("piriformis_right")
    assert "Piriformis (right)" in window.panel.text.toPlainText()
