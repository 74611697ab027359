"""One normalisation of user text before anything reads it: full-width forms folded to ASCII and
traditional Chinese converted to simplified (OpenCC's ``t2s`` tables, shipped with the ``opencc``
package). Both keep one character for one, so offsets into the normalised text are offsets into the
original (the tokenizer, the figures reader and the red-flag rules rely on it)."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache


@lru_cache(maxsize=65_536)  # a character's fold, once: NFKC per character was ~6% of an ad check
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def fold_width(text: str) -> str:
    """Full-width letters, digits and signs to their ASCII forms ("ＡＰＲ１８％" → "APR18%").

    Character by character, only where NFKC gives exactly one character, so offsets stay valid.
    """
    if text.isascii():
        return text
    return "".join([ch if ch < "\x80" else _fold_char(ch) for ch in text])


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified ("徵信不好也能貸款" → "征信不好也能贷款").

    OpenCC converts phrases; on the rare phrase whose conversion changes the length, the text is
    converted character by character instead, so that the length is kept.
    """
    if not text or text.isascii():
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for ch in text:
        one = _t2s().convert(ch)
        out.append(one if len(one) == 1 else ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Full-width folded and traditional converted to simplified; same length as ``text``."""
    return to_simplified(fold_width(text))
