"""Word segmentation for Chinese, English and mixed text, with LoanCoach's finance dictionary.

Full-width forms are folded first ("ＡＰＲ" is "APR"). jieba segments Chinese and keeps Latin words and numbers whole ("我的APR是多少" → 我 / 的 / APR / 是 /
多少). Unlike Rasa's stock JiebaTokenizer we drop whitespace and punctuation-only tokens, which carry
no meaning and only dilute the features.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import List, NamedTuple, Optional

from loancoach.text.inputs import has_words
from loancoach.text.normalize import fold_width

DEFAULT_DICTIONARY = (
    Path(__file__).resolve().parent / "finance_dict.txt"
)  # a link to data/jieba/ (one file), copied into the wheel


class Word(NamedTuple):
    text: str
    start: int
    end: int


@lru_cache(maxsize=4)
def _tokenizer(dictionary: Optional[str]):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    if dictionary:
        tok.load_userdict(dictionary)
    return tok


def segment(text: str, dictionary: Optional[Path] = DEFAULT_DICTIONARY) -> List[Word]:
    """Split ``text`` into words with character offsets; whitespace and punctuation are dropped."""
    if not text:
        return []
    tok = _tokenizer(str(dictionary) if dictionary else None)
    text = fold_width(text)
    return [Word(word, start, end) for word, start, end in tok.tokenize(text, HMM=True) if has_words(word)]
