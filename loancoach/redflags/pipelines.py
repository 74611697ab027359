"""The two blank spaCy pipelines and their matchers, built once per process (lazily, thread-safe).

- Chinese: ``spacy.blank("zh")`` with the jieba segmenter. The segmenter is our own jieba instance
  with the finance dictionary of ``data/jieba`` plus every Chinese word the red-flag patterns use,
  so that a word such as "解冻费" or "不看征信" comes out as one token. jieba's HMM guessing of
  unknown words is off: segmentation then depends on the dictionary only, which keeps the tokens of
  a pattern and of a text alike and halves the time. Numbers are kept whole ("0.05%").
- English: ``spacy.blank("en")`` plus a component that sets each token's NORM to the pattern word it
  is one typo away from ("garanteed" → "guaranteed", "aproval" → "approval").

Each language has a PhraseMatcher (on NORM) and Matchers (token patterns) holding the red-flag
triggers of :mod:`loancoach.redflags.patterns` and the cues of :mod:`loancoach.redflags.cues`,
arranged for speed as :class:`LanguageTools` describes.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from math import log
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from loancoach.redflags import cues as cue_data
from loancoach.redflags import patterns as pattern_data
from loancoach.redflags.dsl import BREAK_TOKENS, anchor, compile_pattern, expand_phrases, literal_words
from loancoach.text.segment import DEFAULT_DICTIONARY

APK_LINK = "apk-link"  # the NORM given to any token ending in ".apk" (see TypoNormalizer)
TRIGGER_PREFIX = "trigger|"
CUE_PREFIX = "cue|"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_DIGITS = re.compile(r"^[0-9]+$")
_ANY_DIGIT = re.compile(r"[0-9]")
_ALPHA = re.compile(r"^[a-z][a-z'\-]*$")


# --------------------------------------------------------------------------- Chinese segmentation


def _route_tokenizer_class():
    """A jieba Tokenizer whose route search is faster and gives exactly the same segmentation.

    jieba picks, over the DAG of dictionary words, the path of maximum summed log frequency
    (``Tokenizer.calc``). Its implementation builds a generator and calls ``log`` for every edge
    of every character; this one looks each edge's log probability up once and compares in a
    plain loop. Same dictionary, same scores, same tie-breaking (``(score, end)`` tuples compared
    as in ``max``), so the same words - see ``tests/test_redflags.py``.

    :meth:`cut_plain` is ``list(cut(sentence, cut_all=False, HMM=False))`` in one pass per block:
    each character's dictionary words (jieba's ``get_DAG``) are found right to left and scored at
    once, with no DAG dictionary, generators or route tuples for the words.
    """
    import jieba

    re_block, re_skip, re_eng = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng

    class RouteCachingTokenizer(jieba.Tokenizer):
        _LOGP_LIMIT = 200_000

        def cut_plain(self, sentence: str) -> List[str]:
            """Exactly ``list(self.cut(sentence, cut_all=False, HMM=False))``, faster."""
            self.check_initialized()
            out: List[str] = []
            for block in re_block.split(sentence):
                if not block:
                    continue
                if re_block.match(block):
                    self._cut_block(block, out)
                else:
                    for part in re_skip.split(block):
                        if re_skip.match(part):
                            out.append(part)
                        else:
                            out.extend(part)  # one token per character, as jieba does
            return out

        def _cut_block(self, sentence: str, out: List[str]) -> None:
            freq = self.FREQ
            logtotal = log(self.total)
            n = len(sentence)
            score = [0.0] * (n + 1)
            end = [0] * (n + 1)
            for idx in range(n - 1, -1, -1):
                best_score = best_end = None
                for x in range(idx, n):  # jieba's get_DAG: prefixes are in FREQ with frequency 0
                    f = freq.get(sentence[idx : x + 1])
                    if f is None:
                        break
                    if f:
                        candidate = log(f) - logtotal + score[x + 1]
                        if best_end is None or (candidate, x) > (best_score, best_end):
                            best_score, best_end = candidate, x
                if best_end is None:  # no dictionary word starts here: the character alone
                    best_score = log(freq.get(sentence[idx]) or 1) - logtotal + score[idx + 1]
                    best_end = idx
                score[idx], end[idx] = best_score, best_end
            x = 0
            buf = ""
            while x < n:
                y = end[x] + 1
                word = sentence[x:y]
                if y - x == 1 and re_eng.match(word):
                    buf += word
                else:
                    if buf:
                        out.append(buf)
                        buf = ""
                    out.append(word)
                x = y
            if buf:
                out.append(buf)

        def calc(self, sentence, DAG, route):
            total = self.total
            cache = getattr(self, "_logp", None)
            if cache is None or self._logp_total != total or len(cache) > self._LOGP_LIMIT:
                cache = self._logp = {}
                self._logp_total = total
            freq = self.FREQ
            logtotal = log(total)
            n = len(sentence)
            route[n] = (0, 0)
            for idx in range(n - 1, -1, -1):
                best = None
                for x in DAG[idx]:
                    word = sentence[idx : x + 1]
                    p = cache.get(word)
                    if p is None:
                        p = cache[word] = log(freq.get(word) or 1) - logtotal
                    candidate = (p + route[x + 1][0], x)
                    if best is None or candidate > best:
                        best = candidate
                route[idx] = best

    return RouteCachingTokenizer


class PatternAwareSegmenter:
    """jieba (dictionary only) that brings the pattern words out and keeps numbers whole.

    - Every pattern word of up to four characters is in the dictionary, so "解冻费" or "不看征信"
      is one token; longer phrases are matched as the token sequences they segment into.
    - jieba's general dictionary still has compounds that swallow a pattern word at their edge
      ("成功率高", "可贷款"); such a token is split at the longest pattern word it starts or ends
      with ("成功率" + "高"), so a pattern never misses a word it names.
    - "0.05%", "3,000" and "100%" stay one token.
    - jieba's route search runs in a faster, equivalent form (:func:`_route_tokenizer_class`).

    spaCy's Chinese tokenizer calls ``cut(text, cut_all=False)`` on the object it holds as
    ``jieba_seg``; this class offers that method.
    """

    def __init__(self, words: Iterable[str], dictionary: Optional[str] = str(DEFAULT_DICTIONARY)) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.vocabulary: FrozenSet[str] = frozenset(words)
        self._longest = max((len(w) for w in self.vocabulary), default=0)
        self._tok = _route_tokenizer_class()()
        if dictionary:
            self._tok.load_userdict(dictionary)
        else:  # pragma: no cover - the project always ships the dictionary
            self._tok.initialize()
        for word in sorted(self.vocabulary):
            if not self._tok.FREQ.get(word):
                self._tok.add_word(word)
        cached = lru_cache(maxsize=20_000)(self._split_uncached)
        self._split = lambda token: (token,) if len(token) < 3 else cached(token)

    @property
    def jieba_tokenizer(self):
        """The underlying jieba Tokenizer (with the finance dictionary and the pattern words)."""
        return self._tok

    def _split_uncached(self, token: str) -> Tuple[str, ...]:
        if token in self.vocabulary or not _HAN.search(token):
            return (token,)
        for size in range(min(len(token) - 1, self._longest), 1, -1):
            if token[:size] in self.vocabulary:
                return (token[:size],) + self._split(token[size:])
            if token[-size:] in self.vocabulary:
                return self._split(token[:-size]) + (token[-size:],)
        return (token,)

    def cut(self, text: str, cut_all: bool = False) -> List[str]:
        split = self._split
        tokens = [part for t in self._tok.cut_plain(text) if t for part in split(t)]
        if not _ANY_DIGIT.search(text):
            return tokens
        out: List[str] = []
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            if _DIGITS.match(tok):
                j = i + 1
                while j + 1 < n and tokens[j] in (".", ",") and _DIGITS.match(tokens[j + 1]):
                    tok += tokens[j] + tokens[j + 1]
                    j += 2
                if j < n and tokens[j] == "%":
                    tok += "%"
                    j += 1
                out.append(tok)
                i = j
            else:
                out.append(tok)
                i += 1
        return out


# --------------------------------------------------------------------------- English typo tolerance


def _deletions(word: str) -> Set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by one insertion, deletion, substitution or adjacent swap."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or a == b:
        return a == b
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


class TypoNormalizer:
    """Maps a word one typo away from a pattern word onto that word (only words of 4+ letters,
    onto pattern words of 5+ letters, and never a word that is itself in the vocabulary).

    Candidates come from a deletion index (every pattern word with one letter deleted), so a
    lookup costs a few set probes, not a scan of the vocabulary.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary: FrozenSet[str] = frozenset(w for w in vocabulary if _ALPHA.match(w))
        self._deletions: Dict[str, Set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= 5 and word.isalpha():
                for variant in {word} | _deletions(word):
                    self._deletions.setdefault(variant, set()).add(word)
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)

    def _lookup(self, lower: str) -> str:
        if lower in self.vocabulary or len(lower) < 4 or not lower.isalpha():
            return lower
        candidates: Set[str] = set()
        for variant in {lower} | _deletions(lower):
            candidates |= self._deletions.get(variant, set())
        matches = sorted(w for w in candidates if _within_one_edit(lower, w))
        return matches[0] if matches else lower

    def __call__(self, doc):
        for token in doc:
            lower = token.lower_
            if lower.endswith(".apk") and len(lower) > 4:
                token.norm_ = APK_LINK  # a link to an Android package: an app from outside the stores
            elif token.norm_ == lower:  # keep tokenizer norms such as n't → not
                fixed = self.lookup(lower)
                if fixed != lower:
                    token.norm_ = fixed
        return doc


