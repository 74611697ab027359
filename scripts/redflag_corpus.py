"""The red-flag training corpus, generated from each category's definition (facts.md §6).

Every text is built from a category's claims (many phrasings per category, both languages), put in
one of the formats scams really take (SMS, an agent's chat script, a poster, an app pop-up, a call
transcript, a borrower's story "他们说… / the agent said…"), and sometimes obfuscated the way ads
dodge platform filters (characters split by spaces or symbols, traditional characters, full-width
forms, homophones and pinyin initials, emoji inside words). Hard negatives are built the same way:
legitimate disclosures with the APR and fees, "以审核为准", lenders' and police safety notices that
quote scam phrases to warn against them, regulators' warnings and neutral borrower questions.
Obfuscation and formats are applied to negatives as often as to positives, so that neither is a cue.

Deterministic for a given seed. Used by ``scripts/build_redflag_model.py``; the output is
``data/redflags/corpus.jsonl`` (text, language, label, categories, split = train | dev).
"""

from __future__ import annotations

import random
from typing import Callable, Dict, List, Sequence, Tuple

SEED = 20261204
DEV_SHARE = 0.15

# ----------------------------------------------------------------------------- slot fillers

ZH = {
    "fee": "保证金 解冻费 认证金 验资费 激活费 工本费 会员费 提额费 通道费 加速费 解押金 风控金 信用金 保险金 "
    "流水证明金 首期利息 账户激活金 额度释放费 放款手续费 公证费 刷单金 征信评估费 入会费 安全保证金 资料审核费".split(),
    "amount": "199 299 368 500 680 800 1000 1200 1500 2000 2680 3000 5000 5%".split(),
    "framing": "激活额度 释放额度 解冻资金 提升额度 加速放款 开通提现通道 解除账户异常 验证还款能力 "
    "证明您的还款能力 刷一下流水 解锁提现 修改银行卡信息 激活您的贷款账户".split(),
    "pay": "私聊客服转账 加专员微信转过去 购买京东E卡把卡密发给客服 买苹果礼品卡发卡密 扫下面的二维码付款 "
    "转到指定的个人账户 用支付宝转给审核员 充值到平台指定账户 通过QQ转给经理".split(),
    "approved": "恭喜您贷款已审批通过 您的借款申请已通过 额度5万已批下来 您已获得8万元额度 您的贷款已审核成功 "
    "系统已为您预批20万额度".split(),
    "brand": "易贷通 闪电借 好借钱 金融服务中心 快易花 普惠金服 速贷之家 融易借 信用钱包".split(),
    "bank": "工商银行 建设银行 招商银行 本行 平安银行 中国银行 农业银行".split(),
    "apr": "3.6 7.2 10.8 12 15.4 18 21.6 23.9".split(),
    "contact": "VX:dk8899 微信 ld5566 QQ 28816688 加V 13x 扫码加客服".split(),
}
EN = {
    "fee": "processing fee|activation fee|release fee|insurance deposit|verification deposit|unlock fee|clearance "
    "charge|account validation fee|credit boost fee|security deposit|transfer tax|membership fee|anti-money "
    "laundering certificate fee|first installment|legal stamp duty|upgrade fee".split("|"),
    "amount": "$49 $99 $150 $199 $250 $300 $500 ¥680 ¥1,000 5% 3%".split(),
    "framing": "to activate your loan|to release the funds|to boost your limit|to unlock your withdrawal|to "
    "verify your repayment ability|to clear the hold on your account|to speed up the payout|to fix the card "
    "number issue|to upgrade your account".split("|"),
    "pay": "in Apple gift cards|with Google Play cards|by sending Steam card codes|by scanning the QR code|to our "
    "agent on WhatsApp|to the officer's personal account|via Telegram to our manager|in USDT|by bank transfer to "
    "the account our agent sends you".split("|"),
    "approved": "Congratulations, your loan is approved|Your application for $5,000 has been approved|You have been "
    "pre-approved for $10,000|Your loan of 30,000 yuan is approved|Good news: your credit line is ready".split(
        "|"
    ),
    "brand": "QuickCash|EasyLoan|FastFunds|CreditPlus|LoanStar|CashNow|MoneyHub".split("|"),
    "bank": "our bank|Bank of China|ICBC|the lender|China Merchants Bank|our company".split("|"),
    "apr": "3.6 7.2 10.8 12 15.4 18 21.6 23.9".split(),
    "contact": "WhatsApp +85 5512 3344|Telegram @fastloan88|text 555-0188|DM us|scan the code".split("|"),
}

