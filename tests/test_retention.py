"""`loancoach forget` and `loancoach purge` on both stores: Rasa's tracker store (written by the
project's MaskingTrackerStore, SQLite and PostgreSQL) and our own records; the deletion log."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text

from loancoach.cli.app import main
from loancoach.records import store
from loancoach.records.retention import parse_age
from loancoach.records.store import DeletionLog, conversation_key, session_scope

DAY = 86400.0


def save_conversation(tracker_url: str, sender: str, started: float, turns: int = 2) -> None:
    """A conversation as Rasa stores it: a session start and user/bot turns from ``started`` on."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from components.masking_tracker_store import MaskingTrackerStore

    kwargs = _store_kwargs(tracker_url)
    tracker_store = MaskingTrackerStore(domain=Domain.empty(), **kwargs)
    tracker = asyncio.run(tracker_store.retrieve(sender)) or DialogueStateTracker(sender, [])
    t = started
    tracker.update(ActionExecuted("action_session_start", timestamp=t))
    tracker.update(SessionStarted(timestamp=t))
    tracker.update(ActionExecuted("action_listen", timestamp=t))
    for i in range(turns):
        t += 60
        tracker.update(UserUttered(f"第{i}个问题，手机13812345678", timestamp=t))
        tracker.update(BotUttered("好的", timestamp=t + 1))
    asyncio.run(tracker_store.save(tracker))
    tracker_store.engine.dispose()


def _store_kwargs(url: str) -> dict:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return {"dialect": "sqlite", "db": u.database}
    return {
        "dialect": "postgresql",
        "host": u.host,
        "port": u.port,
        "db": u.database,
        "username": u.username,
        "password": u.password,
    }


def tracker_rows(url: str, sender: str) -> int:
    engine = create_engine(url, future=True)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()
    engine.dispose()
    return n


def our_rows(db_url: str, sender: str) -> int:
    key = conversation_key(sender)
    with session_scope(db_url) as session:
        return sum(
            session.query(model).filter(model.conversation == key).count()
            for model in (store.HandoffRequest, store.Calculation, store.Feedback, store.AdCheck)
        )


def add_records(db_url: str, sender: str) -> None:
    store.record_handoff(sender, "zh", "user_request", ["我叫张三"], url=db_url)
    store.record_feedback("zh", "calculator", True, sender_id=sender, url=db_url)
    store.record_ad_check("zh", "misleading", ["guaranteed_approval"], sender_id=sender, url=db_url)


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    from stores import postgres_cluster

    with postgres_cluster() as pg:
        yield pg.url


def test_forget_deletes_one_conversation_from_both_stores_and_logs_only_counts(
    tracker_url, db_url, monkeypatch, capsys
):
    now = time.time()
    for sender in ("borrower-1", "borrower-2"):
        save_conversation(tracker_url, sender, now - 600)
        add_records(db_url, sender)
    assert tracker_rows(tracker_url, "borrower-1") == 7
    monkeypatch.setenv("DATABASE_URL", db_url)

    assert main(["forget", "--sender", "borrower-1", "--db", tracker_url]) == 0

    out = capsys.readouterr().out
    assert "Deleted 7 tracker events and 3 records" in out
    assert tracker_rows(tracker_url, "borrower-1") == 0 and our_rows(db_url, "borrower-1") == 0
    assert tracker_rows(tracker_url, "borrower-2") == 7 and our_rows(db_url, "borrower-2") == 3
    with session_scope(db_url) as session:
        [entry] = session.query(DeletionLog).all()
        logged = " ".join(str(getattr(entry, c.name)) for c in DeletionLog.__table__.columns)
    assert (entry.kind, entry.tracker_rows, entry.record_rows) == ("forget", 7, 3)
    assert "borrower" not in logged and conversation_key("borrower-1") not in logged


def test_purge_removes_old_conversations_and_records_and_keeps_recent_ones(tracker_url, db_url, monkeypatch):
    now = time.time()
    save_conversation(tracker_url, "old", now - 200 * DAY)
    save_conversation(tracker_url, "recent", now - 2 * DAY)
    # a borrower who came back: an old session and a current one
    save_conversation(tracker_url, "returning", now - 300 * DAY, turns=1)
    save_conversation(tracker_url, "returning", now - DAY, turns=1)
    add_records(db_url, "old")
    add_records(db_url, "recent")
    with session_scope(db_url) as session:  # make the "old" records 200 days old
        for model in (store.HandoffRequest, store.Feedback, store.AdCheck):
            session.query(model).filter(model.conversation == conversation_key("old")).update(
                {"created_at": datetime.now(timezone.utc) - timedelta(days=200)}
            )
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RETENTION_DAYS", "180")

    assert main(["purge", "--db", tracker_url]) == 0

    assert tracker_rows(tracker_url, "old") == 0 and our_rows(db_url, "old") == 0
    assert tracker_rows(tracker_url, "recent") == 7 and our_rows(db_url, "recent") == 3
    # the current session stays whole, the old one is gone
    engine = create_engine(tracker_url, future=True)
    with engine.connect() as conn:
        stamps = [
            r[0] for r in conn.execute(text("SELECT timestamp FROM events WHERE sender_id='returning'"))
        ]
    engine.dispose()
    assert len(stamps) == 5 and min(stamps) >= now - DAY - 1
    with session_scope(db_url) as session:
        [entry] = session.query(DeletionLog).all()
    assert (entry.kind, entry.tracker_rows, entry.record_rows) == ("purge", 7 + 5, 3)


def test_purge_and_forget_answer_bad_input_without_a_traceback(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["purge", "--older-than", "half a year"]) == 2
    assert "180d" in capsys.readouterr().err
    assert main(["forget", "--sender", "  "]) == 2
    assert parse_age("4w") == timedelta(days=28) and parse_age("180") == timedelta(days=180)


def test_forget_with_no_tracker_store_yet_still_deletes_our_records(tmp_path, db_url, monkeypatch, capsys):
    add_records(db_url, "someone")
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["forget", "--sender", "someone", "--db", str(tmp_path / "none.db")]) == 0
    assert "Deleted 0 tracker events and 3 records" in capsys.readouterr().out
    assert our_rows(db_url, "someone") == 0
    with session_scope(db_url) as session:
        assert session.execute(select(DeletionLog.record_rows)).scalar() == 3


def test_forget_finds_a_conversation_stored_under_a_phone_number_pseudonym(tmp_path, db_url, monkeypatch):
    from loancoach.records.pseudonyms import stored_sender_id

    tracker = f"sqlite:///{tmp_path / 'tracker.db'}"
    sms_sender = "+8613812345678"
    save_conversation(tracker, sms_sender, time.time() - 600)
    assert tracker_rows(tracker, sms_sender) == 0  # the number itself is not stored ...
    assert tracker_rows(tracker, stored_sender_id(sms_sender)) == 7  # ... its pseudonym is
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["forget", "--sender", sms_sender, "--db", tracker]) == 0
    assert tracker_rows(tracker, stored_sender_id(sms_sender)) == 0
