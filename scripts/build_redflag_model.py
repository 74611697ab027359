"""Build the red-flag training corpus and the learned detector, reproducibly.

1. Writes ``data/redflags/corpus.jsonl`` from ``scripts/redflag_corpus.py`` (fixed seed; every row
   names the template families its claims came from).
2. Vectorises with :func:`loancoach.redflags.model.features` (the run-time features: character and
   word n-grams and concept constructions such as a negation before a credit check) and measures
   generalisation group-wise: the template families are split into ``FOLDS`` folds; for each fold a
   model is trained on the rows that use none of its families (vocabulary and idf from those rows
   only) and scores the rows whose first claim comes from it, so every score is for a phrasing the
   model never saw. The hand-written texts of ``data/redflags/natural.jsonl`` are folded by a hash of
   the text. Printed: per-category precision/recall and macro F1 for each candidate ``C``.
3. Chooses ``C`` by that macro F1 and each category's threshold on those held-out scores together
   with ``tests/redflags/dev.jsonl`` (scored by the final model, which never trains on it): the
   highest F-beta threshold (``BETA``), ties to the higher one. Then, on the dev sets, a shift of
   every threshold (``THRESHOLD_SHIFTS``) together with the offer column's (keep, raise), then its keep
   thresholds for a borrower's story (``RETOLD_KEEP``) and a bare text (``BARE_KEEP``): the whole
   checker's best misleading F1.
4. Trains the final model on every corpus and natural row and exports
   ``loancoach/redflags/redflag_model.npz`` (see :mod:`loancoach.redflags.model`). The blind
   hold-out is never read here.

Usage: ``.venv/bin/python scripts/build_redflag_model.py [--quick]`` (``--quick``: one ``C``, no
comparison).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import redflag_corpus  # noqa: E402
from redflag_evaluation import DEV as DEV_SET  # noqa: E402
from redflag_evaluation import DEV2, DEV3, DEV4, DEV5, DEV6  # noqa: E402

from loancoach.redflags import model as model_module  # noqa: E402
from loancoach.redflags.categories import BY_NAME, CATEGORIES, HIGH  # noqa: E402
from loancoach.redflags.textnorm import prepare  # noqa: E402

CORPUS = ROOT / "data" / "redflags" / "corpus.jsonl"
# Hand-written texts in the forms scams really take (a helper wrote them without sight of the blind
# hold-out).
NATURAL = ROOT / "data" / "redflags" / "natural.jsonl"
REPORT = ROOT / "results" / "redflag_model_build.json"
MISTAKES = ROOT / "results" / "redflag_model_heldout_mistakes.jsonl"  # the whole checker's, group-held-out

MIN_DF = 2
C_CANDIDATES = (8.0, 16.0)
FOLDS = 5
PRUNE = 0.05  # weights smaller than this are dropped from the exported model
# Threshold choice: F-beta on dev.jsonl and the held-out rows. 0.65 (precision first) until the
# 1,450 hand-written texts of 2026-12-05; since then F1 gave higher category recall on dev2 and dev3
# (0.836 -> 0.864, 0.791 -> 0.816) for a verdict precision 0.003 lower. 1.5 since 2026-12-05 11:25 UTC, by
# a rule set before the build (keep it if the five dev sets' pooled verdict F1 falls by no more than 0.002
# and their category recall rises): F1 0.9733 -> 0.9723, category recall 0.9200 -> 0.9259.
BETA = 1.5
THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(15)]  # 0.20 … 0.90
# The offer column's (keep, raise) thresholds: chosen on the dev sets (six since 2026-12-05 12:11 UTC,
# 2,753 texts, dev6 rich in insider-channel and no-credit-check texts; five from 09:45 UTC, 2,294
# texts, dev5 half legitimate; four from 04:45 UTC, 1,792 texts; with two, the choice flipped
# between keep 0.4 and 0.5 with each round of data) by the whole checker's misleading F1 (ties to the
# stricter pair); NO_GATE leaves every verdict to the categories.
NO_GATE = (0.0, 1.01)
OFFER_KEEP = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7]
OFFER_RAISE = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 1.01]
# A shift of every category threshold, chosen with the offer pair on the same dev sets. Each category's
# F1 threshold is chosen on its own rows, as if a flag decided the verdict alone; the offer column then
# vets every high-severity flag, so the whole checker can afford lower category thresholds (2026-12-05,
# with 7,692 hand-written texts: dev F1 0.970 -> 0.972 at -0.1, category recall 0.922 -> 0.932; with
# 8,886 the best F1 was at 0.0).
THRESHOLD_SHIFTS = [-0.2, -0.15, -0.1, -0.05, 0.0]
# The offer column's keep threshold for a borrower's story of what someone told them (never above keep),
# chosen after the shift and pair, which are then chosen again for it. 0.0 keeps every story's flags, as
# before 2026-12-05: the story cue also fires on jokes, questions about a term and reports of spam the
# writer ignored, which were the most frequent false alarms on the dev sets (15 of dev4's 22).
RETOLD_KEEP = [0.0, 0.1, 0.15, 0.2, 0.25, 0.3]
# … and for a text with no frame at all (no question, report, warning or first person: a bare ad), chosen
# after it, ties to the lower (the flags stand). Off (= keep) before 2026-12-05 08:20 UTC: short bare ads
# ("无抵押无担保包下款", "Guaranteed approval, subject to approval.") scored below keep once the corpus had
# many genuine "subject to review" notices.
BARE_KEEP = [0.0, 0.1, 0.2, 0.3]
OFF = 1.01  # a story or bare-text threshold at keep or above: no threshold of its own
MIN_THRESHOLD = 0.15
DEV_SETS = (DEV_SET, DEV2, DEV3, DEV4, DEV5, DEV6)


def write_corpus() -> str:
    rows = redflag_corpus.build()
    CORPUS.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    CORPUS.write_text(text, encoding="utf-8")
    return corpus_digest()


def corpus_digest() -> str:
    """sha256 of what the model is trained on: the generated corpus, then the natural texts."""
    data = CORPUS.read_bytes() + (NATURAL.read_bytes() if NATURAL.exists() else b"")
    return hashlib.sha256(data).hexdigest()


def load_rows(path: Path) -> List[Dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _bucket(key: str, n: int) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % n


def training_rows() -> List[Dict]:
    """Corpus and natural rows, each with its template families (a natural text is its own)."""
    rows = load_rows(CORPUS)
    for row in load_rows(NATURAL) if NATURAL.exists() else []:
        row["templates"] = ["natural/" + row["text"]]
        rows.append(row)
    return rows


def feats(text: str):
    return model_module.features(model_module.clean(prepare(text).text))


def fit(feature_sets: Sequence[set], labels, names: Sequence[str], c: float, digest: str = ""):
    """A :class:`~loancoach.redflags.model.Model` trained on ``feature_sets`` (exported precision:
    weights pruned and rounded, idf rounded), thresholds 0.5."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    n = len(feature_sets)
    df = Counter(f for fs in feature_sets for f in fs)
    vocab = sorted(f for f, k in df.items() if k >= MIN_DF)
    index = {f: i for i, f in enumerate(vocab)}
    idf = np.round(np.array([math.log((1 + n) / (1 + df[f])) + 1 for f in vocab]), 4)
    data, cols, ptr = [], [], [0]
    for fs in feature_sets:
        ids = sorted(index[f] for f in fs if f in index)
        vals = idf[ids]
        norm = float(np.sqrt((vals**2).sum())) or 1.0
        data.extend((vals / norm).tolist())
        cols.extend(ids)
        ptr.append(len(cols))
    x = csr_matrix((data, cols, ptr), shape=(n, len(vocab)))
    # the columns: one per category, then the offer column (any high-severity category)
    high = [j for j, name in enumerate(names) if BY_NAME[name].severity == HIGH]
    columns = np.column_stack([labels, labels[:, high].max(axis=1)])
    weights = np.zeros((len(vocab), len(names) + 1))
    intercepts = []
    for j in range(len(names) + 1):
        lr = LogisticRegression(
            C=c, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=0
        )
        lr.fit(x, columns[:, j])
        coef = np.round(lr.coef_[0], 4)
        coef[np.abs(coef) < PRUNE] = 0.0
        weights[:, j] = coef
        intercepts.append(round(float(lr.intercept_[0]), 4))
    return model_module.Model(
        categories=names,
        intercepts=intercepts,
        thresholds={c: 0.5 for c in names},
        vocabulary=vocab,
        idf=idf,
        weights=weights,
        corpus_sha256=digest,
        offer=NO_GATE,
    )


