"""Did the tracker store keep every message? Compare what was sent with the stored events.

Used by the benchmark (SQLite under 50 concurrent users) and the tests of several Rasa servers on one
PostgreSQL store. For each sender, the ``user`` events (in insertion order: the ``events.id`` column
of Rasa's SQLTrackerStore) must be exactly the texts sent, in the order sent, and each must be
followed by at least one ``bot`` event before the next ``user`` event.

* lost: a sent text with no stored user event left to match it;
* out_of_order: a sent text that is stored, but not where the order sent puts it;
* unexpected: stored user events nobody sent (for these senders);
* without_bot_reply: stored user events not followed by a bot event.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loancoach.records.tracker_db import EVENTS, tracker_session

Turn = Tuple[str, int]  # (user text, bot events after it before the next user text)


def stored_turns(session: Session, sender: str) -> List[Turn]:
    """The user texts of ``sender`` in stored order, each with the number of bot events after it."""
    rows = session.execute(
        select(EVENTS.c.type_name, EVENTS.c.data)
        .where(EVENTS.c.sender_id == sender, EVENTS.c.type_name.in_(("user", "bot")))
        .order_by(EVENTS.c.id)
    ).all()
    turns: List[Turn] = []
    for type_name, data in rows:
        if type_name == "user":
            turns.append((json.loads(data or "{}").get("text") or "", 0))
        elif turns:
            text, bots = turns[-1]
            turns[-1] = (text, bots + 1)
    return turns


def compare(sent: Sequence[str], stored: Sequence[str]) -> Dict[str, int]:
    """Lost, out-of-order and unexpected messages between the texts sent and the texts stored.

    lost and unexpected are the multiset differences; the messages kept in order are the longest
    common subsequence of the two sequences, so out_of_order = stored ones that are not part of it.
    """
    lost = sum((Counter(sent) - Counter(stored)).values())
    unexpected = sum((Counter(stored) - Counter(sent)).values())
    in_order = _lcs_length(sent, stored)
    return {
        "lost": lost,
        "out_of_order": len(sent) - lost - in_order,
        "unexpected": unexpected,
        "in_order": in_order,
    }


def _lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def check(sent: Dict[str, List[str]], url: Optional[str] = None) -> Dict[str, object]:
    """Compare every sender's sent texts with the tracker store at ``url`` (a DB URL or SQLite path)."""
    totals: Dict[str, object] = {
        "senders": len(sent),
        "messages_sent": 0,
        "user_events_stored": 0,
        "lost": 0,
        "out_of_order": 0,
        "unexpected": 0,
        "without_bot_reply": 0,
        "events_stored": 0,
    }
    problems: List[str] = []
    with tracker_session(url) as session:
        for sender, texts in sorted(sent.items()):
            turns = stored_turns(session, sender)
            stored = [text for text, _ in turns]
            counts = compare(texts, stored)
            no_reply = sum(1 for _, bots in turns if bots == 0)
            totals["messages_sent"] += len(texts)
            totals["user_events_stored"] += len(stored)
            totals["without_bot_reply"] += no_reply
            totals["events_stored"] += session.execute(
                select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender)
            ).scalar_one()
            for key in ("lost", "out_of_order", "unexpected"):
                totals[key] += counts[key]
            if counts["lost"] or counts["out_of_order"] or counts["unexpected"] or no_reply:
                problems.append(f"{sender}: {counts}, without bot reply {no_reply}")
    totals["ok"] = not (
        totals["lost"] or totals["out_of_order"] or totals["unexpected"] or totals["without_bot_reply"]
    )
    totals["events_per_message"] = (
        round(totals["events_stored"] / totals["messages_sent"], 2) if totals["messages_sent"] else None
    )
    totals["problems"] = problems[:10]
    return totals
