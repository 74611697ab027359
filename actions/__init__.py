"""Rasa SDK actions: thin adapters from trackers to the loancoach engine and back."""

from typing import Optional

from sanic import Sanic
from sanic.exceptions import SanicException

from loancoach.redflags import load as _load_red_flag_pipelines


def _action_server_app() -> Optional[Sanic]:
    """rasa_sdk's app when this package is imported by the action server (it creates the app first)."""
    try:
        return Sanic.get_app("rasa_sdk")
    except SanicException:
        return None  # imported elsewhere (unit tests)


def _keep_new_connections_open(app: Sanic) -> None:
    """Give Rasa up to 120 s between opening a connection and sending the action request.

    Sanic closes a connection on which nothing arrived for KEEP_ALIVE_TIMEOUT, 5 s by default,
    counting from the moment it opened. A Rasa server busy with 50 users' messages can take longer
    than that to write the request on a connection it already opened, and the action then fails
    ("Cannot write to closing transport"; seen in tests/test_server_faults.py). Rasa's own server
    uses 120 s.
    """
    app.config.KEEP_ALIVE_TIMEOUT = max(float(app.config.KEEP_ALIVE_TIMEOUT), 120.0)


_app = _action_server_app()
if _app is not None:
    _keep_new_connections_open(_app)
    # Build the red-flag tokenisers and matchers (about 0.4 s for both languages, most of it jieba's
    # dictionary) before the action server listens, so /health answers only when the first borrower's
    # answer will not wait for them (built in the background, the first answers after a restart were
    # slow enough to time out when the build took seconds).
    _load_red_flag_pipelines()
    # Our database at the newest schema before the first action writes to it (`loancoach db upgrade`).
    from loancoach.records.migrate import upgrade as _upgrade_database

    _upgrade_database()