def grouped_scores(rows, feature_sets, labels, names, c: float):
    """Every row's scores from a model that saw none of its template families (see the module doc),
    and the fold models with the rows each one holds out."""
    fold_of = {}
    for row in rows:
        for t in row["templates"]:
            fold_of.setdefault(t, _bucket(t, FOLDS))
    scores: List[Dict[str, float]] = [{} for _ in rows]
    folds = []
    for k in range(FOLDS):
        held = [i for i, r in enumerate(rows) if fold_of[r["templates"][0]] == k]
        train = [i for i, r in enumerate(rows) if all(fold_of[t] != k for t in r["templates"])]
        m = fit([feature_sets[i] for i in train], labels[train], names, c)
        for i in held:
            scores[i] = m.scores(prepare(rows[i]["text"]).text)
        folds.append((m, held))
    return scores, folds


def grouped_checks(rows, folds, thresholds) -> Dict[str, object]:
    """The whole checker (rules + the fold's model) on every held-out row: verdict precision/recall
    for "misleading", the confusion matrix and per-category recall."""
    from redflag_evaluation import Example, evaluate

    from loancoach.redflags.detector import verdict_for

    examples = []
    results = []
    mistakes = []
    try:
        for m, held in folds:
            m.thresholds = dict(thresholds)
            model_module.reset(m)
            chunk = [
                Example(
                    rows[i]["text"],
                    rows[i]["language"],
                    verdict_for(rows[i]["categories"]),
                    tuple(rows[i]["categories"]),
                )
                for i in held
            ]
            examples += chunk
            results.append(evaluate(chunk))
            mistakes += [
                {"expected": x.expected, "got": x.got, "flags": list(x.categories), "text": x.text}
                for x in results[-1].mistakes
            ]
    finally:
        model_module.reset()
    confusion: Dict[str, Dict[str, int]] = {}
    for e in results:
        for want, row in e.confusion.items():
            for got, n in row.items():
                confusion.setdefault(want, {}).setdefault(got, 0)
                confusion[want][got] += n
    tp = confusion["misleading"]["misleading"]
    predicted = sum(row["misleading"] for row in confusion.values())
    actual = sum(confusion["misleading"].values())
    per: Dict[str, Dict[str, float]] = {}
    for e in results:
        for name, m in e.per_category.items():
            t = per.setdefault(name, {"found": 0.0, "n": 0})
            t["found"] += m["recall"] * m["n"]
            t["n"] += m["n"]
    return {
        "n": len(examples),
        "precision": round(tp / predicted, 3) if predicted else 0.0,
        "recall": round(tp / actual, 3) if actual else 0.0,
        "confusion": confusion,
        "category_recall": {k: round(v["found"] / v["n"], 3) if v["n"] else 0.0 for k, v in per.items()},
        "mistakes": mistakes,
    }


