"""Time one full affordability calculation (schedule, costs, IRR-based APR, DTI) and check the budget.

Equal instalments over 36 months with an up-front fee, the case the chat computes most. Prints the
median microseconds per calculation over several timeit runs; exits 1 above the 1,000 µs budget.
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

BUDGET_US = 1000.0
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


def main() -> int:
    result = one_calculation()  # warm up, and show what is being timed
    runs = timeit.repeat(one_calculation, number=CALLS_PER_RUN, repeat=RUNS)
    per_call = [seconds / CALLS_PER_RUN * 1e6 for seconds in runs]
    median = statistics.median(per_call)
    print(
        f"calculate(): 100,000 yuan, 36 months, 12.5% APR, 1,500 fee -> real APR {percent(result.apr)}%, "
        f"DTI {percent(result.dti)}%"
    )
    print(
        f"median {median:.1f} us per calculation ({RUNS} runs x {CALLS_PER_RUN} calls; "
        f"min {min(per_call):.1f}, max {max(per_call):.1f}); budget {BUDGET_US:.0f} us"
    )
    if median > BUDGET_US:
        print("over budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
