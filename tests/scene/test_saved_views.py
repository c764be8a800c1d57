"""Saved views round-trip through disk exactly; saving a name again replaces it."""

from __future__ import annotations

from explorer.scene import CameraPose, Snapshot
from explorer.scene.saved_views import SavedViews


def test_saved_views_round_trip(tmp_path):
    store = SavedViews(tmp_path / "views")
    snap = Snapshot({"a": True, "b": False}, {"a": 0.5, "b": 1.0}, "a", CameraPose((1.0, 2.0, 3.0), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), "right"))
    store.save("Piriformis close-up", snap, store.thumbnail_path("Piriformis close-up"))
    again = SavedViews(tmp_path / "views").get("Piriformis close-up")
    assert again.snapshot == snap
    assert again.thumbnail.name == "piriformis-close-up.png"
    store.save("Piriformis close-up", Snapshot())
    assert [v.name for v in store.list()] == ["Piriformis close-up"] and store.list()[0].snapshot == Snapshot()
    store.delete("Piriformis close-up")
    assert store.list() == []
