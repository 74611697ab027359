"""Reading what a borrower writes about their loans, for the repayment plan: one loan per message or a list.

:func:`read` gives the figures of one loan (balance, rate, minimum, loose money, overdue, a product label
from a fixed list, budget words), each message's figures read once (loancoach.calculator.figures);
:func:`which_loan` the loan a message names ("第二笔", "loan 2", "the last"); :func:`split_loans` the parts
of a message that list several loans. Pure Python: the form in actions/plan.py applies the readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import List, Optional, Tuple

from loancoach.calculator import figures
from loancoach.text.normalize import normalize
from loancoach.text.numbers import small_number

# --------------------------------------------------------------------------- reading one message

_MONEY_SLOTS = (figures.AMOUNT, figures.DEBTS, figures.INCOME, figures.PAYMENT, figures.TOTAL)
_MIN_BEFORE = re.compile(r"最低|最少|月供|每月|每个月|每期|一个月|至少|min|minimum|monthly|payment", re.I)
_MIN_AFTER = re.compile(
    r"^\s*(?:元|块)?\s*(?:/月|每月|一个月|a\s+month|per\s+month|/\s*month|monthly|/mo\b)", re.I
)
_BALANCE_WORDS = re.compile(r"欠|剩|余额|本金|借了|待还|balance|owe|left|outstanding|remaining", re.I)
_BALANCE_AFTER = re.compile(
    r"^\s*(?:元|块|yuan)?\s*(?:没还|未还|owed|left|outstanding|remaining|balance)", re.I
)
BUDGET_WORDS = re.compile(
    r"能(?:拿出|挤出|还|用来还|凑)|可以(?:拿出|还|用来还)|预算|总共能|一共能|最多能|budget|"
    r"can\s+(?:pay|afford|spare|put)|able\s+to\s+pay|have\s+\S+\s+(?:a|per)\s+month",
    re.I,
)
_NOT_OVERDUE = re.compile(
    r"没(?:有)?逾期|未逾期|不逾期|没有过期|按时|not\s+(?:overdue|late)|no(?:t)?\s+overdue|on\s+time", re.I
)
_OVERDUE = re.compile(r"逾期|过期了|拖欠|没还上|overdue|\blate\b|past\s+due|\bmissed\b|in\s+arrears", re.I)
REMOVE_WORDS = re.compile(r"删|去掉|不算|拿掉|移除|划掉|remove|delete|drop|take\s+out|scrap", re.I)
ADD_WORDS = re.compile(r"再加|加一笔|还有一笔|还有一个|另外一笔|\banother\b|one\s+more|\badd\b", re.I)
CORRECT_WORDS = re.compile(
    r"改|不对|错了|更正|应该是|其实是|actually|correction|change|should\s+be|instead|sorry", re.I
)
DONE_WORDS = re.compile(
    r"没有了|没了|就这些|就这几笔|就这么多|没有别的|that'?s\s+all|that'?s\s+it|no\s+more|\bdone\b|nothing\s+else",
    re.I,
)
_LABELS = (
    "借呗", "花呗", "微粒贷", "京东金条", "金条", "白条", "信用卡", "网商贷", "美团", "分期乐", "度小满",
    "有钱花", "招联", "安逸花", "捷信", "360借条", "借条", "房贷", "车贷", "网贷",
    # cards named by their bank, and people: the usual ways borrowers name the rest of a list
    "招行", "建行", "工行", "农行", "中行", "交行", "浦发", "中信", "广发", "兴业", "光大", "民生", "邮储",
    "朋友", "亲戚", "同事",
    "credit card", "jiebei", "huabei", "weilidai", "baitiao", "car loan", "mortgage",
    "jintiao", "fenqile", "meituan", "du xiaoman", "duxiaoman", "friend",
)  # fmt: skip
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
}  # fmt: skip


@lru_cache(maxsize=64)
def figures_in(text: str) -> Tuple[figures.Figure, ...]:
    """The figures of one message, read once however many questions ask about it."""
    return tuple(figures.extract_figures(text))


def which_loan(text: str, count: int) -> Optional[int]:
    """The loan a message names: 第二笔 / 第2笔 / loan 2 / the second / 最后一笔 / the last (1-based)."""
    match = re.search(r"第\s*(?:[零一二两兩三四五六七八九十]+|\d+)\s*[笔筆个個条條项項]", text)
    if match:
        return small_number(match.group(0))
    match = re.search(r"(?:loan|debt|number|no\.?|#)\s*(\d+)", text, re.I)
    if match:
        return int(match.group(1))
    for word, number in _EN_ORDINALS.items():
        if re.search(rf"\b{word}\b", text, re.I):
            return number
    if re.search(r"最后一笔|最后那笔|刚才那笔|上一笔|\blast\b|\bprevious\b", text, re.I):
        return count or None
    return None


@dataclass
class Reading:
    """What one message says about loans; only the fields it gives are set."""

    balance: Optional[Decimal] = None
    rate: Optional[figures.Rate] = None
    minimum: Optional[Decimal] = None
    loose: List[Decimal] = field(default_factory=list)  # money with no word saying what it is
    overdue: Optional[bool] = None
    label: Optional[str] = None
    budget_words: bool = False

    @property
    def has_figures(self) -> bool:
        return bool(self.balance is not None or self.rate or self.minimum is not None or self.loose)


def read(text: str) -> Reading:
    reading = Reading()
    if not text:
        return reading
    lowered = text.lower()
    previous_end = 0
    for figure in figures_in(text):
        if figure.slot == figures.RATE and reading.rate is None:
            reading.rate = figure.value
        elif figure.slot in _MONEY_SLOTS and figure.value is not None:
            before = lowered[previous_end : figure.start]
            after = lowered[figure.end : figure.end + 14]
            if (
                figure.slot in (figures.DEBTS, figures.PAYMENT)
                or _MIN_BEFORE.search(before)
                or _MIN_AFTER.search(after)
            ):
                if reading.minimum is None:
                    reading.minimum = figure.value
                else:
                    reading.loose.append(figure.value)
            elif reading.balance is None and (_BALANCE_WORDS.search(before) or _BALANCE_AFTER.search(after)):
                reading.balance = figure.value
            else:
                reading.loose.append(figure.value)
        previous_end = figure.end
    if _NOT_OVERDUE.search(text):
        reading.overdue = False
    elif _OVERDUE.search(text):
        reading.overdue = True
    simplified = normalize(lowered)  # 借唄 and 白條 name the same products
    for label in _LABELS:
        if label in simplified:
            reading.label = label if not label.isascii() else label.title()
            break
    reading.budget_words = bool(BUDGET_WORDS.search(text))
    return reading


SAYS_MINIMUM = re.compile(
    r"最低|月供|每月|每个月|每期|月还|一个月|/月|min\b|minimum|monthly|/\s*mo\b|a\s+month|per\s+month|each\s+month",
    re.I,
)


# A loan starts at a product name or an ordinal ("第二笔", "2.", "②"); a budget or income ends the list.
_LOAN_START = re.compile(
    "|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True))
    + r"|第\s*(?:[一二两三四五六七八九十]|\d{1,2})\s*笔|(?<![\d.,])[1-9]\s*[.、)）](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]",
    re.I,
)
_LIST_END = re.compile(
    r"工资|月薪|收入|月入|到手|薪水|每个?月能|每月可以|能拿出|可以拿出|能攒|预算|只有|手里|手上有|存款|房租|生活费|"
    r"加起来|全部|总共|一共|合计|income|salary|i\s+earn|i\s+make|budget|can\s+(?:pay|afford|spare|put)|"
    r"i\s+(?:only\s+)?have\s+\d|savings|rent\b|in\s+total|altogether|combined",
    re.I,
)


_FIRST_MONEY = re.compile(r"\d|[一二两三四五六七八九十][万千]")
_CLAUSE_END = re.compile(r"[，,。.;；!?！？\n]\s*(?!\d)")
_CLAUSE = re.compile(r"[，,、；;。\n]|\s+and\s+|\s+plus\s+|还有|另外", re.I)


def split_loans(text: str) -> Tuple[List[str], str]:
    """The parts of a message that each describe one loan, and the rest (a budget or income after them).

    A loan starts at a product name or an ordinal ("借呗2万、花呗5千", "1. … 2. …"); failing that, at a
    clause with an amount owed ("I owe 20k on jiebei, 5k on huabei and 8k on a card"); clauses with only a
    rate or a minimum belong to the loan before them. Only when at least two loans come out: otherwise
    ([], text), and the message is read as one loan as before.
    """
    if not text:
        return [], text
    norm = normalize(text)  # 借唄 is 借呗; one character for one, so positions hold
    # the list ends where a clause names the income or budget, after the list has begun: "月薪一万二，欠了：借呗3万、
    # 度小满4万" starts with the income, "…，I get 6k salary" ends with it
    first = _LOAN_START.search(norm) or _FIRST_MONEY.search(norm)
    tail = _LIST_END.search(norm, first.end()) if first else None
    end = len(text)
    if tail:
        clause_start = max(
            (m.end() for m in _CLAUSE_END.finditer(norm, first.end(), tail.start())), default=tail.start()
        )
        end = min(clause_start, tail.start())
    starts = [m.start() for m in _LOAN_START.finditer(norm, 0, end)]
    money_before = bool(starts) and any(f.slot in _MONEY_SLOTS for f in figures_in(text[: starts[0]]))
    if len(starts) >= 2 and not money_before:
        parts = [text[a:b] for a, b in zip(starts, starts[1:] + [end], strict=True)]
        parts = [part for part in parts if read(part).has_figures]
    else:
        parts = []
        for clause in _CLAUSE.split(text[:end]):
            if _LIST_END.search(normalize(clause)):
                continue  # the income or budget said before the list
            reading = read(clause)
            if reading.balance is not None or reading.loose:
                parts.append(clause)
            elif parts:
                parts[-1] += "，" + clause
    return (parts, text[end:]) if len(parts) >= 2 else ([], text)
