"""Where the app can draw: the display check and every Qt platform and Xvfb choice, in one place.

- The window needs a screen: an X server (``$DISPLAY``) or a Wayland compositor
  (``$WAYLAND_DISPLAY``), unless ``QT_QPA_PLATFORM`` names a platform that needs none. Qt itself,
  finding none, aborts the process (a core dump and a hint about libxcb-cursor0), so the launcher
  asks here first and says plainly what to do instead.
- The PDF handout lays out text with QtGui on the ``offscreen`` platform: no display needed.
- The benchmark runs on the X display it is given, or on a private Xvfb it starts.
- The GUI tests' Xvfb screen (pytest-xvfb) is set in pyproject.toml, ``[tool.pytest.ini_options]``.

No Qt here: the check must run before Qt is loaded.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

OFFSCREEN_PLATFORM = "offscreen"
X11_PLATFORM = "xcb"
#: Qt's Wayland platforms. With xcb (X11) they are the ones that need a display server; the
#: others (offscreen, vnc, eglfs...) draw without one.
WAYLAND_PLATFORMS = {"wayland", "wayland-egl", "wayland-brcm"}
#: The benchmark's private Xvfb screen (width x height x depth).
BENCH_XVFB_SCREEN = "1920x1200x24"

_NO_DISPLAY = "no display found, so the window cannot open ("
HEADLESS_HINT = """\
To render the default view to a picture instead, run
    anatomy-explorer --headless view.png        (from the source folder: ./run.sh --headless view.png)
Every subcommand works without a display, e.g. `anatomy-explorer render --view right -o right.png`
(`anatomy-explorer --help` lists them). Over SSH, connect with `ssh -X` to see the window on your screen."""


def display_problem(environ=None) -> str | None:
    """Why the window cannot open here, or None when a display is there to open it on."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None  # macOS and Windows: Qt draws on the system's own screen
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and options ("xcb:name=x").
    chosen = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if not chosen and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return _NO_DISPLAY + "neither DISPLAY nor WAYLAND_DISPLAY is set)."
    reasons = []
    for platform in chosen or [X11_PLATFORM, "wayland"]:
        if platform == X11_PLATFORM:
            reason = _x11_problem(env.get("DISPLAY"))
        elif platform in WAYLAND_PLATFORMS:
            reason = _wayland_problem(env, explicit=bool(chosen))
        else:
            return None  # offscreen, vnc, eglfs...: the user chose a platform without a display server
        if reason is None:
            return None
        reasons.append(reason)
    return _NO_DISPLAY + "; ".join(reasons) + ")."


def no_display_message(problem: str) -> str:
    return f"anatomy-explorer: {problem}\n{HEADLESS_HINT}"


def _x11_problem(display: str | None) -> str | None:
    if not display:
        return "DISPLAY is not set"
    try:  # the library Qt's xcb platform connects with, so the answer is the one Qt would get
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return "the X client library libxcb.so.1 is missing (install libxcb1)"
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        failed = xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)
    return f"cannot connect to the X display '{display}'" if failed else None


def _wayland_problem(env, explicit: bool) -> str | None:
    name = env.get("WAYLAND_DISPLAY") or ("wayland-0" if explicit else "")
    if not name:
        return "WAYLAND_DISPLAY is not set"
    if not os.path.isabs(name) and not env.get("XDG_RUNTIME_DIR"):
        return "XDG_RUNTIME_DIR, where the Wayland socket lives, is not set"
    socket = Path(env.get("XDG_RUNTIME_DIR", "/"), name)  # an absolute name stays as it is
    return None if socket.exists() else f"no Wayland compositor at {socket}"


def use_offscreen_platform() -> None:
    """For a QGuiApplication that only lays out and paints into images (the PDF handout)."""
    os.environ.setdefault("QT_QPA_PLATFORM", OFFSCREEN_PLATFORM)


@contextmanager
def bench_display():
    """The X display to benchmark on: $DISPLAY if set, else a private Xvfb for the duration.

    Xvfb picks a free display number and writes it to a pipe once it accepts clients
    (``-displayfd``), so there is nothing to guess or wait out.
    """
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("no display and no Xvfb: install xvfb (./test.sh does) or run under a desktop")
    ready, write_end = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", BENCH_XVFB_SCREEN, "-nolisten", "tcp"],
                            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(ready) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def x11_environment(display_name: str) -> dict[str, str]:
    """The environment for a child process that must draw on this X display with Qt's xcb."""
    return dict(os.environ, DISPLAY=display_name, QT_QPA_PLATFORM=X11_PLATFORM)
