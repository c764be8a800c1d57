"""Keep ``None`` alive under PySide6 6.12 on Python 3.11 and older.

PySide6 6.12.0 drops one reference to ``None`` each time Python calls a Qt method that returns
nothing (``QTimer.start``, ``QWidget.update``, ``QCoreApplication.processEvents``...). Python
3.12 made ``None`` immortal, so nothing happens there; on 3.11, once the lost references reach
the count ``None`` had (some 42,000 with the window open), Python frees it and aborts
("Fatal Python error: none_dealloc"). The window makes such calls in its event handlers: 5,000
scene actions (tests/reliability/test_soak.py) lost about 8,000, so a session of some 25,000 such actions would end
that way. Giving ``None`` a reserve of references it can never use up (as 3.12 does with its
immortal count) is the fix that does not depend on which Qt call leaks. Run on ``import
explorer``, before anything touches Qt.
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
