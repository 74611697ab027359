"""Deleting personal data: one borrower's on request (PIPL Art. 47) and everything past the retention
period (Art. 19), in both stores — Rasa's tracker store (table ``events``) and our own records (every
table with a ``conversation`` column: handoffs, calculations, feedback, ad checks, and any added later).

Every deletion is written to the ``deletion_log`` table: when, what kind, how many rows per table;
never the content, the sender id or its pseudonym.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Optional

from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.engine import make_url

from loancoach.names import RETENTION_DAYS
from loancoach.records.models import all_models_metadata
from loancoach.records.pseudonyms import legacy_conversation_key, legacy_stored_sender_id, stored_sender_id
from loancoach.records.store import DeletionLog, conversation_key, session_scope
from loancoach.records.tracker_db import EVENTS, tracker_url

_NOT_PURGED = {"deletion_log", "alembic_version"}
_AGE = re.compile(r"^\s*(\d+)\s*([dhw]?)\s*$", re.IGNORECASE)


@dataclass
class Deletion:
    """What one forget / purge removed: rows from the tracker store and per table of ours."""

    tracker_rows: int = 0
    conversations: int = 0
    records: Dict[str, int] = field(default_factory=dict)

    @property
    def record_rows(self) -> int:
        return sum(self.records.values())

    def detail(self) -> str:
        return ",".join(f"{table}={n}" for table, n in sorted(self.records.items()) if n)


def parse_age(text: str) -> timedelta:
    """ "180d", "180" (days), "12h", "4w" → timedelta; ValueError with a readable message otherwise."""
    match = _AGE.match(str(text))
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"cannot read {text!r} as an age: use days like 180d (or 12h, 4w)")
    n, unit = int(match.group(1)), (match.group(2) or "d").lower()
    return {"d": timedelta(days=n), "h": timedelta(hours=n), "w": timedelta(weeks=n)}[unit]


def default_retention() -> timedelta:
    """``RETENTION_DAYS`` from the environment, else 180 days."""
    return parse_age(os.environ.get("RETENTION_DAYS") or str(RETENTION_DAYS))


def _tracker_engine(url: Optional[str]):
    """An engine on the tracker store, or None when there is no store yet (nothing to delete)."""
    url = tracker_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).is_file():
            return None
    engine = create_engine(url, future=True)
    from sqlalchemy import inspect

    if "events" not in inspect(engine).get_table_names():
        engine.dispose()
        return None
    return engine


def _our_tables():
    return [t for name, t in sorted(all_models_metadata().tables.items()) if name not in _NOT_PURGED]


def log_deletion(kind: str, tracker_rows: int, record_rows: int, detail: str = "", url=None) -> None:
    with session_scope(url) as session:
        session.add(
            DeletionLog(
                created_at=datetime.now(timezone.utc),
                kind=kind,
                tracker_rows=tracker_rows,
                record_rows=record_rows,
                detail=detail[:400],
            )
        )


def forget(
    sender_id: str,
    tracker: Optional[str] = None,
    records: Optional[str] = None,
    include_tracker: bool = True,
    kind: str = "forget",
) -> Deletion:
    """Delete one conversation: its tracker events and every row of ours that belongs to it.

    ``include_tracker=False`` leaves the tracker store alone: the chat's deletion flow, where Rasa's
    tracker store (components/masking_tracker_store.py) deletes the conversation itself."""
    result = Deletion()
    # the masking store keeps a phone-number id as a pseudonym (unkeyed in rows written before it was keyed)
    ids = {sender_id, stored_sender_id(sender_id), legacy_stored_sender_id(sender_id)}
    engine = _tracker_engine(tracker) if include_tracker else None
    if engine is not None:
        try:
            with engine.begin() as conn:
                result.tracker_rows = conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(ids))).rowcount
        finally:
            engine.dispose()
    result.conversations = 1 if result.tracker_rows else 0
    keys = [conversation_key(sender_id), legacy_conversation_key(sender_id)]
    with session_scope(records) as session:
        for table in _our_tables():
            if "conversation" in table.c:
                n = session.execute(delete(table).where(table.c.conversation.in_(keys))).rowcount
                result.records[table.name] = n
                result.conversations = result.conversations or int(n > 0)
    log_deletion(kind, result.tracker_rows, result.record_rows, result.detail(), url=records)
    return result


def purge(
    older_than: Optional[timedelta] = None,
    tracker: Optional[str] = None,
    records: Optional[str] = None,
    now: Optional[datetime] = None,
) -> Deletion:
    """Delete what is older than ``older_than`` (default :func:`default_retention`).

    Tracker store: a conversation with no event since the cut-off goes whole; of a conversation still
    in use, the earlier sessions that ended before the cut-off go (the current session stays, so Rasa
    can carry on). Our records: every row created before the cut-off (the deletion log stays).
    """
    now = now or datetime.now(timezone.utc)
    cutoff = now - (older_than or default_retention())
    result = Deletion()
    engine = _tracker_engine(tracker)
    if engine is not None:
        try:
            with engine.begin() as conn:
                last_event = select(EVENTS.c.sender_id, func.max(EVENTS.c.timestamp)).group_by(
                    EVENTS.c.sender_id
                )
                latest = {sender: t for sender, t in conn.execute(last_event)}
                last_start = last_event.where(EVENTS.c.type_name == "session_started")
                session_starts = {sender: t for sender, t in conn.execute(last_start)}
                stamp = cutoff.timestamp()
                for sender, last in latest.items():
                    if last is None or last < stamp:
                        query = delete(EVENTS).where(EVENTS.c.sender_id == sender)
                        result.conversations += 1
                    elif session_starts.get(sender):
                        limit = min(stamp, session_starts[sender])
                        query = delete(EVENTS).where(EVENTS.c.sender_id == sender, EVENTS.c.timestamp < limit)
                    else:
                        continue
                    result.tracker_rows += conn.execute(query).rowcount
        finally:
            engine.dispose()
    with session_scope(records) as session:
        for table in _our_tables():
            # a row's age: when it was made, or for a record about a conversation, when last changed
            stamp = table.c.get("created_at")
            if stamp is None and "conversation" in table.c:
                stamp = table.c.get("updated_at")
            if stamp is not None:
                result.records[table.name] = session.execute(delete(table).where(stamp < cutoff)).rowcount
    log_deletion("purge", result.tracker_rows, result.record_rows, result.detail(), url=records)
    return result
