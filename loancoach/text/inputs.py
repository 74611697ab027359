"""What makes a message unreadable, and how user text is cleaned before we store it."""

from __future__ import annotations

import unicodedata
from typing import Iterable, Optional, Set

from loancoach.names import MAX_MESSAGE_CHARS

MAX_CHARS = MAX_MESSAGE_CHARS

EMPTY = "empty"
NO_WORDS = "no_words"
TOO_LONG = "too_long"


def has_words(text: str) -> bool:
    """True if the text has at least one letter, digit or CJK character."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def input_problem(text: Optional[str], max_chars: int = MAX_CHARS) -> Optional[str]:
    """``empty``, ``no_words`` (emoji, punctuation, control characters only), ``too_long`` or None."""
    if text is None or not text.strip():
        return EMPTY
    if not has_words(text):
        return NO_WORDS
    if len(text) > max_chars:
        return TOO_LONG
    return None


# An over-long message is answered "too long" whatever it says, so only its beginning is read: read
# whole, 10,000 characters took 9 s in the intent classifier and 100 KB exhausted its memory.
LONG_MESSAGE_PREFIX = 200


def text_to_read(text: str, max_chars: int = MAX_CHARS) -> str:
    """The part of a message the model reads: all of it, or the beginning of an over-long one."""
    return text if len(text) <= max_chars else text[:LONG_MESSAGE_PREFIX]


def is_known_word(word: str, vocabulary: Set[str], han_chars: Set[str]) -> bool:
    """Whether a token was seen in training, so the model has something to go on.

    Numbers are always known ("5万", "18%" are figures, not gibberish). A Chinese token counts as
    known if any of its characters was seen: jieba may cut an unseen compound differently.
    """
    word = word.lower()
    if word in vocabulary or any(ch.isdigit() for ch in word):
        return True
    return any(ch in han_chars for ch in word)


def han_characters(vocabulary: Iterable[str]) -> Set[str]:
    """The CJK characters that occur in a vocabulary."""
    return {ch for w in vocabulary for ch in w if "\u3400" <= ch <= "\u9fff"}
