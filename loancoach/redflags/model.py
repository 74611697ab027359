"""The learned red-flag detector: a linear multi-label model over character and word n-grams.

Trained by ``scripts/build_redflag_model.py`` (scikit-learn logistic regression, one per category,
on ``data/redflags/corpus.jsonl`` and ``data/redflags/natural.jsonl``) and exported to
``redflag_model.npz`` beside this module, in the form scoring needs so that loading is a few array
reads: the vocabulary as one newline-joined UTF-8 string (row order), the idf of each row and the
weight matrix (rows × categories) as integers in units of 1/10,000, the intercepts, the
per-category thresholds chosen on dev data, and the sha256 of the corpus it was built from.
Scoring here needs numpy only - no scikit-learn import and no training at run time.

Features, computed on the normalised text (:func:`loancoach.redflags.textnorm.prepare`), lower-cased
and with whitespace runs collapsed: character 1-grams of Chinese characters, character 2- to
4-grams, word 1- and 2-grams of Latin words, and concept constructions (:func:`construction_spans`:
two concepts of the category definitions in a given order within a few characters, such as a
negation before a credit check - "不看征信", "we don't check your credit" - or a certainty before an
approval - "人人都能批", "everyone gets approved"; a concept right after a negation counts as its
own, negated concept, and a denied certainty denies the rest of its clause's claim - "不保证每个人都能
获批"). A text's vector is binary presence × idf,
L2-normalised over the n-grams in the vocabulary; a category's score is the logistic of the
intercept plus the vector's dot product with the category's weights.

One more column, ``offer``, scores the text as a whole: does it assert a high-severity red flag to
the reader (an ad, a demand, an agent's words retold) rather than quote one in a warning, a news
report, a question or small talk? Trained on the same texts (label: any high-severity category),
it decides the verdict with four thresholds chosen on the dev sets (``Model.offer`` = keep, raise,
retold, bare): high-severity flags stand only if the offer score reaches *keep* - or, lower, *retold*
in a borrower's story of what someone told them, *bare* in a text with no frame at all (no question,
report, warning or first person: a bare ad) - and a text whose offer score reaches *raise* is flagged
with its best-scoring category even if no category reached its own threshold (see
:func:`loancoach.redflags.detector.check`).

Scoring finds a text's n-grams without building them as strings (:class:`_NgramIndex`): character
n-grams are looked up as numbers in a sorted array, with numpy, and only the few word n-grams in a
dictionary, and the constructions from the same :func:`constructions` - the same rows as looking up
every n-gram of :func:`features` in ``Model.rows`` (which stays the definition, used to train).
"""

from __future__ import annotations

import math
import re
import threading
from bisect import bisect_left
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

