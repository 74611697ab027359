"""The red-flag categories, their severity and their short names in Chinese and English.

Severity decides the verdict (see :mod:`loancoach.redflags.detector`): a *high* flag is a sign of
a scam or of an illegal practice on its own; a *low* flag is a sales tactic or an incomplete
disclosure that calls for care but does not by itself make an ad misleading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

from loancoach.text.language import pick

HIGH = "high"
LOW = "low"

MISLEADING = "misleading"
CAUTION = "caution"
OK = "ok"
VERDICTS = (MISLEADING, CAUTION, OK)


@dataclass(frozen=True)
class Category:
    name: str
    severity: str
    zh: str
    en: str

    def label(self, language: str) -> str:
        return pick(language, self.zh, self.en)


CATEGORIES: Tuple[Category, ...] = (
    Category("fee_before_disbursement", HIGH, "放款前收费", "fee before the loan is paid out"),
    Category("fake_official", HIGH, "冒充官方/资金冻结", "fake official notice / frozen funds"),
    Category(
        "remote_control", HIGH, "共享屏幕/索要验证码/链接下载", "screen sharing, codes or apps from links"
    ),
    Category("credit_washing", HIGH, "征信修复/洗白", "credit washing"),
    Category("insider_channel", HIGH, "内部渠道/包装资料", "insider channel / document packaging"),
    Category("guaranteed_approval", HIGH, "保证必过", "guaranteed approval"),
    Category("no_credit_check", HIGH, "不看征信/黑户可贷", "no credit check / bad credit OK"),
    Category("student_targeting", HIGH, "针对学生放贷", "targets students"),
    Category("borrowing_to_repay", HIGH, "以贷养贷", "borrowing to repay loans"),
    Category("paid_negotiation", HIGH, "收费停息挂账/反催收", "paid debt negotiation / anti-collection"),
    Category("hidden_cost", LOW, "隐藏成本", "hidden cost"),
    Category("instant_approval", LOW, "无条件“秒批”", "unqualified instant approval"),
    Category("pressure_urgency", LOW, "催促施压", "pressure to act now"),
)

BY_NAME: Dict[str, Category] = {c.name: c for c in CATEGORIES}
ORDER: Dict[str, int] = {c.name: i for i, c in enumerate(CATEGORIES)}
