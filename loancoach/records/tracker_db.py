"""Read Rasa's SQL tracker store (table ``events``) into conversations, with personal data masked.

The store is named by ``--db URL``, else ``TRACKER_DB_URL``, else the SQLite file of endpoints.yml
(``var/rasa_tracker.db``); a plain file path is read as a SQLite file. One engine and session per
:func:`tracker_session`; nothing is opened at import. Every text and slot value that leaves this
module has been through :func:`loancoach.text.privacy.redact`.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from loancoach.names import LANGUAGE_SLOT, MESSAGE_LANGUAGE, NLU_FALLBACK
from loancoach.records.settings import var_dir
from loancoach.text.privacy import redact

LANGUAGE_EXTRACTOR = "LanguageDetector"
# The language each user message was read in is MESSAGE_LANGUAGE in its parse data
# (components/language_detector.py); events stored before it existed carry it as the detector's entity
# and the ``language`` slot.

_metadata = MetaData()
EVENTS = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


class TrackerDBError(Exception):
    """The tracker store cannot be opened or read; the message is one line for the user."""


# --------------------------------------------------------------------------- conversations


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class UserMessage:
    timestamp: float
    text: str  # redacted
    intent: Optional[str]
    confidence: Optional[float]
    language: Optional[str]
    entities: Tuple[Tuple[str, Any], ...] = ()  # (name, value) not from the language detector
    best_guess: Optional[str] = None  # the top intent other than the fallback
    kind: str = field(default="user", init=False)

    @property
    def is_payload(self) -> bool:
        """A button click or typed ``/intent`` rather than free text."""
        return self.text.startswith("/")

    def not_understood(self, threshold: float) -> bool:
        return self.intent == NLU_FALLBACK or (self.confidence is not None and self.confidence < threshold)


@dataclass(frozen=True)
class BotMessage:
    timestamp: float
    text: str  # redacted
    buttons: Tuple[Button, ...] = ()
    kind: str = field(default="bot", init=False)


@dataclass(frozen=True)
class ActionRun:
    timestamp: float
    name: str
    kind: str = field(default="action", init=False)


@dataclass(frozen=True)
class SlotSet:
    timestamp: float
    name: str
    value: Any  # strings redacted
    kind: str = field(default="slot", init=False)


@dataclass(frozen=True)
class LoopChange:
    timestamp: float
    name: Optional[str]  # None: the form was deactivated
    kind: str = field(default="active_loop", init=False)


Event = Union[UserMessage, BotMessage, ActionRun, SlotSet, LoopChange]


@dataclass
class Conversation:
    sender_id: str  # as stored; print :attr:`label`
    events: List[Event] = field(default_factory=list)

    @property
    def label(self) -> str:
        return redact(self.sender_id)

    @property
    def user_messages(self) -> List[UserMessage]:
        return [e for e in self.events if isinstance(e, UserMessage)]

    @property
    def bot_messages(self) -> List[BotMessage]:
        return [e for e in self.events if isinstance(e, BotMessage)]

    @property
    def started(self) -> Optional[float]:
        return self.events[0].timestamp if self.events else None

    @property
    def ended(self) -> Optional[float]:
        return self.events[-1].timestamp if self.events else None


# --------------------------------------------------------------------------- parsing


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    return value


def _user(data: dict, timestamp: float) -> UserMessage:
    parse = data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    entities = parse.get("entities") or []
    language = parse.get(MESSAGE_LANGUAGE) or next(
        (e.get("value") for e in entities if e.get("extractor") == LANGUAGE_EXTRACTOR), None
    )
    others = tuple(
        (e.get("entity"), _redact_value(e.get("value")))
        for e in entities
        if e.get("extractor") != LANGUAGE_EXTRACTOR and e.get("entity")
    )
    ranking = [r.get("name") for r in parse.get("intent_ranking") or [] if r.get("name")]
    guess = next((name for name in ranking if name != NLU_FALLBACK), None)
    confidence = intent.get("confidence")
    return UserMessage(
        timestamp=timestamp,
        text=redact(data.get("text") or ""),
        intent=intent.get("name"),
        confidence=None if confidence is None else float(confidence),
        language=language,
        entities=others,
        best_guess=guess,
    )


def _bot(data: dict, timestamp: float) -> BotMessage:
    buttons = ((data.get("data") or {}).get("buttons")) or []
    return BotMessage(
        timestamp=timestamp,
        text=redact(data.get("text") or ""),
        buttons=tuple(
            Button(redact(str(b.get("title", ""))), redact(str(b.get("payload", "")))) for b in buttons
        ),
    )


def parse_event(type_name: str, timestamp: float, raw: Optional[str]) -> Optional[Event]:
    """One stored event as a conversation event; None for kinds a counselor does not need."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return None
    timestamp = float(timestamp if timestamp is not None else data.get("timestamp") or 0)
    if type_name == "user":
        return _user(data, timestamp)
    if type_name == "bot":
        return _bot(data, timestamp)
    if type_name == "action" and data.get("name"):
        return ActionRun(timestamp, data["name"])
    if type_name == "slot" and data.get("name"):
        return SlotSet(timestamp, data["name"], _redact_value(data.get("value")))
    if type_name == "active_loop":
        return LoopChange(timestamp, data.get("name"))
    return None


