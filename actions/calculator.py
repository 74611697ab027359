"""The affordability calculator in the conversation: a form that asks only for what is missing.

Slots hold normalised strings ("50000", "apr:18", "24", "8000" or "skipped"). A borrower who knows the payment
but not the rate gives it instead ("每期还2900": the rate slot holds "payment:2900", or "total:13000" for the
total repaid), and the real APR is worked out from it (finance.terms_from_payment). Every turn the form's
validation action reads figures from the user's message (loancoach.calculator.figures), so several values can
come at once ("借5万，年化18%，分24期") and any value can be corrected mid-form ("改成24期").
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import about, only_changes, safe_run, user_language, warn_if_red_flags
from actions.feedback import feedback_buttons
from actions.knowledge import answer_distress_first
from loancoach import names
from loancoach.calculator import figures, finance
from loancoach.calculator.finance import InputError, LoanTerms, calculate
from loancoach.calculator.render import render_result, render_schedule
from loancoach.records.store import record_result

FORM = "loan_form"
AMOUNT, RATE, TERM, METHOD = "loan_amount", "loan_rate", "loan_term", "loan_method"
INCOME, DEBTS = "monthly_income", "monthly_debts"
FORM_SLOTS = (AMOUNT, RATE, TERM, METHOD, INCOME, DEBTS)
LAST = "last_calculation"
SKIPPED = "skipped"
DEFAULT_METHOD = "equal_installment"

# Intents that mean something other than answering the form: the form does not read the message, and
# the rules in data/rules_calculator.yml answer it (the form then resumes or stops).
NOT_AN_ANSWER = {
    names.CANCEL,
    names.HUMAN_HANDOFF,
    names.CHECK_AD,
    "bot_challenge",
    "goodbye",
    "greet",
    "capabilities",
    "explore_area",
    "out_of_scope",
    names.BAD_INPUT,
    "switch_language",
    "show_schedule",
    "feedback_helpful",
    "feedback_not_helpful",
    "thanks",
    names.REQUEST_DATA_DELETION,
    names.EXPRESS_DISTRESS,
    names.AFFIRM,
}


def is_interruption(intent: Optional[str]) -> bool:
    """A message that asks for something else (a knowledge question, an ad check, a counselor ...)."""
    return bool(intent) and (intent in NOT_AN_ANSWER or intent.startswith(names.KNOWLEDGE_INTENT_PREFIX))


@lru_cache(maxsize=64)
def _figures_in(text: str):
    """The figures of one message, read once however many slot extractors ask (cached by text)."""
    return tuple(figures.extract_figures(text))


def _found(text: str, slot: str):
    return [f for f in _figures_in(text) if f.slot == slot]


def _loan_payment(text: str, asked: bool = False) -> Optional[figures.Figure]:
    return figures.loan_payment(text, asked=asked, found=_figures_in(text))


def _lone_money(text: str) -> Optional[Decimal]:
    """The one amount of a message that says nothing else ("2900", "两千九", "2900元"), if it is above
    figures.BARE_RATE_MAX: since the rate question invites a payment, that is one, not a rate of 2900%."""
    found = _figures_in(text)
    if len(found) == 1 and found[0].slot == figures.AMOUNT:
        value = found[0].value
    else:
        value = figures.bare_number(text)
    return value if value is not None and value > figures.BARE_RATE_MAX else None


def _payment_at_rate_question(tracker: Tracker, text: str) -> Optional[Decimal]:
    """A lone amount answering the rate question ("2900", "2900元"): the payment, unless it is not below the
    loan amount ("5万" said again for a loan of 5万 is the amount, not a payment)."""
    money = _lone_money(text)
    amount = tracker.get_slot(AMOUNT)
    if money is None or (isinstance(amount, str) and money >= Decimal(amount)):
        return None
    return money


def _stated_rate(text: str) -> Optional[figures.Figure]:
    """The loan's rate, not one the message compares with ("每期还1750，年化超过24%吗")."""
    return figures.stated_rate(text, found=_figures_in(text))


