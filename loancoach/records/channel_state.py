"""State the messaging channels share across workers and servers, in our own database.

* ``channel_tokens``: a platform access token (WeChat Official Account, WeCom) and when it stops being
  used, so every worker and server asks the platform for a token once per ~2 hours, not once each.
* ``channel_seen``: platform message ids already taken (unique per channel): WeChat retries a message
  it got no answer to within 5 s, and WeCom's ``sync_msg`` may return a message twice; the first
  insert wins, every other worker sees the unique constraint and drops the copy.
* ``channel_cursors``: WeCom's ``sync_msg`` cursor per customer-service account, so a restart neither
  loses nor repeats messages.

Nothing here names a borrower: message ids are the platform's, tokens are the lender's. Works on SQLite
and PostgreSQL (one session per unit of work through :func:`store.session_scope`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import Column, DateTime, Integer, String, Text, UniqueConstraint, delete
from sqlalchemy.exc import IntegrityError

from loancoach.records.store import Base, session_scope


class ChannelToken(Base):
    __tablename__ = "channel_tokens"

    name = Column(String(128), primary_key=True)  # "wechat:<app id>" | "wecom:<corp id>"
    token = Column(Text, nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)  # when we stop using it


class ChannelSeen(Base):
    __tablename__ = "channel_seen"
    __table_args__ = (UniqueConstraint("channel", "message_key", name="uq_channel_seen_message"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    message_key = Column(String(128), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)


class ChannelCursor(Base):
    __tablename__ = "channel_cursors"

    name = Column(String(128), primary_key=True)  # "wecom:<open_kfid>"
    cursor = Column(String(256), nullable=False, default="")
    updated_at = Column(DateTime(timezone=True), nullable=False)


SEEN_DAYS = 3  # WeChat retries within seconds and WeCom keeps messages for 3 days


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite drops the zone


def cached_token(name: str, url: Optional[str] = None) -> Optional[str]:
    """The stored token ``name`` while it is still to be used, else None."""
    with session_scope(url) as session:
        row = session.get(ChannelToken, name)
        if row is None or _aware(row.expires_at) <= _now():
            return None
        return row.token


def store_token(
    name: str, token: str, expires_in: float, margin: float = 300, url: Optional[str] = None
) -> None:
    """Keep ``token`` until ``margin`` seconds before the platform says it expires."""
    until = _now() + timedelta(seconds=max(0.0, float(expires_in) - margin))
    with session_scope(url) as session:
        row = session.get(ChannelToken, name)
        if row is None:
            session.add(ChannelToken(name=name, token=token, expires_at=until))
        else:
            row.token, row.expires_at = token, until


def drop_token(name: str, token: str, url: Optional[str] = None) -> None:
    """Forget ``token`` (the platform said it expired) unless another worker already replaced it."""
    with session_scope(url) as session:
        session.execute(delete(ChannelToken).where(ChannelToken.name == name, ChannelToken.token == token))


def first_time(channel: str, message_key: str, url: Optional[str] = None) -> bool:
    """True the first time ``message_key`` is seen on ``channel`` (by any worker or server), else False."""
    try:
        with session_scope(url) as session:
            session.add(ChannelSeen(channel=channel, message_key=message_key[:128], created_at=_now()))
    except IntegrityError:
        return False
    return True


def forget_seen(older_than_days: int = SEEN_DAYS, url: Optional[str] = None) -> int:
    """Delete message ids older than the platforms' retry windows; returns how many."""
    cutoff = _now() - timedelta(days=older_than_days)
    with session_scope(url) as session:
        return session.execute(delete(ChannelSeen).where(ChannelSeen.created_at < cutoff)).rowcount or 0


def load_cursor(name: str, url: Optional[str] = None) -> str:
    with session_scope(url) as session:
        row = session.get(ChannelCursor, name)
        return row.cursor if row else ""


def save_cursor(name: str, cursor: str, url: Optional[str] = None) -> None:
    with session_scope(url) as session:
        row = session.get(ChannelCursor, name)
        if row is None:
            session.add(ChannelCursor(name=name, cursor=cursor, updated_at=_now()))
        else:
            row.cursor, row.updated_at = cursor, _now()
