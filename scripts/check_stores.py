"""Check that the SQL tracker store and the Redis lock store of an endpoints file answer.

Used by scripts/run_scaled.sh before it starts Rasa, which would otherwise retry an unreachable
PostgreSQL forever (every 5 s) or fail on the first message when Redis is down. The file is read with
Rasa's own reader, so ${VAR}s are substituted exactly as `rasa run` will substitute them, and the
database URL is built by Rasa's SQLTrackerStore.get_db_url. Prints one line per store; exit 0 when
both answer, 1 otherwise. Passwords are never printed.

    python scripts/check_stores.py [endpoints.scaled.yml]
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Optional, Tuple

# Rasa's imports add their own warning filters; their deprecation notices would hide the result.
warnings.showwarning = lambda *args, **kwargs: None
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
TIMEOUT_S = 5


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def check_tracker_store(config) -> Tuple[bool, str]:
    """Connect to the SQL tracker store once and run SELECT 1."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore, validate_port

    sql_types = ("sql", "components.masking_tracker_store.maskingtrackerstore")  # the latter: SQL, masked
    if config is None or str(config.type).lower() not in sql_types:
        return False, "tracker_store: expected an SQL tracker store (see endpoints.scaled.yml)"
    kwargs = config.kwargs
    url = SQLTrackerStore.get_db_url(
        kwargs.get("dialect", "sqlite"),
        config.url,
        validate_port(kwargs.get("port")),
        kwargs.get("db", "rasa.db"),
        kwargs.get("username"),
        kwargs.get("password"),
        kwargs.get("login_db"),
        kwargs.get("query"),
    )
    url = sa.engine.make_url(url)  # a URL object; its repr hides the password
    connect_args = {"connect_timeout": TIMEOUT_S} if url.get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, connect_args=connect_args)
    shown = repr(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any driver error means "not reachable"
        return False, f"tracker store {shown}: cannot connect: {_first_line(exc)}"
    finally:
        engine.dispose()
    return True, f"tracker store {shown}: ok"


def check_lock_store(config) -> Tuple[bool, str]:
    """Create the lock store as Rasa does (LockStore.create) and PING its Redis."""
    from rasa.core.lock_store import LockStore, RedisLockStore

    if config is None:
        return False, "lock_store: missing (see endpoints.scaled.yml)"
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(config.url, **{"socket_timeout": TIMEOUT_S, **config.kwargs, "type": config.type})
    shown = f"redis://{config.url}:{config.kwargs.get('port', 6379)}/{config.kwargs.get('db', 1)}"
    try:
        store = LockStore.create(config)
        if not isinstance(store, RedisLockStore):
            return (
                False,
                f"lock_store: {type(store).__name__} is not a Redis lock store (see endpoints.scaled.yml)",
            )
        store.red.ping()
    except Exception as exc:  # noqa: BLE001 - connection refused, auth, timeout alike
        return False, f"lock store {shown}: cannot connect: {_first_line(exc)}"
    return True, f"lock store {shown} ({type(store).__name__}): ok"


def main(argv: Optional[list] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else "endpoints.scaled.yml"
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import read_endpoint_config

    if not os.path.isfile(path):
        print(f"{path}: no such file", file=sys.stderr)
        return 1
    try:
        tracker = read_endpoint_config(path, "tracker_store")
        lock = read_endpoint_config(path, "lock_store")
    except RasaException as exc:  # a ${VAR} that is not set
        print(f"{path}: {_first_line(exc)}", file=sys.stderr)
        return 1
    results = [check_tracker_store(tracker), check_lock_store(lock)]
    for ok, line in results:
        print(line, file=sys.stdout if ok else sys.stderr)
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
