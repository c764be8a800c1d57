"""A test's window is gone when its test ends: not destroyed later, inside the next test's waits
for its own new window (where the suite aborted on a busy machine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHILD_PROCESS_TIMEOUT_S

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
TWO_TESTS = '''
import os

events = []


def test_first(make_window):
    window = make_window()
    window.destroyed.connect(lambda *_: events.append(os.environ["PYTEST_CURRENT_TEST"]))


def test_second(make_window):
    make_window()
    assert len(events) == 1 and events[0].endswith("::test_first (teardown)"), events
'''


def test_each_window_is_destroyed_in_the_teardown_of_its_own_test(tmp_path):
    probe = tmp_path / "test_window_probe.py"
    probe.write_text(TWO_TESTS, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                             "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), str(probe)],
                            cwd=ROOT, capture_output=True, text=True, timeout=CHILD_PROCESS_TIMEOUT_S)
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout[-3000:] + result.stderr[-2000:]
