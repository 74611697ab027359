"""Actions, run as the action server runs them, against trackers shaped like Rasa's."""

import asyncio
import time

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import recent_user_messages, safe_run, user_language
from actions.fallback import ActionHandleFallback, consecutive_fallbacks
from actions.handoff import ActionRequestHandoff
from loancoach.records.store import list_handoffs


def user(text, intent, confidence=0.9):
    return {
        "event": "user",
        "timestamp": time.time(),
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []},
    }


def bot(text):
    return {"event": "bot", "timestamp": time.time(), "text": text}


def tracker(events, language="zh", sender="s1"):
    latest = next(
        (e["parse_data"] | {"text": e["text"]} for e in reversed(events) if e["event"] == "user"), {}
    )
    return Tracker(sender, {"language": language}, latest, events, False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages, events


def test_first_fallback_asks_to_rephrase_second_offers_a_counselor():
    once = tracker([user("你好", "greet"), bot("hi"), user("asdf", "nlu_fallback")])
    messages, _ = run(ActionHandleFallback(), once)
    assert [m["response"] for m in messages] == ["utter_ask_rephrase"]

    twice = tracker(once.events + [bot("rephrase"), user("qwer", "nlu_fallback")])
    messages, _ = run(ActionHandleFallback(), twice)
    assert [m["response"] for m in messages] == ["utter_offer_counselor"]


def test_understood_message_resets_the_fallback_count():
    events = [
        user("x", "nlu_fallback"),
        bot("?"),
        user("你好", "greet"),
        bot("hi"),
        user("y", "nlu_fallback"),
    ]
    assert consecutive_fallbacks(events) == 1


def test_handoff_records_the_request_and_gives_the_reference(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    events = [user("我手机13812345678，还不上了", "nlu_fallback"), bot("?"), user("转人工", "human_handoff")]
    messages, _ = run(ActionRequestHandoff(), tracker(events, sender="borrower-7"))
    assert messages[0]["response"] == "utter_handoff_recorded"
    assert messages[0]["reference"] == "H000001"
    [row] = list_handoffs(url=db_url)
    assert row.reason == "fallback"
    assert "13812345678" not in row.context and "还不上了" in row.context


def test_a_failing_action_apologises_instead_of_falling_silent(monkeypatch):
    # An unusable database: the handoff cannot be stored.
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent-dir/for/sure/x.db")
    messages, events = run(ActionRequestHandoff(), tracker([user("转人工", "human_handoff")]))
    assert [m["response"] for m in messages] == ["utter_action_error"]
    assert events == []


def test_safe_run_keeps_what_the_action_returns_when_it_works():
    class Fine:
        def name(self):
            return "fine"

        @safe_run
        async def run(self, dispatcher, tracker, domain):
            dispatcher.utter_message(text="ok")
            return [{"event": "slot", "name": "x", "value": 1}]

    messages, events = run(Fine(), tracker([user("hi", "greet")]))
    assert messages[0]["text"] == "ok" and events[0]["name"] == "x"


def test_language_and_recent_messages_helpers():
    events = [user("/capabilities", "capabilities"), user("a", "greet"), user("b", "greet")]
    trk = tracker(events, language="en")
    assert user_language(trk) == "en"
    assert recent_user_messages(trk) == ["a", "b"]  # button payloads are not the user's words
    assert user_language(tracker(events, language=None)) == "zh"


def test_the_action_server_keeps_a_new_connection_open_while_a_busy_rasa_writes_its_request():
    from rasa_sdk.endpoint import create_app
    from sanic import Sanic

    import actions

    Sanic.test_mode = True  # allows creating the app more than once in one process
    app = create_app("actions")
    assert app.config.KEEP_ALIVE_TIMEOUT == 5  # Sanic's default: Rasa must write within 5 s
    actions._keep_new_connections_open(app)
    assert app.config.KEEP_ALIVE_TIMEOUT == 120
