"""The learned red-flag detector: a linear multi-label model over character and word n-grams.

Trained by ``scripts/build_redflag_model.py`` (scikit-learn logistic regression, one per category,
on ``data/redflags/corpus.jsonl``) and exported to ``redflag_model.json.gz`` beside this module:
the vocabulary with each n-gram's idf and per-category weights, the intercepts, the per-category
thresholds chosen on the dev sets, and the sha256 of the corpus it was built from. Scoring here is
plain Python - no scikit-learn import and no training at run time.

Features, computed on the normalised text (:func:`loancoach.redflags.textnorm.prepare`), lower-cased
and with whitespace runs collapsed: character 1-grams of Chinese characters, character 2- to
4-grams, and word 1- and 2-grams of Latin words. A text's vector is binary presence × idf,
L2-normalised over the n-grams in the vocabulary.

Scoring is vectorised: on first use the weights become a dense array (one row per n-gram of the
vocabulary, one column per category), and a text's score is the product of its rows' idf with
those rows - the same sums as adding weight by weight, in a different order.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

MODEL_PATH = Path(__file__).resolve().parent / "redflag_model.json.gz"

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z][a-z0-9'$%]*|\$?\d[\d,.]*%?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
MAX_N = 4
_QUOTABLE = re.compile(r"[\u3400-\u9fff]|[a-z]{3}")


def clean(text: str) -> str:
    return _SPACES.sub(" ", text.lower())


def features(cleaned: str) -> Set[str]:
    """The n-grams of an already cleaned text (see the module doc)."""
    t = cleaned
    out: Set[str] = set(_HAN.findall(t))
    out.update([t[i : i + 2] for i in range(len(t) - 1)])
    out.update([t[i : i + 3] for i in range(len(t) - 2)])
    out.update([t[i : i + 4] for i in range(len(t) - 3)])
    words = _WORD.findall(cleaned)
    for i, w in enumerate(words):
        out.add("w:" + w)
        if i + 1 < len(words):
            out.add("w:" + w + " " + words[i + 1])
    return out


@dataclass(frozen=True)
class Model:
    categories: Tuple[str, ...]
    intercepts: Tuple[float, ...]
    thresholds: Dict[str, float]
    idf: Dict[str, float]
    weights: Dict[str, Tuple[Tuple[int, float], ...]]
    corpus_sha256: str

    def vector(self, cleaned: str) -> Dict[str, float]:
        idf = self.idf
        vec = {f: idf[f] for f in features(cleaned) if f in idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    @cached_property
    def _arrays(self) -> Tuple[FrozenSet[str], Dict[str, int], object, object]:
        """(vocabulary, n-gram → row, idf by row, weights rows × categories), built on first use."""
        import numpy

        vocabulary = sorted(self.idf)
        rows = {f: i for i, f in enumerate(vocabulary)}
        idf = numpy.array([self.idf[f] for f in vocabulary], dtype=numpy.float64)
        weights = numpy.zeros((len(vocabulary), len(self.categories)), dtype=numpy.float64)
        for f, pairs in self.weights.items():
            row = rows.get(f)
            if row is not None:
                for index, w in pairs:
                    weights[row, index] = w
        return frozenset(vocabulary), rows, idf, weights

    def scores(self, text: str) -> Dict[str, float]:
        """The probability of each category for a normalised text."""
        import numpy

        vocabulary, rows, idf, weights = self._arrays
        hits = features(clean(text)) & vocabulary
        present = numpy.fromiter(map(rows.__getitem__, hits), dtype=numpy.intp, count=len(hits))
        values = idf.take(present)
        norm = math.sqrt(float(values @ values)) or 1.0
        sums = (values @ weights.take(present, axis=0)).tolist()
        z = [b + s / norm for b, s in zip(self.intercepts, sums, strict=True)]
        return {
            c: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))
            for c, s in zip(self.categories, z, strict=False)
        }

    def flagged(self, text: str) -> Dict[str, float]:
        """The categories whose probability reaches their threshold, with the probability."""
        return {c: p for c, p in self.scores(text).items() if p >= self.thresholds.get(c, 0.5)}

    def top_features(self, text: str, category: str, k: int = 8) -> List[Tuple[str, float]]:
        """The n-grams that weighed most for ``category`` in ``text`` (largest positive contribution)."""
        index = self.categories.index(category)
        contributions = []
        for f, v in self.vector(clean(text)).items():
            for i, w in self.weights.get(f, ()):
                if i == index and w > 0:
                    contributions.append((f, v * w))
        contributions.sort(key=lambda item: -item[1])
        return contributions[:k]

    def evidence(self, text: str, category: str) -> Optional[Tuple[int, int]]:
        """A span of the normalised ``text`` covering the n-grams that weighed most for ``category``:
        the strongest one, widened over the others that touch or overlap it."""
        lowered = text.lower()
        spans: List[Tuple[int, int]] = []
        for f, _ in self.top_features(text, category, k=12):
            if not _QUOTABLE.search(f):
                continue  # a digit run or punctuation says nothing to a reader
            found = _locate(lowered, f)
            if found is not None:
                spans.append(found)
        if not spans:
            return None
        start, end = spans[0]
        changed = True
        while changed:
            changed = False
            for s, e in spans[1:]:
                if s <= end + 1 and e >= start - 1 and (s < start or e > end):
                    start, end = min(start, s), max(end, e)
                    changed = True
        while start < end and text[start] in " ,，。.!！?？:：;；\"'“”":
            start += 1
        while end > start and text[end - 1] in " ,，。.!！?？:：;；\"'“”":
            end -= 1
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum() and text[start].isascii():
            start -= 1  # whole English words
        while end < len(text) and text[end].isalnum() and text[end - 1].isalnum() and text[end].isascii():
            end += 1
        return (start, end) if end > start else None


def _locate(lowered: str, feature: str) -> Optional[Tuple[int, int]]:
    if feature.startswith("w:"):
        words = feature[2:].split(" ")
        pattern = r"(?<![a-z0-9])" + r"\W+".join(re.escape(w) for w in words) + r"(?![a-z0-9])"
        m = re.search(pattern, lowered)
        return (m.start(), m.end()) if m else None
    # character n-grams were taken with whitespace runs collapsed
    pattern = r"\s+".join(re.escape(part) for part in feature.split(" "))
    m = re.search(pattern, lowered)
    return (m.start(), m.end()) if m else None


def from_dict(data: Dict) -> Model:
    categories = tuple(data["categories"])
    weights = {
        f: tuple((int(pairs[i]), float(pairs[i + 1])) for i in range(0, len(pairs), 2))
        for f, pairs in data["weights"].items()
    }
    return Model(
        categories=categories,
        intercepts=tuple(float(x) for x in data["intercepts"]),
        thresholds={c: float(t) for c, t in data["thresholds"].items()},
        idf={f: float(v) for f, v in data["idf"].items()},
        weights=weights,
        corpus_sha256=data["corpus_sha256"],
    )


def read(path: Path = MODEL_PATH) -> Dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


_lock = threading.Lock()
_model: Optional[Model] = None


def model() -> Model:
    """The committed model, loaded once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = from_dict(read())
    return _model


def reset(replacement: Optional[Model] = None) -> None:
    """Use ``replacement`` (or reload from disk next time); for the build script's threshold search."""
    global _model
    _model = replacement


def known(categories: Sequence[str]) -> bool:
    return set(categories) <= set(model().categories)