def is_new_loan(text: str) -> bool:
    """The message describes a whole new loan (amount, term and a rate or payment): a new calculation."""
    kinds = {f.slot for f in _figures_in(text)}
    priced = _stated_rate(text) is not None or _loan_payment(text) is not None
    return {figures.AMOUNT, figures.TERM} <= kinds and priced


def encode_rate(rate: figures.Rate) -> str:
    return f"{rate.kind}:{rate.percent}"


def encode_payment(figure: figures.Figure) -> str:
    return f"{figure.slot}:{figure.value}"


PAID = (figures.PAYMENT, figures.TOTAL)  # rate-slot kinds that hold what is paid, not a rate


def decode_rate(value: str):
    kind, _, number = value.partition(":")
    return kind, Decimal(number)


_LOAN_WORDS = re.compile(r"借|贷|金额|本金|额度|borrow|loan|amount|principal", re.I)


def _says_something_else(text: str) -> bool:
    """The message carries a figure or a method, meant for some other slot."""
    return bool(_figures_in(text)) or figures.parse_method(text) is not None


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def terms_from_slots(slots: Dict[str, Any]) -> LoanTerms:
    """The loan of the form's slots; raises InputError when a payment does not fit the amount and term."""
    kind, rate = decode_rate(slots[RATE])
    if kind in PAID:
        paid = {"payment" if kind == figures.PAYMENT else "total": rate}
        return finance.terms_from_payment(Decimal(slots[AMOUNT]), int(slots[TERM]), **paid)
    return LoanTerms(
        amount=Decimal(slots[AMOUNT]),
        months=int(slots[TERM]),
        rate=rate,
        rate_kind=kind,
        method=slots.get(METHOD) if kind != "monthly_fee_rate" else None,
    )


def _validate_rate(value: str) -> None:
    kind, number = decode_rate(value)
    if kind in PAID:
        finance.validate_payment(number)
    else:
        finance.validate_rate(number, kind)


def _money_or_none(value: Optional[str]) -> Optional[Decimal]:
    return None if value in (None, SKIPPED) else Decimal(value)