# ----------------------------------------------------------------------------- claims per category

CLAIMS: Dict[str, Dict[str, List[str]]] = {
    "fee_before_disbursement": {
        "zh": [
            "{approved}，需先交{amount}元{fee}才能放款",
            "放款前请缴纳{fee}{amount}元，{framing}后即可到账",
            "需要先交一笔{fee}用来{framing}",
            "请{pay}，缴纳{fee}后马上放款",
            "{fee}{amount}元，到账后全额退还",
            "为了{framing}，请先支付{amount}元",
            "先转{amount}元{fee}，系统{framing}后款项自动到账",
            "提现失败，需要{pay}{amount}元{framing}",
            "您的额度需要{framing}，请先充值{amount}元",
            "按流程要先交{fee}，{pay}就行",
            "下款前要先刷流水{amount}元证明还款能力",
            "再交最后一笔{fee}就放款",
            "交{amount}块{fee}就能拿钱",
        ],
        "en": [
            "{approved}. Pay a {amount} {fee} first and the money is yours",
            "a {fee} of {amount} is required before disbursement",
            "pay {amount} {pay} {framing}",
            "you need to pay a {fee} {framing}",
            "send the {fee} {pay} and the loan is released today",
            "a refundable {fee} of {amount} must be paid up front",
            "your payout is on hold until you pay {amount} {framing}",
            "just pay the {fee} {pay}, it will be returned with the loan",
            "the funds will be released once we receive {amount} {pay}",
            "one last {fee} and your loan is sent",
        ],
    },
    "fake_official": {
        "zh": [
            "由于您填写的银行卡号有误，资金已被冻结",
            "您的贷款资金已被银保监会冻结",
            "根据人民银行红头文件，您的账户需要解冻",
            "您涉嫌恶意套用贷款罪，请配合调查",
            "监管部门通知：您的借款存在异常，资金已冻结",
            "金融监管总局来函，您的账户被列为风险账户",
            "公安局协查函：您的银行卡涉嫌洗钱，资金冻结",
            "您在学生时期开通的校园贷账户未注销，会影响征信",
            "系统检测到卡号错误，款项被央行风控冻结",
            "征信中心通知：您的信用账户异常，需要配合处理",
        ],
        "en": [
            "the card number you entered was wrong, so your funds are frozen",
            "your loan funds have been frozen by the banking regulator",
            "official notice from the central bank: your account is suspended",
            "you are suspected of loan fraud and must cooperate with the investigation",
            "the regulator has frozen the payout because of an account error",
            "a letter from the financial regulator says your account is under review",
            "police notice: your bank card is linked to money laundering",
            "your old student loan account must be closed or your credit will be damaged",
        ],
    },
    "remote_control": {
        "zh": [
            "请下载腾讯会议开启屏幕共享，专员帮您操作",
            "把收到的验证码告诉客服",
            "点击链接下载APP完成提现",
            "请安装我们发的安装包 dk-app.apk",
            "打开共享屏幕，我教您一步步操作",
            "报一下刚才短信里的动态码",
            "下载向日葵远程软件，我们帮您处理",
            "请通过短信里的链接下载贷款App，应用商店搜不到",
            "把支付密码和验证码发给审核员核实身份",
        ],
        "en": [
            "download the meeting app and share your screen with our agent",
            "tell me the verification code you just received",
            "install the app from this link to withdraw",
            "read out the SMS code so we can verify you",
            "install AnyDesk so our specialist can help you",
            "download our apk from the link, it is not on the app store",
            "share your screen and follow my instructions",
        ],
    },
    "credit_washing": {
        "zh": [
            "专业征信修复，逾期记录{days}天删除",
            "铲单洗白，黑名单一键消除",
            "帮您清除不良记录，不成功不收费",
            "网贷债务可以注销，欠款一笔勾销",
            "为您重建新的征信身份，旧记录全部清空",
            "查询记录太多？我们帮您洗掉",
            "内部操作，{days}个工作日删除逾期",
            "债务核销，帮你把欠款全部清零",
            "征信花了也能修复成白户",
            "zx修复，逾期记录永久删除",
        ],
        "en": [
            "we repair your credit and remove late payments in {days} days",
            "credit repair service: negative records deleted for good",
            "get a brand-new credit identity and start fresh",
            "we cancel your debts, you owe nothing",
            "your defaults can be wiped off your credit report",
            "debt cancellation program, all your loans forgiven",
            "we clean your credit file in {days} days",
        ],
    },
    "insider_channel": {
        "zh": [
            "银行内部渠道，资料不全也能办",
            "包装流水、包装资料，轻松过审",
            "AB贷，找个朋友做担保就能下",
            "我们有内部关系，走绿色通道",
            "帮您做工资流水和工作证明",
            "内部名额，不走正常审批",
            "包装负债，优化资质，大额也能批",
            "专业包装，收入证明我们来做",
        ],
        "en": [
            "we have an insider contact at the bank who pushes your file through",
            "we package your documents and bank statements so you pass",
            "we make payslips and an employment letter for you",
            "special inside channel, no normal review",
            "bring a friend as a co-signer and we do the rest (AB loan)",
            "we edit your bank statements to show higher income",
        ],
    },
    "guaranteed_approval": {
        "zh": [
            "100%下款",
            "包过包下款",
            "不下款全额退款",
            "只要身份证就能贷",
            "一张身份证即可借到钱",
            "人人可贷，来就给钱",
            "不过不收费，过了再说，稳下",
            "零拒绝，必批",
            "新口子强开，秒下必过",
            "放款失败退还全部费用",
            "凭身份证就能拿五万",
            "保证批下来",
        ],
        "en": [
            "guaranteed approval",
            "100% approval for everyone",
            "money back if you are not approved",
            "all you need is your ID card",
            "no one is rejected",
            "approval guaranteed or your money back",
            "everyone gets approved, no exceptions",
            "only an ID needed, loan assured",
        ],
    },
    "no_credit_check": {
        "zh": [
            "不看征信",
            "黑户可贷",
            "征信花了也能下",
            "逾期也能借",
            "无视大数据，负债高也可以",
            "不查征信不上征信",
            "黑白户都可以办",
            "zx不好也能贷",
            "当前逾期照样下款",
            "失信人员也能借",
        ],
        "en": [
            "no credit check",
            "bad credit OK",
            "blacklisted? no problem",
            "even with defaults you can borrow",
            "we don't look at your credit history",
            "poor credit score welcome",
            "no credit report needed",
        ],
    },
    "student_targeting": {
        "zh": [
            "凭学生证即可贷款",
            "大学生专享借款",
            "在校生可贷，不用告诉家长",
            "学生党零门槛",
            "18岁在校大学生都能借",
            "校园分期，学生证就能办",
            "大学生缺钱找我们",
        ],
        "en": [
            "students welcome, just show your student ID",
            "college students get instant cash",
            "loans for students, no need to tell your parents",
            "university students can borrow up to 5,000",
            "student ID is all you need",
        ],
    },
    "borrowing_to_repay": {
        "zh": [
            "以贷养贷，借新还旧",
            "帮你还网贷，一次性结清所有平台",
            "网贷代还，过桥资金当天到",
            "多平台倒贷，轻松周转",
            "还不上？我们帮你借新的还旧的",
            "wd到期了可以找我们垫还",
        ],
        "en": [
            "borrow from us to pay off your other loans",
            "take a new loan to repay the old ones",
            "bridge money to cover this month's repayments",
            "we pay your other lenders so you can roll over",
            "stuck with repayments? borrow more to clear them",
        ],
    },
    "paid_negotiation": {
        "zh": [
            "停息挂账包成功",
            "专业反催收，先付服务费",
            "代理协商还款，减免利息，收费{amount}元",
            "法务团队帮您延期，先交咨询费",
            "债务优化，保证停止催收",
            "付费帮你和银行谈分期，不成功不收费",
        ],
        "en": [
            "we stop your interest and collection calls for a fee",
            "anti-collection service, pay us and the calls end",
            "pay our legal team and we negotiate your debt down",
            "debt settlement guaranteed, service fee up front",
            "interest freeze guaranteed, {amount} consultation fee",
        ],
    },
    "hidden_cost": {
        "zh": [
            "每天只要3块钱",
            "日息低至0.02%",
            "借一万每天只要5元",
            "零利息，只收少量服务费",
            "0利息0手续费，人人都一样",
            "月息仅0.8%",
            "一天一杯奶茶钱",
            "0%利息不收任何费用，所有人都是",
        ],
        "en": [
            "only $1 a day",
            "daily rate as low as 0.05%",
            "0% interest and no fees for everyone",
            "zero interest, small service charge applies",
            "less than a coffee a day",
            "monthly rate only 0.8%",
        ],
    },
    "instant_approval": {
        "zh": [
            "秒批秒到账",
            "3分钟放款",
            "极速审批，当天到账",
            "一分钟下款",
            "申请即批，马上到账",
        ],
        "en": [
            "instant approval",
            "cash in 5 minutes",
            "approved in seconds, money today",
            "same-day payout, instant decision",
        ],
    },
    "pressure_urgency": {
        "zh": [
            "仅限今天",
            "名额有限，先到先得",
            "错过今天再等一年",
            "优惠倒计时最后2小时",
            "马上办理，过时不候",
            "今天不交额度就作废",
        ],
        "en": [
            "today only",
            "limited spots, act now",
            "offer expires in 1 hour",
            "last chance, apply before midnight",
            "if you don't pay today the approval is cancelled",
        ],
    },
}

