"""Which language a user message is written in: ``"zh"``, ``"en"`` or ``None`` (cannot tell).

Chinese and English use different scripts, so the decision is made on words: Chinese words (after
jieba segmentation) against English words; the language with more words wins, and on a tie lingua
(restricted to the two languages) decides. Borrowers mix them: "我的APR是多少" is Chinese,
"what does 逾期 mean" is English.

``None`` means the message carries no language signal and the conversation keeps its language:
emoji, digits or punctuation only, or only acronyms that both languages use ("APR", "OK").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from loancoach.names import EN, ZH

# Tokens that appear in both languages' messages and so carry no language signal on their own.
NEUTRAL_TOKENS = frozenset(
    {"ok", "okay", "apr", "irr", "lpr", "dti", "app", "id", "pdf", "vip", "atm", "kyc", "ocr"}
)

_LATIN_WORD = re.compile(r"[A-Za-z]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.CHINESE, Language.ENGLISH).build()


def detect_language(text: Optional[str]) -> Optional[str]:
    """Return ``"zh"``, ``"en"`` or ``None`` when the text carries no language signal.

    The language with more words wins (Chinese words counted after segmentation, English words
    not counting neutral acronyms); on a tie lingua decides.
    """
    if not text:
        return None
    from loancoach.text.segment import fold_width, segment

    sample = fold_width(text[:2000])
    en_words = [w for w in _LATIN_WORD.findall(sample) if w.lower() not in NEUTRAL_TOKENS]
    han_present = _HAN.search(sample) is not None
    if not han_present:
        return EN if en_words else None
    if not en_words:
        return ZH
    zh_words = sum(1 for w in segment(sample) if _HAN.search(w.text))
    if zh_words != len(en_words):
        return ZH if zh_words > len(en_words) else EN
    from lingua import Language

    return EN if _detector().detect_language_of(sample) == Language.ENGLISH else ZH


def pick(language: Optional[str], zh: str, en: str) -> str:
    """The one way to choose zh or en text: English only when asked for, Chinese otherwise."""
    return en if language == EN else zh


class Bilingual(NamedTuple):
    """A text in both languages, for tables of texts: ``Bilingual(zh, en).pick(language)``."""

    zh: str
    en: str

    def pick(self, language: Optional[str]) -> str:
        return pick(language, self.zh, self.en)