# --------------------------------------------------------------------------- dates


_RELATIVE = re.compile(r"^\s*(\d{1,4})\s*d(?:ays?)?\s*$", re.IGNORECASE)


def parse_since(text: str, now: Optional[datetime] = None) -> datetime:
    """``--since``: ``YYYY-MM-DD`` (local midnight), ``YYYY-MM-DD HH:MM`` or ``Nd`` (N days before today).

    Returns a timezone-aware local datetime; raises ValueError with a one-line message.
    """
    now = (now or datetime.now()).astimezone()
    relative = _RELATIVE.match(text or "")
    if relative:
        day = now.date() - timedelta(days=int(relative.group(1)))
        return datetime.combine(day, datetime.min.time()).astimezone()
    value = (text or "").strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time()).astimezone()
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"cannot read {text!r} as a date (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or 7d)"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()


def local_time(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp).astimezone()


# --------------------------------------------------------------------------- store access


def tracker_url(value: Optional[str] = None) -> str:
    """``--db`` if given, else ``TRACKER_DB_URL``, else the SQLite file of endpoints.yml."""
    value = (
        value or os.environ.get("TRACKER_DB_URL") or str(var_dir() / "rasa_tracker.db")
    )  # endpoints.yml: db "var/rasa_tracker.db"
    return value if "://" in value else f"sqlite:///{Path(value).expanduser().resolve()}"


