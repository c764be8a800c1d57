"""Saved views: camera, visibility, opacity and selection under a name, with a thumbnail, and
the body they were saved on (a file from before there were two bodies has none: male).

Stored as one JSON file (and a PNG per view) in the user's data folder, written atomically
(temporary file, then rename) so a crash never leaves half a file. Qt-free.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from explorer.scene.scene_state import CameraPose, Snapshot
from explorer.user_dirs import user_data_path

#: The body of a view saved before the atlas had a second one.
DEFAULT_BODY = "male"


@dataclass(frozen=True)
class SavedView:
    name: str
    snapshot: Snapshot
    thumbnail: Path | None = None
    #: The body the view was saved on: restoring it shows that body again.
    body: str = DEFAULT_BODY


class SavedViews:
    """Named snapshots on disk; names are unique (saving a name again replaces it)."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder or user_data_path("views"))
        self.index = self.folder / "views.json"

    def list(self) -> list[SavedView]:
        try:
            raw = json.loads(self.index.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        views = []
        for item in raw.get("views", []):
            snap = item["snapshot"]
            camera = CameraPose(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in snap["camera"].items()}) if snap.get("camera") else None
            thumb = self.folder / item["thumbnail"] if item.get("thumbnail") else None
            views.append(SavedView(item["name"], Snapshot(snap["visibility"], snap["opacity"], snap["selection"], camera), thumb,
                                   item.get("body", DEFAULT_BODY)))
        return views

    def thumbnail_path(self, name: str) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "view"
        return self.folder / f"{slug}.png"

    def save(self, name: str, snapshot: Snapshot, thumbnail: Path | None = None, body: str = DEFAULT_BODY) -> SavedView:
        view = SavedView(name, snapshot, thumbnail, body)
        views = [v for v in self.list() if v.name != name] + [view]
        self._write(views)
        return view

    def delete(self, name: str) -> None:
        self._write([v for v in self.list() if v.name != name])

    def get(self, name: str) -> SavedView:
        for view in self.list():
            if view.name == name:
                return view
        raise KeyError(name)

    def _write(self, views: list[SavedView]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        doc = {
            "views": [
                {
                    "name": v.name,
                    "snapshot": asdict(v.snapshot),
                    "thumbnail": v.thumbnail.name if v.thumbnail else None,
                    "body": v.body,
                }
                for v in views
            ]
        }
        tmp = self.index.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        os.replace(tmp, self.index)
