"""SceneState holds which sciatic variant is drawn and tells its observers when it changes."""

from __future__ import annotations

import pytest

from explorer.scene import SceneState


def test_switching_variant_emits_once_and_is_not_an_undo_step():
    state = SceneState({"sciatic_nerve_right": "nerve"}, variants=("A", "B"))
    seen = []
    state.variant_changed.connect(seen.append)
    state.set_variant("B")
    state.set_variant("B")
    assert state.variant == "B" and seen == ["B"] and not state.can_undo


def test_an_unknown_variant_is_refused_by_name():
    state = SceneState({"sciatic_nerve_right": "nerve"}, variants=("A", "B"))
    with pytest.raises(ValueError, match="'C' is not one of A, B"):
        state.set_variant("C")
    assert state.variant == "A"