# Scam phrases that notices and warnings quote (a hard negative quotes them to warn against them).
QUOTED = {
    "zh": "放款前交保证金 不看征信 黑户可贷 100%下款 征信修复 铲单 内部渠道 包装流水 资金冻结 解冻费 共享屏幕 "
    "提供验证码 凭学生证贷款 以贷养贷 停息挂账包成功 零利息 秒批 刷流水 认证金".split(),
    "en": [
        "pay a fee before the loan",
        "no credit check",
        "guaranteed approval",
        "credit repair",
        "your funds are frozen",
        "share your screen",
        "tell us the verification code",
        "insider channel",
        "students only need an ID",
        "borrow to repay",
        "pay to stop interest",
        "unlock fee",
        "activation fee",
        "gift cards",
    ],
}

NEGATIVES = {
    "zh": [
        "{bank}个人消费贷款，年化利率（单利）{apr}%起，具体额度和利率以审核结果为准",
        "借款1万元分12期，年化利率{apr}%，除利息外无其他费用，合同中列明全部费用",
        "最快1分钟完成审批，实际以审核为准",
        "秒批指系统最快审批时间，最终以审核结果为准，年化利率{apr}%起",
        "{bank}郑重提醒：放款前我行不会以任何名义收取费用，凡是要求先交{quoted}的都是诈骗",
        "警方提示：“{quoted}”是典型的贷款诈骗话术，请勿转账；如已转账请立即报警",
        "金融监管总局提醒消费者警惕“{quoted}”等虚假宣传，选择持牌机构",
        "反诈中心提醒：凡是让你“{quoted}”的，都是骗子",
        "谨防诈骗！正规贷款不会让您{quoted}",
        "人民银行提醒：征信“修复”“洗白”都是骗局，错误信息可以免费提出异议",
        "征信不好还能贷款吗？",
        "提前还款要不要付违约金？",
        "年化利率{apr}%算高吗？",
        "我想申请房贷，需要准备什么材料？",
        "等额本息和等额本金哪个划算？",
        "客服说年化利率是{apr}%，没有其他费用，合同里都写了，这正常吗？",
        "他们说要以审核结果为准，额度还没定，我等通知就行吧？",
        "我可以直接联系银行协商延期还款吗？需要付费吗？",
        "逾期了会不会影响征信？多久能恢复？",
        "{bank}信用卡分期，手续费折合年化利率约{apr}%，请仔细阅读合同",
        "本产品不收取任何前期费用，放款后按月还款，年化利率{apr}%",
        "我们从不要求提供验证码，也不会要求共享屏幕",
        "温馨提示：请通过官方App申请，不要点击陌生链接，不要向任何人透露验证码",
        "学校提醒同学们：不要相信“凭学生证就能贷款”的广告",
        "请按时还款，逾期会产生罚息并上报征信",
        "您的借款已到账，请按合同约定每月{days}日前还款",
        "贷款审批一般需要1到3个工作日，请耐心等待",
        "如有疑问请拨打{bank}官方客服电话，或到网点咨询",
        "收到“资金冻结、交解冻费”的电话，先挂断，再打官方电话核实",
        "以贷养贷会让债务越滚越多，建议先列出所有欠款再和机构协商",
        "按规定，小额贷款公司不得向在校大学生发放网络消费贷款",
        "在校学生需要用钱，可以先找学校资助中心了解助学贷款",
        "我还清欠款后，不良记录要保留几年？",
        "征信报告上的错误信息怎么申请更正？",
        "逾期两天会不会上征信？",
        "我们审批时会查询您的征信报告，请授权",
        "本公司不收取任何保证金、押金",
        "一次性信用修复政策由人民银行统一实施，无需申请，也不需要找任何中介",
        "日利率0.03%，折合年化利率{apr}%，无其他费用",
        "催收一天打了好几次电话，这合规吗？",
        "如果审批没通过，我们不会收取任何费用",
        "最快当天到账，以实际审批为准，年化利率{apr}%起",
        "利息按日计算，年化利率{apr}%，可随时提前还款",
        "指定商品分期3期免息，免手续费",
        "新用户首期免息，无其他费用，详见合同",
        "信用卡账单分期6期免息，免手续费，活动期间有效",
    ],
    "en": [
        "Personal loan from {bank}: APR from {apr}%, subject to approval; all fees are shown in your contract",
        "Borrow 10,000 over 12 months at {apr}% APR, no other fees",
        "Decisions in as little as 1 minute, subject to credit review",
        "{bank} will never ask you to pay before your loan is paid out; anyone asking for a '{quoted}' is a scammer",
        "Police warning: '{quoted}' is a classic loan scam line. Never transfer money",
        "Regulator alert: beware of ads promising '{quoted}'. Use licensed lenders only",
        "Scam alert: if someone says '{quoted}', hang up",
        "We never ask for verification codes and never ask you to share your screen",
        "Can I get a loan with bad credit?",
        "Is there a penalty for paying off early?",
        "Is {apr}% APR high?",
        "What documents do I need for a mortgage?",
        "The agent said the APR is {apr}% and there are no other fees, it's all in the contract. Is that normal?",
        "They told me approval depends on the credit review and I should wait. Is that fine?",
        "Can I ask my bank for a repayment extension? Does it cost anything?",
        "Will a late payment hurt my credit report?",
        "Your loan has been paid out. Please repay by day {days} of each month",
        "Reminder: apply only through the official app and never click unknown links",
        "Approval usually takes 1 to 3 business days",
        "Credit repair companies cannot remove accurate records; errors can be disputed for free",
        "Borrowing to repay other loans makes debt grow; talk to your lenders first",
        "No upfront fees. Interest is charged only after the loan is paid out, APR {apr}%",
        "Rules say small-loan companies may not lend online to university students",
        "Accurate negative records stay on your report for five years after you repay",
        "How do I dispute a mistake on my credit report?",
        "Every application includes a check of your credit report",
        "We charge no deposit and no fee of any kind before the loan is paid",
        "Daily rate 0.04%, which is an APR of {apr}%, with no other charges",
        "Is it legal for collectors to call me many times a day?",
        "What does the monthly rate mean compared with the APR?",
        "Same-day payout possible, subject to our credit assessment. Representative APR {apr}%",
        "How many times a year can I get my credit report for free?",
        "0% interest for 3 months on selected items, no fees",
        "Interest-free first month for new customers, no other charges, see your contract",
        "Pay in 3 interest-free installments at checkout, no fees if you pay on time",
    ],
}

