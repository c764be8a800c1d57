"""User notes, one per structure, in a SQLite database in the user's data directory.

SQLite in write-ahead-log mode with one transaction per save: a crash or power cut loses at
most the save in flight, never earlier notes, and two running windows can both write (SQLite
serialises them; ``busy_timeout`` makes the second wait instead of failing). Notes are plain
text and never rendered as HTML.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from explorer.user_dirs import user_data_path

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    structure_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def default_notes_path() -> Path:
    """notes.sqlite3 in the platform's per-user data folder (created on demand)."""
    return user_data_path("notes.sqlite3")


class NotesStore:
    """Read and write notes; every write is its own committed transaction."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or default_notes_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)

    def get(self, structure_id: str) -> str:
        row = self._db.execute("SELECT text FROM notes WHERE structure_id = ?", (structure_id,)).fetchone()
        return row[0] if row else ""

    def set(self, structure_id: str, text: str) -> None:
        """Save (or, for empty text, delete) one structure's note."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._db:
            if text.strip():
                self._db.execute(
                    "INSERT INTO notes(structure_id, text, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(structure_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    (structure_id, text, now),
                )
            else:
                self._db.execute("DELETE FROM notes WHERE structure_id = ?", (structure_id,))

    def all(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT structure_id, text FROM notes ORDER BY structure_id"))

    def export_markdown(self, path: Path, names: dict[str, str]) -> int:
        """Write every note to one Markdown file, a heading per structure; return the count."""
        notes = self.all()
        lines = ["# My notes - Gluteal Anatomy Explorer", ""]
        for sid, text in notes.items():
            lines += [f"## {names.get(sid, sid)}", f"<!-- id: {sid} -->", "", text.rstrip(), ""]
        Path(path).write_text("\n".join(lines), encoding="utf-8")
        return len(notes)

    def close(self) -> None:
        self._db.close()
