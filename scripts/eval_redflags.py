"""Evaluate the red-flag checker on a labelled set; write results/redflags_eval_<set>.json.

Prints precision and recall for "misleading" (the positive class), per-category precision and
recall, and the misleading/caution/ok confusion matrix. ``--set dev`` (default) scores the
development set the rules and thresholds were tuned on (not a measure of quality);
``--set blind`` scores the blind hold-out, which only the lead runs. With ``--check`` the exit
code is 1 unless misleading precision ≥ 0.95, recall ≥ 0.95 and every category's recall ≥ 0.90.

Usage: ``.venv/bin/python scripts/eval_redflags.py [--set dev|dev2|dev3|dev4|dev5|blind] [--check] [--mistakes] [--out PATH]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redflag_evaluation import (  # noqa: E402
    BLIND,
    CATEGORY_RECALL_BAR,
    DEV,
    DEV2,
    DEV3,
    DEV4,
    DEV5,
    DEV6,
    PRECISION_BAR,
    RECALL_BAR,
    evaluate,
    format_report,
    load_examples,
)

SETS = {"dev": DEV, "dev2": DEV2, "dev3": DEV3, "dev4": DEV4, "dev5": DEV5, "dev6": DEV6, "blind": BLIND}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=list(SETS), default="dev")
    parser.add_argument("--check", action="store_true", help="exit 1 below the bars")
    parser.add_argument("--min-precision", type=float, default=PRECISION_BAR, help="misleading precision bar")
    parser.add_argument("--min-recall", type=float, default=RECALL_BAR, help="misleading recall bar")
    parser.add_argument(
        "--min-category-recall", type=float, default=CATEGORY_RECALL_BAR, help="every category's recall bar"
    )
    parser.add_argument("--mistakes", action="store_true", help="list the texts judged wrongly")
    parser.add_argument("--out", type=Path, help="JSON report (default results/redflags_eval_<set>.json)")
    args = parser.parse_args(argv)

    path = SETS[args.set]
    if not path.exists():
        print(f"eval_redflags: {path.relative_to(ROOT)} does not exist", file=sys.stderr)
        return 2
    examples = load_examples(path)
    started = time.perf_counter()
    evaluation = evaluate(examples)
    seconds = time.perf_counter() - started
    if not args.mistakes:
        evaluation.mistakes = []
    print(format_report(f"{args.set} ({path.relative_to(ROOT)})", evaluation))

    report = {"set": args.set, "file": str(path.relative_to(ROOT)), "seconds": round(seconds, 3)}
    report.update(evaluation.to_dict())
    out = args.out or ROOT / "results" / f"redflags_eval_{args.set}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    weak = [
        c for c, m in evaluation.per_category.items() if m["n"] and m["recall"] < args.min_category_recall
    ]
    passed = evaluation.precision >= args.min_precision and evaluation.recall >= args.min_recall and not weak
    print(
        f"bars: precision {args.min_precision:.2f}, recall {args.min_recall:.2f}, every category's recall "
        f"{args.min_category_recall:.2f} -> {'PASS' if passed else 'FAIL'}"
        + (f" (categories below: {', '.join(weak)})" if weak else "")
    )
    if args.check and not passed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
