"""The counselors' report: figures from the tracker store and our own records, written as Markdown.

:func:`tracker_figures` counts conversations, messages, languages, intents, topics and fallbacks;
:func:`store_figures` reads handoffs, calculations and ad checks (the ``DATABASE_URL`` store);
:func:`render_markdown` writes ``report.md`` around the charts of :mod:`loancoach.counsel.charts`. Every
message text shown has been redacted (by :mod:`loancoach.records.tracker_db`).
"""

from __future__ import annotations

import statistics
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Dict, List, Optional, Sequence

from loancoach.counsel.message_groups import MessageGroup, group_similar, normalise
from loancoach.names import NLU_FALLBACK
from loancoach.records.tracker_db import Conversation, UserMessage, local_time

LOW_CONFIDENCE = 0.6
TOPIC_PREFIX = "ask_"
TOP = 10
EXAMPLES_PER_GROUP = 5
NO_VERDICT = "no income given"


@dataclass
class Day:
    messages: Counter = field(default_factory=Counter)  # user messages by language, "button" or "unknown"
    typed: int = 0
    fallbacks: int = 0

    @property
    def fallback_rate(self) -> Optional[float]:
        return self.fallbacks / self.typed if self.typed else None


@dataclass
class TrackerFigures:
    conversations: int = 0
    user_messages: int = 0
    typed_messages: int = 0  # not button clicks
    bot_messages: int = 0
    fallbacks: int = 0  # typed messages with intent nlu_fallback
    languages: Counter = field(default_factory=Counter)  # zh, en; "button" (clicks), "unknown"
    intents: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)  # topic id -> questions
    areas: Counter = field(default_factory=Counter)
    days: Dict[date, Day] = field(default_factory=dict)  # every day from the first to the last message
    not_understood: List[UserMessage] = field(default_factory=list)

    @property
    def fallback_rate(self) -> Optional[float]:
        return self.fallbacks / self.typed_messages if self.typed_messages else None


def topic_areas() -> Dict[str, str]:
    from loancoach.knowledge import load_topics

    return {topic_id: entry["area"] for topic_id, entry in load_topics().items()}


def tracker_figures(
    conversations: Sequence[Conversation],
    areas: Optional[Dict[str, str]] = None,
    threshold: float = LOW_CONFIDENCE,
) -> TrackerFigures:
    """Count what the report shows; ``areas`` maps topic id to area (default: the knowledge topics)."""
    areas = topic_areas() if areas is None else areas
    figures = TrackerFigures()
    for conversation in conversations:
        messages = conversation.user_messages
        figures.conversations += bool(messages)
        figures.bot_messages += len(conversation.bot_messages)
        for message in messages:
            day = figures.days.setdefault(local_time(message.timestamp).date(), Day())
            language = message.language or ("button" if message.is_payload else "unknown")
            figures.user_messages += 1
            figures.languages[language] += 1
            day.messages[language] += 1
            if message.intent:
                figures.intents[message.intent] += 1
            if message.intent and message.intent.startswith(TOPIC_PREFIX):
                topic = message.intent[len(TOPIC_PREFIX) :]
                figures.topics[topic] += 1
                figures.areas[areas.get(topic, "other")] += 1
            if message.is_payload:
                continue
            figures.typed_messages += 1
            day.typed += 1
            if message.intent == NLU_FALLBACK:
                figures.fallbacks += 1
                day.fallbacks += 1
            if message.not_understood(threshold):
                figures.not_understood.append(message)
    if figures.days:
        first, last = min(figures.days), max(figures.days)
        figures.days = {
            first + timedelta(n): figures.days.get(first + timedelta(n), Day())
            for n in range((last - first).days + 1)
        }
    return figures


@dataclass
class UnansweredGroup:
    group: MessageGroup
    guesses: Counter  # what the model thought the messages might be (best non-fallback intent)


def unanswered_groups(messages: Sequence[UserMessage]) -> List[UnansweredGroup]:
    """The not-understood messages grouped by similarity, largest group first."""
    guesses: Dict[str, Counter] = defaultdict(Counter)
    for message in messages:
        guess = message.intent if message.intent != NLU_FALLBACK else message.best_guess
        if guess:
            guesses[normalise(message.text)][guess] += 1
    groups = group_similar([m.text for m in messages])
    return [
        UnansweredGroup(group, sum((guesses[text] for text in group.distinct), Counter())) for group in groups
    ]