def tally(scored, names, thresholds) -> Dict[str, Dict[str, float]]:
    out = {}
    for name in names:
        t = thresholds[name]
        tp = sum(1 for s, cats in scored if s[name] >= t and name in cats)
        fp = sum(1 for s, cats in scored if s[name] >= t and name not in cats)
        fn = sum(1 for s, cats in scored if s[name] < t and name in cats)
        out[name] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "f1": round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0,
            "n": tp + fn,
        }
    return out


def any_high(scored, names, thresholds) -> Dict[str, float]:
    """Texts with any high-severity category, as the verdict sees them (the model alone)."""
    from loancoach.redflags.categories import BY_NAME, HIGH

    high = [n for n in names if BY_NAME[n].severity == HIGH]
    tp = fp = fn = 0
    for s, cats in scored:
        want = any(c in cats for c in high)
        got = any(s[c] >= thresholds[c] for c in high)
        tp += want and got
        fp += got and not want
        fn += want and not got
    return {"precision": round(tp / (tp + fp), 3) if tp + fp else 0.0, "recall": round(tp / (tp + fn), 3)}


def print_table(title: str, table: Dict[str, Dict[str, float]]) -> None:
    print(title)
    for name, m in table.items():
        print(f"  {name:<26}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['n']:>6}")


