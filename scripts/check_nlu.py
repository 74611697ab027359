"""Fails (exit 1) when the macro F1 on the NLU hold-out set is below the bar; prints the figures.

Usage: python scripts/check_nlu.py results/nlu/intent_report.json [--min-f1 0.90]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_MIN_F1 = 0.90


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path)
    parser.add_argument("--min-f1", type=float, default=DEFAULT_MIN_F1)
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text("utf-8"))
    macro = report["macro avg"]["f1-score"]
    weak = sorted(
        (name, v["f1-score"], v["support"])
        for name, v in report.items()
        if isinstance(v, dict)
        and "support" in v
        and name not in ("macro avg", "weighted avg", "micro avg")
        and v["f1-score"] < args.min_f1
    )
    print(
        f"NLU hold-out: macro F1 {macro:.3f} (bar {args.min_f1:.2f}), "
        f"accuracy {report.get('accuracy', float('nan')):.3f}, "
        f"{report['macro avg']['support']} examples"
    )
    for name, f1, support in weak:
        print(f"  below the bar: {name:<30} F1 {f1:.3f} ({support} examples)")
    if macro < args.min_f1:
        print(f"FAIL: macro F1 {macro:.3f} < {args.min_f1:.2f}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