class ValidateLoanForm(FormValidationAction):
    def name(self) -> str:
        return "validate_loan_form"

    async def run(self, dispatcher, tracker, domain):
        if _intent(tracker) != names.EXPRESS_DISTRESS:  # that intent is answered by its own rule
            answer_distress_first(dispatcher, tracker)
        warn_if_red_flags(dispatcher, tracker)
        events = await super().run(dispatcher, tracker, domain)
        text = _text(tracker)
        if tracker.get_slot("requested_slot") in (INCOME, DEBTS) and text and is_new_loan(text):
            # A whole new loan while income or debts were asked: start over with the new figures and
            # ask income and debts again, instead of reading the new amount as income or debts.
            dispatcher.utter_message(response="utter_calculation_restarted")
            events = [e for e in events if e.get("name") not in (INCOME, DEBTS)]
            events += [SlotSet(INCOME, None), SlotSet(DEBTS, None)]
        return self._check_payment(dispatcher, tracker, events)

    def _check_payment(self, dispatcher, tracker, events):
        """A payment must fit the amount and term it came with; if not, say why and ask the rate again."""
        slots = {name: tracker.get_slot(name) for name in (AMOUNT, RATE, TERM)}
        if not all(isinstance(v, str) for v in slots.values()) or decode_rate(slots[RATE])[0] not in PAID:
            return events
        try:
            terms_from_slots(slots)
        except InputError as err:
            dispatcher.utter_message(text=err.message(user_language(tracker)))
            events = [e for e in events if e.get("name") not in (RATE, "requested_slot")]
            events += [SlotSet(RATE, None), SlotSet("requested_slot", RATE)]
        return events

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[str]:
        # The method has a default (equal instalments), so it is never asked for, but listing it
        # here lets the user change it at any time ("改成等额本金").
        slots = [AMOUNT, RATE, TERM, METHOD, INCOME, DEBTS]
        if tracker.get_slot(INCOME) == SKIPPED:
            slots.remove(DEBTS)  # debts only matter for the debt-to-income ratio
        return slots

    # --- extraction: figures anywhere in the message, the raw text for the slot being asked ---

    def _figure(self, tracker: Tracker, slot: str, reader) -> Dict[str, Any]:
        if is_interruption(_intent(tracker)):
            return {}
        text = _text(tracker)
        if not text:
            return {}
        value = reader(text)
        if value is not None:
            return {slot: value}
        if tracker.get_slot("requested_slot") == slot and not _says_something_else(text):
            return {slot: {"unreadable": text[:200]}}
        return {}

    async def extract_loan_amount(self, dispatcher, tracker, domain) -> Dict[str, Any]:
        def read(text):
            requested = tracker.get_slot("requested_slot")
            asked_money = requested in (INCOME, DEBTS) or (
                requested == RATE and _payment_at_rate_question(tracker, text) is not None
            )
            if asked_money and not (_LOAN_WORDS.search(text) or is_new_loan(text)):
                # "6000" answers the income question, "2900" the rate question (a payment): no new loan amount
                return None
            payment = _loan_payment(text)  # "560 a month for 12 months on a 6000 loan": 560 is no amount
            found = [f for f in _found(text, figures.AMOUNT) if payment is None or f.start != payment.start]
            if found:
                return str(found[0].value)
            if tracker.get_slot("requested_slot") == AMOUNT:
                value = figures.parse_amount(text)
                return str(value) if value is not None else None
            return None

        return self._figure(tracker, AMOUNT, read)

    async def extract_loan_rate(self, dispatcher, tracker, domain) -> Dict[str, Any]:
        if _intent(tracker) == "dont_know_rate" and tracker.get_slot("requested_slot") == RATE:
            return {RATE: {"dont_know": True}}

        def read(text):
            stated = _stated_rate(text)
            if stated is not None:
                return encode_rate(stated.value)
            asked = tracker.get_slot("requested_slot")
            # at the income or debts question a payment belongs to them, unless a whole new loan comes
            payment = (
                None
                if asked in (INCOME, DEBTS) and not is_new_loan(text)
                else _loan_payment(text, asked == RATE)
            )
            if payment is not None:
                return encode_payment(payment)
            if tracker.get_slot("requested_slot") == RATE:
                money = _payment_at_rate_question(tracker, text)
                if money is not None:
                    return f"{figures.PAYMENT}:{money}"
                value = figures.parse_rate(text)
                return encode_rate(value) if value is not None else None
            return None

        return self._figure(tracker, RATE, read)

    async def extract_loan_term(self, dispatcher, tracker, domain) -> Dict[str, Any]:
        def read(text):
            found = _found(text, figures.TERM)
            if found:
                return str(found[0].value)
            if tracker.get_slot("requested_slot") == TERM:
                value = figures.parse_term(text)
                return str(value) if value is not None else None
            return None

        return self._figure(tracker, TERM, read)

    async def extract_loan_method(self, dispatcher, tracker, domain) -> Dict[str, Any]:
        if is_interruption(_intent(tracker)):
            return {}
        method = figures.parse_method(_text(tracker))
        return {METHOD: method} if method else {}

    def _extract_money(self, tracker, slot, figure_slot) -> Dict[str, Any]:
        intent = _intent(tracker)
        if is_interruption(intent):
            return {}
        asked = tracker.get_slot("requested_slot") == slot
        # Button payloads ("/skip", "/deny") carry no text: the intent is the answer.
        if intent == names.SKIP and asked:
            return {slot: SKIPPED}
        if intent == names.DENY and asked and slot == DEBTS:
            return {slot: "0"}
        text = _text(tracker)
        if text and is_new_loan(text):
            return {}  # a new loan, not income or debts (see run)
        payment = _loan_payment(text)  # "借1万 12期 每个月还1000": this loan's payment, not other debts
        found = [f for f in _found(text, figure_slot) if payment is None or f.start != payment.start]
        if found:
            return {slot: str(found[0].value)}
        if asked and text:
            if any(
                f.slot in (figures.INCOME, figures.DEBTS, figures.RATE, figures.TERM)
                and f.slot != figure_slot
                for f in _figures_in(text)
            ):
                return {}  # "月薪8000" at the debts question is income again, not debts
            value = figures.parse_money(text)
            if value is None:
                value = figures.parse_amount(text)
            if value is not None:
                return {slot: str(value)}
            if not _says_something_else(text):
                return {slot: {"unreadable": text[:200]}}
        return {}

    async def extract_monthly_income(self, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._extract_money(tracker, INCOME, figures.INCOME)

    async def extract_monthly_debts(self, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._extract_money(tracker, DEBTS, figures.DEBTS)

    # --- validation: each value checked by the engine's own rules ---

    def _check(self, dispatcher, tracker, slot, value, build) -> Dict[str, Any]:
        if isinstance(value, dict):
            if value.get("dont_know"):
                dispatcher.utter_message(response="utter_rate_unknown")
            else:
                dispatcher.utter_message(response=f"utter_unreadable_{slot}")
            return {slot: None}
        try:
            build(value)
        except InputError as err:
            dispatcher.utter_message(text=err.message(user_language(tracker)))
            return {slot: None}
        return {slot: value}

    async def validate_loan_amount(self, value, dispatcher, tracker, domain):
        return self._check(
            dispatcher,
            tracker,
            AMOUNT,
            value,
            finance.validate_amount,
        )

    async def validate_loan_rate(self, value, dispatcher, tracker, domain):
        return self._check(dispatcher, tracker, RATE, value, _validate_rate)

    async def validate_loan_term(self, value, dispatcher, tracker, domain):
        return self._check(
            dispatcher,
            tracker,
            TERM,
            value,
            finance.validate_months,
        )

    async def validate_loan_method(self, value, dispatcher, tracker, domain):
        return {METHOD: value}

    def _check_money(self, dispatcher, tracker, slot, value):
        if value == SKIPPED:
            return {slot: SKIPPED}

        check = finance.validate_income if slot == INCOME else finance.validate_debts
        return self._check(dispatcher, tracker, slot, value, check)

    async def validate_monthly_income(self, value, dispatcher, tracker, domain):
        return self._check_money(dispatcher, tracker, INCOME, value)

    async def validate_monthly_debts(self, value, dispatcher, tracker, domain):
        return self._check_money(dispatcher, tracker, DEBTS, value)


class ActionCalculateLoan(Action):
    """Runs when the form is complete: the result in one message, stored anonymised."""

    def name(self) -> str:
        return "action_calculate_loan"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        language = user_language(tracker)
        slots = {name: tracker.get_slot(name) for name in FORM_SLOTS}
        terms = terms_from_slots(slots)
        income = _money_or_none(slots[INCOME])
        debts = _money_or_none(slots[DEBTS]) if income is not None else None
        result = calculate(terms, income=income, monthly_debts=debts)
        kind, rate = decode_rate(slots[RATE])
        dispatcher.utter_message(
            text=render_result(result, language, kind, rate),
            buttons=_result_buttons(language) + feedback_buttons(language),
            **about("calculator"),
        )
        record_result(result, source="chat", language=language, sender_id=tracker.sender_id)
        last = {k: v for k, v in slots.items() if v is not None}
        return only_changes(tracker, [SlotSet(LAST, last)] + reset_form_slots())


def reset_form_slots():
    return [SlotSet(n, DEFAULT_METHOD if n == METHOD else None) for n in FORM_SLOTS]


def _result_buttons(language: str):
    if language == "en":
        return [
            {"title": "Show the first months", "payload": "/show_schedule"},
            {"title": "Another calculation", "payload": "/calculate_loan"},
        ]
    return [
        {"title": "看前几期还款计划", "payload": "/show_schedule"},
        {"title": "再算一笔", "payload": "/calculate_loan"},
    ]


class ActionShowSchedule(Action):
    def name(self) -> str:
        return "action_show_schedule"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        last = tracker.get_slot(LAST)
        if not last:
            dispatcher.utter_message(response="utter_no_calculation_yet")
            return []
        result = calculate(terms_from_slots(last))
        dispatcher.utter_message(text=render_schedule(result, user_language(tracker)))
        return []


class ActionCancelCalculation(Action):
    def name(self) -> str:
        return "action_cancel_calculation"

    @safe_run
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        dispatcher.utter_message(response="utter_calculation_cancelled")
        return only_changes(tracker, [ActiveLoop(None), SlotSet("requested_slot", None)] + reset_form_slots())
