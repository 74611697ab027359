"""Human handoff: record the request in our store and tell the user what happens next."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import recent_user_messages, safe_run, user_language
from loancoach.records.store import record_handoff


class ActionRequestHandoff(Action):
    def name(self) -> str:
        return "action_request_handoff"

    @safe_run
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intents = [
            e.get("parse_data", {}).get("intent", {}).get("name")
            for e in tracker.events
            if e.get("event") == "user"
        ]
        reason = "fallback" if "nlu_fallback" in intents[-3:-1] else "user_request"
        ticket = record_handoff(
            sender_id=tracker.sender_id,
            language=user_language(tracker),
            reason=reason,
            recent_messages=recent_user_messages(tracker, limit=5),
        )
        dispatcher.utter_message(response="utter_handoff_recorded", reference=ticket.reference)
        return []
