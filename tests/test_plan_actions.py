"""The repayment-plan form's actions on trackers shaped like Rasa's: loans from free text, corrections,
add / remove, the budget, the plan message, the schedule, cancel, and the stored record."""

import asyncio
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.plan import (
    ActionAskPlanBudget,
    ActionAskPlanLoan,
    ActionCancelPlan,
    ActionMakePlan,
    ActionShowPlanSchedule,
    ValidatePlanForm,
)
from loancoach.calculator.plan_text import read, which_loan
from loancoach.records.store import DebtPlan, session_scope

pytestmark = pytest.mark.filterwarnings("ignore:Dialect sqlite\\+pysqlite does \\*not\\* support Decimal")

SLOTS = (
    "plan_loans",
    "plan_pending",
    "plan_loan",
    "plan_budget",
    "plan_queue",
    "last_plan",
    "requested_slot",
)


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


class Chat:
    """Carries the slots from turn to turn the way Rasa would, and collects what the bot says."""

    def __init__(self, language="zh"):
        self.slots = {name: None for name in SLOTS}
        self.slots["language"] = language
        self.said = []

    def tracker(self, text, intent):
        latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
        events = [{"event": "user", "timestamp": time.time(), "text": text, "parse_data": latest}]
        loop = {"name": "plan_form", "is_interrupted": False}
        return Tracker("plan-user", dict(self.slots), latest, events, False, None, loop, "action_listen")

    def run(self, action, text="", intent="inform_figures"):
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, self.tracker(text, intent), {}))
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        self.said = [m.get("text") or m.get("response") for m in dispatcher.messages]
        self.buttons = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
        return events

    def send(self, text, intent="inform_figures"):
        """The user's message, then what the form does next: ask the next question or finish."""
        events = self.run(ValidatePlanForm(), text, intent)
        replies = list(self.said)
        if self.slots["plan_loan"] is None:
            self.slots["requested_slot"] = "plan_loan"
            self.run(ActionAskPlanLoan(), text, intent)
        elif self.slots["plan_budget"] is None:
            self.slots["requested_slot"] = "plan_budget"
            self.run(ActionAskPlanBudget(), text, intent)
        else:
            self.slots["requested_slot"] = None
            self.run(ActionMakePlan(), text, intent)
        self.said = replies + self.said
        return events

    @property
    def loans(self):
        return self.slots["plan_loans"] or []


def test_reading_a_loan_from_free_text():
    reading = read("借呗还欠2万，年化18%，每月最低还1500")
    assert (reading.balance, reading.rate.percent, reading.minimum) == (20000, 18, 1500)
    assert reading.label == "借呗" and reading.overdue is None
    reading = read("credit card 8,000 owed, 24% interest, min payment 400, overdue")
    assert (reading.balance, reading.minimum, reading.overdue, reading.label) == (
        8000,
        400,
        True,
        "Credit Card",
    )
    assert read("还欠两万，年化15%，每月最低1000，没有逾期").overdue is False
    assert (
        read("please calculate: 5000 owed at 20%, minimum 500").overdue is None
    )  # "calculate" is not "late"
    assert which_loan("删掉第二笔", 3) == 2 and which_loan("remove the last one", 3) == 3
    assert which_loan("delete loan 1", 3) == 1 and which_loan("再加一笔", 3) is None


