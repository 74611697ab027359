"""Evaluate the red-flag checker on the hold-out set; write results/redflags_eval.json.

Prints precision and recall for "misleading" (the positive class) and the confusion matrix, and
exits 1 if precision or recall is below 0.95. ``--set dev`` scores the development set instead
(the texts the rules were written against; not a measure of quality).

Usage: ``.venv/bin/python scripts/eval_redflags.py [--set holdout|dev] [--out PATH]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loancoach.redflags import load  # noqa: E402
from loancoach.redflags.evaluation import DEV, HOLDOUT, evaluate, format_report, load_examples  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["holdout", "dev"], default="holdout")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "redflags_eval.json")
    args = parser.parse_args(argv)

    path = HOLDOUT if args.set == "holdout" else DEV
    examples = load_examples(path)
    load()
    started = time.perf_counter()
    evaluation = evaluate(examples)
    seconds = time.perf_counter() - started
    print(format_report(f"{args.set} ({path.relative_to(ROOT)})", evaluation))

    report = {"set": args.set, "file": str(path.relative_to(ROOT)), "seconds": round(seconds, 3)}
    report.update(evaluation.to_dict())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    if not evaluation.passed:
        print("FAIL: precision or recall below 0.95", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
