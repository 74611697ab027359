"""The debunker in the conversation: check a pasted ad or a story, explain the red flags, store the
outcome anonymised (categories and verdict only)."""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import about, safe_run, user_language
from actions.feedback import feedback_buttons
from actions.knowledge import topic_button, topic_of
from loancoach.calculator.rate_answers import computed_rate_line
from loancoach.records.store import record_ad_check
from loancoach.redflags import check
from loancoach.redflags.render import render_check
from loancoach.text.inputs import has_words
from loancoach.text.language import pick

# A bare question ("这是诈骗吗", "is this a scam") has nothing to check yet.
MIN_CHARS_TO_CHECK = {"zh": 8, "en": 24}
# A long question that quotes figures or a broker ("放款后又扣了服务费，合同上的年化算进去了吗？") can be
# read as a pasted ad. When the check finds nothing, a knowledge topic among the first TOPIC_RANK
# intents of the parse with at least TOPIC_RATIO of the top confidence is offered as a button, so the
# borrower's own question is one tap away instead of lost. Chosen on the NLU dev sets (c)-(g): of the
# messages read as check_ad, 4 of the 8 that were not ads reach 0.2, and 5% of the 253 real ads do.
# Checked again with the Naive Bayes model (sharper confidences), dev sets (b)-(h): 6 of 9 and 2% of 296.
TOPIC_RANK = 3
TOPIC_RATIO = 0.2


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
        text_out, buttons = render_check(result), feedback_buttons(language)
        figures_line = computed_rate_line(text, language)
        if figures_line:  # "说是零利息，分12期每期还1900": the payments tell the real rate
            text_out += "\n" + figures_line
        topic = asked_topic(tracker) if result.verdict == "ok" else None
        if topic is not None:
            button = topic_button(topic, language)
            text_out += "\n" + pick(
                language,
                f"如果你想问的是“{button['title']}”，点下面的按钮。",
                f'If you meant to ask "{button["title"]}", tap the button below.',
            )
            buttons = [button, *buttons]
        dispatcher.utter_message(text=text_out, buttons=buttons, **about("ad_check"))
        record_ad_check(
            language, result.verdict, result.categories, source="chat", sender_id=tracker.sender_id
        )
        return []


def asked_topic(tracker: Tracker):
    """The knowledge topic ranked highest among the first TOPIC_RANK intents of this message's parse
    (the one parse Rasa made) if its confidence is at least TOPIC_RATIO of the top one's, else None."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    if not ranking:
        return None
    top = ranking[0].get("confidence") or 0.0
    for entry in ranking[:TOPIC_RANK]:
        topic = topic_of(entry.get("name"))
        if topic is not None:
            return topic if (entry.get("confidence") or 0.0) >= TOPIC_RATIO * top else None
    return None
