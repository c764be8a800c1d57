"""Started with no display, the command says so and how to work without one; Qt never aborts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from explorer.display import display_problem
from tests.conftest import CHILD_PROCESS_TIMEOUT_S

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def start_window(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "explorer"], env=env, capture_output=True, text=True,
                          timeout=CHILD_PROCESS_TIMEOUT_S)


@pytest.mark.parametrize("env, reason", [
    ({}, "neither DISPLAY nor WAYLAND_DISPLAY is set"),
    ({"DISPLAY": ":4711"}, "cannot connect to the X display ':4711'"),  # set, but no X server there
])
def test_no_display_is_said_plainly_with_the_headless_way(env, reason):
    result = start_window(**env)
    assert result.returncode == 1, result.stderr  # not 134: Qt did not abort
    assert "no display found" in result.stderr and reason in result.stderr
    assert "--headless view.png" in result.stderr and "Aborted" not in result.stderr and "xcb-cursor" not in result.stderr


def test_platforms_that_need_no_display_server_are_left_to_qt():
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "vnc:size=800x600"}) is None
    assert "DISPLAY is not set" in display_problem({"QT_QPA_PLATFORM": "xcb"})
    assert "no Wayland compositor" in display_problem({"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": "/nonexistent"})


def test_the_display_the_tests_run_on_is_found(tmp_path):
    """pytest-xvfb's X server (or the desktop's) is a display: the check never blocks a real screen."""
    assert display_problem() is None
    socket = tmp_path / "wayland-1"
    socket.touch()
    assert display_problem({"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}) is None
