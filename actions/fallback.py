"""Two-stage fallback: ask to rephrase; if the next message is not understood either, offer a counselor."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import safe_run, warn_if_red_flags
from actions.knowledge import answer_distress_first, answer_follow_up
from loancoach import names


def consecutive_fallbacks(events: List[Dict[str, Any]]) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if intent != names.NLU_FALLBACK:
            break
        count += 1
    return count


class ActionHandleFallback(Action):
    def name(self) -> str:
        return "action_handle_fallback"

    @safe_run
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if answer_distress_first(dispatcher, tracker):
            return []  # a borrower in distress gets the human answer, not "please rephrase"
        follow_up = answer_follow_up(dispatcher, tracker)
        if follow_up is not None:
            return follow_up  # a short question after an answer, answered in that topic's context
        if consecutive_fallbacks(tracker.events) >= 2:
            dispatcher.utter_message(response="utter_offer_counselor")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        warn_if_red_flags(dispatcher, tracker)
        return []
