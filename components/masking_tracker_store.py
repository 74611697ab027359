"""A tracker store that masks personal data before a conversation is written (PIPL Art. 19, 51).

``MaskingTrackerStore`` is Rasa's SQL tracker store (SQLite by default, PostgreSQL when scaled, same
settings in ``endpoints.yml``) with one change: every event is passed through
:func:`loancoach.text.privacy.redact` as it is serialised for the database — the user's text,
``parse_data.text``, entity values, slot values that hold text, the bot's text and metadata. The
tracker in memory keeps the raw text for the rest of the turn, so the model and the actions see what
the user wrote and calculations are unchanged; what is stored (and what a later turn reads back) is
masked. A sender id that is itself personal data (an SMS sender's phone number) is stored as a
pseudonym (:func:`loancoach.records.pseudonyms.stored_sender_id`).

It also ends a conversation on request: when a turn ran ``action_delete_conversation`` (the chat's
"删除我的聊天记录" / "delete my data" flow), the store deletes every stored event of that sender instead
of writing the turn, and records the deletion (how many rows, not the content).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from loancoach.names import ACTION_DELETE_CONVERSATION
from loancoach.records.pseudonyms import stored_sender_id
from loancoach.text.privacy import redact

logger = logging.getLogger(__name__)

# Keys whose values are names Rasa itself chose (event types, intents, actions, slots): never masked.
_KEEP = {"event", "name", "policy", "intent_name", "entity", "extractor", "processors", "input_channel"}


def mask_value(value: Any) -> Any:
    """``value`` with every string in it (nested lists and dicts too) masked; whole numbers that read
    as a phone, ID or card number become the mask text (fractions, e.g. confidences, are left alone)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e20):
        digits = f"{value:.0f}"  # a slot may hold a phone or ID number read as a number
        masked = redact(digits)
        return value if masked == digits else masked
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in _KEEP and isinstance(v, str) else mask_value(v)) for k, v in value.items()}
    return value


def mask_event(data: dict) -> dict:
    """A serialised event (``Event.as_dict()``) with personal data masked; a new dict."""
    masked = mask_value(data)
    masked["event"] = data.get("event")
    if "timestamp" in data:
        masked["timestamp"] = data["timestamp"]
    return masked


def asks_for_deletion(events: Iterable) -> bool:
    """Whether ``events`` (the turn being saved) ran the conversation deletion action."""
    return any(isinstance(e, ActionExecuted) and e.action_name == ACTION_DELETE_CONVERSATION for e in events)


def pooled_sqlite_engine(url):
    """An engine for the SQLite file with pooled connections in write-ahead-log mode.

    SQLAlchemy 1.4 opens and closes a new SQLite connection for every session (NullPool), and Rasa opens
    two sessions a message; pooled connections (SQLAlchemy 2's default for SQLite files) skip that. In
    WAL mode a commit appends to the log and syncs once (the default rollback journal syncs two files),
    and counselors' commands read while the server writes. ``synchronous`` stays FULL: a committed turn
    survives a power cut as before.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(
        url, poolclass=QueuePool, pool_size=4, max_overflow=16, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return engine


class MaskingTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, writing events with personal data masked (see the module doc)."""

    def __init__(self, domain=None, host: Optional[str] = None, url: Optional[str] = None, **kwargs) -> None:
        # Rasa passes the endpoint's `url:` as `host`; accept either spelling.
        super().__init__(domain=domain, host=host or url, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            from sqlalchemy.orm import sessionmaker

            self.engine.dispose()
            self.engine = pooled_sqlite_engine(self.engine.url)
            self.sessionmaker = sessionmaker(bind=self.engine)

    def _event_query(self, session, sender_id: str, fetch_events_from_all_sessions: bool):
        # A sender id that is itself personal data (an SMS sender's phone number) is stored as a pseudonym.
        return super()._event_query(session, stored_sender_id(sender_id), fetch_events_from_all_sessions)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events not stored yet, masked; or delete the conversation if the turn asked."""
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
            if asks_for_deletion(new_events):
                deleted = (
                    session.query(self.SQLEvent)
                    .filter(self.SQLEvent.sender_id == stored_sender_id(tracker.sender_id))
                    .delete(synchronize_session=False)
                )
                session.commit()
                _log_deletion(deleted)
                logger.info("Conversation deleted at the user's request (%d events).", deleted)
                return
            for event in new_events:
                data = mask_event(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=stored_sender_id(tracker.sender_id),
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        if self.event_broker:
            for event in new_events:
                self.event_broker.publish({"sender_id": tracker.sender_id, **mask_event(event.as_dict())})
        logger.debug("Tracker stored to database (masked).")


def _log_deletion(tracker_rows: int) -> None:
    """Record the chat deletion in our deletion log; the conversation is gone even if this fails."""
    try:
        from loancoach.records.retention import log_deletion

        log_deletion("chat", tracker_rows=tracker_rows, record_rows=0)
    except Exception:  # noqa: BLE001 - the log is secondary to the deletion itself
        logger.exception("Could not record the deletion in the deletion log.")
