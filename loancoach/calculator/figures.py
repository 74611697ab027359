"""Loan figures in free text, Chinese and English: amounts, rates, terms, income and existing debts.

:func:`extract_figures` finds every figure in a message with its character span (to feed entities);
:func:`parse_amount`, :func:`parse_rate`, :func:`parse_term` and :func:`parse_money` read the answer
to one question and return ``None`` for text they cannot read.

Values are normalised: amounts, income and debts as ``Decimal`` yuan (income and debts per month;
an annual salary is divided by 12), rates as :class:`Rate` (kind, percent) with the kinds of
:mod:`loancoach.calculator.finance`, terms as whole months. Chinese numerals are read by cn2an.

Readings that need care: 日息万五 is 0.05% a day (万五 = five per ten thousand); 月息2分 is 2% a
month and 一分利 1% a month (分 = 1%, 厘 = 0.1% a month); "分12期" is a term of 12 months, not an
amount; a percent with no period (18%, 18 percent) is annual. ``$`` is taken as a marker of an
amount; no currency conversion is done. In free text a bare number is an amount only from 100
upwards (a bare 12 could be anything); a single-slot parser takes any number as the slot's value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, List, NamedTuple, Optional, Sequence, Tuple

import cn2an

from loancoach.calculator.finance import APR, DAILY_RATE, MONTHLY_FEE_RATE, MONTHLY_RATE
from loancoach.text.normalize import to_simplified

AMOUNT, RATE, TERM, INCOME, DEBTS = "amount", "rate", "term", "income", "debts"
# What this loan costs each period (每期还2900, 月供2900, monthly payment of 1000) and in all (一共还13000):
# with the amount and the term they give the real APR without a stated rate.
PAYMENT, TOTAL = "payment", "total"

_MAX_TERM_YEARS = 50  # "2025年" is a date, not a term
_MAX_BARE_DIGITS = 8  # longer bare digit runs are phone, card or ID numbers


class Rate(NamedTuple):
    kind: str  # apr | monthly_rate | daily_rate | monthly_fee_rate
    percent: Decimal


@dataclass(frozen=True)
class Figure:
    slot: str  # amount | rate | term | income | debts | payment | total
    value: object  # Decimal yuan | Rate | int months
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- numbers

_D = "零〇一二两三四五六七八九"
_U = "十百千万亿"
# Arabic: 10000, 5,000, 3.5 (not glued to letters or other digits).
_AR = r"(?<![a-z\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"
# Chinese numerals: 五万, 两千五, 一万二, 三十六, 三点五万 (never starting with a unit: 千万 means "must").
_CN = rf"(?<![{_D}{_U}点])[{_D}十][{_D}{_U}]*(?:点[{_D}]+[{_U}]?)?(?![{_D}{_U}点])"
_NUM = rf"(?:{_AR}|{_CN})"
_DIGIT1 = rf"(?:[{_D[2:]}]|\d)(?![\d.期个月]|年(?!化))"  # one digit, as in 1分5, 万五, 5万5 (5万5年: 5 years)
_MONEY_NUM = (
    rf"(?:{_AR}(?:\s?[万亿](?:{_DIGIT1}[千百]?)?|\s?[百千](?:{_DIGIT1})?|\s?[wk](?![a-z])|\s+grand\b)?|{_CN})"
)
_CUR_BEFORE = r"(?:[¥$]|rmb|cny|usd|us\$)"
_CUR_AFTER = r"(?:元|块钱|块|人民币|yuan|rmb|cny|dollars?|bucks|usd)"
_NOT_A_COUNT = (
    r"(?!\s*(?:[个次天岁倍%人家号点]|日(?![息利化费])|月(?![息利化费供])|期(?!数)|年(?!化)|percent|per\s*cent|days?\b|weeks?\b|months?\b|"
    r"years?\b|times\b|people\b|mos?\b|yrs?\b|installments?\b|instalments?\b|payments\b))"
)
_MONEY = rf"(?:{_CUR_BEFORE}\s*)?{_MONEY_NUM}(?:\s*{_CUR_AFTER})?{_NOT_A_COUNT}"
_PCT = rf"(?:{_NUM}\s*(?:%|percent\b|per\s*cent\b|pct\b)|[百千万]分之{_NUM})"
_FILL = r"(?:\s|是|为|:|约|大约|大概|大约是|在|有|达到|高达|仅|只有|的)*"
_EN_FILL = r"(?:\s+(?:of|is|are|at|about|around|roughly|approximately|only|just|totaling|total))*\s*:?\s*"

_UNIT_VALUES = {"w": 10000, "万": 10000, "k": 1000, "千": 1000, "百": 100, "亿": 100000000}


def _clean(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _number(token: str) -> Optional[Decimal]:
    """A number written in digits, Chinese numerals or both (3.5万, 两千五, 5万5, 50k)."""
    token = re.sub(r"[,\s]", "", token)
    if not token:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return _clean(Decimal(token))
    if token.endswith("grand") and re.fullmatch(r"\d+(?:\.\d+)?", token[:-5]):  # "a 12 grand loan"
        return _clean(Decimal(token[:-5]) * 1000)
    unit = _UNIT_VALUES.get(token[-1])
    if unit and re.fullmatch(r"\d+(?:\.\d+)?", token[:-1]):
        return _clean(Decimal(token[:-1]) * unit)
    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        if unit and len(token) > 1:  # 三点五万: cn2an reads 三点五, the unit is ours
            inner = _number(token[:-1])
            return None if inner is None else _clean(inner * unit)
        return None
    try:
        return _clean(Decimal(repr(value)).quantize(Decimal("1e-8")))
    except InvalidOperation:
        return None


def _money(text: str) -> Optional[Decimal]:
    """The amount in a money phrase: currency markers removed, units applied."""
    body = re.sub(rf"^\s*{_CUR_BEFORE}\s*|\s*{_CUR_AFTER}\s*$", "", text)
    return _number(body.strip())


def _is_amount(text: str) -> bool:
    """In free text, a number reads as an amount with a unit or currency, or from 100 upwards."""
    if re.search(rf"{_CUR_BEFORE}|{_CUR_AFTER}|[百千万亿wk]", text):
        return True
    digits = re.sub(r"\D", "", text.split(".")[0])
    value = _money(text)
    return bool(digits) and len(digits) <= _MAX_BARE_DIGITS and value is not None and value >= 100


def _percent(text: str) -> Optional[Decimal]:
    """18%, 18 percent, 百分之十八, 千分之六, 万分之五, 万五 (per ten thousand), as a percent."""
    text = text.strip()
    for prefix, scale in (("百分之", 1), ("千分之", Decimal("0.1")), ("万分之", Decimal("0.01"))):
        if text.startswith(prefix):
            value = _number(text[len(prefix) :])
            return None if value is None else _clean(value * scale)
    if text.startswith("万"):
        value = _number(text[1:])
        return None if value is None else _clean(value / 100)
    match = re.fullmatch(r"(.+?)\s*(?:%|percent|per\s*cent|pct)", text)
    if match:
        return _number(match.group(1))
    return _number(text)


def _fen_li(text: str) -> Optional[Decimal]:
    """Monthly rate in 分 and 厘: 2分 = 2%, 1分5 / 1分5厘 = 1.5%, 8厘 = 0.8%, 一分利 = 1%."""
    text = re.sub(r"[利息]$", "", text.strip())
    match = re.fullmatch(r"(?:(.+?)分(.+?)?厘?|(.+?)厘)", text)
    if not match:
        return None
    fen, li, li_only = match.groups()
    if li_only:
        value = _number(li_only)
        return None if value is None else _clean(value / 10)
    value = _number(fen)
    extra = _number(li) if li else Decimal(0)
    if value is None or extra is None:
        return None
    return _clean(value + extra / 10)


def _percent_or_fen_li(text: str) -> Optional[Decimal]:
    return _percent(text) if re.search(r"%|分之|percent|pct", text) else _fen_li(text)


_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
    "forty-eight": 48, "sixty": 60,
}  # fmt: skip
# longest first ("twenty-four" before "twenty"); "twenty four" is read as "twenty-four"
_EN_WORD = (
    r"(?:" + "|".join(w.replace("-", r"[-\s]") for w in sorted(_EN_WORDS, key=len, reverse=True)) + r")\b"
)


def _count(text: str) -> Optional[Decimal]:
    text = re.sub(r"\s+", "-", text.strip())
    return Decimal(_EN_WORDS[text]) if text in _EN_WORDS else _number(text)


def _whole_months(value: Optional[Decimal]) -> Optional[int]:
    if value is None or value <= 0 or value != value.to_integral_value():
        return None
    return int(value)


def _months(text: str) -> Optional[int]:
    return _whole_months(_count(text))


def _years(text: str, half: bool = False) -> Optional[int]:
    years = _count(text)
    if years is None or years > _MAX_TERM_YEARS:
        return None
    return _whole_months(years * 12 + (6 if half else 0))


# --------------------------------------------------------------------------- patterns

Reader = Callable[[re.Match], object]


def _v(reader: Callable[[str], object]) -> Reader:
    return lambda m: reader(m.group("v"))


def _rate(kind: str, reader: Callable[[str], Optional[Decimal]] = _percent) -> Reader:
    def read(m: re.Match):
        value = reader(m.group("v"))
        return None if value is None else Rate(kind, value)

    return read


def _per_month(m: re.Match) -> Optional[Decimal]:
    """Money, divided by 12 when the phrase says it is per year."""
    value = _money(m.group("v"))
    groups = m.groupdict()
    yearly = groups.get("year") or re.search(r"year|yr|annum", groups.get("per") or "")
    if value is None:
        return None
    return _clean(value / 12) if yearly else value


def _amount(m: re.Match) -> Optional[Decimal]:
    return _money(m.group("v")) if _is_amount(m.group("v")) else None


_PCT_V = rf"(?P<v>{_PCT})"
_DAILY_V = rf"(?P<v>{_PCT}|万{_DIGIT1}(?:\.\d+)?)"
_FENLI = rf"(?:{_NUM}分(?:{_DIGIT1}厘?)?|{_NUM}厘)"
_MONEY_V = rf"(?P<v>{_MONEY})"
_EACH = r"(?:a|per|each|every|/)\s*"
_PER_EN = rf"(?P<per>\s*{_EACH}(?:month|mo|year|yr|annum)\b)?"

# Keywords that name a figure, longest first where one is a prefix of another.
_ZH_DAILY = "日息|日利率|日利息|日费率|日化利率|日化|每日利率|每日利息|每天利息|每天利率|每日|每天"
_ZH_FEE = (
    "每月手续费率|每期手续费率|分期手续费率|月手续费率|月费率|每期费率|分期费率|手续费率|"
    "每月手续费|每期手续费|分期手续费|月手续费|手续费每月|手续费每期"
)
_ZH_MONTHLY = "月息|月利率|月利息|月化利率|月化|每月利率|每月利息|月利"
_ZH_ANNUAL = "综合年化成本|综合年化|年化利率|年化费率|年化率|年化|年利率|年息|年费率|年利"
_EN_FEE = r"monthly\s+(?:service\s+|handling\s+|installment\s+|instalment\s+)?fee(?:\s+rate)?"
_EN_ANNUAL = (
    r"apr|annual\s+(?:percentage\s+|interest\s+)?rate|annual\s+interest|interest\s+rate|interest|rate"
)
_EN_YEARLY = rf"apr\b|{_EACH}(?:year|annum)\b|p\.?a\.?(?![a-z])|annual(?:ly)?\b|yearly\b"
_ZH_SALARY = "税后月薪|税前月薪|月薪|月收入|月工资|月入|工资|收入|薪水|薪资|到手"
_EN_EARN = (
    r"i\s+(?:make|earn|get\s+paid|take\s+home|bring\s+in)|i'm\s+paid|i\s+am\s+paid|earning|"
    r"(?:my\s+)?(?:monthly\s+)?(?:net\s+|gross\s+|take-home\s+)?(?:income|salary|wages?)\b|"
    r"my\s+(?:monthly\s+)?(?:net\s+|gross\s+|take-home\s+)?pay\b"
)
_ZH_LOANS = "房贷|车贷|信用卡|花呗|借呗|白条|网贷|其他贷款|其它贷款|别的贷款"
_ZH_NOT_MONEY = rf"[^\d，,。；;！!？?\s{_D}]"  # the words between 还 and the figure: 还信用卡2000
_EN_DEBTS = (
    r"monthly\s+(?:debts?|debt\s+payments?|repayments?|loan\s+payments?|obligations)|"
    r"(?:existing|current|other)\s+(?:monthly\s+)?(?:debts?|debt\s+payments?|loan\s+payments?|payments|"
    r"repayments|loans?)|debt\s+payments?|i\s+(?:already\s+)?(?:pay|repay|owe)(?:\s+back)?|"
    r"i'm\s+(?:already\s+)?paying|i\s+am\s+(?:already\s+)?paying"
)
_EN_DEBT_ON = (
    r"(?:\s+(?:on|for|to)\s+(?:my\s+)?(?:credit\s+cards?|loans?|mortgage|car(?:\s+loan)?|debts?|rent))?"
)

# (slot, pattern, reader), tried in this order; an earlier figure keeps its characters.
_SPECS: List[Tuple[str, str, Reader]] = [
    # daily rates
    # a Chinese annual keyword before the figure first: in "年化18% 每月最低1500" the 每月 is the next phrase's
    (RATE, rf"(?:{_ZH_ANNUAL}){_FILL}(?P<v>{_PCT}|{_NUM}(?!\s*[分厘万千百元块\d.]))", _rate(APR)),
    (RATE, rf"(?:{_ZH_DAILY}){_FILL}{_DAILY_V}", _rate(DAILY_RATE)),
    (RATE, rf"{_PCT_V}\s*(?:每天|每日|/天|/日|一天)", _rate(DAILY_RATE)),
    (RATE, rf"(?:daily\s+(?:interest\s+)?rate|daily\s+interest|daily){_EN_FILL}{_PCT_V}", _rate(DAILY_RATE)),
    (RATE, rf"{_PCT_V}\s*(?:{_EACH}day\b|daily\b)", _rate(DAILY_RATE)),
    # monthly fee rates (分期手续费)
    (RATE, rf"(?:{_ZH_FEE}){_FILL}{_PCT_V}", _rate(MONTHLY_FEE_RATE)),
    (RATE, rf"{_PCT_V}\s*(?:的)?(?:月费率|月手续费|每月手续费|每期手续费)", _rate(MONTHLY_FEE_RATE)),
    (RATE, rf"{_EN_FEE}{_EN_FILL}{_PCT_V}", _rate(MONTHLY_FEE_RATE)),
    (
        RATE,
        rf"{_PCT_V}\s*(?:{_EACH}month\s+|monthly\s+)(?:service\s+|handling\s+)?fee",
        _rate(MONTHLY_FEE_RATE),
    ),
    (RATE, rf"fee(?:\s+rate)?{_EN_FILL}{_PCT_V}\s*{_EACH}month\b", _rate(MONTHLY_FEE_RATE)),
    # monthly interest rates
    (RATE, rf"(?:{_ZH_MONTHLY}){_FILL}(?P<v>{_PCT}|{_FENLI})", _rate(MONTHLY_RATE, _percent_or_fen_li)),
    (RATE, rf"(?P<v>{_FENLI})(?:利|息)", _rate(MONTHLY_RATE, _fen_li)),
    (RATE, rf"{_PCT_V}\s*(?:每月|每个月|一个月|/月)", _rate(MONTHLY_RATE)),
    (RATE, rf"monthly\s+(?:interest\s+rate|interest|rate){_EN_FILL}{_PCT_V}", _rate(MONTHLY_RATE)),
    (RATE, rf"{_PCT_V}\s*(?:{_EACH}(?:month|mo)\b|monthly\b)", _rate(MONTHLY_RATE)),
    # annual rates; a percent with no period is annual
    (RATE, rf"{_PCT_V}\s*(?:的)?(?:年化|年利率|年息|每年|一年|/年)", _rate(APR)),
    (RATE, rf"(?:{_EN_ANNUAL}){_EN_FILL}{_PCT_V}", _rate(APR)),
    (RATE, rf"{_PCT_V}\s*(?:{_EN_YEARLY})", _rate(APR)),
    (RATE, _PCT_V, _rate(APR)),
    # before the terms: "2900一期", "一期还1100" and "一个月还1025" are payments, not terms of one month
    (PAYMENT, rf"{_MONEY_V}\s*(?:一期|/期)", _v(_money)),
    (
        PAYMENT,
        rf"(?:每一?期|一期|每次|一次(?!性)|期供)(?:要|需要|得|应)?(?:还款?|付款?|支付|交|扣款?)?(?:本息)?(?:合计|共计)?"
        rf"(?:金额|额)?{_FILL}{_MONEY_V}",
        _v(_money),
    ),
    # a monthly repayment: another debt, or this loan's payment (see loan_payment)
    (
        DEBTS,
        rf"(?:每月|每个月|一个月)(?:要|需要|得)?(?:还款?|扣款?){_ZH_NOT_MONEY}{{0,8}}?{_FILL}{_MONEY_V}",
        _v(_money),
    ),
    # "分十二次还", "9次还完"; "24 x 215", "x48"
    (TERM, rf"(?:分|共)?(?P<v>{_NUM})\s*次(?=\s*(?:还|付|支付|扣|交))", _v(_months)),
    (TERM, rf"(?P<v>\d{{1,3}})(?=\s*[x×*]\s*{_MONEY})", _v(_months)),
    (PAYMENT, rf"(?<=[x×*])\s*{_MONEY_V}", _v(_money)),
    (TERM, r"(?<![a-z\d])[x×]\s*(?P<v>\d{1,3})(?!\d|[,.]\d|\s*[万千百kw])", _v(_months)),
    # terms
    (TERM, rf"(?<!第)(?:分|共|一共|总共)?(?P<v>{_NUM})\s*期(?!\s*(?:lpr|贷款市场|以上)|数)", _v(_months)),
    (TERM, rf"(?P<v>{_NUM})\s*个\s*月", _v(_months)),
    (
        TERM,
        rf"(?P<v>{_NUM})\s*年(?P<half>半)?(?![化利息薪收费前后级底初末度期])",
        lambda m: _years(m.group("v"), bool(m.group("half"))),
    ),
    (TERM, rf"(?<![{_D}{_U}\d])半年(?!化)", lambda m: 6),
    (TERM, r"(?:a|one)\s+year\s+and\s+a\s+half", lambda m: 18),
    (TERM, rf"(?P<v>\d+|{_EN_WORD})\s+and\s+a\s+half\s+years?", lambda m: _years(m.group("v"), True)),
    (TERM, r"half\s+a\s+year", lambda m: 6),
    (TERM, rf"(?P<v>{_AR}|{_EN_WORD})\s*-?\s*(?:years?|yrs?)\b", lambda m: _years(m.group("v"))),
    (TERM, rf"(?P<v>{_AR}|{_EN_WORD})\s*-?\s*(?:months?|mos?|mths?|periods?)\b", _v(_months)),
    (TERM, r"(?:for|over|in|within)\s+a\s+year\b", lambda m: 12),
    # the span stops at the number: "24 installments of 1100" keeps "installments of 1100" for the payment
    (
        TERM,
        rf"(?P<v>{_AR}|{_EN_WORD})(?=\s+(?:monthl?y\s+)?(?:installments?|instalments?|payments|repayments)\b)",
        _v(_months),
    ),
    (
        TERM,
        r"\bterm(?:\s+of)?\s*[:=]?\s*(?P<v>\d{1,3})(?!\d|[,.]\d|\s*(?:years?|yrs?|k\b|%))",
        _v(_months),
    ),
    # "期数 60", "期限：36" (after the patterns with a unit: "期限18个月" is read by them)
    (
        TERM,
        rf"(?:期数|分期数|还款期数|期限)(?:\s|:|：|为|是)*(?P<v>{_NUM})(?!\s*(?:[万千百亿元块%年天日个期]|\.\d))",
        _v(_months),
    ),
    # income (per month)
    (INCOME, rf"(?P<year>年薪|年收入|税前年薪|税后年薪){_FILL}{_MONEY_V}", _per_month),
    (INCOME, rf"(?:{_ZH_SALARY})(?:每月|每个月|一个月)?{_FILL}{_MONEY_V}", _per_month),
    (
        INCOME,
        rf"(?:每月|每个月|一个月|一月)(?:能|可以|大概|大约)?(?:挣|赚|收入|拿|到手){_FILL}{_MONEY_V}",
        _per_month,
    ),
    (INCOME, rf"(?P<year>(?:annual|yearly)\s+(?:income|salary)){_EN_FILL}{_MONEY_V}", _per_month),
    (INCOME, rf"(?:{_EN_EARN}){_EN_FILL}{_MONEY_V}{_PER_EN}", _per_month),
    # existing debt payments (per month)
    (DEBTS, rf"(?:{_ZH_LOANS})(?:每月|每个月|月供)(?:要|需要)?还?{_FILL}{_MONEY_V}", _v(_money)),
    (
        DEBTS,
        rf"(?:现有|已有|目前|现在|其他|其它|房贷|车贷|每月|每个月)的?(?:月供|负债|债务|还贷){_FILL}{_MONEY_V}",
        _v(_money),
    ),
    (DEBTS, rf"(?:负债|债务)(?:每月|每个月){_FILL}{_MONEY_V}", _v(_money)),
    (DEBTS, rf"(?:{_EN_DEBTS}){_EN_FILL}{_MONEY_V}(?:\s*{_EACH}month\b)?{_EN_DEBT_ON}", _v(_money)),
    (DEBTS, rf"(?:already\s+)?repay(?:ing)?{_EN_FILL}{_MONEY_V}\s*{_EACH}month\b", _v(_money)),
    # this loan's payment per period and its total repayment (after debts: "房贷月供3000" is a debt)
    (PAYMENT, rf"月供(?:金额|额)?{_FILL}{_MONEY_V}", _v(_money)),
    (
        TOTAL,
        rf"(?:总共|一共|共|总计|合计|到期|加起来)(?:要|需要|得|应)?(?:还款?|付款?|支付)(?:金额|额)?{_FILL}{_MONEY_V}",
        _v(_money),
    ),
    (
        TOTAL,
        rf"(?:总还款|还款总|应还总|连本带息|本息合计|本息共计)(?:金额|额)?(?:还|共|一共|合计)?{_FILL}{_MONEY_V}",
        _v(_money),
    ),
    (
        TOTAL,
        rf"(?:(?:pay|paying)\s+back|repay(?:ing)?(?:\s+back)?){_EN_FILL}{_MONEY_V}\s+"
        r"(?:in\s+total|total|altogether|all\s+together)\b",
        _v(_money),
    ),
    (
        PAYMENT,
        # "installment: 1,210" is a label, "installments of 980" a payment; "on installments: 9,000 price" is neither
        rf"(?:monthly\s+(?:payments?|installments?|instalments?)|(?:installment|instalment)(?:\s+(?:of|is))?|"
        rf"(?:installments|instalments)\s+(?:of|are)|"
        rf"(?:payments?|repayments?)\s+(?:of|are|is))(?:\s+(?:each|per|a)\s+month)?{_EN_FILL}{_MONEY_V}",
        _v(_money),
    ),
    (
        PAYMENT,
        rf"(?:paying|repaying|(?<!can\s)(?<!could\s)(?<!to\s)(?:pay|repay))(?:\s+back)?{_EN_FILL}{_MONEY_V}\s*(?:{_EACH}(?:month|mo|installment|instalment)\b|monthly\b)",
        _v(_money),
    ),
    (
        TOTAL,
        rf"(?:(?:in\s+)?total(?:\s+(?:repayment|repaid|payback|payable|amount|to\s+repay))?(?:\s+(?:comes|came)\s+to)?|"
        rf"(?:repay|pay\s+back)(?:\s+a)?\s+total\s+of)"
        rf"{_EN_FILL}{_MONEY_V}",
        _v(_money),
    ),
    (TOTAL, rf"{_MONEY_V}\s+(?:in\s+total|total|altogether|all\s+together)\b", _v(_money)),
    # amounts
    (AMOUNT, _MONEY_V, _amount),
]

_COMPILED = [(slot, re.compile(pattern), reader) for slot, pattern, reader in _SPECS]


# 大写 numerals of contracts and receipts (壹万贰仟元整) as everyday ones, one character for one
_FINANCIAL_NUMERALS = str.maketrans("零壹贰叁肆伍陆柒捌玖拾佰仟", "零一二三四五六七八九十百千")


def _normalise(text: str) -> str:
    """Traditional characters to simplified (借3萬, 每期還), full-width forms to ASCII and lower case, one
    character for one so spans stay valid.

    The Chinese comma and full stop are kept: "5，000" is a list, not five thousand.
    """
    out = []
    for ch in to_simplified(text).translate(_FINANCIAL_NUMERALS):
        if ch not in "，。":
            folded = unicodedata.normalize("NFKC", ch)
            ch = folded if len(folded) == 1 else ch
        lower = ch.lower()
        out.append(lower if len(lower) == 1 else ch)
    return "".join(out)


_MINUS = "-−负"


def extract_figures(text: str) -> List[Figure]:
    """Every figure in ``text``, in reading order, each with its span in the original text."""
    if not text:
        return []
    norm = _normalise(text)
    taken = [False] * len(norm)
    found: List[Figure] = []
    for slot, pattern, reader in _COMPILED:
        for match in pattern.finditer(norm):
            start, end = match.span()
            while start < end and norm[start].isspace():
                start += 1
            while end > start and norm[end - 1].isspace():
                end -= 1
            if start == end or any(taken[start:end]):
                continue
            value = reader(match)
            if value is None:
                continue
            taken[start:end] = [True] * (end - start)
            if (
                slot in (AMOUNT, INCOME, DEBTS)
                and start > 0
                and norm[start - 1] in _MINUS
                and (start < 2 or not norm[start - 2].isalnum())
            ):  # "1-2万" is a range
                # "-5000" is a negative amount: keep the sign so validation can refuse it
                start, value = start - 1, -value
            found.append(Figure(slot, value, start, end, text[start:end]))
    return sorted(found, key=lambda f: f.start)


def _first(text: str, *slots: str):
    for figure in extract_figures(text or ""):
        if figure.slot in slots:
            return figure.value
    return None


# A bare number above this, given where a rate is asked, is no rate: the calculator reads it as the payment.
BARE_RATE_MAX = Decimal(100)


def bare_number(text: str) -> Optional[Decimal]:
    """The text is just a number (an answer to a question about one slot)."""
    norm = _normalise(text or "").strip()
    return _number(norm) if re.fullmatch(_NUM, norm) else None


def parse_amount(text: str) -> Optional[Decimal]:
    """A loan amount in yuan ("5万", "五万", "50k", "$5,000", "10000"), or None."""
    norm = _normalise(text or "").strip()
    if re.fullmatch(_MONEY, norm):
        return _money(norm)
    return _first(text, AMOUNT)


def parse_rate(text: str) -> Optional[Rate]:
    """A rate ("年化18%", "日息万五", "月息2分", "1.5% a month"); a bare number is an APR percent."""
    bare = bare_number(text)
    return Rate(APR, bare) if bare is not None else _first(text, RATE)


def parse_term(text: str) -> Optional[int]:
    """A term in months ("12期", "两年半", "3 years", "半年"); a bare whole number is months."""
    bare = bare_number(text)
    if bare is not None:
        return _whole_months(bare)
    return _first(text, TERM)


_PER_PERIOD = re.compile(rf"(?P<v>{_MONEY}){_PER_EN}")


def parse_money(text: str) -> Optional[Decimal]:
    """A monthly money figure for income or debts ("月薪8千", "6000 a month", "每月还信用卡2000")."""
    value = _first(text, INCOME, DEBTS, PAYMENT)
    if value is not None:
        return value
    match = _PER_PERIOD.fullmatch(_normalise(text or "").strip())
    if match:
        return _per_month(match)
    return parse_amount(text)


_PERIOD = r"(?:month|mo|period|installment|instalment)\b"
_PER_PERIOD_AFTER = re.compile(
    rf"\s*(?:{_CUR_AFTER})?\s*(?:{_EACH}{_PERIOD}|each\b|monthly\b|每月|每个月|一个月|一月|/月|每期|/期)"
)
_PER_PERIOD_BEFORE = re.compile(
    rf"(?:每月|每个月|一个月|月还款?|月付|每期|(?:each|every|per)\s+{_PERIOD}(?:\s+[a-z]+){{0,3}}|monthly(?:\s+\w+)?|"
    r"(?:re)?payments?)\s*(?:是|为|:|：|of|is|are)?\s*(?:[¥$]|rmb|cny)?\s*$"
)
# A rate that is compared with, not given: "年化有没有超过24%", "is the APR over 24%?"
_COMPARED = re.compile(
    r"(?:超过|超出|超了|高于|大于|低于|小于|不到|过了|比|over|above|exceeds?|exceeding|more\s+than|below|under|"
    r"less\s+than|higher\s+than|lower\s+than)\s*$"
)


def stated_rate(text: str, found: Optional[Sequence[Figure]] = None) -> Optional[Figure]:
    """The first rate the text gives for its loan, not one it compares with ("超过24%吗", "over 36%?")."""
    found = extract_figures(text or "") if found is None else found
    norm = _normalise(text or "")
    for figure in found:
        if figure.slot == RATE and not _COMPARED.search(norm, max(0, figure.start - 12), figure.start):
            if figure.value.percent == 0:  # "0% interest", "0利息": a claim the payments can check
                continue
            return figure
    return None


_TOTAL_WORDS = re.compile(r"total|altogether|一共|总共|合计|总计|共计")
_TOTAL_AFTER = re.compile(r"\s*(?:in\s+total|total|altogether|all\s+together)\b")
# A monthly repayment that names another debt: "房贷每月还3000", "I pay 2000 a month on my credit card".
_OTHER_DEBT = re.compile(
    rf"{_ZH_LOANS}|现有|已有|目前|其他|其它|负债|债务|房租|"
    r"credit\s+card|mortgage|car\s+loan|rent\b|other|existing|current|already|debts?\b",
)


def loan_payment(
    text: str, asked: bool = False, found: Optional[Sequence[Figure]] = None
) -> Optional[Figure]:
    """The figure that says what this loan costs each period (``PAYMENT``) or in all (``TOTAL``), or None.

    "每期还2900", "月供2900", "monthly payment 1000" and "一共还13000" always are. "每个月还1000" and "I pay
    1000 a month" are read as existing debts in general, but as this loan's payment when the message
    describes a loan (an amount and a term, no rate) or answers the question about its rate (``asked``),
    unless they name another debt (房贷, credit card ...). ``found``: the text's figures, if already read.
    """
    found = extract_figures(text or "") if found is None else found
    for figure in found:
        if figure.slot in (PAYMENT, TOTAL):
            return figure
    kinds = {f.slot for f in found}
    describes_loan = {AMOUNT, TERM} <= kinds and stated_rate(text, found) is None
    amounts = [f for f in found if f.slot == AMOUNT]
    if describes_loan and len(amounts) > 1:
        # "6000 loan, 560 a month for 12 months", "每个月1800": the amount said to be per period is the payment
        norm = _normalise(text)
        for figure in amounts:
            if _PER_PERIOD_AFTER.match(norm, figure.end) or _PER_PERIOD_BEFORE.search(norm, 0, figure.start):
                return Figure(PAYMENT, figure.value, figure.start, figure.end, figure.text)
    if asked or describes_loan:
        previous_end = 0
        for figure in found:
            # the words since the figure before: "房贷每月还3000" names its debt before the figure's span
            words = _normalise(text[previous_end : figure.end])
            if figure.slot == DEBTS and not _OTHER_DEBT.search(words):
                # "in total I repay 13000", "I repay 13000 altogether": all the payments, not one
                after = _normalise(text[figure.end : figure.end + 16])
                whole = _TOTAL_WORDS.search(words) or _TOTAL_AFTER.match(after)
                return Figure(
                    TOTAL if whole else PAYMENT, figure.value, figure.start, figure.end, figure.text
                )
            previous_end = figure.end
    return None


# --------------------------------------------------------------------------- repayment method

_METHOD_WORDS = (
    # (pattern, method) — more specific phrases first
    (r"等额本金|equal[\s-]*principal|declining\s+payments?", "equal_principal"),
    (
        r"等额本息|equal[\s-]*(?:monthly\s+)?(?:installments?|instalments?|payments?)|annuity|fixed\s+monthly",
        "equal_installment",
    ),
    (r"先息后本|按月付息|到期还本|interest[\s-]*only|balloon", "interest_only"),
)
_METHOD_PATTERNS = tuple((re.compile(p), m) for p, m in _METHOD_WORDS)


def parse_method(text: str) -> Optional[str]:
    """A repayment method named in the text (等额本息 / 等额本金 / 先息后本, or English), or None."""
    norm = _normalise(text or "")
    for pattern, method in _METHOD_PATTERNS:
        if pattern.search(norm):
            return method
    return None
