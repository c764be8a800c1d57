"""`anatomy-explorer install-desktop`: a desktop entry a menu can start, with its icon, and back out."""

from __future__ import annotations

import configparser
import os
import shlex
import struct
from pathlib import Path
from xml.etree import ElementTree

from explorer.cli import main
from explorer.desktop_entry import APP_ID, exec_line


def test_install_writes_an_entry_that_starts_this_installation_and_uninstall_removes_it(capsys):
    data = Path(os.environ["XDG_DATA_HOME"])  # a temporary folder (tests/conftest.py)
    assert main(["install-desktop"]) == 0
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(data / "applications" / f"{APP_ID}.desktop", encoding="utf-8")
    fields = entry["Desktop Entry"]
    assert fields["Type"] == "Application" and fields["Terminal"] == "false" and fields["Icon"] == APP_ID
    program = shlex.split(fields["Exec"])[0]
    assert os.access(program, os.X_OK) and fields["TryExec"] == program
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    png = data / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png"
    assert ElementTree.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (256, 256)  # PNG header: width, height
    capsys.readouterr()
    assert main(["install-desktop", "--uninstall"]) == 0
    assert not any(p.is_file() for p in data.rglob("*")) and "removed" in capsys.readouterr().out


def test_exec_quotes_paths_with_spaces_and_reserved_characters():
    assert exec_line(["/usr/bin/anatomy-explorer"]) == "/usr/bin/anatomy-explorer"
    assert exec_line(["/opt/my apps/bin/python", "-m", "explorer"]) == '"/opt/my apps/bin/python" -m explorer'
    assert exec_line(["/o/100%/x$y"]) == '"/o/100%%/x\\\\$y"'  # % doubled; $ escaped, then the backslash too
