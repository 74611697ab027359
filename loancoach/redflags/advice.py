"""Why each red flag matters and what to do, in Chinese and English, from the domain facts sheet.

Every "why" states the fact and names its source in a short closing clause, as
``../shared/domain/facts.md`` requires (§3 marketing and students, §4.5–4.6 credit washing and the
free one-time repair, §5.5–5.6 negotiation and complaint channels, §6 scams). Channels: 96110
anti-fraud, 110 police, 12378 banking consumers (NFRA), 12363 PBOC / credit reports, and the
国家反诈中心 app.
"""

from __future__ import annotations

from typing import Dict, Optional, Sequence

from loancoach.redflags.categories import BY_NAME, CAUTION, MISLEADING
from loancoach.text.language import pick

_Text = Dict[str, str]

WHY: Dict[str, _Text] = {
    "guaranteed_approval": {
        "zh": "正规放贷前必须审核还款能力，没有人能保证“必过”；“包过、百分百下款”是先收费诈骗的常见开场。"
        "来源：2017年现金贷整顿通知（不得向无收入者放贷）；公安机关反诈提示。",
        "en": "A licensed lender must assess whether you can repay, so nobody can promise approval; 'guaranteed "
        "approval' is the usual opening of an advance-fee scam. Source: 2017 cash-loan notice (no lending to "
        "people without income); police anti-fraud guidance.",
    },
    "no_credit_check": {
        "zh": "持牌机构放贷要审核还款能力；“黑户可贷、不看征信”是诈骗或非法放贷的常见诱饵。"
        "来源：2017年现金贷整顿通知；公安机关反诈提示。",
        "en": "Licensed lenders must check that you can repay; 'no credit check, bad credit OK' is a common lure "
        "of scams and illegal lenders. Source: 2017 cash-loan notice; police anti-fraud guidance.",
    },
    "fee_before_disbursement": {
        "zh": "警方明确：放款前以保证金、解冻费、认证金、刷流水等名义要求交钱的，都是诈骗。来源：公安机关反诈提示。",
        "en": "Police guidance is clear: anyone who asks you to pay a deposit, an 'unfreezing' or verification fee, "
        "or money to 'build bank flow' before a loan is paid out is a scammer. Source: police anti-fraud guidance.",
    },
    "credit_washing": {
        "zh": "准确的征信记录无法花钱“洗白”：数据由放贷机构自动报送，只有错误信息能通过免费异议更正；"
        "收费“征信修复/铲单”是骗局。来源：人民银行分支机构声明（2022）；《征信业管理条例》第25条。",
        "en": "Accurate credit records cannot be 'washed' for a fee: lenders report them automatically, and only "
        "errors are corrected, through a free dispute. Paid 'credit repair' is a scam. Source: PBOC branch "
        "statements (2022); Credit Reporting Regulation Art. 25.",
    },
    "insider_channel": {
        "zh": "“内部渠道、包装资料/流水、AB贷”要么是骗局，要么是让您用虚假材料骗贷，您自己也可能因此惹上法律麻烦。"
        "来源：公安机关反诈提示。",
        "en": "'Insider channels', 'packaged' documents or bank statements and 'AB loans' are either scams or "
        "fraud on the lender that can land you in legal trouble too. Source: police anti-fraud guidance.",
    },
    "fake_official": {
        "zh": "监管部门从不冻结个人贷款，也不会给个人发函；“资金冻结、红头文件、恶意套用贷款罪”都是诈骗话术。"
        "来源：公安机关反诈提示。",
        "en": "Regulators never freeze personal loans or write to individuals; 'frozen funds', 'regulator letters' "
        "and threats of a 'malicious loan' crime are scam scripts. Source: police anti-fraud guidance.",
    },
    "hidden_cost:zero_interest": {
        "zh": "“零利息”不等于零成本：服务费、手续费、逾期费用会让实际年化利率很高。来源：原银保监会消费者权益保护"
        "风险提示2020年第6号。",
        "en": "'Zero interest' is not zero cost: service, handling and late fees can make the real APR very high. "
        "Source: CBIRC consumer-protection risk alert 2020 No. 6.",
    },
    "hidden_cost:periodic_rate": {
        "zh": "贷款营销必须醒目展示年化利率，日利率、月利率不得比年化更醒目；只看日息、月息会低估成本"
        "（日息万五≈年化18.25%，月息2分=年24%）。来源：人民银行公告〔2021〕第3号。",
        "en": "Loan ads must show the annual rate prominently, never a daily or monthly rate more prominently; "
        "a daily or monthly figure hides the cost (0.05% a day ≈ 18.25% a year, 2% a month = 24% a year). "
        "Source: PBOC Announcement [2021] No. 3.",
    },
    "student_targeting": {
        "zh": "小额贷款公司不得向大学生发放互联网消费贷款，也不得用误导性广告针对学生。"
        "来源：银保监会、网信办、教育部、公安部、人民银行2021年3月通知。",
        "en": "Small-loan companies may not make online consumer loans to college students or target students "
        "with misleading ads. Source: CBIRC/CAC/MOE/MPS/PBOC notice, March 2021.",
    },
    "remote_control": {
        "zh": "正规机构不会让您共享屏幕、索要短信验证码，或让您从私人链接下载App；这样做的是诈骗。"
        "来源：公安机关反诈提示。",
        "en": "Real lenders never ask you to share your screen, read out an SMS code or install an app from a "
        "private link; whoever does is a scammer. Source: police anti-fraud guidance.",
    },
    "borrowing_to_repay": {
        "zh": "以贷养贷、借新还旧只会让债务越滚越大，监管专门就此提示过风险。来源：原银保监会消费者权益保护风险提示"
        "2020年第6号。",
        "en": "Borrowing to repay other loans makes debt snowball; regulators have warned against it "
        "specifically. Source: CBIRC consumer-protection risk alert 2020 No. 6.",
    },
    "paid_negotiation": {
        "zh": "信用卡可以自己向银行申请最长5年的个性化分期；其他贷款没有法定的“停息挂账”权利，是否调整由贷款机构决定，"
        "收费“代理协商/反催收”不能保证任何结果。来源：《商业银行信用卡业务监督管理办法》第70条。",
        "en": "For credit cards you can ask the bank yourself for an instalment plan of up to 5 years; for other "
        "loans there is no legal right to an interest freeze, the lender decides, and a paid 'negotiation' or "
        "'anti-collection' agent cannot guarantee anything. Source: Commercial Bank Credit Card Measures Art. 70.",
    },
    "pressure_urgency": {
        "zh": "“仅限今天、名额有限”是在催您来不及比较和核实；正规贷款不会因为您多想一天就消失。"
        "来源：贷款明白人红旗清单。",
        "en": "'Today only' and 'limited spots' push you to decide before you can compare or check; a genuine "
        "loan will still be there tomorrow. Source: LoanCoach red-flag list.",
    },
    "instant_approval": {
        "zh": "放贷前必须审核还款能力；不写“以审核为准”的“秒批、当天到账”是夸大宣传，也常被诈骗利用。"
        "来源：2017年现金贷整顿通知。",
        "en": "A lender has to assess your ability to repay; 'instant approval' without 'subject to approval' "
        "overstates the offer and is often used by scams. Source: 2017 cash-loan notice.",
    },
}

