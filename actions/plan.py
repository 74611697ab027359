"""A repayment plan for several loans in the conversation: a form that collects the loans one at a time,
then the monthly budget, and answers with the plan (loancoach.calculator.plan).

Slots: ``plan_loans`` holds the loans entered so far (a list of dicts of normalised strings, the label
only from a fixed list of product names), ``plan_pending`` a loan still missing a figure (``plan_queue`` the
others of the same message, when one message listed several: "借呗欠2万，花呗欠5千，微粒贷欠1万"),
``plan_loan`` is the form's question "another loan?" (``"done"`` once the user says that's all) and
``plan_budget`` the monthly budget. Each message is read once (loancoach.calculator.plan_text, on the
figures of loancoach.calculator.figures with their positions), and the reading decides everything: a new loan or the missing piece of one, a
correction ("第二笔最低还款改成800", "actually the rate is 24%"), "再加一笔" / "add another",
"删掉第二笔" / "remove the second", the budget, or "没有了" / "that's all" (also the /deny button).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.calculator import decode_rate, encode_rate, is_interruption
from actions.common import about, only_changes, safe_run, user_language, warn_if_red_flags
from loancoach import names
from loancoach.calculator import figures
from loancoach.calculator import plan as engine
from loancoach.calculator.finance import InputError, money
from loancoach.calculator.plan_text import (
    ADD_WORDS,
    BUDGET_WORDS,
    CORRECT_WORDS,
    DONE_WORDS,
    REMOVE_WORDS,
    SAYS_MINIMUM,
    Reading,
    read,
    split_loans,
    which_loan,
)
from loancoach.records.store import record_plan
from loancoach.text.language import pick

FORM = names.PLAN_FORM
QUEUE = names.PLAN_QUEUE_SLOT
LOANS, PENDING, LOAN, BUDGET, LAST = (
    names.PLAN_LOANS_SLOT,
    names.PLAN_PENDING_SLOT,
    names.PLAN_LOAN_SLOT,
    names.PLAN_BUDGET_SLOT,
    names.LAST_PLAN_SLOT,
)
DONE = "done"
FIELDS = ("balance", "rate", "min")

# --------------------------------------------------------------------------- loans as slot values


def loan_fields(
    reading: Reading, loan: Dict[str, Any], fill_missing: bool = True, loose_minimum: bool = True
) -> Dict[str, Any]:
    """``loan`` updated with what the reading gives; loose money fills the missing balance, then minimum
    (not with ``loose_minimum=False``: in a list of loans a second bare amount is too often something else)."""
    loan = dict(loan)
    if reading.balance is not None:
        loan["balance"] = str(reading.balance)
    if reading.rate is not None:
        loan["rate"] = encode_rate(reading.rate)
    if reading.minimum is not None:
        loan["min"] = str(reading.minimum)
    loose = list(reading.loose)
    for key in ("balance", "min") if loose_minimum else ("balance",):
        if loose and (fill_missing and not loan.get(key)):
            loan[key] = str(loose.pop(0))
    if reading.overdue is not None:
        loan["overdue"] = reading.overdue
    if reading.label and not loan.get("label"):
        loan["label"] = reading.label
    return loan


def missing(loan: Dict[str, Any]) -> List[str]:
    return [key for key in FIELDS if not loan.get(key)]


def debt_of(loan: Dict[str, Any], number: int = 1, partial: bool = False) -> engine.Debt:
    """The engine's Debt for a loan slot value; a partial loan gets harmless stand-ins to validate."""
    kind, rate = decode_rate(loan["rate"]) if loan.get("rate") else ("apr", Decimal(0))
    debt = engine.Debt(
        balance=Decimal(loan.get("balance") or (1 if partial else 0)),
        rate=rate,
        minimum=Decimal(loan.get("min") or 0),
        rate_kind=kind,
        overdue=bool(loan.get("overdue")),
        label=loan.get("label") or "",
    )
    return engine.validate_debt(debt, number)


def _check(loan: Dict[str, Any], number: int, language: str) -> Tuple[Dict[str, Any], Optional[str]]:
    """The loan with an unusable figure removed, and the reason in the user's language."""
    try:
        debt_of(loan, number, partial=True)
    except InputError as err:
        key = {"minimum": "min", "rate_kind": "rate"}.get(err.field, err.field)
        return {k: v for k, v in loan.items() if k != key}, err.message(language)
    return loan, None