FORMATS = {
    "zh": [
        "{body}",
        "【{brand}】{body}，详询{contact} 回T退订",
        "客服：您好，{body}。",
        "🔥{body}🔥 {contact}",
        "【温馨提示】{body} [立即领取]",
        "来电录音：对方说“{body}”",
        "他们说{body}，这是真的吗？",
        "那个客服跟我说{body}，我该怎么办",
        "对方让我{body}，靠谱吗",
        "朋友转给我一个广告：{body}",
        "{body}！！！",
        "海报：{body}｜{contact}",
    ],
    "en": [
        "{body}",
        "[{brand}] {body}. {contact}. Reply STOP to opt out",
        "Agent: Hello, {body}.",
        "*** {body} *** {contact}",
        "Congratulations! {body} [Claim now]",
        'Call transcript - caller: "{body}"',
        "The agent said {body}. Is this legit?",
        "They told me {body}, should I do it?",
        "Got this message: {body}",
        "{body}!!!",
        "My friend got a call, the man said {body}. What should he do?",
    ],
}

FILLER = {
    "zh": "额度最高20万 随借随还 手机申请 全国可办 利息低 审核简单 最长36期 不用跑银行".split(),
    "en": "Loans up to $5,000|Flexible repayment|Apply on your phone|Low rates|Up to 36 months|Simple process".split(
        "|"
    ),
}

