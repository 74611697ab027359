"""The calculator form at each step: buttons work like words, other requests interrupt it, a new loan
restarts it (issue: no dead ends). Whole conversations are in tests/test_conversation_crawl.py."""

import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT as ROOT_DIR
from tests.test_calculator_actions import tracker, validate

FILLED = {"loan_amount": "50000", "loan_rate": "apr:18", "loan_term": "24", "monthly_income": "8000"}


def test_the_no_button_at_other_repayments_means_none():
    # The "没有" button sends "/deny": no text, only the intent.
    slots, messages = validate(tracker("/deny", "deny", requested="monthly_debts", **FILLED))
    assert slots["monthly_debts"] == "0"
    assert messages == []


def test_the_skip_button_at_income_skips_it():
    filled = {k: v for k, v in FILLED.items() if k != "monthly_income"}
    slots, _ = validate(tracker("/skip", "skip", requested="monthly_income", **filled))
    assert slots["monthly_income"] == "skipped"


@pytest.mark.parametrize(
    "language,text", [("zh", "借5万，年化18%，分24期"), ("en", "50k at 18% APR over 24 months")]
)
def test_a_whole_new_loan_at_other_repayments_restarts_instead_of_being_read_as_debts(language, text):
    slots, messages = validate(
        tracker(text, "calculate_loan", requested="monthly_debts", language=language, **FILLED)
    )
    assert slots.get("monthly_debts") is None  # not 50,000 of monthly repayments
    assert slots["monthly_income"] is None  # asked again for the new loan
    assert slots["loan_amount"] == "50000"
    assert [m["response"] for m in messages] == ["utter_calculation_restarted"]


@pytest.mark.parametrize(
    "intent,text",
    [
        ("ask_late_consequences", "逾期5天会怎么样"),
        ("check_ad", "这个广告靠谱吗：黑户秒下，先交500保证金"),
        ("human_handoff", "转人工"),
        ("bad_input", "😀"),
        ("ask_repayment_methods", "等额本金和等额本息哪个划算"),
    ],
)
@pytest.mark.parametrize("step", ["loan_amount", "loan_rate", "loan_term", "monthly_income", "monthly_debts"])
def test_another_request_is_not_read_as_the_answer(step, intent, text):
    order = ["loan_amount", "loan_rate", "loan_term", "monthly_income", "monthly_debts"]
    filled = {k: v for k, v in FILLED.items() if order.index(k) < order.index(step)}
    slots, _ = validate(tracker(text, intent, requested=step, **filled))
    assert slots == {} or all(slots.get(k) == v for k, v in filled.items()), slots
    assert slots.get(step) is None


def test_interruption_rules_are_up_to_date():
    done = subprocess.run(
        [sys.executable, "scripts/form_interruption_rules.py", "--check"],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "language,text",
    [
        ("zh", "8000吧，其实我已经撑不下去了，每天都想死"),
        ("en", "8000 I guess, honestly I can't go on anymore, I want to die"),
    ],
)
def test_distress_during_the_form_gets_the_human_answer_first(language, text):
    filled = {k: v for k, v in FILLED.items() if k != "monthly_income"}
    _, messages = validate(
        tracker(text, "inform_figures", requested="monthly_income", language=language, **filled)
    )
    assert messages and "12356" in (messages[0].get("text") or "")


def test_distress_is_answered_instead_of_asking_to_rephrase():
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.fallback import ActionHandleFallback

    dispatcher = CollectingDispatcher()
    trk = tracker("我真的撑不下去了，不想活了", "nlu_fallback")
    asyncio.run(ActionHandleFallback().run(dispatcher, trk, {}))
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert any("12356" in t for t in texts)
    assert all(m.get("response") != "utter_ask_rephrase" for m in dispatcher.messages)