def shown_url(url: str) -> str:
    """The URL for messages, password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"


@contextmanager
def tracker_session(url: Optional[str] = None) -> Iterator[Session]:
    """A read-only unit of work on the tracker store; errors become :class:`TrackerDBError`."""
    url = tracker_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise TrackerDBError(f"cannot read {url!r} as a database URL") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).is_file():
            raise TrackerDBError(
                f"no tracker store at {parsed.database} (no conversations yet, or wrong --db)"
            )
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise TrackerDBError(f"cannot open {shown_url(url)}: {_first_line(exc)}") from None
    session = Session(engine, future=True)
    try:
        yield session
    except SQLAlchemyError as exc:
        raise TrackerDBError(f"cannot read the tracker store {shown_url(url)}: {_first_line(exc)}") from None
    finally:
        session.close()
        engine.dispose()


def _first_line(exc: Exception) -> str:
    inner = getattr(exc, "orig", None) or exc
    return (str(inner).strip().splitlines() or [type(inner).__name__])[0][:200]


def load_conversations(
    url: Optional[str] = None, since: Optional[datetime] = None, sender_id: Optional[str] = None
) -> List[Conversation]:
    """Conversations with an event at or after ``since``, oldest first; events in stored order."""
    query = select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.data)
    query = query.where(EVENTS.c.type_name.in_(("user", "bot", "action", "slot", "active_loop")))
    if since is not None:
        query = query.where(EVENTS.c.timestamp >= since.timestamp())
    if sender_id is not None:
        query = query.where(EVENTS.c.sender_id == sender_id)
    conversations: Dict[str, Conversation] = {}
    with tracker_session(url) as session:
        for sender, type_name, timestamp, data in session.execute(query.order_by(EVENTS.c.id)):
            event = parse_event(type_name, timestamp, data)
            if event is not None:
                conversations.setdefault(sender, Conversation(sender)).events.append(event)
    return sorted(conversations.values(), key=lambda c: c.started or 0)


# --------------------------------------------------------------------------- search


HANDOFF_ACTION = "action_request_handoff"
CALCULATION_ACTION = "action_calculate_loan"
AD_CHECK_ACTION = "action_check_ad"
NOT_HELPFUL_INTENT = "feedback_not_helpful"
HELPFUL_INTENT = "feedback_helpful"


@dataclass
class SearchCriteria:
    """What ``loancoach conversations`` filters on; every field set is pushed into SQL on ``events``."""

    fallback: bool = False
    handoff: bool = False
    calculation: bool = False  # ran the calculator (for --verdict, checked against our records)
    ad_check: bool = False  # checked an ad (for --red-flag, checked against our records)
    feedback: Optional[str] = None  # helpful | not-helpful
    channel: Optional[str] = None
    language: Optional[str] = None
    text: Optional[str] = None
    intent: Optional[str] = None
    since: Optional[datetime] = None
    until: Optional[datetime] = None


@dataclass(frozen=True)
class ConversationRow:
    sender_id: str  # as stored; show redact(sender_id)
    started: float
    ended: float
    turns: int  # user messages


def _json_fragment(value: str) -> List[str]:
    """How ``value`` can appear inside stored JSON: as is, and with non-ASCII as \\uXXXX escapes."""
    escaped = json.dumps(value)[1:-1]
    return sorted({value, escaped})


def _senders_where(*conditions):
    return select(EVENTS.c.sender_id).where(*conditions)


def search_conversations(
    criteria: SearchCriteria, url: Optional[str] = None, limit: Optional[int] = None
) -> List[ConversationRow]:
    """Conversations matching every criterion, most recent activity first (at most ``limit``)."""
    from sqlalchemy import and_, case, func, or_

    c = EVENTS.c
    wanted = []  # subqueries: senders with a matching event
    if criteria.fallback:
        wanted.append(_senders_where(c.type_name == "user", c.intent_name == NLU_FALLBACK))
    if criteria.intent:
        wanted.append(_senders_where(c.type_name == "user", c.intent_name == criteria.intent))
    if criteria.handoff:
        wanted.append(_senders_where(c.type_name == "action", c.action_name == HANDOFF_ACTION))
    if criteria.calculation:
        wanted.append(_senders_where(c.type_name == "action", c.action_name == CALCULATION_ACTION))
    if criteria.ad_check:
        wanted.append(_senders_where(c.type_name == "action", c.action_name == AD_CHECK_ACTION))
    if criteria.feedback:
        intent = NOT_HELPFUL_INTENT if criteria.feedback == "not-helpful" else HELPFUL_INTENT
        wanted.append(_senders_where(c.type_name == "user", c.intent_name == intent))
    if criteria.language:
        value = json.dumps(criteria.language)
        wanted.append(
            _senders_where(
                or_(
                    and_(
                        c.type_name == "user",
                        c.data.contains(f'"{MESSAGE_LANGUAGE}": {value}', autoescape=True),
                    ),
                    and_(
                        c.type_name == "slot",
                        c.action_name == LANGUAGE_SLOT,
                        c.data.contains(f'"value": {value}', autoescape=True),
                    ),
                )
            )
        )
    if criteria.channel:
        wanted.append(
            _senders_where(
                c.type_name == "user",
                c.data.contains(f'"input_channel": {json.dumps(criteria.channel)}', autoescape=True),
            )
        )
    if criteria.text:
        lowered = func.lower(c.data)
        wanted.append(
            _senders_where(
                c.type_name == "user",
                or_(*(lowered.contains(f.lower(), autoescape=True) for f in _json_fragment(criteria.text))),
            )
        )
    turns = func.sum(case((c.type_name == "user", 1), else_=0))
    query = select(c.sender_id, func.min(c.timestamp), func.max(c.timestamp), turns)
    for subquery in wanted:
        query = query.where(c.sender_id.in_(subquery))
    query = query.group_by(c.sender_id)
    having = []
    if criteria.since is not None:
        having.append(func.max(c.timestamp) >= criteria.since.timestamp())
    if criteria.until is not None:
        having.append(func.min(c.timestamp) < criteria.until.timestamp())
    if having:
        query = query.having(and_(*having))
    query = query.order_by(func.max(c.timestamp).desc(), c.sender_id)
    if limit:
        query = query.limit(limit)
    with tracker_session(url) as session:
        return [
            ConversationRow(sender, float(first or 0), float(last or 0), int(n or 0))
            for sender, first, last, n in session.execute(query)
        ]


@dataclass
class Happened:
    """What happened in one conversation, from its events (for the one-line summary)."""

    languages: Counter = field(default_factory=lambda: Counter())  # each message's message_language
    slot_languages: Counter = field(default_factory=lambda: Counter())  # events stored before it existed
    channels: set = field(default_factory=set)
    fallbacks: int = 0
    handoffs: int = 0
    calculations: int = 0
    ad_checks: int = 0
    not_helpful: int = 0
    helpful: int = 0

    @property
    def language(self) -> str:
        counted = self.languages or self.slot_languages
        return counted.most_common(1)[0][0] if counted else "?"


def what_happened(sender_ids: List[str], url: Optional[str] = None) -> Dict[str, Happened]:
    """sender id -> :class:`Happened`, read with one query on the given conversations only."""
    from sqlalchemy import and_, or_

    c = EVENTS.c
    found: Dict[str, Happened] = {s: Happened() for s in sender_ids}
    if not sender_ids:
        return found
    actions = (HANDOFF_ACTION, CALCULATION_ACTION, AD_CHECK_ACTION)
    query = select(c.sender_id, c.type_name, c.intent_name, c.action_name, c.data).where(
        c.sender_id.in_(sender_ids),
        or_(
            c.type_name == "user",
            and_(c.type_name == "action", c.action_name.in_(actions)),
            and_(c.type_name == "slot", c.action_name == LANGUAGE_SLOT),
        ),
    )
    with tracker_session(url) as session:
        for sender, type_name, intent, action, raw in session.execute(query):
            item = found[sender]
            if type_name == "action":
                item.handoffs += action == HANDOFF_ACTION
                item.calculations += action == CALCULATION_ACTION
                item.ad_checks += action == AD_CHECK_ACTION
                continue
            try:
                data = json.loads(raw or "{}")
            except ValueError:
                continue
            if type_name == "slot":
                if data.get("value"):
                    item.slot_languages[str(data["value"])] += 1
                continue
            if data.get("input_channel"):
                item.channels.add(str(data["input_channel"]))
            language = (data.get("parse_data") or {}).get(MESSAGE_LANGUAGE)
            if language:
                item.languages[str(language)] += 1
            intent = intent or ((data.get("parse_data") or {}).get("intent") or {}).get("name")
            item.fallbacks += intent == NLU_FALLBACK
            item.not_helpful += intent == NOT_HELPFUL_INTENT
            item.helpful += intent == HELPFUL_INTENT
    return found


def raw_events(sender_id: str, url: Optional[str] = None) -> List[dict]:
    """The stored events of one conversation as Rasa wrote them (dicts, in order), texts redacted:
    for adapters that rebuild Rasa's own objects (components/story_export.py)."""
    query = select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id)
    events = []
    with tracker_session(url) as session:
        for (raw,) in session.execute(query):
            try:
                data = json.loads(raw or "{}")
            except ValueError:
                continue
            if data.get("event") in ("user", "bot") and isinstance(data.get("text"), str):
                data["text"] = redact(data["text"])
                if isinstance(data.get("parse_data"), dict):
                    data["parse_data"]["text"] = data["text"]
            if data.get("event") == "slot":
                data["value"] = _redact_value(data.get("value"))
            events.append(data)
    return events
