"""Text folding and sentence/clause boundaries for the red-flag detector.

:func:`fold` maps a text to a string of the *same length*, so that every character offset found in
the folded text is also an offset in the original and evidence can be quoted exactly:

- full-width letters, digits and punctuation become their ASCII forms ("１００％" → "100%",
  "，" → ","), by NFKC applied one character at a time (a character whose NFKC form is longer, such
  as "…" or "㎡", is kept as it is);
- traditional characters that occur in loan advertising are mapped to simplified ones
  ("貸款必過" → "贷款必过"), so that one set of patterns covers both scripts.

:func:`boundaries` finds where sentences and clauses end. The sentence is the scope of negation and
of safety warnings; clauses (split at commas and colons) narrow negation inside a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import List, Tuple

# Traditional → simplified, for the characters used in loan ads, scam scripts and our patterns.
_TRADITIONAL = (
    "貸贷 過过 戶户 證证 費费 審审 資资 凍冻 結结 碼码 內内 還还 帳账 賬账 額额 與与 無无 須须 條条 當当 "
    "點点 擊击 鏈链 載载 裝装 愛爱 權权 擔担 險险 聯联 繫系 號号 機机 構构 銀银 監监 會会 騙骗 詐诈 圖图 "
    "標标 劃划 處处 專专 業业 億亿 萬万 個个 們们 為为 將将 這这 對对 說说 請请 讓让 話话 謹谨 認认 驗验 "
    "繳缴 納纳 轉转 錢钱 級级 紅红 頭头 檔档 執执 罰罚 違违 規规 學学 黨党 門门 檻槛 蹤踪 實实 際际 準准 "
    "總总 計计 複复 務务 員员 壓压 優优 僅仅 滿满 馬马 時时 間间 歲岁 齡龄 網网 絡络 絕绝 僱雇 傭佣 買买 "
    "賣卖 潔洁 後后 舊旧 養养 掛挂 協协 辦办 產产 憑凭 獨独 屬属 遠远 螢荧 發发 給给 報报 讀读 設设 疊叠 "
    "輕轻 鬆松 啟启 開开 關关 閉闭 單单 鏟铲 滌涤 復复 紀纪 錄录 刪删 礎础 據据 數数 貨货 幣币 種种 類类 "
    "視视 頻频"
)
_FOLD_MAP = {pair[0]: pair[1] for pair in _TRADITIONAL.split()}


def _fold_char(ch: str) -> str:
    mapped = _FOLD_MAP.get(ch)
    if mapped:
        return mapped
    if ord(ch) < 0x80:
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    if folded == "\u3000":  # pragma: no cover - NFKC already maps it to " "
        return " "
    return _FOLD_MAP.get(folded, folded)


class _FoldTable(dict):
    """A str.translate table that works out each character's folded form on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Return ``text`` folded as described in the module doc; always the same length."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


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
