"""Servers the tests start themselves on loopback: free ports, waiting until they answer, the action server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_all
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# For every server a test starts: no telemetry, TensorFlow quiet, and the log written as it happens (a test
# may read it while the server runs; servers are shared).
QUIET = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONUNBUFFERED": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, log: Optional[Path] = None, seconds: int = 240) -> None:
    """Return once ``url`` answers; fail the test if the process dies or time runs out."""
    tail = lambda: log.read_text()[-3000:] if log and log.exists() else ""  # noqa: E731
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{url} stopped while starting:\n{tail()}")
            time.sleep(0.1)  # a refused connection costs nothing: poll often, every start is waited for
    proc.kill()
    pytest.fail(f"{url} did not answer within {seconds} s:\n{tail()}")


@contextmanager
def action_server(database_url: str, log: Optional[Path] = None) -> Iterator[str]:
    """The project's action server on a free port with its own records store; yields the webhook URL."""
    port = free_port()
    proc = spawn_actions(port, database_url, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", proc, log, seconds=120)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        stop(proc)


def stop(proc: subprocess.Popen, seconds: int = 30) -> None:
    """Terminate ``proc`` (SIGTERM), kill it if it does not end within ``seconds``."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stop_all(*procs: Optional[subprocess.Popen], seconds: int = 30) -> None:
    """Stop several servers at once: every one is signalled first, then each is waited for."""
    running = [p for p in procs if p is not None and p.poll() is None]
    for proc in running:
        proc.terminate()
    for proc in running:
        stop(proc, seconds)


def start_together(*starts: Callable[[], subprocess.Popen]) -> List[subprocess.Popen]:
    """Run several ``start_*`` calls at once (each server loads for seconds on its own, and a start is
    mostly waiting); returns their processes in order once every one answers. When one fails, the others
    are stopped and its failure is raised."""
    with ThreadPoolExecutor(len(starts)) as pool:
        futures = [pool.submit(start) for start in starts]
        wait_all(futures)
    errors = [f.exception() for f in futures if f.exception() is not None]
    if errors:
        stop_all(*(f.result() for f in futures if f.exception() is None))
        raise errors[0]
    return [f.result() for f in futures]


def start_rasa(
    model: Path,
    endpoints: Path,
    port: int,
    log: Path,
    env: Optional[dict] = None,
    credentials: Path = ROOT / "credentials.yml",
    cors: str = "*",
) -> subprocess.Popen:
    """`rasa run` on loopback with ``model`` and ``endpoints``; returns once it answers on ``port``.

    Pass a copy of the model (the file in models/ may be replaced while a test runs)."""
    proc = spawn_rasa(model, endpoints, port, log, env, credentials, cors)
    wait_for(f"http://127.0.0.1:{port}/", proc, log)
    return proc


def spawn_rasa(
    model: Path,
    endpoints: Path,
    port: int,
    log: Path,
    env: Optional[dict] = None,
    credentials: Path = ROOT / "credentials.yml",
    cors: str = "*",
) -> subprocess.Popen:
    """`rasa run` as ``start_rasa`` starts it, without waiting for it to answer (``wait_for`` does)."""
    full_env = {**os.environ, **QUIET, **(env or {})}
    return subprocess.Popen(
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(credentials),
            "-i",
            "127.0.0.1",
            "--port",
            str(port),
            "--cors",
            cors,
        ],
        cwd=ROOT,
        env=full_env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def start_actions(port: int, database_url: str, log: Path) -> subprocess.Popen:
    """The project's action server on ``port``; returns once /health answers."""
    proc = spawn_actions(port, database_url, log)
    wait_for(f"http://127.0.0.1:{port}/health", proc, log, seconds=120)
    return proc


def spawn_actions(port: int, database_url: str, log: Optional[Path] = None) -> subprocess.Popen:
    """The action server as ``start_actions`` starts it, without waiting for /health."""
    env = {**os.environ, **QUIET, "DATABASE_URL": database_url}
    return subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("a") if log else subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def sqlite_endpoints(path: Path, actions_port: int, tracker_db: Path) -> Path:
    """An endpoints.yml like the project's (SQLite tracker store) for servers on test ports."""
    path.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tracker_db}"\n'
    )
    return path