def test_three_loans_a_correction_and_the_plan_in_chinese(database):
    chat = Chat("zh")
    chat.send("我有好几笔网贷还不过来", "plan_repayment")
    assert chat.said == ["utter_ask_plan_first_loan"]
    chat.send("借呗还欠2万，年化18%，每月最低还1500")
    assert chat.said[0] == "记下了。第1笔（借呗）：欠20,000.00元，年化18%，每月最低1,500.00元。"
    assert "/deny" in chat.buttons  # "没有了" as a button
    chat.send("花呗欠3000，月息1.5%，最低还300，已经逾期")
    chat.send("信用卡还欠5万，年化12%，每月最低还2500")
    assert len(chat.loans) == 3 and chat.loans[1]["overdue"] is True
    chat.send("第二笔最低还款改成500")
    assert chat.loans[1]["min"] == "500" and chat.said[0].startswith("已改好。第2笔（花呗）")
    chat.send("没有了", "deny")
    assert chat.slots["plan_loan"] == "done"
    assert "合计4,500.00元" in chat.said[0]
    chat.send("每月能还5000")
    (plan_text,) = chat.said
    assert plan_text.startswith("先还第2笔（花呗），因为它已经逾期")
    assert "个月全部还清" in plan_text and "以贷养贷" in plan_text and "联系第2笔（花呗）的机构" in plan_text
    assert "/show_schedule" in chat.buttons
    assert chat.slots["plan_loans"] is None and chat.slots["last_plan"]["budget"] == "5000"
    chat.run(ActionShowPlanSchedule(), "看每月怎么还", "show_schedule")
    assert chat.said[0].startswith("第1月：第1笔1,500.00，第2笔1,000.00，第3笔2,500.00")
    with session_scope(database) as session:
        (row,) = session.query(DebtPlan).all()
        assert (row.source, row.loans, row.overdue_loans, row.language) == ("chat", 3, 1, "zh")
        assert row.conversation and row.conversation != "plan-user"


def test_english_with_a_missing_piece_add_and_remove(database):
    chat = Chat("en")
    chat.send("I have several loans and can't keep up", "plan_repayment")
    chat.send("Jiebei, 20000 owed, 18% a year")
    assert chat.loans == [] and "Still needed: the minimum monthly payment" in chat.said[-1]
    chat.send("1500")
    assert chat.loans[0]["min"] == "1500"
    chat.send("credit card 8,000 owed, 24% interest, min payment 400, overdue")
    chat.send("Huabei 3000 left at 2% a month, minimum 300")
    chat.send("remove the second", "remove_plan_loan")
    assert [loan["label"] for loan in chat.loans] == ["Jiebei", "Huabei"]
    chat.send("actually the minimum is 400")
    assert chat.loans[1]["min"] == "400"
    chat.send("/deny", "deny")
    chat.send("I can pay 2500 a month")
    text = chat.said[0]
    assert text.startswith("Pay loan 2 (Huabei) first because it has the highest rate (24.00% a year)")
    assert "debt-free in" in text and "less interest than paying only the minimums" in text
    assert "new loan to repay an old one" in text
    # "add another" after the plan reopens it with the same loans
    chat.send("add another loan", "add_plan_loan")
    assert len(chat.loans) == 2 and chat.slots["plan_loan"] is None


def test_budget_below_the_minimums_says_by_how_much():
    chat = Chat("zh")
    chat.send("借呗还欠2万，年化18%，每月最低还1500", "plan_repayment")
    chat.send("就这些", "deny")
    chat.send("每月能还1000")
    assert "每月差500.00元" in chat.said[0] and "协商" in chat.said[0]
    assert "/show_schedule" not in chat.buttons


def test_unreadable_and_that_s_all_too_early():
    chat = Chat("zh")
    chat.send("没有了", "deny")
    assert chat.said[0] == "至少要有一笔借款才能做计划。"
    events = chat.send("嗯嗯嗯", "nlu_fallback")
    assert events  # the form is not rejected: it asks again
    assert chat.said[0].startswith("没看懂")


def test_bad_figure_is_refused_in_the_users_language():
    chat = Chat("en")
    chat.send("credit card 8,000 owed, 2000% a year, minimum 400")
    assert any("1000%" in message for message in chat.said)
    assert chat.loans == [] and "rate" not in (chat.slots["plan_pending"] or {})


