"""A Redis lock store whose every change to a conversation's lock is one Redis transaction.

Rasa 3.6's RedisLockStore changes a lock by GET, edit in Python, SET. Two Rasa servers (or Sanic
workers) that receive a message for the same conversation at the same moment both read "no lock",
both issue ticket 0 and both go ahead: the turns overlap and one user message is lost from the
tracker store (RasaHQ/rasa#9213; measured in README "Scaling"). Here the same steps run inside
WATCH/MULTI/EXEC (redis-py `Redis.transaction`, retried when another process changed the key in
between), so tickets are unique and the ticket lock serialises the turns as intended.

endpoints.scaled.yml: ``lock_store: {type: components.lock_store.AtomicRedisLockStore, url: ..., ...}``
with the same keys as Rasa's ``type: redis`` (Rasa then also allows SANIC_WORKERS > 1).
"""

from __future__ import annotations

import json
from typing import Callable, Optional, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]]


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore with atomic ticket issue, expiry, release and deletion."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores as cls(endpoint_config=...); `url` is the Redis host.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _atomically(self, conversation_id: str, change: Change) -> T:
        """Apply ``change`` (old lock or None -> new lock or None, result) as one transaction."""
        key = self.key_prefix + conversation_id

        def attempt(pipe) -> T:
            raw = pipe.get(key)
            old = TicketLock.from_dict(json.loads(raw)) if raw else None
            new, result = change(old)
            pipe.multi()
            if new is not None:
                pipe.set(key, new.dumps())
            elif old is not None:
                pipe.delete(key)
            return result

        return self.red.transaction(attempt, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, issue)
        except Exception as e:  # noqa: BLE001 - same contract as LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket; delete the lock in the same step when no one else holds a ticket."""

        def release(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._atomically(conversation_id, release)
