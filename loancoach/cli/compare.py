"""``loancoach compare``: total cost and real APR of two loan offers, and which is cheaper.

Each offer is one argument of key=value pairs, e.g. ``"amount=5万 months=12 apr=18 upfront-fee=500"``;
keys are the ``afford`` options without dashes in front. Nothing is recorded.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Dict

from loancoach.calculator import finance
from loancoach.calculator.finance import InputError, LoanTerms, money, percent
from loancoach.cli.afford import (
    FLAGS,
    METHOD_CHOICES,
    RATE_FLAGS,
    chosen_rate,
    money_arg,
    months_arg,
    result_json,
    usage_error,
)
from loancoach.cli.errors import UsageError

KEYS = ("amount", "months", "method", "upfront_fee", "deducted", *RATE_FLAGS)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare two loan offers by total cost and real APR",
        description='Compare two offers, each given as key=value pairs: "amount=10000 months=12 apr=18". '
        "Keys: amount, months, one of apr / monthly-rate / daily-rate / monthly-fee-rate (percents: 18 "
        "means 18%), and optionally method, upfront-fee, deducted. With --json, money and percents are "
        "strings with 2 decimals.",
    )
    parser.add_argument("first", help='the first offer, e.g. "amount=10000 months=12 apr=18"')
    parser.add_argument("second", help='the second offer, e.g. "amount=10000 months=12 monthly-fee-rate=0.6"')
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def offer_terms(spec: str, which: str) -> LoanTerms:
    """Read one offer from key=value pairs (separated by spaces or commas)."""
    values: Dict[str, str] = {}
    for pair in filter(None, re.split(r"[\s,;]+", spec.strip())):
        key, sep, value = pair.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep or key not in KEYS or not value:
            keys = ", ".join(k.replace("_", "-") for k in KEYS)
            raise UsageError(f"{which} offer: cannot read {pair!r}; use key=value with keys {keys}")
        values[key] = value
    for required in ("amount", "months"):
        if required not in values:
            raise UsageError(f"{which} offer: {required}= is missing")
    try:
        kind, rate, rate_key = chosen_rate({k: values.get(k) for k in KEYS}, prefix="")
    except UsageError as exc:
        raise UsageError(f"{which} offer: {exc}") from None
    method = values.get("method")
    if method is not None and method not in METHOD_CHOICES:
        raise UsageError(f"{which} offer: method must be one of {', '.join(sorted(METHOD_CHOICES))}")
    terms = LoanTerms(
        amount=money_arg(values["amount"], f"{which} offer amount"),
        months=months_arg(values["months"], f"{which} offer months"),
        rate=rate,
        rate_kind=kind,
        method=METHOD_CHOICES.get(method) if method else None,
        upfront_fee=money_arg(values.get("upfront_fee"), f"{which} offer upfront-fee") or Decimal(0),
        deducted=money_arg(values.get("deducted"), f"{which} offer deducted") or Decimal(0),
    )
    try:
        return finance.validate_terms(terms)
    except InputError as exc:
        flags = {field: f"{which} offer {flag.lstrip('-')}" for field, flag in FLAGS.items()}
        raise usage_error(exc, {**flags, "rate": f"{which} offer {rate_key}"}) from None


def run(args) -> int:
    comparison = finance.compare_offers(offer_terms(args.first, "first"), offer_terms(args.second, "second"))
    if args.json:
        summary = {}
        for name, result in (("first", comparison.first), ("second", comparison.second)):
            data = result_json(result)
            data.pop("schedule")
            summary[name] = data
        summary.update(
            cheaper_by_cost=comparison.cheaper_by_cost,
            cost_difference=str(money(comparison.cost_difference)),
            cheaper_by_apr=comparison.cheaper_by_apr,
            apr_difference=str(percent(comparison.apr_difference)),
        )
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    a, b = comparison.first, comparison.second
    rows = [
        ("Amount", f"{money(a.terms.amount):,}", f"{money(b.terms.amount):,}"),
        ("Months", str(a.terms.months), str(b.terms.months)),
        ("First payment", f"{money(a.monthly_payment):,}", f"{money(b.monthly_payment):,}"),
        ("Total cost", f"{money(a.total_cost):,}", f"{money(b.total_cost):,}"),
        ("Real APR (IRR x 12)", f"{percent(a.apr)}%", f"{percent(b.apr)}%"),
        (
            "Effective annual rate",
            f"{percent(a.effective_annual_rate)}%",
            f"{percent(b.effective_annual_rate)}%",
        ),
    ]
    print(f"{'':<22} {'first':>14} {'second':>14}")
    for label, left, right in rows:
        print(f"{label:<22} {left:>14} {right:>14}")
    print()
    if comparison.cheaper_by_cost:
        difference = f"{money(comparison.cost_difference):,}"
        print(f"Cheaper in total cost: the {comparison.cheaper_by_cost} offer, by {difference} yuan.")
    else:
        print("Both offers cost the same in total.")
    if comparison.cheaper_by_apr:
        points = percent(comparison.apr_difference)
        print(f"Lower real APR: the {comparison.cheaper_by_apr} offer, by {points} points.")
    else:
        print("Both offers have the same real APR.")
    by_cost, by_apr = comparison.cheaper_by_cost, comparison.cheaper_by_apr
    if by_cost and by_apr and by_cost != by_apr:
        print(
            "The two measures disagree (the offers differ in amount, term or how fast they are repaid): "
            "the real APR is the fairer comparison."
        )
    return 0
