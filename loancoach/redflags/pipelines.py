"""The Chinese and English tokenizers and the red-flag matchers, built once per process (lazily,
thread-safe), in plain Python.

- Chinese: our own jieba instance with the finance dictionary of ``data/jieba`` plus every Chinese
  word the red-flag patterns use, so that a word such as "解冻费" or "不看征信" comes out as one
  token. jieba's HMM guessing of unknown words is off: segmentation then depends on the dictionary
  only, which keeps the tokens of a pattern and of a text alike and halves the time. Numbers are
  kept whole ("0.05%"). Tokens get their offsets as spaCy's Chinese tokenizer gave them.
- English: the tokens of spaCy's English tokenizer (:mod:`loancoach.redflags.entokens`, which runs
  spaCy's algorithm and rules without spaCy), each with a NORM: lower case, the tokenizer's norms
  ("n't" → "not"), and the pattern word it is one typo away from ("garanteed" → "guaranteed",
  "aproval" → "approval").

Each language has a phrase table (token NORM sequences looked up by hash) and token patterns holding
the red-flag triggers of :mod:`loancoach.redflags.patterns` and the cues of
:mod:`loancoach.redflags.cues`, arranged for speed as :class:`LanguageTools` describes. Matching
follows spaCy's PhraseMatcher and Matcher (attribute NORM): every match is reported, including the
different lengths that optional tokens give; :func:`loancoach.redflags.detector.find_spans` merges
overlapping ones.
"""

from __future__ import annotations

import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from math import inf, log
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from loancoach.redflags import cues as cue_data
from loancoach.redflags import patterns as pattern_data
from loancoach.redflags.dsl import BREAK_TOKENS, anchor, compile_pattern, expand_phrases, literal_words
from loancoach.redflags.entokens import base_norm
from loancoach.redflags.entokens import tokenize as en_pieces
from loancoach.text.segment import DEFAULT_DICTIONARY

APK_LINK = "apk-link"  # the NORM given to any token ending in ".apk" (see TypoNormalizer.norm)
TRIGGER_PREFIX = "trigger|"
CUE_PREFIX = "cue|"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_DIGITS = re.compile(r"^[0-9]+$")
_ANY_DIGIT = re.compile(r"[0-9]")
_DIGIT_CHARS = frozenset("0123456789")
_ALPHA = re.compile(r"^[a-z][a-z'\-]*$")
# Markers in the memo of jieba dictionary probes (a word's log probability is never above 0).
_PREFIX = 1.0
_ABSENT = 2.0


# --------------------------------------------------------------------------- Chinese segmentation


