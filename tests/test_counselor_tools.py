"""Counselors' tools on real conversations: the trained agent writes an SQL tracker store (a temp SQLite
file), a real action server writes our records, then transcripts, export-story and report read them.

Needs `models/loancoach.tar.gz` (make train); the run shares one copy of it (conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from pathlib import Path

import pytest
import servers

from loancoach.cli.app import main
from loancoach.text.privacy import PHONE_MASK, redact

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
PHONE = "13812345678"
SKIPPED = {"action_listen", "action_session_start", "action_extract_slots", "action_unlikely_intent"}

ZH_TURNS = [
    "你好",
    "借5万，年化18%，分24期，每月还多少",
    "月薪8千",
    "没有",
    "逾期会上征信吗",
    f"我手机是{PHONE}，网贷还不上了",
    "转人工",
    "这个广告靠谱吗：100%必过，放款前交保证金",
]
EN_TURNS = [
    "hello",
    '/explore_area{"area":"overdue"}',
    "the collectors keep calling my coworkers, is that allowed?",
    "asdkjh qwezx",
    "/human_handoff",
    "is this legit: guaranteed approval, no credit check, pay a fee first",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("counselor")


@pytest.fixture(scope="module")
def records_url(workdir):
    return f"sqlite:///{workdir / 'loancoach.db'}"


@pytest.fixture(scope="module")
def tracker_path(workdir):
    return workdir / "rasa_tracker.db"


@pytest.fixture(scope="module")
def action_server(records_url):
    """An action server of this module's own: the report counts every record in its store."""
    with servers.action_server(records_url) as url:
        yield url


@pytest.fixture(scope="module")
def agent(agent, action_server, tracker_path):
    """The run's trained agent (conftest.py; the model is not loaded again) with this module's SQL tracker
    store and action server."""
    from conftest import agent_with
    from rasa.core.tracker_store import SQLTrackerStore

    store = SQLTrackerStore(domain=agent.domain, dialect="sqlite", db=str(tracker_path))
    return agent_with(agent, tracker_store=store, action_url=action_server)


@pytest.fixture(scope="module")
def chats(agent, loop):
    """Both conversations, said once for the module: {"zh": sender, "en": sender}."""
    senders = {"zh": f"zh-{uuid.uuid4().hex[:8]}", "en": f"en-{uuid.uuid4().hex[:8]}"}
    for language, turns in (("zh", ZH_TURNS), ("en", EN_TURNS)):
        for text in turns:
            replies = loop.run_until_complete(agent.handle_text(text, sender_id=senders[language]))
            assert replies, f"no reply to {text!r}"
    return senders


@pytest.fixture()
def ad_checks_supported(agent):
    if "check_ad" not in agent.domain.intents:
        pytest.skip("the trained model predates the ad checker (no check_ad intent): retrain")


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- transcripts -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_every_transcript_format_parses_and_masks_the_phone_number(capsys, chats, tracker_path, fmt):
    code, out, err = run_cli(capsys, "transcripts", "--db", str(tracker_path), "--format", fmt)
    assert code == 0, err
    assert PHONE not in out and PHONE_MASK in out
    if fmt == "json":
        conversations = json.loads(out)
        assert {c["conversation"] for c in conversations} == set(chats.values())
        zh = next(c for c in conversations if c["conversation"] == chats["zh"])
        users = [e for e in zh["events"] if e["kind"] == "user"]
        assert [u["text"] for u in users] == [redact(t) for t in ZH_TURNS]
        assert (
            users[0]["intent"] == "greet" and 0 < users[0]["confidence"] <= 1 and users[0]["language"] == "zh"
        )
        en = next(c for c in conversations if c["conversation"] == chats["en"])
        en_users = [e for e in en["events"] if e["kind"] == "user"]
        assert en_users[3]["text"] == "asdkjh qwezx" and en_users[3]["intent"] == "nlu_fallback"
        actions = [e["name"] for e in zh["events"] if e["kind"] == "action"]
        assert {"loan_form", "action_calculate_loan", "action_request_handoff"} <= set(actions)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["conversation"] for r in rows} == set(chats.values())
        greet = next(r for r in rows if r["kind"] == "user" and r["text"] == "hello")
        assert greet["intent"] == "greet" and float(greet["confidence"]) > 0.5 and greet["language"] == "en"
        assert any(r["kind"] == "action" and r["name"] == "action_request_handoff" for r in rows)
    else:
        assert out.count("## Conversation ") == 2
        assert "`greet`" in out and "action `action_calculate_loan`" in out and "not understood" in out


