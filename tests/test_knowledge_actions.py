"""Knowledge answers through the action, as a borrower would get them."""

import asyncio
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import (
    ActionAnswerQuestion,
    ActionSwitchLanguage,
    answer_distress_first,
    answer_follow_up,
    is_follow_up,
)
from loancoach import knowledge
from loancoach.text import distress


def tracker(text, intent, language="zh", confidence=0.95, last_topic=None, legacy=False, **slots):
    """A tracker whose latest message is ``text``; ``last_topic``: an earlier answer on that topic (its
    bot message carries the topic, or, with ``legacy``, an old conversation's ``last_topic`` slot event)."""
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    events = []
    if last_topic is not None:
        if legacy:
            events.append({"event": "slot", "name": "last_topic", "value": last_topic})
        else:
            events.append({"event": "bot", "text": "…", "metadata": {"topic": last_topic}})
    events.append({"event": "user", "timestamp": time.time(), "text": text, "parse_data": latest})
    return Tracker(
        "k-user", {"language": language, **slots}, latest, events, False, None, {}, "action_listen"
    )


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages, events


def test_answer_names_its_source_and_remembers_the_topic():
    messages, events = run(ActionAnswerQuestion(), tracker("逾期的记录要保留几年", "ask_record_retention"))
    text = messages[0]["text"]
    assert "5年" in text and "来源：《征信业管理条例》" in text
    # the answer carries its topic (what feedback and follow-ups refer to); no slot event is stored
    assert messages[0]["topic"] == "record_retention" and events == []


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
        ("利息是日息万三年化算下来呢", "ask_apr_vs_daily_rate", "zh", "年化10.95%"),
        # the amount, the term and the payment, no rate: the real APR by IRR
        ("借1万分12期每期还1000 年化多少", "ask_apr_with_fees", "zh", "真实年化（IRR×12）约为35.07%"),
        ("貸款1萬 12期 每期還1000 實際年化", "ask_apr_with_fees", "zh", "比借的多还2,000元"),
        ("10k loan, 12 monthly payments of 1000, what APR is that", "ask_apr_with_fees", "en", "is 35.07%"),
        ("借1万 12期 每期还800", "ask_fee_rate_installment", "zh", "比借款10,000元还少"),
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
    trk = tracker("and in English?", "switch_language", "en", last_topic="record_retention")
    messages, events = run(ActionSwitchLanguage(), trk)
    assert messages[0]["text"] == knowledge.answer("record_retention", "en")
    assert slot_after(trk, events, "language") == "en" and events == []  # already English: no event


@pytest.mark.parametrize("legacy", [False, True])
def test_a_conversation_stored_before_a_merge_continues_with_the_merged_topic(legacy):
    """An answer on collection_third_parties, before it joined collection_exposure: "in English?" still works."""
    trk = tracker(
        "in English?", "switch_language", "en", last_topic="collection_third_parties", legacy=legacy
    )
    messages, _ = run(ActionSwitchLanguage(), trk)
    assert messages[0]["text"] == knowledge.answer("collection_exposure", "en")


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


# --------------------------------------------------------------------------- second edition (issue 15)


def slot_after(trk, events, name):
    """The slot's value once the action's events are applied (a slot already right is not set again)."""
    values = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else trk.get_slot(name)


def topics_of(messages):
    """The topics the bot messages are marked as answering (what feedback and follow-ups refer to)."""
    return [m["topic"] for m in messages if m.get("topic")]


@pytest.mark.parametrize(
    "topic, text, language",
    [
        ("app_data_permissions", "借款App要通讯录合法吗", "zh"),
        ("collection_exposure", "the collector posted my debt in a group chat", "en"),
        ("lawyer_letter", "收到律师函怎么办", "zh"),
        ("legal_aid", "sued and can't afford a lawyer", "en"),
        ("jail", "还不上会坐牢吗", "zh"),
        ("extension", "can I get an extension", "en"),
    ],
)
def test_new_topics_are_answered_with_source_and_buttons(topic, text, language):
    messages, events = run(ActionAnswerQuestion(), tracker(text, f"ask_{topic}", language))
    assert messages[0]["text"] == knowledge.answer(topic, language)
    assert [b for b in messages[0]["buttons"] if b["payload"].startswith("/ask_")]
    assert topics_of(messages) == [topic] and events == []


def test_named_product_names_the_provider_only_for_known_products():
    messages, _ = run(ActionAnswerQuestion(), tracker("花唄逾期會上徵信嗎", "ask_named_product"))
    first, rest = messages[0]["text"].split("\n", 1)
    assert "重庆蚂蚁消费金融有限公司" in first and rest == knowledge.answer("named_product", "zh")
    messages, _ = run(
        ActionAnswerQuestion(), tracker("does weilidai report to 征信", "ask_named_product", "en")
    )
    assert messages[0]["text"].startswith("Weilidai (微粒贷) is provided by WeBank")
    # an unknown product: the generic answer, no provider named
    messages, _ = run(ActionAnswerQuestion(), tracker("安逸花会上征信吗", "ask_named_product"))
    assert messages[0]["text"] == knowledge.answer("named_product", "zh")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_express_distress_gets_the_calm_answer_and_concrete_help(language):
    text = "我真的撑不下去了" if language == "zh" else "I can't go on like this"
    messages, events = run(ActionAnswerQuestion(), tracker(text, "express_distress", language))
    assert len(messages) == 1 and messages[0]["text"] == distress.reply(language)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/human_handoff", "/ask_negotiate_repayment"]
    assert topics_of(messages) == ["distress"]


