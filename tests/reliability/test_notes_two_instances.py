"""Two running instances writing notes at the same time: nothing lost, database intact."""

from __future__ import annotations

import subprocess
import sys

from explorer.notes import NotesStore
from tests.conftest import CHILD_PROCESS_TIMEOUT_S

WRITER = """
import sys
from explorer.notes import NotesStore
from tests.conftest import CHILD_PROCESS_TIMEOUT_S
store = NotesStore(sys.argv[1])
for i in range(300):
    store.set(f"{sys.argv[2]}_{i}", f"note {i} from {sys.argv[2]}")
"""


def test_two_processes_write_concurrently(tmp_path):
    path = tmp_path / "notes.sqlite3"
    NotesStore(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name]) for name in ("a", "b")]
    assert [p.wait(timeout=CHILD_PROCESS_TIMEOUT_S) for p in procs] == [0, 0]
    notes = NotesStore(path).all()
    assert len(notes) == 600
    assert notes["a_299"] == "note 299 from a" and notes["b_0"] == "note 0 from b"
