"""Flood control (channels/ratelimit.py) and Twilio's signature check (channels/twilio.py).

The limiter on its own (in memory and in a real Redis), then real servers: one action server and two
`rasa run` servers sharing one Redis for the counters and one tracker store: 20 messages a minute from
one sender, spread over both servers, are all answered and stored; the 21st gets 429 with Retry-After
and a bilingual message on either server, over socket.io too, and is not stored. A Twilio request
without the right X-Twilio-Signature gets 403.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from servers import ROOT, free_port, start_actions, start_rasa, start_together, stop_all

from channels.ratelimit import Limits, MemoryCounter, RateLimiter, RedisCounter, message

MODEL = ROOT / "models" / "loancoach.tar.gz"
TWILIO_TOKEN = "test-auth-token-0123456789abcdef"


# --- the limiter ----------------------------------------------------------------------------------


def test_twenty_a_minute_per_sender_then_a_wait_of_about_the_window():
    limiter = RateLimiter(Limits(per_sender=20, per_ip=100, window=60), MemoryCounter(60))

    async def run():
        allowed = [await limiter.check("a", "10.0.0.1") for _ in range(20)]
        refused = await limiter.check("a", "10.0.0.1")
        other = await limiter.check("b", "10.0.0.1")
        return allowed, refused, other

    allowed, refused, other = asyncio.run(run())
    assert allowed == [0.0] * 20
    assert 59 < refused <= 60
    assert other == 0.0  # another sender on the same address still gets through


def test_one_address_is_limited_across_senders_and_the_window_slides():
    limiter = RateLimiter(Limits(per_sender=20, per_ip=5, window=0.5), MemoryCounter(0.5))

    async def run():
        first = [await limiter.check(f"s{i}", "10.0.0.2") for i in range(6)]
        time.sleep(0.6)
        return first, await limiter.check("s9", "10.0.0.2")

    first, later = asyncio.run(run())
    assert first[:5] == [0.0] * 5 and first[5] > 0
    assert later == 0.0


def test_refused_messages_are_not_counted():
    limiter = RateLimiter(Limits(per_sender=2, per_ip=100, window=0.5), MemoryCounter(0.5))

    async def run():
        results = [await limiter.check("a", None) for _ in range(10)]  # 8 refused
        time.sleep(0.55)
        return results, await limiter.check("a", None)

    results, after = asyncio.run(run())
    assert results.count(0.0) == 2 and after == 0.0


def test_the_message_says_how_long_to_wait_in_both_languages():
    text = message(12.2)
    assert "13" in text["zh"] and "13 s" in text["en"]


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    from stores import redis_server

    with redis_server(tmp_path_factory.mktemp("redis") / "redis.log") as server:
        yield server


def _redis_limiter(redis, limits: Limits) -> RateLimiter:
    import redis.asyncio as aioredis

    client = aioredis.Redis(host=redis.host, port=redis.port, password=redis.password)
    return RateLimiter(limits, RedisCounter(client, limits.window))


def test_redis_counters_are_shared_and_atomic(redis):
    limits = Limits(per_sender=20, per_ip=1000, window=60)

    async def run():
        a, b = _redis_limiter(redis, limits), _redis_limiter(redis, limits)  # two servers
        # 50 messages at once from one sender, half through each server
        results = await asyncio.gather(*[(a if i % 2 else b).check("shared", "1.2.3.4") for i in range(50)])
        return results, await b.check("someone-else", "1.2.3.4")

    results, other = asyncio.run(run())
    assert results.count(0.0) == 20
    assert all(55 < r <= 60 for r in results if r)
    assert other == 0.0


# --- real servers ---------------------------------------------------------------------------------


def post(url: str, body: bytes, headers: dict) -> tuple:
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def rest(port: int, sender: str, text: str) -> tuple:
    body = json.dumps({"sender": sender, "message": text}).encode()
    return post(f"http://127.0.0.1:{port}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def two_servers(redis, tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    tmp = tmp_path_factory.mktemp("flood")
    model = tmp / "model.tar.gz"
    shutil.copy(MODEL, model)
    actions_port = free_port()
    credentials = tmp / "credentials.yml"
    credentials.write_text(
        (ROOT / "credentials.yml").read_text()
        + "\nchannels.twilio.TwilioInput:\n  account_sid: AC00000000000000000000000000000000\n"
        + f"  auth_token: {TWILIO_TOKEN}\n  twilio_number: '+15550000000'\n"
    )
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        "tracker_store:\n  type: components.masking_tracker_store.MaskingTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{tmp / "tracker.db"}"\n'
    )
    env = {
        "REDIS_HOST": redis.host,
        "REDIS_PORT": str(redis.port),
        "REDIS_PASSWORD": redis.password,
        "REDIS_DB": "3",
        "RATE_LIMIT_PER_MINUTE": "20",
        "RATE_LIMIT_IP_PER_MINUTE": "1000",
    }
    ports = [free_port(), free_port()]
    procs = start_together(  # each loads on its own: all three at once
        lambda: start_actions(actions_port, f"sqlite:///{tmp / 'loancoach.db'}", tmp / "actions.log"),
        *(
            lambda port=port, name=name: start_rasa(
                model, endpoints, port, tmp / f"rasa-{name}.log", env, credentials
            )
            for name, port in zip("ab", ports, strict=True)
        ),
    )
    try:
        yield tmp, ports
    finally:
        stop_all(*procs)


def _socketio_turn(port: int, session: str, text: str) -> dict:
    from test_masking_store import SocketIO

    async def run():
        async with SocketIO(port) as client:
            await client.emit("session_request", {"session_id": session})
            await asyncio.wait_for(client.event("session_confirm"), 30)
            await client.emit("user_uttered", {"message": text, "session_id": session})
            return await asyncio.wait_for(client.event("bot_uttered"), 120)

    return asyncio.run(run())


@pytest.mark.model
def test_two_servers_share_the_limit_and_nothing_is_lost(two_servers):
    tmp, (a, b) = two_servers
    answered = []
    for i in range(20):
        status, _, body = rest(a if i % 2 else b, "flood", "逾期会影响征信吗" if i % 3 else "你好")
        assert status == 200, body
        answered.append(json.loads(body))
    assert all(replies and replies[0].get("text") for replies in answered)

    for port in (a, b):
        status, headers, body = rest(port, "flood", "你好")
        assert status == 429
        assert 50 <= int(headers["Retry-After"]) <= 60
        error = json.loads(body)
        assert "请" in error["error_zh"] and "wait" in error["error"]
    over = _socketio_turn(b, "flood", "你好")  # the widget's socket: same sender, same limit
    assert "秒后再发" in over["text"] and "wait" in over["text"]
    assert rest(a, "another-borrower", "你好")[0] == 200

    with sqlite3.connect(tmp / "tracker.db") as db:
        [(stored,)] = db.execute("SELECT count(*) FROM events WHERE sender_id='flood' AND type_name='user'")
    assert stored == 20  # the 20 answered messages, and none of the refused ones


def _signed(url: str, params: dict, token: str) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(token).compute_signature(url, params)


@pytest.mark.model
def test_twilio_requests_without_the_right_signature_get_403(two_servers):
    tmp, (a, _) = two_servers
    url = f"http://127.0.0.1:{a}/webhooks/twilio/webhook"
    params = {"From": "+8613800000000", "Body": "你好", "MessageSid": "SM1"}
    body = urllib.parse.urlencode(params).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    assert post(url, body, form)[0] == 403  # no signature
    wrong = _signed(url, params, "not-the-token")
    assert post(url, body, {**form, "X-Twilio-Signature": wrong})[0] == 403
    tampered = _signed(url, {**params, "Body": "别的"}, TWILIO_TOKEN)
    assert post(url, body, {**form, "X-Twilio-Signature": tampered})[0] == 403
    right = _signed(url, params, TWILIO_TOKEN)
    status, _, _ = post(url, body, {**form, "X-Twilio-Signature": right})
    assert status != 403  # accepted; the SMS reply itself cannot leave this machine (no network: 500)
    # it reached the assistant, which answered: sending the SMS is what failed
    log = (tmp / "rasa-a.log").read_text(errors="replace")
    assert "api.twilio.com" in log and "13800000000" not in log


def test_loopback_clients_are_limited_per_sender_only():
    limiter = RateLimiter(Limits(per_sender=20, per_ip=2, window=60), MemoryCounter(60))

    async def run():
        return [await limiter.check(f"local-{i}", ip) for i in range(5) for ip in ("127.0.0.1", "::1")]

    assert asyncio.run(run()) == [0.0] * 10
