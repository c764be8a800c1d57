"""User notes, one per structure, in a SQLite database in the user's data directory.

SQLite in write-ahead-log mode with one transaction per save: a crash or power cut loses at
most the save in flight, never earlier notes, and two running windows can both write (SQLite
serialises them; ``busy_timeout`` makes the second wait instead of failing). A database that
SQLite cannot read is moved aside (kept, never deleted) and a fresh one started;
``recovered_from`` then names the kept file so the app can tell the user. Notes are plain text
and never rendered as HTML. Export and import (Markdown or JSON) round-trip exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
_NOTE_START = re.compile(r"^<!-- note: (?P<id>[a-z0-9_]+) -->$")


class NotesFormatError(ValueError):
    """An import file that is not a notes export; the message names the file and line."""


def default_notes_path() -> Path:
    """notes.sqlite3 in the platform's per-user data folder."""
    return user_data_path("notes.sqlite3")


class NotesStore:
    """Read and write notes; every write is its own committed transaction."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or default_notes_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.recovered_from: Path | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            self.recovered_from = self._move_aside()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=5000")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            db.executescript(SCHEMA)
            db.execute("SELECT structure_id, text, updated_at FROM notes LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _move_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        self.path.rename(kept)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(kept.with_name(kept.name + suffix))
        return kept

    def get(self, structure_id: str) -> str:
        row = self._db.execute("SELECT text FROM notes WHERE structure_id = ?", (structure_id,)).fetchone()
        return row[0] if row else ""

    def set(self, structure_id: str, text: str) -> None:
        """Save (or, for empty text, delete) one structure's note, in one transaction."""
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

    # -- export and import ------------------------------------------------------------------
    def export_markdown(self, path: Path, names: dict[str, str]) -> int:
        """One Markdown file, a heading per structure; each note sits verbatim in a fence
        longer than any run of tildes inside it, so import gives back exactly the same text."""
        notes = self.all()
        lines = ["# My notes - Gluteal Anatomy Explorer", ""]
        for sid, text in notes.items():
            fence = "~" * max(4, 1 + max((len(m) for m in re.findall(r"~+", text)), default=0))
            lines += [f"## {names.get(sid, sid)}", f"<!-- note: {sid} -->", fence + "text", text, fence, ""]
        _write_exact(Path(path), "\n".join(lines))
        return len(notes)

    def export_json(self, path: Path) -> int:
        notes = self.all()
        _write_exact(Path(path), json.dumps({"notes": notes}, ensure_ascii=False, indent=1))
        return len(notes)

    def import_file(self, path: Path) -> int:
        """Merge notes from a Markdown or JSON export (imported notes replace same-id ones)."""
        path = Path(path)
        with open(path, encoding="utf-8", newline="") as handle:  # keep '\r' in notes as typed
            text = handle.read()
        notes = _parse_json(path, text) if path.suffix.lower() == ".json" else _parse_markdown(path, text)
        with self._db:
            for sid, note in notes.items():
                self.set(sid, note)
        return len(notes)

    def close(self) -> None:
        self._db.close()


def _write_exact(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:  # no newline translation
        handle.write(text)


def _parse_json(path: Path, text: str) -> dict[str, str]:
    try:
        notes = json.loads(text)["notes"]
    except (ValueError, KeyError, TypeError) as exc:
        raise NotesFormatError(f"{path}: not a notes export ({exc})") from None
    if not isinstance(notes, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in notes.items()):
        raise NotesFormatError(f"{path}: 'notes' must map structure ids to texts")
    return notes


def _parse_markdown(path: Path, text: str) -> dict[str, str]:
    lines = text.split("\n")
    notes: dict[str, str] = {}
    i = 0
    while i < len(lines):
        match = _NOTE_START.match(lines[i])
        if not match:
            i += 1
            continue
        opening = lines[i + 1] if i + 1 < len(lines) else ""
        fence = opening[: len(opening) - len("text")] if opening.endswith("text") else ""
        if not fence or set(fence) != {"~"}:
            raise NotesFormatError(f"{path}:{i + 2}: expected a '~~~~text' line opening the note")
        try:
            end = lines.index(fence, i + 2)
        except ValueError:
            raise NotesFormatError(f"{path}:{i + 2}: note '{match['id']}' is never closed by '{fence}'") from None
        notes[match["id"]] = "\n".join(lines[i + 2 : end])
        i = end + 1
    return notes