_ANTI_FRAUD_ZH = "不要付任何钱，不要提供验证码；已经转账的，先立即拨打110报警，再拨打96110反诈专线；安装“国家反诈中心”App。"
_ANTI_FRAUD_EN = (
    "Don't pay anything or share any code; if you have already paid, call the police on 110 at once, then the "
    "96110 anti-fraud line; install the "
    "国家反诈中心 (National Anti-Fraud Center) app."
)

WHAT_TO_DO: Dict[str, _Text] = {
    "guaranteed_approval": {
        "zh": "不要相信“必过”，也不要先交任何钱；通过银行或持牌机构的官方渠道申请。涉诈拨打96110。",
        "en": "Don't rely on promised approval and don't pay anything first; apply through a bank's or licensed "
        "lender's official channel. Report scams to 96110.",
    },
    "no_credit_check": {
        "zh": "通过持牌机构的官方渠道申请；先免费查一下自己的征信（征信中心网站、银行App或云闪付，每年2次）。涉诈拨打96110。",
        "en": "Apply through a licensed lender's official channel; check your own credit report first (free twice "
        "a year: PBOC Credit Reference Center website, bank apps or UnionPay 云闪付). Report scams to 96110.",
    },
    "fee_before_disbursement": {"zh": _ANTI_FRAUD_ZH, "en": _ANTI_FRAUD_EN},
    "fake_official": {
        "zh": "挂断电话，不要转账到任何“安全账户”；" + _ANTI_FRAUD_ZH,
        "en": "Hang up and never move money to a 'safe account'. " + _ANTI_FRAUD_EN,
    },
    "remote_control": {
        "zh": "立刻停止共享屏幕，不要说出验证码；已泄露的马上联系银行，钱已被转走的先拨打110报警，再拨打96110；"
        "只从官方应用商店下载App，安装“国家反诈中心”App。",
        "en": "Stop screen sharing now and never read out a code; if you already did, call your bank at once, and if "
        "money was moved, call the police on 110 first, then 96110; install apps only from official stores, "
        "and install the 国家反诈中心 app.",
    },
    "credit_washing": {
        "zh": "不要付钱。自己免费查征信（每年2次）；信息有错，向征信中心或放贷机构免费提异议，20天内书面答复；"
        "2020—2025年间单笔不超过1万元、并在2026年3月31日前全额还清的逾期记录，按人民银行一次性信用修复政策自动不予展示，"
        "免费、无需任何中介；还款截止日已过，现在才还清的不适用。征信问题可拨打12363。",
        "en": "Don't pay. Check your report yourself (free twice a year); dispute errors free with the Credit "
        "Reference Center or the lender, who must answer in writing within 20 days. Overdue records from "
        "2020-2025 of up to 10,000 yuan each, repaid in full by 31 March 2026, are hidden automatically and free "
        "under PBOC's one-time policy, no agent needed; that deadline has passed, so debts repaid now do not "
        "qualify. Credit-report complaints: 12363.",
    },
    "insider_channel": {
        "zh": "不要提供或编造任何材料，也不要付“包装费”；只通过银行或持牌机构的官方渠道申请。涉诈拨打96110。",
        "en": "Don't hand over or invent documents and don't pay a 'packaging' fee; apply only through a bank's "
        "or licensed lender's official channel. Report scams to 96110.",
    },
    "hidden_cost:zero_interest": {
        "zh": "要求对方给出包含全部费用的年化利率，再和其他机构比较；违规宣传可拨打12378投诉。",
        "en": "Ask for the annual rate including every fee and compare it with other lenders; report misleading "
        "ads to 12378.",
    },
    "hidden_cost:periodic_rate": {
        "zh": "要求对方给出年化利率（包含全部费用）再比较；只给日息或月息的广告可拨打12378投诉。",
        "en": "Ask for the annual rate including all fees before comparing; ads that show only a daily or monthly "
        "rate can be reported to 12378.",
    },
    "student_targeting": {
        "zh": "在校学生不要借网贷；需要用钱先找学校资助或家人商量。针对学生的放贷广告可拨打12378投诉，涉诈拨打96110。",
        "en": "Students should not take online loans; talk to your school's financial aid office or your family "
        "first. Report lenders targeting students to 12378, scams to 96110.",
    },
    "borrowing_to_repay": {
        "zh": "不要借新还旧。先列出全部欠款，直接联系原贷款机构协商；信用卡可向银行申请个性化分期。",
        "en": "Don't borrow to repay. List all your debts and talk to your lenders directly; for credit cards, ask "
        "the bank for a personalised instalment plan.",
    },
    "paid_negotiation": {
        "zh": "不要付钱给中介。自己直接联系银行或贷款机构协商；信用卡可申请个性化分期（最长5年）；投诉贷款机构拨打12378。",
        "en": "Don't pay an agent. Contact your bank or lender yourself; for credit cards ask for an instalment "
        "plan (up to 5 years); complaints about lenders go to 12378.",
    },
    "pressure_urgency": {
        "zh": "慢下来：至少比较两家持牌机构的年化利率，确认对方资质后再决定。",
        "en": "Slow down: compare the APR of at least two licensed lenders and check who you are dealing with "
        "before deciding.",
    },
    "instant_approval": {
        "zh": "看清是否写明“以审核为准”和年化利率；别因为“秒批”就跳过核实对方是否持牌。",
        "en": "Look for 'subject to approval' and the APR; don't skip checking that the lender is licensed "
        "because approval sounds instant.",
    },
}

