"""Closed-loop load on Rasa's REST webhook: N virtual users, each waiting for its reply like a person.

A level is bounded by a message count (shared by all users) and by wall time: no message is sent
after ``max_seconds``, and each request gives up after ``timeout`` seconds. What is counted:

* latency: wall time of each POST, from send to the parsed reply (timeouts count as ``timeout``);
* error: a non-200 status, an exception or timeout, an empty reply list, or a reply that is one of
  the ``apologies`` (the assistant's "something went wrong" texts);
* throughput: completed messages (status 200 in time, whatever the reply) divided by the level's wall
  time, first send to last reply; ``answered_msg_per_s`` counts only replies without an error.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional

import aiohttp
from conversations import script_for


@dataclass
class Exchange:
    sender: str
    text: str
    seconds: float
    error: Optional[str]  # None when answered; else "status 500", "timeout", "empty reply", ...


@dataclass
class LevelResult:
    users: int
    max_messages: int
    max_seconds: float
    elapsed: float = 0.0
    stopped_by: str = "count"
    exchanges: List[Exchange] = field(default_factory=list)
    sent: Dict[str, List[str]] = field(default_factory=dict)  # sender -> texts in the order sent

    def summary(self) -> dict:
        latencies = [e.seconds * 1000 for e in self.exchanges]
        errors: Dict[str, int] = {}
        for e in self.exchanges:
            if e.error:
                kind = e.error.split(":")[0]
                errors[kind] = errors.get(kind, 0) + 1
        answered = len(self.exchanges) - sum(errors.values())
        # completed: the server answered 200 in time (an empty or apologetic reply still took its work)
        completed = sum(1 for e in self.exchanges if not e.error or e.error.startswith(("empty", "apology")))
        return {
            "users": self.users,
            "max_messages": self.max_messages,
            "max_seconds": self.max_seconds,
            "messages_sent": len(self.exchanges),
            "messages_completed": completed,
            "messages_answered": answered,
            "stopped_by": self.stopped_by,
            "elapsed_s": round(self.elapsed, 3),
            "msg_per_s": round(completed / self.elapsed, 3) if self.elapsed else None,
            "answered_msg_per_s": round(answered / self.elapsed, 3) if self.elapsed else None,
            "p50_ms": _round(_quantile(latencies, 50)),
            "p90_ms": _round(_quantile(latencies, 90)),
            "p99_ms": _round(_quantile(latencies, 99)),
            "mean_ms": _round(statistics.fmean(latencies) if latencies else None),
            "max_ms": _round(max(latencies) if latencies else None),
            "errors": sum(errors.values()),
            "errors_by_kind": errors,
            "error_examples": [f"{e.sender}: {e.text!r} -> {e.error}" for e in self.exchanges if e.error][:5],
        }


def _quantile(values: List[float], pct: int) -> Optional[float]:
    """The ``pct``-th percentile (statistics.quantiles, inclusive method); None without data."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 1)


def reply_error(status: int, body: object, apologies: FrozenSet[str]) -> Optional[str]:
    """Why a webhook answer counts as an error, or None if it is a real reply."""
    if status != 200:
        return f"status {status}"
    if not isinstance(body, list) or not body:
        return "empty reply"
    for message in body:
        if isinstance(message, dict) and message.get("text") in apologies:
            return "apology: " + str(message.get("text"))[:60]
    return None


async def _post(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    text: str,
    timeout: float,
    apologies: FrozenSet[str],
) -> Exchange:
    started = time.perf_counter()
    try:
        async with session.post(
            url, json={"sender": sender, "message": text}, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as response:
            body = await response.json(content_type=None) if response.status == 200 else None
            error = reply_error(response.status, body, apologies)
    except asyncio.TimeoutError:
        error = "timeout"
    except (aiohttp.ClientError, ValueError) as exc:
        error = f"exception: {type(exc).__name__} {exc}"[:200]
    return Exchange(sender, text, time.perf_counter() - started, error)


async def run_level(
    url: str,
    users: int,
    max_messages: int,
    max_seconds: float,
    timeout: float,
    sender_prefix: str,
    apologies: FrozenSet[str] = frozenset(),
    scripts=None,
) -> LevelResult:
    """Run one load level against ``url`` and return every exchange."""
    result = LevelResult(users, max_messages, max_seconds)
    budget = {"left": max_messages}
    connector = aiohttp.TCPConnector(limit=users, limit_per_host=users)
    started = time.perf_counter()
    deadline = started + max_seconds

    async def user(number: int, session: aiohttp.ClientSession) -> None:
        sender = f"{sender_prefix}-u{number:03d}"
        script = script_for(number, scripts) if scripts else script_for(number)
        sent = result.sent.setdefault(sender, [])
        turn = 0
        while budget["left"] > 0:
            if time.perf_counter() >= deadline:
                result.stopped_by = "time"
                return
            budget["left"] -= 1
            text = script[turn % len(script)]
            turn += 1
            sent.append(text)
            result.exchanges.append(await _post(session, url, sender, text, timeout, apologies))

    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(user(n, session) for n in range(users)))
    result.elapsed = time.perf_counter() - started
    return result


async def warm_up(url: str, sender: str, texts: Iterable[str], timeout: float) -> List[Exchange]:
    """Send ``texts`` one after another as ``sender`` (not measured)."""
    async with aiohttp.ClientSession() as session:
        return [await _post(session, url, sender, text, timeout, frozenset()) for text in texts]
