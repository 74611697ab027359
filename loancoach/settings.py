"""Where LoanCoach keeps its own records; read from the environment, with local defaults."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LOANCOACH_VAR_DIR", PROJECT_ROOT / "var"))


def database_url() -> str:
    """``DATABASE_URL`` if set, else a SQLite file under var/ (created on first use)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'loancoach.db'}"