# --------------------------------------------------------------------------- pattern vocabulary


def _entries(language: str) -> List[Tuple[str, str, Sequence[str], Sequence[str]]]:
    """(label, kind, phrases, patterns) for every trigger and cue of a language."""
    out = []
    for label, by_lang in pattern_data.TRIGGERS.items():
        spec = by_lang.get(language, {})
        out.append((TRIGGER_PREFIX + label, "trigger", spec.get("phrases", []), spec.get("patterns", [])))
    for kind, by_lang in cue_data.CUES.items():
        spec = by_lang.get(language, {})
        out.append((CUE_PREFIX + kind, "cue", spec.get("phrases", []), spec.get("patterns", [])))
    return out


def pattern_words(language: str) -> Set[str]:
    """Every literal word the triggers and cues of a language use (phrases split on spaces)."""
    sets = pattern_data.SETS[language]
    words: Set[str] = set()
    for _label, _kind, phrases, patterns in _entries(language):
        for phrase in phrases:
            words.update(phrase.split() if language == "en" else [phrase])
        for pattern in patterns:
            words.update(literal_words(pattern, sets))
    for members in sets.values():
        words.update(members)
    return words


def _gap_stop(language: str) -> List[str]:
    negations = (
        cue_data.NEG_ZH + cue_data.NEG_DET_ZH if language == "zh" else cue_data.NEG_EN + ["no", "without"]
    )
    return sorted(BREAK_TOKENS | {w.lower() for w in negations} | {"但", "但是", "but", "however"})


