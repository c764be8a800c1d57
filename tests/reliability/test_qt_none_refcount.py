"""Qt calls from Python must not wear ``None`` away (PySide6 6.12 on Python 3.11 drops a reference
to it per call that returns nothing): once they outnumber None's references, Python aborts, which
a long session of the window would reach (see explorer/refcount_guard.py)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import CHILD_PROCESS_TIMEOUT_S

MANY_QT_CALLS = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
import explorer.ui.qt_app  # what the window imports
app = QCoreApplication([])
timer = QTimer()
for _ in range(100_000):  # None starts with some 20,000 references here
    app.processEvents()
    timer.start(0)
print("alive", flush=True)
"""


def test_a_hundred_thousand_qt_calls_leave_python_alive():
    result = subprocess.run([sys.executable, "-c", MANY_QT_CALLS], capture_output=True, text=True, timeout=CHILD_PROCESS_TIMEOUT_S)
    assert result.returncode == 0 and "alive" in result.stdout, result.stderr[-2000:]
