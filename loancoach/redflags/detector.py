"""Checks an ad or a message for loan red flags: pattern matching, then context rules, then a verdict.

1. **Matching.** The text is folded (:mod:`loancoach.redflags.textnorm`: full-width and traditional
   characters). Text with Chinese characters goes through the Chinese pipeline, text with English
   words through the English one (mixed text through both, English seeing the Chinese characters as
   spaces; a single Latin word in Chinese text, such as "APP", is left to the Chinese patterns). Each
   language's phrases and token patterns (:mod:`loancoach.redflags.pipelines`) report trigger
   phrases and context cues as character spans, so both languages' findings can be compared.

2. **Context rules**, applied to each trigger in order:

   - *Borrower's own question.* In a question sentence ("…吗？", "…?") a trigger counts only if the
     sentence, or the text before it (a story), quotes a claim: reported speech ("他们说", "客服让我", "they told me"), quotation marks,
     or a credibility question ("是真的吗", "靠谱吗", "is that true"). "他们说必过，是真的吗？" is judged
     on 必过 and flagged; "征信不好能贷款吗？" quotes nothing and asserts nothing.
   - *Safety warning.* A statement sentence that contains a warning word ("谨防", "骗局", "都是骗子",
     "请立即挂断", "scam", "beware", "hang up") describes the practice rather than offering it
     ("凡是放款前要求缴纳保证金的，都是骗子"; "新闻：市民轻信“刷流水”，被骗2万元。"): the claims in the
     warning's clause, the clauses before it, or after its colon ("谨防以下骗局：…"). Scam ads borrow
     safety words ("谨防假冒！无需征信，先交会员费"; "谨防假冒，认准官方，黑户可贷"), so a warning in another
     sentence, or in an earlier clause without a colon, clears nothing. A question that passes on a warning ("他们说…凡是…都是诈骗，
     这是真的吗？") counts as one too, unless the warning word is the credibility question itself ("这是
     诈骗吗？") or in its last clause. A denied or accusing warning word ("非诈骗", "not a scam", "是不是
     被骗", "涉嫌诈骗", "anti-fraud bond") does not count.
   - *Negation.* The scope is the sentence, narrowed to the clause: a negating verb or adverb earlier
     in the same clause negates the trigger ("放款前不收取任何费用", "We never charge upfront fees",
     "我们不会要求您提供验证码"), unless "但是/but" stands between. Ads chain claims with commas
     ("不收前期费用，100%下款"), so a negation does not reach past a comma - except a denial ("never",
     "不会", "一律不") into a list that continues after the comma ("never take deposits, unfreezing fees
     or VIP fees", "will never ask you to install an app, share your screen or read out a code"). A negating determiner
     ("无", "零", "no", "without") negates only a trigger right after it ("no upfront fees", not
     "no collateral guaranteed approval"). For fees and codes a negation right after the phrase also
     counts ("保证金一律不收"). Negation words inside a trigger are part of it ("不看征信").
   - *Qualified speed.* An instant-approval claim is dropped when the text says approval is subject
     to review ("以审核为准", "subject to approval") or the claim is hedged ("最快1分钟到账",
     "as little as 5 minutes"). Explicit guarantees ("必过") are never excused by a qualifier.
   - *Hidden cost.* "Zero interest" counts only when the text also mentions a fee that is not itself
     negated ("零利息…服务费"); a daily or monthly rate counts only when no annual rate (年化, APR) is
     shown anywhere in the text.

3. **Verdict.** ``misleading`` if any remaining flag is of a high-severity category (a scam or an
   illegal practice on its own: fees before disbursement, fake officials, codes and screen sharing,
   credit washing, insider channels, guaranteed approval, no credit check, student targeting,
   borrowing to repay, paid negotiation); ``caution`` if only low-severity flags remain (hidden
   cost, unqualified instant approval, pressure to act now); ``ok`` if none.

One flag is reported per category, with the earliest evidence; the evidence is the text exactly as
written, ``text[start:end]``.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from loancoach.redflags import advice
from loancoach.redflags import model as learned_model
from loancoach.redflags.categories import BY_NAME, CAUTION, HIGH, LOW, MISLEADING, OK, ORDER
from loancoach.redflags.cues import FILLERS
from loancoach.redflags.pipelines import CUE_PREFIX, TRIGGER_PREFIX, tools
from loancoach.redflags.result import CheckResult, Cleared, Flag
from loancoach.redflags.textnorm import Boundaries, boundaries, has_han, has_latin_words, mask_han, prepare
from loancoach.text.privacy import redact

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

# Post-posed negation of fees and codes: "保证金一律不收", "codes are never shared".
_POST_NEGATED = frozenset({"fee_before_disbursement", "remote_control"})
_POST_FILLERS = frozenset(
    FILLERS | set("一律 概 都 均 绝对 从来 也 are is will be must should always".split())
)
# A negation word that starts a condition rather than a denial: "不成功不收费", "未放款前".
_CONDITION_AFTER_NEG = re.compile(r"^(?:成功|通过|过|下款|满意|到账|批|放款|下来|到位)")
_SHORT_NEG = frozenset({"不", "没", "未", "没有"})
_NEGATIONS = frozenset({"neg", "neg_det", "neg_post"})  # the cue kinds that negate
# The context rule a model-found category goes through (see _clearing_reason).
_MODEL_VARIANT = {"hidden_cost": "periodic_rate"}
_CONTEXT_REASONS = frozenset({"negated", "warning", "question"})
# A category whose phrase the rules cleared for one of these reasons is not added by the model: the
# context, and a speed claim's hedge or qualifier ("最快1分钟到账", "以审核为准").
_HELD_BACK = _CONTEXT_REASONS | {"hedged", "qualified"}
# The context reason left to the offer column for a model-found category, by severity (see check).
_MODEL_READS = {HIGH: frozenset({"question"}), LOW: frozenset()}
# Promises made to the reader: a phrase of these found by the rules, in a text with nothing that could
# quote it (no question, report, warning or first person), is asserted whatever the offer column says -
# "最后3个名额！无抵押无担保包下款" scores low there once the corpus has many genuine "无抵押" products.
_PROMISES = frozenset({"guaranteed_approval", "no_credit_check"})
# A high-severity phrase in a text that, read as a whole, does not assert it (a warning, a news
# report, a question, small talk): the learned model's offer column (see model.py).
NOT_ASSERTED = "not_asserted"
# Warning words that only look forward: ads use them as slogans ("谨防假冒", "beware of fake apps").
_FORWARD_WARNINGS = frozenset(
    "谨防 警惕 提防 当心 小心 防骗 防诈 远离 假冒 冒充 反诈 别信 不要信 勿信 提高警惕 轻信 "
    "beware careful avoid fake impostor impostors impersonate impersonating dodgy predatory".split()
    + ["don't believe", "do not believe", "watch out", "be careful", "stay away", "loan shark"]
)
_HEDGE_REACH = 3  # characters allowed between a hedge ("最快") and the claim it softens
# A list after a denial reaches past commas: "never take deposits, unfreezing fees or VIP fees".
_LIST_JOIN = re.compile(r"\s(?:or|and|nor)\s|[或、和]|以及")
_DENIALS = frozenset(
    "never not 不会 绝不 决不 从不 从来不 从未 一律不 均不 都不 概不 不收 不收取 也不会 绝对不 不会向".split()
)


class Span:
    """A trigger or cue found in the folded text, ``text[start:end]``; not changed once made.

    ``label`` is a trigger's "category" or "category:variant", or a cue's kind; ``category`` and
    ``variant`` (None without a colon) are split from it once, as the context rules read them often."""

    __slots__ = ("label", "start", "end", "category", "variant")

    def __init__(self, label: str, start: int, end: int) -> None:
        self.label = label
        self.start = start
        self.end = end
        category, colon, variant = label.partition(":")
        self.category = category
        self.variant: Optional[str] = variant if colon else None

    def __repr__(self) -> str:
        return f"Span({self.label!r}, {self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.label, self.start, self.end) == (other.label, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.label, self.start, self.end))

    def inside(self, other: Span) -> bool:
        return other.start <= self.start and self.end <= other.end


# --------------------------------------------------------------------------- matching


def _doc_spans(language: str, text: str) -> Tuple[List[Span], List[Span]]:
    triggers: List[Span] = []
    cues: List[Span] = []
    for name, s, e in tools(language).spans(text):
        if name.startswith(TRIGGER_PREFIX):
            triggers.append(Span(name[len(TRIGGER_PREFIX) :], s, e))
        elif name.startswith(CUE_PREFIX):
            cues.append(Span(name[len(CUE_PREFIX) :], s, e))
    return triggers, cues


def _merge_overlaps(spans: Iterable[Span]) -> List[Span]:
    """Overlapping spans with the same label become one (optional tokens and phrase variants give
    many overlapping matches of one claim); the result is sorted by position."""
    merged: List[Span] = []
    open_by_label: Dict[str, int] = {}
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.label)):
        index = open_by_label.get(span.label)
        if index is not None and span.start < merged[index].end:
            if span.end > merged[index].end:
                merged[index] = Span(span.label, merged[index].start, span.end)
            continue
        open_by_label[span.label] = len(merged)
        merged.append(span)
    return merged


def find_spans(folded: str) -> Tuple[List[Span], List[Span]]:
    """All trigger and cue spans in a folded text, from whichever pipelines its scripts need."""
    triggers: List[Span] = []
    cues: List[Span] = []
    han = has_han(folded)
    if han:
        t, c = _doc_spans("zh", folded)
        triggers += t
        cues += c
    # In Chinese text a lone Latin word ("APP", "AB贷") is handled by the Chinese patterns; English
    # patterns need at least two English words ("No credit check", "Poor credit也能借").
    if has_latin_words(folded, at_least=2 if han else 1):
        t, c = _doc_spans("en", mask_han(folded) if han else folded)
        triggers += t
        cues += c
    return _merge_overlaps(triggers), _merge_overlaps(cues)


# --------------------------------------------------------------------------- context rules


def _longest_first(words: Iterable[str]) -> Tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_FILLERS_LONGEST_FIRST = _longest_first(FILLERS)
_POST_FILLERS_LONGEST_FIRST = _longest_first(_POST_FILLERS)


def _only_fillers(gap: str, fillers: Tuple[str, ...]) -> bool:
    """True if ``gap`` is empty or made only of the given filler words (and spaces)."""
    rest = gap.strip().lower()
    while rest:
        for word in fillers:
            if rest.startswith(word):
                rest = rest[len(word) :].lstrip()
                break
        else:
            return False
    return True


class _Cue(NamedTuple):
    kind: str
    start: int
    end: int
    sentence: int
    clause: int


class _Context:
    """The cues of one text, cleaned and placed in their sentence and clause."""

    def __init__(self, folded: str, bounds: Boundaries, triggers: Sequence[Span], cues: Sequence[Span]):
        self.text = folded
        self.bounds = bounds
        self.by_kind: Dict[str, List[_Cue]] = {}
        not_warn = [c for c in cues if c.label == "not_warn"]
        for cue in cues:
            label, start, end = cue.label, cue.start, cue.end
            if label in _NEGATIONS:
                if _inside_any(start, end, triggers) or self._is_condition(cue) or self._is_a_not_a(cue):
                    continue
            elif label == "warn":
                if _inside_any(start, end, triggers) or _inside_any(start, end, not_warn):
                    continue
            placed = _Cue(label, start, end, bounds.sentence(start), bounds.clause(start))
            self.by_kind.setdefault(label, []).append(placed)

    def _is_condition(self, cue: Span) -> bool:
        word = self.text[cue.start : cue.end]
        return word in _SHORT_NEG and bool(_CONDITION_AFTER_NEG.match(self.text[cue.end : cue.end + 3]))

    def _is_a_not_a(self, cue: Span) -> bool:
        """ "是不是", "有没有", "需不需要": a question form, not a negation."""
        return (
            cue.end - cue.start == 1
            and cue.start > 0
            and cue.end < len(self.text)
            and self.text[cue.start - 1] == self.text[cue.end]
        )

    def quoted_warning(self, sentence: int) -> bool:
        """True if a question sentence passes on a warning ("他们说…凡是…都是诈骗，这是真的吗？"): a
        warning word that is not the credibility question itself and not in the sentence's last clause."""
        last = self.bounds.clause(self.bounds.sentence_ends[sentence] - 1)
        quotes = [q for q in self.of("quote") if q.sentence == sentence]
        return any(
            c.sentence == sentence
            and c.clause != last
            and not any(q.start < c.end and c.start < q.end for q in quotes)
            for c in self.of("warn")
        )

    def of(self, kind: str) -> Sequence[_Cue]:
        return self.by_kind.get(kind, ())

    def warns(self, span: Span, sentence: int, clause: int) -> bool:
        """True if a warning word of the sentence covers the span. A word that names the practice a
        scam ("骗子", "骗局", "scam", "请立即挂断") covers the claims of its clause and of the clauses
        before it ("凡是先收保证金的，都是骗子"), and what follows its colon ("谨防以下骗局：先交保证金…");
        an imperative ("谨防", "警惕", "beware", "别信"), or a scam word that is its object ("谨防被骗"),
        covers only what follows it in its clause ("谨防先交费的贷款"). Ads borrow both as slogans
        ("谨防假冒，认准官方，黑户可贷"; "黑户可贷，提高警惕，谨防被骗"; "反诈提醒：…先付服务费"). ``clause`` is the
        span's."""
        warns = [c for c in self.safety_warnings if c.sentence == sentence]
        if not warns:
            return False
        forward = [c for c in warns if self.text[c.start : c.end].lower() in _FORWARD_WARNINGS]
        for cue in warns:
            if cue in forward:
                covers_back = colon = False
            else:
                colon = any(c in self.text[cue.end : span.start] for c in ":：")
                covers_back = not any(f.clause == cue.clause and f.end <= cue.start for f in forward)
            if colon or (covers_back and cue.clause >= clause):
                return True
            if cue.clause == clause and cue.end <= span.start:
                return True
        return False

    def _own_reaction(self, cue: _Cue) -> bool:
        """True if the warning word is the writer's own reaction to an offer retold to them, in a sentence
        about the writer ("…要交解冻费，我直接挂了，还打了96110", "…I hung up and reported it"): a story,
        which counts like the ad it retells, not a safety notice about the practice."""
        if not self.retold:
            return False
        start = self.bounds.sentence_starts[cue.sentence]
        return _FIRST_PERSON.search(self.text, start, self.bounds.sentence_ends[cue.sentence]) is not None

    @cached_property
    def retold(self) -> bool:
        return _retold(self)

    @cached_property
    def refused(self) -> bool:
        """True if the writer says they turned the offer down - blocked, deleted, reported, hung up
        ("我直接挂了", "已经举报了", "I hung up", "Blocked."): the reply says they were right to. The story
        still counts like the ad it retells (a borrower who hung up on the textbook scam hears it named)."""
        return _REFUSED.search(self.text) is not None

    @cached_property
    def _denied_certainties(self) -> List[Tuple[int, int]]:
        return learned_model.denied_certainties(self.text.lower())

    def denies_certainty(self, span: Span, clause: int) -> bool:
        """True if a denied certainty ("不保证", "do not guarantee") begins the span's claim: in its
        clause, starting before the span ends and ending no later than the span's end."""
        return any(
            start < span.end and end <= span.end and self.bounds.clause(start) == clause
            for start, end in self._denied_certainties
        )

    @cached_property
    def unframed(self) -> bool:
        """True if nothing frames what the text says: no question, no reported speech or quotation
        marks, no safety warning, no first person - a bare ad ("无抵押无担保包下款")."""
        return not (
            any(self.bounds.questions)
            or self.of("quote")
            or self.safety_warnings
            or _FIRST_PERSON.search(self.text)
        )

    @cached_property
    def asks_if_credible(self) -> bool:
        """True if a question sentence asks whether a claim can be believed ("是真的吗", "靠谱吗",
        "is that legit?"), not what a word means or whether something is allowed."""
        return any(
            self.bounds.questions[q.sentence] and _CREDIBILITY.search(self.text, q.start, q.end)
            for q in self.of("quote")
        )

    @cached_property
    def safety_warnings(self) -> Tuple[_Cue, ...]:
        """The warning cues that are not the writer's own reaction to a retold offer."""
        return tuple(c for c in self.of("warn") if not self._own_reaction(c))

    def any_in_sentence(self, kind: str, sentence: int) -> bool:
        return any(c.sentence == sentence for c in self.of(kind))

    def negated(self, start: int, end: int, post: bool = False, clause: Optional[int] = None) -> bool:
        """True if a negation in the same clause denies the span (rules in the module doc); ``clause``
        is the span's, if the caller knows it."""
        if clause is None:
            clause = self.bounds.clause(start)
        negations = self.of("neg")
        for cue in negations:
            if cue.end <= start and cue.clause == clause:
                if not any(cue.end <= c.start and c.end <= start for c in self.of("contrast")):
                    return True
        if clause > 0 and any(cue.clause == clause - 1 for cue in negations) and self._list_continues(clause):
            sentence = self.bounds.sentence(start)
            for cue in negations:
                if cue.clause == clause - 1 and cue.sentence == sentence:
                    if self.text[cue.start : cue.end].lower() in _DENIALS:
                        return True
        for cue in self.of("neg_det"):
            if cue.end <= start and cue.clause == clause:
                if _only_fillers(self.text[cue.end : start], _FILLERS_LONGEST_FIRST):
                    return True
        if post:
            end_clause = self.bounds.clause(end - 1)
            for cue in (*self.of("neg_post"), *self.of("neg")):
                if cue.start >= end and cue.clause == end_clause:
                    if _only_fillers(self.text[end : cue.start], _POST_FILLERS_LONGEST_FIRST):
                        return True
        return False

    def _list_continues(self, clause: int) -> bool:
        """True if ``clause`` continues a list begun in the clause before it, after a comma ("never
        take deposits, unfreezing fees or VIP fees"): it joins items with "or", "and", "或", "、"."""
        starts = self.bounds.clause_starts
        start = starts[clause]
        if self.text[start - 1 : start] not in (",", "，"):
            return False
        stop = starts[clause + 1] if clause + 1 < len(starts) else len(self.text)
        return _LIST_JOIN.search(self.text[start:stop].lower()) is not None

    def hedged(self, span: Span, clause: int) -> bool:
        """True if a hedge ("最快", "as little as") softens the span; ``clause`` is the span's."""
        for cue in self.of("hedge"):
            if span.start <= cue.start < span.end:
                return True
            if cue.end <= span.start and cue.clause == clause:
                if len(self.text[cue.end : span.start].strip()) <= _HEDGE_REACH:
                    return True
        return False

    def fee_mentioned(self, outside: Span) -> bool:
        return any(
            not (outside.start <= fee.start and fee.end <= outside.end)
            and not self.negated(fee.start, fee.end)
            for fee in self.of("fee")
        )


