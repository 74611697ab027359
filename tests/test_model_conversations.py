"""Whole conversations through the trained agent, with a real action server on loopback.

These need `models/loancoach.tar.gz` (make train); `make test` trains before running them.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from loancoach.records.store import list_handoffs

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
HAN = re.compile(r"[\u4e00-\u9fff]")


class Chat:
    def __init__(self, agent, loop):
        self.agent, self.loop, self.sender = agent, loop, f"test-{uuid.uuid4().hex[:8]}"

    def say(self, text):
        replies = self.loop.run_until_complete(self.agent.handle_text(text, sender_id=self.sender))
        assert replies, f"no reply to {text!r}"
        return replies

    def text(self, text):
        return "\n".join(r.get("text") or "" for r in self.say(text))


@pytest.fixture()
def chat(agent, loop):
    return Chat(agent, loop)


def is_chinese(text):
    return len(HAN.findall(text)) > 5


# --- languages ------------------------------------------------------------------------------


def test_chinese_greeting_gets_a_chinese_answer_with_the_advice_note_and_buttons(chat):
    [reply] = chat.say("你好")
    assert is_chinese(reply["text"]) and "不构成" in reply["text"]
    assert [b["title"] for b in reply["buttons"]][:2] == ["贷款条款与利率", "逾期的后果"]


def test_english_greeting_gets_an_english_answer(chat):
    [reply] = chat.say("hello")
    assert not HAN.search(reply["text"])
    assert "not individual financial or legal advice" in reply["text"]
    assert len(reply["buttons"]) == 5


def test_switching_language_mid_conversation(chat):
    assert is_chinese(chat.text("你好"))
    assert not HAN.search(chat.text("what can you do?"))
    assert is_chinese(chat.text("谢谢"))


def test_a_message_without_language_keeps_the_current_one(chat):
    chat.text("hello")
    assert not HAN.search(chat.text("👍"))


# --- core intents, both languages --------------------------------------------------------------

CASES = [
    ("谢谢你", "不客气", "thank you", "welcome"),
    ("再见", "再见", "bye", "Goodbye"),
    ("你能做什么", "我能帮您", "what can you do", "what I can do"),
    ("你是机器人吗", "智能助手，不是真人", "are you a bot", "automated assistant, not a person"),
    ("推荐一只股票", "帮不上忙", "which stock should I buy", "outside what I can help with"),
]


@pytest.mark.parametrize("zh, zh_expect, en, en_expect", CASES)
def test_core_intents_in_both_languages(agent, loop, zh, zh_expect, en, en_expect):
    assert zh_expect in Chat(agent, loop).text(zh)
    assert en_expect in Chat(agent, loop).text(en)


def test_capabilities_are_offered_as_buttons(chat):
    [reply] = chat.say("what can you do")
    payloads = [b["payload"] for b in reply["buttons"]]
    assert payloads[0] == '/explore_area{"area":"loan_terms"}'
    [area] = chat.say(payloads[1])
    assert "late" in area["text"]


def test_handoff_is_recorded_and_the_user_told_what_happens(chat, model_db_url):
    chat.text("我手机是13812345678，网贷还不上了")
    reply = chat.text("转人工")
    ref = re.search(r"H\d{6}", reply).group(0)
    assert "人工顾问" in reply
    [row] = [r for r in list_handoffs(url=model_db_url) if f"H{r.id:06d}" == ref]
    assert row.language == "zh"
    assert "13812345678" not in row.context and "[手机号/PHONE]" in row.context


def test_handoff_in_english(chat, model_db_url):
    reply = chat.text("I want to talk to a human")
    assert re.search(r"reference H\d{6}", reply) and "counselor" in reply


def test_two_stage_fallback(chat):
    chat.text("hello")
    first = chat.text("asdkjh qwezx")
    assert "say it another way" in first
    second = chat.say("zxqv plmokn")
    assert "still can't understand" in second[0]["text"]
    assert [b["payload"] for b in second[0]["buttons"]][0] == "/human_handoff"


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expect",
    [
        ("", "没有收到文字"),
        ("   ", "没有收到文字"),
        ("😀😀😀", "只能读懂文字"),
        ("逾期" * 5000 + "怎么办", "消息太长"),
        ("\x00\x01\x1b[31m你好\x07", "贷款明白人"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_the_chat_goes_on(chat, text, expect):
    assert expect in chat.text(text)
    assert "不客气" in chat.text("谢谢")


def test_bad_input_in_english(chat):
    chat.text("hi")
    assert "only read words" in chat.text("🤔🤔")
    assert "too long" in chat.text("help me " * 2000)
    assert "welcome" in chat.text("thanks")


# --- knowledge, calculator, ad check ---------------------------------------------------------


def test_overdue_follow_up_and_switch_to_english(chat):
    first = chat.text("逾期会上征信吗")
    assert "征信" in first and "来源" in first
    retention = chat.text("那这个记录要留几年？")
    assert "5年" in retention and "《征信业管理条例》" in retention
    english = chat.text("and in English?")
    assert "5 years" in english and "Source:" in english


def test_rate_question_with_figures_is_computed(chat):
    reply = chat.text("日息0.03%年化多少")
    assert "10.95%" in reply


def test_english_knowledge_answer_has_a_source(chat):
    reply = chat.text("is it legal for collectors to call my colleagues?")
    assert "Source:" in reply and not HAN.search(reply.split("Source:")[0][:200])


def test_a_button_from_before_an_intent_merge_still_gets_the_merged_answer(chat):
    # /ask_collection_third_parties was shown under answers before it was merged (names.MERGED_INTENTS)
    reply = chat.text('/ask_collection_third_parties{"language":"en"}')
    assert "collectors should contact only the debtor" in reply and "Source:" in reply


def test_calculator_asks_only_for_what_is_missing_and_answers_in_one_message(chat, model_db_url):
    ask = chat.text("借5万，年化18%，分24期，每月还多少")
    assert "收入" in ask  # amount, rate and term were all in the first message
    assert "信用卡" in chat.text("8000")
    [result] = chat.say("没有")
    text = result["text"]
    assert "2,496.21元" in text and "31.20%" in text and "可负担" in text
    assert [b["payload"] for b in result["buttons"]][0] == "/show_schedule"
    assert "第1期" in chat.text("看看还款计划")


def test_calculator_in_english_with_a_correction_and_cancel(agent, loop):
    chat = Chat(agent, loop)
    assert "How much" in chat.text("can you work out a loan for me")
    assert "rate" in chat.text("30k")
    assert "how long" in chat.text("2% a month").lower()
    assert "income" in chat.text("actually 18 months").lower() or "income" in chat.text("18 months").lower()
    assert "cancelled" in chat.text("cancel")


def test_ad_check_in_both_languages(agent, loop):
    zh = Chat(agent, loop).text("这个广告靠谱吗：不看征信，当天下款，先交保证金")
    assert zh.startswith("误导") and "96110" in zh
    en = Chat(agent, loop).text(
        "is this legit: guaranteed approval, no credit check, pay a processing fee first"
    )
    assert "misleading" in en.lower() and "96110" in en


def test_feedback_buttons_under_an_answer_are_recorded(chat, model_db_url):
    from loancoach.records.store import Feedback, session_scope

    [answer] = chat.say("怎么免费查征信报告")
    payloads = [b["payload"] for b in answer["buttons"]]
    assert "/feedback_not_helpful" in payloads
    assert "顾问" in chat.text("/feedback_not_helpful")
    with session_scope(model_db_url) as s:
        assert ("get_credit_report", 0) in [(r.topic, r.helpful) for r in s.query(Feedback)]
