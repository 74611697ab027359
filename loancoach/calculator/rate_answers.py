"""Computed answers to rate questions with numbers in them ("日息0.03%年化多少", "月费率0.75%分24期实际年化").

The knowledge answers explain the rule; these lines put the user's own figures through the finance
module first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from loancoach.calculator import figures
from loancoach.calculator.finance import (
    DAILY_RATE,
    MONTHLY_FEE_RATE,
    MONTHLY_RATE,
    InputError,
    LoanTerms,
    calculate,
    nominal_annual_rate,
    percent,
    terms_from_payment,
)
from loancoach.calculator.render import describe_rate, yuan
from loancoach.text.language import EN

_SAMPLE_AMOUNT = Decimal(10000)  # the APR of a fee-rate product does not depend on the amount


def computed_rate_line(text: str, language: str) -> Optional[str]:
    """One line with the user's figures worked out, or None when the text has no usable rate."""
    found = figures.extract_figures(text or "")
    stated = figures.stated_rate(text, found)
    rate = stated.value if stated is not None else None
    months = next((f.value for f in found if f.slot == figures.TERM), None)
    en = language == EN
    if rate is None:
        return _payment_line(text, found, months, language)
    try:
        if rate.kind == MONTHLY_FEE_RATE:
            n = months or 12
            result = calculate(LoanTerms(_SAMPLE_AMOUNT, n, rate.percent, MONTHLY_FEE_RATE))
            simple = percent(rate.percent * 12)
            if en:
                return (
                    f"Your figures: a {rate.percent}% monthly fee over {n} months looks like {simple}% a year, "
                    f"but the real APR (IRR × 12) is {percent(result.apr)}%"
                    + ("" if months else " (12 months assumed)")
                    + "."
                )
            return (
                f"按您的数字：月费率{rate.percent}%分{n}期，看起来像年化{simple}%，"
                f"实际年化（IRR×12）约为{percent(result.apr)}%" + ("" if months else "（按12期估算）") + "。"
            )
        if rate.kind in (DAILY_RATE, MONTHLY_RATE):
            annual = percent(nominal_annual_rate(rate.percent, rate.kind))
            if en:
                per = "a day" if rate.kind == DAILY_RATE else "a month"
                return f"Your figures: {rate.percent}% {per} is {annual}% a year (simple annual rate)."
            per = "日利率" if rate.kind == DAILY_RATE else "月利率"
            return f"按您的数字：{per}{rate.percent}%，折合年化{annual}%（单利）。"
    except InputError as err:
        return err.message(language)
    return None


def _payment_line(text: str, found, months: Optional[int], language: str) -> Optional[str]:
    """ "借1万分12期每期还1000年化多少": the real APR worked out from the amount, term and payment."""
    amount = next((f.value for f in found if f.slot == figures.AMOUNT), None)
    payment = figures.loan_payment(text, found=found)
    if amount is None or months is None or payment is None:
        return None
    paid = {"payment" if payment.slot == figures.PAYMENT else "total": payment.value}
    try:
        result = calculate(terms_from_payment(amount, months, **paid))
    except InputError as err:
        return err.message(language)
    how = describe_rate(payment.slot, payment.value, language)
    if language == EN:
        return (
            f"Your figures: {yuan(amount, language)} over {months} months, {how}: the real APR (IRR × 12) is "
            f"{percent(result.apr)}%, and you pay {yuan(result.total_cost, language)} on top of what you borrowed."
        )
    return (
        f"按您的数字：借{yuan(amount, language)}，分{months}期，{how}，真实年化（IRR×12）约为{percent(result.apr)}%，"
        f"比借的多还{yuan(result.total_cost, language)}。"
    )
