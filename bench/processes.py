"""The benchmark's own processes: start in their own session, wait until they answer, always stop.

Every process is started with ``start_new_session=True`` and remembered, so :meth:`Processes.stop_all`
(called from ``finally`` and on SIGTERM/SIGHUP, see bench_rest.py) ends it and any children it
started by its process-group id, never by name. :class:`RssSampler` records the peak resident
memory of each named process together with its children every ~100 ms.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import psutil

QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


class BenchError(RuntimeError):
    """A server did not start or a step of the benchmark could not run."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(log: Path, chars: int = 3000) -> str:
    return log.read_text(errors="replace")[-chars:] if log.exists() else ""


class Processes:
    """Processes started by this run, stopped by process group."""

    def __init__(self) -> None:
        self._procs: Dict[str, subprocess.Popen] = {}

    def start(
        self, name: str, cmd: Sequence[str], cwd: Path, log: Path, env: Optional[Dict[str, str]] = None
    ) -> subprocess.Popen:
        full_env = {**os.environ, **QUIET_ENV, **(env or {})}
        with log.open("ab") as out:
            proc = subprocess.Popen(
                list(cmd),
                cwd=cwd,
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._procs[name] = proc
        return proc

    def run(
        self,
        name: str,
        cmd: Sequence[str],
        cwd: Path,
        log: Path,
        env: Optional[Dict[str, str]] = None,
        seconds: float = 3600,
    ) -> float:
        """Run ``cmd`` to completion; return its wall time in seconds. Raises on failure or time-out."""
        started = time.perf_counter()
        proc = self.start(name, cmd, cwd, log, env)
        try:
            code = proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise BenchError(f"{name} did not finish within {seconds:.0f} s:\n{log_tail(log)}") from None
        elapsed = time.perf_counter() - started
        self._procs.pop(name, None)
        if code != 0:
            raise BenchError(f"{name} failed (exit {code}):\n{log_tail(log)}")
        return elapsed

    def get(self, name: str) -> subprocess.Popen:
        return self._procs[name]

    def stop(self, name: str, seconds: float = 30) -> None:
        proc = self._procs.pop(name, None)
        if proc is None:
            return
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(proc, signal.SIGKILL)  # children that outlived their parent too
        if proc.poll() is None:
            proc.wait()

    def stop_all(self) -> None:
        for name in list(self._procs):
            self.stop(name)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # the group id is the pid: start_new_session=True
    except ProcessLookupError:
        pass


def wait_for(url: str, proc: subprocess.Popen, log: Path, seconds: float = 300) -> float:
    """Return the seconds until ``url`` answered; raise if the process dies or time runs out."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        try:
            urllib.request.urlopen(url, timeout=2)
            return time.perf_counter() - started
        except OSError:
            if proc.poll() is not None:
                raise BenchError(f"{url}: the server stopped while starting:\n{log_tail(log)}") from None
            time.sleep(0.25)
    raise BenchError(f"{url} did not answer within {seconds:.0f} s:\n{log_tail(log)}")


def listens_on(pid: int, port: int) -> bool:
    """Whether process ``pid`` or one of its children listens on TCP ``port`` (not another program)."""
    try:
        proc = psutil.Process(pid)
        for p in [proc, *proc.children(recursive=True)]:
            if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in p.net_connections("tcp")):
                return True
    except psutil.Error:
        return False
    return False


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by process ``pid`` and its children."""
    try:
        proc = psutil.Process(pid)
        tree = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for p in tree:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


class RssSampler(threading.Thread):
    """Peak resident set size (process plus all its children) of each watched process."""

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.interval = interval
        self.peak_bytes: Dict[str, int] = {}
        self.samples: Dict[str, int] = {}
        self._watched: Dict[str, psutil.Process] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def watch(self, name: str, pid: int) -> None:
        with self._lock:
            self._watched[name] = psutil.Process(pid)
            self.peak_bytes.setdefault(name, 0)
            self.samples.setdefault(name, 0)

    def unwatch(self, name: str) -> None:
        self._sample_once()
        with self._lock:
            self._watched.pop(name, None)

    def peak_mb(self, name: str) -> Optional[float]:
        peak = self.peak_bytes.get(name)
        return round(peak / 2**20, 1) if peak else None

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            self._sample_once()

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=5)

    def _sample_once(self) -> None:
        with self._lock:
            watched = list(self._watched.items())
        for name, proc in watched:
            total = _tree_rss(proc)
            if total:
                self.samples[name] += 1
                self.peak_bytes[name] = max(self.peak_bytes[name], total)


def _tree_rss(proc: psutil.Process) -> int:
    try:
        tree: List[psutil.Process] = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in tree:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total