_SUMMARY = {
    MISLEADING: {
        "zh": "误导/高风险：发现{n}个危险信号（{labels}）。先别付款，也别提供验证码。",
        "en": "Misleading / high risk: {n} red flag(s) ({labels}). Don't pay anything or share any code.",
    },
    # misleading, in a borrower's story that says they already turned the offer down (detector: refused)
    "misleading_refused": {
        "zh": "误导/高风险：发现{n}个危险信号（{labels}）。您拒绝了对方，这样做是对的：不要再回复，也不要付款或提供验证码。",
        "en": "Misleading / high risk: {n} red flag(s) ({labels}). You were right to turn them down: don't reply, "
        "pay anything or share any code.",
    },
    CAUTION: {
        "zh": "需要谨慎：{labels}。签约前弄清包含全部费用的年化利率。",
        "en": "Be careful: {labels}. Find out the annual rate including all fees before you sign.",
    },
    "ok": {
        "zh": "检查了13类常见警示信号（放款前收费、冒充官方、索要验证码、征信洗白、保证必过、不看征信等），"
        "这段话里都没有出现，但这不代表一定安全。请问自己两个问题：放款到账之前，对方有没有让您付任何钱？"
        "年化利率和每一项费用，您有没有拿到书面说明？",
        "en": "I checked for the 13 usual warning signs (fees before payout, fake officials, requests for codes, "
        "credit washing, guaranteed approval, no credit check and more) and found none of them here, which is "
        "not a guarantee. Ask yourself two questions: were you asked to pay anything before the money arrives? "
        "Do you have the APR and every fee in writing?",
    },
    # ok, with a scam phrase the text quotes but does not assert (detector: not_asserted)
    "ok_quoted": {
        "zh": "检查了13类常见警示信号：文中的“{quoted}”是在提醒、报道或提问里提到的，不是向您提出的条件，"
        "所以没有算作信号；其他信号也没有出现，但这不代表一定安全。如果有人正这样对您说，请把对方的原话发给我。"
        "也请问自己两个问题：放款到账之前，对方有没有让您付任何钱？年化利率和每一项费用，您有没有拿到书面说明？",
        "en": 'I checked for the 13 usual warning signs. "{quoted}" appears here in a warning, a report or a '
        "question, not as an offer made to you, so I did not count it; I found none of the others, which is not "
        "a guarantee. If someone is telling you this, send me their exact words. And ask yourself: were you "
        "asked to pay anything before the money arrives? Do you have the APR and every fee in writing?",
    },
}