def test_express_distress_without_a_known_phrase_still_gets_the_answer():
    messages, _ = run(ActionAnswerQuestion(), tracker("唉", "express_distress"))
    assert messages[0]["text"] == distress.reply("zh")


def test_distress_inside_a_question_comes_first_then_the_answer():
    text = "欠了八个平台，活不下去了，逾期会上征信吗"
    messages, _ = run(ActionAnswerQuestion(), tracker(text, "ask_overdue_credit_report"))
    assert messages[0]["text"] == distress.reply("zh")
    assert messages[1]["text"] == knowledge.answer("overdue_credit_report", "zh")


def test_the_one_line_helper_sends_nothing_without_distress():
    dispatcher = CollectingDispatcher()
    assert answer_distress_first(dispatcher, tracker("提前还款要违约金吗", "ask_early_repayment")) is False
    assert dispatcher.messages == []
    assert answer_distress_first(dispatcher, tracker("I feel hopeless", "nlu_fallback", "en")) is True
    assert dispatcher.messages[0]["text"] == distress.reply("en")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("那如果超过了呢", True),
        ("有例外吗", True),
        ("what if I'm only 2 days late", True),
        ("and for credit cards?", True),
        ("逾期会上征信吗", False),  # a question of its own, not a follow-up
        ("what is the legal limit on interest rates for private loans in china", False),
        ("", False),
        ("/ask_jail", False),
    ],
)
def test_follow_up_recognition(text, expected):
    assert is_follow_up(text) is expected


def test_a_short_follow_up_with_low_confidence_stays_on_the_last_topic():
    trk = tracker("那如果超过了呢", "ask_late_consequences", confidence=0.31, last_topic="legal_rate_limit")
    messages, events = run(ActionAnswerQuestion(), trk)
    text = messages[0]["text"]
    assert text.startswith("接着刚才的话题（利率的法律上限）")
    assert text.endswith(knowledge.answer("legal_rate_limit", "zh"))
    assert topics_of(messages) == ["legal_rate_limit"] and events == []


def test_a_follow_up_goes_to_the_related_topic_its_keywords_match():
    # after late fees, "only 2 days late" is about the grace period and reporting
    trk = tracker(
        "what if I'm only 2 days late", "nlu_fallback", "en", confidence=0.9, last_topic="late_consequences"
    )
    dispatcher = CollectingDispatcher()
    events = answer_follow_up(dispatcher, trk)
    assert events == [] and topics_of(dispatcher.messages) == ["overdue_credit_report"]
    assert "grace period" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["text"].startswith('Following on from "Will it reach my credit report"')


def test_exception_question_after_early_repayment():
    trk = tracker("有例外吗", "ask_credit_dispute", confidence=0.22, last_topic="early_repayment")
    messages, events = run(ActionAnswerQuestion(), trk)
    assert "合同另有约定的除外" in messages[0]["text"]
    assert topics_of(messages) == ["early_repayment"]


def test_a_confident_new_question_is_not_bent_to_the_last_topic():
    trk = tracker(
        "那提前还款要付违约金吗", "ask_early_repayment", confidence=0.92, last_topic="legal_rate_limit"
    )
    messages, events = run(ActionAnswerQuestion(), trk)
    assert messages[0]["text"] == knowledge.answer("early_repayment", "zh")
    assert topics_of(messages) == ["early_repayment"]


def test_no_follow_up_without_a_previous_topic():
    for last in (None, "calculator", "ad_check"):
        trk = tracker("那如果超过了呢", "nlu_fallback", confidence=0.9, last_topic=last)
        dispatcher = CollectingDispatcher()
        assert answer_follow_up(dispatcher, trk) is None and dispatcher.messages == []


def test_a_conversation_stored_before_topics_moved_to_messages_still_follows_up():
    # older conversations kept the topic in a `last_topic` slot event; it is still read
    trk = tracker(
        "那如果超过了呢", "nlu_fallback", confidence=0.9, last_topic="legal_rate_limit", legacy=True
    )
    dispatcher = CollectingDispatcher()
    assert answer_follow_up(dispatcher, trk) == []
    assert dispatcher.messages[0]["text"].endswith(knowledge.answer("legal_rate_limit", "zh"))


def test_a_restart_forgets_the_last_topic():
    trk = tracker("那如果超过了呢", "nlu_fallback", confidence=0.9, last_topic="legal_rate_limit")
    trk.events.insert(1, {"event": "restart"})
    dispatcher = CollectingDispatcher()
    assert answer_follow_up(dispatcher, trk) is None and dispatcher.messages == []
