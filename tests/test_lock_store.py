"""components.lock_store.AtomicRedisLockStore against a throwaway redis-server (tests/stores.py: skipped
with what to install when redis-server is missing, failed when CI is set).

Each thread has its own store and connection, like separate Rasa servers; a barrier starts them together.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import stores
from rasa.utils.endpoints import EndpointConfig

from components.lock_store import AtomicRedisLockStore

THREADS = 8


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    with stores.redis_server(tmp_path_factory.mktemp("redis") / "redis.log") as server:
        yield server


def new_store(redis) -> AtomicRedisLockStore:
    config = EndpointConfig.from_dict(
        {
            "type": "components.lock_store.AtomicRedisLockStore",
            "url": redis.host,
            "port": str(redis.port),
            "db": "1",
            "password": redis.password,
        }
    )
    return AtomicRedisLockStore(config)


def all_at_once(job, count: int = THREADS) -> list:
    start = threading.Barrier(count)

    def run(i):
        start.wait(timeout=30)
        return job(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_rasa_builds_it_from_an_endpoints_config(redis):
    from rasa.core.lock_store import LockStore

    config = EndpointConfig.from_dict(
        {
            "type": "components.lock_store.AtomicRedisLockStore",
            "url": redis.host,
            "port": str(redis.port),
            "db": "1",
            "password": redis.password,
        }
    )
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore) and store.red.ping()


def test_tickets_issued_at_the_same_moment_are_all_different(redis):
    stores_ = [new_store(redis) for _ in range(THREADS)]
    for _ in range(20):
        conversation = uuid.uuid4().hex
        tickets = all_at_once(lambda i, c=conversation: stores_[i].issue_ticket(c))
        assert sorted(tickets) == list(range(THREADS))
        assert len(stores_[0].get_lock(conversation).tickets) == THREADS


def test_the_lock_admits_one_holder_at_a_time_and_is_gone_afterwards(redis):
    conversation = uuid.uuid4().hex
    intervals = []

    async def hold(store):
        async with store.lock(conversation, wait_time_in_seconds=0.01):
            entered = time.monotonic()
            await asyncio.sleep(0.02)
            intervals.append((entered, time.monotonic()))

    stores_ = [new_store(redis) for _ in range(THREADS)]
    all_at_once(lambda i: asyncio.run(hold(stores_[i])))
    intervals.sort()
    assert len(intervals) == THREADS
    assert all(earlier[1] <= later[0] for earlier, later in zip(intervals, intervals[1:], strict=False)), (
        intervals
    )
    assert stores_[0].get_lock(conversation) is None


def test_an_expired_ticket_does_not_block_the_next_one(redis):
    store, conversation = new_store(redis), uuid.uuid4().hex
    store.issue_ticket(conversation, lock_lifetime=-1)  # its holder died long ago
    ticket = store.issue_ticket(conversation)
    store.update_lock(conversation)
    assert not store.get_lock(conversation).is_locked(ticket)
    store.cleanup(conversation, ticket)
    assert store.get_lock(conversation) is None
