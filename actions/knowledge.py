"""Knowledge answers: the topic comes from the intent, the text from loancoach.knowledge.

When the question carries figures ("日息0.03%年化多少"), the answer starts with them worked out.
The topic is remembered so "and in English?" can repeat it in the other language.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import safe_run, user_language, warn_if_red_flags
from actions.feedback import feedback_buttons
from loancoach import knowledge
from loancoach.calculator.rate_answers import computed_rate_line
from loancoach.text.language import EN, ZH

PREFIX = "ask_"
LAST_TOPIC = "last_topic"
RATE_TOPICS = {"apr_vs_daily_rate", "fee_rate_installment", "apr_with_fees"}

_WANTS_EN = re.compile(r"english|英文|英语", re.I)
_WANTS_ZH = re.compile(r"chinese|mandarin|中文|汉语|普通话|国语", re.I)


def topic_of(intent: Optional[str]) -> Optional[str]:
    if intent and intent.startswith(PREFIX):
        topic = intent[len(PREFIX) :]
        return topic if topic in knowledge.load_topics() else None
    return None


def compose(topic: str, language: str, text: str) -> str:
    answer = knowledge.answer(topic, language)
    if topic in RATE_TOPICS:
        line = computed_rate_line(text, language)
        if line:
            return f"{line}\n{answer}"
    return answer


def related_buttons(topic: str, language: str) -> List[Dict[str, str]]:
    topics = knowledge.load_topics()
    buttons = []
    for other in topics[topic].get("related") or []:
        title = topics[other].get(f"title_{language}")
        if title:
            buttons.append({"title": title, "payload": f"/{PREFIX}{other}"})
    return buttons


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic = topic_of(intent)
        if topic is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        language = user_language(tracker)
        text = tracker.latest_message.get("text") or ""
        dispatcher.utter_message(
            text=compose(topic, language, text),
            buttons=related_buttons(topic, language) + feedback_buttons(language),
        )
        warn_if_red_flags(dispatcher, tracker)
        return [SlotSet(LAST_TOPIC, topic)]


class ActionSwitchLanguage(Action):
    """'and in English?' / '用中文说': answer the last topic again in the language asked for."""

    def name(self) -> str:
        return "action_switch_language"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        text = tracker.latest_message.get("text") or ""
        if _WANTS_ZH.search(text) and not _WANTS_EN.search(text):
            language = ZH
        elif _WANTS_EN.search(text):
            language = EN
        else:
            language = user_language(tracker)
        events = [SlotSet("language", language)]
        topic = tracker.get_slot(LAST_TOPIC)
        if topic and topic in knowledge.load_topics():
            dispatcher.utter_message(text=knowledge.answer(topic, language))
        else:
            dispatcher.utter_message(
                text="好的，我用中文回答。请问想了解什么？"
                if language == ZH
                else "Sure, I'll answer in English. What would you like to know?"
            )
        return events
