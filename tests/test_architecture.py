"""The layer rules of docs/architecture.md, checked by import-linter's contracts in pyproject."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_unused_imports_or_undefined_names():
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([exe, "check", "explorer", "tests"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