# --------------------------------------------------------------------------- pipelines and matchers


@dataclass(frozen=True)
class WindowedPattern:
    """A token pattern with its own Matcher, run only around the words that anchor it."""

    label: str
    matcher: object
    before: int  # tokens a match can start before the anchor word
    after: int  # tokens a match can end after it
    required: Tuple[FrozenSet[int], ...] = ()  # NORM hashes; the doc must have one of each set


@dataclass
class LanguageTools:
    """A pipeline with its matchers.

    spaCy's Matcher costs about a microsecond per token per call, and evaluates set and regex
    predicates in Python, so the patterns are arranged to do as little of that as possible:

    - a pattern made only of words and word sets (no gaps, numbers or regexes) is expanded into the
      token sequences it matches and added to the PhraseMatcher, which looks them up by hash;
    - every other pattern has its own Matcher and an anchor (:func:`loancoach.redflags.dsl.anchor`):
      it runs only if the doc has a word of each of its required specs, and then only on the few
      tokens around the anchor words;
    - the rare pattern without an anchor runs on the whole doc.
    """

    nlp: object
    phrase_matcher: object
    windowed: List[WindowedPattern]
    by_word: Dict[int, Tuple[int, ...]]  # NORM hash of an anchor word → windowed pattern indexes
    always: Tuple[int, ...]

    def match(self, doc) -> List[Tuple[int, int, int]]:
        """(match_id, start token, end token) of every phrase and token-pattern match in ``doc``."""
        from spacy.attrs import NORM

        matches = list(self.phrase_matcher(doc))
        norms = doc.to_array(NORM).tolist() if len(doc) else []
        present = set(norms)
        positions: Dict[int, List[int]] = {}
        by_word = self.by_word
        for i, norm in enumerate(norms):
            found = by_word.get(norm)
            if found:
                for index in found:
                    positions.setdefault(index, []).append(i)
        for index in self.always:
            matches.extend(self.windowed[index].matcher(doc))
        length = len(doc)
        for index, anchors in positions.items():
            pattern = self.windowed[index]
            if any(present.isdisjoint(words) for words in pattern.required):
                continue
            window_start = window_end = -1
            for i in anchors:
                start, end = max(0, i - pattern.before), min(length, i + pattern.after + 1)
                if start <= window_end:  # overlapping windows are merged
                    window_end = max(window_end, end)
                    continue
                if window_end > window_start >= 0:
                    matches.extend(_shifted(pattern.matcher(doc[window_start:window_end]), window_start))
                window_start, window_end = start, end
            if window_end > window_start >= 0:
                matches.extend(_shifted(pattern.matcher(doc[window_start:window_end]), window_start))
        return matches