MODEL_PATH = Path(__file__).resolve().parent / "redflag_model.npz"
SCALE = 10_000  # idf and weights are stored as integers in units of 1/SCALE

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z][a-z0-9'$%]*|\$?\d[\d,.]*%?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
MAX_N = 4
OFFER = "offer"  # the column for "a high-severity red flag is asserted", over the text as a whole
_QUOTABLE = re.compile(r"[\u3400-\u9fff]|[a-z]{3}|\d%")


def flagged_in(scores: Dict[str, float], categories: Sequence[str], thresholds: Dict[str, float]):
    """The categories of ``scores`` whose probability reaches their threshold."""
    return {c: scores[c] for c in categories if scores[c] >= thresholds.get(c, 0.5)}


def clean(text: str) -> str:
    return _SPACES.sub(" ", text.lower())


def ngrams(cleaned: str) -> List[str]:
    """The n-grams of an already cleaned text (see the module doc), in text order, repeats kept."""
    t = cleaned
    out: List[str] = _HAN.findall(t)
    out += [t[i : i + 2] for i in range(len(t) - 1)]
    out += [t[i : i + 3] for i in range(len(t) - 2)]
    out += [t[i : i + 4] for i in range(len(t) - 3)]
    words = _WORD.findall(t)
    out += ["w:" + w for w in words]
    out += ["w:" + w + " " + after for w, after in zip(words, words[1:], strict=False)]
    return out


def features(cleaned: str) -> Set[str]:
    """The n-grams of an already cleaned text (see the module doc)."""
    return set(ngrams(cleaned)) | set(constructions(cleaned))


# Concept constructions. Each concept is a small lexicon taken from the category definitions
# (facts.md §6 and :mod:`loancoach.redflags.categories`): "不看征信" and "we don't check your credit"
# are one construction, a negation before a credit check; "100% approval" and "人人都能批" a
# certainty before an approval. Latin words match whole.
_CONCEPT_WORDS: Dict[str, Tuple[str, ...]] = {
    "neg": tuple("不 无 免 别 没 零 未 非".split())
    + ("no", "not", "without", "never", "don't", "doesn't", "won't", "zero", "regardless")
    + ("cannot", "can't", "nobody", "no one", "none"),
    "credit": tuple("征信 查 大数据 网黑 黑户 白户 逾期 花户 负债 信用 黑名单 记录".split())
    + ("credit", "check", "checks", "history", "blacklist", "blacklisted", "default", "defaults")
    + ("score", "record", "records", "bad", "file", "report"),
    "approval": tuple("过 批 下款 放款 通过 到账 下来 贷 借 额度".split())
    + ("approved", "approval", "approve", "approves", "loan", "loans", "borrow", "funds", "funded"),
    "certainty": tuple(
        "保证 包 必 100% 百分百 一定 肯定 都能 都可以 都行 都给 人人 任何 不管 无论 全".split()
    )
    + ("guaranteed", "guarantee", "guarantees", "sure", "everyone", "anyone", "any", "no matter")
    + ("always", "whatever", "100%", "all"),
    "fee": tuple("费 金 交 转 押 付 充".split())
    + ("pay", "paid", "fee", "fees", "deposit", "transfer", "charge", "upfront"),
    "refund": ("退", "返还", "refund", "refunded", "money back"),
    "erase": tuple("修复 洗白 删除 消除 铲 清除 清零 消".split())
    + ("remove", "removed", "delete", "deleted", "erase", "clean", "wipe", "repair", "fix", "reset"),
    "only": ("只", "仅", "凭", "only", "just"),
    "identity": ("身份证", "证件", "id", "identity"),
    "warn": tuple("骗 诈 谨防 警惕 提醒 报警 反诈 举报".split())
    + ("scam", "scams", "scammer", "scammers", "fraud", "beware", "police", "report it"),
    "question": ("吗", "?", "是不是", "真的", "靠谱", "legit", "true", "real"),
}


def _is_latin(word: str) -> bool:
    return word[0].isascii() and word[0].isalpha()


def _concept_patterns(words: Sequence[str]) -> Tuple[Optional[re.Pattern[str]], Optional[re.Pattern[str]]]:
    """(the concept's other words, its Latin words), longest first; a Latin word matches whole. Two
    patterns, not one: a pattern that starts with a look-behind is tried at every position of the text,
    one that starts with its words skips ahead to a possible first character (4x faster here); the
    look-behind is then checked on each match (:func:`_latin_matches`). The two kinds of words cannot
    overlap (a Latin word starts with a letter, the others with none), so the matches are the same as
    one pattern's."""
    others = sorted((w for w in words if not _is_latin(w)), key=len, reverse=True)
    latins = sorted((w for w in words if _is_latin(w)), key=len, reverse=True)
    return (
        re.compile("|".join(map(re.escape, others))) if others else None,
        re.compile("(?:" + "|".join(map(re.escape, latins)) + r")(?![a-z0-9])") if latins else None,
    )


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")


def _latin_matches(pattern: re.Pattern[str], cleaned: str):
    """The matches of a Latin-word pattern that start a word (no letter, digit or apostrophe before):
    a match that does not is passed over and the search goes on from the next character, as a
    look-behind at the pattern's start would."""
    at = 0
    while True:
        m = pattern.search(cleaned, at)
        if m is None:
            return
        s = m.start()
        if s and cleaned[s - 1] in _WORD_CHARS:
            at = s + 1
            continue
        yield m
        at = m.end()


_CONCEPTS: Tuple[Tuple[str, Optional[re.Pattern[str]], Optional[re.Pattern[str]]], ...] = tuple(
    (name, *_concept_patterns(words)) for name, words in _CONCEPT_WORDS.items()
)
NEAR = 3  # characters between two concepts for "near", and between a negation and the concept it negates
# A concept right after a negation is a different concept ("not guaranteed", "无法保证" are "!certainty"),
# except these:
_UNNEGATED = frozenset({"neg", "warn", "question"})
FAR = 15  # … and for "far"; a construction never crosses a sentence end
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


def concept_spans(cleaned: str, names: Optional[frozenset] = None) -> List[Tuple[int, int, str]]:
    """Each concept word in the text (of the concepts ``names``, all if None): (start, end, concept), by
    start."""
    found: List[Tuple[int, int, str]] = []
    for name, others, latins in _CONCEPTS:
        if names is not None and name not in names:
            continue
        if others is not None:
            found += [(m.start(), m.end(), name) for m in others.finditer(cleaned)]
        if latins is not None:
            found += [(m.start(), m.end(), name) for m in _latin_matches(latins, cleaned)]
    found.sort()
    return found


_DENIAL_CONCEPTS = frozenset({"neg", "certainty"})
# What may stand between a negation and the certainty it denies: "不保证", "没法保证", "不能保证", "do not
# guarantee", "no one can guarantee".
_DENIAL_GAP = re.compile(r"\s*(?:能|会|法|敢|可以|能够|\bcan\b|\bcould\b|\bwill\b|\bwould\b)?\s*")


def denied_certainties(cleaned: str) -> List[Tuple[int, int]]:
    """(start of the negation, end of the certainty) of each certainty that a negation denies - "不保证",
    "无法保证", "do not guarantee": right after it, or after "能", "会", "can"…: a denial of the promise
    it begins, unlike a negation that is part of the claim ("零拒绝", "never declined") or one of another
    word ("无担保", "零门槛", "征信不好也能100%"). "保证金" (a deposit) is not a certainty. Only the two
    concepts are looked for: another concept between them is text the gap does not allow anyway."""
    found = concept_spans(cleaned, _DENIAL_CONCEPTS)
    out = []
    for i, (s, e, name) in enumerate(found):
        if name != "certainty" or cleaned.startswith("金", e):
            continue
        for j in range(i - 1, -1, -1):
            ns, ne, before = found[j]
            if ne <= s:
                if before == "neg" and _DENIAL_GAP.fullmatch(cleaned, ne, s):
                    out.append((ns, e))
                break
    return out


_CLAUSE_MARK = re.compile(r"[，,。；;！!？?\n、:：]")
_SCOPED = frozenset({"certainty", "approval"})  # what a denied certainty reaches in its clause


def _deny_the_rest(cleaned: str, found: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """A denied certainty denies the claim it begins: "不保证每个人都能获批", "not guaranteed that
    everyone is approved" - the certainty and approval words after it in the same clause are negated
    too ("!certainty", "!approval"), where they would otherwise make a promise's construction."""
    out = []
    denied_at = None  # end of the last denied certainty in the current clause
    for s, e, name in found:
        if denied_at is not None and _CLAUSE_MARK.search(cleaned, denied_at, s):
            denied_at = None
        if name == "!certainty":
            denied_at = e
        elif denied_at is not None and name in _SCOPED and s >= denied_at:
            name = "!" + name
        out.append((s, e, name))
    return out


def construction_spans(cleaned: str) -> List[Tuple[str, int, int]]:
    """Each construction in the text: ("c:A<B" or "c:A<B~" for near, start of A, end of B). Two
    concepts A then B, B starting at most FAR characters after A ends (NEAR for "~"), with no
    sentence end between; a concept word inside another's is not a pair with it."""
    found = concept_spans(cleaned)
    negations = [(s, e) for s, e, name in found if name == "neg"]
    if negations:
        found = [
            (s, e, name)
            if name in _UNNEGATED or not any(0 <= s - ne <= NEAR and ns < s for ns, ne in negations)
            else (s, e, "!" + name)
            for s, e, name in found
        ]
        found = _deny_the_rest(cleaned, found)
    ends = [m.start() for m in _SENTENCE_END.finditer(cleaned)]
    out: List[Tuple[str, int, int]] = []
    names = _PAIR_NAMES
    for i, (s1, e1, a) in enumerate(found):
        sentence = None
        for s2, e2, b in found[i + 1 :]:
            if s2 - e1 > FAR:
                break
            if s2 < e1 or a == b:
                continue
            if sentence is None:
                sentence = bisect_left(ends, e1)
            if bisect_left(ends, s2) != sentence:
                continue
            far, near = names[a, b]
            out.append((far, s1, e2))
            if s2 - e1 <= NEAR:
                out.append((near, s1, e2))
    return out


# each pair of concepts' (negated or not) two construction names, made once
_CONCEPT_NAMES = (*_CONCEPT_WORDS, *("!" + c for c in _CONCEPT_WORDS))
_PAIR_NAMES: Dict[Tuple[str, str], Tuple[str, str]] = {
    (a, b): (f"c:{a}<{b}", f"c:{a}<{b}~") for a in _CONCEPT_NAMES for b in _CONCEPT_NAMES
}


_construction_spans_cached = lru_cache(maxsize=4)(construction_spans)  # evidence looks up several


def constructions(cleaned: str) -> List[str]:
    """The construction features of a cleaned text (see :func:`construction_spans`); through the cache
    that a check's evidence lookup then reads."""
    return [name for name, _, _ in _construction_spans_cached(cleaned)]


class Model:
    """A loaded model: ``rows`` maps each n-gram to its row of ``idf`` (float64) and ``weights``
    (float64, rows × categories)."""

    def __init__(
        self,
        categories: Sequence[str],
        intercepts: Sequence[float],
        thresholds: Dict[str, float],
        vocabulary: Sequence[str],
        idf,
        weights,
        corpus_sha256: str,
        offer: Optional[Sequence[float]] = None,
    ) -> None:
        import numpy

        self.categories: Tuple[str, ...] = tuple(categories)
        # the offer column (see the module doc): its (keep, raise, keep for a retold story, keep for a bare
        # text) thresholds, None if absent; a model saved with two keeps every retold story's flags (0),
        # one saved with two or three has no threshold of its own for bare texts (keep)
        self.offer: Optional[Tuple[float, float, float, float]] = None
        if offer:
            keep, raise_ = float(offer[0]), float(offer[1])
            retold = float(offer[2]) if len(offer) > 2 else 0.0
            self.offer = (keep, raise_, retold, float(offer[3]) if len(offer) > 3 else keep)
        self.columns: Tuple[str, ...] = self.categories + ((OFFER,) if offer else ())
        self.intercepts: Tuple[float, ...] = tuple(float(x) for x in intercepts)
        self.thresholds: Dict[str, float] = dict(thresholds)
        self.vocabulary: Tuple[str, ...] = tuple(vocabulary)
        self.rows: Dict[str, int] = dict(zip(self.vocabulary, range(len(self.vocabulary)), strict=True))
        self.idf = numpy.asarray(idf, dtype=numpy.float64)
        self.weights = numpy.asarray(weights, dtype=numpy.float64)
        self.corpus_sha256 = corpus_sha256
        self._present_cached = lru_cache(maxsize=16)(self._present_uncached)
        if self.weights.shape != (len(self.vocabulary), len(self.columns)) or len(self.intercepts) != len(
            self.columns
        ):
            raise ValueError(
                f"weights of shape {self.weights.shape} do not fit the vocabulary and categories"
            )

    def _present(self, text: str):
        """(rows of the text's n-grams in the vocabulary, in row order, and their idf / L2 norm);
        the last few texts' are kept, since a check scores a text and then looks for its evidence."""
        return self._present_cached(text)

    @cached_property
    def _index(self) -> _NgramIndex:
        """Built on first use (a few milliseconds), not at load: the build script makes many models."""
        return _NgramIndex(self.vocabulary)

    def _present_uncached(self, text: str):
        import numpy

        present = self._index.rows(clean(text))  # sorted: a fixed order, the same sums in every process
        values = self.idf.take(present)
        norm = math.sqrt(float(numpy.einsum("i,i->", values, values))) or 1.0
        return present, values / norm

    def scores(self, text: str) -> Dict[str, float]:
        """The probability of each category for a normalised text (and of ``OFFER`` if the model has
        that column), all from one product."""
        import numpy

        present, values = self._present(text)
        # einsum's own loop, not BLAS: OpenBLAS would start its threads for a product this small and
        # spend a second core's time waiting (CPU time per check 1.35x, measured with make bench)
        sums = numpy.einsum("i,ij->j", values, self.weights.take(present, axis=0)).tolist()
        z = [b + s for b, s in zip(self.intercepts, sums, strict=True)]
        return {
            c: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s)))) for c, s in zip(self.columns, z, strict=True)
        }

    def flagged(self, text: str) -> Dict[str, float]:
        """The categories whose probability reaches their threshold, with the probability."""
        return flagged_in(self.scores(text), self.categories, self.thresholds)

    def top_features(self, text: str, category: str, k: int = 8) -> List[Tuple[str, float]]:
        """The n-grams that weighed most for ``category`` in ``text`` (largest positive contribution)."""
        import numpy

        index = self.columns.index(category)
        present, values = self._present(text)
        weights = self.weights[present, index]
        contributions = values * weights
        positive = numpy.flatnonzero(weights > 0)
        order = positive[numpy.argsort(-contributions[positive], kind="stable")]
        return [(self.vocabulary[present[i]], float(contributions[i])) for i in order[:k]]

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


