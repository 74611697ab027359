"""Context cues: the words around a red-flag phrase that change what it means.

``CUES[kind][language]`` has the same shape as :data:`loancoach.redflags.patterns.TRIGGERS`. How
the detector uses each kind (see :mod:`loancoach.redflags.detector` for the rules):

``neg``        a negating verb or adverb ("不会", "从不", "never", "not"): negates a red flag later in
               the same clause of the same sentence — "放款前不收取任何费用", "We never charge upfront fees".
``neg_det``    a negating determiner ("无", "零", "no", "without"): negates only a red flag right after
               it (filler words allowed) — "no upfront fees", but not "no collateral, guaranteed approval".
``neg_post``   a negation after the phrase, for fees and codes only — "保证金一律不收".
``warn``       a safety warning ("谨防", "骗局", "请立即挂断", "scam", "beware", "hang up"): a text that warns
               about a practice in a statement does not advertise it.
``not_warn``   a denial in front of a warning word ("非诈骗", "not a scam"), a borrower's doubt ("是不是被骗")
               or an accusation ("涉嫌诈骗", "anti-fraud bond"): the warning word does not count.
``quote``      reported speech or a credibility question ("他们说", "是真的吗", "they told me",
               "is that true"): a question containing one is judged on the claim it quotes.
``contrast``   "但是", "but": a negation does not reach across it.
``qualifier``  "以审核为准", "subject to approval": a speed claim in the same text is a normal disclosure.
``hedge``      "最快", "as little as": a speed claim introduced by it is not a promise.
``annual``     an annual rate is shown ("年化", "APR").
``fee``        a fee is mentioned ("服务费", "fee"), for "zero interest" together with fees.
"""

from __future__ import annotations

from typing import Dict, List

NEG_ZH = (
    "不 不会 不要 不用 不需 不需要 无需 无须 毋须 毋需 不必 不得 不收 不收取 从不 从未 从来不 从来没有 绝不 决不 "
    "绝对不 概不 一律不 并不 并未 没有 没 未 勿 请勿 切勿 严禁 禁止 拒绝 别 不能 不可 不再 不予 无法 不存在 "
    "谢绝 杜绝 不曾 停止 摆脱 戒掉 不会向 均不 都不 也不会 不允许 不应 不应该 无权"
).split()
NEG_EN = "not n't never cannot nor neither refuse refuses refused nobody nothing".split()
NEG_DET_ZH = "无 零 0 免 免收 免除 无任何 不含 没有任何 拒收".split()
NEG_DET_EN = "no zero 0 without".split()

# Words a negation may span when it reaches a red flag ("no hidden or upfront fees", "无任何前期费用").
FILLERS = frozenset(
    "任何 其他 其它 额外 前期 隐藏 隐形 的 一切 各种 、 和 或 及 以及 先期 形式 名义 以 任何名义 收取 收 要求 "
    "any a an the hidden extra additional other or and paying pay charging charge of kind kinds sort such "
    "surprise single & , / ( )".split()
)

