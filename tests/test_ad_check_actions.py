"""The debunker in the conversation, and the one-line warning in other flows."""

import asyncio
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ad_check import ActionCheckAd
from actions.knowledge import ActionAnswerQuestion
from loancoach.records.store import AdCheck, session_scope


def tracker(text, intent="check_ad", language="zh", ranking=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": []}
    if ranking is not None:
        latest["intent_ranking"] = [{"name": name, "confidence": c} for name, c in ranking]
    events = [{"event": "user", "timestamp": time.time(), "text": text, "parse_data": latest}]
    return Tracker("ad-user", {"language": language}, latest, events, False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages


def test_a_pasted_ad_gets_the_verdict_flags_and_advice_and_is_stored_without_text(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    [msg] = run(ActionCheckAd(), tracker("这个广告靠谱吗：黑户秒下，不看征信，先交500保证金"))
    text = msg["text"]
    assert text.startswith("误导") and "先交500保证金" in text and "96110" in text
    with session_scope(db_url) as s:
        [row] = s.query(AdCheck).all()
        assert row.verdict == "misleading" and "fee_before_disbursement" in row.categories
        assert "保证金" not in (row.categories + row.verdict)


def test_a_story_in_english(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    [msg] = run(
        ActionCheckAd(), tracker("they want a fee to unfreeze my loan before they pay out", language="en")
    )
    assert "fee" in msg["text"].lower() and not any("\u4e00" <= ch <= "\u9fff" for ch in msg["text"][:40])


def test_a_legitimate_disclosure_is_not_called_misleading(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    [msg] = run(ActionCheckAd(), tracker("年化利率7.2%起，放款前不收取任何费用，审批结果以审核为准"))
    assert not msg["text"].startswith("误导")


@pytest.mark.parametrize(
    "text, language", [("这是诈骗吗", "zh"), ("is this a scam?", "en"), ("/check_ad", "zh")]
)
def test_nothing_to_check_asks_for_the_text(text, language):
    [msg] = run(ActionCheckAd(), tracker(text, language=language))
    assert msg["response"] == "utter_ask_ad_text"


# A borrower's own question about fees; the tests give it a ranking such as Rasa gives when it reads a
# question like it as a pasted ad (on the NLU dev sets, 4 of the 8 non-ads read as check_ad had a topic
# this close).
FEE_QUESTION = "上个月借了3万，到账后平台另外扣了1500块服务费，合同写的年化8.8%，这个数包括那笔服务费吗？"
FEE_QUESTION_EN = (
    "I borrowed 30,000 and after the money arrived they took another 1,500 as a service fee. "
    "The contract says 8.8% a year. Does that 8.8% include the fee?"
)


@pytest.mark.parametrize("text, language", [(FEE_QUESTION, "zh"), (FEE_QUESTION_EN, "en")])
def test_a_question_read_as_an_ad_offers_its_topic_after_a_clean_check(monkeypatch, db_url, text, language):
    monkeypatch.setenv("DATABASE_URL", db_url)
    ranking = [("check_ad", 0.41), ("ask_apr_with_fees", 0.30), ("ask_upfront_interest", 0.08)]
    [msg] = run(ActionCheckAd(), tracker(text, language=language, ranking=ranking))
    assert msg["buttons"][0]["payload"] == "/ask_apr_with_fees"
    title = msg["buttons"][0]["title"]
    assert title and title in msg["text"]  # the reply names the topic it offers, in the user's language
    assert any(b["payload"].startswith("/feedback") for b in msg["buttons"][1:])


def test_no_topic_is_offered_when_the_ad_was_clearly_an_ad_or_had_red_flags(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    sure = [("check_ad", 0.90), ("ask_apr_with_fees", 0.05), ("ask_zero_interest", 0.02)]
    [msg] = run(ActionCheckAd(), tracker(FEE_QUESTION, ranking=sure))
    assert not any(b["payload"].startswith("/ask_") for b in msg["buttons"])
    close = [("check_ad", 0.41), ("ask_credit_repair_scam", 0.35)]
    [msg] = run(
        ActionCheckAd(), tracker("征信修复，逾期记录三天删除，先付定金2000元，加V详谈", ranking=close)
    )
    assert msg["text"].startswith("误导") and not any(
        b["payload"].startswith("/ask_") for b in msg["buttons"]
    )


def test_a_red_flag_in_another_question_gets_a_one_line_warning():
    messages = run(
        ActionAnswerQuestion(), tracker("他们说先交保证金才能放款，这个年化怎么算", "ask_apr_with_fees")
    )
    assert len(messages) == 2
    assert messages[1]["text"].startswith("⚠") and "保证金" in messages[1]["text"]


def test_no_warning_without_a_red_flag():
    messages = run(ActionAnswerQuestion(), tracker("年化和日息怎么换算", "ask_apr_vs_daily_rate"))
    assert len(messages) == 1


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("商家说分期免息，手机4800分12期，每期还430，是真的免息吗", "zh", "真实年化（IRR×12）约为13.57%"),
        (
            'the shop says "0% interest": 4,800 over 12 months, 430 a month. true?',
            "en",
            "real APR (IRR × 12) is 13.57%",
        ),
    ],
)
def test_a_zero_interest_claim_with_payments_gets_the_real_apr_after_the_check(
    monkeypatch, db_url, text, language, expected
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    [msg] = run(ActionCheckAd(), tracker(text, language=language))
    first, *rest = msg["text"].split("\n")
    assert expected not in first and any(expected in line for line in rest)  # the verdict comes first
