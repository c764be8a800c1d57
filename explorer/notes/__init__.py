"""The user's own notes per structure, in SQLite. Qt-free."""

from explorer.notes.notes_store import NotesStore, default_notes_path

__all__ = ["NotesStore", "default_notes_path"]
