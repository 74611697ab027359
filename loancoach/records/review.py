"""Counselors' review state of a conversation: tags, notes and whether it is done.

Keyed by :func:`loancoach.records.store.conversation_key` (a hash of the sender id), like every other
record of ours, so no sender id is stored. Notes are redacted before they are written.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Dict, Iterable, List, Optional, Sequence

from sqlalchemy import Column, DateTime, Integer, String, Text

from loancoach.records.store import Base, conversation_key, session_scope
from loancoach.text.privacy import redact

TAG_SEPARATOR = ","
MAX_TAGS_CHARS = 400


class ConversationReview(Base):
    """One reviewed conversation: its tags, the counselors' notes, done or not."""

    __tablename__ = "conversation_reviews"

    id = Column(Integer, primary_key=True)
    conversation = Column(String(64), nullable=False, unique=True, index=True)  # hashed sender id
    tags = Column(String(MAX_TAGS_CHARS), nullable=False, default="")  # comma-separated, sorted
    notes = Column(Text, nullable=False, default="")  # one line per note: "YYYY-MM-DD HH:MM text", redacted
    done = Column(Integer, nullable=False, default=0)
    updated_at = Column(DateTime(timezone=True), nullable=False)


def clean_tag(tag: str) -> str:
    """Tags are compared lower-case with single spaces; commas are not allowed inside one."""
    return " ".join(tag.replace(TAG_SEPARATOR, " ").split()).lower()


def split_tags(text: str) -> List[str]:
    return [t for t in (text or "").split(TAG_SEPARATOR) if t]


def update_review(
    sender_id: str,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    note: Optional[str] = None,
    done: Optional[bool] = None,
    url: Optional[str] = None,
    now: Optional[datetime] = None,
) -> dict:
    """Add/remove tags, append a note, set done; returns the review as :func:`as_dict`."""
    now = now or datetime.now(timezone.utc)
    key = conversation_key(sender_id)
    with session_scope(url) as session:
        row = session.query(ConversationReview).filter_by(conversation=key).one_or_none()
        if row is None:
            row = ConversationReview(conversation=key, tags="", notes="", done=0, updated_at=now)
            session.add(row)
        tags = set(split_tags(row.tags)) | {clean_tag(t) for t in add_tags if clean_tag(t)}
        tags -= {clean_tag(t) for t in remove_tags}
        joined = TAG_SEPARATOR.join(sorted(tags))
        if len(joined) > MAX_TAGS_CHARS:
            raise ValueError(f"too many tags (at most {MAX_TAGS_CHARS} characters together)")
        row.tags = joined
        if note and note.strip():
            line = f"{now.astimezone():%Y-%m-%d %H:%M} {' '.join(redact(note).split())}"
            row.notes = f"{row.notes}\n{line}" if row.notes else line
        if done is not None:
            row.done = int(done)
        row.updated_at = now
        session.flush()
        return as_dict(row)


def as_dict(row: ConversationReview) -> dict:
    return {
        "tags": split_tags(row.tags),
        "notes": [line for line in (row.notes or "").split("\n") if line],
        "done": bool(row.done),
        "updated_at": row.updated_at,
    }


def reviews_for(sender_ids: Iterable[str], url: Optional[str] = None) -> Dict[str, dict]:
    """sender id -> review (only those that have one)."""
    keys = {conversation_key(s): s for s in sender_ids}
    if not keys:
        return {}
    found: Dict[str, dict] = {}
    with session_scope(url) as session:
        rows = session.query(ConversationReview).filter(ConversationReview.conversation.in_(list(keys)))
        for row in rows:
            found[keys[row.conversation]] = as_dict(row)
    return found


def keys_with_tag(tag: str, url: Optional[str] = None) -> set:
    """Hashed conversation keys tagged ``tag``."""
    wanted = clean_tag(tag)
    with session_scope(url) as session:
        rows = session.query(ConversationReview.conversation, ConversationReview.tags)
        return {key for key, tags in rows if wanted in split_tags(tags)}


def reviewed_keys(url: Optional[str] = None) -> set:
    with session_scope(url) as session:
        return {key for (key,) in session.query(ConversationReview.conversation).filter_by(done=1)}


class TaughtExample(Base):
    """A message a counselor assigned to an intent with ``loancoach teach`` (text redacted); the report
    checks whether the current model understands it."""

    __tablename__ = "taught_examples"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    conversation = Column(String(64), nullable=True, index=True)  # hashed sender id
    text = Column(Text, nullable=False)  # redacted, as written to the data file
    intent = Column(String(128), nullable=False)
    target = Column(String(16), nullable=False)  # training | hold-out


def record_taught(text: str, intent: str, target: str, sender_id: Optional[str] = None, url=None) -> None:
    with session_scope(url) as session:
        session.add(
            TaughtExample(
                created_at=datetime.now(timezone.utc),
                conversation=conversation_key(sender_id) if sender_id else None,
                text=redact(text),
                intent=intent,
                target=target,
            )
        )


def taught_since(since: Optional[datetime] = None, url=None) -> List[dict]:
    with session_scope(url) as session:
        query = session.query(TaughtExample).order_by(TaughtExample.id)
        if since is not None:
            query = query.filter(TaughtExample.created_at >= since.astimezone(timezone.utc))
        return [
            {"text": r.text, "intent": r.intent, "target": r.target, "created_at": r.created_at}
            for r in query
        ]