_UNKNOWN_DIGIT = 0xFFFE  # the digit of a character that no character n-gram of the vocabulary contains
_BITS = 16  # bits per digit: MAX_N digits fill a 64-bit code


def _code_points(text: str):
    import numpy

    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)


class _NgramIndex:
    """The vocabulary's rows, found for a cleaned text's n-grams (:func:`features`) without making them.

    Each character that occurs in the vocabulary's character n-grams gets a digit 1…len(alphabet),
    every other character the digit ``_UNKNOWN_DIGIT``; a character n-gram (up to ``MAX_N``
    characters) is the number its digits make in base 2**16. No digit is 0, so n-grams of different
    length or characters get different numbers, and an n-gram with an unknown character matches none.
    A text's character n-grams are then numbers computed with a few array operations and looked up by
    binary search in the vocabulary's sorted numbers. Only Chinese 1-grams are indexed, as
    :func:`features` makes 1-grams of Chinese characters only. Word n-grams ("w:…", a few per text)
    are looked up in a dictionary. The answer is the sorted rows of the vocabulary's n-grams that the
    text has, each once: the same as looking up each of ``features(cleaned)`` in ``Model.rows``.
    """

    def __init__(self, vocabulary: Sequence[str]) -> None:
        import numpy

        self.words: Dict[str, int] = {g: row for row, g in enumerate(vocabulary) if g.startswith("w:")}
        self.constructions: Dict[str, int] = {
            g: row for row, g in enumerate(vocabulary) if g.startswith("c:")
        }
        chars = [
            (row, g)
            for row, g in enumerate(vocabulary)
            if 2 <= len(g) <= MAX_N or (len(g) == 1 and _HAN.match(g))
        ]
        grams = [g for _, g in chars]
        alphabet = sorted(set("".join(grams)))
        if len(alphabet) >= _UNKNOWN_DIGIT:
            raise ValueError(f"{len(alphabet)} characters in the vocabulary's n-grams: too many for a digit")
        self.digit = numpy.full(0x110000, _UNKNOWN_DIGIT, dtype=numpy.uint16)  # code point -> digit
        self.digit[_code_points("".join(alphabet))] = numpy.arange(1, len(alphabet) + 1)
        # each n-gram's number: its digits shifted by their place from the end, summed per n-gram
        lengths = numpy.fromiter(map(len, grams), dtype=numpy.intp, count=len(grams))
        starts = numpy.cumsum(lengths) - lengths
        place = numpy.repeat(starts + lengths - 1, lengths) - numpy.arange(int(lengths.sum()))
        digits = self.digit.take(_code_points("".join(grams))).astype(numpy.uint64)
        codes = (
            numpy.add.reduceat(digits << (place * _BITS).astype(numpy.uint64), starts) if grams else digits
        )
        order = numpy.argsort(codes, kind="stable")
        # a last number above any n-gram's, so that every search lands on an element
        self.codes = numpy.append(codes[order], numpy.uint64(2**64 - 1))
        self.code_rows = numpy.append(
            numpy.fromiter((r for r, _ in chars), numpy.intp, len(chars))[order], -1
        )

    def rows(self, cleaned: str):
        """The sorted rows (numpy intp) of the vocabulary n-grams in an already cleaned text."""
        import numpy

        shift = numpy.uint64(_BITS)
        d = self.digit.take(_code_points(cleaned)).astype(numpy.uint64)  # 1-grams
        d2 = (d[:-1] << shift) | d[1:]
        d3 = (d2[:-1] << shift) | d[2:]
        d4 = (d3[:-1] << shift) | d[3:]
        # in order: sorted keys make the binary searches cheaper
        wanted = numpy.concatenate((d, d2, d3, d4))
        wanted.sort()  # repeats are harmless: the rows are made unique at the end
        at = self.codes.searchsorted(wanted)
        found = [self.code_rows.take(at[self.codes.take(at) == wanted])]
        words = _WORD.findall(cleaned)
        if words:
            grams = ["w:" + w for w in words]
            grams += [g + " " + after for g, after in zip(grams, words[1:], strict=False)]
            found.append(numpy.fromiter((r for r in map(self.words.get, grams) if r is not None), numpy.intp))
        if self.constructions:
            rows = map(self.constructions.get, constructions(cleaned))
            found.append(numpy.fromiter((r for r in rows if r is not None), numpy.intp))
        return numpy.unique(numpy.concatenate(found))


