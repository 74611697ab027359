"""Masking of personal data before anything of ours is stored or logged.

Masked: mainland-China resident ID numbers (18 digits, last may be X; old 15-digit form), mobile
numbers (11 digits starting 1[3-9], optional +86 / 86 prefix and separators), bank card numbers
(13-19 digits, optionally grouped by spaces or dashes) and e-mail addresses. The rules are ordered
from the most specific to the least, and digit runs are bounded so that a card number is not read
as a phone number with extra digits.
"""

from __future__ import annotations

import re

ID_MASK = "[身份证号/ID]"
PHONE_MASK = "[手机号/PHONE]"
CARD_MASK = "[卡号/CARD]"
EMAIL_MASK = "[邮箱/EMAIL]"

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# 6-digit area, birth date 19xx/20xx MMDD, 3-digit sequence, check digit or X.
_ID18 = re.compile(
    _NOT_DIGIT_BEFORE
    + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
    + _NOT_DIGIT_AFTER
)
_ID15 = re.compile(
    _NOT_DIGIT_BEFORE + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _NOT_DIGIT_AFTER
)
_CARD = re.compile(_NOT_DIGIT_BEFORE + r"\d{4}(?:[ \-]?\d{3,4}){2,3}(?:[ \-]?\d{1,3})?" + _NOT_DIGIT_AFTER)
_PHONE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}" + _NOT_DIGIT_AFTER)


def _mask_card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    # 13-19 digits is a card; shorter runs (amounts, dates) are left alone.
    return CARD_MASK if 13 <= len(digits) <= 19 else match.group(0)


def redact(text: str) -> str:
    """Return ``text`` with ID, phone, card numbers and e-mails replaced by placeholders."""
    if not text:
        return text
    out = _EMAIL.sub(EMAIL_MASK, text)
    out = _ID18.sub(ID_MASK, out)
    out = _PHONE.sub(PHONE_MASK, out)
    out = _ID15.sub(ID_MASK, out)
    out = _CARD.sub(_mask_card, out)
    return out
