"""Two Rasa servers sharing one PostgreSQL tracker store and one Redis lock store (README "Scaling").

Starts a throwaway PostgreSQL cluster and redis-server (tests/stores.py; skipped with what to install
when they are missing, failed when CI is set), one action server whose records also go to PostgreSQL,
and two `rasa run` servers with endpoints.scaled.yml itself (PostgreSQL tracker store, the atomic Redis
lock store of components/lock_store.py), configured by the environment variables the README documents.
Server B runs with SANIC_WORKERS=2. One conversation goes alternately to A and B; then the events table
must hold every message once, in order, each followed by the bot's replies. Messages for one sender sent
to both servers at the same moment must be stored as whole turns, one after the other.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
import stores
import yaml
from servers import free_port, start_actions, start_rasa, stop

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
ENDPOINTS = ROOT / "endpoints.scaled.yml"
UP = "Rasa server is up and running."  # logged by every Sanic worker once it has loaded the model


# --- helpers --------------------------------------------------------------------------------


def scaled_env(pg: stores.Postgres, redis: stores.Redis, actions_port: int) -> dict:
    """The variables endpoints.scaled.yml reads (README "Scaling")."""
    return {
        "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "TRACKER_DB_HOST": pg.host,
        "TRACKER_DB_PORT": str(pg.port),
        "TRACKER_DB_NAME": "rasa",
        "TRACKER_DB_USER": pg.user,
        "TRACKER_DB_PASSWORD": pg.password,
        "REDIS_HOST": redis.host,
        "REDIS_PORT": str(redis.port),
        "REDIS_DB": "1",
        "REDIS_PASSWORD": redis.password,
    }


def say(port: int, sender: str, text: str) -> list:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


def reply_texts(replies: list) -> list:
    return [r["text"] for r in replies if r.get("text")]


def stored_events(pg: stores.Postgres, sender: str) -> list:
    """(type_name, action_name, data) of ``sender``'s events in the order Rasa stored them."""
    import psycopg2

    with psycopg2.connect(
        host=pg.host, port=pg.port, user=pg.user, password=pg.password, dbname="rasa"
    ) as conn:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT type_name, action_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,)
            )
            return [(kind, action, json.loads(data)) for kind, action, data in cur.fetchall()]


def turns(events: list) -> list:
    """[(user text, events up to the next user message)] from a stored event list."""
    result = []
    for kind, action, data in events:
        if kind == "user":
            result.append((data["text"], []))
        elif result:
            result[-1][1].append((kind, action, data))
    return result


def bot_texts(turn_events: list) -> list:
    return [data["text"] for kind, _, data in turn_events if kind == "bot" and data.get("text")]


def domain_text(response: str, language: str) -> str:
    """The text of a domain response for ``language`` (the conditional variant)."""
    for path in [ROOT / "domain.yml"]:
        variants = (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).get(response)
        for variant in variants or []:
            if {"type": "slot", "name": "language", "value": language} in variant.get("condition", []):
                return variant["text"]
    raise LookupError(f"{response} ({language}) is not in domain.yml")


def monthly_payment(principal: float, annual_rate: float, months: int) -> float:
    r = annual_rate / 12
    return principal * r / (1 - (1 + r) ** -months)


