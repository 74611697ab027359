"""Counselors' tools without a model: date parsing, grouping similar messages, reading a tracker store
written by hand in Rasa's format, the transcripts / export-story / report commands on it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from loancoach.cli.app import main
from loancoach.counsel.message_groups import group_similar
from loancoach.counsel.reporting import render_markdown, store_figures, tracker_figures, unanswered_groups
from loancoach.records.store import record_ad_check, record_handoff
from loancoach.records.tracker_db import (
    ActionRun,
    BotMessage,
    LoopChange,
    SlotSet,
    TrackerDBError,
    UserMessage,
    load_conversations,
    parse_since,
)
from loancoach.text.privacy import PHONE_MASK

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 10, 15, 30).astimezone()
PHONE = "13812345678"


# --- dates -------------------------------------------------------------------------------------


def test_since_reads_a_day_as_local_midnight():
    since = parse_since("2026-03-01")
    assert (since.year, since.month, since.day, since.hour, since.minute) == (2026, 3, 1, 0, 0)
    assert since.tzinfo is not None


def test_since_reads_a_time_and_days_back():
    assert parse_since("2026-03-01 08:15").hour == 8
    assert parse_since("2026-03-01T08:15").minute == 15
    assert parse_since("7d", now=NOW).date() == (NOW - timedelta(days=7)).date()
    assert parse_since("0d", now=NOW).hour == 0


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "2026/03/01", "", "-3d"])
def test_since_rejects_what_it_cannot_read(bad):
    with pytest.raises(ValueError, match="cannot read"):
        parse_since(bad)


# --- grouping ----------------------------------------------------------------------------------


def test_similar_messages_are_grouped_and_unrelated_ones_kept_apart():
    groups = group_similar(
        [
            "网贷还不上了怎么办",
            "how do I get my money back",
            "网贷还不上怎么办啊",
            "how can I get my money back?",
            "asdkjh qwezx",
            "how do I get my money back",
        ]
    )
    assert [sorted(set(g.messages)) for g in groups] == [
        ["how can I get my money back?", "how do I get my money back"],
        ["网贷还不上了怎么办", "网贷还不上怎么办啊"],
        ["asdkjh qwezx"],
    ]
    assert groups[0].size == 3 and groups[0].leader == "how do I get my money back"


def test_grouping_masks_personal_data_and_ignores_the_placeholders():
    groups = group_similar([f"my phone is {PHONE}, call me", "call me at 13912345678", f"我手机是{PHONE}"])
    texts = [t for g in groups for t in g.messages]
    assert all(PHONE not in t for t in texts) and sum(PHONE_MASK in t for t in texts) == 3
    # Sharing a placeholder does not make two messages similar.
    assert not any({"我手机是" + PHONE_MASK, "call me at " + PHONE_MASK} <= set(g.messages) for g in groups)


def test_grouping_empty_and_placeholder_only_input():
    assert group_similar([]) == [] and group_similar(["", "   "]) == []
    [group] = group_similar([PHONE, PHONE])
    assert group.messages == [PHONE_MASK, PHONE_MASK]


# --- a tracker store in Rasa's format ----------------------------------------------------------


def _user(text, intent, confidence, language=None, entities=(), ranking=()):
    ents = [{"entity": "language", "value": language, "extractor": "LanguageDetector"}] if language else []
    ents += [{"entity": k, "value": v} for k, v in entities]
    parse = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": ents,
        "text": text,
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
    }
    return "user", intent, None, {"event": "user", "text": text, "parse_data": parse}


def _bot(text, buttons=()):
    return (
        "bot",
        None,
        None,
        {"event": "bot", "text": text, "data": {"buttons": [{"title": t, "payload": p} for t, p in buttons]}},
    )


def _action(name):
    return "action", None, name, {"event": "action", "name": name}


def _slot(name, value):
    return "slot", None, name, {"event": "slot", "name": name, "value": value}


def _loop(name):
    return "active_loop", None, name, {"event": "active_loop", "name": name}


ZH = [
    _action("action_session_start"),
    ("session_started", None, None, {"event": "session_started"}),
    _action("action_listen"),
    _user("你好", "greet", 0.98, "zh"),
    _action("utter_greet"),
    _bot("您好", [("逾期的后果", '/explore_area{"area":"overdue"}')]),
    _action("action_listen"),
    _user("借5万，年化18%，分24期", "calculate_loan", 0.97, "zh"),
    _action("loan_form"),
    _loop("loan_form"),
    _slot("loan_amount", "50000"),
    _slot("requested_slot", "monthly_income"),
    _bot("您每月收入大约多少？"),
    _action("action_listen"),
    _user("/skip", "skip", 1.0),
    _action("loan_form"),
    _slot("requested_slot", None),
    _loop(None),
    _action("action_calculate_loan"),
    _bot("月供：2,496.21元"),
    _action("action_listen"),
    _user("逾期会上征信吗", "ask_overdue_credit_report", 0.95, "zh"),
    _action("action_answer_question"),
    _bot("会的"),
    _action("action_listen"),
    _user(
        f"我手机是{PHONE}，网贷还不上了",
        "nlu_fallback",
        0.4,
        "zh",
        ranking=[("nlu_fallback", 0.6), ("ask_negotiate_repayment", 0.4)],
    ),
    _action("action_handle_fallback"),
    _bot("抱歉，我没太明白。"),
    _action("action_listen"),
]
EN = [
    _action("action_session_start"),
    _action("action_listen"),
    _user("hello", "greet", 0.99, "en"),
    _action("utter_greet"),
    _bot("Hello"),
    _action("action_listen"),
    _user('/explore_area{"area":"overdue"}', "explore_area", 1.0, entities=[("area", "overdue")]),
    _action("utter_area_overdue"),
    _action("action_listen"),
    _user("what are my options if I can't pay", "ask_negotiate_repayment", 0.55, "en"),
    _action("action_answer_question"),
    _action("action_listen"),
    _user("what is APR", "ask_apr_vs_daily_rate", 0.9, "en"),
    _action("action_answer_question"),
    _action("action_listen"),
    _user("[a link](http://x.cn) and [b][c]", "nlu_fallback", 0.3, "en"),
    _action("action_handle_fallback"),
]


@pytest.fixture()
def tracker_db(tmp_path):
    """A tracker store file: the zh chat two days ago, the en chat today."""
    path = tmp_path / "rasa_tracker.db"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) "
        "NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
    )
    today = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0).timestamp()
    for sender, events, start in (("zh-chat", ZH, today - 2 * 86400), ("en-chat", EN, today)):
        for n, (type_name, intent, action, data) in enumerate(events):
            ts = start + n
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (sender, type_name, ts, intent, action, json.dumps({**data, "timestamp": ts})),
            )
    db.commit()
    db.close()
    return path


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_events_become_conversations_with_languages_buttons_and_masked_text(tracker_db):
    zh, en = load_conversations(str(tracker_db))
    assert (zh.sender_id, en.sender_id) == ("zh-chat", "en-chat")
    first = zh.user_messages[0]
    assert (first.text, first.intent, first.confidence, first.language) == ("你好", "greet", 0.98, "zh")
    assert zh.bot_messages[0].buttons[0].payload == '/explore_area{"area":"overdue"}'
    fallback = zh.user_messages[-1]
    assert PHONE not in fallback.text and PHONE_MASK in fallback.text
    assert fallback.best_guess == "ask_negotiate_repayment"
    assert zh.user_messages[2].is_payload and not first.is_payload
    kinds = {type(e) for e in zh.events}
    assert kinds == {UserMessage, BotMessage, ActionRun, SlotSet, LoopChange}
    assert en.user_messages[1].entities == (("area", "overdue"),)


def test_since_and_sender_filter_the_events(tracker_db):
    assert [c.sender_id for c in load_conversations(str(tracker_db), since=parse_since("1d"))] == ["en-chat"]
    assert [c.sender_id for c in load_conversations(str(tracker_db), sender_id="zh-chat")] == ["zh-chat"]


def test_an_unreadable_tracker_store_raises_one_clear_error(tmp_path):
    with pytest.raises(TrackerDBError, match="no tracker store at"):
        load_conversations(str(tmp_path / "missing.db"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(TrackerDBError, match="cannot read the tracker store"):
        load_conversations(str(junk))
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE other (x INT)").connection.commit()
    with pytest.raises(TrackerDBError, match="no such table: events"):
        load_conversations(f"sqlite:///{empty}")
    with pytest.raises(TrackerDBError, match="cannot open nonsense://"):
        load_conversations("nonsense://")


def test_the_default_store_is_tracker_db_url(monkeypatch, tracker_db):
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tracker_db}")
    assert len(load_conversations()) == 2


# --- commands ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_transcripts_in_every_format(capsys, tracker_db, fmt):
    code, out, err = run_cli(capsys, "transcripts", "--db", str(tracker_db), "--format", fmt)
    assert code == 0, err
    assert PHONE not in out and PHONE_MASK in out and "action_listen" not in out
    if fmt == "json":
        data = json.loads(out)
        assert [c["conversation"] for c in data] == ["zh-chat", "en-chat"]
        assert data[0]["events"][1] == {
            "time": data[0]["events"][1]["time"],
            "kind": "user",
            "text": "你好",
            "intent": "greet",
            "confidence": 0.98,
            "language": "zh",
        }
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[1]["intent"] == "greet" and rows[1]["confidence"] == "0.98"
        assert any(r["kind"] == "slot" and r["name"] == "requested_slot" for r in rows)
    else:
        assert "## Conversation zh-chat" in out and "→ `greet` 0.98" in out
        assert "action `action_calculate_loan`" in out and "⚠ not understood" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--since", "last tuesday"], "--since: cannot read"),
        (["--db", "/nonexistent/rasa_tracker.db"], "no tracker store at"),
        (["--sender", "nobody"], "no conversation with sender id"),
    ],
)
def test_transcripts_bad_input_exits_2_with_one_line(capsys, tracker_db, argv, message):
    argv = ["--db", str(tracker_db), *argv] if "--db" not in argv else argv
    code, out, err = run_cli(capsys, "transcripts", *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_export_story_writes_a_conversation_test(capsys, tracker_db, tmp_path):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
    from rasa.shared.core.events import SlotSet as RasaSlotSet
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    out = tmp_path / "story.yml"
    code, _, err = run_cli(capsys, "export-story", "zh-chat", "--db", str(tracker_db), "--out", str(out))
    assert code == 0, err
    text = out.read_text("utf-8")
    assert PHONE not in text and "action_listen" not in text and "action_session_start" not in text
    assert (
        "- intent: skip\n    user: |-\n      /skip\n" in text
    )  # a click, written as clicked (Rasa's writer)
    [story] = YAMLStoryReader(Domain.load(str(ROOT / "domain.yml"))).read_from_file(str(out))
    steps = [
        (type(e).__name__, getattr(e, "text", None) or getattr(e, "intent_name", None))
        if isinstance(e, UserUttered)
        else (type(e).__name__, getattr(e, "action_name", None) or e.as_dict().get("name"))
        for e in story.events
        if isinstance(e, (UserUttered, ActionExecuted, ActiveLoop))
    ]
    assert steps == [
        ("UserUttered", "你好"),
        ("ActionExecuted", "utter_greet"),
        ("UserUttered", "借5万，年化18%，分24期"),
        ("ActionExecuted", "loan_form"),
        ("ActiveLoop", "loan_form"),
        ("UserUttered", "/skip"),
        ("ActionExecuted", "loan_form"),
        ("ActiveLoop", None),
        ("ActionExecuted", "action_calculate_loan"),
        ("UserUttered", "逾期会上征信吗"),
        ("ActionExecuted", "action_answer_question"),
        ("UserUttered", f"我手机是{PHONE_MASK}，网贷还不上了"),
        ("ActionExecuted", "action_handle_fallback"),
    ]
    asked = [e.value for e in story.events if isinstance(e, RasaSlotSet) and e.key == "requested_slot"]
    assert asked == ["monthly_income", None]


def test_export_story_keeps_payload_entities_and_defuses_annotation_syntax(capsys, tracker_db):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    code, out, _ = run_cli(capsys, "export-story", "en-chat", "--db", str(tracker_db))
    assert code == 0
    assert "- intent: explore_area\n    user: |-\n      /explore_area" in out and "(language)" not in out
    path = io.StringIO(out)
    [story] = YAMLStoryReader(Domain.load(str(ROOT / "domain.yml"))).read_from_string(path.read())
    users = [e for e in story.events if isinstance(e, UserUttered)]
    assert users[1].intent_name == "explore_area"
    assert [(e["entity"], e["value"]) for e in users[1].entities] == [("area", "overdue")]
    assert users[-1].text == "[a link] (http://x.cn) and [b] [c]" and not users[-1].entities


def test_figures_and_markdown_from_conversations(tracker_db):
    conversations = load_conversations(str(tracker_db))
    areas = {"overdue_credit_report": "overdue", "apr_vs_daily_rate": "loan_terms"}
    figures = tracker_figures(conversations, areas)
    assert (figures.conversations, figures.user_messages, figures.typed_messages) == (2, 10, 8)
    assert figures.languages == {"zh": 4, "en": 4, "button": 2}
    assert figures.fallbacks == 2 and len(figures.not_understood) == 3  # + confidence 0.55
    assert figures.topics == {"overdue_credit_report": 1, "negotiate_repayment": 1, "apr_vs_daily_rate": 1}
    assert figures.areas == {"overdue": 1, "other": 1, "loan_terms": 1}
    assert len(figures.days) == 3 and sum(d.typed for d in figures.days.values()) == 8  # the quiet day too
    groups = unanswered_groups(figures.not_understood)
    assert sum(g.group.size for g in groups) == 3
    guesses = {g.group.leader: dict(g.guesses) for g in groups}
    assert guesses[f"我手机是{PHONE_MASK}，网贷还不上了"] == {"ask_negotiate_repayment": 1}
    charts = {"messages_per_day": "a.png", "topics": "b.png", "fallback_rate": "c.png"}
    text = render_markdown(
        figures, store_figures(url="sqlite://"), groups, charts, None, "sqlite:///x", areas
    )
    assert "| Conversations | 2 |" in text and "| Fallback rate | 25.0% (2 of 8 typed messages) |" in text
    assert "![Messages per day](a.png)" in text and PHONE not in text


def test_report_writes_markdown_and_charts(capsys, monkeypatch, tracker_db, tmp_path, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    record_handoff("zh-chat", "zh", "fallback", [f"我手机是{PHONE}"], url=db_url)
    record_ad_check("zh", "misleading", ["guaranteed_approval", "fee_before_disbursement"], url=db_url)
    record_ad_check("en", "caution", ["guaranteed_approval"], url=db_url)
    out = tmp_path / "report"
    code, _, err = run_cli(capsys, "report", "--db", str(tracker_db), "--out", str(out))
    assert code == 0, err
    text = (out / "report.md").read_text("utf-8")
    assert "| Handoffs | 1 (fallback 1) |" in text and "| H000001 |" in text
    assert (
        "| guaranteed_approval | 2 | 100.0% |" in text and "| fee_before_disbursement | 1 | 50.0% |" in text
    )
    assert "| Calculations | 0 (none) |" in text
    for name in ("messages_per_day.png", "topics.png", "fallback_rate.png"):
        data = (out / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000


def test_report_on_an_empty_period_still_writes_everything(capsys, monkeypatch, tracker_db, tmp_path, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%d")
    code, _, err = run_cli(
        capsys, "report", "--db", str(tracker_db), "--since", tomorrow, "--out", str(tmp_path)
    )
    assert code == 0, err
    text = (tmp_path / "report.md").read_text("utf-8")
    assert "| Conversations | 0 |" in text and "_None in this period._" in text
    assert all(
        (tmp_path / n).stat().st_size > 5_000
        for n in ("messages_per_day.png", "topics.png", "fallback_rate.png")
    )