def _inside_any(start: int, end: int, spans: Sequence[Span]) -> bool:
    """True if ``start:end`` lies inside one of ``spans``."""
    for span in spans:
        if span.start <= start and end <= span.end:
            return True
    return False


# Quote cues that are not someone telling the writer something: quotation marks, an ad's or a news
# report's own claims.
_NOT_RETELLING = frozenset(
    '“ ” " 「 」 广告 宣传 表示 称 声称 号称 宣称 承诺 ad advert advertised advertises claim claims claimed claiming '
    "promise promises promised".split()
)


# Who said it, just before the reporting word: someone who dealt with the writer, or the world at large.
_DEALT_WITH = re.compile(
    r"(?:客服|专员|对方|他们|他|她|那人|那个人|经理|中介|业务员|工作人员|贷款员|"
    r"\b(?:agent|they|he|she|guy|rep|caller|officer|manager|lender|broker))\s*$",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    r"(?:广告|网上|网传|有人|有些|新闻|报道|据说|传言|大家|"
    r"\b(?:ads?|reports?|people|online|news|everyone|someone))\s*$",
    re.IGNORECASE,
)
_APPROVAL = "guaranteed_approval"  # the category whose claim a denied certainty denies
_FIRST_PERSON = re.compile(r"[我俺]|\b(?:i|me|my)\b", re.IGNORECASE)
# Of the reported-speech cues, those that ask whether a claim can be believed (cues.py "quote").
_CREDIBILITY = re.compile(
    r"真的|真假|靠谱|可信|可靠|能信|正常|骗|legit|\bis (?:it|that|this)\b|trust|believe", re.IGNORECASE
)


