"""The wheel is the whole app: built from a clean copy of the checkout, installed into a fresh
virtual environment outside it, and run from another folder, every command finds the atlas.

The fresh environment gets its dependencies (PySide6, VTK...) by seeing this environment's
site-packages through a ``.pth`` file, placed after its own site-packages, so nothing is
downloaded and the wheel's own ``explorer`` is the one imported (checked on ``explorer.__file__``).
Building needs setuptools >= 77 here (the test extra has it) and no network
(``--no-build-isolation``). Takes about a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from explorer import __version__
from explorer.atlas import descriptors
from tests.conftest import CHILD_PROCESS_TIMEOUT_S

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
#: Left out of the copy the wheel is built from: what a fresh clone does not have.
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
              ".import_linter_cache", "bench-results.json")


def _cannot_build() -> str | None:
    try:
        major = int(version("setuptools").split(".")[0])
    except Exception:  # noqa: BLE001 - not installed at all
        major = 0
    return None if major >= 77 else "building the wheel offline needs setuptools >= 77 (pip install -e '.[test]')"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    reason = _cannot_build()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs the test extra: there it must run
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", str(work / "dist")],
        cwd=work)
    (built,) = (work / "dist").glob("*.whl")
    print(f"\nwheel {built.name}: {built.stat().st_size / 1e6:.2f} MB")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    purelib = Path(run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]} | {p for p in sys.path if p.endswith("site-packages")}
    (purelib / "zz_test_environment.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    return venv / "bin"


def run(command, cwd=None, **env_changes) -> str:
    """Run ``command`` without this checkout on the path; its output, once it has succeeded."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")} | env_changes
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=CHILD_PROCESS_TIMEOUT_S)
    assert result.returncode == 0, f"{command}: {result.stderr[-3000:]}"
    return result.stdout


def test_the_wheel_carries_the_whole_atlas_and_the_icon(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in (descriptors.MESHES_DIR, descriptors.ANNOTATIONS_DIR):  # every file, whatever it is
        shipped = {f"explorer/_atlas/{folder.name}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file()}
        assert shipped and shipped <= names, sorted(shipped - names)[:5]
    assert any(n.startswith("explorer/_atlas/meshes/lod/") for n in names)
    assert any(n.startswith("explorer/_atlas/annotations/tours/") for n in names)
    assert {"explorer/resources/gluteal-anatomy-explorer.svg", "explorer/resources/gluteal-anatomy-explorer.png"} <= names
    assert all(n.startswith(("explorer/", "gluteal_anatomy_explorer-")) for n in names)  # no tests, no loose folders


def test_the_installed_wheel_runs_every_command_from_another_folder(installed, tmp_path, atlas):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    program = installed / "anatomy-explorer"
    where = run([installed / "python", "-c", "import explorer, explorer.atlas.descriptors as d; print(explorer.__file__); print(d.MESHES_DIR)"],
                cwd=elsewhere).split()
    assert all(Path(p).is_relative_to(installed.parent) for p in where), where  # the wheel's copy, not the checkout
    assert run([program, "--version"], cwd=elsewhere).strip() == f"anatomy-explorer {__version__}"
    assert run([installed / "python", "-m", "explorer", "--version"], cwd=elsewhere).strip() == f"anatomy-explorer {__version__}"
    rows = json.loads(run([program, "structures", "--json"], cwd=elsewhere))
    assert {r["id"] for r in rows} == set(atlas.structures)
    assert "Piriformis" in run([program, "show", "piriformis_right"], cwd=elsewhere)
    plan = json.loads(run([program, "plan", "--site", "ventrogluteal", "--side", "right", "--json"], cwd=elsewhere))
    assert plan["verdict"] in ("safe", "caution", "danger") and plan["layers"]
    run([program, "render", "--view", "right", "--size", "400x300", "-o", "right.png"], cwd=elsewhere)
    assert (elsewhere / "right.png").stat().st_size > 10_000
    assert f"{len(atlas)} structures loaded" in run([program, "--headless", "start.png"], cwd=elsewhere)
    assert (elsewhere / "start.png").stat().st_size > 10_000


def test_the_installed_wheel_adds_itself_to_the_desktop_menu(installed, tmp_path):
    data = tmp_path / "xdg-data"
    run([installed / "anatomy-explorer", "install-desktop"], cwd=tmp_path, XDG_DATA_HOME=str(data))
    entry = (data / "applications" / "gluteal-anatomy-explorer.desktop").read_text(encoding="utf-8")
    assert f"Exec={installed / 'anatomy-explorer'}\n" in entry
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "gluteal-anatomy-explorer.svg").is_file()
