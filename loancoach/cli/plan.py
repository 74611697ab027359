"""``loancoach plan``: a repayment plan for several loans (avalanche, snowball or minimums only).

The plan is stored anonymised (numbers only, no text) unless ``--no-record``.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Dict, List, Optional

from loancoach.calculator import finance
from loancoach.calculator import plan as engine
from loancoach.calculator.finance import InputError, money
from loancoach.calculator.plan import Debt, Plan
from loancoach.cli.afford import money_arg, percent_arg
from loancoach.cli.errors import UsageError

RATE_KEYS = {"apr": finance.APR, "monthly-rate": finance.MONTHLY_RATE, "daily-rate": finance.DAILY_RATE}
LOAN_KEYS = ("name", "balance", "apr", "monthly-rate", "daily-rate", "min", "overdue")
_YES = {"yes", "y", "true", "1", "是"}
_NO = {"no", "n", "false", "0", "否"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="repayment plan for several loans: which to pay first, months to debt-free, interest saved",
        description="Simulates month by month: interest on each balance, every minimum paid, the rest of the "
        "budget to the strategy's target loans (overdue loans first; avalanche: highest rate; snowball: "
        "smallest balance). Percent values are percents: apr=18 means 18%%. With --json, money is a string "
        "with 2 decimals.",
    )
    parser.add_argument(
        "--loan",
        action="append",
        required=True,
        metavar='"balance=X apr=P min=M [overdue=yes] [name=N]"',
        help="one loan (repeat for each): balance, exactly one rate (apr=, monthly-rate=, daily-rate=), "
        "minimum monthly payment min=, and optionally overdue=yes and a name",
    )
    parser.add_argument("--budget", required=True, help="what you can pay in total each month, yuan")
    parser.add_argument("--strategy", choices=engine.STRATEGIES, default=engine.AVALANCHE)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-record", action="store_true", help="do not store this plan")
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------- arguments


def parse_loan(spec: str, number: int) -> Debt:
    """``"balance=20000 apr=24 min=1000 overdue=yes"`` (spaces or commas between pairs) → a Debt."""
    where = f"--loan {number}"
    values: Dict[str, str] = {}
    for pair in re.split(r"[\s,;]+", spec.strip()):
        if not pair:
            continue
        key, sep, value = pair.partition("=")
        key = key.strip().lower().replace("_", "-")
        if key == "minimum":
            key = "min"
        if not sep or key not in LOAN_KEYS:
            raise UsageError(f"{where}: cannot read {pair!r}; use {'=, '.join(LOAN_KEYS)}=")
        if key in values:
            raise UsageError(f"{where}: {key}= given twice")
        values[key] = value.strip()
    for key in ("balance", "min"):
        if not values.get(key):
            raise UsageError(f"{where}: {key}= is missing")
    given = [name for name in RATE_KEYS if values.get(name)]
    if len(given) != 1:
        what = "no rate" if not given else "more than one rate"
        raise UsageError(f"{where}: {what} given; use exactly one of {'=, '.join(RATE_KEYS)}=")
    kind, rate = RATE_KEYS[given[0]], percent_arg(values[given[0]], f"{where} {given[0]}=")
    overdue = values.get("overdue", "no").lower()
    if overdue not in _YES | _NO:
        raise UsageError(f"{where}: overdue= must be yes or no")
    return Debt(
        balance=money_arg(values["balance"], f"{where} balance="),
        rate=rate,
        minimum=money_arg(values["min"], f"{where} min="),
        rate_kind=kind,
        overdue=overdue in _YES,
        label=values.get("name", ""),
    )


def _money_or_none(value) -> Optional[str]:
    return None if value is None else str(money(value))


# --------------------------------------------------------------------------- output


def plan_json(plan: Plan) -> dict:
    return {
        "strategy": plan.strategy,
        "budget": str(money(plan.budget)),
        "total_minimums": str(money(plan.total_minimums)),
        "shortfall": str(money(plan.shortfall)),
        "order": list(plan.order),
        "months": plan.months,
        "total_interest": _money_or_none(plan.total_interest),
        "minimums_months": plan.minimums_months,
        "minimums_interest": _money_or_none(plan.minimums_interest),
        "saving_vs_minimums": _money_or_none(plan.saving_vs_minimums),
        "never_end_on_minimums": list(plan.never_end_on_minimums),
        "payoff_order": [{"loan": p.loan, "month": p.month} for p in plan.payoffs],
        "schedule": [
            {
                "month": month.month,
                "paid": str(money(month.paid)),
                "loans": [
                    {
                        "loan": row.loan,
                        "interest": str(money(row.interest)),
                        "payment": str(money(row.payment)),
                        "balance": str(money(row.balance)),
                    }
                    for row in month.loans
                ],
            }
            for month in plan.schedule
        ],
        "message": engine.render_plan(plan, "en"),
        "message_zh": engine.render_plan(plan, "zh"),
    }


def plan_text(plan: Plan) -> str:
    lines = [f"Strategy: {plan.strategy} · budget {money(plan.budget):,} yuan a month", ""]
    lines.append(f"  {'Loan':<16} {'Balance':>12} {'Rate/yr':>8} {'Minimum':>10}  Overdue")
    for number, debt in enumerate(plan.debts, 1):
        name = f"{number}" + (f" {debt.label}" if debt.label else "")
        lines.append(
            f"  {name:<16} {money(debt.balance):>12,} {money(debt.annual_rate):>7}% {money(debt.minimum):>10,}"
            f"  {'yes' if debt.overdue else 'no'}"
        )
    lines += ["", engine.render_plan(plan, "en")]
    if plan.schedule:
        lines += ["", engine.render_schedule(plan, "en")]
    return "\n".join(lines)


# --------------------------------------------------------------------------- run


def _record(plan: Plan) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from loancoach.records.store import record_plan

    try:
        record_plan(plan, source="cli", language="en")
    except SQLAlchemyError as exc:  # the answer still stands; say that it was not kept
        print(f"loancoach plan: warning: plan not recorded ({type(exc).__name__})", file=sys.stderr)


def run(args) -> int:
    debts: List[Debt] = [parse_loan(spec, n) for n, spec in enumerate(args.loan, 1)]
    budget = money_arg(args.budget, "--budget")
    try:
        plan = engine.make_plan(debts, budget, args.strategy)
    except InputError as exc:
        flag = "--budget" if exc.field == "budget" else "--loan"
        raise UsageError(f"{flag}: {exc.en}") from None
    if not args.no_record:
        _record(plan)
    if args.json:
        print(json.dumps(plan_json(plan), ensure_ascii=False))
    else:
        print(plan_text(plan))
    return 0
