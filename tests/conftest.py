import asyncio
import os
import sys
import tempfile
from pathlib import Path

import pytest

# Nothing a test does may write into the working tree's var/: every test run gets its own store.
_TMP = Path(tempfile.mkdtemp(prefix="loancoach-tests-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'loancoach.db'}"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Evaluation tools live in scripts/ (they read tests/ data, so they are not part of the engine).
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))


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


MODEL = PROJECT_ROOT / "models" / "loancoach.tar.gz"


# --- a trained agent with a real action server, for tests marked `model` ---------------------------


@pytest.fixture(scope="module")
def model_db_url(tmp_path_factory):
    """Our records for one test module that talks to the trained agent."""
    return f"sqlite:///{tmp_path_factory.mktemp('records') / 'loancoach.db'}"


@pytest.fixture(scope="module")
def action_server(model_db_url):
    import servers

    with servers.action_server(model_db_url) as url:
        yield url


@pytest.fixture(scope="module")
def agent(action_server, loop):
    """The trained model in-process (models/loancoach.tar.gz), its actions on a real action server."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    endpoints = AvailableEndpoints(action=EndpointConfig(action_server))
    return loop.run_until_complete(load_agent(str(MODEL), endpoints=endpoints))
