"""The store check used by the benchmark and the several-servers test finds lost, reordered and
unanswered messages (loancoach/records/tracker_integrity.py)."""

import json
import sqlite3

from loancoach.records.tracker_integrity import check, compare


def store(path, rows):
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
            "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)"
        )
        for i, (sender, kind, text) in enumerate(rows, 1):
            db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, NULL, NULL, ?)",
                (i, sender, kind, float(i), json.dumps({"text": text})),
            )
    return str(path)


def test_a_complete_store_is_ok(tmp_path):
    db = store(
        tmp_path / "t.db",
        [
            ("a", "user", "你好"),
            ("a", "bot", "您好"),
            ("a", "user", "逾期"),
            ("a", "bot", "..."),
            ("a", "bot", "buttons"),
            ("b", "user", "hi"),
            ("b", "bot", "hello"),
        ],
    )
    result = check({"a": ["你好", "逾期"], "b": ["hi"]}, db)
    assert result["ok"] and result["messages_sent"] == result["user_events_stored"] == 3


def test_lost_reordered_and_unanswered_messages_are_counted(tmp_path):
    db = store(
        tmp_path / "t.db",
        [
            ("a", "user", "2"),
            ("a", "bot", "x"),
            ("a", "user", "1"),
            ("a", "bot", "y"),
            ("b", "user", "only"),
            ("c", "user", "q"),
            ("c", "bot", "r"),
        ],
    )
    result = check({"a": ["1", "2", "3"], "b": ["only"], "c": ["q"]}, db)
    assert not result["ok"]
    assert (result["lost"], result["out_of_order"], result["without_bot_reply"]) == (1, 1, 1)
    assert any(p.startswith("a:") for p in result["problems"])


def test_compare_counts_unexpected_messages():
    assert compare(["a"], ["a", "zz"]) == {"lost": 0, "out_of_order": 0, "unexpected": 1, "in_order": 1}
