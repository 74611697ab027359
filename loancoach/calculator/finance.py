"""Loan arithmetic: repayment schedules, the real APR by IRR, affordability (DTI) and offer comparison.

Money is ``Decimal`` throughout and is not rounded to fen while computing: schedules, totals and rates
keep full precision (schedule rows are held to 10^-12 yuan so that their sums are exact), and
:func:`money` / :func:`percent` (ROUND_HALF_UP to 2 places) are applied only when presenting. That is
how the reference figures in facts.md §7 arise (e.g. 等额本息 10,000 / 12 months / 18%: 916.7999…
shown as 916.80, total interest 1,001.599… shown as 1,001.60).

Rates are given as a percent with a kind: ``apr`` (annual nominal, monthly = apr / 12), ``monthly_rate``,
``daily_rate`` (monthly = daily × 365 / 12, so 日息万五 = 18.25% a year simple) or ``monthly_fee_rate``
(分期手续费: each payment is P/n + P·f, a product of its own).

The real APR follows PBOC Announcement 〔2021〕 No. 3 (facts.md §2.2): the monthly IRR of the money
actually received at t0 against the payments, × 12; the effective annual rate is (1 + IRR)^12 − 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional, Sequence, Tuple

from loancoach.text.language import pick

# Rate kinds (the names the store uses in ``Calculation.rate_kind``).
APR = "apr"
MONTHLY_RATE = "monthly_rate"
DAILY_RATE = "daily_rate"
MONTHLY_FEE_RATE = "monthly_fee_rate"
RATE_KINDS = (APR, MONTHLY_RATE, DAILY_RATE, MONTHLY_FEE_RATE)

# Repayment methods. ``monthly_fee`` is implied by a monthly fee rate and cannot be combined with others.
EQUAL_INSTALLMENT = "equal_installment"  # 等额本息
EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
INTEREST_ONLY = "interest_only"  # 先息后本
MONTHLY_FEE = "monthly_fee"  # 分期手续费
METHODS = (EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, INTEREST_ONLY)

# DTI verdicts: LoanCoach's editorial bands (facts.md §8.3), not a legal rule.
AFFORDABLE = "affordable"
STRETCHED = "stretched"
UNAFFORDABLE = "unaffordable"
AFFORDABLE_BELOW = Decimal(36)
UNAFFORDABLE_ABOVE = Decimal(50)
DEFAULT_TARGET_DTI = AFFORDABLE_BELOW

MAX_AMOUNT = Decimal("10000000")
MAX_MONTHS = 360
MAX_ANNUAL_RATE = Decimal(1000)  # percent, nominal annual equivalent of the rate given

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
TWELVE = Decimal(12)
CENT = Decimal("0.01")
# Internal resolution of schedule rows: far below a fen, and coarse enough that every sum of rows is
# exact in Decimal's 28 digits (10,000,000 × 360 rows needs 11 digits before the point).
EXACT = Decimal("1e-12")
_HALF_SHOWN_STEP = Decimal("0.005")
_DAYS_PER_YEAR = Decimal(365)


class InputError(ValueError):
    """An input the calculator cannot use: ``field`` names it, ``en`` / ``zh`` explain it."""

    def __init__(self, field: str, en: str, zh: str):
        super().__init__(en)
        self.field = field
        self.en = en
        self.zh = zh

    def message(self, language: Optional[str]) -> str:
        return pick(language, self.zh, self.en)


def money(value: Decimal) -> Decimal:
    """An amount as presented: yuan and fen, ROUND_HALF_UP."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(value: Decimal) -> Decimal:
    """A percent as presented: 2 decimals, ROUND_HALF_UP."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- inputs


def _decimal(value, field: str, en_name: str, zh_name: str) -> Decimal:
    if isinstance(value, bool):
        value = None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite():
        raise InputError(field, f"The {en_name} must be a number.", f"{zh_name}必须是数字。")
    return number


def _months(value) -> int:
    en = f"The term must be a whole number of months from 1 to {MAX_MONTHS}."
    zh = f"期限必须是1到{MAX_MONTHS}之间的整数（月）。"
    number = _decimal(value, "months", "term", "期限")
    if number != number.to_integral_value() or not 1 <= number <= MAX_MONTHS:
        raise InputError("months", en, zh)
    return int(number)


@dataclass(frozen=True)
class LoanTerms:
    """One loan offer. ``rate`` is a percent of kind ``rate_kind``; money in yuan.

    ``upfront_fee`` is paid separately before the money arrives; ``deducted`` is kept back from the
    money paid out (砍头息). Both are costs, and both reduce the money received at t0.
    """

    amount: Decimal
    months: int
    rate: Decimal
    rate_kind: str = APR
    method: Optional[str] = None
    upfront_fee: Decimal = ZERO
    deducted: Decimal = ZERO

    @property
    def received(self) -> Decimal:
        """Money the borrower actually has at t0."""
        return self.amount - self.upfront_fee - self.deducted


def nominal_annual_rate(rate: Decimal, rate_kind: str) -> Decimal:
    """The simple annual equivalent of a rate, in percent (18.25 for a daily 0.05)."""
    if rate_kind == DAILY_RATE:
        return rate * _DAYS_PER_YEAR
    if rate_kind in (MONTHLY_RATE, MONTHLY_FEE_RATE):
        return rate * TWELVE
    if rate_kind == APR:
        return rate
    raise InputError("rate_kind", f"Unknown rate kind: {rate_kind}.", f"未知的利率类型：{rate_kind}。")


def monthly_rate(rate: Decimal, rate_kind: str) -> Decimal:
    """The monthly rate as a fraction (0.015 for an APR of 18); for a fee rate, the monthly fee fraction."""
    return nominal_annual_rate(rate, rate_kind) / TWELVE / HUNDRED


def _rate(rate, rate_kind: str, fee_only: bool) -> Decimal:
    if rate_kind not in RATE_KINDS:
        raise InputError("rate_kind", f"Unknown rate kind: {rate_kind}.", f"未知的利率类型：{rate_kind}。")
    rate = _decimal(rate, "rate", "rate", "利率")
    if rate < 0:
        raise InputError("rate", "The rate cannot be negative.", "利率不能为负数。")
    if rate == 0 and not fee_only:
        raise InputError(
            "rate",
            "A rate of 0 only makes sense for a fee-only product: give its up-front fee or deduction.",
            "利率为0只适用于只收费用的产品，请同时填写前期手续费或预扣金额。",
        )
    if nominal_annual_rate(rate, rate_kind) > MAX_ANNUAL_RATE:
        raise InputError(
            "rate",
            "The rate works out at more than 1000% a year; check the figure and whether it is annual, "
            "monthly or daily.",
            "该利率折合年化超过1000%，请检查数值以及它是年、月还是日利率。",
        )
    return rate


def _method(method: Optional[str], rate_kind: str) -> str:
    if rate_kind == MONTHLY_FEE_RATE:
        if method not in (None, MONTHLY_FEE):
            raise InputError(
                "method",
                "A monthly fee rate is repaid as equal principal plus the same fee every month; "
                "do not choose a repayment method with it.",
                "按月费率收费的分期，每期还本金P/n加固定手续费，不能另选还款方式。",
            )
        return MONTHLY_FEE
    if method is None:
        return EQUAL_INSTALLMENT
    if method not in METHODS:
        raise InputError(
            "method",
            f"Unknown repayment method: {method}; use one of {', '.join(METHODS)}.",
            f"未知的还款方式：{method}。",
        )
    return method


def validate_amount(value) -> Decimal:
    """The loan amount alone, as ``Decimal``; raises :class:`InputError`."""
    amount = _decimal(value, "amount", "loan amount", "借款金额")
    if amount <= 0:
        raise InputError("amount", "The loan amount must be more than 0.", "借款金额必须大于0。")
    if amount > MAX_AMOUNT:
        raise InputError(
            "amount", "The loan amount can be at most 10,000,000 yuan.", "借款金额不能超过1000万元。"
        )
    return amount


def validate_months(value) -> int:
    """The term alone, in whole months; raises :class:`InputError`."""
    return _months(value)


def validate_rate(rate, rate_kind: str) -> Decimal:
    """A rate alone (as it would be for a loan without fees); raises :class:`InputError`."""
    return _rate(rate, rate_kind, fee_only=False)


def validate_payment(value) -> Decimal:
    """A payment (per month or in total) alone, before it is checked against the amount and term."""
    payment = _decimal(value, "payment", "payment", "还款额")
    if payment <= 0:
        raise InputError("payment", "The payment must be more than 0.", "还款额必须大于0。")
    if payment > MAX_AMOUNT * MAX_MONTHS:
        raise InputError(
            "payment", "That payment is too large to be a loan's.", "这个还款额太大，不像一笔贷款的还款。"
        )
    return payment


def validate_income(value) -> Decimal:
    """Monthly income alone; raises :class:`InputError`."""
    return _income(value)


def validate_debts(value) -> Decimal:
    """Existing monthly debt payments alone; raises :class:`InputError`."""
    return _debts(value)


def validate_terms(terms: LoanTerms) -> LoanTerms:
    """Check an offer and return it with every figure as ``Decimal`` / ``int``; raises :class:`InputError`."""
    amount = validate_amount(terms.amount)
    months = _months(terms.months)
    fee = _decimal(terms.upfront_fee, "upfront_fee", "up-front fee", "前期手续费")
    deducted = _decimal(terms.deducted, "deducted", "deducted amount", "预扣金额")
    if fee < 0:
        raise InputError("upfront_fee", "The up-front fee cannot be negative.", "前期手续费不能为负数。")
    if deducted < 0:
        raise InputError("deducted", "The deducted amount cannot be negative.", "预扣金额不能为负数。")
    if fee + deducted >= amount:
        raise InputError(
            "deducted" if deducted else "upfront_fee",
            "Fees and deductions must be less than the loan amount.",
            "前期手续费与预扣金额之和必须小于借款金额。",
        )
    rate = _rate(terms.rate, terms.rate_kind, fee_only=fee + deducted > 0)
    method = _method(terms.method, terms.rate_kind)
    return LoanTerms(amount, months, rate, terms.rate_kind, method, fee, deducted)


def _income(value) -> Decimal:
    income = _decimal(value, "income", "monthly income", "月收入")
    if income <= 0:
        raise InputError("income", "Monthly income must be more than 0.", "月收入必须大于0。")
    return income


def _debts(value) -> Decimal:
    debts = _decimal(
        value if value is not None else 0, "monthly_debts", "monthly debt payments", "每月已有还款"
    )
    if debts < 0:
        raise InputError(
            "monthly_debts", "Existing monthly debt payments cannot be negative.", "每月已有还款不能为负数。"
        )
    return debts


# --------------------------------------------------------------------------- schedules


@dataclass(frozen=True)
class Row:
    """One month of a schedule; ``interest`` holds the fee for a monthly-fee product."""

    period: int
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal


def equal_installment_payment(principal: Decimal, rate: Decimal, months: int) -> Decimal:
    """等额本息 payment M = P·r(1+r)^n / ((1+r)^n − 1); P/n when r = 0. ``rate`` is monthly, a fraction."""
    if rate == 0:
        return principal / months
    growth = (ONE + rate) ** months
    return principal * rate * growth / (growth - ONE)


def _rows(principal: Decimal, months: int, parts) -> Tuple[Row, ...]:
    """Build rows from ``parts(balance)`` → (principal part, charge); the last row takes what is left.

    Parts are held to :data:`EXACT` so that sums are exact: the principal parts add up to P and each
    payment is its principal part plus its charge, to the last digit.
    """
    rows = []
    balance = principal
    for period in range(1, months + 1):
        part, charge = parts(balance)
        charge = charge.quantize(EXACT, rounding=ROUND_HALF_UP)
        part = balance if period == months else part.quantize(EXACT, rounding=ROUND_HALF_UP)
        balance -= part
        rows.append(Row(period, part + charge, part, charge, balance))
    return tuple(rows)


def equal_installment_schedule(principal: Decimal, rate: Decimal, months: int) -> Tuple[Row, ...]:
    payment = equal_installment_payment(principal, rate, months)

    def parts(balance):
        interest = (balance * rate).quantize(EXACT, rounding=ROUND_HALF_UP)
        return payment - interest, interest

    return _rows(principal, months, parts)


def equal_principal_schedule(principal: Decimal, rate: Decimal, months: int) -> Tuple[Row, ...]:
    part = principal / months
    return _rows(principal, months, lambda balance: (part, balance * rate))


def interest_only_schedule(principal: Decimal, rate: Decimal, months: int) -> Tuple[Row, ...]:
    return _rows(principal, months, lambda balance: (ZERO, balance * rate))


def monthly_fee_schedule(principal: Decimal, fee_rate: Decimal, months: int) -> Tuple[Row, ...]:
    """分期手续费: P/n + P·f every month (the fee is charged on the full amount throughout)."""
    part, fee = principal / months, principal * fee_rate
    return _rows(principal, months, lambda _balance: (part, fee))


_SCHEDULES = {
    EQUAL_INSTALLMENT: equal_installment_schedule,
    EQUAL_PRINCIPAL: equal_principal_schedule,
    INTEREST_ONLY: interest_only_schedule,
    MONTHLY_FEE: monthly_fee_schedule,
}


def schedule(terms: LoanTerms) -> Tuple[Row, ...]:
    """The repayment schedule of validated terms."""
    rate = monthly_rate(terms.rate, terms.rate_kind)
    return _SCHEDULES[terms.method](terms.amount, rate, terms.months)


# --------------------------------------------------------------------------- IRR


def irr(cash_flows: Sequence) -> Decimal:
    """The per-period internal rate of return of ``cash_flows`` (t = 0, 1, …), as a fraction.

    Brackets a sign change of the NPV (searching above 0 first, then down towards −99%), then runs
    Newton's method, falling back to bisection whenever a step leaves the bracket. Raises
    ``ValueError`` when the flows do not change sign or no root lies in that range.
    """
    flows = [float(c) for c in cash_flows]
    if not (any(c > 0 for c in flows) and any(c < 0 for c in flows)):
        raise ValueError("IRR needs both money in and money out")
    last = len(flows) - 1

    def npv(rate: float) -> Tuple[float, float]:
        # Horner in v = 1/(1+rate): value = Σ c_t v^t, and d(value)/d(rate) = −Σ t c_t v^(t+1).
        v = 1.0 / (1.0 + rate)
        value = slope = 0.0
        for t in range(last, -1, -1):
            value = value * v + flows[t]
            slope = slope * v + t * flows[t]
        return value, -slope * v

    low, f_low = 0.0, npv(0.0)[0]
    if f_low == 0:
        return ZERO
    for edge in (0.01, 0.1, 1.0, 10.0, 1e2, 1e3, 1e4, 1e6, -0.5, -0.9, -0.99):
        f_edge = npv(edge)[0]
        if (f_edge < 0) != (f_low < 0):
            high = edge
            break
    else:
        raise ValueError("the cash flows have no internal rate of return above -99%")
    if high < low:
        low, high, f_low = high, low, f_edge
    guess = (low + high) / 2
    for _ in range(200):
        value, slope = npv(guess)
        if value == 0:
            break
        if (value < 0) == (f_low < 0):
            low = guess
        else:
            high = guess
        candidate = guess - value / slope if slope else (low + high) / 2
        if not low < candidate < high:
            candidate = (low + high) / 2
        if abs(candidate - guess) <= 4e-16 * max(1.0, abs(guess)):
            guess = candidate
            break
        guess = candidate
    return Decimal(repr(guess))


@dataclass(frozen=True)
class AnnualRates:
    apr: Decimal  # percent, monthly IRR × 12
    effective_annual_rate: Decimal  # percent, (1 + monthly IRR)^12 − 1


def annual_rates(received: Decimal, payments: Sequence[Decimal]) -> AnnualRates:
    """Real APR and effective annual rate of money received at t0 repaid by monthly ``payments``."""
    monthly = irr([received] + [-p for p in payments])
    return AnnualRates(monthly * TWELVE * HUNDRED, ((ONE + monthly) ** 12 - ONE) * HUNDRED)


def terms_from_payment(amount, months, payment=None, total=None) -> LoanTerms:
    """The loan behind what a borrower knows: amount, term and the payment per month (or the total repaid).

    Its rate is the real APR of those flows, monthly IRR × 12 (facts.md §2.2), as an equal-instalment
    loan: the schedule it gives has exactly that payment. Raises :class:`InputError` when the payments
    do not repay the amount, or cost more than the calculator's limit.
    """
    amount = validate_amount(amount)
    months = _months(months)
    if payment is None:
        repaid = _decimal(total, "payment", "total repayment", "总还款")
        per_month = repaid / months
    else:
        per_month = _decimal(payment, "payment", "monthly payment", "每期还款")
        repaid = per_month * months
    if per_month <= 0:
        raise InputError("payment", "The payment must be more than 0.", "每期还款必须大于0。")
    each, repaid_shown, borrowed = grouped_yuan(per_month), grouped_yuan(repaid), grouped_yuan(amount)
    payments = f"{months} payments" if months != 1 else "1 payment"
    if repaid < amount:
        raise InputError(
            "payment",
            f"{payments} of {each} add up to {repaid_shown} yuan, less than the {borrowed} borrowed. "
            "Check the figures: is the payment per month, and the term in months?",
            f"{months}期、每期{each}元，合计{repaid_shown}元，比借款{borrowed}元还少。"
            "请核对：是每月还款吗？期数是按月算的吗？",
        )
    if repaid == amount:
        raise InputError(
            "payment",
            f"{payments} of {each} repay exactly the {borrowed} borrowed: on these figures the real "
            "APR is 0%. Check for any fee paid separately (membership, service or insurance fees); give me "
            "the rate in the contract if there is one.",
            f"{months}期、每期{each}元，正好还清借款{borrowed}元：按这些数字，真实年化为0%。"
            "请核对是否另收了会员费、服务费或保险费；合同里写了利率的话，把利率告诉我。",
        )
    apr = irr([amount] + [-per_month] * months) * TWELVE * HUNDRED
    if apr > MAX_ANNUAL_RATE:
        raise InputError(
            "payment",
            f"{payments} of {each} for {borrowed} borrowed work out at more than 1000% a year; check "
            "the figures (is the term in months?).",
            f"借{borrowed}元、{months}期、每期{each}元，折合年化超过1000%，请核对数字（期数是按月算的吗？）。",
        )
    return LoanTerms(amount, months, apr, APR, EQUAL_INSTALLMENT)


def grouped_yuan(value: Decimal) -> str:
    """An amount for a sentence, without its unit: 10,000 or 1,025.50 (render.yuan adds 元 / yuan)."""
    value = money(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,}"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Notice:
    """A warning shown with a result: a code for programs, and the reason in both languages."""

    code: str
    en: str
    zh: str

    def message(self, language: Optional[str]) -> str:
        return pick(language, self.zh, self.en)


@dataclass(frozen=True)
class LoanResult:
    terms: LoanTerms
    schedule: Tuple[Row, ...]
    monthly_payment: Decimal  # first month
    last_payment: Decimal
    total_repayment: Decimal  # sum of the scheduled payments
    total_interest: Decimal  # interest, or the monthly fees of a fee-rate product
    total_cost: Decimal  # interest + up-front fee + deduction
    nominal_rate: Decimal  # percent a year, simple, as the lender states it
    apr: Decimal  # percent, IRR × 12
    effective_annual_rate: Decimal  # percent
    income: Optional[Decimal] = None
    monthly_debts: Optional[Decimal] = None
    dti: Optional[Decimal] = None  # percent
    verdict: Optional[str] = None
    warnings: Tuple[Notice, ...] = ()

    @property
    def charge(self) -> str:
        """What the non-principal part of each payment is: ``"interest"`` or ``"fee"``."""
        return "fee" if self.terms.method == MONTHLY_FEE else "interest"


def dti_percent(payment: Decimal, income: Decimal, monthly_debts: Decimal = ZERO) -> Decimal:
    """(existing monthly debts + new monthly payment) ÷ monthly income, in percent."""
    return (monthly_debts + payment) * HUNDRED / income


def dti_verdict(dti: Decimal) -> str:
    """LoanCoach's editorial bands: < 36 affordable, 36–50 stretched, > 50 unaffordable.

    Decided on the DTI as shown (2 decimals), so the verdict never contradicts the figure printed
    beside it (35.996 is shown as 36.00 and is "stretched").
    """
    shown = percent(dti)
    if shown < AFFORDABLE_BELOW:
        return AFFORDABLE
    if shown <= UNAFFORDABLE_ABOVE:
        return STRETCHED
    return UNAFFORDABLE


def _notices(terms: LoanTerms, rows: Sequence[Row], apr: Decimal) -> Tuple[Notice, ...]:
    shown = percent(apr)
    notices = []
    if terms.method == MONTHLY_FEE:
        fee, simple = percent(terms.rate), percent(terms.rate * TWELVE)
        notices.append(
            Notice(
                "fee_rate_understates",
                f"A monthly fee of {fee}% looks like {simple}% a year, but it is charged on the full amount "
                f"every month while what you owe falls; the real APR is {shown}%.",
                f"月费率{fee}%看起来像年化{simple}%，但手续费每月按全部本金收取，而欠款在逐月减少；"
                f"实际年化利率为{shown}%。",
            )
        )
    if terms.method == INTEREST_ONLY:
        last = f"{money(rows[-1].payment):,}"
        notices.append(
            Notice(
                "balloon_payment",
                f"Interest only: the last payment is {last} yuan, the whole principal plus that month's interest.",
                f"先息后本：最后一期要还{last}元，即全部本金加当月利息。",
            )
        )
    if shown > 24:  # compared as shown, so the warning never reads "24.00% is above 24%"
        notices.append(
            Notice(
                "apr_above_24",
                f"The real APR of {shown}% is above 24%. No statute caps licensed lenders at 24%, but a "
                "borrower may ask a court to cut interest, penalties and fees above 24% a year (SPC 2017 "
                "guidance), and bank partner loans (助贷) are expected to keep the all-in cost within 24% "
                "from 1 Oct 2025 (NFRA notice 金规〔2025〕9号).",
                f"实际年化利率{shown}%，超过24%。24%并非持牌机构的法定上限，但借款人可请求法院调减超过年24%的"
                "利息、罚息和费用（最高人民法院2017年指导意见）；自2025年10月1日起，银行助贷贷款的综合融资成本"
                "一般理解为应控制在24%以内（金规〔2025〕9号）。",
            )
        )
    if shown > 36:
        notices.append(
            Notice(
                "apr_above_36",
                f"The real APR of {shown}% is above 36%, fees and deductions included. Unlicensed lending as "
                "a business at an actual annual rate above 36% can be prosecuted as illegal business "
                "operation (非法经营罪) (SPC/SPP/MPS/MOJ opinion on illegal lending, 21 Oct 2019). Check "
                "that the lender is licensed.",
                f"实际年化利率{shown}%（含费用和预扣），超过36%。未经许可经常性放贷、实际年利率超过36%的，"
                "可按非法经营罪追究（最高法、最高检、公安部、司法部关于办理非法放贷刑事案件的意见，"
                "2019年10月21日）。请核实放贷方是否持牌。",
            )
        )
    return tuple(notices)


def calculate(terms: LoanTerms, income=None, monthly_debts=None) -> LoanResult:
    """Schedule, costs, real APR and — with ``income`` — the DTI verdict of one offer."""
    terms = validate_terms(terms)
    income = _income(income) if income is not None else None
    debts = _debts(monthly_debts) if monthly_debts is not None or income is not None else None
    rows = schedule(terms)
    payments = [row.payment for row in rows]
    rates = annual_rates(terms.received, payments)
    total_repayment = sum(payments, ZERO)
    total_interest = sum((row.interest for row in rows), ZERO)
    dti = verdict = None
    if income is not None:
        dti = dti_percent(rows[0].payment, income, debts)
        verdict = dti_verdict(dti)
    return LoanResult(
        terms=terms,
        schedule=rows,
        monthly_payment=rows[0].payment,
        last_payment=rows[-1].payment,
        total_repayment=total_repayment,
        total_interest=total_interest,
        total_cost=total_interest + terms.upfront_fee + terms.deducted,
        nominal_rate=nominal_annual_rate(terms.rate, terms.rate_kind),
        apr=rates.apr,
        effective_annual_rate=rates.effective_annual_rate,
        income=income,
        monthly_debts=debts,
        dti=dti,
        verdict=verdict,
        warnings=_notices(terms, rows, rates.apr),
    )


# --------------------------------------------------------------------------- reverse and compare


@dataclass(frozen=True)
class OfferComparison:
    first: LoanResult
    second: LoanResult
    cheaper_by_cost: Optional[str]  # "first" | "second" | None when equal (as shown, to the fen)
    cost_difference: Decimal  # yuan, ≥ 0
    cheaper_by_apr: Optional[str]  # "first" | "second" | None when equal (to 0.01 point)
    apr_difference: Decimal  # percentage points, ≥ 0


def _cheaper(a: Decimal, b: Decimal) -> Optional[str]:
    if a == b:
        return None
    return "first" if a < b else "second"


def compare_offers(first: LoanTerms, second: LoanTerms) -> OfferComparison:
    """Total cost and real APR of two offers; which is cheaper by each, and by how much.

    With different amounts or terms the two measures can disagree; the APR is the fair one then.
    """
    a, b = calculate(first), calculate(second)
    cost_a, cost_b = money(a.total_cost), money(b.total_cost)
    apr_a, apr_b = percent(a.apr), percent(b.apr)
    return OfferComparison(
        first=a,
        second=b,
        cheaper_by_cost=_cheaper(cost_a, cost_b),
        cost_difference=abs(cost_a - cost_b),
        cheaper_by_apr=_cheaper(apr_a, apr_b),
        apr_difference=abs(apr_a - apr_b),
    )