# --------------------------------------------------------------------------- our own records


@dataclass
class StoreFigures:
    handoffs: List[dict] = field(default_factory=list)  # reference, created_at, language, reason, status
    calculations: int = 0
    verdicts: Counter = field(default_factory=Counter)
    apr_over_24: int = 0
    apr_over_36: int = 0
    ad_checks: int = 0
    ad_verdicts: Counter = field(default_factory=Counter)
    red_flags: Counter = field(default_factory=Counter)  # category -> checks in which it was raised
    feedback: Dict[str, List[int]] = field(default_factory=dict)  # topic -> [helped, did not help]
    plans: int = 0  # repayment plans for several loans
    plan_loans: Counter = field(default_factory=Counter)  # loans in a plan -> plans
    plan_shortfalls: int = 0  # plans whose budget did not cover the minimums
    plan_overdue: int = 0  # plans with at least one overdue loan
    handoff_hours_to_close: List[float] = field(default_factory=list)  # closed handoffs: created -> closed
    cli: Counter = field(default_factory=Counter)  # counselors' command-line uses (source "cli"), apart
    flagged_checks: int = 0  # ad checks that raised at least one red flag

    @property
    def median_hours_to_close(self) -> Optional[float]:
        hours = sorted(self.handoff_hours_to_close)
        if not hours:
            return None
        middle = len(hours) // 2
        return hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2


def _time_to_close(created: datetime, closed: Optional[datetime]) -> Optional[timedelta]:
    if closed is None:
        return None
    created, closed = (t if t.tzinfo else t.replace(tzinfo=timezone.utc) for t in (created, closed))
    return closed - created


