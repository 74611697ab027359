"""English tokens with character offsets, exactly as ``spacy.blank("en")`` tokenizes, without spaCy.

The red-flag patterns were written against spaCy's English tokenizer (punctuation split off,
"don't" → "do" + "n't" with the norm "not", "up-front" → "up" "-" "front", URLs kept whole), so
this module runs the same algorithm (``spacy/tokenizer.pyx``: whitespace split, special cases,
prefixes, suffixes, infixes, URL match, then the special-case matcher) over the same rules, which
:mod:`loancoach.redflags.en_rules` holds as data generated from spaCy. The regular expressions are
compiled on first use of English, and only if a chunk of text is more than plain letters or digits.

Regenerate the rules after a spaCy upgrade (spaCy is needed only for that)::

    python -m loancoach.redflags.entokens --regenerate
    ruff format loancoach/redflags/en_rules.py loancoach/redflags/norm_rules.py
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from loancoach.redflags.norm_rules import BASE_NORMS

# A token: (orth, norm or None for the lexeme's norm, start offset).
Piece = Tuple[str, Optional[str], int]
Special = Tuple[Tuple[str, Optional[str]], ...]

_PLAIN = re.compile(r"[A-Za-z]+|[0-9]+").fullmatch  # no prefix, suffix or infix can apply
# Filled from en_rules on first use of English:
_SPECIALS: Dict[str, Special] = {}  # special case → its tokens
_SEQUENCES_BY_FIRST: Dict[str, List[Tuple[str, ...]]] = {}  # see _apply_special_sequences


def _load_specials() -> None:
    global _SPECIALS
    from loancoach.redflags import en_rules

    by_first: Dict[str, List[Tuple[str, ...]]] = {}
    for orths in en_rules.SEQUENCES:
        by_first.setdefault(orths[0], []).append(orths)
    _SEQUENCES_BY_FIRST.update(by_first)
    _SPECIALS = en_rules.SPECIALS  # last: other threads test it to know the rest is loaded


def base_norm(orth: str) -> str:
    """spaCy's lexeme NORM without lookup tables: the base norm exceptions, else lower case."""
    found = BASE_NORMS.get(orth)
    return orth.lower() if found is None else found


