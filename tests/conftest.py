import asyncio
import os
import tempfile
from pathlib import Path

import pytest

# Nothing a test does may write into the working tree's var/: every test run gets its own store.
_TMP = Path(tempfile.mkdtemp(prefix="loancoach-tests-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'loancoach.db'}"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def db_url(tmp_path):
    """A fresh, empty SQLite database for one test."""
    return f"sqlite:///{tmp_path / 'records.db'}"


@pytest.fixture(scope="module")
def loop():
    """One event loop per test module, for tests that drive a Rasa agent in-process."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()