def _duration(value: Optional[timedelta]) -> str:
    """3h 20m, 2d 4h, or an empty cell for a request still open."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    if minutes < 60 * 24:
        return f"{minutes // 60}h {minutes % 60}m"
    return f"{minutes // 1440}d {minutes % 1440 // 60}h"


def handoff_closing(handoffs: Sequence[dict]) -> str:
    """'2 of 3 closed, median time to close 3h 20m (longest 1d 2h)', for the summary."""
    times = sorted(h["time_to_close"] for h in handoffs if h.get("time_to_close") is not None)
    if not times:
        return f"0 of {len(handoffs)} closed"
    median = statistics.median(times)
    return (
        f"{len(times)} of {len(handoffs)} closed, median time to close {_duration(median)} "
        f"(longest {_duration(times[-1])})"
    )


def store_figures(
    since: Optional[datetime] = None,
    url: Optional[str] = None,
    until: Optional[datetime] = None,
    include_cli: bool = False,
) -> StoreFigures:
    """Handoffs, calculations and ad checks recorded at or after ``since`` (all if None) and before
    ``until``. Rows with source "cli" (counselors' own `loancoach afford`, `check-ad`, `plan` runs) are
    counted apart in ``cli`` unless ``include_cli``."""
    from sqlalchemy.exc import SAWarning

    from loancoach.records.store import (
        AdCheck,
        Calculation,
        DebtPlan,
        Feedback,
        HandoffRequest,
        reference_for,
        session_scope,
    )

    cutoff = since.astimezone(timezone.utc) if since else None
    end = until.astimezone(timezone.utc) if until else None
    figures = StoreFigures()
    with warnings.catch_warnings(), session_scope(url) as session:
        warnings.simplefilter("ignore", SAWarning)  # Numeric columns on SQLite: read as Decimal anyway

        def rows(model):
            query = session.query(model).order_by(model.id)
            if cutoff:
                query = query.filter(model.created_at >= cutoff)
            if end:
                query = query.filter(model.created_at < end)
            if include_cli or not hasattr(model, "source"):
                return query
            cli_rows = query.filter(model.source == "cli").count()
            if cli_rows:
                figures.cli[model.__tablename__] += cli_rows
            return query.filter(model.source != "cli")

        for row in rows(HandoffRequest):
            figures.handoffs.append(
                {
                    "reference": reference_for(row.id),
                    "created_at": row.created_at,
                    "language": row.language,
                    "reason": row.reason,
                    "status": row.status,
                    "claimed_by": row.claimed_by,
                    "time_to_close": _time_to_close(row.created_at, row.closed_at),
                }
            )
        for row in rows(Calculation):
            figures.calculations += 1
            figures.verdicts[row.verdict or NO_VERDICT] += 1
            figures.apr_over_24 += Decimal(row.apr) > 24
            figures.apr_over_36 += Decimal(row.apr) > 36
        for row in rows(AdCheck):
            figures.ad_checks += 1
            figures.ad_verdicts[row.verdict] += 1
            figures.red_flags.update(c for c in (row.categories or "").split(",") if c)
            figures.flagged_checks += bool(row.categories)
        for row in rows(Feedback):
            counts = figures.feedback.setdefault(row.topic, [0, 0])
            counts[0 if row.helpful else 1] += 1
        for row in rows(DebtPlan):
            figures.plans += 1
            figures.plan_loans[row.loans] += 1
            figures.plan_shortfalls += Decimal(row.shortfall) > 0
            figures.plan_overdue += (row.overdue_loans or 0) > 0
    return figures


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite returns naive UTC


# --------------------------------------------------------------------------- Markdown


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _counts(counter: Counter, whole: Optional[int] = None) -> str:
    if not counter:
        return "none"
    return ", ".join(
        f"{name} {n}" + (f" ({_pct(n, whole)})" if whole else "") for name, n in counter.most_common()
    )


def _table(header: Sequence[str], rows: Sequence[Sequence]) -> List[str]:
    if not rows:
        return ["_None in this period._"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _quote(text: str) -> str:
    return "“" + " ".join(text.split()) + "”"


def render_markdown(
    tracker: TrackerFigures,
    store: StoreFigures,
    unanswered: Sequence[UnansweredGroup],
    charts: Dict[str, str],
    since: Optional[datetime],
    source: str,
    areas: Optional[Dict[str, str]] = None,
    now: Optional[datetime] = None,
) -> str:
    """report.md; ``charts`` maps chart name (messages_per_day, topics, fallback_rate) to a file name."""
    areas = topic_areas() if areas is None else areas
    now = (now or datetime.now()).astimezone()
    period_from = (
        since.strftime("%Y-%m-%d %H:%M")
        if since
        else (min(tracker.days).isoformat() if tracker.days else "the beginning")
    )
    handoff_reasons = Counter(h["reason"] for h in store.handoffs)
    lines = [
        "# LoanCoach report",
        "",
        f"Period: {period_from} to {now:%Y-%m-%d %H:%M} · tracker store: `{source}` · personal data masked",
        "",
        "## Summary",
        "",
        *_table(
            ["figure", "value"],
            [
                ["Conversations", tracker.conversations],
                [
                    "User messages",
                    f"{tracker.user_messages} ({tracker.typed_messages} typed, "
                    f"{tracker.user_messages - tracker.typed_messages} button clicks)",
                ],
                ["Bot messages", tracker.bot_messages],
                ["Languages", _counts(tracker.languages, tracker.user_messages)],
                [
                    "Fallback rate",
                    f"{_pct(tracker.fallbacks, tracker.typed_messages)} "
                    f"({tracker.fallbacks} of {tracker.typed_messages} typed messages)",
                ],
                [f"Not understood (fallback or confidence < {LOW_CONFIDENCE})", len(tracker.not_understood)],
                ["Handoffs", f"{len(store.handoffs)} ({_counts(handoff_reasons)})"],
                ["Handoffs closed", handoff_closing(store.handoffs)],
                ["Calculations", f"{store.calculations} ({_counts(store.verdicts)})"],
                ["Ad checks", f"{store.ad_checks} ({_counts(store.ad_verdicts)})"],
                [
                    "Repayment plans",
                    f"{store.plans} ({store.plan_shortfalls} with a budget below the minimums, "
                    f"{store.plan_overdue} with an overdue loan)",
                ],
                [
                    "Counselors' own command-line uses (not counted above)",
                    _counts(store.cli) if store.cli else "none",
                ],
            ],
        ),
        "",
        "## Messages per day",
        "",
        f"![Messages per day]({charts['messages_per_day']})",
        "",
        *_table(
            ["day", "user messages", "typed", "fallbacks", "fallback rate"],
            [
                [
                    d.isoformat(),
                    sum(day.messages.values()),
                    day.typed,
                    day.fallbacks,
                    _pct(day.fallbacks, day.typed),
                ]
                for d, day in tracker.days.items()
            ],
        ),
        "",
        "## Top intents",
        "",
        *_table(
            ["intent", "messages", "share"],
            [[f"`{i}`", n, _pct(n, tracker.user_messages)] for i, n in tracker.intents.most_common(TOP)],
        ),
        "",
        "## Top topics",
        "",
        f"![Top topics]({charts['topics']})",
        "",
        *_table(
            ["topic", "area", "questions"],
            [[t, areas.get(t, "other"), n] for t, n in tracker.topics.most_common(TOP)],
        ),
        "",
        "By area:",
        "",
        *_table(["area", "questions"], [[a, n] for a, n in tracker.areas.most_common()]),
        "",
        "## Fallback rate over time",
        "",
        f"![Fallback rate]({charts['fallback_rate']})",
        "",
        f"Overall {_pct(tracker.fallbacks, tracker.typed_messages)} of typed messages went to the fallback "
        "(button clicks are not counted).",
        "",
        "## Handoffs",
        "",
        *_table(
            ["reference", "created", "language", "reason", "status", "time to close"],
            [
                [
                    h["reference"],
                    h["created_at"].strftime("%Y-%m-%d %H:%M"),
                    h["language"],
                    h["reason"],
                    h["status"],
                    _duration(h.get("time_to_close")),
                ]
                for h in store.handoffs
            ],
        ),
        "",
        "`loancoach handoffs` shows each request with the last messages (masked).",
        "",
        "## Feedback on answers",
        "",
        *_table(
            ["topic", "helped", "did not help"],
            [[t, h, n] for t, (h, n) in sorted(store.feedback.items(), key=lambda kv: -sum(kv[1]))],
        ),
        "",
        'Topics with many "did not help" answers are the first to review.',
        "",
        "## Calculator verdicts",
        "",
        *_table(["verdict", "calculations"], [[v, n] for v, n in store.verdicts.most_common()]),
        "",
        f"Real APR above 24%: {store.apr_over_24}; above 36%: {store.apr_over_36} "
        f"(of {store.calculations} calculations).",
        "",
        "## Repayment plans (several loans)",
        "",
        *_table(["loans in the plan", "plans"], [[n, c] for n, c in sorted(store.plan_loans.items())]),
        "",
        f"Budget below the sum of the minimums: {store.plan_shortfalls} of {store.plans} plans; "
        f"with an overdue loan: {store.plan_overdue}.",
        "",
        "## Red flags seen",
        "",
        *_table(
            ["category", "checks", "share of checks"],
            [[c, n, _pct(n, store.ad_checks)] for c, n in store.red_flags.most_common()],
        ),
        "",
        f"Verdicts: {_counts(store.ad_verdicts)}.",
        "",
        "## Messages the assistant could not answer",
        "",
        f"Typed messages that went to the fallback or had a confidence below {LOW_CONFIDENCE}, grouped by "
        "similarity, largest group first. Add the ones that belong to an intent to `data/nlu/` (and a "
        "hold-out example to `tests/nlu_holdout/`).",
        "",
    ]
    if not unanswered:
        lines.append("_None in this period._")
    for number, item in enumerate(unanswered, 1):
        guesses = ", ".join(f"`{g}` {n}" for g, n in item.guesses.most_common(3)) or "none"
        lines.append(
            f"{number}. {_quote(item.group.leader)} — {item.group.size} message(s); model's guesses: "
            f"{guesses}"
        )
        lines += [f"    - {_quote(text)}" for text in item.group.distinct[1:EXAMPLES_PER_GROUP]]
    return "\n".join(lines) + "\n"
