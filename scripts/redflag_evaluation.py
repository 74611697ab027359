"""Evaluation of the checker on a labelled set (JSON Lines: text, language, label, categories).

The positive class is ``misleading``: precision is the share of texts called misleading that are,
recall the share of misleading texts that are called so. Category agreement (expected categories
found among the flags) is reported per category as precision and recall; the bars apply to the
verdict (misleading precision and recall) and to each category's recall.

Sets: ``dev.jsonl`` (tuning: the old dev set plus the retired old hold-out) and
``blind_holdout.jsonl`` (written by someone who never saw the patterns or the corpus; only scored,
never used to choose anything). Extra keys in a row ("format", "style") are ignored.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from loancoach.redflags.categories import MISLEADING, VERDICTS

DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "redflags"
BLIND = DATA_DIR / "blind_holdout.jsonl"
DEV = DATA_DIR / "dev.jsonl"
DEV2 = DATA_DIR / "dev2.jsonl"  # a second tuning set, hand-written apart from the corpus and the patterns
DEV3 = DATA_DIR / "dev3.jsonl"  # a third, written 2026-12-05 by a helper who saw neither corpus nor patterns
DEV4 = DATA_DIR / "dev4.jsonl"  # a fourth, written 2026-12-05 04:30 UTC the same way, committed before use
# a fifth, 2026-12-05 09:45 UTC, half legitimate (160 with no frame at all) to separate the offer gates
DEV5 = DATA_DIR / "dev5.jsonl"
# a sixth, 2026-12-05 12:09 UTC: 106 insider-channel, 90 no-credit-check, 69 guaranteed-approval texts
DEV6 = DATA_DIR / "dev6.jsonl"
PRECISION_BAR = 0.95
RECALL_BAR = 0.95
CATEGORY_RECALL_BAR = 0.90


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    label: str
    categories: Tuple[str, ...]


@dataclass(frozen=True)
class Mistake:
    text: str
    expected: str
    got: str
    categories: Tuple[str, ...]


@dataclass
class Evaluation:
    n: int
    precision: float
    recall: float
    confusion: Dict[str, Dict[str, int]]  # expected label → predicted label → count
    mistakes: List[Mistake] = field(default_factory=list)
    category_recall: float = 0.0  # expected categories that were flagged, over all expected
    per_category: Dict[str, Dict[str, float]] = field(default_factory=dict)  # name → precision, recall, n

    @property
    def weak_categories(self) -> List[str]:
        return [c for c, m in self.per_category.items() if m["n"] and m["recall"] < CATEGORY_RECALL_BAR]

    @property
    def passed(self) -> bool:
        return self.precision >= PRECISION_BAR and self.recall >= RECALL_BAR and not self.weak_categories

    def to_dict(self) -> Dict[str, object]:
        return {
            "n": self.n,
            "positive_class": MISLEADING,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "bars": {"precision": PRECISION_BAR, "recall": RECALL_BAR},
            "passed": self.passed,
            "confusion": self.confusion,
            "category_recall": round(self.category_recall, 4),
            "category_recall_bar": CATEGORY_RECALL_BAR,
            "per_category": self.per_category,
            "mistakes": [m.__dict__ | {"categories": list(m.categories)} for m in self.mistakes],
        }


def load_examples(path: Path) -> List[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["label"] not in VERDICTS:
            raise ValueError(f"{path}:{number}: unknown label {row['label']!r}")
        examples.append(Example(row["text"], row["language"], row["label"], tuple(row.get("categories", ()))))
    return examples


def evaluate(examples: Sequence[Example], language: Optional[str] = None) -> Evaluation:
    """Check every example (language detected unless given) and score the verdicts."""
    from loancoach.redflags.categories import CATEGORIES
    from loancoach.redflags.detector import check

    per: Dict[str, Counter] = {c.name: Counter() for c in CATEGORIES}
    counts: Counter = Counter()
    mistakes: List[Mistake] = []
    expected_categories = found_categories = 0
    for example in examples:
        result = check(example.text, language)
        counts[(example.label, result.verdict)] += 1
        flagged = set(result.categories)
        expected_categories += len(example.categories)
        found_categories += len(set(example.categories) & flagged)
        for name, tally in per.items():
            want, got = name in example.categories, name in flagged
            tally["tp"] += want and got
            tally["fp"] += got and not want
            tally["fn"] += want and not got
        if result.verdict != example.label:
            mistakes.append(Mistake(example.text, example.label, result.verdict, tuple(result.categories)))
    tp = counts[(MISLEADING, MISLEADING)]
    predicted = sum(n for (_, got), n in counts.items() if got == MISLEADING)
    actual = sum(n for (want, _), n in counts.items() if want == MISLEADING)
    confusion = {want: {got: counts[(want, got)] for got in VERDICTS} for want in VERDICTS}
    return Evaluation(
        n=len(examples),
        precision=tp / predicted if predicted else 0.0,
        recall=tp / actual if actual else 0.0,
        confusion=confusion,
        mistakes=mistakes,
        category_recall=found_categories / expected_categories if expected_categories else 1.0,
        per_category={
            name: {
                "precision": round(t["tp"] / (t["tp"] + t["fp"]), 4) if t["tp"] + t["fp"] else 0.0,
                "recall": round(t["tp"] / (t["tp"] + t["fn"]), 4) if t["tp"] + t["fn"] else 0.0,
                "n": t["tp"] + t["fn"],
            }
            for name, t in per.items()
        },
    )


def format_report(name: str, evaluation: Evaluation) -> str:
    lines = [
        f"{name}: {evaluation.n} texts, positive class = misleading",
        f"precision {evaluation.precision:.3f} (bar {PRECISION_BAR})  recall {evaluation.recall:.3f} (bar {RECALL_BAR})",
        f"category recall {evaluation.category_recall:.3f} (information only)",
        "confusion (rows expected, columns predicted):",
        "              " + "".join(f"{v:>12}" for v in VERDICTS),
    ]
    for want in VERDICTS:
        lines.append(f"  {want:<12}" + "".join(f"{evaluation.confusion[want][got]:>12}" for got in VERDICTS))
    lines.append(f"per category (recall bar {CATEGORY_RECALL_BAR}):  precision  recall    n")
    for name, m in evaluation.per_category.items():
        mark = "  ✗" if name in evaluation.weak_categories else ""
        lines.append(f"  {name:<26}{m['precision']:>9.3f}{m['recall']:>8.3f}{m['n']:>5}{mark}")
    for mistake in evaluation.mistakes:
        lines.append(
            f"  ✗ expected {mistake.expected}, got {mistake.got} {list(mistake.categories)}: {mistake.text}"
        )
    return "\n".join(lines)