def describe(loan: Dict[str, Any], number: int, language: str) -> str:
    """ "第1笔（借呗）：欠20,000.00元，年化18%，每月最低1,500.00元，已逾期" or English."""
    parts = []
    if loan.get("balance"):
        parts.append(
            pick(
                language,
                f"欠{money(Decimal(loan['balance'])):,}元",
                f"{money(Decimal(loan['balance'])):,} owed",
            )
        )
    if loan.get("rate"):
        kind, rate = decode_rate(loan["rate"])
        names_ = {
            "apr": ("年化", "a year"),
            "monthly_rate": ("月利率", "a month"),
            "daily_rate": ("日利率", "a day"),
        }
        zh, en = names_.get(kind, ("", ""))
        parts.append(pick(language, f"{zh}{rate.normalize():f}%", f"{rate.normalize():f}% {en}"))
    if loan.get("min"):
        parts.append(
            pick(
                language,
                f"每月最低{money(Decimal(loan['min'])):,}元",
                f"minimum {money(Decimal(loan['min'])):,} a month",
            )
        )
    if loan.get("overdue"):
        parts.append(pick(language, "已逾期", "overdue"))
    label = loan.get("label")
    head = pick(language, f"第{number}笔", f"Loan {number}") + (
        pick(language, f"（{label}）", f" ({label})") if label else ""
    )
    return head + pick(language, "：", ": ") + pick(language, "，", ", ").join(parts)


def _missing_words(keys: List[str], language: str) -> str:
    zh = {"balance": "还欠多少", "rate": "利率（如年化18%、日息万五）", "min": "每月最低还多少"}
    en = {
        "balance": "how much is still owed",
        "rate": "the rate (e.g. 18% a year, 0.05% a day)",
        "min": "the minimum monthly payment",
    }
    return pick(language, "、", ", ").join(pick(language, zh[k], en[k]) for k in keys)


# --------------------------------------------------------------------------- one turn of the form


@dataclass
class Turn:
    """The state of the form around one message, and what the message changed."""

    loans: List[Dict[str, Any]]
    pending: Optional[Dict[str, Any]]
    loan_slot: Optional[str]
    budget: Optional[str]
    language: str
    messages: List[str] = field(default_factory=list)
    queue: List[Dict[str, Any]] = field(default_factory=list)

    def say(self, zh: str, en: str) -> None:
        self.messages.append(pick(self.language, zh, en))

    def events(self) -> List[Dict[str, Any]]:
        return [
            SlotSet(LOANS, self.loans or None),
            SlotSet(PENDING, self.pending),
            SlotSet(LOAN, self.loan_slot),
            SlotSet(BUDGET, self.budget),
            SlotSet(QUEUE, self.queue or None),
        ]


def _add_pending(turn: Turn, reading: Reading) -> None:
    number = len(turn.loans) + 1
    if number > engine.MAX_LOANS:
        turn.say(f"最多可以列{engine.MAX_LOANS}笔。", f"A plan can hold at most {engine.MAX_LOANS} loans.")
        return
    loan, problem = _check(loan_fields(reading, turn.pending or {}), number, turn.language)
    if problem:
        turn.say(problem, problem)
    if missing(loan):
        turn.pending = loan
        return
    turn.loans.append(loan)
    turn.pending = turn.queue.pop(0) if turn.queue else None  # the next loan of a list still missing a figure
    turn.say(f"记下了。{describe(loan, number, 'zh')}。", f"Got it. {describe(loan, number, 'en')}.")


def _add_several(turn: Turn, parts: List[str]) -> None:
    """Several loans from one message: the complete ones are added, the others wait their turn."""
    added, waiting = [], []
    for part in parts:
        reading = read(part)
        if reading.minimum is not None and not SAYS_MINIMUM.search(part):
            reading.minimum = None  # "I owe ... and my card 17k": a debt named loosely, not a minimum
        if len(turn.loans) >= engine.MAX_LOANS:
            turn.say(
                f"最多可以列{engine.MAX_LOANS}笔。", f"A plan can hold at most {engine.MAX_LOANS} loans."
            )
            break
        loan, problem = _check(
            loan_fields(reading, {}, loose_minimum=False), len(turn.loans) + 1, turn.language
        )
        if problem:
            turn.say(problem, problem)
        if missing(loan):
            waiting.append(loan)
        else:
            turn.loans.append(loan)
            added.append((len(turn.loans), loan))
    if added:
        lines = [describe(loan, number, turn.language) for number, loan in added]
        turn.say("记下了：\n" + "\n".join(lines), "Got it:\n" + "\n".join(lines))
    turn.queue += waiting
    if turn.pending is None and turn.queue:
        turn.pending = turn.queue.pop(0)


