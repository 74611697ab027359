"""Small whole numbers as people type them: "3", full-width "３", "三", "二十", "两", "第三个", "3." —
for option numbers and "the second loan". Chinese numerals are read by cn2an (strict mode, so "一二"
or "二两" are not numbers); digits after Unicode NFKC folding (full-width to ASCII)."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

import cn2an

_ORDINAL = re.compile(r"^第\s*(.+?)\s*(?:个|個|项|項|笔|筆|条|條)?$")
_TRAILING = ".。、．,，"


def small_number(text: Optional[str], limit: int = 99) -> Optional[int]:
    """The whole number ``text`` is (0 to ``limit``), else None.

    "1", "１", " 3. ", "一", "两", "十", "二十", "第二个", "第3笔" give 1, 1, 3, 1, 2, 10, 20, 2, 3;
    "好的", "1.5", "三点五", "一二", "123" (over ``limit``) give None."""
    value = unicodedata.normalize("NFKC", text or "").strip().rstrip(_TRAILING).strip()
    ordinal = _ORDINAL.match(value)
    if ordinal:
        value = ordinal.group(1)
    if not value:
        return None
    if value.isascii() and value.isdigit():
        number = int(value)
    else:
        try:  # strict mode does not take 两/兩 (2 before a unit or alone); they mean 二
            read = cn2an.cn2an(value.replace("两", "二").replace("兩", "二"), "strict")
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        if isinstance(read, float) and not read.is_integer():
            return None
        number = int(read)
    return number if 0 <= number <= limit else None
