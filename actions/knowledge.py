"""Knowledge answers: the topic comes from the intent, the text from loancoach.knowledge.

When the question carries figures ("日息0.03%年化多少"), the answer starts with them worked out; a named
product (花呗, 微粒贷, …) gets its one sentence from topics.yml first. The topic is remembered
(in its bot message's metadata, ``names.TOPIC_KEY``; see ``actions.common.last_topic``) so "and in English?" can repeat it in the other language and a short follow-up ("那如果
超过了呢", "what if I'm only 2 days late") is answered in that topic's context.

Two helpers other actions call in one line:
- ``answer_distress_first(dispatcher, tracker)``: when the message shows distress, the calm answer with
  concrete help goes out first (loancoach.text.distress); returns whether it did.
- ``answer_follow_up(dispatcher, tracker)``: for the fallback path; when the message is a short
  follow-up and a topic was answered before, answers it and returns the events, else ``None``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import about, last_topic, only_changes, safe_run, user_language, warn_if_red_flags
from actions.feedback import feedback_buttons
from loancoach import knowledge, names
from loancoach.calculator.rate_answers import computed_rate_line
from loancoach.text import distress
from loancoach.text.language import EN, ZH, pick
from loancoach.text.normalize import normalize

PREFIX = names.KNOWLEDGE_INTENT_PREFIX
# Topics whose answer starts with the user's own figures worked out (rate_answers.computed_rate_line): a rate
# turned annual, or the real APR of an amount, a term and a payment. "说是零利息，但每期还1900" and "16000,
# 16 periods, 1,230 each, is this legal?" want the APR first. Not upfront_interest: money kept back at payout
# lowers what was received, which the figures do not say, and the APR of the amount would understate it.
RATE_TOPICS = {
    "apr_vs_daily_rate",
    "fee_rate_installment",
    "apr_with_fees",
    "legal_rate_limit",
    "zero_interest",
    "cost_disclosure",
}
PRODUCT_TOPIC = "named_product"
DISTRESS_TOPIC = "distress"  # what feedback after the distress answer is filed under

# A short message below this confidence, after a topic was answered, is read as a follow-up to it.
FOLLOW_UP_CONFIDENCE = 0.6
FOLLOW_UP_MAX_HAN = 24  # characters of Chinese
FOLLOW_UP_MAX_WORDS = 12  # English words
_FOLLOW_UP_CUE = re.compile(
    r"^(那|那么|那如果|如果|要是|万一|假如|还有|但是|可是|只)|呢[?？]?$|例外|特殊情况|会怎样|会怎么样|怎么算"
    r"|\b(what if|and if|what about|how about|but|only|even if|exception|exceptions|then|so|and|also)\b",
    re.I,
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z']+")

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
    if topic == PRODUCT_TOPIC:
        line = knowledge.product_line(topic, text, language)
        if line:
            return f"{line}\n{answer}"
    return answer


# Topics whose answer offers a computed next step in the chat, before the related topics.
NEXT_STEPS = {
    "multiple_overdue": ("帮我排还款计划", "Make me a repayment plan", f"/{names.PLAN_REPAYMENT}"),
    "borrowing_to_repay": ("帮我排还款计划", "Make me a repayment plan", f"/{names.PLAN_REPAYMENT}"),
}


def topic_title(topic: str, language: str) -> str:
    """The topic's title in ``language`` (every topic has both; its id otherwise)."""
    return knowledge.load_topics()[topic].get(f"title_{language}") or topic


def topic_button(topic: str, language: str) -> Dict[str, str]:
    """A button that asks the topic's question, in every flow (its payload is the topic's intent)."""
    return {"title": topic_title(topic, language), "payload": f"/{PREFIX}{topic}"}


def related_buttons(topic: str, language: str) -> List[Dict[str, str]]:
    buttons = []
    if topic in NEXT_STEPS:
        zh, en, payload = NEXT_STEPS[topic]
        buttons.append({"title": pick(language, zh, en), "payload": payload})
    for other in knowledge.load_topics()[topic].get("related") or []:
        buttons.append(topic_button(other, language))
    return buttons


def distress_buttons(language: str) -> List[Dict[str, str]]:
    return [
        {"title": pick(language, "转人工", "Talk to a counselor"), "payload": f"/{names.HUMAN_HANDOFF}"},
        {
            "title": pick(language, "怎么和贷款机构协商", "How to negotiate with the lender"),
            "payload": f"/{PREFIX}negotiate_repayment",
        },
    ]


