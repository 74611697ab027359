"""LoanCoach's own records (handoff requests now; calculations and feedback later), via SQLAlchemy.

One engine per database URL, created lazily; one session per unit of work through
:func:`session_scope`. Tables are created when the engine is first made. Nothing here holds user
text that has not been through :func:`loancoach.text.privacy.redact`.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from typing import Iterator, List, Optional, Sequence

from sqlalchemy import Column, DateTime, Integer, Numeric, String, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from loancoach.records.pseudonyms import conversation_key
from loancoach.records.settings import database_url
from loancoach.text.privacy import redact

Base = declarative_base()

_lock = threading.Lock()
_factories: dict = {}


class HandoffRequest(Base):
    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    conversation = Column(String(64), nullable=False, index=True)  # hashed sender id
    language = Column(String(8), nullable=False)
    reason = Column(String(32), nullable=False)  # user_request | fallback
    context = Column(Text, nullable=False, default="")  # last user messages, redacted
    status = Column(String(16), nullable=False, default="open")  # open | claimed | closed
    claimed_by = Column(String(64), nullable=True)  # the counselor's name
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    closed_at = Column(DateTime(timezone=True), nullable=True)
    note = Column(Text, nullable=True)  # the counselor's closing note, redacted


class DeletionLog(Base):
    """One deletion (forget, purge, chat request): when, what kind, how many rows; never the content
    or whose it was."""

    __tablename__ = "deletion_log"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    kind = Column(String(16), nullable=False)  # forget | purge | chat
    tracker_rows = Column(Integer, nullable=False, default=0)  # events deleted from Rasa's tracker store
    record_rows = Column(Integer, nullable=False, default=0)  # rows deleted from our own tables
    detail = Column(String(400), nullable=False, default="")  # rows per table: "feedback=2,calculations=1"


class Calculation(Base):
    """One affordability calculation, anonymised: inputs and outputs, no message text."""

    __tablename__ = "calculations"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    source = Column(String(16), nullable=False)  # chat | cli
    conversation = Column(String(64), nullable=True, index=True)  # hashed sender id, chat only
    language = Column(String(8), nullable=False)
    method = Column(String(32), nullable=False)
    principal = Column(Numeric(14, 2), nullable=False)
    months = Column(Integer, nullable=False)
    rate_kind = Column(String(24), nullable=False)  # apr | monthly_rate | daily_rate | monthly_fee_rate
    rate_value = Column(Numeric(12, 6), nullable=False)  # percent as given
    upfront_fee = Column(Numeric(14, 2), nullable=False, default=0)
    income = Column(Numeric(14, 2), nullable=True)
    monthly_debts = Column(Numeric(14, 2), nullable=True)
    monthly_payment = Column(Numeric(14, 2), nullable=False)  # first month
    total_repayment = Column(Numeric(14, 2), nullable=False)
    total_cost = Column(Numeric(14, 2), nullable=False)
    apr = Column(Numeric(10, 4), nullable=False)  # percent, IRR x 12
    effective_annual_rate = Column(Numeric(10, 4), nullable=False)  # percent
    dti = Column(Numeric(10, 4), nullable=True)  # percent
    verdict = Column(String(16), nullable=True)


class DebtPlan(Base):
    """One repayment plan for several loans, anonymised: numbers only, no names or message text."""

    __tablename__ = "debt_plans"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    source = Column(String(16), nullable=False)  # chat | cli
    conversation = Column(String(64), nullable=True, index=True)  # hashed sender id, chat only
    language = Column(String(8), nullable=False)
    loans = Column(Integer, nullable=False)  # number of loans
    overdue_loans = Column(Integer, nullable=False, default=0)
    strategy = Column(String(16), nullable=False)  # avalanche | snowball | minimums
    budget = Column(Numeric(14, 2), nullable=False)
    months = Column(Integer, nullable=True)  # None: no plan (shortfall) or not paid off in 50 years
    total_interest = Column(Numeric(14, 2), nullable=True)
    saving_vs_minimums = Column(Numeric(14, 2), nullable=True)
    shortfall = Column(Numeric(14, 2), nullable=False, default=0)  # budget below the minimums by


class AdCheck(Base):
    """One red-flag check, anonymised: categories and verdict, never the text."""

    __tablename__ = "ad_checks"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    source = Column(String(16), nullable=False)  # chat | cli
    conversation = Column(String(64), nullable=True, index=True)
    language = Column(String(8), nullable=False)
    verdict = Column(String(16), nullable=False)  # misleading | caution | ok
    categories = Column(String(400), nullable=False, default="")  # comma-separated, sorted


class Feedback(Base):
    """Whether an answer helped, with its topic; no message text."""

    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    conversation = Column(String(64), nullable=True, index=True)
    language = Column(String(8), nullable=False)
    topic = Column(String(64), nullable=False)  # knowledge topic id, or "calculator" / "ad_check" / "other"
    helpful = Column(Integer, nullable=False)  # 1 helped, 0 did not


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _make_engine(url: str) -> Engine:
    kwargs = {"future": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

    # Bring the schema to the newest migration (loancoach/records/migrations), then create any table a
    # model defines that no migration has yet (tests/test_migrations.py fails until one is written).
    from loancoach.records.migrate import upgrade_engine

    upgrade_engine(engine)
    Base.metadata.create_all(engine)
    return engine


def _session_factory(url: Optional[str] = None) -> sessionmaker:
    url = url or database_url()
    with _lock:
        factory = _factories.get(url)
        if factory is None:
            factory = sessionmaker(bind=_make_engine(url), future=True, expire_on_commit=False)
            _factories[url] = factory
        return factory


@contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """A session for one unit of work: committed on success, rolled back on error, always closed."""
    session = _session_factory(url)()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


@dataclass(frozen=True)
class HandoffTicket:
    id: int
    reference: str
    created_at: datetime


def reference_for(handoff_id: int) -> str:
    return f"H{handoff_id:06d}"


def record_handoff(
    sender_id: str,
    language: str,
    reason: str,
    recent_messages: Sequence[str] = (),
    url: Optional[str] = None,
) -> HandoffTicket:
    """Store a handoff request with the last user messages (redacted) and return its reference."""
    context = "\n".join(redact(m) for m in recent_messages if m)
    with session_scope(url) as session:
        row = HandoffRequest(
            created_at=_utcnow(),
            conversation=conversation_key(sender_id),
            language=language,
            reason=reason,
            context=context[:4000],
        )
        session.add(row)
        session.flush()
        return HandoffTicket(row.id, reference_for(row.id), row.created_at)


def list_handoffs(url: Optional[str] = None, status: Optional[str] = None) -> List[HandoffRequest]:
    with session_scope(url) as session:
        query = session.query(HandoffRequest).order_by(HandoffRequest.id)
        if status:
            query = query.filter(HandoffRequest.status == status)
        return list(query)


def _find_handoff(session: Session, reference: str) -> HandoffRequest:
    text = reference.strip().upper().lstrip("H")
    row = session.get(HandoffRequest, int(text)) if text.isdigit() else None
    if row is None:
        raise LookupError(f"no handoff request {reference}")
    return row


def claim_handoff(reference: str, by: str, url: Optional[str] = None) -> HandoffRequest:
    """Mark a handoff request as taken by counselor ``by``; LookupError if there is none, ValueError if
    it is closed."""
    with session_scope(url) as session:
        row = _find_handoff(session, reference)
        if row.status == "closed":
            raise ValueError(f"{reference_for(row.id)} is already closed")
        row.status, row.claimed_by, row.claimed_at = "claimed", by.strip()[:64], _utcnow()
        return row


def close_handoff(reference: str, note: str = "", url: Optional[str] = None) -> HandoffRequest:
    """Mark a handoff request as done, with a note (redacted); LookupError if there is none."""
    with session_scope(url) as session:
        row = _find_handoff(session, reference)
        if row.status == "closed":
            raise ValueError(f"{reference_for(row.id)} is already closed")
        row.status, row.closed_at, row.note = "closed", _utcnow(), redact(note or "")[:2000]
        return row


def record_calculation(url: Optional[str] = None, **fields) -> int:
    """Store one calculation (fields as the :class:`Calculation` columns); returns its id.

    ``conversation`` may be given as ``sender_id=...``; it is stored only as a pseudonym.
    """
    sender_id = fields.pop("sender_id", None)
    if sender_id is not None:
        fields["conversation"] = conversation_key(sender_id)
    with session_scope(url) as session:
        row = Calculation(created_at=_utcnow(), **fields)
        session.add(row)
        session.flush()
        return row.id


def record_result(result, source: str, language: str, sender_id: Optional[str] = None, url=None) -> int:
    """Store a calculator result (:class:`loancoach.calculator.finance.LoanResult`) anonymised: the
    figures, rounded as shown (yuan and fen, rates to 4 decimals), never the user's text. The one place
    the chat and the CLI turn a calculation into a row."""
    from loancoach.calculator.finance import money

    terms, four = result.terms, Decimal("0.0001")
    return record_calculation(
        url=url,
        source=source,
        sender_id=sender_id,
        language=language,
        method=terms.method,
        principal=money(terms.amount),
        months=terms.months,
        rate_kind=terms.rate_kind,
        rate_value=terms.rate.quantize(Decimal("0.000001")),
        # One column for both: each is paid before the first instalment.
        upfront_fee=money(terms.upfront_fee + terms.deducted),
        income=None if result.income is None else money(result.income),
        monthly_debts=None if result.monthly_debts is None else money(result.monthly_debts),
        monthly_payment=money(result.monthly_payment),
        total_repayment=money(result.total_repayment),
        total_cost=money(result.total_cost),
        apr=result.apr.quantize(four),
        effective_annual_rate=result.effective_annual_rate.quantize(four),
        dti=None if result.dti is None else result.dti.quantize(four),
        verdict=result.verdict,
    )


def record_plan(plan, source: str, language: str, sender_id: Optional[str] = None, url=None) -> int:
    """Store a repayment plan (:class:`loancoach.calculator.plan.Plan`) anonymised: counts and figures as
    shown, never the loans' names or the user's text; returns its id."""
    from loancoach.calculator.finance import money

    def shown(value):
        return None if value is None else money(value)

    with session_scope(url) as session:
        row = DebtPlan(
            created_at=_utcnow(),
            source=source,
            conversation=conversation_key(sender_id) if sender_id else None,
            language=language,
            loans=len(plan.debts),
            overdue_loans=sum(1 for d in plan.debts if d.overdue),
            strategy=plan.strategy,
            budget=money(plan.budget),
            months=plan.months,
            total_interest=shown(plan.total_interest),
            saving_vs_minimums=shown(plan.saving_vs_minimums),
            shortfall=money(plan.shortfall),
        )
        session.add(row)
        session.flush()
        return row.id


def record_ad_check(
    language: str,
    verdict: str,
    categories: Sequence[str],
    source: str = "chat",
    sender_id: Optional[str] = None,
    url: Optional[str] = None,
) -> int:
    """Store one red-flag check (no text); returns its id."""
    with session_scope(url) as session:
        row = AdCheck(
            created_at=_utcnow(),
            source=source,
            conversation=conversation_key(sender_id) if sender_id else None,
            language=language,
            verdict=verdict,
            categories=",".join(sorted(set(categories))),
        )
        session.add(row)
        session.flush()
        return row.id


def record_feedback(
    language: str, topic: str, helpful: bool, sender_id: Optional[str] = None, url: Optional[str] = None
) -> int:
    """Store whether an answer helped (topic only, no text); returns its id."""
    with session_scope(url) as session:
        row = Feedback(
            created_at=_utcnow(),
            conversation=conversation_key(sender_id) if sender_id else None,
            language=language,
            topic=topic,
            helpful=1 if helpful else 0,
        )
        session.add(row)
        session.flush()
        return row.id
