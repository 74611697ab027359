"""Time `loancoach conversations` filters on a generated tracker store of 100,000 conversations.

The store is a temporary SQLite file with Rasa's ``events`` table (same columns and index as Rasa's
SQLTrackerStore) and events shaped like the ones Rasa writes: session start, user messages (Chinese
texts stored as JSON escapes, as Rasa does), slots, actions, bot replies. Some conversations fall back,
ask for a counselor, run the calculator or give feedback. Prints the seconds of each filtered list
(median of 3) against the 2 s target, PASS or FAIL; a time never sets the exit code (a noisy machine
could flip it) — only a crash does.
Run: .venv/bin/python bench/bench_conversations.py [--conversations N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_SECONDS = 2.0
DAY = 86400
QUERIES = [
    ["--fallback", "--since", "7d"],
    ["--handoff", "--lang", "en"],
    ["--feedback", "not-helpful"],
    ["--text", "砍头息"],
    ["--intent", "ask_overdue_credit_report", "--channel", "rest"],
    ["--verdict", "unaffordable", "--since", "30d"],
    [],
]
TEXTS = {
    "zh": [
        ("你好", "greet"),
        ("逾期会上征信吗", "ask_overdue_credit_report"),
        ("砍头息合法吗", "ask_upfront_fee"),
    ],
    "en": [("hello", "greet"), ("will a late payment hurt my credit", "ask_overdue_credit_report")],
}


def _event(kind: str, ts: float, **data) -> str:
    return json.dumps({"event": kind, "timestamp": ts, "metadata": {"model_id": "bench"}, **data})


def generate(path: Path, conversations: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE events (id INTEGER NOT NULL, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) "
        "NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT, "
        "PRIMARY KEY (id))"
    )
    db.execute("CREATE INDEX ix_events_sender_id ON events (sender_id)")
    now = time.time()
    rows = []
    for n in range(conversations):
        sender = f"bench-{n:06d}"
        ts = now - rng.random() * 60 * DAY
        language = "zh" if rng.random() < 0.7 else "en"
        rows.append(
            (
                sender,
                "action",
                ts,
                None,
                "action_session_start",
                _event("action", ts, name="action_session_start"),
            )
        )
        for _ in range(rng.randint(1, 4)):
            ts += rng.random() * 60
            text, intent = rng.choice(TEXTS[language])
            if rng.random() < 0.15:
                text, intent = "qwe zxcv " + str(n), "nlu_fallback"
            parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
            user = _event("user", ts, text=text, parse_data=parse, input_channel="rest")
            rows.append((sender, "user", ts, intent, None, user))
            rows.append(
                (sender, "slot", ts, None, "language", _event("slot", ts, name="language", value=language))
            )
            action = "action_answer_question" if intent.startswith("ask_") else "utter_greet"
            if rng.random() < 0.05:
                action = "action_request_handoff"
            elif rng.random() < 0.1:
                action = "action_calculate_loan"
            rows.append((sender, "action", ts, None, action, _event("action", ts, name=action)))
            rows.append((sender, "bot", ts, None, None, _event("bot", ts, text="……")))
            rows.append(
                (sender, "action", ts, None, "action_listen", _event("action", ts, name="action_listen"))
            )
        if rng.random() < 0.1:
            ts += 5
            feedback = rng.choice(["feedback_helpful", "feedback_not_helpful"])
            rows.append((sender, "user", ts, feedback, None, _event("user", ts, text="/" + feedback)))
    db.executemany(
        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES (?,?,?,?,?,?)",
        rows,
    )
    db.commit()
    db.close()
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-conversations-") as tmp:
        store = Path(tmp) / "rasa_tracker.db"
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'loancoach.db'}"
        started = time.perf_counter()
        events = generate(store, options.conversations)
        print(
            f"generated {options.conversations} conversations, {events} events in "
            f"{time.perf_counter() - started:.1f} s"
        )
        from loancoach.cli.app import build_parser
        from loancoach.cli.conversations import find

        worst = 0.0
        for query in QUERIES:
            args = build_parser().parse_args(["conversations", "--db", str(store), *query])
            times, found = [], []
            for _ in range(3):
                t0 = time.perf_counter()
                found = find(args)
                times.append(time.perf_counter() - t0)
            seconds = statistics.median(times)
            worst = max(worst, seconds)
            print(
                f"{seconds:6.3f} s  {len(found):3d} shown  conversations {' '.join(query) or '(no filter)'}"
            )
    verdict = "PASS" if worst <= BUDGET_SECONDS else "FAIL"
    print(f"{verdict}  slowest filtered list {worst:.3f} s (target <= {BUDGET_SECONDS} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
