"""``loancoach afford``: repayment schedule, real APR (IRR) and affordability of one loan offer.

The calculation is stored anonymised (inputs and results, no text) unless ``--no-record``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Dict, Optional

from loancoach.calculator import figures, finance
from loancoach.calculator.finance import InputError, LoanResult, LoanTerms, money, percent
from loancoach.cli.errors import UsageError

RATE_FLAGS = {
    "apr": finance.APR,
    "monthly_rate": finance.MONTHLY_RATE,
    "daily_rate": finance.DAILY_RATE,
    "monthly_fee_rate": finance.MONTHLY_FEE_RATE,
}
METHOD_CHOICES = {
    "equal-installment": finance.EQUAL_INSTALLMENT,
    "equal-principal": finance.EQUAL_PRINCIPAL,
    "interest-only": finance.INTEREST_ONLY,
}
METHOD_LABELS = {
    finance.EQUAL_INSTALLMENT: "equal instalments (等额本息)",
    finance.EQUAL_PRINCIPAL: "equal principal (等额本金)",
    finance.INTEREST_ONLY: "interest only (先息后本)",
    finance.MONTHLY_FEE: "monthly-fee instalments (分期手续费)",
}
RATE_LABELS = {
    finance.APR: "APR",
    finance.MONTHLY_RATE: "a month",
    finance.DAILY_RATE: "a day",
    finance.MONTHLY_FEE_RATE: "fee a month",
}
# InputError.field → the option that carries it.
FLAGS = {
    "amount": "--amount",
    "months": "--months",
    "method": "--method",
    "upfront_fee": "--upfront-fee",
    "deducted": "--deducted",
    "income": "--income",
    "monthly_debts": "--monthly-debts",
}
SHOWN_ROWS = 12


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "afford",
        help="repayment schedule, real APR (IRR) and affordability of a loan",
        description="Schedule, total cost, real APR by IRR (PBOC method) and, with --income, the DTI "
        "verdict of one loan. Percent arguments are percents: 18 means 18%. With --json, money and "
        "percents are strings with 2 decimals (the rate you gave is echoed with at least 2). DTI bands are "
        "LoanCoach's editorial guidance: below 36% affordable, 36-50% stretched, above 50% unaffordable.",
    )
    parser.add_argument(
        "--amount", required=True, help='loan amount in yuan; free text such as "5万" or "50k" is read too'
    )
    parser.add_argument("--months", required=True, help="term in months, 1 to 360")
    rates = parser.add_argument_group(
        "rate (give exactly one, as a percent; or, without a rate, the payment per month or the total repaid)"
    )
    rates.add_argument("--apr", metavar="P", help="annual nominal rate (monthly rate = P / 12)")
    rates.add_argument("--monthly-rate", metavar="P", help="monthly rate (月息)")
    rates.add_argument("--daily-rate", metavar="P", help="daily rate (日息; monthly = P x 365 / 12)")
    rates.add_argument(
        "--monthly-fee-rate",
        metavar="P",
        help="monthly fee on the full amount (分期手续费): payment = A/n + A x P%%",
    )
    rates.add_argument(
        "--payment",
        metavar="X",
        help="what is paid each month, yuan: the real APR is worked out from it (IRR)",
    )
    rates.add_argument(
        "--total", metavar="X", help="all the payments together, yuan (spread evenly over the term)"
    )
    parser.add_argument(
        "--method",
        choices=sorted(METHOD_CHOICES),
        help="repayment method for an interest rate (default equal-installment)",
    )
    parser.add_argument("--upfront-fee", metavar="X", help="fee paid separately before the money arrives")
    parser.add_argument("--deducted", metavar="X", help="kept back from the money paid out (砍头息), yuan")
    parser.add_argument("--income", metavar="X", help="monthly income, yuan: adds the DTI and a verdict")
    parser.add_argument("--monthly-debts", metavar="X", help="existing monthly repayments (needs --income)")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (numbers as strings with 2 decimals)"
    )
    parser.add_argument("--no-record", action="store_true", help="do not store this calculation")
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------- arguments


def money_arg(value: Optional[str], flag: str) -> Optional[Decimal]:
    """A yuan amount: a plain number, or free text such as 5万 / 50k / ¥8,000."""
    if value is None:
        return None
    try:
        return Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        pass
    parsed = figures.parse_amount(value)
    if parsed is None:
        raise UsageError(f"{flag}: cannot read {value!r} as an amount of money")
    return parsed


def percent_arg(value: str, flag: str) -> Decimal:
    """A percent as a number: 18 or 18% both mean 18%."""
    try:
        return Decimal(value.strip().rstrip("%").strip())
    except InvalidOperation:
        raise UsageError(f"{flag}: {value!r} is not a percent (write 18 for 18%)") from None


def months_arg(value: str, flag: str = "--months") -> Decimal:
    """A number of months: a plain number, or free text such as 两年半 / 3 years."""
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        pass
    parsed = figures.parse_term(value)
    if parsed is None:
        raise UsageError(f"{flag}: cannot read {value!r} as a number of months")
    return Decimal(parsed)


def usage_error(exc: InputError, flags: Dict[str, str]) -> UsageError:
    return UsageError(f"{flags.get(exc.field, '--' + exc.field.replace('_', '-'))}: {exc.en}")


def chosen_rate(values: Dict[str, Optional[str]], prefix: str = "--"):
    """The one rate given among the rate options: (kind, percent, flag)."""
    given = [(name, value) for name, value in values.items() if name in RATE_FLAGS and value is not None]
    names = ", ".join(prefix + n.replace("_", "-") for n in RATE_FLAGS)
    if len(given) != 1:
        what = "no rate" if not given else "more than one rate"
        raise UsageError(f"{what} given: use exactly one of {names}")
    name, value = given[0]
    flag = prefix + name.replace("_", "-")
    return RATE_FLAGS[name], percent_arg(value, flag), flag


# --------------------------------------------------------------------------- output


def _m(value: Optional[Decimal]) -> Optional[str]:
    return None if value is None else str(money(value))


def _p(value: Optional[Decimal]) -> Optional[str]:
    return None if value is None else str(percent(value))


def _given_percent(value: Decimal) -> str:
    """A rate as the user gave it: at least 2 decimals, more if they wrote more (日息 0.035)."""
    exact = value.normalize()
    return str(exact) if exact.as_tuple().exponent < -2 else str(value.quantize(Decimal("0.01")))


def result_json(result: LoanResult, paid: Optional[Dict[str, str]] = None) -> dict:
    """``paid``: {"payment": ...} or {"total": ...} when the rate came from the payment (then ``rate`` is the
    nominal rate of those payments, to 2 decimals)."""
    terms = result.terms
    out = {
        "amount": _m(terms.amount),
        "months": terms.months,
        "method": terms.method,
        "rate_kind": terms.rate_kind,
        "rate": _given_percent(terms.rate),
        "upfront_fee": _m(terms.upfront_fee),
        "deducted": _m(terms.deducted),
        "received": _m(terms.received),
        "monthly_payment": _m(result.monthly_payment),
        "last_payment": _m(result.last_payment),
        "total_repayment": _m(result.total_repayment),
        "total_interest": _m(result.total_interest),
        "total_cost": _m(result.total_cost),
        "nominal_rate": _p(result.nominal_rate),
        "apr": _p(result.apr),
        "effective_annual_rate": _p(result.effective_annual_rate),
        "income": _m(result.income),
        "monthly_debts": _m(result.monthly_debts),
        "dti": _p(result.dti),
        "verdict": result.verdict,
        "charge": result.charge,
        "schedule": [
            {
                "period": row.period,
                "payment": _m(row.payment),
                "principal": _m(row.principal),
                "interest": _m(row.interest),
                "balance": _m(row.balance),
            }
            for row in result.schedule
        ],
        "warnings": [{"code": w.code, "message": w.en, "message_zh": w.zh} for w in result.warnings],
    }
    if paid:
        out.update(rate=_p(terms.rate), **paid)
    return out


def _yuan(value: Decimal) -> str:
    return f"{money(value):,}"


def result_text(result: LoanResult, paid: Optional[str] = None) -> str:
    """The result as a table; ``paid`` ("paying 8,833.30 a month") when the rate came from the payment."""
    terms = result.terms
    given = paid or f"{_given_percent(terms.rate)}% {RATE_LABELS[terms.rate_kind]}"
    lines = [
        f"Loan {_yuan(terms.amount)} yuan over {terms.months} months, {METHOD_LABELS[terms.method]}, {given}",
        "",
        f"  Money received        {_yuan(terms.received):>14}",
        f"  First payment         {_yuan(result.monthly_payment):>14}",
        f"  Last payment          {_yuan(result.last_payment):>14}",
        f"  Total repayment       {_yuan(result.total_repayment):>14}",
        f"  Total cost            {_yuan(result.total_cost):>14}   "
        f"({result.charge} {_yuan(result.total_interest)}, "
        f"fees and deductions {_yuan(terms.upfront_fee + terms.deducted)})",
        f"  Nominal annual rate   {percent(result.nominal_rate):>13}%",
        f"  Real APR (IRR x 12)   {percent(result.apr):>13}%",
        f"  Effective annual rate {percent(result.effective_annual_rate):>13}%",
    ]
    if result.dti is not None:
        lines.append(
            f"  DTI                   {percent(result.dti):>13}%   {result.verdict} "
            "(LoanCoach's guidance: <36% affordable, 36-50% stretched, >50% unaffordable)"
        )
    for warning in result.warnings:
        lines += ["", f"! {warning.en}"]
    charge = result.charge.capitalize()
    lines += ["", f"  {'Period':>6} {'Payment':>14} {'Principal':>14} {charge:>14} {'Balance':>14}"]
    rows = result.schedule
    shown = rows if len(rows) <= SHOWN_ROWS + 1 else rows[:SHOWN_ROWS]
    for row in shown:
        lines.append(
            f"  {row.period:>6} {_yuan(row.payment):>14} {_yuan(row.principal):>14} "
            f"{_yuan(row.interest):>14} {_yuan(row.balance):>14}"
        )
    if len(shown) < len(rows):
        last = rows[-1]
        lines.append(f"  {'...':>6}   ({len(rows) - len(shown) - 1} more rows; --json prints them all)")
        lines.append(
            f"  {last.period:>6} {_yuan(last.payment):>14} {_yuan(last.principal):>14} "
            f"{_yuan(last.interest):>14} {_yuan(last.balance):>14}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- run


def _record(result: LoanResult) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from loancoach.records.store import record_result

    try:
        record_result(result, source="cli", language="en")
    except SQLAlchemyError as exc:  # the answer still stands; say that it was not kept
        print(f"loancoach afford: warning: calculation not recorded ({type(exc).__name__})", file=sys.stderr)


def _terms_from_payment(args) -> LoanTerms:
    """--payment or --total instead of a rate: the loan those payments repay (equal instalments)."""
    rates = [f"--{n.replace('_', '-')}" for n in RATE_FLAGS if getattr(args, n) is not None]
    if args.payment is not None and args.total is not None:
        raise UsageError("give --payment or --total, not both")
    if rates:
        raise UsageError(
            f"give a rate ({', '.join(rates)}) or a payment, not both: the payment gives the rate"
        )
    if args.method:
        raise UsageError("--method does not go with a payment: equal payments are equal instalments")
    flag = "--payment" if args.payment is not None else "--total"
    paid = money_arg(args.payment if args.payment is not None else args.total, flag)
    try:
        terms = finance.terms_from_payment(
            money_arg(args.amount, "--amount"),
            months_arg(args.months),
            **({"payment": paid} if flag == "--payment" else {"total": paid}),
        )
    except InputError as exc:
        raise usage_error(exc, {**FLAGS, "payment": flag}) from None
    # fees and deductions lower the money received: the real APR rises above the payments' own rate
    return replace(
        terms,
        upfront_fee=money_arg(args.upfront_fee, "--upfront-fee") or Decimal(0),
        deducted=money_arg(args.deducted, "--deducted") or Decimal(0),
    )


def run(args) -> int:
    if args.monthly_debts is not None and args.income is None:
        raise UsageError("--monthly-debts needs --income (the DTI is debts and payment over income)")
    rate_flag, paid = "--apr", None
    if args.payment is not None or args.total is not None:
        terms = _terms_from_payment(args)
        key = "payment" if args.payment is not None else "total"
        paid = {key: _m(money_arg(getattr(args, key), f"--{key}"))}
    else:
        kind, rate, rate_flag = chosen_rate({name: getattr(args, name) for name in RATE_FLAGS})
        terms = LoanTerms(
            amount=money_arg(args.amount, "--amount"),
            months=months_arg(args.months),
            rate=rate,
            rate_kind=kind,
            method=METHOD_CHOICES.get(args.method) if args.method else None,
            upfront_fee=money_arg(args.upfront_fee, "--upfront-fee") or Decimal(0),
            deducted=money_arg(args.deducted, "--deducted") or Decimal(0),
        )
    try:
        result = finance.calculate(
            terms,
            income=money_arg(args.income, "--income"),
            monthly_debts=money_arg(args.monthly_debts, "--monthly-debts"),
        )
    except InputError as exc:
        raise usage_error(exc, {**FLAGS, "rate": rate_flag, "rate_kind": rate_flag}) from None
    if not args.no_record:
        _record(result)
    if args.json:
        print(json.dumps(result_json(result, paid), ensure_ascii=False))
    else:
        said = None
        if paid:
            said = f"paying {_yuan(Decimal(paid['payment']))} a month" if "payment" in paid else None
            said = said or f"{_yuan(Decimal(paid['total']))} repaid in total"
        print(result_text(result, said))
    return 0
