"""Feedback on answers: stored with the topic, shown in the report."""

import asyncio
import time

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ActionRecordFeedback
from loancoach.counsel.reporting import store_figures
from loancoach.records.store import Feedback, session_scope


def tracker(intent, text, language="zh", last_topic=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    events = [{"event": "user", "timestamp": time.time(), "text": text, "parse_data": latest}]
    if last_topic:  # the answer the feedback is about carries its topic
        events.insert(0, {"event": "bot", "text": "…", "metadata": {"topic": last_topic}})
    return Tracker(
        "fb-user",
        {"language": language},
        latest,
        events,
        False,
        None,
        {},
        "action_listen",
    )


def run(trk):
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRecordFeedback().run(dispatcher, trk, {}))
    return dispatcher.messages


def test_helpful_and_not_helpful_are_stored_with_the_topic_and_reported(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert (
        run(tracker("feedback_helpful", "/feedback_helpful", last_topic="record_retention"))[0]["response"]
        == "utter_feedback_thanks"
    )
    sorry = run(tracker("feedback_not_helpful", "没用", last_topic="record_retention"))
    assert sorry[0]["response"] == "utter_feedback_sorry"
    run(tracker("feedback_not_helpful", "not helpful", "en", last_topic="calculator"))
    with session_scope(db_url) as s:
        rows = [(r.topic, r.helpful, r.language) for r in s.query(Feedback).order_by(Feedback.id)]
    assert rows == [("record_retention", 1, "zh"), ("record_retention", 0, "zh"), ("calculator", 0, "en")]
    figures = store_figures(url=db_url)
    assert figures.feedback == {"record_retention": [1, 1], "calculator": [0, 1]}


def test_feedback_without_an_answer_before_it_is_kept_as_other(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    run(tracker("feedback_helpful", "有用"))
    with session_scope(db_url) as s:
        assert [r.topic for r in s.query(Feedback)] == ["other"]
