"""Flood control for the public webhooks: each sender and each client IP may send so many messages a
minute; a message over the limit is refused before it reaches Rasa (nothing is stored) with how long
to wait.

Limits (environment, read when the first message arrives):

- ``RATE_LIMIT_PER_MINUTE``: messages per sender (conversation id), default 20; 0 turns limiting off.
- ``RATE_LIMIT_IP_PER_MINUTE``: messages per client IP, default 3 × the sender limit (60): many
  borrowers can share one address behind a carrier's or an office's NAT.
- ``RATE_LIMIT_WINDOW_SECONDS``: the window, default 60 (a sliding window: at most N in any 60 s).

Loopback addresses are not limited per IP: behind a reverse proxy on the same machine every client
would be 127.0.0.1. Let Sanic read the client address from the proxy's X-Forwarded-For instead
(``SANIC_PROXIES_COUNT=1`` in the Rasa server's environment), or limit per IP at the proxy.

Counters are in Redis when ``RATE_LIMIT_REDIS_URL`` is set, or when ``REDIS_HOST`` is (the variables
endpoints.scaled.yml reads for the lock store, with ``REDIS_PORT``, ``REDIS_DB``, ``REDIS_PASSWORD``),
so the limit holds across all Rasa servers and workers; otherwise in this process's memory. The check
and the count are one Redis script, so two servers cannot both let the 21st message through.

(The ``limits`` package would do this, but its releases need a newer ``packaging`` than Rasa 3.6
allows.)
"""

from __future__ import annotations

import ipaddress
import math
import os
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Deque, Dict, List, Optional, Sequence, Tuple

from loancoach.names import RATE_LIMIT_PER_MINUTE

MAX_TRACKED_KEYS = 100_000  # in memory: the least recently seen keys are forgotten beyond this

MESSAGE_EN = "Too many messages in a short time. Please wait {seconds} s and send it again."
MESSAGE_ZH = "消息发得太快了，请 {seconds} 秒后再发。"

# KEYS: counters; ARGV: window (s), member, then one limit per key. Returns 0 (counted) or the
# seconds until a message may be sent. Time from the Redis server, so all Rasa servers agree.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
end
return '0'
"""


@dataclass(frozen=True)
class Limits:
    per_sender: int = RATE_LIMIT_PER_MINUTE
    per_ip: int = 3 * RATE_LIMIT_PER_MINUTE
    window: float = 60.0

    @classmethod
    def from_env(cls) -> Limits:
        sender = int(os.environ.get("RATE_LIMIT_PER_MINUTE") or RATE_LIMIT_PER_MINUTE)
        ip = int(os.environ.get("RATE_LIMIT_IP_PER_MINUTE") or 3 * sender)
        window = float(os.environ.get("RATE_LIMIT_WINDOW_SECONDS") or 60)
        return cls(sender, ip, window)


class MemoryCounter:
    """Sliding-window counters in this process."""

    def __init__(self, window: float) -> None:
        self.window = window
        self.hits: OrderedDict[str, Deque[float]] = OrderedDict()

    async def acquire(self, keys: Sequence[Tuple[str, int]]) -> float:
        now = time.monotonic()
        wait = 0.0
        for key, limit in keys:
            hits = self.hits.get(key)
            if hits is None:
                continue
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= limit:
                wait = max(wait, hits[0] + self.window - now)
        if wait > 0:
            return wait
        for key, _ in keys:
            self.hits.setdefault(key, deque()).append(now)
            self.hits.move_to_end(key)
        while len(self.hits) > MAX_TRACKED_KEYS:
            self.hits.popitem(last=False)
        return 0.0


class RedisCounter:
    """Sliding-window counters in Redis, checked and counted atomically by one script."""

    def __init__(self, client, window: float, prefix: str = "loancoach:ratelimit:") -> None:
        self.client, self.window, self.prefix = client, window, prefix
        self.script = client.register_script(_SCRIPT)

    async def acquire(self, keys: Sequence[Tuple[str, int]]) -> float:
        result = await self.script(
            keys=[self.prefix + key for key, _ in keys],
            args=[self.window, uuid.uuid4().hex, *[limit for _, limit in keys]],
        )
        return float(result)


def _redis_client():
    import redis.asyncio as aioredis

    url = os.environ.get("RATE_LIMIT_REDIS_URL")
    if url:
        return aioredis.from_url(url, socket_timeout=5)
    host = os.environ.get("REDIS_HOST")
    if not host:
        return None
    return aioredis.Redis(
        host=host,
        port=int(os.environ.get("REDIS_PORT") or 6379),
        db=int(os.environ.get("REDIS_DB") or 0),
        password=os.environ.get("REDIS_PASSWORD") or None,
        socket_timeout=5,
    )


class RateLimiter:
    def __init__(self, limits: Limits, counter) -> None:
        self.limits, self.counter = limits, counter

    @classmethod
    def from_env(cls) -> RateLimiter:
        limits = Limits.from_env()
        client = _redis_client()
        counter = RedisCounter(client, limits.window) if client is not None else MemoryCounter(limits.window)
        return cls(limits, counter)

    async def check(self, sender: Optional[str], ip: Optional[str]) -> float:
        """0 if this message may go on (it is counted), else the seconds to wait (it is not)."""
        keys: List[Tuple[str, int]] = []
        if sender and self.limits.per_sender > 0:
            keys.append((f"sender:{sender}", self.limits.per_sender))
        if ip and self.limits.per_ip > 0 and not _loopback(ip):
            keys.append((f"ip:{ip}", self.limits.per_ip))
        if not keys:
            return 0.0
        return await self.counter.acquire(keys)


def _loopback(ip: str) -> bool:
    """127.0.0.1 / ::1: a proxy on this machine (every client would share one address) or a local
    script; such requests are limited per sender only."""
    try:
        return ipaddress.ip_address(ip.split("%")[0]).is_loopback
    except ValueError:
        return False


_limiters: Dict[int, RateLimiter] = {}


def limiter() -> RateLimiter:
    """This process's limiter, made from the environment on first use."""
    pid = os.getpid()  # Sanic workers are forked: each makes its own (Redis) client
    if pid not in _limiters:
        _limiters[pid] = RateLimiter.from_env()
    return _limiters[pid]


def retry_after(wait: float) -> int:
    return max(1, math.ceil(wait))


def message(wait: float) -> Dict[str, str]:
    seconds = retry_after(wait)
    return {"en": MESSAGE_EN.format(seconds=seconds), "zh": MESSAGE_ZH.format(seconds=seconds)}


def client_ip(request) -> Optional[str]:
    """The client address of a Sanic request (the proxy-forwarded one when Sanic is told to trust it)."""
    return getattr(request, "remote_addr", None) or getattr(request, "ip", None)