def answer_distress_first(
    dispatcher: CollectingDispatcher, tracker: Tracker, buttons: bool = True, topic: Optional[str] = None
) -> bool:
    """If the latest message shows distress, send the calm answer with concrete help now (before the
    action's own answer) and return True. One line in any action: ``answer_distress_first(dispatcher,
    tracker)``. ``topic``, if given, is what later feedback and follow-ups refer to."""
    text = (tracker.latest_message or {}).get("text") or ""
    language = user_language(tracker)
    message = distress.distress_reply(text, language)
    if message is None:
        return False
    dispatcher.utter_message(
        text=message, buttons=distress_buttons(language) if buttons else [], **about(topic)
    )
    return True


def is_follow_up(text: str) -> bool:
    """A short message that only makes sense after the previous answer ("有例外吗", "what if I pay late")."""
    folded = normalize(text or "").strip()
    if not folded or folded.startswith("/"):
        return False
    if _HAN.search(folded):
        short = len(_HAN.findall(folded)) <= FOLLOW_UP_MAX_HAN
    else:
        short = len(_WORD.findall(folded)) <= FOLLOW_UP_MAX_WORDS
    return short and bool(_FOLLOW_UP_CUE.search(folded))


def follow_up_topic(tracker: Tracker, text: str) -> Optional[str]:
    """The topic a short follow-up belongs to: the last topic answered, or one of its related topics
    when that one's keywords match the message better. ``None`` without a previous topic."""
    topics = knowledge.load_topics()
    last = last_topic(tracker)
    if last not in topics or not is_follow_up(text):
        return None
    candidates = [last] + [r for r in topics[last]["related"] if r in topics]
    scores = {c: knowledge.keyword_score(c, text) for c in candidates}
    best = max(candidates, key=lambda c: scores[c])  # the first (the last topic) wins a tie
    return best


def _send_answer(dispatcher: CollectingDispatcher, topic: str, language: str, text: str, follow_up=False):
    body = compose(topic, language, text)
    if follow_up:
        title = topic_title(topic, language)
        body = pick(language, f"接着刚才的话题（{title}）：", f'Following on from "{title}":') + "\n" + body
    dispatcher.utter_message(
        text=body, buttons=related_buttons(topic, language) + feedback_buttons(language), **about(topic)
    )


def answer_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """For the fallback path: answer a short follow-up from the last topic; ``None`` if it is not one."""
    text = (tracker.latest_message or {}).get("text") or ""
    topic = follow_up_topic(tracker, text)
    if topic is None:
        return None
    _send_answer(dispatcher, topic, user_language(tracker), text, follow_up=True)
    return []


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        intent_data = tracker.latest_message.get("intent") or {}
        intent = intent_data.get("name")
        language = user_language(tracker)
        text = tracker.latest_message.get("text") or ""
        if intent == names.EXPRESS_DISTRESS:
            if not answer_distress_first(dispatcher, tracker, topic=DISTRESS_TOPIC):
                dispatcher.utter_message(
                    text=distress.reply(language),
                    buttons=distress_buttons(language),
                    **about(DISTRESS_TOPIC),
                )
            return []
        topic = topic_of(intent)
        follow_up = False
        confidence = intent_data.get("confidence")
        if topic is None or (confidence is not None and confidence < FOLLOW_UP_CONFIDENCE):
            context = follow_up_topic(tracker, text)
            if context is not None and context != topic:
                topic, follow_up = context, True
        if topic is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        answer_distress_first(dispatcher, tracker)
        _send_answer(dispatcher, topic, language, text, follow_up=follow_up)
        warn_if_red_flags(dispatcher, tracker)
        return []


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
        events = [SlotSet(names.LANGUAGE_SLOT, language)]
        topic = last_topic(tracker)
        if topic and topic in knowledge.load_topics():
            dispatcher.utter_message(text=knowledge.answer(topic, language), **about(topic))
        else:
            dispatcher.utter_message(
                text="好的，我用中文回答。请问想了解什么？"
                if language == ZH
                else "Sure, I'll answer in English. What would you like to know?"
            )
        return only_changes(tracker, events)