# A chat or call transcript turn of the other side: "客服：…", "Agent: …" at the start of a line
# (matched from the line's start).
_AGENT_TURN = re.compile(
    r"[ \t]*(?:客服|专员|经理|业务员|工作人员|贷款员|信贷员|对方|"
    r"agent|rep|officer|loan officer|manager|caller|advisor|staff)\s*[:：]",
    re.IGNORECASE,
)


def _in_agents_turn(text: str, offset: int) -> bool:
    """True if ``offset`` lies in a turn the transcript gives to the lender's or agent's side."""
    line_start = text.rfind("\n", 0, offset) + 1
    return _AGENT_TURN.match(text, line_start) is not None


# The writer's own refusal of an offer (see _Context.refused), said by the writer - not "结果一直拉黑我" (they
# blocked me), "删了再付尾款" (records deleted), "withdrawal blocked", nor "没交" / "haven't paid" (a borrower
# who has not paid yet may still be deciding).
_REFUSED = re.compile(
    r"(?<![把被])(?:我|直接|已经?)(?:把他|把她|把对方)?(?:拉黑|删了|删掉|删除|屏蔽|挂了|挂断|举报|报警|报了警)|没理(?:他|她|会)?|没搭理|"
    r"(?<!被)把(?:他|她|对方|号码|这个号|那个号)(?:拉黑|删|屏蔽|举报)|"
    r"\b(?:i|we|and|so|just)\s+(?:blocked|deleted|reported|ignored|refused|hung up)\b|(?:^|[.!?\n]\s*)blocked\b",
    re.IGNORECASE,
)
# An instruction to the writer: "asked me to", "wants me to", "made me".
_ASKED_ME = re.compile(r"\b(?:asked|asks|asking|wants|wanted|made|makes|got)\s+me\b", re.IGNORECASE)


