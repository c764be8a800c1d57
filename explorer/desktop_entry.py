"""The Linux desktop entry and the application icon, so the app starts from a desktop menu.

``anatomy-explorer install-desktop`` writes them where desktop environments look for the user's
own applications (the XDG base directories): ``$XDG_DATA_HOME/applications/`` for the entry and
the hicolor icon theme under ``$XDG_DATA_HOME/icons/`` (``~/.local/share`` when XDG_DATA_HOME is
unset). The entry starts the program of the installation it was written from (a pipx or pip
virtual environment, or the source checkout's ``.venv``); ``--uninstall`` removes all three files.
The icon ships as package data and is also the window's icon.
"""

from __future__ import annotations

import os
import shutil
import sys
from importlib.resources import files
from pathlib import Path

APP_ID = "gluteal-anatomy-explorer"
RESOURCES = Path(str(files("explorer") / "resources"))
ICON_SVG = RESOURCES / f"{APP_ID}.svg"
ICON_PNG = RESOURCES / f"{APP_ID}.png"  # 256 x 256, for menus that do not draw SVG
PNG_SIZE = "256x256"

ENTRY = """\
[Desktop Entry]
Type=Application
Name=Gluteal Anatomy Explorer
GenericName=3D anatomy atlas
Comment=Explore the gluteal and pelvic region in 3D: structures, texts, injection-site planning (educational, not a diagnosis)
Exec={exec_line}
TryExec={try_exec}
Icon={app_id}
Terminal=false
StartupNotify=true
Categories=Education;MedicalSoftware;
Keywords=anatomy;buttock;gluteal;pelvis;sciatic;injection;atlas;3D;
"""

#: Characters that make a Desktop Entry Exec argument need quoting (Desktop Entry spec, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(environ=None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("XDG_DATA_HOME") or Path(env.get("HOME", "~")).expanduser() / ".local" / "share")


def installed_paths(home: Path) -> dict[str, Path]:
    """Where the entry and the two icon files go under the XDG data folder ``home``."""
    icons = home / "icons" / "hicolor"
    return {
        "entry": home / "applications" / f"{APP_ID}.desktop",
        "svg": icons / "scalable" / "apps" / f"{APP_ID}.svg",
        "png": icons / PNG_SIZE / "apps" / f"{APP_ID}.png",
    }


def launch_command() -> list[str]:
    """This installation's ``anatomy-explorer``, or ``python -m explorer`` where it has none."""
    script = Path(sys.executable).parent / "anatomy-explorer"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "explorer"]


def exec_line(command: list[str]) -> str:
    """The Exec value for ``command``: arguments quoted as the spec asks, then escaped as a string."""
    def quote(arg: str) -> str:
        if not _RESERVED & set(arg):
            return arg
        return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'

    line = " ".join(quote(a).replace("%", "%%") for a in command)
    return line.replace("\\", "\\\\")  # the string-level escape of the whole value


def desktop_entry(command: list[str]) -> str:
    return ENTRY.format(exec_line=exec_line(command), try_exec=command[0].replace("\\", "\\\\"), app_id=APP_ID)


def install(home: Path) -> list[Path]:
    """Write the entry and the icons under ``home``; returns the files written."""
    paths = installed_paths(home)
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    paths["entry"].write_text(desktop_entry(launch_command()), encoding="utf-8")
    shutil.copyfile(ICON_SVG, paths["svg"])
    shutil.copyfile(ICON_PNG, paths["png"])
    return list(paths.values())


def uninstall(home: Path) -> list[Path]:
    """Remove what ``install`` wrote; returns the files that were there."""
    removed = [p for p in installed_paths(home).values() if p.is_file()]
    for path in removed:
        path.unlink()
    return removed
