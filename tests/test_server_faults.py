"""What goes wrong on a real server: malformed requests, 50 users at once on the SQLite store, the
action server going down and coming back, socket.io clients that come and go or never read, and a
Rasa restart in the middle of a conversation.

One action server and one `rasa run` (REST + socket.io, the project's credentials.yml, a SQLite
tracker store in a temporary directory) on free loopback ports, shared by the tests of this module.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Tuple

import aiohttp
import pytest
import yaml
from servers import (
    ROOT,
    free_port,
    sqlite_endpoints,
    start_actions,
    start_rasa,
    start_together,
    stop,
    stop_all,
)

from loancoach.records.tracker_integrity import check as check_store

pytestmark = pytest.mark.model

MODEL = ROOT / "models" / "loancoach.tar.gz"
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
APOLOGY = {v["condition"][0]["value"]: v["text"] for v in RESPONSES["utter_service_unavailable"]}


@dataclass
class Stack:
    tmp: Path
    model: Path
    rasa_port: int
    actions_port: int
    rasa: Any = None
    actions: Any = None

    @property
    def endpoints(self) -> Path:
        return self.tmp / "endpoints.yml"

    @property
    def tracker_db(self) -> Path:
        return self.tmp / "tracker.db"

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def start_actions(self) -> Any:
        self.actions = start_actions(
            self.actions_port, f"sqlite:///{self.tmp / 'loancoach.db'}", self.tmp / "actions.log"
        )
        return self.actions

    def start_rasa(self) -> Any:
        self.rasa = start_rasa(self.model, self.endpoints, self.rasa_port, self.tmp / "rasa.log")
        return self.rasa

    def log(self) -> str:
        return (self.tmp / "rasa.log").read_text(errors="replace")[-3000:]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    tmp = tmp_path_factory.mktemp("faults")
    model = tmp / "model.tar.gz"
    shutil.copy(MODEL, model)  # the model may be replaced while the tests run
    s = Stack(tmp, model, free_port(), free_port())
    sqlite_endpoints(s.endpoints, s.actions_port, s.tracker_db)
    try:
        start_together(s.start_actions, s.start_rasa)  # both at once: each loads on its own
        yield s
    finally:
        stop_all(s.rasa, s.actions)


async def post(
    session: aiohttp.ClientSession, url: str, body: Any = None, data: Any = None, timeout: float = 60
) -> Tuple[int, Any, float]:
    """(status, decoded reply or text, seconds) for one POST."""
    started = time.monotonic()
    kwargs = {"json": body} if data is None else {"data": data}
    async with session.post(url, timeout=aiohttp.ClientTimeout(total=timeout), **kwargs) as resp:
        raw = await resp.text()
        try:
            reply = json.loads(raw)
        except ValueError:
            reply = raw
        return resp.status, reply, time.monotonic() - started


def say(stack: Stack, sender: str, text: str, timeout: float = 60) -> Tuple[List[str], float]:
    """The bot's texts for one message, and how long the answer took."""

    async def one():
        async with aiohttp.ClientSession() as session:
            return await post(session, stack.webhook, {"sender": sender, "message": text}, timeout=timeout)

    status, reply, seconds = asyncio.run(one())
    assert status == 200, (status, reply)
    return [m.get("text") or "" for m in reply], seconds


# --- bounded fuzz of the REST webhook ---------------------------------------------------------


def _random_text(rng: random.Random) -> str:
    ranges = [
        (0x20, 0x7E),
        (0x4E00, 0x9FFF),
        (0x3000, 0x303F),
        (0xFF00, 0xFFEF),
        (0x1F300, 0x1FAFF),
        (0x0000, 0x001F),
        (0x0400, 0x04FF),
        (0x0600, 0x06FF),
        (0xE000, 0xF8FF),
        (0x10000, 0x10FFFF),
    ]
    chars = []
    for _ in range(rng.randint(1, 300)):
        lo, hi = rng.choice(ranges)
        chars.append(chr(rng.randint(lo, hi)))
    return "".join(chars)