def _locate(lowered: str, feature: str) -> Optional[Tuple[int, int]]:
    if feature.startswith("c:"):
        return next(((s, e) for name, s, e in _construction_spans_cached(lowered) if name == feature), None)
    m = _feature_pattern(feature).search(lowered)
    return (m.start(), m.end()) if m else None


@lru_cache(maxsize=8192)  # more than re's own cache: evidence looks up many n-grams
def _feature_pattern(feature: str) -> re.Pattern[str]:
    if feature.startswith("w:"):
        words = feature[2:].split(" ")
        return re.compile(r"(?<![a-z0-9])" + r"\W+".join(re.escape(w) for w in words) + r"(?![a-z0-9])")
    # character n-grams were taken with whitespace runs collapsed
    return re.compile(r"\s+".join(re.escape(part) for part in feature.split(" ")))


def _text(array) -> str:
    return array.tobytes().decode("utf-8")


def load(path: Path = MODEL_PATH) -> Model:
    """Read an exported model (see the module doc and :func:`save`)."""
    import numpy

    with numpy.load(path, allow_pickle=False) as data:
        categories = _text(data["categories"]).split("\n")
        return Model(
            categories=categories,
            intercepts=data["intercepts"].tolist(),
            thresholds=dict(zip(categories, data["thresholds"].tolist(), strict=True)),
            vocabulary=_text(data["vocabulary"]).split("\n"),
            idf=data["idf"] / SCALE,
            weights=data["weights"] / SCALE,
            corpus_sha256=_text(data["corpus_sha256"]),
            offer=tuple(data["offer"].tolist()) if "offer" in data.files else None,
        )


