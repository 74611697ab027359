"""Throwaway PostgreSQL and Redis servers for tests, on free loopback ports, gone after the test.

PostgreSQL: a new cluster from initdb in a temporary directory (its unix socket there too), password
authentication, started and stopped with pg_ctl. initdb and postgres refuse to run as root, so as root
they run as the `postgres` system user (Debian's postgresql package creates it). Redis: redis-server
with no persistence. A missing program makes the test skip with what to install, or fail when the
environment variable CI is set (CI must not skip it silently).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest
from servers import free_port, stop

INSTALL_HINT = "apt-get install -y postgresql redis-server (.ci/run does it)"


def unavailable(reason: str) -> None:
    """Skip the test with ``reason``; fail it instead when CI is set."""
    message = f"{reason}: {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set, so this is a failure, not a skip: {message}")
    pytest.skip(message)


def postgres_bindir() -> Optional[Path]:
    """The directory with initdb, pg_ctl and postgres: `pg_config --bindir`, else Debian's newest."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    major = lambda path: int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0  # noqa: E731
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=major, reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    for directory in candidates:
        if directory and all((Path(directory) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(directory)
    return None


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str
    password: str
    database: str

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"


def _run_as(user: Optional[pwd.struct_passwd], cmd: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd`` (as ``user`` when given), raise with its output when it fails."""
    if user is not None:
        kwargs.update(user=user.pw_uid, group=user.pw_gid, extra_groups=[])
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result


@contextmanager
def postgres_cluster(databases=("rasa",)) -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster with ``databases`` owned by a password-protected user."""
    bindir = postgres_bindir()
    if bindir is None:
        unavailable("PostgreSQL server programs (initdb, pg_ctl, postgres) not found")
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no `postgres` user to run initdb as")
    import psycopg2

    # Not under pytest's tmp_path: its parents are private to root, and postgres must reach the directory.
    root = Path(tempfile.mkdtemp(prefix="loancoach-pg-"))
    data, log = root / "data", root / "postgres.log"
    pwfile = root / "pw"
    pg = Postgres("127.0.0.1", free_port(), "loancoach", secrets.token_hex(12), databases[0])
    pwfile.write_text(pg.password + "\n")
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
        os.chown(pwfile, owner.pw_uid, owner.pw_gid)
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        _run_as(
            owner,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                pg.user,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )
        options = (
            f"-p {pg.port} -k {root} -c listen_addresses={pg.host} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run_as(owner, pg_ctl + ["-o", options, "-l", str(log), "-w", "-t", "60", "start"])
        started = True
        admin = psycopg2.connect(
            host=pg.host, port=pg.port, user=pg.user, password=pg.password, dbname="postgres"
        )
        admin.autocommit = True
        with admin.cursor() as cur:
            for name in databases:
                cur.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        yield pg
    finally:
        if started:
            _run_as(owner, pg_ctl + ["-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class Redis:
    host: str
    port: int
    password: str

    def client(self, db: int = 0):
        import redis

        return redis.StrictRedis(
            host=self.host, port=self.port, db=db, password=self.password, socket_timeout=5
        )


@contextmanager
def redis_server(log: Path) -> Iterator[Redis]:
    """redis-server on a free loopback port with a password and no persistence."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server not found on PATH")
    server = Redis("127.0.0.1", free_port(), secrets.token_hex(12))
    workdir = Path(tempfile.mkdtemp(prefix="loancoach-redis-"))
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(server.port),
            "--bind",
            server.host,
            "--requirepass",
            server.password,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                server.client().ping()
                break
            except Exception:  # noqa: BLE001 - not listening yet
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail(f"redis-server did not start:\n{log.read_text()[-2000:]}")
                time.sleep(0.1)
        yield server
    finally:
        stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)
