"""The chat's deletion flow, "删除我的聊天记录" / "delete my data" (actions/privacy.py,
data/rules_privacy.yml, components/masking_tracker_store.py).

Without the model: the tracker store deletes a conversation whose turn ran the deletion action, and
the action deletes our records. With the model, on real servers, in both languages: the request is
explained and confirmed, then the conversation and its records are gone and the next message starts
afresh; declining deletes nothing.
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import yaml
from servers import ROOT

from loancoach.names import ACTION_DELETE_CONVERSATION
from loancoach.records import store
from loancoach.records.store import DeletionLog, conversation_key, session_scope

MODEL = ROOT / "models" / "loancoach.tar.gz"
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def response_text(name: str, language: str) -> str:
    return next(v["text"] for v in RESPONSES[name] if v["condition"][0]["value"] == language)


def count_events(db_path, sender: str) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_the_store_deletes_a_conversation_whose_turn_ran_the_deletion_action(tmp_path, monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from components.masking_tracker_store import MaskingTrackerStore

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'records.db'}")
    db = tmp_path / "tracker.db"
    tracker_store = MaskingTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))

    async def run():
        for sender in ("leaving", "staying"):
            tracker = DialogueStateTracker(sender, [])
            tracker.update(UserUttered("我手机13812345678"))
            tracker.update(BotUttered("好的"))
            await tracker_store.save(tracker)
        tracker = await tracker_store.retrieve("leaving")
        tracker.update(UserUttered("确认删除"))
        tracker.update(ActionExecuted(ACTION_DELETE_CONVERSATION))
        tracker.update(BotUttered("已删除"))
        await tracker_store.save(tracker)
        return await tracker_store.retrieve("leaving")

    assert asyncio.run(run()) is None
    assert count_events(db, "leaving") == 0 and count_events(db, "staying") == 2
    with session_scope() as session:
        [entry] = session.query(DeletionLog).all()
    assert (entry.kind, entry.tracker_rows) == ("chat", 2)


def test_the_action_deletes_our_records_of_the_conversation_and_says_so(db_url, monkeypatch):
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.privacy import ActionDeleteConversation

    monkeypatch.setenv("DATABASE_URL", db_url)
    for sender in ("me", "someone-else"):
        store.record_handoff(sender, "en", "user_request", ["hi"], url=db_url)
        store.record_feedback("en", "calculator", False, sender_id=sender, url=db_url)
    tracker = Tracker("me", {"language": "en"}, {"text": "yes"}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDeleteConversation().run(dispatcher, tracker, {}))

    assert [m["response"] for m in dispatcher.messages] == ["utter_data_deleted"]
    with session_scope(db_url) as session:
        left = [row.conversation for row in session.query(store.HandoffRequest)]
        left += [row.conversation for row in session.query(store.Feedback)]
        [entry] = session.query(DeletionLog).all()
    assert left == [conversation_key("someone-else")] * 2
    assert (entry.kind, entry.record_rows) == ("chat", 2)


# --- real servers, the trained model --------------------------------------------------------------


@pytest.fixture(scope="module")
def servers(rasa_server):
    """The run's shared action server and `rasa run` (conftest.py: the project's masking tracker store on
    SQLite, tracker.db in its folder, our records in ``records``); this module's senders are its own."""
    assert rasa_server.tracker_db == rasa_server.dir / "tracker.db"
    return rasa_server.dir, rasa_server.port, rasa_server.records


def say(port: int, sender: str, text: str) -> list:
    from test_masking_store import rest

    return [r.get("text", "") for r in rest(port, sender, text)]


@pytest.mark.model
@pytest.mark.parametrize(
    "language, opening, ask, confirm",
    [
        ("zh", "借5万，年化18%，分24期", "删除我的聊天记录", "确认删除"),
        ("en", "hello", "delete my data", "yes, delete it"),
    ],
)
def test_deleting_a_conversation_from_the_chat(servers, language, opening, ask, confirm):
    tmp, port, records = servers
    sender = f"deleting-{language}"
    say(port, sender, opening)
    store.record_feedback(language, "calculator", True, sender_id=sender, url=records)

    assert say(port, sender, ask) == [response_text("utter_confirm_data_deletion", language)]
    assert count_events(tmp / "tracker.db", sender) > 0  # nothing deleted before the confirmation
    assert say(port, sender, confirm) == [response_text("utter_data_deleted", language)]

    assert count_events(tmp / "tracker.db", sender) == 0
    with session_scope(records) as session:
        assert session.query(store.Feedback).filter_by(conversation=conversation_key(sender)).count() == 0
    # the conversation ended: the next message starts a new one, with nothing of the old one
    assert say(port, sender, opening)
    with sqlite3.connect(tmp / "tracker.db") as db:
        texts = [
            d
            for (d,) in db.execute(
                "SELECT data FROM events WHERE sender_id=? AND type_name='user'", (sender,)
            )
        ]
    assert len(texts) == 1


@pytest.mark.model
@pytest.mark.parametrize(
    "language, ask, decline",
    [("zh", "删除我的聊天记录", "不删了"), ("en", "delete my data", "/deny"), ("zh", "清空聊天记录", "算了")],
)
def test_declining_deletes_nothing(servers, language, ask, decline):
    tmp, port, _ = servers
    sender = f"keeping-{language}-{decline}"
    if language == "en":
        say(port, sender, "hello")
    say(port, sender, ask)
    stored = count_events(tmp / "tracker.db", sender)
    assert say(port, sender, decline) == [response_text("utter_data_deletion_cancelled", language)]
    assert count_events(tmp / "tracker.db", sender) > stored
