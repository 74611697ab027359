"""The calculator form's validation and result actions on trackers shaped like Rasa's."""

import asyncio
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.calculator import (
    ActionCalculateLoan,
    ActionCancelCalculation,
    ActionShowSchedule,
    ValidateLoanForm,
)
from loancoach.records.store import Calculation, session_scope

FORM_SLOTS = ["loan_amount", "loan_rate", "loan_term", "loan_method", "monthly_income", "monthly_debts"]
DOMAIN = {
    "slots": {s: {"type": "any", "mappings": [{"type": "custom"}]} for s in FORM_SLOTS},
    "forms": {"loan_form": {"required_slots": FORM_SLOTS}},
}


def tracker(text, intent="inform_figures", requested=None, language="zh", **slots):
    base = {s: None for s in FORM_SLOTS}
    base.update({"loan_method": "equal_installment", "language": language, "requested_slot": requested})
    base.update(slots)
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    events = [{"event": "user", "timestamp": time.time(), "text": text, "parse_data": latest}]
    return Tracker(
        "calc-user",
        base,
        latest,
        events,
        False,
        None,
        {"name": "loan_form", "is_interrupted": False},
        "action_listen",
    )


def validate(trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateLoanForm().run(dispatcher, trk, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, dispatcher.messages


def test_several_figures_in_one_message_fill_several_slots():
    slots, messages = validate(tracker("借5万，年化18%，分24期", "calculate_loan"))
    assert slots["loan_amount"] == "50000"
    assert slots["loan_rate"] == "apr:18"
    assert slots["loan_term"] == "24"
    assert messages == []


def test_english_figures():
    slots, _ = validate(tracker("50k at 1.5% a month for 2 years", "calculate_loan", language="en"))
    assert (slots["loan_amount"], slots["loan_rate"], slots["loan_term"]) == (
        "50000",
        "monthly_rate:1.5",
        "24",
    )


def test_a_value_can_be_corrected_while_another_is_asked():
    slots, _ = validate(
        tracker(
            "改成36期", requested="monthly_income", loan_amount="50000", loan_rate="apr:18", loan_term="24"
        )
    )
    assert slots["loan_term"] == "36"


def test_method_can_be_changed():
    slots, _ = validate(
        tracker(
            "改成等额本金",
            requested="monthly_income",
            loan_amount="50000",
            loan_rate="apr:18",
            loan_term="24",
        )
    )
    assert slots["loan_method"] == "equal_principal"


@pytest.mark.parametrize(
    "text, requested, response",
    [
        ("一些钱", "loan_amount", "utter_unreadable_loan_amount"),
        ("挺高的", "loan_rate", "utter_unreadable_loan_rate"),
        ("很久", "loan_term", "utter_unreadable_loan_term"),
    ],
)
def test_words_it_cannot_read_get_a_clear_message_and_a_re_ask(text, requested, response):
    slots, messages = validate(tracker(text, requested=requested))
    assert slots[requested] is None
    assert messages[0]["response"] == response


@pytest.mark.parametrize(
    "text, requested, fragment",
    [
        ("-5000", "loan_amount", None),
        ("2000万", "loan_amount", "1000万"),
        ("年化1200%", "loan_rate", "1000"),
        ("500个月", "loan_term", "360"),
    ],
)
def test_out_of_range_values_are_refused_with_the_reason(text, requested, fragment):
    slots, messages = validate(tracker(text, requested=requested))
    assert slots[requested] is None
    assert messages and messages[0]["text"]
    if fragment:
        assert fragment in messages[0]["text"].replace("，", ",")


def test_dont_know_rate_gets_guidance():
    slots, messages = validate(
        tracker("不知道利率", "dont_know_rate", requested="loan_rate", loan_amount="50000")
    )
    assert slots["loan_rate"] is None
    assert messages[0]["response"] == "utter_rate_unknown"


def test_income_can_be_skipped_and_then_debts_are_not_asked():
    slots, _ = validate(
        tracker(
            "跳过",
            "skip",
            requested="monthly_income",
            loan_amount="50000",
            loan_rate="apr:18",
            loan_term="24",
        )
    )
    assert slots["monthly_income"] == "skipped"
    assert slots["requested_slot"] is None


def test_no_other_debts():
    slots, _ = validate(
        tracker(
            "没有",
            "deny",
            requested="monthly_debts",
            loan_amount="50000",
            loan_rate="apr:18",
            loan_term="24",
            monthly_income="8000",
        )
    )
    assert slots["monthly_debts"] == "0"


def test_cancel_is_not_taken_as_an_answer():
    slots, messages = validate(tracker("取消", "cancel", requested="loan_amount"))
    assert "loan_amount" not in slots and messages == []


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages, events


def test_result_message_and_anonymised_record(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    trk = tracker(
        "2000",
        requested=None,
        loan_amount="50000",
        loan_rate="apr:18",
        loan_term="24",
        monthly_income="8000",
        monthly_debts="2000",
    )
    messages, events = run(ActionCalculateLoan(), trk)
    text = messages[0]["text"]
    assert "2,496.21元" in text and "59,908.92元" in text and "18.00%" in text
    assert "56.20%" in text and "难以负担" in text  # (2000 + 2496.21) / 8000
    assert "来源" in text
    with session_scope(db_url) as s:
        [row] = s.query(Calculation).all()
        assert row.source == "chat" and row.verdict == "unaffordable" and row.conversation != "calc-user"
    slots = {e["name"]: e["value"] for e in events}
    assert slots["loan_amount"] is None and slots["last_calculation"]["loan_term"] == "24"


def test_result_in_english_with_a_warning_above_24_percent(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    trk = tracker(
        "skip",
        "skip",
        language="en",
        loan_amount="10000",
        loan_rate="monthly_rate:3",
        loan_term="12",
        monthly_income="skipped",
    )
    messages, _ = run(ActionCalculateLoan(), trk)
    text = messages[0]["text"]
    assert "Real APR: 36.00%" in text and "above 24%" in text
    assert "Debt-to-income" not in text


def test_schedule_after_a_calculation():
    trk = tracker(
        "看看还款计划",
        "show_schedule",
        last_calculation={
            "loan_amount": "10000",
            "loan_rate": "apr:18",
            "loan_term": "12",
            "loan_method": "equal_installment",
        },
    )
    messages, _ = run(ActionShowSchedule(), trk)
    assert "第1期 还916.80" in messages[0]["text"]
    messages, _ = run(ActionShowSchedule(), tracker("schedule", "show_schedule", language="en"))
    assert messages[0]["response"] == "utter_no_calculation_yet"


def test_cancel_clears_the_form():
    messages, events = run(ActionCancelCalculation(), tracker("取消", "cancel", loan_amount="50000"))
    assert messages[0]["response"] == "utter_calculation_cancelled"
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events if e["event"] == "active_loop"
    ]


def test_a_correction_while_debts_are_asked_is_not_called_unreadable():
    slots, messages = validate(
        tracker(
            "改成36期",
            requested="monthly_debts",
            loan_amount="50000",
            loan_rate="apr:18",
            loan_term="24",
            monthly_income="8000",
        )
    )
    assert slots["loan_term"] == "36"
    assert messages == []


def test_a_bare_number_for_income_does_not_change_the_loan_amount():
    slots, _ = validate(
        tracker("6000", requested="monthly_income", loan_amount="50000", loan_rate="apr:18", loan_term="24")
    )
    assert slots["monthly_income"] == "6000"
    assert slots.get("loan_amount", "50000") == "50000"


# --------------------------------------------------------------------------- a payment instead of a rate


@pytest.mark.parametrize(
    "text, language, rate",
    [
        ("借了3万 分12期 每期还2900 利率高吗", "zh", "payment:2900"),
        ("借3萬 分12期 每期還2900", "zh", "payment:2900"),  # traditional characters
        ("借3万 12期 每个月还2900", "zh", "payment:2900"),  # 每个月还 is this loan's, not another debt
        ("30000 loan, 12 months, paying 2900 a month, what's the APR", "en", "payment:2900"),
        ("borrowed 30k over a year and I have to pay back 34800 in total", "en", "total:34800"),
    ],
)
def test_a_loan_told_by_its_payment_needs_no_rate(text, language, rate):
    slots, messages = validate(tracker(text, "calculate_loan", language=language))
    assert (slots["loan_amount"], slots["loan_rate"], slots["loan_term"]) == ("30000", rate, "12")
    assert slots.get("monthly_debts") is None  # the payment is not read as other debts
    assert messages == []  # nothing refused: the form goes on to the income question


def test_a_payment_answers_the_rate_question():
    slots, _ = validate(tracker("每个月还2900", requested="loan_rate", loan_amount="30000", loan_term="12"))
    assert slots["loan_rate"] == "payment:2900"


def test_at_the_debts_question_a_monthly_repayment_is_a_debt():
    slots, _ = validate(
        tracker(
            "每个月还2000",
            requested="monthly_debts",
            loan_amount="30000",
            loan_rate="apr:18",
            loan_term="12",
            monthly_income="8000",
        )
    )
    assert slots["monthly_debts"] == "2000" and slots.get("loan_rate", "apr:18") == "apr:18"


@pytest.mark.parametrize(
    "text, language, fragment",
    [
        ("借1万 12期 每期还800", "zh", "合计9,600元，比借款10,000元还少"),
        ("10000 loan, 10 months, paying 1000 a month", "en", "real APR is 0%"),
    ],
)
def test_a_payment_that_does_not_fit_the_loan_is_explained_and_the_rate_asked_again(text, language, fragment):
    slots, messages = validate(tracker(text, "calculate_loan", language=language))
    assert fragment in messages[0]["text"]
    assert slots["loan_rate"] is None and slots["requested_slot"] == "loan_rate"


def test_result_from_a_payment_shows_the_real_apr(monkeypatch, db_url):
    monkeypatch.setenv("DATABASE_URL", db_url)
    trk = tracker(
        "跳过",
        "skip",
        loan_amount="30000",
        loan_rate="payment:2900",
        loan_term="12",
        monthly_income="skipped",
    )
    messages, events = run(ActionCalculateLoan(), trk)
    text = messages[0]["text"]
    assert text.startswith("借款30,000元，12期，等额本息，每期还2,900元：")
    assert "月供：2,900元" in text and "利息和费用共4,800元" in text
    assert "真实年化利率：28.33%" in text and "超过24%" in text
    last = {e["name"]: e["value"] for e in events}["last_calculation"]
    messages, _ = run(ActionShowSchedule(), tracker("看看", "show_schedule", last_calculation=last))
    assert "第1期 还2,900.00：本金2,191.79 + 利息708.21" in messages[0]["text"]


@pytest.mark.parametrize("text", ["2900", "2900元", "两千九"])
def test_a_bare_amount_at_the_rate_question_is_the_payment_not_a_rate(text):
    slots, _ = validate(tracker(text, requested="loan_rate", loan_amount="30000", loan_term="12"))
    assert slots["loan_rate"] == "payment:2900"


@pytest.mark.parametrize("text, rate", [("18", "apr:18"), ("36", "apr:36"), ("100", "apr:100")])
def test_a_bare_number_up_to_100_at_the_rate_question_is_still_an_apr(text, rate):
    slots, _ = validate(tracker(text, requested="loan_rate", loan_amount="30000", loan_term="12"))
    assert slots["loan_rate"] == rate


def test_the_loan_amount_said_again_at_the_rate_question_is_not_a_payment():
    slots, _ = validate(tracker("5万", requested="loan_rate", loan_amount="50000"))
    assert slots.get("loan_rate") is None
