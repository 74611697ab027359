"""Personal data never reaches the tracker store or the logs (components/masking_tracker_store.py).

Unit tests of the event masking, then real servers: the action server and `rasa run` with the
project's endpoints.yml tracker store type (SQLite in a temporary directory, then PostgreSQL), a
message with a phone, an ID and a card number sent through REST and through socket.io; the tracker
store's raw bytes and both servers' logs must not hold any of the three numbers, and the conversation
must go on correctly from the masked store.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
import yaml
from servers import ROOT, free_port, start_rasa, stop

MODEL = ROOT / "models" / "loancoach.tar.gz"
SECRETS = ("13812345678", "110101199003071234", "6222020200112233445")
MESSAGE = "我的手机号13812345678，身份证110101199003071234，卡号6222020200112233445"
STORE_TYPE = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]["type"]


# --- masking of serialised events ---------------------------------------------------------------


def test_user_event_text_parse_data_and_entities_are_masked():
    from components.masking_tracker_store import mask_event

    event = {
        "event": "user",
        "timestamp": 1.5,
        "text": MESSAGE,
        "parse_data": {
            "text": MESSAGE,
            "intent": {"name": "nlu_fallback", "confidence": 0.6123456789012345},
            "entities": [{"entity": "language", "value": "zh"}, {"entity": "phone", "value": "13812345678"}],
        },
        "metadata": {"note": "call 010-12345678"},
    }
    masked = mask_event(event)
    dumped = json.dumps(masked, ensure_ascii=False)
    for secret in SECRETS + ("010-12345678",):
        assert secret not in dumped
    assert masked["parse_data"]["intent"] == event["parse_data"]["intent"]  # confidence untouched
    assert masked["parse_data"]["entities"][0]["value"] == "zh"
    assert masked["timestamp"] == 1.5 and masked["event"] == "user"
    assert event["text"] == MESSAGE  # the event itself (still used during the turn) is not changed


def test_slot_values_that_hold_text_or_numbers_are_masked_but_amounts_are_not():
    from components.masking_tracker_store import mask_event

    assert mask_event({"event": "slot", "name": "loan_amount", "value": 50000.0})["value"] == 50000.0
    assert mask_event({"event": "slot", "name": "x", "value": 13812345678})["value"] != 13812345678
    assert "张三" not in str(mask_event({"event": "slot", "name": "note", "value": ["我叫张三"]}))


# --- real servers ---------------------------------------------------------------------------------


class SocketIO:
    """A minimal socket.io client over a WebSocket (the widget's transport)."""

    def __init__(self, port: int) -> None:
        self.url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(self.url, open_timeout=30)
        assert (await self.ws.recv()).startswith("0")
        await self.ws.send("40")
        assert (await self._next()).startswith("40")
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def _next(self) -> str:
        while True:
            packet = await self.ws.recv()
            if packet == "2":
                await self.ws.send("3")
                continue
            return packet

    async def emit(self, event: str, data) -> None:
        await self.ws.send("42" + json.dumps([event, data], ensure_ascii=False))

    async def event(self, name: str):
        while True:
            packet = await self._next()
            if packet.startswith("42"):
                event, *args = json.loads(packet[2:])
                if event == name:
                    return args[0] if args else None


def rest(port: int, sender: str, message: str) -> list:
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def socketio_turn(port: int, session: str, message: str) -> dict:
    async def run():
        async with SocketIO(port) as client:
            await client.emit("session_request", {"session_id": session})
            await asyncio.wait_for(client.event("session_confirm"), 30)
            await client.emit("user_uttered", {"message": message, "session_id": session})
            return await asyncio.wait_for(client.event("bot_uttered"), 120)

    return asyncio.run(run())


@pytest.fixture(scope="module")
def actions(rasa_server):
    """The run's shared action server (conftest.py): its folder (actions.log) and port."""
    return rasa_server.dir, rasa_server.actions_port


def endpoints(path: Path, actions_port: int, store: str) -> Path:
    path.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f"tracker_store:\n  type: {STORE_TYPE}\n{store}"
    )
    return path


def check_conversation(port: int, socketio: bool) -> list:
    """The PII message is answered (not with the apology); the next turn, read back from the masked
    store, is still worked out right. Returns every reply text, for the caller to check last."""
    replies = [r.get("text", "") for r in rest(port, "pii-rest", MESSAGE)]
    assert replies and replies[0] and "服务" not in replies[0]  # answered in Chinese, not the apology
    for message in ("借5万，年化18%，分24期", "月薪8000"):
        rest(port, "pii-rest", message)
    answer = rest(port, "pii-rest", "没有")
    assert any("2,496.21" in r.get("text", "") for r in answer), answer
    if socketio:
        first = socketio_turn(port, "pii-socket", MESSAGE)
        assert first["text"] == replies[0]
        replies.append(first["text"])
    return replies


def assert_not_echoed(replies: list) -> None:
    """The assistant does not repeat the numbers back either."""
    for secret in SECRETS:
        assert not any(secret in text for text in replies), (secret, replies)


@pytest.mark.model
def test_sqlite_store_and_logs_hold_no_raw_numbers(actions, rasa_server):
    # the run's shared `rasa run` (conftest.py): the project's tracker store type on SQLite, its own log
    tmp, _ = actions
    tracker, tmp_path = rasa_server.tracker_db, rasa_server.tracker_db.parent
    replies = check_conversation(rasa_server.port, socketio=True)
    import sqlite3

    with sqlite3.connect(tracker) as db:  # one sync per commit, readers alongside the server
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("tracker.db*"))
    assert b"pii-rest" in raw and b"pii-socket" in raw  # the conversations were stored ...
    assert b"PHONE" in raw
    for secret in SECRETS:  # ... masked
        assert secret.encode() not in raw
        assert secret not in (tmp_path / "rasa.log").read_text(errors="replace")
        assert secret not in (tmp / "actions.log").read_text(errors="replace")
    assert_not_echoed(replies)


@pytest.mark.model
def test_postgresql_store_holds_no_raw_numbers(actions, tmp_path):
    from stores import postgres_cluster

    tmp, actions_port = actions
    model = tmp_path / "model.tar.gz"
    shutil.copy(MODEL, model)
    with postgres_cluster() as pg:
        store = (
            f"  dialect: postgresql\n  url: {pg.host}\n  port: {pg.port}\n  db: {pg.database}\n"
            f"  username: {pg.user}\n  password: {pg.password}\n"
        )
        ep = endpoints(tmp_path / "endpoints.yml", actions_port, store)
        port = free_port()
        rasa = start_rasa(model, ep, port, tmp_path / "rasa.log")
        try:
            replies = check_conversation(port, socketio=False)
        finally:
            stop(rasa)
        import psycopg2

        with psycopg2.connect(pg.url) as conn, conn.cursor() as cur:
            cur.execute("SELECT sender_id, data FROM events")
            rows = cur.fetchall()
    stored = "\n".join(f"{s} {d}" for s, d in rows)
    assert "pii-rest" in stored and "PHONE" in stored
    for secret in SECRETS:
        assert secret not in stored
        assert secret not in (tmp_path / "rasa.log").read_text(errors="replace")
    assert_not_echoed(replies)