def choose_thresholds(scored, names: Sequence[str]) -> Dict[str, float]:
    chosen = {}
    b2 = BETA * BETA
    for name in names:
        best = (-1.0, 0.5)
        for t in THRESHOLDS:
            tp = sum(1 for s, cats in scored if s[name] >= t and name in cats)
            fp = sum(1 for s, cats in scored if s[name] >= t and name not in cats)
            fn = sum(1 for s, cats in scored if s[name] < t and name in cats)
            f = (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp) if tp else 0.0
            if f >= best[0]:
                best = (f, t)
        chosen[name] = best[1]
    return chosen


def shifted(thresholds: Dict[str, float], shift: float) -> Dict[str, float]:
    return {c: round(max(MIN_THRESHOLD, t + shift), 2) for c, t in thresholds.items()}


def choose_gate(final, dev_rows: Sequence[Dict]) -> tuple:
    """The threshold shift and the offer column's (keep, raise, retold, bare) with the best misleading F1
    of the whole checker on the dev rows: the shift and (keep, raise) with retold at 0 and no bare
    threshold; then retold, then bare (ties to the lower: the flags stand); then (keep, raise) again at
    that shift, retold and bare. Ties go to the smaller shift, then to the stricter pair (higher keep,
    then higher raise)."""
    from redflag_evaluation import Example, evaluate

    from loancoach.redflags.detector import verdict_for

    examples = [
        Example(r["text"], r["language"], verdict_for(r["categories"]), tuple(r["categories"]))
        for r in dev_rows
    ]
    chosen = dict(final.thresholds)

    def f1_of(shift: float, offer: tuple) -> float:
        final.thresholds = shifted(chosen, shift)
        final.offer = offer
        e = evaluate(examples)
        f1 = 2 * e.precision * e.recall / (e.precision + e.recall) if e.precision + e.recall else 0
        print(
            f"  shift {shift:+.2f} offer keep {offer[0]:.2f} raise {offer[1]:.2f} retold {offer[2]:.2f} bare "
            f"{offer[3]:.2f}: dev precision {e.precision:.3f} recall {e.recall:.3f} F1 {f1:.3f} category "
            f"recall {e.category_recall:.3f}"
        )
        return f1

    def gate(keep: float, raise_: float, retold: float, bare: float) -> tuple:
        return (keep, raise_, min(keep, retold), min(keep, bare))

    def best_pair(shifts, retold: float, bare: float, best: tuple) -> tuple:
        for shift in shifts:
            for keep in OFFER_KEEP:
                for raise_ in OFFER_RAISE:
                    f1 = f1_of(shift, gate(keep, raise_, retold, bare))
                    if f1 >= best[0]:
                        best = (f1, shift, gate(keep, raise_, retold, bare))
        return best

    try:
        model_module.reset(final)
        best = best_pair(THRESHOLD_SHIFTS, 0.0, OFF, (-1.0, 0.0, gate(*NO_GATE, 0.0, OFF)))
        f1, shift, (keep, raise_, _, _) = best
        for retold in RETOLD_KEEP[1:]:
            if retold <= keep and (f1 := f1_of(shift, gate(keep, raise_, retold, OFF))) > best[0]:
                best = (f1, shift, gate(keep, raise_, retold, OFF))
        retold = best[2][2]
        for bare in sorted(BARE_KEEP, reverse=True):
            if bare < keep and (f1 := f1_of(shift, gate(keep, raise_, retold, bare))) >= best[0]:
                best = (f1, shift, gate(keep, raise_, retold, bare))
        best = best_pair([best[1]], retold, best[2][3] if best[2][3] < best[2][0] else OFF, best)
    finally:
        final.thresholds = chosen
        model_module.reset()
    print(
        f"threshold shift {best[1]:+.2f}, offer thresholds (keep, raise, retold, bare): {best[2]} "
        f"(dev F1 {best[0]:.3f})"
    )
    return best[1], best[2]