def _retold(ctx: _Context) -> bool:
    """True if the text retells what someone said to the writer: a reporting word ("说", "让我",
    "told") after someone who dealt with the writer ("客服说", "the agent said") or in a sentence about
    the writer ("他说我的贷款…", "told me"), or an instruction to the writer ("asked me to"); not
    hearsay ("广告说", "网上说的", "ads say")."""
    if _ASKED_ME.search(ctx.text):
        return True
    for q in ctx.of("quote"):
        if ctx.text[q.start : q.end].strip() in _NOT_RETELLING:
            continue
        before = ctx.text[max(0, q.start - 8) : q.start]
        if _HEARSAY.search(before):
            continue
        sentence = ctx.bounds.sentence(q.start)
        start = ctx.bounds.sentence_starts[sentence]
        end = ctx.bounds.sentence_ends[sentence]
        if _DEALT_WITH.search(before) or _FIRST_PERSON.search(ctx.text, start, end):
            return True
    return False


def quoted_phrase(notes: Sequence[Cleared]) -> Optional[str]:
    """The first phrase the text quotes without asserting it, masked (it is shown back to the user)."""
    return next((redact(c.evidence) for c in notes if c.reason == NOT_ASSERTED), None)


def _clause_asserts(learned, folded: str, bounds: Boundaries, span: Span) -> bool:
    """True if the model, reading only the clause of ``span``, still finds its category there."""
    clause = bounds.clause(span.start)
    starts = bounds.clause_starts
    end = starts[clause + 1] if clause + 1 < len(starts) else len(folded)
    piece = folded[starts[clause] : max(end, span.end)]
    return learned.scores(piece)[span.category] >= learned.thresholds[span.category]