def _shifted(matches, offset: int) -> List[Tuple[int, int, int]]:
    return [(match_id, start + offset, end + offset) for match_id, start, end in matches]


PHRASE_EXPANSION_LIMIT = 2_000


def _build_matchers(language: str, nlp) -> LanguageTools:
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

    phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    sets = pattern_data.SETS[language]
    gap_stop = _gap_stop(language)
    windowed: List[WindowedPattern] = []
    by_word: Dict[int, List[int]] = {}
    always: List[int] = []
    strings = nlp.vocab.strings
    for label, _kind, phrases, patterns in _entries(language):
        phrase_docs = list(nlp.pipe(sorted(set(phrases))))
        for pattern in patterns:
            expanded = expand_phrases(pattern, sets, PHRASE_EXPANSION_LIMIT)
            if expanded is not None:
                phrase_docs.extend(
                    Doc(nlp.vocab, words=list(words)) for words in sorted(set(expanded)) if words
                )
                continue
            matcher = Matcher(nlp.vocab, validate=True)
            matcher.add(label, compile_pattern(pattern, sets, gap_stop))
            found = anchor(pattern, sets)
            index = len(windowed)
            if found is None:
                windowed.append(WindowedPattern(label, matcher, 0, 0))
                always.append(index)
            else:
                required = tuple(frozenset(strings.add(w) for w in words) for words in found.required)
                windowed.append(WindowedPattern(label, matcher, found.before, found.after, required))
                for word in found.words:
                    by_word.setdefault(strings.add(word), []).append(index)
        if phrase_docs:
            phrase_matcher.add(label, phrase_docs)
    return LanguageTools(
        nlp,
        phrase_matcher,
        windowed,
        {word: tuple(ids) for word, ids in by_word.items()},
        tuple(always),
    )


# Pattern words longer than this are not added to jieba: a long entry such as "学生证即可" would
# swallow the words around it ("凭" + "学生证即可"), while left out it is matched as the token
# sequence 学生证 + 即可, exactly as its phrase is segmented.
MAX_JIEBA_WORD = 4


def import_spacy():
    """Import spaCy without letting thinc import TensorFlow (3 of the 4 seconds of a cold import).

    thinc probes for TensorFlow at import to offer its TF shims, which blank pipelines never use.
    If TensorFlow is not already loaded, the probe is made to fail; later imports of TensorFlow in
    the process (Rasa's own) are unaffected.
    """
    import sys

    if "spacy" in sys.modules or "tensorflow" in sys.modules:
        import spacy

        return spacy
    sys.modules["tensorflow"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        if sys.modules.get("tensorflow", 0) is None:
            del sys.modules["tensorflow"]
    return spacy


def _build_zh():
    spacy = import_spacy()

    words = [w for w in pattern_words("zh") if _HAN.search(w) and 2 <= len(w) <= MAX_JIEBA_WORD]
    # Built with the "char" segmenter and switched to jieba afterwards: asking for "jieba" up front
    # makes spaCy initialise jieba's default dictionary too (half a second), only to be replaced.
    nlp = spacy.blank("zh")
    nlp.tokenizer.jieba_seg = PatternAwareSegmenter(words)
    nlp.tokenizer.segmenter = "jieba"
    return nlp


def _register_component() -> None:
    import_spacy()
    from spacy.language import Language

    if Language.has_factory("loancoach_typo_norm"):
        return

    @Language.factory("loancoach_typo_norm", default_config={"vocabulary": []})
    def _make(nlp, name, vocabulary):  # called by spaCy's add_pipe
        return TypoNormalizer(vocabulary)


def _build_en():
    spacy = import_spacy()

    _register_component()
    nlp = spacy.blank("en")
    vocabulary = sorted(w.lower() for w in pattern_words("en") if _ALPHA.match(w.lower()))
    nlp.add_pipe("loancoach_typo_norm", config={"vocabulary": vocabulary}, last=True)
    return nlp


_lock = threading.Lock()
_tools: Dict[str, LanguageTools] = {}


def tools(language: str) -> LanguageTools:
    """The pipeline and matchers for ``"zh"`` or ``"en"``; built on first use, then cached."""
    found = _tools.get(language)
    if found is not None:
        return found
    with _lock:
        found = _tools.get(language)
        if found is None:
            if language == "zh":
                nlp = _build_zh()
            elif language == "en":
                nlp = _build_en()
            else:
                raise ValueError(f"unsupported language {language!r}")
            found = _build_matchers(language, nlp)
            _tools[language] = found
        return found


def load() -> None:
    """Build both pipelines now (they are otherwise built on first use)."""
    tools("zh")
    tools("en")