def _correct(turn: Turn, number: int, reading: Reading) -> None:
    loan = turn.loans[number - 1]
    updated = loan_fields(reading, {k: v for k, v in loan.items()}, fill_missing=False)
    if reading.loose and reading.balance is None and reading.minimum is None:
        # "第二笔改成3万": a figure with no word saying which is the balance (a minimum says 最低 / min).
        updated["balance"] = str(reading.loose[0])
    checked, problem = _check(updated, number, turn.language)
    if problem:
        turn.say(problem, problem)
        return
    turn.loans[number - 1] = checked
    turn.say(f"已改好。{describe(checked, number, 'zh')}。", f"Updated. {describe(checked, number, 'en')}.")


def _remove(turn: Turn, number: Optional[int]) -> None:
    if number is None or not 1 <= number <= len(turn.loans):
        turn.say(
            f"要删哪一笔？现在有{len(turn.loans)}笔，请说“删掉第2笔”这样的。",
            f'Which one? There are {len(turn.loans)} loans; say e.g. "remove loan 2".',
        )
        return
    turn.loans.pop(number - 1)
    turn.say(
        f"已删掉第{number}笔，后面的顺延。现在有{len(turn.loans)}笔。",
        f"Removed loan {number}; the ones after it move up. {len(turn.loans)} loan(s) now.",
    )
    if not turn.loans:
        turn.loan_slot = None


def _budget(turn: Turn, reading: Reading, text: str) -> bool:
    value = reading.minimum or reading.balance or (reading.loose[0] if reading.loose else None)
    if value is None:
        value = figures.parse_money(text)
    if value is None:
        return False
    try:
        engine.validate_budget(value)
    except InputError as err:
        turn.say(err.zh, err.en)
        return True
    turn.budget = str(value)
    return True