def _clearing_reason(span: Span, ctx: _Context, skip: frozenset = frozenset()) -> Optional[str]:
    """Why a trigger does not count in its context, or None if it stands; the reasons in ``skip``
    ("question", "negated") are not considered."""
    bounds = ctx.bounds
    sentence = bounds.sentence(span.start)
    clause = bounds.clause(span.start)
    if "question" not in skip and bounds.questions[sentence] and sentence == bounds.sentence(span.end - 1):
        # A story counts like an ad: reported speech earlier in the text ("他们说…。这是真的吗？")
        # makes the question one about a claim, not the borrower's own question.
        # So does a question in a lender's or agent's turn ("agent: can u turn on screen share?"):
        # a request, not the borrower asking.
        if (
            not ctx.any_in_sentence("quote", sentence)
            and not any(q.start < span.start for q in ctx.of("quote"))
            and not _in_agents_turn(ctx.text, span.start)
        ):
            return "question"
        if ctx.quoted_warning(sentence):
            return "warning"
    elif ctx.warns(span, sentence, clause):
        return "warning"
    category = span.category
    if category == _APPROVAL and ctx.denies_certainty(span, clause):
        # "不保证每个人都能获批", "we do not guarantee that everyone will be approved": the denied promise,
        # which no reading of the clause turns back into one
        return "negated"
    if "negated" not in skip and ctx.negated(
        span.start, span.end, post=category in _POST_NEGATED, clause=clause
    ):
        return "negated"
    if category == "instant_approval":
        if ctx.of("qualifier"):
            return "qualified"
        if ctx.hedged(span, clause):
            return "hedged"
    if span.label == "hidden_cost:zero_interest" and not ctx.fee_mentioned(span):
        return "no_fee_mentioned"
    if span.label == "hidden_cost:periodic_rate" and ctx.of("annual"):
        return "annual_rate_shown"
    return None