def _pick(texts: _Text, language: str) -> str:
    return pick(language, texts["zh"], texts["en"])


def why(category: str, language: str, variant: Optional[str] = None) -> str:
    key = f"{category}:{variant}" if variant and f"{category}:{variant}" in WHY else category
    if key not in WHY:  # hidden_cost without a variant
        key = f"{category}:periodic_rate"
    return _pick(WHY[key], language)


def what_to_do(category: str, language: str, variant: Optional[str] = None) -> str:
    key = f"{category}:{variant}" if variant and f"{category}:{variant}" in WHAT_TO_DO else category
    if key not in WHAT_TO_DO:
        key = f"{category}:periodic_rate"
    return _pick(WHAT_TO_DO[key], language)


# A caution verdict's note on a serious phrase the text quotes but does not assert (an ok verdict says
# it in its summary, "ok_quoted").
_QUOTED_NOTE: _Text = {
    "zh": "文中提到“{quoted}”，但整段读来是提醒、报道或提问，所以没有算作向您提出的条件。"
    "如果有人正这样对您说，请把对方的原话发给我。",
    "en": 'The text mentions "{quoted}", but as a whole it reads as a warning, a report or a question, so I '
    "did not count it as an offer made to you. If someone is telling you this, send me their exact words.",
}


def quoted_note(quoted: str, language: str) -> str:
    """The note for a phrase the text quotes but does not assert (``quoted`` already masked)."""
    return _pick(_QUOTED_NOTE, language).format(quoted=quoted)


def summary(
    verdict: str,
    categories: Sequence[str],
    language: str,
    quoted: Optional[str] = None,
    refused: bool = False,
) -> str:
    """The verdict in a sentence or two; ``quoted``: a scam phrase the text quotes but does not assert;
    ``refused``: the text is a borrower's story that says they turned the offer down."""
    separator = ", " if language == "en" else "、"
    labels = separator.join(BY_NAME[c].label(language) for c in categories)
    key = "ok_quoted" if verdict == "ok" and quoted else verdict
    if key == MISLEADING and refused:
        key = "misleading_refused"
    return _pick(_SUMMARY[key], language).format(n=len(categories), labels=labels, quoted=quoted)
