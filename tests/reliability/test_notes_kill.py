"""A process writing notes is killed (SIGKILL) at random moments, many times: every note it
had saved is intact afterwards and the database opens.

The moment is a random number of confirmed saves, not a random time: after a fixed time a busy
machine may not have started writing yet (its imports alone can take longer)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

from explorer.notes import NotesStore
from tests.conftest import CHILD_PROCESS_TIMEOUT_S

WRITER = """
import sys
from explorer.notes import NotesStore
from tests.conftest import CHILD_PROCESS_TIMEOUT_S
store = NotesStore(sys.argv[1])
start = int(sys.argv[2])
i = start
while True:
    store.set(f"note_{i % 40}", f"text {i} " + "x" * (i % 500))
    print(i, flush=True)  # printed only after the transaction committed
    i += 1
"""


def test_notes_survive_sigkill_mid_save(tmp_path):
    path = tmp_path / "notes.sqlite3"
    rng = random.Random(7)
    expected: dict[str, str] = {}
    next_i = 0
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(next_i)], stdout=subprocess.PIPE, text=True)
        seen = [proc.stdout.readline() for _ in range(rng.randint(1, 40))]  # it writes on meanwhile
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()  # to the end: the killed process closed its end
        proc.stdout.close()
        proc.wait(timeout=CHILD_PROCESS_TIMEOUT_S)
        confirmed = [int(line) for line in "".join(seen).split() + rest.split()]
        for i in confirmed:
            expected[f"note_{i % 40}"] = f"text {i} " + "x" * (i % 500)
        if confirmed:
            next_i = confirmed[-1] + 1
        store = NotesStore(path)  # opens: not corrupt, nothing moved aside
        assert store.recovered_from is None
        notes = store.all()
        store.close()
        # Every confirmed save is there; a note may be one save newer (committed, not yet printed).
        for sid, text in expected.items():
            assert notes[sid] == text or int(notes[sid].split()[1]) == next_i
    assert next_i > 200  # it really was writing when killed
