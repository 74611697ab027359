"""Masking of personal data before anything of ours is stored or logged.

Masked: mainland-China resident ID numbers (18 digits, last may be X; old 15-digit form), mobile
numbers (11 digits starting 1[3-9], optional +86 / 86 prefix and separators), bank card numbers
(13-19 digits, optionally grouped by spaces or dashes), e-mail addresses, landline numbers (area code
0xx/0xxx and a 7-8 digit number, e.g. 010-12345678, (0755)8765 4321) and a name given after "我叫" /
"我的名字是" / "my name is" / "call me". The rules are ordered from the most specific to the least, and
digit runs are bounded so that a card number is not read as a phone number with extra digits.

Names are masked only when they look like a name: in Chinese a surname from the common list followed by
one or two more Han characters, not a loan, bank or platform word ("我叫平安银行的人打给我" is left
alone); in English capitalised words, or a single lower-case word that is not a common function word
("my name is on the contract" is left alone).
"""

from __future__ import annotations

import re
from pathlib import Path

ID_MASK = "[身份证号/ID]"
PHONE_MASK = "[手机号/PHONE]"
CARD_MASK = "[卡号/CARD]"
EMAIL_MASK = "[邮箱/EMAIL]"
LANDLINE_MASK = "[电话/TEL]"
NAME_MASK = "[姓名/NAME]"

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
# Area code 0 + 2-3 digits (010, 021, 0755 ...), then 7-8 digits; separators or brackets allowed.
_LANDLINE = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:\(0\d{2,3}\)|0\d{2,3})[ \-]?\d{3,4}[ \-]?\d{4}(?:-\d{1,5})?" + _NOT_DIGIT_AFTER
)
_PHONE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}" + _NOT_DIGIT_AFTER)


# The most common Chinese surnames (single and compound); a name is one of them + 1-2 Han characters.
_COMPOUND_SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木|独孤"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车"
    "项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池乐"
)


def _finance_words() -> list:
    """The finance dictionary's words (征信, 逾期, 等额本息 ...): none of them is a name."""
    path = Path(__file__).with_name("finance_dict.txt")
    words = [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted({re.escape(w) for w in words if len(w) >= 2}, key=len, reverse=True)


# Words that may follow 我叫 but are not names (a loan, bank, platform or person role).
_NOT_NAMES = (
    "平安|招商|工商|建设|农业|中国|交通|民生|光大|浦发|兴业|华夏|广发|邮储|中信|宁波|北京|上海|银行|客服|"
    "催收|律师|法院|公司|平台|朋友|家人|同事|老板|网贷|贷款|花呗|借呗|白条|微粒|信用|征信|分期|还款|借款|"
    "利息|逾期|时间|明白|司机|师傅|经理|老师|医生|小额|金融|金额|安逸|和解|全款|全部|成功|成年|时候|"
    + "|".join(_finance_words())
)
_ZH_NAME = re.compile(
    r"(?:我叫|我的名字是|我的名字叫|本人叫|本人姓名|我姓名是)[:：]?\s*"
    rf"(?!(?:{_NOT_NAMES}))((?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])[\u4e00-\u9fff]{{1,2}})"
)
# Characters that end a name early: particles and verbs that often follow it ("我叫张三想借钱").
_NAME_STOP = set("想要借的了是在从和跟今明去来你我他她它啊呢吧吗，。、")
_EN_FUNCTION_WORDS = {
    "on", "in", "not", "the", "a", "an", "listed", "attached", "missing", "wrong", "written", "also",
    "still", "there", "here", "under", "at", "being", "used", "and", "but", "so", "printed", "spelled",
}  # fmt: skip
_EN_NAME = re.compile(
    r"\b(?i:my name is|my name's|i am called|i'm called)\s+"
    r"((?:[A-Z][a-zA-Z'\-]+)(?:\s+[A-Z][a-zA-Z'\-]+){0,2}|[a-z][a-z'\-]+)"
)


def _mask_zh_name(match: re.Match) -> str:
    name = match.group(1)
    cut = len(name)
    for i, ch in enumerate(name[1:], start=1):
        if ch in _NAME_STOP:
            cut = i
            break
    if cut < 2 and not any(name.startswith(c) for c in _COMPOUND_SURNAMES.split("|")):
        return match.group(0)  # a surname alone followed by a particle: not a name given
    start = match.start(1) - match.start(0)
    return match.group(0)[:start] + NAME_MASK + name[cut:]


def _mask_en_name(match: re.Match) -> str:
    name = match.group(1)
    first = name.split()[0]
    if first.lower() in _EN_FUNCTION_WORDS:
        return match.group(0)
    if first[0].islower():  # lower case: only the one word
        name = first
    start = match.start(1) - match.start(0)
    return match.group(0)[:start] + NAME_MASK + match.group(0)[start + len(name) :]


def _mask_card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    # 13-19 digits is a card; shorter runs (amounts, dates) are left alone.
    return CARD_MASK if 13 <= len(digits) <= 19 else match.group(0)


def redact(text: str) -> str:
    """Return ``text`` with ID, phone, landline and card numbers, e-mails and given names replaced by
    placeholders."""
    if not text:
        return text
    out = _EMAIL.sub(EMAIL_MASK, text)
    out = _ID18.sub(ID_MASK, out)
    out = _PHONE.sub(PHONE_MASK, out)
    out = _ID15.sub(ID_MASK, out)
    out = _CARD.sub(_mask_card, out)
    out = _LANDLINE.sub(LANDLINE_MASK, out)  # after cards: "6222 0212 3456 7890" is not a landline
    out = _ZH_NAME.sub(_mask_zh_name, out)
    out = _EN_NAME.sub(_mask_en_name, out)
    return out
