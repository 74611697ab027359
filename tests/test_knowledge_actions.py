"""Knowledge answers through the action, as a borrower would get them."""

import asyncio
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import ActionAnswerQuestion, ActionSwitchLanguage
from loancoach import knowledge


def tracker(text, intent, language="zh", **slots):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": []}
    events = [{"event": "user", "timestamp": time.time(), "text": text, "parse_data": latest}]
    return Tracker(
        "k-user", {"language": language, **slots}, latest, events, False, None, {}, "action_listen"
    )


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages, events


def test_answer_names_its_source_and_remembers_the_topic():
    messages, events = run(ActionAnswerQuestion(), tracker("逾期记录多久能消除", "ask_record_retention"))
    text = messages[0]["text"]
    assert "5年" in text and "来源：《征信业管理条例》" in text
    assert {"event": "slot", "name": "last_topic", "value": "record_retention"}.items() <= events[0].items()


def test_related_topics_are_offered_as_buttons_in_the_users_language():
    for language in ("zh", "en"):
        messages, _ = run(ActionAnswerQuestion(), tracker("q", "ask_apr_vs_daily_rate", language))
        buttons = messages[0]["buttons"]
        related = [b for b in buttons if b["payload"].startswith("/ask_")]
        assert related
        han = any("\u4e00" <= ch <= "\u9fff" for b in related for ch in b["title"])
        assert han == (language == "zh")
        # and the user can say whether the answer helped
        assert [b["payload"] for b in buttons[-2:]] == ["/feedback_helpful", "/feedback_not_helpful"]


def test_every_related_topic_exists_and_has_titles():
    topics = knowledge.load_topics()
    for tid, topic in topics.items():
        assert topic.get("title_zh") and topic.get("title_en"), tid
        for other in topic.get("related") or []:
            assert other in topics, f"{tid} -> {other}"


@pytest.mark.parametrize(
    "text, intent, language, expected",
    [
        ("日息0.03%年化多少", "ask_apr_vs_daily_rate", "zh", "年化10.95%"),
        ("月息2分是多少", "ask_apr_vs_daily_rate", "zh", "年化24.00%"),
        ("月费率0.75%分24期实际年化", "ask_fee_rate_installment", "zh", "16.43%"),
        ("what is 0.05% a day per year", "ask_apr_vs_daily_rate", "en", "18.25% a year"),
    ],
)
def test_figures_in_the_question_are_worked_out(text, intent, language, expected):
    messages, _ = run(ActionAnswerQuestion(), tracker(text, intent, language))
    first_line = messages[0]["text"].splitlines()[0]
    assert expected in first_line


def test_without_figures_there_is_no_computed_line():
    messages, _ = run(ActionAnswerQuestion(), tracker("日息和年化有什么区别", "ask_apr_vs_daily_rate"))
    assert not messages[0]["text"].startswith("按您的数字")


def test_and_in_english_repeats_the_last_answer_in_english():
    messages, events = run(
        ActionSwitchLanguage(),
        tracker("and in English?", "switch_language", "en", last_topic="record_retention"),
    )
    assert messages[0]["text"] == knowledge.answer("record_retention", "en")
    assert events[0]["value"] == "en"


def test_asking_for_chinese_in_english_switches_to_chinese():
    messages, events = run(
        ActionSwitchLanguage(),
        tracker("in Chinese please", "switch_language", "en", last_topic="early_repayment"),
    )
    assert events[0]["value"] == "zh"
    assert messages[0]["text"] == knowledge.answer("early_repayment", "zh")


def test_unknown_topic_asks_to_rephrase():
    messages, _ = run(ActionAnswerQuestion(), tracker("?", "ask_nothing_like_this"))
    assert messages[0]["response"] == "utter_ask_rephrase"