# ----------------------------------------------------------------------------- obfuscation

_HOMOPHONE = {
    "贷": "代",
    "征信": "正信",
    "保证金": "保正金",
    "款": "歀",
    "钱": "q",
    "网贷": "wd",
    "微信": "vx",
}
_PINYIN = {"征信": "zx", "网贷": "wd", "黑户": "hh", "贷款": "dk", "下款": "xk", "逾期": "yq"}
_EMOJI = "💰🔥✅⭐💯🎉👉"
_SEPS = [" ", "*", "/", "·", ".", "-", "_", "|"]


def _spread(rng: random.Random, text: str) -> str:
    """Split a stretch of Chinese characters with a separator ("必 过", "保/证/金")."""
    sep = rng.choice(_SEPS)
    start = rng.randrange(0, max(1, len(text) - 4))
    end = min(len(text), start + rng.randint(3, 8))
    return text[:start] + sep.join(text[start:end]) + text[end:]


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _emoji_in(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + rng.choice(_EMOJI) + text[i:]


def _swap(rng: random.Random, text: str, table: Dict[str, str]) -> str:
    for key, value in table.items():
        if key in text and rng.random() < 0.7:
            text = text.replace(key, value)
    return text


def _en_spread(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    words[i] = rng.choice([" ", ".", "-", "*"]).join(words[i])
    return " ".join(words)


def _leet(rng: random.Random, text: str) -> str:
    return text.replace("o", "0", 2).replace("e", "3", 1) if rng.random() < 0.5 else text.upper()


def obfuscate(rng: random.Random, text: str, language: str) -> Tuple[str, str]:
    if language == "zh":
        kinds: Sequence[Tuple[str, Callable[[str], str]]] = (
            ("spread", lambda t: _spread(rng, t)),
            ("traditional", _traditional),
            ("fullwidth", _fullwidth),
            ("emoji", lambda t: _emoji_in(rng, t)),
            ("homophone", lambda t: _swap(rng, t, _HOMOPHONE)),
            ("pinyin", lambda t: _swap(rng, t, _PINYIN)),
        )
    else:
        kinds = (
            ("spread", lambda t: _en_spread(rng, t)),
            ("fullwidth", _fullwidth),
            ("emoji", lambda t: _emoji_in(rng, t)),
            ("leet", lambda t: _leet(rng, t)),
        )
    name, fn = rng.choice(kinds)
    return fn(text), name


# ----------------------------------------------------------------------------- assembly


def _fill(rng: random.Random, template: str, language: str) -> str:
    slots = dict(ZH if language == "zh" else EN)
    values = {k: rng.choice(v) for k, v in slots.items()}
    values["days"] = rng.choice(["3", "5", "7", "10"])
    values["quoted"] = rng.choice(QUOTED[language])
    return template.format(**values)


def _verdict(categories: Sequence[str]) -> str:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from loancoach.redflags.detector import verdict_for

    return verdict_for(categories)


def _join(language: str, parts: List[str]) -> str:
    return ("，" if language == "zh" else ". ").join(p for p in parts if p)


def build(seed: int = SEED, per_category: int = 170, negatives_per_language: int = 520) -> List[Dict]:
    rng = random.Random(seed)
    rows: List[Dict] = []
    seen = set()
    names = list(CLAIMS)

    def emit(text: str, language: str, categories: List[str], kind: str) -> None:
        if text in seen:
            return
        seen.add(text)
        cats = sorted(set(categories), key=names.index)
        rows.append(
            {"text": text, "language": language, "label": _verdict(cats), "categories": cats, "kind": kind}
        )

    for category in names:
        for i in range(per_category):
            language = "zh" if i % 2 == 0 else "en"
            cats = [category]
            parts = [_fill(rng, rng.choice(CLAIMS[category][language]), language)]
            if rng.random() < 0.35:  # a second claim of another category
                other = rng.choice(names)
                cats.append(other)
                parts.append(_fill(rng, rng.choice(CLAIMS[other][language]), language))
            if rng.random() < 0.4:
                parts.insert(rng.randrange(len(parts) + 1), rng.choice(FILLER[language]))
            body = _join(language, parts)
            text = rng.choice(FORMATS[language]).replace("{body}", body)
            if "{" in text:
                text = _fill(rng, text, language)
            kind = "positive"
            if rng.random() < 0.35:
                text, how = obfuscate(rng, text, language)
                kind += "/" + how
            emit(text, language, cats, kind)

    for language in ("zh", "en"):
        for _ in range(negatives_per_language):
            parts = [_fill(rng, rng.choice(NEGATIVES[language]), language)]
            if rng.random() < 0.3:
                parts.append(_fill(rng, rng.choice(NEGATIVES[language]), language))
            if rng.random() < 0.3:
                parts.insert(0, rng.choice(FILLER[language]))
            body = _join(language, parts)
            fmt = rng.choice(FORMATS[language][:5])  # ads and notices; stories come with the questions
            text = fmt.replace("{body}", body)
            if "{" in text:
                text = _fill(rng, text, language)
            kind = "negative"
            if rng.random() < 0.35:
                text, how = obfuscate(rng, text, language)
                kind += "/" + how
            emit(text, language, [], kind)

    rng.shuffle(rows)
    for row in rows:
        row["split"] = "dev" if rng.random() < DEV_SHARE else "train"
    return rows