def children(pid: int) -> list:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def wait_for_log(log: Path, line: str, count: int, proc: subprocess.Popen, seconds: int = 240) -> None:
    deadline = time.time() + seconds
    while log.read_text().count(line) < count:
        if proc.poll() is not None or time.time() > deadline:
            pytest.fail(f"{log.name}: {line!r} logged fewer than {count} times:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    return tmp_path_factory.mktemp("scale")


@pytest.fixture(scope="module")
def shared_stores(logs):
    """(PostgreSQL, Redis): throwaway, with databases `rasa` (tracker store) and `records` (our records)."""
    with stores.redis_server(logs / "redis.log") as redis, stores.postgres_cluster(("rasa", "records")) as pg:
        yield pg, redis


@pytest.fixture(scope="module")
def cluster(shared_stores, logs):
    """One action server and two Rasa servers (A: 1 worker, B: SANIC_WORKERS=2) on the shared stores."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    pg, redis = shared_stores
    model = logs / "model.tar.gz"
    shutil.copy(MODEL, model)  # the file in models/ may be replaced while the test runs
    records = f"postgresql://{pg.user}:{pg.password}@{pg.host}:{pg.port}/records"
    with ExitStack() as running:
        actions_port = free_port()
        env = scaled_env(pg, redis, actions_port)
        ports = {"A": free_port(), "B": free_port()}
        extra = {"A": {}, "B": {"SANIC_WORKERS": "2"}}
        with ThreadPoolExecutor(3) as pool:  # each server loads for ~30-60 s: the three at once
            starting = pool.submit(start_actions, actions_port, records, logs / "actions.log")
            futures = {
                name: pool.submit(
                    start_rasa, model, ENDPOINTS, port, logs / f"rasa_{name}.log", {**env, **extra[name]}
                )
                for name, port in ports.items()
            }
            for future in [starting, *futures.values()]:  # stop whichever started, even when another failed
                future.add_done_callback(
                    lambda f: f.exception() is None and running.callback(stop, f.result())
                )
            actions = starting.result()
            procs = {name: future.result() for name, future in futures.items()}
        # On the way out, signal every server first so that they shut down in parallel (then `stop` waits).
        running.callback(
            lambda: [p.terminate() for p in list(procs.values()) + [actions] if p.poll() is None]
        )
        wait_for_log(logs / "rasa_B.log", UP, 2, procs["B"])
        yield {"ports": ports, "procs": procs, "pg": pg, "redis": redis, "records": records, "logs": logs}


# --- tests ----------------------------------------------------------------------------------


def test_check_stores_accepts_the_shared_stores_and_names_an_unreachable_one(shared_stores):
    pg, redis = shared_stores
    env = {**os.environ, **scaled_env(pg, redis, free_port())}

    def run(e):
        return subprocess.run(
            [sys.executable, "scripts/check_stores.py"],
            cwd=ROOT,
            env=e,  # noqa: E731
            capture_output=True,
            text=True,
            timeout=60,
        )

    ok = run(env)
    assert ok.returncode == 0, ok.stderr
    assert "tracker store" in ok.stdout and "lock store" in ok.stdout and pg.password not in ok.stdout
    wrong_password = run({**env, "REDIS_PASSWORD": "not-the-password"})
    assert wrong_password.returncode == 1 and "lock store" in wrong_password.stderr
    closed = run({**env, "TRACKER_DB_PORT": str(free_port())})
    assert closed.returncode == 1 and "tracker store" in closed.stderr and "cannot connect" in closed.stderr


def test_server_b_really_runs_two_workers_and_a_one(cluster):
    """Rasa quietly falls back to 1 worker without a Redis lock store: count the workers."""
    logs, procs = cluster["logs"], cluster["procs"]
    assert (logs / "rasa_B.log").read_text().count(UP) == 2
    assert len(children(procs["B"].pid)) == 2
    assert (logs / "rasa_A.log").read_text().count(UP) == 1


def test_one_conversation_alternating_between_two_servers_is_stored_once_in_order(cluster):
    ports, pg = cluster["ports"], cluster["pg"]
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    conversation = [
        ("你好", lambda t: domain_text("utter_greet", "zh") in t),
        ("逾期会上征信吗", lambda t: "征信" in t and "来源" in t),
        ("帮我算一下贷款", lambda t: domain_text("utter_ask_loan_amount", "zh") in t),
        (
            "5万",
            lambda t: domain_text("utter_ask_loan_rate", "zh") in t,
        ),  # B asks what comes after A's question
        ("年利率12%", lambda t: domain_text("utter_ask_loan_term", "zh") in t),
        ("24期", lambda t: domain_text("utter_ask_monthly_income", "zh") in t),
        ("月薪10000", lambda t: domain_text("utter_ask_monthly_debts", "zh") in t),
        ("没有", lambda t: f"{monthly_payment(50_000, 0.12, 24):,.2f}元" in t),
        ("is it legal for collectors to call my colleagues?", lambda t: "Source:" in t and "collect" in t),
        ("thanks", lambda t: domain_text("utter_you_are_welcome", "en") in t),
    ]
    import psycopg2

    def calculations() -> int:  # the action server creates its tables on first use
        with psycopg2.connect(cluster["records"]) as conn, conn.cursor() as cur:
            cur.execute("SELECT to_regclass('calculations') IS NOT NULL")
            if not cur.fetchone()[0]:
                return 0
            cur.execute("SELECT count(*) FROM calculations")
            return cur.fetchone()[0]

    calculations_before = calculations()
    received = []
    for i, (message, sensible) in enumerate(conversation):
        server = "AB"[i % 2]
        texts = reply_texts(say(ports[server], sender, message))
        assert texts and sensible("\n".join(texts)), f"server {server}, {message!r} got {texts}"
        received.append(texts)

    stored = turns(stored_events(pg, sender))
    assert [user_text for user_text, _ in stored] == [message for message, _ in conversation]
    for (message, events), texts in zip(stored, received, strict=False):
        assert bot_texts(events) == texts, f"{message!r}: stored bot events differ from the replies"
        assert events[-1][:2] == ("action", "action_listen"), f"{message!r}: turn not finished in the store"
    slots = {data["name"]: data["value"] for kind, _, data in stored_events(pg, sender) if kind == "slot"}
    calculated = slots["last_calculation"]
    assert (calculated["loan_amount"], calculated["loan_rate"], calculated["loan_term"]) == (
        "50000",
        "apr:12",
        "24",
    )
    assert calculations() == calculations_before + 1  # the action server's records are in PostgreSQL too
    lock_commands = cluster["redis"].client().info("commandstats")
    assert lock_commands.get("cmdstat_set", {}).get("calls", 0) >= len(
        conversation
    )  # the lock store was used


def test_simultaneous_messages_for_one_sender_on_both_servers_are_serialised(cluster):
    """The Redis lock makes one server wait: each user event is followed by its own turn, complete.

    With Rasa's own `type: redis` lock store one of the two messages was lost in 9 of 20 such pairs
    (README "Scaling"), so 5 pairs catch that with a probability of about 95 %."""
    ports, pg = cluster["ports"], cluster["pg"]
    pairs = {f"race-{uuid.uuid4().hex[:8]}": {"A": "你好", "B": "逾期会上征信吗"} for _ in range(5)}
    start = threading.Barrier(2 * len(pairs))
    replies = {}

    def send(sender: str, server: str, message: str) -> None:
        start.wait(timeout=30)
        replies[(sender, message)] = reply_texts(say(ports[server], sender, message))

    with ThreadPoolExecutor(2 * len(pairs)) as pool:
        jobs = [
            pool.submit(send, sender, server, message)
            for sender, messages in pairs.items()
            for server, message in messages.items()
        ]
        for job in jobs:
            job.result()
    for sender, messages in pairs.items():
        stored = turns(stored_events(pg, sender))
        assert sorted(user_text for user_text, _ in stored) == sorted(messages.values()), sender
        for message, events in stored:
            assert replies[(sender, message)], f"{sender}: no reply to {message!r}"
            assert bot_texts(events) == replies[(sender, message)], f"{sender}: turns interleaved:\n{stored}"
            assert events[-1][:2] == ("action", "action_listen"), f"{sender}: {message!r} turn not complete"
