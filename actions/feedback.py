"""Feedback on an answer: stored with the topic it was about, then thanks or another way on."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_topic, safe_run, user_language
from loancoach.records.store import record_feedback


def feedback_buttons(language: str) -> List[Dict[str, str]]:
    """The two buttons that go under an answer."""
    if language == "en":
        return [
            {"title": "Helpful", "payload": "/feedback_helpful"},
            {"title": "Not helpful", "payload": "/feedback_not_helpful"},
        ]
    return [
        {"title": "有帮助", "payload": "/feedback_helpful"},
        {"title": "没帮助", "payload": "/feedback_not_helpful"},
    ]


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        helpful = (tracker.latest_message.get("intent") or {}).get("name") == "feedback_helpful"
        topic = last_topic(tracker) or "other"
        record_feedback(user_language(tracker), topic, helpful, sender_id=tracker.sender_id)
        dispatcher.utter_message(response="utter_feedback_thanks" if helpful else "utter_feedback_sorry")
        return []
