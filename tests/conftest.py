import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

# Nothing a test does may write into the working tree's var/: every test run gets its own store.
_TMP = Path(tempfile.mkdtemp(prefix="loancoach-tests-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'loancoach.db'}"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# One pseudonym key for the test process and every server and CLI it starts (whatever their var dir), as a
# deployment sets LOANCOACH_PSEUDONYM_KEY on all its servers; nor does a test write var/pseudonym.key.
os.environ["LOANCOACH_PSEUDONYM_KEY"] = "test-session-key-" + _TMP.name
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Evaluation tools live in scripts/ (they read tests/ data, so they are not part of the engine).
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))


@pytest.fixture()
def db_url(tmp_path):
    """A fresh, empty SQLite database for one test."""
    return f"sqlite:///{tmp_path / 'records.db'}"


@pytest.fixture(scope="session")
def loop():
    """One event loop for the run, for tests that drive a Rasa agent in-process (the agent is shared)."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


MODEL = PROJECT_ROOT / "models" / "loancoach.tar.gz"


# --- shared servers for tests marked `model` ----------------------------------------------------------
#
# Loading the trained model takes 10-20 s per process and starting the action server several seconds, so
# the tests that need no special configuration share, for the whole run: one action server (its records
# in one SQLite file), the trained agent in-process, and one `rasa run` with the project's tracker store
# type (SQLite), credentials.yml and REST + socket.io. Every test talks as its own sender, so conversations
# do not meet. Modules that need another configuration (another tracker store, PostgreSQL, Redis, channel
# credentials, servers they stop) start their own.


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("shared")


@pytest.fixture(scope="session")
def model_file(shared_dir):
    """A copy of the trained model for the run (the file in models/ may be replaced while tests run)."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    return Path(shutil.copy(MODEL, shared_dir / "model.tar.gz"))


class _Shared:
    """The run's shared action server and `rasa run`, each started once, at the first test that needs it
    (the Rasa server earlier, in the background, when a test of the run will need it)."""

    def __init__(self, directory: Path) -> None:
        import servers

        self.dir = directory
        self.records = f"sqlite:///{directory / 'loancoach.db'}"
        self.tracker_db = directory / "tracker.db"
        self.actions_port, self.rasa_port = servers.free_port(), servers.free_port()
        self.actions_log, self.rasa_log = directory / "actions.log", directory / "rasa.log"
        self.endpoints = directory / "endpoints.yml"
        store = (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")
        import yaml

        store_type = yaml.safe_load(store)["tracker_store"]["type"]
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            f'tracker_store:\n  type: {store_type}\n  dialect: "sqlite"\n  db: "{self.tracker_db}"\n'
        )
        self.actions = self.rasa = None
        self.actions_ready = self.rasa_ready = False

    def spawn_actions(self) -> None:
        import servers

        if self.actions is None:
            self.actions = servers.spawn_actions(self.actions_port, self.records, self.actions_log)

    def spawn_rasa(self, model: Path) -> None:
        import servers

        if self.rasa is None:
            env = {"DATABASE_URL": self.records}
            self.rasa = servers.spawn_rasa(model, self.endpoints, self.rasa_port, self.rasa_log, env)

    def action_url(self) -> str:
        import servers

        self.spawn_actions()
        if not self.actions_ready:
            servers.wait_for(
                f"http://127.0.0.1:{self.actions_port}/health", self.actions, self.actions_log, 120
            )
            self.actions_ready = True
        return f"http://127.0.0.1:{self.actions_port}/webhook"

    def rasa_url(self, model: Path) -> str:
        import servers

        self.spawn_rasa(model)
        self.action_url()
        if not self.rasa_ready:
            servers.wait_for(f"http://127.0.0.1:{self.rasa_port}/", self.rasa, self.rasa_log)
            self.rasa_ready = True
        return f"http://127.0.0.1:{self.rasa_port}"

    def stop(self) -> None:
        import servers

        servers.stop_all(self.rasa, self.actions)


@pytest.fixture(scope="session")
def _shared(shared_dir):
    shared = _Shared(shared_dir)
    try:
        yield shared
    finally:
        shared.stop()


@pytest.fixture(scope="session")
def model_db_url(_shared):
    """Our records, written by the shared action server."""
    return _shared.records


def _needs(request, fixture: str) -> bool:
    return any(fixture in getattr(item, "fixturenames", ()) for item in request.session.items)


@pytest.fixture(scope="session")
def action_server(_shared, model_file, request):
    """The shared action server's webhook URL. When a test of this run needs the shared Rasa server, that
    starts loading now too, in the background."""
    _shared.spawn_actions()
    if _needs(request, "rasa_server"):
        _shared.spawn_rasa(model_file)
    return _shared.action_url()


@pytest.fixture(scope="session")
def rasa_server(_shared, model_file, action_server):
    """The shared `rasa run` (REST + socket.io, the project's tracker store type on SQLite, its records
    in ``model_db_url``): a namespace with url, port, tracker_db, records, dir, rasa_log, actions_log."""
    url = _shared.rasa_url(model_file)
    return SimpleNamespace(
        url=url,
        port=_shared.rasa_port,
        tracker_db=_shared.tracker_db,
        records=_shared.records,
        dir=_shared.dir,
        rasa_log=_shared.rasa_log,
        actions_log=_shared.actions_log,
        actions_port=_shared.actions_port,
    )


@pytest.fixture(scope="session")
def agent(_shared, model_file, loop, request):
    """The trained model in-process, its actions on the shared action server (loaded while that starts)."""
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    _shared.spawn_actions()
    if _needs(request, "rasa_server"):
        _shared.spawn_rasa(model_file)
    url = f"http://127.0.0.1:{_shared.actions_port}/webhook"
    endpoints = AvailableEndpoints(action=EndpointConfig(url))
    loaded = loop.run_until_complete(load_agent(str(model_file), endpoints=endpoints))
    _shared.action_url()
    return loaded


def agent_with(agent, tracker_store=None, action_url=None):
    """Another agent on the already loaded model: its own tracker store and / or action server, a lock
    store of its own; the model (the graph) is shared, not loaded again."""
    import copy

    from rasa.core.lock_store import InMemoryLockStore
    from rasa.utils.endpoints import EndpointConfig

    other, processor = copy.copy(agent), copy.copy(agent.processor)
    if tracker_store is not None:
        other.tracker_store = processor.tracker_store = tracker_store
    if action_url is not None:
        other.action_endpoint = processor.action_endpoint = EndpointConfig(action_url)
    other.lock_store = processor.lock_store = InMemoryLockStore()
    other.processor = processor
    return other


def copy_conversation(agent, loop, sender: str, new_sender: str) -> None:
    """Start ``new_sender``'s conversation as a copy of ``sender``'s so far (every event, every session),
    so that a test can go on from a state without saying again what led there."""
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = loop.run_until_complete(agent.tracker_store.retrieve_full_tracker(sender))
    copy = DialogueStateTracker.from_events(new_sender, list(tracker.events), agent.domain.slots)
    loop.run_until_complete(agent.tracker_store.save(copy))