CUES: Dict[str, Dict[str, Dict[str, List[str]]]] = {
    "neg": {
        "zh": {"phrases": NEG_ZH, "patterns": []},
        "en": {
            "phrases": NEG_EN + ["no longer", "will not", "do not", "does not", "did not", "don't", "won't"],
            "patterns": [],
        },
    },
    "neg_det": {
        "zh": {"phrases": NEG_DET_ZH, "patterns": []},
        "en": {"phrases": NEG_DET_EN + ["free of", "free from"], "patterns": []},
    },
    "neg_post": {
        "zh": {
            "phrases": "一律不收 概不收取 不收 不收取 免收 全免 免 不要 请勿 勿 切勿 不能 不得 不可 不会 绝不 一律免收 均不收取 都不收".split(),
            "patterns": ["一律|概|都|均|绝对|从来|从 不|不会|无需|勿"],
        },
        "en": {
            "phrases": [
                "never",
                "not",
                "n't",
                "waived",
                "are never",
                "is never",
                "are not",
                "is not",
                "will never",
                "must never",
                "should never",
            ],
            "patterns": [],
        },
    },
    "warn": {
        "zh": {
            "phrases": (
                "骗子 骗局 诈骗 骗人 行骗 谨防 警惕 提防 当心 小心 防骗 防诈 上当 受骗 陷阱 远离 套路 骗钱 反诈 假冒 "
                "冒充 请报警 立即报警 及时报警 马上报警 请立即报警 举报 拨打110 拨打96110 96110 "
                # what safety notices and victims' stories say besides "scam"
                "挂断 被骗 骗了 别信 不要信 勿信 轻信 提高警惕 不法分子 虚假宣传 诱饵 不可信 不靠谱 已报警 已经报警 "
                "越滚越大 越陷越深"
            ).split(),
            "patterns": ["都|均|全 是|为|属于 诈骗|骗子|骗局|骗人"],
        },
        "en": {
            "phrases": [
                "scam",
                "scams",
                "scammer",
                "scammers",
                "scamming",
                "fraud",
                "frauds",
                "fraudster",
                "fraudsters",
                "fraudulent",
                "beware",
                "careful",
                "trap",
                "traps",
                "phishing",
                "swindle",
                "con artist",
                "con artists",
                "fake",
                "impostor",
                "impostors",
                "impersonate",
                "impersonating",
                "red flag",
                "red flags",
                "call the police",
                "call 110",
                "call 96110",
                "96110",
                "report it",
                "report them",
                "report this",
                "hang up",
                "don't believe",
                "do not believe",
                "stay away",
                "dodgy",
                "loan shark",
                "predatory",
                "lure",
                "lures",
                "makes debt grow",
                "snowball",
            ],
            "patterns": [],
        },
    },
    "not_warn": {
        "zh": {
            # a borrower's own doubt and a scammer's accusation are not warnings
            "phrases": "是不是被骗了 是不是被骗 是否被骗 会不会被骗 是不是骗子 是不是骗局 是不是诈骗 涉嫌诈骗 涉嫌贷款诈骗".split(),
            "patterns": [
                "非|不是|并非|绝非|绝不是|不属于|并不是|决不是 *1 诈骗|骗子|骗局|骗人|套路|非法|违法"
            ],
        },
        "en": {
            "phrases": ["loan fraud", "committed fraud"],
            "patterns": [
                "not|no|never|n't ?a|an ?a scam|scammer|scams|fraud|trap|fake|illegal",
                "anti ?- fraud bond|deposit|fee|specialist|guarantee|check",
            ],
        },
    },
    "quote": {
        "zh": {
            "phrases": (
                "说 称 声称 号称 宣称 表示 告诉 承诺 让我 叫我 要我 要求我 通知我 发来 说是 说能 说可以 宣传 "
                '广告 “ ” " 「 」 是真的吗 真的吗 靠谱吗 可信吗 正常吗 可靠吗 合法吗 能信吗 是骗子吗 是骗局吗 '
                "是不是骗 是诈骗吗 是不是真的 真的假的 可信不"
            ).split(),
            "patterns": [
                "是 真的 吗",
                "靠谱 吗",
                "正常 吗",
                "可信 吗",
                "可靠 吗",
                "合法 吗",
                "是 不是 真的",
                "是不是 真的",
            ],
        },
        "en": {
            "phrases": [
                "said",
                "say",
                "says",
                "saying",
                "told",
                "tell",
                "tells",
                "claim",
                "claims",
                "claimed",
                "claiming",
                "promise",
                "promises",
                "promised",
                "offered",
                "offering",
                "advertised",
                "advertises",
                "ad",
                "advert",
                '"',
                "“",
                "”",
                "is that true",
                "is it true",
                "is this true",
                "is that normal",
                "is this normal",
                "is it normal",
                "is it legit",
                "is this legit",
                "is that legit",
                "is this real",
                "is that real",
                "is it real",
                "is it safe",
                "is this safe",
                "is this a scam",
                "is it a scam",
                "is that a scam",
                "can i trust",
                "should i trust",
                "should i believe",
                "legit",
            ],
            "patterns": [],
        },
    },
    "contrast": {
        "zh": {"phrases": "但 但是 不过 可是 然而 只是 却".split(), "patterns": []},
        "en": {"phrases": ["but", "however", "yet", "although", "though", "except"], "patterns": []},
    },
    "qualifier": {
        "zh": {
            "phrases": "以审核为准 以审批为准 以实际审批为准 以实际审核为准 以审核结果为准 以审批结果为准 以实际为准 视审核情况 审核通过后 审批通过后 以实际放款为准 以平台审核为准 经审核".split(),
            "patterns": [
                "以 *3 审核|审批|审核结果|审批结果|实际|评估|风控|系统|资质 *3 为准",
                "视 *2 资质|情况|审核|审批|评估 ?结果 而定",
                "审核|审批 通过 后|之后",
            ],
        },
        "en": {
            "phrases": [
                "subject to approval",
                "subject to credit approval",
                "subject to credit assessment",
                "subject to status",
                "subject to eligibility",
                "subject to underwriting",
                "if approved",
                "once approved",
                "upon approval",
                "when approved",
                "terms apply",
                "conditions apply",
                "terms and conditions apply",
                "eligibility criteria apply",
            ],
            "patterns": [
                "subject to ?a|an|your|our ?credit|status|affordability|eligibility approval|assessment|check|checks|status|eligibility|underwriting|review|verification|criteria",
            ],
        },
    },
    "hedge": {
        "zh": {"phrases": "最快 最短 最快可 最快仅需 一般 通常 预计 大约 最快只需".split(), "patterns": []},
        "en": {
            "phrases": [
                "as little as",
                "as fast as",
                "as soon as",
                "as quickly as",
                "typically",
                "usually",
                "in most cases",
                "up to",
            ],
            "patterns": [],
        },
    },
    "annual": {
        "zh": {
            "phrases": "年化 年化利率 年利率 年息 年费率 综合年化 年化费率 年化成本 年化综合成本 综合年化成本 apr".split(),
            "patterns": [],
        },
        "en": {
            "phrases": [
                "apr",
                "annual",
                "annualised",
                "annualized",
                "per year",
                "a year",
                "per annum",
                "p.a.",
                "yearly",
                "annual percentage rate",
                "annual rate",
                "annually",
            ],
            "patterns": [],
        },
    },
    "fee": {
        "zh": {
            "phrases": "服务费 手续费 管理费 会员费 咨询费 费率 平台费 担保费 保险费 费用 服务费用 月费率 日费率 手续费率 分期手续费 砍头息 利息费 账户管理费".split(),
            "patterns": [],
        },
        "en": {
            "phrases": [
                "fee",
                "fees",
                "service charge",
                "service charges",
                "commission",
                "charges",
                "charge",
            ],
            "patterns": [],
        },
    },
}