def main(argv=None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only C={C_CANDIDATES[-1]}")
    args = parser.parse_args(argv)

    digest = write_corpus()
    rows = training_rows()
    dev = load_rows(DEV_SET)
    names = [c.name for c in CATEGORIES]
    families = {t for r in rows for t in r["templates"]}
    print(f"corpus + natural {len(rows)} texts, {len(families)} template families; dev {len(dev)} texts")
    feature_sets = [feats(r["text"]) for r in rows]
    labels = np.array([[c in r["categories"] for c in names] for r in rows], dtype=int)
    truth = [set(r["categories"]) for r in rows]
    half = {n: 0.5 for n in names}

    report: Dict[str, object] = {"rows": len(rows), "families": len(families), "folds": FOLDS, "by_c": {}}
    best = None
    for c in C_CANDIDATES[-1:] if args.quick else C_CANDIDATES:
        scores, folds = grouped_scores(rows, feature_sets, labels, names, c)
        scored = list(zip(scores, truth, strict=True))
        table = tally(scored, names, half)
        macro = sum(m["f1"] for m in table.values()) / len(table)
        print_table(
            f"group-held-out, C={c}, threshold 0.5: precision recall F1 n (macro F1 {macro:.3f})", table
        )
        print(f"  any high-severity category (model alone): {any_high(scored, names, half)}")
        report["by_c"][str(c)] = {"macro_f1": round(macro, 4), "per_category": table}
        if best is None or macro > best[0]:
            best = (macro, c, scored, folds)
    _, c, held_scored, folds = best
    print(f"chosen C={c}")

    final = fit(feature_sets, labels, names, c, digest)
    dev_scored = [(final.scores(prepare(r["text"]).text), set(r["categories"])) for r in dev]
    final.thresholds = choose_thresholds(held_scored + dev_scored, names)
    print("thresholds:", final.thresholds)
    held_table = tally(held_scored, names, final.thresholds)
    print_table("group-held-out at the chosen thresholds: precision recall F1 n", held_table)
    print(f"  any high-severity category (model alone): {any_high(held_scored, names, final.thresholds)}")
    report.update(
        {
            "C": c,
            "thresholds": final.thresholds,
            "held_out_at_thresholds": held_table,
            "held_out_any_high": any_high(held_scored, names, final.thresholds),
        }
    )
    shift, final.offer = choose_gate(
        final, [r for path in DEV_SETS if path.exists() for r in load_rows(path)]
    )
    final.thresholds = shifted(final.thresholds, shift)
    print("thresholds after the shift:", final.thresholds)
    report["threshold_shift"] = shift
    report["thresholds_shifted"] = final.thresholds
    report["offer"] = dict(zip(("keep", "raise", "retold", "bare"), final.offer, strict=True))
    for m, _ in folds:
        m.offer = final.offer
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    checks = grouped_checks(rows, folds, final.thresholds)
    print(
        f"whole checker (rules + fold model) on group-held-out rows: {checks['n']} texts, misleading "
        f"precision {checks['precision']:.3f} recall {checks['recall']:.3f}"
    )
    print("  confusion (rows expected):", json.dumps(checks["confusion"]))
    print("  category recall:", json.dumps(checks["category_recall"]))
    MISTAKES.write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in checks.pop("mistakes")), encoding="utf-8"
    )
    report["held_out_whole_checker"] = checks
    model_module.save(final)
    print(f"vocabulary {len(final.vocabulary)} n-grams, {int(np.count_nonzero(final.weights))} weights")
    path = model_module.MODEL_PATH
    print(f"written {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    REPORT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