# --------------------------------------------------------------------------- verdict and result


def _widen(first: Optional[Span], span: Span, bounds: Boundaries) -> Span:
    """The evidence of a category: its first span, widened over later spans of the same category
    in the same clause ("先转账" + "刷流水" → "先转账1万元刷流水")."""
    if first is None:
        return span
    if bounds.clause(span.start) == bounds.clause(first.start) and span.start >= first.start:
        return Span(first.label, first.start, max(first.end, span.end))
    return first


def verdict_for(categories: Iterable[str]) -> str:
    """misleading if any high-severity category, caution if only low ones, ok if none."""
    severities = {BY_NAME[c].severity for c in categories}
    if not severities:
        return OK
    return MISLEADING if HIGH in severities else CAUTION


def _resolve_language(text: str, language: Optional[str]) -> str:
    if language is not None:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        return language
    from loancoach.text.language import detect_language

    return detect_language(text) or DEFAULT_LANGUAGE


def check(text: str, language: Optional[str] = None) -> CheckResult:
    """Check ``text`` for loan red flags; explanations in ``language`` (detected if None, else zh)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        raise ValueError("nothing to check: the text is empty")
    language = _resolve_language(text, language)
    prepared = prepare(text)
    folded = prepared.text
    bounds = boundaries(folded)
    triggers, cues = find_spans(folded)
    ctx = _Context(folded, bounds, triggers, cues)

    kept: Dict[str, Span] = {}
    cleared: Dict[str, Tuple[Span, str]] = {}
    for span in triggers:
        reason = _clearing_reason(span, ctx)
        if reason is None:
            kept[span.category] = _widen(kept.get(span.category), span, bounds)
        elif span.category not in cleared:
            cleared[span.category] = (span, reason)

    # Rules explain; the model generalises. A category the model finds is added unless the rules
    # found its phrase and cleared it in context (negated, a safety warning, a borrower's question) or
    # as a hedged or qualified speed claim.
    spans: Dict[str, Tuple[int, int, Optional[str], str]] = {}
    for cat, span in kept.items():
        s, e = prepared.span(span.start, span.end)
        spans[cat] = (s, e, span.variant, "rules")
    held_back = {cat for cat, (_, reason) in cleared.items() if reason in _HELD_BACK}
    held_in_context = {cat for cat, (_, reason) in cleared.items() if reason in _CONTEXT_REASONS}
    learned = learned_model.model()
    scores = learned.scores(folded)

    def add_from_model(cat: str) -> bool:
        found = learned.evidence(folded, cat)
        if found is None:
            return False
        variant = _MODEL_VARIANT.get(cat)
        label = f"{cat}:{variant}" if variant else cat
        # The same context rules as a phrase, with two differences. A question is the offer
        # column's to judge for a high-severity category. And a negation before the words that
        # weighed most may be the claim itself ("zero rejections", "we don't pull credit reports"),
        # not its denial ("不保证每个人都能获批"): the model, reading the clause alone, decides.
        span = Span(label, *found)
        skip = _MODEL_READS[BY_NAME[cat].severity]
        reason = _clearing_reason(span, ctx, skip)
        claimed = reason == "negated" and _clause_asserts(learned, folded, bounds, span)
        if claimed:
            reason = _clearing_reason(span, ctx, skip | {"negated"})
        if reason is not None:
            return False
        # a negation that is part of the claim is quoted with it: "never had a client declined", "不会被拒",
        # "zero rejections"
        clause = bounds.clause(span.start)
        before = [
            c.start
            for c in (*ctx.of("neg"), *ctx.of("neg_det"))
            if c.clause == clause and c.start < span.start and (claimed or span.start < c.end)
        ]
        if before:
            found = (max(before), found[1])
        s, e = prepared.span(*found)
        spans[cat] = (s, e, None, "model")
        return True

    for cat in learned_model.flagged_in(scores, learned.categories, learned.thresholds):
        if cat not in spans and cat not in held_back:
            add_from_model(cat)

    # The text as a whole (the model's offer column): high-severity flags stand only in a text that
    # asserts them; a text that plainly does is flagged with its likeliest category.
    if learned.offer is not None:
        keep, raise_, keep_retold, keep_bare = learned.offer
        high = [cat for cat in spans if BY_NAME[cat].severity == HIGH]
        # A borrower's story ("他们说先交解冻费…", "the agent told me…") counts like the ad it retells: the
        # column needs less to let its phrases stand (the threshold is chosen on the dev sets, model.py) -
        # but not nothing, as the story cue also fires on jokes ("室友说他四级包过，哈哈"), questions about
        # a term and reports of spam the writer ignored. A story that asks whether the claim can be
        # believed ("他们说必过，是真的吗？", "is that legit?") is the borrower's own, whatever the column.
        # A text with no frame at all has nothing to quote the phrases from: it needs less too.
        offer = scores[learned_model.OFFER]

        def not_asserted() -> bool:
            if offer >= keep:
                return False
            if ctx.retold:
                return offer < keep_retold and not ctx.asks_if_credible
            if not ctx.unframed:
                return True
            return offer < keep_bare and not any(cat in _PROMISES for cat in kept)

        if high and not_asserted():
            for cat in high:
                del spans[cat]
                kept_span = kept.get(cat)
                if kept_span is not None:
                    cleared.setdefault(cat, (kept_span, NOT_ASSERTED))
                else:
                    found = learned.evidence(folded, cat)
                    if found is not None:
                        cleared.setdefault(cat, (Span(cat, *found), NOT_ASSERTED))
        elif not high and not held_in_context and scores[learned_model.OFFER] >= raise_:
            # nothing asserted was found, and no phrase was cleared in context (a cleared phrase is
            # the rules' reading of what the text says: "保证金一律不收" is not a fee demand)
            likeliest = sorted(
                (c for c in learned.categories if BY_NAME[c].severity == HIGH and c not in held_back),
                key=lambda c: -scores[c],
            )
            for cat in likeliest[:3]:
                if add_from_model(cat):
                    break

    flags = tuple(
        Flag(
            category=cat,
            severity=BY_NAME[cat].severity,
            label=BY_NAME[cat].label(language),
            evidence=text[s:e],
            start=s,
            end=e,
            why=advice.why(cat, language, variant),
            what_to_do=advice.what_to_do(cat, language, variant),
            source=source,
        )
        for cat, (s, e, variant, source) in sorted(
            spans.items(), key=lambda item: (ORDER[item[0]], item[1][0])
        )
    )
    verdict = verdict_for(spans)
    notes = []
    for cat, (span, reason) in sorted(cleared.items(), key=lambda item: item[1][0].start):
        if cat not in spans:
            s, e = prepared.span(span.start, span.end)
            notes.append(Cleared(category=cat, evidence=text[s:e], start=s, end=e, reason=reason))
    notes = tuple(notes)
    return CheckResult(
        verdict=verdict,
        flags=flags,
        summary=advice.summary(
            verdict,
            [f.category for f in flags],
            language,
            quoted=quoted_phrase(notes),
            refused=ctx.retold and ctx.refused,
        ),
        language=language,
        cleared=notes,
    )
