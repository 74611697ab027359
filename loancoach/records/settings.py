"""Where LoanCoach keeps its own records; read from the environment, with defaults relative to the
working directory (the project folder when run from there), never to where the package is installed."""

from __future__ import annotations

import os
from pathlib import Path


def var_dir() -> Path:
    """``LOANCOACH_VAR_DIR`` if set, else ``var/`` under the current working directory."""
    return Path(os.environ.get("LOANCOACH_VAR_DIR") or Path.cwd() / "var")


def database_url() -> str:
    """``DATABASE_URL`` if set, else a SQLite file under :func:`var_dir` (created on first use)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    folder = var_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'loancoach.db'}"
