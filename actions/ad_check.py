"""The debunker in the conversation: check a pasted ad or a story, explain the red flags, store the
outcome anonymised (categories and verdict only)."""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import about, safe_run, user_language
from actions.feedback import feedback_buttons
from loancoach.records.store import record_ad_check
from loancoach.redflags import check
from loancoach.redflags.render import render_check
from loancoach.text.inputs import has_words

# A bare question ("这是诈骗吗", "is this a scam") has nothing to check yet.
MIN_CHARS_TO_CHECK = {"zh": 8, "en": 24}


class ActionCheckAd(Action):
    def name(self) -> str:
        return "action_check_ad"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        language = user_language(tracker)
        text = tracker.latest_message.get("text") or ""
        if text.startswith("/") or not has_words(text):
            dispatcher.utter_message(response="utter_ask_ad_text")
            return []
        result = check(text, language)
        if not result.flags and len(text.strip()) < MIN_CHARS_TO_CHECK[language]:
            dispatcher.utter_message(response="utter_ask_ad_text")
            return []
        dispatcher.utter_message(
            text=render_check(result), buttons=feedback_buttons(language), **about("ad_check")
        )
        record_ad_check(
            language, result.verdict, result.categories, source="chat", sender_id=tracker.sender_id
        )
        return []
