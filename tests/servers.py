"""Servers the tests start themselves on loopback: free ports, waiting until they answer, the action server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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
            time.sleep(0.5)
    proc.kill()
    pytest.fail(f"{url} did not answer within {seconds} s:\n{tail()}")


@contextmanager
def action_server(database_url: str, log: Optional[Path] = None) -> Iterator[str]:
    """The project's action server on a free port with its own records store; yields the webhook URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "RASA_TELEMETRY_ENABLED": "false"}
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/health", proc, log, seconds=120)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log:
            out.close()


def stop(proc: subprocess.Popen, seconds: int = 30) -> None:
    """Terminate ``proc`` (SIGTERM), kill it if it does not end within ``seconds``."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
    full_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    proc = subprocess.Popen(
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
    wait_for(f"http://127.0.0.1:{port}/", proc, log)
    return proc


def start_actions(port: int, database_url: str, log: Path) -> subprocess.Popen:
    """The project's action server on ``port``; returns once /health answers."""
    env = {**os.environ, "DATABASE_URL": database_url, "RASA_TELEMETRY_ENABLED": "false"}
    proc = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    wait_for(f"http://127.0.0.1:{port}/health", proc, log, seconds=120)
    return proc


def sqlite_endpoints(path: Path, actions_port: int, tracker_db: Path) -> Path:
    """An endpoints.yml like the project's (SQLite tracker store) for servers on test ports."""
    path.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tracker_db}"\n'
    )
    return path
