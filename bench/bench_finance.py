"""Time one full affordability calculation (schedule, costs, IRR-based APR, DTI).

Equal instalments over 36 months with an up-front fee, the case the chat computes most. Prints the
median microseconds per calculation with its spread over several timeit runs, and its ratio to a
reference workload timed in the same run, alternating with it (the textbook payment formula in
Decimal, 36 times): a noisy machine slows both alike, so the ratio is what to compare between runs.
Exits 1 only when the calculation itself is wrong, never on a time.
Run: .venv/bin/python bench/bench_finance.py
"""

from __future__ import annotations

import statistics
import sys
import timeit
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loancoach.calculator.finance import EQUAL_INSTALLMENT, LoanTerms, calculate, percent  # noqa: E402

CALLS_PER_RUN = 200
RUNS = 15

TERMS = LoanTerms(
    amount=Decimal("100000"),
    months=36,
    rate=Decimal("12.5"),
    method=EQUAL_INSTALLMENT,
    upfront_fee=Decimal("1500"),
)


def one_calculation():
    return calculate(TERMS, income=Decimal("20000"), monthly_debts=Decimal("2000"))


def reference():
    """A fixed workload: the equal-instalment payment formula in Decimal, once per month of the term."""
    r = Decimal("12.5") / 1200
    for _ in range(36):
        growth = (1 + r) ** 36
        Decimal("100000") * r * growth / (growth - 1)


def main() -> int:
    result = one_calculation()  # warm up, and show what is being timed
    if percent(result.apr) != Decimal(
        "13.56"
    ):  # IRR checked against numpy-financial in tests/test_finance.py
        print(f"wrong result: real APR {percent(result.apr)}%", file=sys.stderr)
        return 1
    ours, ref = [], []
    for _ in range(RUNS):  # alternate, so that load on the machine hits both alike
        ours.append(timeit.timeit(one_calculation, number=CALLS_PER_RUN) / CALLS_PER_RUN * 1e6)
        ref.append(timeit.timeit(reference, number=CALLS_PER_RUN) / CALLS_PER_RUN * 1e6)
    ratios = sorted(o / r for o, r in zip(ours, ref, strict=True))
    print(
        f"calculate(): 100,000 yuan, 36 months, 12.5% APR, 1,500 fee -> real APR {percent(result.apr)}%, "
        f"DTI {percent(result.dti)}%"
    )
    print(
        f"median {statistics.median(ours):.1f} us per calculation (min {min(ours):.1f}, max {max(ours):.1f}; "
        f"{RUNS} runs x {CALLS_PER_RUN} calls); reference {statistics.median(ref):.1f} us; "
        f"ratio to the reference {statistics.median(ratios):.1f} (min {ratios[0]:.1f}, max {ratios[-1]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