def save(model: Model, path: Path = MODEL_PATH) -> None:
    """Write ``model`` (idf and weights rounded to 1/SCALE) as a compressed .npz, byte for byte the
    same for the same model (fixed entry dates), so that a rebuild from the same corpus shows no diff."""
    import io
    import zipfile

    import numpy

    def utf8(text: str):
        return numpy.frombuffer(text.encode("utf-8"), dtype=numpy.uint8)

    arrays = {
        "categories": utf8("\n".join(model.categories)),
        "corpus_sha256": utf8(model.corpus_sha256),
        "idf": numpy.rint(model.idf * SCALE).astype(numpy.int32),
        "intercepts": numpy.round(numpy.asarray(model.intercepts, dtype=numpy.float64), 4),
        "thresholds": numpy.asarray([model.thresholds[c] for c in model.categories], dtype=numpy.float64),
        "vocabulary": utf8("\n".join(model.vocabulary)),
        "weights": numpy.rint(model.weights * SCALE).astype(numpy.int32),
    }
    if model.offer is not None:
        arrays["offer"] = numpy.asarray(model.offer, dtype=numpy.float64)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            numpy.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


_lock = threading.Lock()
_model: Optional[Model] = None


def model() -> Model:
    """The committed model, loaded once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = load()
    return _model


def reset(replacement: Optional[Model] = None) -> None:
    """Use ``replacement`` (or reload from disk next time); for the build script's threshold search."""
    global _model
    _model = replacement


def known(categories: Sequence[str]) -> bool:
    return set(categories) <= set(model().categories)
