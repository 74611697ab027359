"""Text normalisation and sentence/clause boundaries for the red-flag detector.

:func:`fold` maps a text to a string of the *same length* with
:func:`loancoach.text.normalize.normalize` (full-width forms folded to ASCII, traditional characters
converted to simplified by OpenCC), so that offsets found in it are offsets in the original.

:func:`prepare` goes further, for the rules and the model alike, and keeps a map back to the
original text so that evidence quotes the user's own words:

- characters split apart by spaces or symbols, as ads do to dodge platform filters, are rejoined:
  a run of separators (spaces, ``* / \\ | - _ · . ~ + # ^ =``, emoji, zero-width characters)
  between two Chinese characters is dropped, and so is one between letters when the letters stand
  alone ("g.u.a.r.a.n.t.e.e.d");
- emoji inside a word are dropped;
- look-alike digits and symbols inside a Latin word are read as the letters they stand for
  ("l0an", "cr3dit", "dep0sit", "c@sh": 0→o, 3→e, 4→a, 5→s, 7→t, @→a, $→s), only when letters stand
  on both sides, so amounts and codes ("5000", "24h", "A4") stay as written.

:func:`boundaries` finds where sentences and clauses end. The sentence is the scope of negation and
of safety warnings; clauses (split at commas and colons) narrow negation inside a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import List, Tuple

from loancoach.text.normalize import fold_width, to_simplified


class _WidthTable(dict):
    """``str.translate`` table giving :func:`loancoach.text.normalize.fold_width` of each character,
    filled on first sight of a character (fold_width works character by character)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_width(chr(code))
        return folded


_WIDTH = _WidthTable()


def fold(text: str) -> str:
    """Full-width folded and traditional converted to simplified; always the same length.

    The same as :func:`loancoach.text.normalize.normalize`, with the width folding done by a
    cached translation table instead of a Unicode normalisation per character.
    """
    return to_simplified(text if text.isascii() else text.translate(_WIDTH))


_EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\ufe0e\u200b-\u200d\u2060"
    "\u20e3\u3030\u303d\u3297\u3299\u2190-\u21ff\u25a0-\u25ff\u2700-\u27bf"
)
_SEP_CHARS = " \t\u00a0\u3000*/\\|\\-_·•.~+#^=" + _EMOJI
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# separators between two Chinese characters ("征 信 不 好", "必*过", "保/证/金", "贷💰款")
_BETWEEN_HAN = re.compile(f"(?<=[{_HAN_CLASS}])[{_SEP_CHARS}]+(?=[{_HAN_CLASS}])")
# emoji inside a Latin word ("guar🔥anteed")
_EMOJI_IN_WORD = re.compile(f"(?<=[A-Za-z])[{_EMOJI}]+(?=[A-Za-z])")
# four or more single letters split by separators ("g u a r a n t e e d", "n-o c-r-e-d-i-t" stays)
_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z](?:[ *./\-_·]{1,2}[A-Za-z](?![A-Za-z])){3,}")
_INNER_SEP = re.compile(r"[ *./\-_·]")
_SENTENCE_DOT = re.compile(r"\.\s").search


@dataclass(frozen=True)
class Prepared:
    """A text normalised for matching, and for each of its characters the offset in the original."""

    original: str
    text: str
    index: Tuple[int, ...]  # len(text) + 1 entries; index[len(text)] == len(original)

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """The original offsets of the normalised span ``text[start:end]``."""
        if end <= start:
            return self.index[start], self.index[start]
        return self.index[start], self.index[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]


# look-alike characters between two letters ("l0an", "cr3dit"); the same length, so offsets hold
_LEET_RUN = re.compile(r"(?<=[A-Za-z])[03457@$]+(?=[A-Za-z])")
_LEET = str.maketrans("03457@$", "oeastas")


def prepare(text: str) -> Prepared:
    """Normalise ``text`` (see the module doc) and keep the map back to the original offsets."""
    folded = fold(text)
    if _LEET_RUN.search(folded):
        folded = _LEET_RUN.sub(lambda m: m.group().translate(_LEET), folded)
    drop = bytearray(len(folded))
    dropped = False
    # both need a character outside ASCII (a Chinese character, an emoji)
    for pattern in () if folded.isascii() else (_BETWEEN_HAN, _EMOJI_IN_WORD):
        for m in pattern.finditer(folded):
            if pattern is _BETWEEN_HAN and _SENTENCE_DOT(m.group()):
                continue  # a sentence end, not an obfuscation
            drop[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            dropped = True
    for m in _SPACED_LETTERS.finditer(folded):
        for inner in _INNER_SEP.finditer(folded, m.start(), m.end()):
            drop[inner.start()] = 1
            dropped = True
    if not dropped:
        return Prepared(text, folded, tuple(range(len(text) + 1)))
    chars: List[str] = []
    index: List[int] = []
    for i, ch in enumerate(folded):
        if not drop[i]:
            chars.append(ch)
            index.append(i)
    index.append(len(text))
    return Prepared(text, "".join(chars), tuple(index))


# A sentence ends at 。！？!?；; or a line break, at "…", or at "." that is not inside a number
# or a word ("0.05%", "bit.ly" stay whole).
_SENTENCE_END = re.compile(r"[。！？!?；;\n…]+|\.(?![0-9A-Za-z])")
# Inside a sentence, clauses are separated by commas, colons and spaced dashes. "、" joins list
# items and does not separate clauses.
_CLAUSE_BREAK = re.compile(r"[,:，：]|\s[-–—]+\s|——")

_QUESTION_END = re.compile(r"(?:\?|吗|么|嘛|呢)[\s\"'”’」)）]*$")


@dataclass(frozen=True)
class Boundaries:
    """Sentence and clause ids for character offsets of one text."""

    sentence_starts: Tuple[int, ...]
    sentence_ends: Tuple[int, ...]
    clause_starts: Tuple[int, ...]
    questions: Tuple[bool, ...]

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def clause(self, offset: int) -> int:
        return bisect_right(self.clause_starts, offset) - 1


def boundaries(folded: str) -> Boundaries:
    """Sentence starts/ends, clause starts and which sentences are questions, for a folded text."""
    starts: List[int] = [0]
    ends: List[int] = []
    for match in _SENTENCE_END.finditer(folded):
        ends.append(match.end())
        starts.append(match.end())
    ends.append(len(folded))
    if len(starts) > 1 and starts[-1] >= len(folded):
        starts.pop()
        ends.pop()
        ends[-1] = len(folded)
    clause_starts = sorted(set(starts) | {m.end() for m in _CLAUSE_BREAK.finditer(folded)})
    questions = tuple(
        bool(_QUESTION_END.search(folded[s:e].strip(" \t\r\n。！!；;….")))
        or folded[s:e].rstrip().endswith("?")
        for s, e in zip(starts, ends, strict=False)
    )
    return Boundaries(tuple(starts), tuple(ends), tuple(clause_starts), questions)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def has_latin_words(text: str, at_least: int = 1) -> bool:
    """True if ``text`` has at least ``at_least`` words of two or more Latin letters."""
    found = 0
    for _ in _LATIN_WORD.finditer(text):
        found += 1
        if found >= at_least:
            return True
    return False


def mask_han(text: str) -> str:
    """Replace CJK ideographs by spaces (same length), so English tokens in mixed text stand apart."""
    return _HAN.sub(" ", text)