def take_turn(turn: Turn, text: str, intent: Optional[str], requested: Optional[str]) -> Turn:
    """Apply one message to the form's state (pure: no tracker, no dispatcher)."""
    reading = read(text)
    number = which_loan(text, len(turn.loans))
    asking_budget = requested == BUDGET or turn.loan_slot == DONE

    if intent == names.REMOVE_PLAN_LOAN or (text and REMOVE_WORDS.search(text) and not reading.has_figures):
        _remove(turn, number)
        return turn
    adding = intent == names.ADD_PLAN_LOAN or bool(text and ADD_WORDS.search(text))
    if adding and not reading.has_figures:
        turn.loan_slot = None  # ask for the next loan
        if turn.pending and missing(turn.pending):
            turn.say(
                f"好的。先把这一笔补完：还差{_missing_words(missing(turn.pending), 'zh')}。",
                f"OK. First finish this one: still needed: {_missing_words(missing(turn.pending), 'en')}.",
            )
        return turn
    if (
        number is not None
        and 1 <= number <= len(turn.loans)
        and (reading.has_figures or reading.overdue is not None)
    ):
        _correct(turn, number, reading)
        return turn
    if (intent == names.DENY or (text and DONE_WORDS.search(text))) and not reading.has_figures:
        if asking_budget:
            turn.say(
                "请告诉我每月总共能拿出多少钱还款，例如“每月能还3000”。",
                'Please tell me what you can pay in total each month, e.g. "3000 a month".',
            )
        elif not turn.loans:
            turn.say("至少要有一笔借款才能做计划。", "I need at least one loan to make a plan.")
        else:
            if turn.pending:
                left = 1 + len(turn.queue)
                turn.say(
                    f"没写完的{'那一笔' if left == 1 else f'{left}笔'}先不算。",
                    "The unfinished loan is left out."
                    if left == 1
                    else f"The {left} unfinished loans are left out.",
                )
                turn.pending, turn.queue = None, []
            turn.loan_slot = DONE
        return turn
    if not reading.has_figures and reading.overdue is not None and (turn.pending or turn.loans):
        if turn.pending is not None:
            turn.pending = {**turn.pending, "overdue": reading.overdue}
        else:
            _correct(turn, len(turn.loans), reading)
        return turn
    loanish = reading.rate is not None or reading.label is not None or reading.balance is not None
    if asking_budget and (reading.budget_words or not loanish):
        if not _budget(turn, reading, text):
            turn.say(
                "没看懂这个金额。请写成例如“每月能还3000”。",
                'I couldn\'t read that amount. Please write e.g. "3000 a month".',
            )
        return turn
    if reading.budget_words and not loanish and turn.loans and not turn.pending:
        if _budget(turn, reading, text):
            turn.loan_slot = DONE
        return turn
    several, rest = split_loans(text)
    if several and (number is None or not turn.loans or ADD_WORDS.search(text or "")):
        if asking_budget:
            turn.loan_slot = None
        _add_several(turn, several)
        budget = BUDGET_WORDS.search(rest)  # "工资6000，能拿出3000还": the money after the budget words
        if budget:
            rest = rest[budget.start() :]
            rest_reading = read(rest)
            if rest_reading.has_figures:
                _budget(turn, rest_reading, rest)
        return turn
    whole_loan = reading.rate is not None and (reading.balance is not None or len(reading.loose) > 1)
    if (
        CORRECT_WORDS.search(text or "")
        and not turn.pending
        and turn.loans
        and reading.has_figures
        and not whole_loan
    ):
        _correct(turn, len(turn.loans), reading)  # "改成年化24%" / "actually the minimum is 2000"
        return turn
    if reading.has_figures:
        if asking_budget:
            turn.loan_slot = None  # a new loan after all: ask "another?" again before the budget
        _add_pending(turn, reading)
        return turn
    if turn.pending and missing(turn.pending) == ["rate"]:
        rate = figures.parse_rate(text)
        if rate is not None:
            _add_pending(turn, Reading(rate=rate))
            return turn
    turn.say(
        "没看懂。请像这样写一笔：借呗还欠2万，年化18%，每月最低还1500。",
        'I couldn\'t read that. Write one loan like this: "Jiebei, 20000 owed, 18% a year, minimum 1500 a month".',
    )
    return turn


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def _loans_from(tracker: Tracker, intent: Optional[str]) -> List[Dict[str, Any]]:
    loans = list(tracker.get_slot(LOANS) or [])
    if not loans and intent in (names.ADD_PLAN_LOAN, names.REMOVE_PLAN_LOAN):
        # "再加一笔" after a plan: start from the loans of the last plan.
        loans = list((tracker.get_slot(LAST) or {}).get("loans") or [])
    return loans


class ValidatePlanForm(Action):
    """Reads each message once and sets the form's slots; the ask actions below say what comes next."""

    def name(self) -> str:
        return "validate_plan_form"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        intent = _intent(tracker)
        if is_interruption(intent):
            return []  # the rules answer it (cancel, a question, a counselor ...), then the form resumes
        warn_if_red_flags(dispatcher, tracker)
        language = user_language(tracker)
        turn = Turn(
            loans=_loans_from(tracker, intent),
            pending=tracker.get_slot(PENDING),
            loan_slot=tracker.get_slot(LOAN),
            budget=tracker.get_slot(BUDGET),
            language=language,
            queue=list(tracker.get_slot(QUEUE) or []),
        )
        text = _text(tracker)
        if intent == names.PLAN_REPAYMENT and not read(text).has_figures:
            return turn.events()  # the request that opened the form: the ask action explains
        take_turn(turn, text, intent, tracker.get_slot("requested_slot"))
        for message in turn.messages:
            dispatcher.utter_message(text=message)
        return turn.events()


