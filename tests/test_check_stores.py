"""scripts/check_stores.py (run by `make run-scaled` before Rasa starts) and the skip-or-fail rule of
tests/stores.py, without any server: closed ports, unset variables, missing programs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import stores
from servers import free_port

ROOT = Path(__file__).resolve().parent.parent
VARIABLES = (
    "ACTION_SERVER_URL",
    "TRACKER_DB_HOST",
    "TRACKER_DB_PORT",
    "TRACKER_DB_NAME",
    "TRACKER_DB_USER",
    "TRACKER_DB_PASSWORD",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_DB",
    "REDIS_PASSWORD",
)


def check(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    return subprocess.run(
        [sys.executable, "scripts/check_stores.py", "endpoints.scaled.yml"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def closed_ports_env() -> dict:
    return {
        "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": str(free_port()),
        "TRACKER_DB_NAME": "rasa",
        "TRACKER_DB_USER": "rasa",
        "TRACKER_DB_PASSWORD": "s3cret-Pw",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(free_port()),
        "REDIS_DB": "1",
        "REDIS_PASSWORD": "",
    }


def test_every_variable_of_endpoints_scaled_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used = [v for v in VARIABLES if "${" + v + "}" in (ROOT / "endpoints.scaled.yml").read_text()]
    assert used == list(VARIABLES)
    assert [v for v in VARIABLES if f"`{v}`" not in readme] == []


def test_unreachable_stores_are_both_reported_without_the_password():
    result = check(closed_ports_env())
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert (
        lines[0].startswith("tracker store postgresql://rasa:***@127.0.0.1:") and "cannot connect" in lines[0]
    )
    assert lines[1].startswith("lock store redis://127.0.0.1:") and "cannot connect" in lines[1]
    assert "s3cret-Pw" not in result.stdout + result.stderr


def test_an_unset_variable_is_named():
    env = closed_ports_env()
    del env["REDIS_PORT"]
    result = check(env)
    assert result.returncode == 1 and "REDIS_PORT" in result.stderr


def test_missing_redis_server_skips_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(
        pytest.skip.Exception, match="redis-server not found.*apt-get install -y postgresql redis-server"
    ):
        with stores.redis_server(tmp_path / "redis.log"):
            pass


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_programs_fail_instead_of_skipping_on_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI is set.*redis-server not found"):
        with stores.redis_server(tmp_path / "redis.log"):
            pass
    monkeypatch.setattr(stores, "postgres_bindir", lambda: None)
    with pytest.raises(pytest.fail.Exception, match="CI is set.*initdb"):
        with stores.postgres_cluster():
            pass
