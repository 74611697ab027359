"""Rasa SDK actions: thin adapters from trackers to the loancoach engine and back."""

import threading

from loancoach.redflags import load as _load_red_flag_pipelines

# The red-flag pipelines take several seconds to build; build them while the action server starts so
# the first borrower's answer does not wait for them (they are built under a lock, so a check that
# arrives meanwhile simply waits for the same build).
threading.Thread(target=_load_red_flag_pipelines, name="warm-red-flags", daemon=True).start()


def _keep_new_connections_open() -> None:
    """Give Rasa up to 120 s between opening a connection and sending the action request.

    Sanic (under rasa_sdk) closes a connection on which nothing arrived for KEEP_ALIVE_TIMEOUT, 5 s
    by default, counting from the moment it opened. A Rasa server busy with 50 users' messages can take
    longer than that to write the request on a connection it already opened, and the action then
    fails ("Cannot write to closing transport"; seen in tests/test_server_faults.py). Rasa's own
    server uses 120 s. The actions package is imported after rasa_sdk has created its app.
    """
    from sanic import Sanic
    from sanic.exceptions import SanicException

    try:
        app = Sanic.get_app("rasa_sdk")
    except SanicException:
        return  # imported outside the action server (unit tests)
    app.config.KEEP_ALIVE_TIMEOUT = max(float(app.config.KEEP_ALIVE_TIMEOUT), 120.0)


_keep_new_connections_open()
