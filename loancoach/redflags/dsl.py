"""A compact notation for spaCy Matcher token patterns, so that the pattern data stays readable.

One pattern is a string of space-separated token specs; every spec matches one token (on ``NORM``,
which the red-flag pipelines set to the lower-case, typo-corrected form):

=================  ===========================================================================
``a|b|c``          the token is one of the words
``?a|b``           optional token
``@NAME``          the token is in the named word set (``?@NAME`` optional; ``@NAME|word`` mixes)
``*3``             up to three arbitrary tokens, never a clause or sentence break nor a negation
``#num``           a number ("3", "0.05", "10,000", "五", "两")
``#pct``           a percentage, as one token ("0.05%", Chinese segmentation) or two ("0.05" "%")
``/regex/``        the token matches the regular expression
=================  ===========================================================================

:func:`compile_pattern` returns a list of Matcher patterns (``#pct`` has two shapes);
:func:`literal_words` lists the words a pattern uses, for the Chinese segmenter's dictionary and
for typo correction of English words.
"""

from __future__ import annotations

from itertools import product
from typing import Dict, FrozenSet, Iterable, List, Mapping, Sequence

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
    """Compile one pattern string into one or more spaCy Matcher patterns."""
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
