"""The calculator's answers as a borrower reads them on a phone, in Chinese or English."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from loancoach.calculator.figures import PAYMENT, TOTAL
from loancoach.calculator.finance import (
    APR,
    DAILY_RATE,
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    INTEREST_ONLY,
    MAX_MONTHS,
    MONTHLY_FEE,
    MONTHLY_FEE_RATE,
    MONTHLY_RATE,
    LoanResult,
    calculate,
    grouped_yuan,
    money,
    percent,
)
from loancoach.text.language import EN, pick

METHOD_NAMES = {
    EQUAL_INSTALLMENT: ("等额本息", "equal instalments"),
    EQUAL_PRINCIPAL: ("等额本金", "equal principal"),
    INTEREST_ONLY: ("先息后本", "interest only, principal at the end"),
    MONTHLY_FEE: ("分期手续费", "monthly-fee instalments"),
}
RATE_NAMES = {
    APR: ("年化", "APR"),
    MONTHLY_RATE: ("月利率", "a month"),
    DAILY_RATE: ("日利率", "a day"),
    MONTHLY_FEE_RATE: ("月费率", "monthly fee"),
}
VERDICTS = {
    "affordable": ("可负担", "affordable"),
    "stretched": ("偏紧", "stretched"),
    "unaffordable": ("难以负担", "unaffordable"),
}
SOURCE = (
    "来源：年化按IRR计算，人民银行公告〔2021〕第3号",
    "Source: APR by IRR as PBOC Announcement [2021] No. 3 allows",
)


def yuan(value: Decimal, language: str) -> str:
    shown = grouped_yuan(value)
    return f"{shown} yuan" if language == EN else f"{shown}元"


def pct(value: Decimal) -> str:
    return f"{percent(value)}%"


def describe_rate(kind: str, value: Decimal, language: str) -> str:
    """The rate as the borrower gave it; or the payment, when the APR was worked out from it."""
    if kind == PAYMENT:
        return pick(language, f"每期还{yuan(value, language)}", f"paying {yuan(value, language)} a month")
    if kind == TOTAL:
        return pick(language, f"一共还{yuan(value, language)}", f"{yuan(value, language)} repaid in total")
    if language == EN:
        return f"{value}% {RATE_NAMES[kind][1]}" if kind != APR else f"{value}% APR"
    return f"{RATE_NAMES[kind][0]}{value}%"


_RESULT_LINES = {
    "zh": {
        "head": "借款{amount}，{months}期，{method}，{rate}：",
        "payment": "• 月供：{first}",
        "payments": "• 月供：首期{first}，末期{last}",
        "total": "• 总还款：{total}（利息和费用共{cost}）",
        "apr": "• 真实年化利率：{apr}（实际年利率{ear}）",
        "dti": "• 负债收入比：{dti}，{verdict}（贷款明白人的参考，不是法规：低于36%可负担，36–50%偏紧，高于50%难以负担）",
    },
    "en": {
        "head": "{amount} over {months} months, {method}, {rate}:",
        "payment": "• Monthly payment: {first}",
        "payments": "• Monthly payment: {first} first, {last} last",
        "total": "• Total repayment: {total} (interest and fees {cost})",
        "apr": "• Real APR: {apr} (effective {ear} a year)",
        "dti": "• Debt-to-income: {dti} — {verdict} "
        "(LoanCoach guidance, not a rule: under 36% affordable, 36–50% stretched, over 50% unaffordable)",
    },
}


def render_result(result: LoanResult, language: str, rate_kind: str, rate_value: Decimal) -> str:
    """One message: payment, totals, real APR, DTI and verdict, warnings, source."""
    t = result.terms
    lines = _RESULT_LINES[EN if language == EN else "zh"]
    values = {
        "amount": yuan(t.amount, language),
        "months": t.months,
        "method": pick(language, *METHOD_NAMES[t.method]),
        "rate": describe_rate(rate_kind, rate_value, language),
        "first": yuan(result.monthly_payment, language),
        "last": yuan(result.last_payment, language),
        "total": yuan(result.total_repayment + t.upfront_fee, language),
        "cost": yuan(result.total_cost, language),
        "apr": pct(result.apr),
        "ear": pct(result.effective_annual_rate),
    }
    varies = money(result.monthly_payment) != money(result.last_payment)
    keys = ["head", "payments" if varies else "payment", "total", "apr"]
    if result.dti is not None:
        values.update(dti=pct(result.dti), verdict=pick(language, *VERDICTS[result.verdict]))
        keys.append("dti")
    out = [lines[k].format(**values) for k in keys]
    out += ["⚠ " + notice.message(language) for notice in result.warnings]
    out.append(next_step(result, language))
    out.append(pick(language, *SOURCE))
    return "\n".join(out)


def _longer_term(result: LoanResult, language: str) -> str:
    """The same loan over twice the term (within the limit): lower payment, and what it costs more."""
    t = result.terms
    months = min(t.months * 2, MAX_MONTHS)
    if months <= t.months or t.method == INTEREST_ONLY:
        return ""
    longer = calculate(replace(t, months=months))
    extra = longer.total_cost - result.total_cost
    payment, more = yuan(longer.monthly_payment, language), yuan(extra, language)
    return pick(
        language,
        f"分{months}期的话首期月供约{payment}，但利息和费用要多付{more}",
        f"over {months} months the first payment is about {payment}, but interest and fees cost {more} more",
    )


def next_step(result: LoanResult, language: str) -> str:
    """One next step after the figures, chosen by the verdict (like the knowledge answers)."""
    if result.verdict == "unaffordable":
        longer = _longer_term(result, language)
        return pick(
            language,
            "下一步：这笔月供超出了您的负担能力，先别签。可以少借一些；也可以选更长的期限"
            + (f"（{longer}）" if longer else "（月供降低，但总利息更多）")
            + "；或者说“转人工”，和顾问一起看看。",
            "Next step: this payment is more than your income can carry, so do not sign yet. Borrow less, or "
            "choose a longer term"
            + (f" ({longer})" if longer else " (lower payments, more interest in total)")
            + ', or say "talk to a counselor" to go through it with one of our counselors.',
        )
    if result.verdict == "stretched":
        return pick(
            language,
            "下一步：月供偏紧，签约前把其他欠款和必要开支列出来，再考虑少借一些。",
            "Next step: the payment is stretched; list your other debts and essential costs before signing, "
            "and consider borrowing less.",
        )
    if result.verdict == "affordable":
        return pick(
            language,
            "下一步：签约前在合同里核对年化利率和每一项费用，和这里的结果对一对。",
            "Next step: before signing, check the annual rate and every fee in the contract against these figures.",
        )
    return pick(
        language,
        "下一步：签约前在合同里核对年化利率和每一项费用；想知道负担是否合适，可以再算一次并填上月收入。",
        "Next step: check the annual rate and every fee in the contract before signing; to see whether you can "
        "afford it, run it again with your monthly income.",
    )


def render_schedule(result: LoanResult, language: str, rows: int = 6) -> str:
    """The first ``rows`` months of the schedule, one line each."""
    en = language == EN
    head = (
        f"First {min(rows, len(result.schedule))} months:"
        if en
        else f"前{min(rows, len(result.schedule))}期还款计划："
    )
    lines = [head]
    for row in result.schedule[:rows]:
        if en:
            lines.append(
                f"{row.period}. pay {money(row.payment):,} = principal {money(row.principal):,}"
                f" + interest {money(row.interest):,}; left {money(row.balance):,}"
            )
        else:
            lines.append(
                f"第{row.period}期 还{money(row.payment):,}：本金{money(row.principal):,}"
                f" + 利息{money(row.interest):,}，剩余{money(row.balance):,}"
            )
    if len(result.schedule) > rows:
        rest = len(result.schedule) - rows
        lines.append(f"… {rest} more months." if en else f"……之后还有{rest}期。")
    return "\n".join(lines)
