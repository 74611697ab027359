"""A compact notation for token patterns, so that the pattern data stays readable.

One pattern is a string of space-separated token specs; every spec matches one token (on ``NORM``,
which the red-flag tokenizers set to the lower-case, typo-corrected form):

=================  ===========================================================================
``a|b|c``          the token is one of the words
``?a|b``           optional token
``@NAME``          the token is in the named word set (``?@NAME`` optional; ``@NAME|word`` mixes)
``*3``             up to three arbitrary tokens, never a clause or sentence break nor a negation
``#num``           a number ("3", "0.05", "10,000", "五", "两")
``#pct``           a percentage, as one token ("0.05%", Chinese segmentation) or two ("0.05" "%")
``/regex/``        the token matches the regular expression
=================  ===========================================================================

:func:`compile_pattern` returns a list of token patterns (``#pct`` has two shapes), written as token
dicts in spaCy's Matcher format (``{"NORM": {"IN": [...]}, "OP": "?"}``), which
:mod:`loancoach.redflags.pipelines` matches with the same semantics, without spaCy;
:func:`literal_words` lists the words a pattern uses, for the Chinese segmenter's dictionary and
for typo correction of English words. Two helpers keep matching fast: :func:`expand_phrases` turns a
pattern without gaps or regexes into the token sequences it matches (looked up as phrases), and
:func:`anchor` gives, for the other patterns, the words one of which a text must contain and how far
a match can reach from it (the pattern is then tried only there).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

Token = Dict[str, object]

# Tokens a gap never crosses: clause and sentence punctuation (folded text uses ASCII forms).
BREAK_TOKENS: FrozenSet[str] = frozenset(
    {",", ":", ";", ".", "!", "?", "。", "；", "\n", "…", "——", "—", "–", "(", ")", "[", "]", "【", "】"}
)

_NUM = r"^(\d[\d,]*(\.\d+)?|[一二两三四五六七八九十百千万几半]+)$"
_PCT_ONE = r"^\d[\d,]*(\.\d+)?%$"
_PCT_NUM = r"^\d[\d,]*(\.\d+)?$"


class PatternError(ValueError):
    """A pattern string that cannot be compiled (a bug in the pattern data)."""


def _expand(spec: str, sets: Mapping[str, Sequence[str]]) -> List[str]:
    """The words of ``a|b|@SET``: alternatives, with word sets expanded; lower-cased, no duplicates."""
    words: List[str] = []
    for alternative in spec.split("|"):
        if not alternative:
            raise PatternError(f"empty alternative in {spec!r}")
        if alternative.startswith("@"):
            if alternative[1:] not in sets:
                raise PatternError(f"unknown word set {alternative}")
            words.extend(sets[alternative[1:]])
        else:
            words.append(alternative)
    return list(dict.fromkeys(w.lower() for w in words))


def _spec_shapes(spec: str, sets: Mapping[str, Sequence[str]], gap_stop: Sequence[str]) -> List[List[Token]]:
    """The token-list shapes one spec can take (most specs have exactly one)."""
    optional = spec.startswith("?") and len(spec) > 1
    body = spec[1:] if optional else spec
    if body.startswith("*") and body[1:].isdigit():
        gap = {"NORM": {"NOT_IN": list(gap_stop)}, "OP": "?"}
        return [[dict(gap) for _ in range(int(body[1:]))]]
    if body == "#pct":
        if optional:
            raise PatternError("#pct cannot be optional")
        return [
            [{"NORM": {"REGEX": _PCT_ONE}}],
            [{"NORM": {"REGEX": _PCT_NUM}}, {"ORTH": "%"}],
        ]
    if body == "#num":
        token: Token = {"NORM": {"REGEX": _NUM}}
    elif body.startswith("/") and body.endswith("/") and len(body) > 2:
        token = {"NORM": {"REGEX": body[1:-1]}}
    else:
        words = _expand(body, sets)
        token = {"NORM": words[0]} if len(words) == 1 else {"NORM": {"IN": words}}
    if optional:
        token["OP"] = "?"
    return [[token]]


def compile_pattern(
    pattern: str, sets: Mapping[str, Sequence[str]], gap_stop: Sequence[str]
) -> List[List[Token]]:
    """Compile one pattern string into one or more token patterns (spaCy Matcher format)."""
    specs = pattern.split()
    if not specs:
        raise PatternError("empty pattern")
    required = [spec for spec in specs if not (spec.startswith(("?", "*")) and len(spec) > 1)]
    if len(required) < min(2, len(specs)) or specs[0].startswith("*") or specs[-1].startswith("*"):
        raise PatternError(f"pattern {pattern!r} needs two required tokens and no gap at either end")
    shapes = [_spec_shapes(spec, sets, gap_stop) for spec in specs]
    compiled = []
    for combination in product(*shapes):
        tokens: List[Token] = [tok for part in combination for tok in part]
        compiled.append(tokens)
    return compiled


def literal_words(pattern: str, sets: Mapping[str, Sequence[str]]) -> Iterable[str]:
    """Every literal word a pattern can match (alternatives and word sets, not regexes)."""
    for spec in pattern.split():
        body = spec[1:] if spec.startswith("?") and len(spec) > 1 else spec
        if body.startswith(("*", "#", "/")):
            continue
        yield from _expand(body, sets)


def _is_optional(spec: str) -> bool:
    return spec.startswith("?") and len(spec) > 1


def _is_literal(spec: str) -> bool:
    body = spec[1:] if _is_optional(spec) else spec
    return not body.startswith(("*", "#", "/"))


def expand_phrases(
    pattern: str, sets: Mapping[str, Sequence[str]], limit: int
) -> Optional[List[Tuple[str, ...]]]:
    """All token sequences a pattern of literal specs matches, or None if it has gaps, numbers or
    regexes, or more than ``limit`` sequences. Such a pattern is matched as phrases, which is far
    cheaper than running it as a token pattern."""
    specs = pattern.split()
    if not all(_is_literal(spec) for spec in specs):
        return None
    choices: List[List[Tuple[str, ...]]] = []
    count = 1
    for spec in specs:
        words = [(w,) for w in _expand(spec[1:] if _is_optional(spec) else spec, sets)]
        if _is_optional(spec):
            words.append(())
        choices.append(words)
        count *= len(words)
        if count > limit:
            return None
    return [tuple(w for part in combination for w in part) for combination in product(*choices)]


@dataclass(frozen=True)
class Anchor:
    """Where a token pattern can match: one of ``words`` must be in the text; a match starts at
    most ``before`` tokens before such a word and ends at most ``after`` tokens after it. ``required``
    lists the word sets of all required literal specs: a text lacking any of them cannot match."""

    words: FrozenSet[str]
    before: int
    after: int
    required: Tuple[FrozenSet[str], ...] = ()


def _max_tokens(spec: str) -> int:
    body = spec[1:] if _is_optional(spec) else spec
    if body.startswith("*") and body[1:].isdigit():
        return int(body[1:])
    return 2 if body == "#pct" else 1


def anchor(pattern: str, sets: Mapping[str, Sequence[str]]) -> Optional[Anchor]:
    """The most selective required literal spec of a pattern and how far a match can reach from it,
    or None if the pattern has no required literal spec (it must then run on the whole text)."""
    specs = pattern.split()
    best: Optional[int] = None
    best_words: FrozenSet[str] = frozenset()
    required: List[FrozenSet[str]] = []
    for index, spec in enumerate(specs):
        if _is_optional(spec) or not _is_literal(spec):
            continue
        words = frozenset(_expand(spec, sets))
        required.append(words)
        if best is None or len(words) < len(best_words):
            best, best_words = index, words
    if best is None:
        return None
    before = sum(_max_tokens(spec) for spec in specs[:best])
    after = sum(_max_tokens(spec) for spec in specs[best + 1 :])
    return Anchor(best_words, before, after, tuple(required))