def test_transcripts_of_one_sender_and_since_tomorrow(capsys, chats, tracker_path):
    code, out, _ = run_cli(
        capsys, "transcripts", "--db", str(tracker_path), "--sender", chats["en"], "--format", "json"
    )
    assert code == 0 and [c["conversation"] for c in json.loads(out)] == [chats["en"]]
    tomorrow = time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400))
    code, out, _ = run_cli(
        capsys, "transcripts", "--db", str(tracker_path), "--since", tomorrow, "--format", "json"
    )
    assert code == 0 and json.loads(out) == []


# --- export-story ------------------------------------------------------------------------------


def _tracker_steps(agent, loop, sender):
    """What the story must hold, from Rasa's own tracker: user texts (or payload intents) and actions."""
    from rasa.shared.core.events import ActionExecuted, UserUttered

    tracker = loop.run_until_complete(agent.tracker_store.retrieve(sender))
    steps = []
    for event in tracker.events:
        if isinstance(event, UserUttered):
            text = event.text or ""
            steps.append(("user", redact(text)))  # button clicks too: Rasa's writer keeps the payload
        elif isinstance(event, ActionExecuted) and event.action_name not in SKIPPED:
            steps.append(("action", event.action_name))
    return steps


def _story_steps(events):
    from rasa.shared.core.events import ActionExecuted, UserUttered

    steps = []
    for event in events:
        if isinstance(event, UserUttered):
            steps.append(("user", event.text) if event.text else ("intent", event.intent_name))
        elif isinstance(event, ActionExecuted):
            steps.append(("action", event.action_name))
    return steps


@pytest.mark.parametrize("language", ["zh", "en"])
def test_export_story_loads_as_a_conversation_test_in_order(
    capsys, agent, loop, chats, tracker_path, tmp_path, language
):
    from rasa.shared.core.events import ActiveLoop, SlotSet
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    out = tmp_path / f"test_{language}.yml"
    code, _, err = run_cli(
        capsys, "export-story", chats[language], "--db", str(tracker_path), "--out", str(out)
    )
    assert code == 0, err
    text = out.read_text("utf-8")
    assert PHONE not in text
    [story] = YAMLStoryReader(agent.domain).read_from_file(str(out))
    assert _story_steps(story.events) == _tracker_steps(agent, loop, chats[language])
    if language == "zh":
        assert PHONE_MASK in text
        loops = [e.name for e in story.events if isinstance(e, ActiveLoop)]
        assert loops[:2] == ["loan_form", None]
        asked = [e.value for e in story.events if isinstance(e, SlotSet) and e.key == "requested_slot"]
        assert asked[0] == "monthly_income" and asked[-1] is None
    else:
        assert "- intent: human_handoff\n    user: |-\n      /human_handoff" in text
        assert '- intent: explore_area\n    user: |-\n      /explore_area{"area":"overdue"}' in text


# --- report ------------------------------------------------------------------------------------


@pytest.fixture()
def report(capsys, monkeypatch, chats, tracker_path, records_url, tmp_path):
    monkeypatch.setenv("DATABASE_URL", records_url)
    code, _, err = run_cli(capsys, "report", "--db", str(tracker_path), "--out", str(tmp_path))
    assert code == 0, err
    return tmp_path, (tmp_path / "report.md").read_text("utf-8")


def test_report_has_the_figures(report):
    _, text = report
    assert "| Conversations | 2 |" in text
    users = len(ZH_TURNS) + len(EN_TURNS)
    assert f"| User messages | {users} ({users - 2} typed, 2 button clicks) |" in text
    [languages] = [line for line in text.splitlines() if line.startswith("| Languages |")]
    assert "zh " in languages and "en " in languages and "button 2 " in languages
    assert "| Handoffs | 2 (" in text and "H000001" in text and "H000002" in text
    assert "| affordable | 1 |" in text
    assert (
        "| overdue_credit_report | overdue | 1 |" in text and "| collection_exposure | overdue | 1 |" in text
    )
    assert "## Messages the assistant could not answer" in text and "asdkjh qwezx" in text
    assert PHONE not in text  # whatever is listed is masked


def test_report_counts_the_ad_checks(report, ad_checks_supported):
    _, text = report
    assert "| Ad checks | 2 (" in text and "misleading" in text
    assert "| guaranteed_approval | 2 |" in text and "| fee_before_disbursement | 2 |" in text


def test_report_charts_are_real_pngs(report):
    out, text = report
    for name in ("messages_per_day.png", "topics.png", "fallback_rate.png"):
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, name
        assert f"]({name})" in text