class _Rules:
    """The compiled affix rules (compiled on first need: only chunks other than plain words, numbers
    and special cases need them)."""

    def __init__(self, prefix: str, suffix: str, infix: str, url: str) -> None:
        self.prefix = re.compile(prefix).search
        self.suffix = re.compile(suffix).search
        self.infix = re.compile(infix).finditer
        self.url = re.compile(url).match

    def special_sequences(self) -> Dict[Tuple[str, ...], str]:
        """Special cases that affix splitting can take apart, as the token sequences they come out as
        (spaCy's ``_special_matcher``, with spaCy's faster_heuristics). For :func:`_regenerate`."""
        sequences: Dict[Tuple[str, ...], str] = {}
        for key in _SPECIALS:
            if self.find_prefix(key) or self.find_suffix(key) or list(self.infix(key)) or " " in key:
                orths = tuple(orth for orth, _norm, _start in self.tokenize(key, with_specials=False))
                sequences.setdefault(orths, key)
        return sequences

    def find_prefix(self, string: str) -> int:
        found = self.prefix(string)
        return found.end() if found else 0

    def find_suffix(self, string: str) -> int:
        found = self.suffix(string)
        return len(string) - found.start() if found else 0

    def tokenize(self, text: str, with_specials: bool = True) -> List[Piece]:
        """spaCy's ``Tokenizer._tokenize_affixes``: tokens of each whitespace-separated chunk."""
        out: List[Piece] = []
        if not text:
            return out
        start = 0
        in_ws = text[0].isspace()
        for i, ch in enumerate(text):
            if ch.isspace() != in_ws:
                if start < i:
                    self._chunk(text[start:i], start, out, with_specials)
                start = i + 1 if ch == " " else i
                in_ws = not in_ws
        if start < len(text):
            self._chunk(text[start:], start, out, with_specials)
        return out

    def _chunk(self, span: str, offset: int, out: List[Piece], with_specials: bool) -> None:
        if with_specials:
            special = _SPECIALS.get(span)
            if special is not None:
                _emit_special(special, offset, out)
                return
        prefixes: List[str] = []
        suffixes: List[str] = []
        string = self._split_affixes(span, prefixes, suffixes, with_specials)
        pos = offset
        for prefix in prefixes:
            out.append((prefix, None, pos))
            pos += len(prefix)
        if string:
            special = _SPECIALS.get(string) if with_specials else None
            if special is not None:
                _emit_special(special, pos, out)
            elif self.url(string):
                out.append((string, None, pos))
            else:
                matches = list(self.infix(string))
                if not matches:
                    out.append((string, None, pos))
                else:
                    start = 0
                    for match in matches:
                        infix_start, infix_end = match.start(), match.end()
                        if infix_start == 0:
                            continue
                        if infix_start != start:
                            out.append((string[start:infix_start], None, pos + start))
                        if infix_start != infix_end:
                            out.append((string[infix_start:infix_end], None, pos + infix_start))
                        start = infix_end
                    if string[start:]:
                        out.append((string[start:], None, pos + start))
            pos += len(string)
        for suffix in reversed(suffixes):
            out.append((suffix, None, pos))
            pos += len(suffix)

    def _split_affixes(self, string: str, prefixes: List[str], suffixes: List[str], specials: bool) -> str:
        last_size = 0
        while string and len(string) != last_size:
            if specials and string in _SPECIALS:
                break
            last_size = len(string)
            pre_len = self.find_prefix(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and specials and minus_pre in _SPECIALS:
                    prefixes.append(prefix)
                    return minus_pre
            suf_len = self.find_suffix(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and specials and minus_suf in _SPECIALS:
                    suffixes.append(suffix)
                    return minus_suf
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string


def _emit_special(special: Sequence[Tuple[str, Optional[str]]], offset: int, out: List[Piece]) -> None:
    for orth, norm in special:
        out.append((orth, norm, offset))
        offset += len(orth)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    from loancoach.redflags import en_rules

    return _Rules(en_rules.PREFIX, en_rules.SUFFIX, en_rules.INFIX, en_rules.URL)


_RUNS = re.compile(r"\s+|\S+")  # \s is str.isspace, as in spaCy's loop
_CHUNK_CACHE_LIMIT = 50_000
# chunk → (its tokens, offsets from its start; whether one of them can begin a special sequence)
_chunks: Dict[str, Tuple[Tuple[Piece, ...], bool]] = {}


def _chunk_entry(chunk: str) -> Tuple[Tuple[Piece, ...], bool]:
    """The tokens of one whitespace-delimited chunk; cached, as spaCy does."""
    found = _chunks.get(chunk)
    if found is None:
        special = _SPECIALS.get(chunk)
        if special is not None:
            out: List[Piece] = []
            _emit_special(special, 0, out)
        elif _PLAIN(chunk):
            out = [(chunk, None, 0)]
        else:
            out = []
            _rules()._chunk(chunk, 0, out, True)
        found = (tuple(out), any(orth in _SEQUENCES_BY_FIRST for orth, _, _ in out))
        if len(_chunks) >= _CHUNK_CACHE_LIMIT:
            _chunks.clear()
        _chunks[chunk] = found
    return found


def tokenize(text: str) -> List[Piece]:
    """(orth, special norm or None, start offset) of each token ``spacy.blank("en")`` gives."""
    if not _SPECIALS:
        _load_specials()
    out: List[Piece] = []
    append = out.append
    get = _chunks.get
    sequence_start = False
    for run in _RUNS.finditer(text):
        start = run.start()
        chunk = run.group()
        if start and chunk[0] == " ":  # a single space after a token belongs to it
            chunk = chunk[1:]
            start += 1
            if not chunk:
                continue
        entry = get(chunk)
        if entry is None:
            entry = _chunk_entry(chunk)
        pieces, starts_sequence = entry
        if starts_sequence:
            sequence_start = True
        for orth, norm, offset in pieces:
            append((orth, norm, start + offset))
    return _apply_special_sequences(text, out) if sequence_start else out


def _apply_special_sequences(text: str, pieces: List[Piece]) -> List[Piece]:
    """spaCy's ``_apply_special_cases``: special cases that came out as several tokens."""
    orths = [p[0] for p in pieces]
    found = []
    for i, orth in enumerate(orths):
        for seq in _SEQUENCES_BY_FIRST.get(orth, ()):
            if tuple(orths[i : i + len(seq)]) == seq:
                found.append((i, i + len(seq)))
    if not found:
        return pieces
    # longest first, then leftmost; a span is dropped if its first or last token is taken
    found.sort(key=lambda se: (se[1] - se[0], -se[0]))
    seen = set()
    kept = []
    for start, end in reversed(found):
        if start not in seen and end - 1 not in seen:
            kept.append((start, end))
        seen.update(range(start, end))
    out: List[Piece] = []
    by_start = {start: end for start, end in kept}
    i = 0
    while i < len(pieces):
        end = by_start.get(i)
        if end is None:
            out.append(pieces[i])
            i += 1
            continue
        last = pieces[end - 1]
        span_text = text[pieces[i][2] : last[2] + len(last[0])]
        special = _SPECIALS.get(span_text)
        if special is None:
            out.extend(pieces[i:end])
        else:
            _emit_special(special, pieces[i][2], out)
        i = end
    return out


def _regenerate() -> None:  # pragma: no cover - a maintenance step that needs spaCy
    import pprint

    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]
    import spacy
    from spacy.attrs import NORM, ORTH
    from spacy.lang.norm_exceptions import BASE_NORMS as norms

    tok = spacy.blank("en").tokenizer
    specials = {key: tuple((d[ORTH], d.get(NORM)) for d in subs) for key, subs in sorted(tok.rules.items())}
    global _SPECIALS
    _SPECIALS = specials
    sequences = _Rules(
        tok.prefix_search.__self__.pattern,
        tok.suffix_search.__self__.pattern,
        tok.infix_finditer.__self__.pattern,
        tok.url_match.__self__.pattern,
    ).special_sequences()
    lines = [
        f'"""spaCy {spacy.__version__} English tokenizer rules, as data (generated; do not edit).',
        "",
        "Regenerate with ``python -m loancoach.redflags.entokens --regenerate`` (needs spaCy installed).",
        'PREFIX/SUFFIX/INFIX/URL are the patterns of ``spacy.blank("en").tokenizer``; SPECIALS maps each',
        "special case to its (orth, norm or None) tokens; the base norms are in norm_rules.py.",
        '"""',
        "# ruff: noqa: E501",
        f"SPACY_VERSION = {spacy.__version__!r}",
        f"PREFIX = {tok.prefix_search.__self__.pattern!r}",
        f"SUFFIX = {tok.suffix_search.__self__.pattern!r}",
        f"INFIX = {tok.infix_finditer.__self__.pattern!r}",
        f"URL = {tok.url_match.__self__.pattern!r}",
        "SPECIALS = " + pprint.pformat(specials, width=110),
        "# special cases that affix splitting takes apart, as those tokens (spaCy's _special_matcher)",
        "SEQUENCES = " + pprint.pformat(sequences, width=110),
    ]
    here = Path(__file__).resolve().parent
    (here / "en_rules.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [
        f'"""spaCy {spacy.__version__} base norms (``spacy.lang.norm_exceptions``), as data (generated; do not',
        "edit): a token's NORM is its entry here, else its lower case. Regenerate with",
        "``python -m loancoach.redflags.entokens --regenerate`` (needs spaCy installed).",
        '"""',
        "",
        "BASE_NORMS = " + pprint.pformat(dict(norms), width=110),
    ]
    (here / "norm_rules.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the project's formatter (ruff, a dev dependency), so that `make lint` passes on the new files
    import subprocess

    files = [str(here / "en_rules.py"), str(here / "norm_rules.py")]
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", *files], check=True)


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--regenerate"]:
        _regenerate()
    else:
        sys.exit("usage: python -m loancoach.redflags.entokens --regenerate")
