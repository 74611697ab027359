"""A repayment plan for several loans at once (多头借贷): avalanche, snowball or minimums only.

Given the loans (balance, rate, minimum monthly payment, overdue or not) and what the borrower can pay
in total each month, :func:`make_plan` simulates month by month until every balance is zero:

1. interest accrues on each open balance at the monthly rate (APR / 12 for an APR; the rate kinds of
   :mod:`loancoach.calculator.finance`), rounded to the fen (ROUND_HALF_UP);
2. every open loan's minimum is paid (or what is left of it, if less);
3. the rest of the month's budget goes to the target loans in order, within the same month, so the
   whole budget is used every month (``minimums`` pays nothing extra).

The order: overdue loans first (they cost penalty interest and are reported to the credit system,
facts.md §5.1–5.2), then the highest monthly rate (``avalanche``, least interest) or the smallest
starting balance (``snowball``, fewest open loans soonest); ties by input order.

A budget below the sum of the minimums is not simulated: the plan says by how much it falls short
(the borrower should talk to the lenders, facts.md §5.5, and not borrow to repay, §3.2). A loan whose
minimum does not cover its first month's interest never ends under ``minimums``; the plan says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import List, Optional, Sequence, Tuple

from loancoach.calculator import finance
from loancoach.calculator.finance import APR, DAILY_RATE, MONTHLY_RATE, ZERO, InputError, money
from loancoach.text.language import pick

AVALANCHE = "avalanche"
SNOWBALL = "snowball"
MINIMUMS = "minimums"
STRATEGIES = (AVALANCHE, SNOWBALL, MINIMUMS)
PLAN_RATE_KINDS = (APR, MONTHLY_RATE, DAILY_RATE)

_MONTHS_PERCENT = Decimal(1200)  # 12 months x 100 percent
MAX_LOANS = 20
MAX_PLAN_MONTHS = 600  # 50 years: a plan that has not ended by then does not end


@dataclass(frozen=True)
class Debt:
    """One loan still owed. ``rate`` is a percent of kind ``rate_kind``; ``label`` is for display only."""

    balance: Decimal
    rate: Decimal
    minimum: Decimal
    rate_kind: str = APR
    overdue: bool = False
    label: str = ""

    def interest(self, balance: Decimal) -> Decimal:
        """One month's interest on ``balance`` to the fen: balance × annual % / 1200, divided last so
        that a result of exactly half a fen is not lost to a repeating 1/12."""
        exact = balance * self.annual_rate / _MONTHS_PERCENT
        return exact.quantize(finance.CENT, rounding=ROUND_HALF_UP)

    @property
    def annual_rate(self) -> Decimal:
        """The simple annual equivalent, in percent."""
        return finance.nominal_annual_rate(self.rate, self.rate_kind)


@dataclass(frozen=True)
class LoanMonth:
    loan: int  # 1-based, input order
    interest: Decimal
    payment: Decimal
    balance: Decimal  # after the payment


@dataclass(frozen=True)
class Month:
    month: int
    loans: Tuple[LoanMonth, ...]

    @property
    def paid(self) -> Decimal:
        return sum((row.payment for row in self.loans), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((row.interest for row in self.loans), ZERO)


@dataclass(frozen=True)
class Payoff:
    loan: int  # 1-based
    month: int


@dataclass(frozen=True)
class Simulation:
    months: Optional[int]  # None: not all paid off within MAX_PLAN_MONTHS
    total_interest: Optional[Decimal]  # None when it never ends
    payoffs: Tuple[Payoff, ...]
    schedule: Tuple[Month, ...]


@dataclass(frozen=True)
class Plan:
    strategy: str
    debts: Tuple[Debt, ...]
    budget: Decimal
    total_minimums: Decimal
    shortfall: Decimal  # 0 when the budget covers the minimums
    order: Tuple[int, ...]  # the loans (1-based) in the order extra money goes to them
    months: Optional[int]
    total_interest: Optional[Decimal]
    payoffs: Tuple[Payoff, ...]
    schedule: Tuple[Month, ...]
    minimums_months: Optional[int]
    minimums_interest: Optional[Decimal]
    never_end_on_minimums: Tuple[int, ...]  # loans whose minimum does not cover their interest
    saving_vs_minimums: Optional[Decimal]  # None when minimums never end or there is a shortfall

    @property
    def feasible(self) -> bool:
        return self.shortfall == ZERO

    @property
    def first(self) -> Optional[int]:
        """The loan that gets the extra money first (1-based), or None under minimums."""
        return None if self.strategy == MINIMUMS or not self.order else self.order[0]


# --------------------------------------------------------------------------- inputs


def _number(value, field: str, en: str, zh: str) -> Decimal:
    return finance._decimal(value, field, en, zh)  # the calculator's one reading of a number


def validate_debt(debt: Debt, number: int = 1) -> Debt:
    """The debt with every figure as ``Decimal``; raises :class:`InputError` naming the loan."""
    en_n, zh_n = f"loan {number}", f"第{number}笔"
    balance = _number(debt.balance, "balance", f"balance of {en_n}", f"{zh_n}的欠款")
    if balance <= 0 or balance > finance.MAX_AMOUNT:
        raise InputError(
            "balance",
            f"The balance of {en_n} must be more than 0 and at most 10,000,000 yuan.",
            f"{zh_n}的欠款必须大于0，且不超过1000万元。",
        )
    if debt.rate_kind not in PLAN_RATE_KINDS:
        raise InputError(
            "rate_kind",
            f"The rate of {en_n} must be an annual, monthly or daily interest rate.",
            f"{zh_n}的利率请给年化、月利率或日利率。",
        )
    rate = _number(debt.rate, "rate", f"rate of {en_n}", f"{zh_n}的利率")
    if rate < 0 or finance.nominal_annual_rate(rate, debt.rate_kind) > finance.MAX_ANNUAL_RATE:
        raise InputError(
            "rate",
            f"The rate of {en_n} must be from 0 to the equivalent of 1000% a year.",
            f"{zh_n}的利率必须在0到年化1000%之间。",
        )
    minimum = _number(debt.minimum, "minimum", f"minimum payment of {en_n}", f"{zh_n}的最低还款")
    if minimum < 0 or minimum > finance.MAX_AMOUNT:
        raise InputError(
            "minimum",
            f"The minimum monthly payment of {en_n} cannot be negative.",
            f"{zh_n}的每月最低还款不能为负数。",
        )
    return Debt(balance, rate, minimum, debt.rate_kind, bool(debt.overdue), debt.label)


def validate_budget(value) -> Decimal:
    budget = _number(value, "budget", "monthly budget", "每月能还的钱")
    if budget <= 0 or budget > finance.MAX_AMOUNT:
        raise InputError(
            "budget",
            "The monthly budget must be more than 0 and at most 10,000,000 yuan.",
            "每月能还的钱必须大于0，且不超过1000万元。",
        )
    return budget


def validate_strategy(strategy: str) -> str:
    if strategy not in STRATEGIES:
        raise InputError(
            "strategy",
            f"Unknown strategy: {strategy}; use one of {', '.join(STRATEGIES)}.",
            f"未知的还款策略：{strategy}。",
        )
    return strategy


# --------------------------------------------------------------------------- simulation


def priority(debts: Sequence[Debt], strategy: str) -> Tuple[int, ...]:
    """0-based indexes in the order extra money goes to them: overdue first, then the strategy's key
    (avalanche: highest rate, equal rates the smaller balance first, which frees its minimum sooner;
    snowball: smallest balance)."""
    if strategy == AVALANCHE:
        key = lambda i: (not debts[i].overdue, -debts[i].annual_rate, debts[i].balance, i)  # noqa: E731
    elif strategy == SNOWBALL:
        key = lambda i: (not debts[i].overdue, debts[i].balance, i)  # noqa: E731
    else:
        key = lambda i: (not debts[i].overdue, i)  # noqa: E731
    return tuple(sorted(range(len(debts)), key=key))


def simulate(debts: Sequence[Debt], budget: Decimal, strategy: str) -> Simulation:
    """Month by month until every balance is 0 (or MAX_PLAN_MONTHS); validated inputs, budget ≥ minimums."""
    balances = [d.balance for d in debts]
    order = priority(debts, strategy)
    payoffs: List[Payoff] = []
    schedule: List[Month] = []
    total_interest = ZERO
    for month in range(1, MAX_PLAN_MONTHS + 1):
        interest = [ZERO] * len(debts)
        paid = [ZERO] * len(debts)
        for i, balance in enumerate(balances):
            if balance > 0:
                interest[i] = debts[i].interest(balance)
                balances[i] = balance + interest[i]
        left = budget
        for i, debt in enumerate(debts):
            if balances[i] > 0:
                paid[i] = min(debt.minimum, balances[i])
                left -= paid[i]
        if strategy != MINIMUMS:
            for i in order:
                if left <= 0:
                    break
                extra = min(left, balances[i] - paid[i])
                paid[i] += extra
                left -= extra
        rows = []
        for i in range(len(debts)):
            was_open = balances[i] > 0
            balances[i] -= paid[i]
            if was_open and balances[i] == 0:
                payoffs.append(Payoff(i + 1, month))
            if was_open:
                rows.append(LoanMonth(i + 1, interest[i], paid[i], balances[i]))
        total_interest += sum(interest, ZERO)
        schedule.append(Month(month, tuple(rows)))
        if all(b == 0 for b in balances):
            return Simulation(month, total_interest, tuple(payoffs), tuple(schedule))
    return Simulation(None, None, tuple(payoffs), tuple(schedule))


def never_end_on_minimums(debts: Sequence[Debt]) -> Tuple[int, ...]:
    """Loans (1-based) whose minimum does not exceed their first month's interest: on minimums alone
    the balance never falls, so the loan never ends."""
    return tuple(i + 1 for i, d in enumerate(debts) if d.minimum <= d.interest(d.balance))


def make_plan(debts: Sequence[Debt], budget, strategy: str = AVALANCHE) -> Plan:
    """The plan for ``debts`` with ``budget`` a month; raises :class:`InputError` for unusable input."""
    strategy = validate_strategy(strategy)
    if not debts:
        raise InputError("loans", "Give at least one loan.", "请至少给出一笔借款。")
    if len(debts) > MAX_LOANS:
        raise InputError(
            "loans", f"A plan can hold at most {MAX_LOANS} loans.", f"一个计划最多包含{MAX_LOANS}笔借款。"
        )
    debts = tuple(validate_debt(d, n) for n, d in enumerate(debts, 1))
    budget = validate_budget(budget)
    total_minimums = sum((d.minimum for d in debts), ZERO)
    shortfall = max(total_minimums - budget, ZERO)
    order = tuple(i + 1 for i in priority(debts, strategy))
    never = never_end_on_minimums(debts)
    if shortfall > 0:
        return Plan(
            strategy, debts, budget, total_minimums, shortfall, order,
            None, None, (), (), None, None, never, None,
        )  # fmt: skip
    chosen = simulate(debts, budget, strategy)
    base = chosen if strategy == MINIMUMS else simulate(debts, budget, MINIMUMS)
    saving = None
    if chosen.total_interest is not None and base.total_interest is not None:
        saving = base.total_interest - chosen.total_interest
    return Plan(
        strategy=strategy,
        debts=debts,
        budget=budget,
        total_minimums=total_minimums,
        shortfall=ZERO,
        order=order,
        months=chosen.months,
        total_interest=chosen.total_interest,
        payoffs=chosen.payoffs,
        schedule=chosen.schedule,
        minimums_months=base.months,
        minimums_interest=base.total_interest,
        never_end_on_minimums=never,
        saving_vs_minimums=saving,
    )


def shown(value: Optional[Decimal]) -> Optional[Decimal]:
    """Money as presented (2 decimals), None kept."""
    return None if value is None else money(value)


# --------------------------------------------------------------------------- the answer, zh and en


def _yuan(value: Decimal) -> str:
    return f"{money(value):,}"


def loan_name(plan: Plan, number: int, language: str) -> str:
    """ "第2笔（借呗）" / "loan 2 (Jiebei)": the number, and the label the borrower gave if any."""
    label = plan.debts[number - 1].label
    if language == "en":
        return f"loan {number}" + (f" ({label})" if label else "")
    return f"第{number}笔" + (f"（{label}）" if label else "")


def _why_first(plan: Plan, number: int, language: str) -> str:
    debt = plan.debts[number - 1]
    if debt.overdue:
        return pick(
            language,
            "它已经逾期：逾期会产生罚息，放贷机构会报送征信，记录在还清后保留5年（《征信业管理条例》第16条）",
            "it is overdue: late payments cost penalty interest and the lender reports them to the credit "
            "reference system, where the record stays 5 years after repayment (Credit Reporting Regulation, Art. 16)",
        )
    if plan.strategy == AVALANCHE:
        rate = finance.percent(debt.annual_rate)
        return pick(
            language,
            f"它的利率最高（折合年化{rate}%），多还的每一元在这里省的利息最多",
            f"it has the highest rate ({rate}% a year), so every extra yuan there saves the most interest",
        )
    return pick(
        language,
        f"它的欠款最少（{_yuan(debt.balance)}元），最快还清、少一笔账",
        f"it has the smallest balance ({_yuan(debt.balance)} yuan), so it is closed soonest",
    )


NEVER_BORROW = (
    "别借新还旧（以贷养贷）：银保监会2020年第6号风险提示专门警示这种做法，债只会越滚越大。",
    "Do not take a new loan to repay an old one (以贷养贷): the CBIRC risk alert 2020 No. 6 warns against "
    "exactly that; the debt only grows.",
)


def next_step(plan: Plan, language: str) -> str:
    """One next step: negotiate with the overdue lender, or talk to a counselor."""
    overdue = [n for n, d in enumerate(plan.debts, 1) if d.overdue]
    if overdue or not plan.feasible:
        who = loan_name(plan, overdue[0], language) if overdue else None
        return pick(
            language,
            f"下一步：今天就联系{who + '的机构' if who else '各家放贷机构'}，说明情况、问能否协商还款安排。"
            "信用卡银行可以商定最长5年的个性化分期；其他贷款能否重组由机构决定，不是法定权利；"
            "不要找收费的“代理协商”（《商业银行信用卡业务监督管理办法》第70条）。",
            f"Next step: contact {'the lender of ' + who if who else 'each lender'} today, explain, and ask "
            "for a repayment arrangement. For a credit card the bank may agree an instalment plan of up to "
            "5 years; for other loans restructuring is the lender's decision, not a right; avoid paid "
            "'negotiation agents' (credit-card rules: 商业银行信用卡业务监督管理办法, Art. 70).",
        )
    return pick(
        language,
        "下一步：照这个顺序设好每月的还款；想让人帮你一起看，可以转人工顾问。",
        "Next step: set up the monthly payments in this order; to go through it with a person, ask for a "
        "counselor.",
    )


def render_plan(plan: Plan, language: str) -> str:
    """The plan in one short message: which loan first and why, months to debt-free, interest saved,
    the warning against borrowing to repay, and one next step."""
    if not plan.feasible:
        text = pick(
            language,
            f"你每月能还{_yuan(plan.budget)}元，但几笔的最低还款加起来是{_yuan(plan.total_minimums)}元，"
            f"每月差{_yuan(plan.shortfall)}元。这意味着不协商的话，每月都会有一笔逾期。",
            f"You can pay {_yuan(plan.budget)} yuan a month, but the minimums add up to "
            f"{_yuan(plan.total_minimums)} yuan: {_yuan(plan.shortfall)} yuan short every month. Without an "
            "arrangement with the lenders, some payment will be late every month.",
        )
        return "\n".join([text, pick(language, *NEVER_BORROW), next_step(plan, language)])
    parts = []
    if plan.months is None:
        parts.append(
            pick(
                language,
                f"每月{_yuan(plan.budget)}元不够：利息涨得比还得快，{MAX_PLAN_MONTHS // 12}年内都还不清。",
                f"{_yuan(plan.budget)} yuan a month is not enough: interest grows faster than the payments, "
                f"and the loans are not paid off within {MAX_PLAN_MONTHS // 12} years.",
            )
        )
    else:
        first = plan.first
        if first is not None and len(plan.debts) > 1:
            parts.append(
                pick(
                    language,
                    f"先还{loan_name(plan, first, language)}，因为{_why_first(plan, first, language)}。"
                    "其他几笔按时还最低还款。",
                    f"Pay {loan_name(plan, first, language)} first because {_why_first(plan, first, language)}. "
                    "Keep paying the minimum on the others.",
                )
            )
        parts.append(
            pick(
                language,
                f"每月还{_yuan(plan.budget)}元，{plan.months}个月全部还清，总利息{_yuan(plan.total_interest)}元。",
                f"At {_yuan(plan.budget)} yuan a month you are debt-free in {plan.months} months, with "
                f"{_yuan(plan.total_interest)} yuan of interest in total.",
            )
        )
        if plan.strategy != MINIMUMS and plan.saving_vs_minimums is not None:
            parts.append(
                pick(
                    language,
                    f"比只还最低还款少付利息{_yuan(plan.saving_vs_minimums)}元"
                    f"（只还最低要{plan.minimums_months}个月）。",
                    f"That is {_yuan(plan.saving_vs_minimums)} yuan less interest than paying only the "
                    f"minimums (which takes {plan.minimums_months} months).",
                )
            )
    if plan.never_end_on_minimums:
        names = pick(language, "、", ", ").join(
            loan_name(plan, n, language) for n in plan.never_end_on_minimums
        )
        parts.append(
            pick(
                language,
                f"注意：{names}的最低还款还不够付当月利息，只还最低永远还不完。",
                f"Note: the minimum on {names} does not cover its interest; on minimums alone it never ends.",
            )
        )
    parts.append(pick(language, *NEVER_BORROW))
    parts.append(next_step(plan, language))
    return "\n".join(parts)


SHOWN_MONTHS = 12


def render_schedule(plan: Plan, language: str, limit: int = SHOWN_MONTHS) -> str:
    """The first months of the plan: what to pay on each loan, and when each loan ends."""
    if not plan.schedule:
        return pick(language, "这个预算还排不出还款计划。", "There is no schedule for this budget.")
    lines = []
    for month in plan.schedule[:limit]:
        paid = pick(language, "，", ", ").join(
            pick(language, f"第{r.loan}笔{_yuan(r.payment)}", f"#{r.loan} {_yuan(r.payment)}")
            for r in month.loans
        )
        lines.append(pick(language, f"第{month.month}月：{paid}", f"Month {month.month}: {paid}"))
    if len(plan.schedule) > limit:
        lines.append(pick(language, f"……共{len(plan.schedule)}个月", f"… {len(plan.schedule)} months in all"))
    ends = pick(language, "；", "; ").join(
        pick(language, f"第{p.loan}笔在第{p.month}月还清", f"loan {p.loan} ends in month {p.month}")
        for p in plan.payoffs
    )
    if ends:
        lines.append(pick(language, f"还清顺序：{ends}。", f"Payoff order: {ends}."))
    return "\n".join(lines)