def test_interruptions_are_left_to_the_rules():
    chat = Chat("zh")
    assert chat.run(ValidatePlanForm(), "算了不算了", "cancel") == []
    assert chat.run(ValidatePlanForm(), "/ask_negotiate_repayment", "ask_negotiate_repayment") == []


def test_cancel_clears_the_loans():
    chat = Chat("zh")
    chat.send("借呗还欠2万，年化18%，每月最低还1500")
    events = chat.run(ActionCancelPlan(), "取消", "cancel")
    assert chat.said == ["utter_plan_cancelled"]
    assert chat.loans == [] and any(e.get("event") == "active_loop" for e in events)


def test_schedule_before_any_plan():
    chat = Chat("en")
    chat.run(ActionShowPlanSchedule(), "show the schedule", "show_schedule")
    assert chat.said == ["utter_no_plan_yet"]


# --------------------------------------------------------------------------- several loans in one message


def test_three_loans_and_the_budget_in_one_message():
    chat = Chat()
    chat.send(
        "我有三笔网贷：借呗欠2万 年化18% 每月最低1500，花呗欠5千 日息万五 最低300，"
        "还有个微粒贷1万 月息1.5% 最低1000。工资6000，每月能拿出3000还",
        "plan_repayment",
    )
    assert [loan["label"] for loan in chat.loans] == ["借呗", "花呗", "微粒贷"]
    assert [loan["balance"] for loan in chat.loans] == ["20000", "5000", "10000"]
    assert [loan["rate"] for loan in chat.loans] == ["apr:18", "daily_rate:0.05", "monthly_rate:1.5"]
    assert chat.slots["plan_budget"] == "3000"  # the income (6000) is not the budget
    assert chat.said[0].startswith("记下了：\n第1笔（借呗）：欠20,000.00元，年化18%")
    chat.send("没有了", "deny")
    assert "先还" in chat.said[0] or "first" in chat.said[0].lower()


def test_loans_missing_figures_are_asked_for_one_after_another():
    chat = Chat("en")
    chat.send("jiebei 20000 owed; huabei 5000 owed; credit card 8000 owed. help!", "plan_repayment")
    assert chat.loans == [] and chat.slots["plan_pending"]["label"] == "Jiebei"
    assert [loan["label"] for loan in chat.slots["plan_queue"]] == ["Huabei", "Credit Card"]
    assert "Still needed" in chat.said[-1]
    chat.send("18% a year, minimum 1500")
    assert chat.loans[0]["label"] == "Jiebei" and chat.slots["plan_pending"]["label"] == "Huabei"
    assert "Loan 2 (Huabei)" in chat.said[-1] and "Still needed" in chat.said[-1]
    chat.send("2% a month, minimum 300")
    chat.send("24% a year, min 400")
    assert [loan["label"] for loan in chat.loans] == ["Jiebei", "Huabei", "Credit Card"]
    assert chat.slots["plan_pending"] is None and chat.slots["plan_queue"] is None


def test_that_is_all_with_loans_still_waiting_says_how_many_are_left_out():
    chat = Chat()
    chat.send("借呗欠2万 年化18% 最低1500；花呗欠5千；白条欠3千", "plan_repayment")
    assert len(chat.loans) == 1 and chat.slots["plan_queue"]
    chat.send("没有了", "deny")
    assert "没写完的2笔先不算" in chat.said[0]
    assert chat.slots["plan_pending"] is None and chat.slots["plan_queue"] is None


def test_cards_named_by_their_bank_and_the_income_said_first():
    chat = Chat()
    chat.send("我月薪九千，欠了不少：招行卡4万、建行卡1万5、借呗2万，先还哪个", "plan_repayment")
    waiting = [chat.slots["plan_pending"]] + (chat.slots["plan_queue"] or [])
    assert [(loan["label"], loan["balance"]) for loan in waiting] == [
        ("招行", "40000"),
        ("建行", "15000"),
        ("借呗", "20000"),
    ]  # the 9,000 of income is no loan