class ActionAskPlanLoan(Action):
    """The form's question for the next loan: what to send, how many so far, and a "that's all" button."""

    def name(self) -> str:
        return "action_ask_plan_loan"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        language = user_language(tracker)
        loans = tracker.get_slot(LOANS) or []
        pending = tracker.get_slot(PENDING)
        if pending and missing(pending):
            number = len(loans) + 1
            known = describe(pending, number, language)
            dispatcher.utter_message(
                text=pick(
                    language,
                    f"{known}。还差：{_missing_words(missing(pending), 'zh')}。",
                    f"{known}. Still needed: {_missing_words(missing(pending), 'en')}.",
                )
            )
            return []
        if not loans:
            dispatcher.utter_message(response="utter_ask_plan_first_loan")
            return []
        dispatcher.utter_message(
            text=pick(
                language,
                f"已记下{len(loans)}笔。还有别的借款吗？照样发给我；没有了就点“没有了”。"
                "要改某一笔就说“第2笔利率改成24%”。",
                f'{len(loans)} loan(s) so far. Any other loan? Send it the same way, or tap "That\'s all". '
                'To change one, say e.g. "loan 2 rate is 24%".',
            ),
            buttons=[
                {"title": pick(language, "没有了", "That's all"), "payload": "/deny"},
                {"title": pick(language, "取消", "Cancel"), "payload": "/cancel"},
            ],
        )
        return []


class ActionAskPlanBudget(Action):
    def name(self) -> str:
        return "action_ask_plan_budget"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        language = user_language(tracker)
        loans = tracker.get_slot(LOANS) or []
        total = sum((Decimal(loan["min"]) for loan in loans), Decimal(0))
        dispatcher.utter_message(
            text=pick(
                language,
                f"{len(loans)}笔的每月最低还款合计{money(total):,}元。扣掉基本生活开支后，你每月总共能拿出多少钱还款？"
                "例如“每月能还3000”。",
                f"The minimums of the {len(loans)} loan(s) add up to {money(total):,} yuan a month. After basic "
                'living costs, how much can you pay in total each month? E.g. "3000 a month".',
            ),
            buttons=[
                {
                    "title": pick(language, "再加一笔", "Add another loan"),
                    "payload": f"/{names.ADD_PLAN_LOAN}",
                },
                {"title": pick(language, "取消", "Cancel"), "payload": "/cancel"},
            ],
        )
        return []


def debts_of(loans: List[Dict[str, Any]]) -> List[engine.Debt]:
    return [debt_of(loan, number) for number, loan in enumerate(loans, 1)]


def reset_form_slots() -> List[Dict[str, Any]]:
    return [
        SlotSet(LOANS, None),
        SlotSet(PENDING, None),
        SlotSet(LOAN, None),
        SlotSet(BUDGET, None),
        SlotSet(QUEUE, None),
    ]


class ActionMakePlan(Action):
    """Runs when the form is complete: the plan in one message, stored anonymised."""

    def name(self) -> str:
        return "action_make_plan"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        language = user_language(tracker)
        loans = tracker.get_slot(LOANS) or []
        budget = tracker.get_slot(BUDGET)
        plan = engine.make_plan(debts_of(loans), Decimal(budget), engine.AVALANCHE)
        buttons = []
        if plan.schedule:
            buttons.append(
                {"title": pick(language, "看每月怎么还", "Show month by month"), "payload": "/show_schedule"}
            )
        buttons += [
            {
                "title": pick(language, "转人工顾问", "Talk to a counselor"),
                "payload": f"/{names.HUMAN_HANDOFF}",
            },
            {"title": pick(language, "再加一笔", "Add another loan"), "payload": f"/{names.ADD_PLAN_LOAN}"},
        ]
        dispatcher.utter_message(
            text=engine.render_plan(plan, language), buttons=buttons, **about("repayment_plan")
        )
        record_plan(plan, source="chat", language=language, sender_id=tracker.sender_id)
        last = {"loans": loans, "budget": budget}
        return only_changes(
            tracker,
            [SlotSet(LAST, last)] + reset_form_slots(),
        )


class ActionShowPlanSchedule(Action):
    def name(self) -> str:
        return "action_show_plan_schedule"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        language = user_language(tracker)
        last = tracker.get_slot(LAST)
        if not last:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        plan = engine.make_plan(debts_of(last["loans"]), Decimal(last["budget"]), engine.AVALANCHE)
        dispatcher.utter_message(text=engine.render_schedule(plan, language))
        return []


class ActionCancelPlan(Action):
    def name(self) -> str:
        return "action_cancel_plan"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        dispatcher.utter_message(response="utter_plan_cancelled")
        return only_changes(tracker, [ActiveLoop(None), SlotSet("requested_slot", None)] + reset_form_slots())
