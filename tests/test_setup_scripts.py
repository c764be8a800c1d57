"""The README's set-up scripts: ./run.sh and ./test.sh install the project once, not per call.

``scripts/ensure-venv.sh`` runs in a scratch project whose ``.venv/bin/python`` only records how
it was called, so the test sees every ``pip install`` the script would run.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKE_PYTHON = """#!/usr/bin/env bash
echo "$*" >> "$(dirname "$0")/../../pip-calls.log"
touch "$(dirname "$0")/anatomy-explorer" && chmod +x "$(dirname "$0")/anatomy-explorer"
"""


def make_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "ensure-venv.sh", project / "scripts")
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    python = project / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    return project


def installs(project: Path, extras: str) -> list[str]:
    subprocess.run(["bash", str(project / "scripts" / "ensure-venv.sh"), extras], check=True, cwd="/")
    log = project / "pip-calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_the_project_is_installed_once_and_again_only_when_pyproject_or_extras_change(tmp_path):
    project = make_project(tmp_path)
    assert [c.split()[-1] for c in installs(project, "")] == ["."]
    assert len(installs(project, "")) == 1  # ./run.sh again: nothing to install
    assert installs(project, "build,test")[-1].endswith("-e .[build,test]")  # ./test.sh asks for its extras
    assert len(installs(project, "")) == 2 and len(installs(project, "test")) == 2  # already there
    (project / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["numpy"]\n', encoding="utf-8")
    assert installs(project, "")[-1].endswith("-e .") and len(installs(project, "")) == 3
    assert installs(project, "test")[-1].endswith("-e .[test]")
