"""Where the app keeps the user's own files (notes, saved views): the platform's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "gluteal-anatomy-explorer"


def user_data_path(*parts: str) -> Path:
    """A path inside the per-user data folder (not created here)."""
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False)).joinpath(*parts)