def import_jieba():
    """Import jieba without letting it import ``pkg_resources`` (a quarter of a second).

    jieba's ``_compat`` uses pkg_resources only to open its own data files and falls back to
    opening them next to its module when pkg_resources cannot be imported. If pkg_resources is not
    already loaded, that import is made to fail; later imports of pkg_resources are unaffected.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _route_tokenizer_class():
    """A jieba Tokenizer whose route search is faster and gives exactly the same segmentation.

    jieba picks, over the DAG of dictionary words, the path of maximum summed log frequency
    (``Tokenizer.calc``). Its implementation builds a generator and calls ``log`` for every edge
    of every character; this one looks each edge's log probability up once and compares in a
    plain loop. Same dictionary, same scores, same tie-breaking (``(score, end)`` tuples compared
    as in ``max``), so the same words - see ``tests/test_redflags.py``.

    :meth:`cut_plain` is ``list(cut(sentence, cut_all=False, HMM=False))`` in one pass per block:
    each character's dictionary words (jieba's ``get_DAG``) are found right to left and scored at
    once, with no DAG dictionary, generators or route tuples for the words; each dictionary probe
    (word, prefix of words, or neither, with the word's log probability) is memoised, so a string
    seen before costs one lookup and no ``log``. Given a ``split``, it also splits long dictionary
    words as it emits them (the segmenter's pattern-word split), instead of in a second pass.

    :meth:`initialize` reads jieba's own cache of its default dictionary in one piece: jieba's
    ``marshal.load`` on the open file reads it a few bytes at a time, three to four times slower
    (0.9 s against 0.25 s here). Same file, same data; anything unusual is left to jieba.
    """
    jieba = import_jieba()

    re_block, re_skip, re_eng = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng
    # the single characters jieba's re_eng matches (a block holds only ASCII and CJK characters)
    eng_chars = frozenset(c for c in map(chr, range(128)) if re_eng.match(c))

    class RouteCachingTokenizer(jieba.Tokenizer):
        _LOGP_LIMIT = 200_000
        _EDGE_LIMIT = 50_000  # memoised dictionary probes (about 5 MB); 21,000 after 10,000 ads
        _edges: Dict[str, float] = {}
        _edges_total = None

        def initialize(self, dictionary=None):
            if dictionary is None and not self.initialized and self.dictionary == jieba.DEFAULT_DICT:
                name = self.cache_file or "jieba.cache"
                path = os.path.join(self.tmp_dir or tempfile.gettempdir(), name)
                try:
                    with open(path, "rb") as handle:
                        freq, total = marshal.loads(handle.read())
                except Exception:  # no cache yet, or unreadable: jieba builds it
                    pass
                else:
                    with self.lock:
                        if not self.initialized:
                            self.FREQ, self.total, self.initialized = freq, total, True
                    return
            super().initialize(dictionary)

        def cut_plain(
            self, sentence: str, split: Optional[Callable[[str], Tuple[str, ...]]] = None
        ) -> List[str]:
            """Exactly ``list(self.cut(sentence, cut_all=False, HMM=False))``, faster; with ``split``,
            every dictionary word of three or more characters is replaced by ``split(word)``."""
            self.check_initialized()
            out: List[str] = []
            # re.split with one group puts the matches at the odd places (jieba asks re.match instead)
            for i, block in enumerate(re_block.split(sentence)):
                if i % 2:
                    self._cut_block(block, out, split)
                elif block:
                    for j, part in enumerate(re_skip.split(block)):
                        if j % 2:
                            out.append(part)
                        else:
                            out.extend(part)  # one token per character, as jieba does
            return out

        def add_word(self, word, freq=None, tag=None):
            super().add_word(word, freq, tag)
            self._edges = {}  # del_word sets a frequency to 0 without changing the total

        def _edge_table(self) -> Dict[str, float]:
            """Memo of dictionary probes: a string's ``log(freq) - log(total)`` if it is a word,
            ``_PREFIX`` if it only begins words (jieba stores those with frequency 0), ``_ABSENT``
            if it is neither. Filled as strings are met; emptied when the dictionary changes."""
            table = self._edges
            if self._edges_total != self.total or len(table) > self._EDGE_LIMIT:
                table = self._edges = {}
                self._edges_total = self.total
            return table

        def _probe(self, word: str) -> float:
            f = self.FREQ.get(word)
            value = _ABSENT if f is None else _PREFIX if not f else log(f) - log(self.total)
            self._edges[word] = value
            return value

        def _cut_block(
            self, sentence: str, out: List[str], split: Optional[Callable[[str], Tuple[str, ...]]]
        ) -> None:
            # jieba's route search (get_DAG + calc) with each probe of the dictionary memoised:
            # log(f) - logtotal + score is computed as (log(f) - logtotal) + score, as jieba does.
            edges = self._edge_table()
            get = edges.get
            probe = self._probe
            n = len(sentence)
            score = [0.0] * (n + 1)
            end = [0] * (n + 1)
            for idx in range(n - 1, -1, -1):
                best_score = -inf
                best_end = -1
                x = idx + 1
                p = get(sentence[idx:x])
                if p is None:
                    p = probe(sentence[idx:x])
                while p != _ABSENT:  # jieba's get_DAG: prefixes are in FREQ with frequency 0
                    if p != _PREFIX:
                        candidate = p + score[x]
                        # jieba's max over (score, end): the end only grows, so a tie goes to the later one
                        if candidate >= best_score:
                            best_score, best_end = candidate, x - 1
                    if x == n:
                        break
                    x += 1
                    p = get(sentence[idx:x])
                    if p is None:
                        p = probe(sentence[idx:x])
                if best_end < 0:  # no dictionary word starts here: the character alone
                    best_score = log(self.FREQ.get(sentence[idx]) or 1) - log(self.total) + score[idx + 1]
                    best_end = idx
                score[idx] = best_score
                end[idx] = best_end
            x = 0
            buf = ""
            while x < n:
                y = end[x] + 1
                if y - x == 1:
                    word = sentence[x]
                    if word in eng_chars:
                        buf += word
                        x = y
                        continue
                else:
                    word = sentence[x:y]
                if buf:
                    out.append(buf)
                    buf = ""
                if split is not None and y - x > 2:
                    out.extend(split(word))
                else:
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

    :meth:`cut` gives the words; :func:`zh_tokens` places them in the text.
    """

    def __init__(self, words: Iterable[str], dictionary: Optional[str] = str(DEFAULT_DICTIONARY)) -> None:
        jieba = import_jieba()
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
        self._split_long = lru_cache(maxsize=20_000)(self._split_uncached)
        self._split = lambda token: (token,) if len(token) < 3 else self._split_long(token)

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
        # Only jieba's dictionary words can be three characters or longer and hold a pattern word:
        # its other tokens are runs of ASCII letters and digits, single characters and whitespace.
        tokens = self._tok.cut_plain(text, self._split_long)
        if not _ANY_DIGIT.search(text):
            return tokens
        out: List[str] = []
        i, n = 0, len(tokens)
        digits = _DIGITS.match
        while i < n:
            tok = tokens[i]
            if tok[0] in _DIGIT_CHARS and digits(tok):
                j = i + 1
                while j + 1 < n and tokens[j] in (".", ",") and digits(tokens[j + 1]):
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
        self.plain_norms: Dict[str, str] = {}  # norm(orth, None) by orth, for en_tokens

    def _lookup(self, lower: str) -> str:
        if lower in self.vocabulary or len(lower) < 4 or not lower.isalpha():
            return lower
        candidates: Set[str] = set()
        for variant in {lower} | _deletions(lower):
            candidates |= self._deletions.get(variant, set())
        matches = sorted(w for w in candidates if _within_one_edit(lower, w))
        return matches[0] if matches else lower

    def norm(self, orth: str, norm: Optional[str]) -> str:
        """The NORM of an English token: ``norm`` is the tokenizer's own (e.g. "not" for "n't")."""
        lower = orth.lower()
        if lower.endswith(".apk") and len(lower) > 4:
            return APK_LINK  # a link to an Android package: an app from outside the stores
        if norm is None:
            norm = base_norm(orth)
        if norm == lower:  # keep tokenizer norms such as n't → not
            return self.lookup(lower)
        return norm


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


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Tokens:
    """The tokens of one text: NORM (what patterns match), ORTH (the text), character offsets."""

    norms: List[str]
    orths: List[str]
    starts: List[int]

    def __len__(self) -> int:
        return len(self.norms)

    def end(self, index: int) -> int:
        return self.starts[index] + len(self.orths[index])


def zh_tokens(segmenter: PatternAwareSegmenter, text: str) -> Tokens:
    """The segmenter's words placed in ``text`` as spaCy's Chinese tokenizer placed them: whitespace
    words are dropped, a single space after a word belongs to it, any other text between words
    (line breaks, runs of spaces) is a token of its own."""
    orths: List[str] = []
    starts: List[int] = []
    pos, length = 0, len(text)
    # The segmenter's words are the text cut into pieces, in order, each either all whitespace or
    # none: a word's offset is the sum of the lengths before it.
    at = 0
    for word in segmenter.cut(text):
        if word.isspace():
            at += len(word)
            continue
        if at > pos:
            orths.append(text[pos:at])
            starts.append(pos)
        orths.append(word)
        starts.append(at)
        at += len(word)
        pos = at
        if pos < length and text[pos] == " ":
            pos += 1
    if pos < length:
        orths.append(text[pos:])
        starts.append(pos)
    norms = _ZH_NORMS
    if len(norms) > 100_000:
        norms.clear()
    get = norms.get
    return Tokens([get(o) or norms.setdefault(o, base_norm(o)) for o in orths], orths, starts)


_ZH_NORMS: Dict[str, str] = {}


def en_tokens(normalizer: TypoNormalizer, text: str) -> Tokens:
    """spaCy's English tokens of ``text`` with their NORM (lower case, tokenizer norms, typos fixed)."""
    pieces = en_pieces(text)
    norm = normalizer.norm
    plain = normalizer.plain_norms  # NORM of a token the tokenizer gave no norm, by its text
    if len(plain) > 50_000:
        plain.clear()
    get = plain.get
    norms: List[str] = []
    for orth, special, _ in pieces:
        if special is None:
            found = get(orth)
            if found is None:
                found = plain[orth] = norm(orth, None)
            norms.append(found)
        else:
            norms.append(norm(orth, special))
    return Tokens(norms, [p[0] for p in pieces], [p[2] for p in pieces])


# --------------------------------------------------------------------------- matchers

# One token spec of a compiled pattern: (kind, value, optional).
_IN, _NOT_IN, _REGEX, _ORTH = range(4)
Step = Tuple[int, object, bool]


def _compile_token(token: Dict[str, object]) -> Step:
    """A token dict of :func:`loancoach.redflags.dsl.compile_pattern` as a step of the matcher."""
    optional = token.get("OP") == "?"
    if "ORTH" in token:
        return (_ORTH, token["ORTH"], optional)
    value = token["NORM"]
    if isinstance(value, str):
        return (_IN, frozenset([value]), optional)
    if "IN" in value:
        return (_IN, frozenset(value["IN"]), optional)
    if "NOT_IN" in value:
        return (_NOT_IN, frozenset(value["NOT_IN"]), optional)
    return (_REGEX, _regex(value["REGEX"]), optional)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> Callable[[str], object]:
    return re.compile(pattern).search


def _match_ends(steps: Sequence[Step], norms: List[str], orths: List[str], start: int) -> Set[int]:
    """Every token index where a match of ``steps`` starting at ``start`` can end (all paths)."""
    n = len(norms)
    positions = {start}
    for kind, value, optional in steps:
        following: Set[int] = set()
        for p in positions:
            if optional:
                following.add(p)
            if p < n:
                if kind == _IN:
                    ok = norms[p] in value
                elif kind == _NOT_IN:
                    ok = norms[p] not in value
                elif kind == _REGEX:
                    ok = value(norms[p]) is not None
                else:
                    ok = orths[p] == value
                if ok:
                    following.add(p + 1)
        if not following:
            return following
        positions = following
    return positions


@dataclass(frozen=True)
class WindowedPattern:
    """A token pattern (one or more shapes), tried only at the starts its anchor words allow."""

    label: str
    shapes: Tuple[Tuple[Step, ...], ...]
    before: int  # tokens a match can start before the anchor word
    after: int  # tokens a match can end after it
    required: Tuple[FrozenSet[str], ...] = ()  # NORMs; the text must have one of each set

    def matches(self, tokens: Tokens, starts: Iterable[int]) -> List[Tuple[str, int, int]]:
        norms, orths = tokens.norms, tokens.orths
        length = len(norms)
        found = []
        for start in starts:
            for shape in self.shapes:
                kind, value, optional = shape[0]
                if kind == _IN and not optional and (start >= length or norms[start] not in value):
                    continue  # the first token already fails
                for end in _match_ends(shape, norms, orths, start):
                    found.append((self.label, start, end))
        return found


@dataclass
class LanguageTools:
    """A tokenizer with its phrase table and token patterns.

    - phrases, and every pattern made only of words and word sets (no gaps, numbers or regexes),
      expanded into the token sequences it matches, are looked up by hash of their NORM tuples;
    - every other pattern has an anchor (:func:`loancoach.redflags.dsl.anchor`): it is tried only
      if the text has a word of each of its required specs, and then only at the few tokens a match
      can start at, given where the anchor words are;
    - the rare pattern without an anchor is tried at every token.
    """

    tokenize: Callable[[str], Tokens]
    phrases: Dict[Tuple[str, ...], Tuple[str, ...]]  # NORM sequence → labels
    phrase_lengths: Dict[str, Tuple[int, ...]]  # first NORM → lengths of the phrases it starts
    windowed: List[WindowedPattern]
    by_word: Dict[str, Tuple[int, ...]]  # NORM of an anchor word → windowed pattern indexes
    always: Tuple[int, ...]

    def __post_init__(self) -> None:
        # one lookup per token: NORM → (labels of the one-token phrase it is, lengths of the longer
        # phrases it starts, windowed patterns it anchors)
        self._words: Dict[str, Tuple[Tuple[str, ...], Tuple[int, ...], Tuple[int, ...]]] = {
            word: (
                self.phrases.get((word,), ()),
                tuple(size for size in self.phrase_lengths.get(word, ()) if size > 1),
                self.by_word.get(word, ()),
            )
            for word in set(self.phrase_lengths) | set(self.by_word)
        }

    def match(self, tokens: Tokens) -> List[Tuple[str, int, int]]:
        """(label, start token, end token) of every phrase and token-pattern match."""
        norms = tokens.norms
        length = len(norms)
        matches: List[Tuple[str, int, int]] = []
        phrases, words = self.phrases, self._words
        positions: Dict[int, List[int]] = {}
        entries = list(map(words.get, norms))
        i = -1
        for entry in entries:
            i += 1
            if entry is None:
                continue
            single, sizes, found = entry
            for label in single:
                matches.append((label, i, i + 1))
            for size in sizes:
                if i + size <= length:
                    labels = phrases.get(tuple(norms[i : i + size]))
                    if labels:
                        for label in labels:
                            matches.append((label, i, i + size))
            for index in found:
                anchors = positions.get(index)
                if anchors is None:
                    positions[index] = [i]
                else:
                    anchors.append(i)
        for index in self.always:
            matches.extend(self.windowed[index].matches(tokens, range(length)))
        if positions:
            present = set(norms)
            windowed = self.windowed
            for index, anchors in positions.items():
                pattern = windowed[index]
                for required in pattern.required:
                    if present.isdisjoint(required):
                        break
                else:
                    before = pattern.before
                    if len(anchors) == 1:
                        i = anchors[0]
                        starts = range(max(0, i - before), i + 1)
                    else:
                        found_starts: Set[int] = set()
                        for i in anchors:
                            found_starts.update(range(max(0, i - before), i + 1))
                        starts = sorted(found_starts)
                    matches.extend(pattern.matches(tokens, starts))
        return matches

    def spans(self, text: str) -> List[Tuple[str, int, int]]:
        """(label, start, end) character spans of every match in ``text``, whitespace trimmed."""
        tokens = self.tokenize(text)
        if not len(tokens):
            return []
        starts, orths = tokens.starts, tokens.orths
        out = []
        for label, start, end in self.match(tokens):
            s, e = starts[start], starts[end - 1] + len(orths[end - 1])  # tokens.end(end - 1)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((label, s, e))
        return out


PHRASE_EXPANSION_LIMIT = 2_000


def _build_matchers(language: str, tokenize: Callable[[str], Tokens]) -> LanguageTools:
    sets = pattern_data.SETS[language]
    gap_stop = _gap_stop(language)
    phrases: Dict[Tuple[str, ...], Dict[str, None]] = {}  # NORM sequence → labels (ordered set)
    windowed: List[WindowedPattern] = []
    by_word: Dict[str, List[int]] = {}
    always: List[int] = []
    word_norms: Dict[str, str] = {}

    for label, _kind, phrase_texts, patterns in _entries(language):
        for phrase in sorted(set(phrase_texts)):
            norms = tuple(tokenize(phrase).norms)
            if norms:
                phrases.setdefault(norms, {})[label] = None
        for pattern in patterns:
            expanded = expand_phrases(pattern, sets, PHRASE_EXPANSION_LIMIT)
            if expanded is not None:
                for words in expanded:
                    if words:
                        # a token made from a pattern word has that word's lexeme NORM
                        norms = tuple(
                            word_norms.get(w) or word_norms.setdefault(w, base_norm(w)) for w in words
                        )
                        phrases.setdefault(norms, {})[label] = None
                continue
            shapes = tuple(
                tuple(_compile_token(token) for token in shape)
                for shape in compile_pattern(pattern, sets, gap_stop)
            )
            found = anchor(pattern, sets)
            index = len(windowed)
            if found is None:
                windowed.append(WindowedPattern(label, shapes, 0, 0))
                always.append(index)
            else:
                windowed.append(WindowedPattern(label, shapes, found.before, found.after, found.required))
                for word in found.words:
                    by_word.setdefault(word, []).append(index)
    lengths: Dict[str, Set[int]] = {}
    for norms in phrases:
        lengths.setdefault(norms[0], set()).add(len(norms))
    return LanguageTools(
        tokenize,
        {norms: tuple(labels) for norms, labels in phrases.items()},
        {first: tuple(sorted(sizes)) for first, sizes in lengths.items()},
        windowed,
        {word: tuple(ids) for word, ids in by_word.items()},
        tuple(always),
    )


# Pattern words longer than this are not added to jieba: a long entry such as "学生证即可" would
# swallow the words around it ("凭" + "学生证即可"), while left out it is matched as the token
# sequence 学生证 + 即可, exactly as its phrase is segmented.
MAX_JIEBA_WORD = 4


class ZhTokenizer:
    """Chinese text → :class:`Tokens`, with the pattern-aware jieba segmenter."""

    def __init__(self) -> None:
        words = [w for w in pattern_words("zh") if _HAN.search(w) and 2 <= len(w) <= MAX_JIEBA_WORD]
        self.segmenter = PatternAwareSegmenter(words)

    def __call__(self, text: str) -> Tokens:
        return zh_tokens(self.segmenter, text)


def _en_tokenizer() -> Callable[[str], Tokens]:
    vocabulary = sorted(w.lower() for w in pattern_words("en") if _ALPHA.match(w.lower()))
    normalizer = TypoNormalizer(vocabulary)
    return lambda text: en_tokens(normalizer, text)


_lock = threading.Lock()
_tools: Dict[str, LanguageTools] = {}


def tools(language: str) -> LanguageTools:
    """The tokenizer and matchers for ``"zh"`` or ``"en"``; built on first use, then cached."""
    found = _tools.get(language)
    if found is not None:
        return found
    with _lock:
        found = _tools.get(language)
        if found is None:
            if language == "zh":
                tokenize = ZhTokenizer()
            elif language == "en":
                tokenize = _en_tokenizer()
            else:
                raise ValueError(f"unsupported language {language!r}")
            found = _build_matchers(language, tokenize)
            _tools[language] = found
        return found


def load() -> None:
    """Build both languages' tools now (they are otherwise built on first use)."""
    tools("zh")
    tools("en")
