"""Keep ``None`` alive under PySide6 6.12 on Python 3.11 and older.

PySide6 6.12.0 drops one reference to ``None`` each time Python calls a Qt method that returns
nothing (``QTimer.start``, ``QWidget.update``, ``QCoreApplication.processEvents``...). Python
3.12 made ``None`` immortal, so nothing happens there; on 3.11 ``None`` starts with some 18,000
references, and after that many calls Python frees it and aborts with "Fatal Python error:
none_dealloc". The window makes such calls on every hover and every pytest-qt wait, so a busy test
run (more wait turns) or a long session died of it. Giving ``None`` a reserve of references it can
never use up (as 3.12 does with its immortal count) is the fix that does not depend on which Qt
call leaks. Imported with the package, before anything touches Qt.
"""

from __future__ import annotations

import ctypes
import sys

#: References added to None: more than any session can lose (one per Qt call).
RESERVE = 1 << 40


def protect_none() -> None:
    """Raise None's reference count by RESERVE, once, where CPython still counts them (< 3.12)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or getattr(protect_none, "done", False):
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: the object's first field
    if abs(count.value - sys.getrefcount(None)) > 16:  # another object layout (a trace-refs build): leave it
        return
    count.value += RESERVE
    protect_none.done = True