def fuzz_cases(seed: int = 20261123) -> List[Dict[str, Any]]:
    """Each case: what to send and whether it is a well-formed message (which must be answered)."""
    rng = random.Random(seed)
    cases: List[Dict[str, Any]] = []
    for i in range(40):  # random Unicode, all planes, control characters included
        cases.append({"body": {"sender": f"fuzz-{i}", "message": _random_text(rng)}, "valid": True})
    for i, unit in enumerate(
        ["逾期会影响征信吗", "What is APR? ", "借5万 年化18% ", "🙂"]
    ):  # ~100 KB messages
        text = (unit * (100_000 // len(unit.encode()) + 1))[: 100_000 // len(unit.encode()) * len(unit)]
        cases.append({"body": {"sender": f"big-{i}", "message": text}, "valid": True, "big": unit != "🙂"})
    cases += [
        {"body": {"sender": "ws", "message": m}, "valid": True} for m in ["", "   ", "\n\t", "\u200b", "\x00"]
    ]
    malformed = [
        b"{",
        b'{"sender": "x", "message": "hi"',
        b"\xff\xfe\x00garbage",
        b"null",
        b"[]",
        b'"hi"',
        b"42",
        b'{"sender": "x", "message": "a\\ud800b"}',
        bytes(rng.getrandbits(8) for _ in range(512)),
        b"",
    ]
    cases += [{"data": raw, "valid": False} for raw in malformed]
    wrong = [
        {"message": "no sender"},
        {"sender": None, "message": "hi"},
        {"sender": ["a"], "message": "hi"},
        {"sender": {"id": 1}, "message": "hi"},
        {"sender": True, "message": "hi"},
        {"sender": "x"},
        {"sender": "x", "message": None},
        {"sender": "x", "message": 12},
        {"sender": "x", "message": ["hi"]},
        {"sender": "x", "message": {"text": "hi"}},
        {"sender": "x", "message": "hi", "metadata": "zh"},
        {"sender": "x", "message": "hi", "metadata": [1]},
        {"sender": "x" * 10_000, "message": "hi"},
    ]
    cases += [{"body": body, "valid": False} for body in wrong]
    rng.shuffle(cases)
    return cases


def test_fuzzed_webhook_answers_4xx_to_malformed_requests_never_5xx_and_stays_up(stack):
    cases = fuzz_cases()

    async def run_all():
        results = []
        async with aiohttp.ClientSession() as session:
            for case in cases:
                status, reply, _ = await post(session, stack.webhook, case.get("body"), case.get("data"))
                results.append((case, status, reply))
            # a GET on the webhook and a wrong path are client errors too
            async with session.get(stack.webhook) as resp:
                results.append(({"valid": False, "get": True}, resp.status, None))
        return results

    results = asyncio.run(run_all())
    server_errors = [(c, s) for c, s, _ in results if s >= 500]
    assert not server_errors, f"5xx: {server_errors[:3]}\n{stack.log()}"
    for case, status, reply in results:
        if case["valid"]:
            assert status == 200 and isinstance(reply, list) and reply, (
                case["body"]["message"][:80],
                status,
                reply,
            )
            if case.get("big"):
                text = " ".join(m.get("text") or "" for m in reply)
                assert "2000" in text or "2,000" in text, text  # says what was wrong: too long, and the limit
        else:
            assert 400 <= status < 500, (case, status, reply)
            if isinstance(reply, dict):
                assert reply.get("error") and reply.get("error_zh"), reply
    assert stack.rasa.poll() is None, "the Rasa server stopped"
    texts, _ = say(stack, "after-fuzz", "逾期会影响征信吗")
    assert any("征信" in t for t in texts), texts


# --- 50 users at once on the SQLite tracker store -----------------------------------------------


def test_fifty_concurrent_users_on_sqlite_lose_no_event(stack):
    script = ["你好", "逾期会影响征信吗", "What is APR?", "日息0.05%年化是多少"]
    sent = {f"crowd-{i:02d}": script[i % 2 :] + script[: i % 2] for i in range(50)}

    async def user(session, sender, texts):
        replies = []
        for text in texts:
            status, reply, _ = await post(
                session, stack.webhook, {"sender": sender, "message": text}, timeout=180
            )
            replies.append((status, reply))
        return replies

    async def crowd():
        connector = aiohttp.TCPConnector(limit=60)
        async with aiohttp.ClientSession(connector=connector) as session:
            return await asyncio.gather(*(user(session, s, t) for s, t in sent.items()))

    for replies in asyncio.run(crowd()):
        for status, reply in replies:
            assert status == 200 and reply, (status, reply)
            assert not any(APOLOGY["zh"] == m.get("text") or APOLOGY["en"] == m.get("text") for m in reply)
    result = check_store(sent, str(stack.tracker_db))
    assert result["ok"], result
    assert result["user_events_stored"] == 200


# --- the action server goes down and comes back -------------------------------------------------


def test_action_server_down_gets_an_apology_within_2_s_and_the_chat_works_once_it_is_back(stack):
    warm, _ = say(stack, "down-zh", "逾期会影响征信吗")
    assert any("征信" in t for t in warm)
    stop(stack.actions)
    try:
        texts, seconds = say(stack, "down-zh", "逾期多久会上征信")
        assert seconds < 2, seconds
        assert APOLOGY["zh"] in texts, texts
        texts, seconds = say(stack, "down-en", "What happens if I pay late?")
        assert seconds < 2 and APOLOGY["en"] in texts, (seconds, texts)
        # in the middle of the calculator (its form validation runs on the action server)
        texts, seconds = say(stack, "down-calc", "帮我算一下：借5万，年利率12%，分24期")
        assert seconds < 2 and APOLOGY["zh"] in texts, (seconds, texts)
    finally:
        stack.start_actions()
    texts, _ = say(stack, "down-zh", "逾期多久会上征信")
    assert APOLOGY["zh"] not in texts and any("征信" in t for t in texts), texts
    texts, _ = say(stack, "down-calc", "帮我算一下：借5万，年利率12%，分24期")
    assert APOLOGY["zh"] not in texts and texts, texts


# --- socket.io: clients that come and go, and one that never reads -----------------------------


def _never_reading_client(port: int, messages: int) -> socket.socket:
    """A raw WebSocket client that sends socket.io messages but never reads what comes back."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )

    def frame(text: str) -> bytes:  # a masked text frame (clients must mask)
        payload = text.encode()
        mask = b"\x01\x02\x03\x04"
        header = bytes([0x81]) + (
            bytes([0x80 | len(payload)])
            if len(payload) < 126
            else bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
        )
        return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

    sock.sendall(frame("40"))
    sock.sendall(frame('42["session_request",{"session_id":"never-reads"}]'))
    for _i in range(messages):
        sock.sendall(frame('42["user_uttered",{"message":"逾期会影响征信吗","session_id":"never-reads"}]'))
    return sock


class EngineIOWebSocket:
    """A minimal socket.io client over a WebSocket (python-socketio's needs a newer aiohttp than Rasa's)."""

    def __init__(self, port: int) -> None:
        self.url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(self.url, open_timeout=30)
        assert (await self.ws.recv()).startswith("0")  # Engine.IO open packet
        await self.ws.send("40")  # join the default namespace
        assert (await self._next()).startswith("40")
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def _next(self) -> str:
        while True:
            packet = await self.ws.recv()
            if packet == "2":  # ping
                await self.ws.send("3")
                continue
            return packet

    async def emit(self, event: str, data: Dict[str, Any]) -> None:
        await self.ws.send("42" + json.dumps([event, data], ensure_ascii=False))

    async def event(self, name: str) -> Any:
        while True:
            packet = await self._next()
            if packet.startswith("42"):
                event, *args = json.loads(packet[2:])
                if event == name:
                    return args[0] if args else None


def test_socketio_survives_connect_storms_and_a_client_that_never_reads(stack):
    import socketio

    url = f"http://127.0.0.1:{stack.rasa_port}"

    async def polling_client(i):
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(url, transports=["polling"], wait_timeout=30)
        if i % 3 == 0:
            await client.emit("session_request", {"session_id": f"storm-{i}"})
        # Engine.IO close packet, without waiting for the client's pending long-poll GET to come back
        # (the server answers it only at its next ping, 25 s later: 30 s per client, not the server's work)
        await client.eio.disconnect(abort=True)

    async def websocket_client(i):
        async with EngineIOWebSocket(stack.rasa_port) as client:
            if i % 3 == 0:
                await client.emit("session_request", {"session_id": f"storm-{i}"})

    async def storm(n=120, at_once=20):
        failures = []
        for start in range(0, n, at_once):
            clients = [
                (websocket_client if i % 2 else polling_client)(i) for i in range(start, start + at_once)
            ]
            failures += [
                r for r in await asyncio.gather(*clients, return_exceptions=True) if isinstance(r, Exception)
            ]
        return failures

    async def abrupt(n=50):  # TCP connections dropped mid-handshake
        for _ in range(n):
            _, writer = await asyncio.open_connection("127.0.0.1", stack.rasa_port)
            writer.write(b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n")
            writer.close()

    async def one_real_chat():
        async with EngineIOWebSocket(stack.rasa_port) as client:
            await client.emit("session_request", {"session_id": "after-storm"})
            assert await asyncio.wait_for(client.event("session_confirm"), 30) == "after-storm"
            await client.emit("user_uttered", {"message": "逾期会影响征信吗", "session_id": "after-storm"})
            return await asyncio.wait_for(client.event("bot_uttered"), 60)

    failures = asyncio.run(storm())
    assert not failures, failures[:3]
    asyncio.run(abrupt())
    silent = _never_reading_client(stack.rasa_port, messages=40)
    try:
        data = asyncio.run(one_real_chat())
        assert "征信" in data.get("text", ""), data
        texts, _ = say(stack, "during-silent-client", "What is APR?")
        assert texts and any("APR" in t for t in texts), texts
    finally:
        silent.close()
    assert stack.rasa.poll() is None


# --- Rasa restarted mid-conversation ------------------------------------------------------------


def test_after_a_rasa_restart_the_conversation_resumes_from_the_tracker_store(stack):
    sender = "restart-1"
    say(stack, sender, "帮我算一下贷款")
    texts, _ = say(stack, sender, "借5万")
    assert any("利率" in t for t in texts), texts  # now asks for the rate
    stop(stack.rasa)
    stack.start_rasa()
    texts, _ = say(stack, sender, "年利率12%")
    assert any("几期" in t for t in texts), texts  # amount and form remembered: asks for the term
    texts, _ = say(stack, sender, "24期")
    texts, _ = say(stack, sender, "跳过")
    for _ in range(2):  # income skipped; debts may still be asked
        if any("50,000" in t or "5万" in t or "50000" in t for t in texts):
            break
        texts, _ = say(stack, sender, "没有")
    assert any("50,000" in t or "5万" in t or "50000" in t for t in texts), texts
