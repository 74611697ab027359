"""A borrower in distress: despair, exhaustion or hopelessness about debts, in Chinese or English.

Any flow can call :func:`distress_reply`: it returns the calm answer to show *before* the normal one, or
``None`` when the message shows no distress. The text is normalised first (traditional characters and
full-width forms read as simplified / ASCII), matched against phrase patterns in both languages, and a
match is dropped when a negation stands just before it in the same clause ("我不是想死", "I'm not
hopeless"). Phrases that carry their own negation ("不想活了", "can't go on") are written as whole
patterns.

The help offered follows facts.md: negotiate with the lender (§5.5), a counselor (the assistant's
handoff), the 12356 national psychological assistance hotline (§11.5), 110 in danger (§5.4, §5.6).
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

from loancoach.text.language import Bilingual
from loancoach.text.normalize import normalize

__all__ = ["DistressMatch", "detect", "is_distressed", "reply", "distress_reply", "REPLY"]

# Chinese, on simplified text. Written so that everyday uses ("系统崩溃", "笑死") do not match.
_ZH = [
    r"不想活",
    r"活不下去",
    r"活不成了",
    r"活着(真)?(没|没有)(意思|意义|盼头)",
    r"(没|没有)(活路|盼头|出路)",
    r"想(去)?死",
    r"(寻死|轻生|自杀|自尽|了结自己|结束(自己的?)?生命|一了百了|生无可恋)",
    r"(想|要|去)?(跳楼(?!价|甩卖|大甩卖)|跳河|跳江|吃安眠药|喝农药)",
    r"(撑|扛|熬|挺)不(下去|住|过去了)",
    r"(快|要|已经|彻底|我)崩溃",
    r"(心态|精神|人)(崩了|垮了|快崩)",
    r"绝望",
    r"(没|没有|看不到|看不见)(任何)?(希望|未来|出路)",
    r"走投无路",
    r"(人生|这辈子|我这一生|一辈子)(完了|毁了|没救了)",
    r"我(彻底)?完了",
    r"喘不过气",
    r"压(力)?得?我?(快)?(喘不过|透不过)气",
    r"(每天|天天|整夜|晚上)(都)?(在)?(哭|睡不着)",
    r"(好|太|真的|心)累(了|啊|呀)?(,|，|。|!|！|$|真的|不想)",
    r"(快|要)(疯|疯掉)了",
    r"(一死了之|死了算了|不如死了|想消失|绝路|无助|结束这一切|压垮|活在恐惧|过不下去了|救救我)",
    r"(我|自己)(就|真)?是(个)?废物",
    r"(该|要)?怎么活(下去)?",
    r"活着(还)?有什么意思",
    r"哭了一(整)?(夜|晚|宿)",
    r"(好怕|好害怕|好无助).{0,6}(一个人|不知道怎么办)",
    r"(不知道|不晓得)(该)?(怎么|咋)(活|办才好)",
]

# English, on lower-cased text with straight apostrophes.
_EN = [
    r"\bsuicid\w*",
    r"\bkill(ing)? myself\b",
    r"\bend(ing)? (it all|my life|everything)\b",
    r"\b(want|wanna|wanted) to die\b",
    r"\bbetter off dead\b",
    r"\b(don'?t|do not|no longer) want to (live|be alive|go on)\b",
    r"\bno (reason|point) (to|in) (live|living|going on)\b",
    r"\b(can'?t|cannot|can not) (go on|take (it|this) any ?more|cope|handle (it|this) any ?more|breathe)\b",
    r"\bhope?less\w*",
    r"\bno (way out|hope|future|light)\b",
    r"(?<!think )(?<!thinks )(?<!think i'm )(?<!thinks i'm )\b(?:i'?m |i am |so |really |feel )?desperate\b(?! (for|to get|to find|need))",
    r"\bdespair\w*",
    r"\bgive up on (life|everything)\b",
    r"\b(my )?life is (over|ruined|finished)\b",
    r"\b(i'?m|i am) (breaking|broken) down\b|\b(nervous|mental) breakdown\b|\bhaving a breakdown\b",
    r"\b(i'?m|i am|i feel|feeling|so|completely|totally|utterly|really) (exhausted|worn out|drained)\b",
    r"\boverwhelmed\b",
    r"\bdrowning in (debt|debts|bills)\b",
    r"\bat the end of my (rope|tether)\b",
    r"\blosing my mind\b",
    r"\bcan'?t do this any ?more\b",
    r"\b(want|wanna) to (give up|disappear)\b",
    r"\bbetter off without me\b",
    r"\bbreaking point\b",
    r"\b(so|completely|all|totally) alone\b|\bscared and alone\b",
    r"\bfalling apart\b",
    r"\beverything is too much\b",
    r"\bhelpless\b",
    r"\bthe stress is killing me\b",
    r"\brock bottom\b",
    r"\bhate my life\b",
    r"\bi'?m broken\b|\bi am broken\b",
    r"\bwhat'?s the point of (living|going on|trying)\b",
    r"\bwhy i should (keep going|go on|live)\b",
    r"\bnobody can help me\b",
    r"\btired of (everything|life|living)\b",
    r"\b(don'?t|do not|can'?t|cannot) see (any|a) way out\b",
    r"\b(feel like|i'?m|i am) a (failure|burden)\b",
    r"\b(don'?t|do not) know (why|how) (i should |to )?(keep going|go on|live)\b",
    r"\bcan'?t pay\b.{0,30}\b(crushing|drowning)\b|\b(loans|debts?) (are|is) crushing me\b",
    r"\bcry(ing)? every (day|night)\b",
    r"\bcan'?t sleep\b",
]

_ZH_RE = re.compile("|".join(f"(?:{p})" for p in _ZH))
_EN_RE = re.compile("|".join(f"(?:{p})" for p in _EN))

# A negation just before the match, in the same clause, cancels it.
_ZH_NEGATION = re.compile(
    r"(不是|并不|并没有?|没有|不会|不至于|不要|别|从不|从没|不用|未|没|不)\s*(那么|太|有|再|觉得|感到|会)?\s*$"
)
_EN_NEGATION = re.compile(
    r"\b(not|never|no longer|n't|dont|don't|didnt|didn't|isnt|isn't|wasnt|wasn't|aren't|am not)\b"
    r"(\s+\w+){0,2}\s*$"
)
_CLAUSE_BREAK = re.compile(r"[，,。.!！?？;；:：\n]|\bbut\b|但是|可是|不过")
_WINDOW = 12


class DistressMatch(NamedTuple):
    language: str  # which pattern set matched: "zh" or "en"
    phrase: str  # the words that matched, from the normalised text


def _negated(before: str, negation: re.Pattern) -> bool:
    clause = _CLAUSE_BREAK.split(before[-_WINDOW * 3 :])[-1]
    return bool(negation.search(clause[-_WINDOW * 2 :]))


def _first(pattern: re.Pattern, text: str, negation: re.Pattern) -> Optional[str]:
    for found in pattern.finditer(text):
        if not _negated(text[: found.start()], negation):
            return found.group(0)
    return None


def detect(text: Optional[str]) -> Optional[DistressMatch]:
    """The first distress phrase in ``text`` that no negation cancels, or ``None``."""
    if not text or text.startswith("/"):
        return None
    folded = normalize(text).replace("’", "'").replace("‘", "'").lower()
    phrase = _first(_ZH_RE, folded, _ZH_NEGATION)
    if phrase:
        return DistressMatch("zh", phrase)
    phrase = _first(_EN_RE, folded, _EN_NEGATION)
    if phrase:
        return DistressMatch("en", phrase)
    return None


def is_distressed(text: Optional[str]) -> bool:
    return detect(text) is not None


REPLY = Bilingual(
    "听到您这么说，我很难过。被债务压成这样，换谁都会累、会怕，您愿意说出来就很不容易。债务的事可以一步一步处理，"
    "您不用一个人扛：可以直接联系贷款机构说明困难、商量还款方案；说“转人工”就能找我们的顾问；想找人聊聊，"
    "可以拨打12356全国心理援助热线；如果您有危险，或想伤害自己，请马上拨打110。",
    "I'm really sorry you're going through this. Carrying debts like these wears anyone down, and it took "
    "courage to say it. Debts can be dealt with one step at a time, and you don't have to face this alone: "
    'you can contact the lender directly to explain and ask about a repayment plan; say "talk to a '
    'counselor" to reach our counselors; call 12356, the national psychological assistance hotline, to talk '
    "to someone; and if you are in danger or might hurt yourself, call 110 right away.",
)


def reply(language: Optional[str]) -> str:
    """The calm answer with the concrete help, in the user's language."""
    return REPLY.pick(language)


def distress_reply(text: Optional[str], language: Optional[str]) -> Optional[str]:
    """The answer to show first when ``text`` shows distress, else ``None``."""
    return reply(language) if is_distressed(text) else None
