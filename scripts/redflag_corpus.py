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
``data/redflags/corpus.jsonl`` (text, language, label, categories, kind, templates: the template
families of its claims, which group-wise validation holds out).
"""

from __future__ import annotations

import random
from typing import Callable, Dict, List, Optional, Sequence, Tuple

SEED = 20261204

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

# ----------------------------------------------------------------------------- more kinds (issue 14)
# What the first corpus lacked, by kind: advance fees under new names, paid through private chats or
# unusual payment methods, framed as activating/releasing/boosting/unfreezing; debts or records made to
# disappear; blanket approval in other words; hidden cost as tiny daily sums or "0% and no fees" for
# everyone; and the hard negatives that quote such phrases to warn. A claim may carry further categories
# after "@@" when its words make them too (an unhedged "马上到账" is also instant approval), so that the
# same words never carry opposite labels.

ZH["fee"] += (
    "解冻金 激活金 押金 开户费 预付利息 个人所得税 账户管理费 出款手续费 转账通道费 认证服务费 流水保证金 "
    "信用担保费 放款保险费 银联解冻费 额度激活费 会员升级费 提现手续费 资金解押费 还款能力验证金 风险准备金 "
    "合同公证费 服务押金 VIP通道费 信用分提升费 打款手续费 账户核验费 放款税费 违约预存金"
).split()
ZH["pay"] += (
    "买一张京东E卡把卡号卡密拍给我 充值游戏点卡发卡密过来 用USDT转到钱包地址 发个支付宝口令红包给专员 "
    "微信发红包给财务 转到财务的私人银行卡 在抖音买指定商品下单 扫专员发来的收款码 用话费充值卡支付 "
    "在Telegram上联系财务转账 转到“安全账户” 用云闪付转给审核专员"
).split()
ZH["framing"] += (
    "解除风控 开通VIP快速通道 升级会员等级 取消账户异常标记 修正银行卡号 证明流水 激活放款权限 "
    "把额度释放出来 提升信用分 解除资金锁定 完成放款前的最后一步 让系统重新打款 解押资金"
).split()
ZH["approved"] += (
    "您申请的6万元已审核完毕 恭喜，额度已放款至平台钱包 您的贷款已进入放款队列 您的借款3万元已通过终审 "
    "您已成功获批10万元备用金"
).split()
ZH["contact"] += "私信我 加企鹅 威信同号 加V：dai168 微：jq3377 tg@dk_vip 戳头像".split()
EN["fee"] += (
    "release charge|activation deposit|unfreezing fee|account verification payment|liquidity proof deposit|"
    "loan insurance premium|tax clearance fee|escrow deposit|first month's interest|courier fee|stamp fee|"
    "VIP upgrade|good-faith deposit|collateral transfer|disbursement tax|wallet activation charge|"
    "anti-fraud bond|credit score boost payment|bank code correction fee"
).split("|")
EN["pay"] += (
    "with iTunes cards|with Amazon vouchers|in Bitcoin|through Western Union|to our finance officer's own "
    "account|via PayPal friends and family|as a WeChat red packet to the agent|through Alipay to the agent|"
    "to the crypto wallet our manager sends|in Steam wallet codes|via a private Telegram chat with the "
    "manager|to the 'safe account' we give you"
).split("|")
EN["framing"] += (
    "to unfreeze your loan|to release your payout|to unlock your credit line|to lift the risk flag|to "
    "upgrade to VIP and get paid today|to correct the bank details|to prove your cash flow|to reactivate "
    "the transfer|to boost your credit score before payout|to remove the withdrawal block".split("|")
)
EN["approved"] += (
    "Your $8,000 loan is approved and waiting|Your withdrawal of 20,000 is ready|Final approval is done, "
    "you will get 50,000|Your loan is in the payout queue|You qualified for our top credit line".split("|")
)
EN["contact"] += "DM me on IG|message our agent on Telegram|WA only|add our manager on WeChat".split("|")

EXTRA_CLAIMS: Dict[str, Dict[str, List[str]]] = {
    "fee_before_disbursement": {
        "zh": [
            "贷款已批，但要先转{amount}元{fee}，私聊客服办理",
            "您的钱已在路上，只差一笔{fee}，{pay}",
            "要想{framing}，得先交{amount}",
            "系统显示您的账户异常，{pay}{amount}元{framing}",
            "放款需要验证流水，请先往自己卡里存{amount}元再转给专员",
            "额度已到账但处于锁定状态，缴纳{fee}即可提现",
            "先交{amount}元押金，下款后连本带息退给你",
            "只要交个{fee}，钱马上打到你卡上@@instant_approval",
            "提现失败，原因是银行卡号错误，需交{fee}{amount}元重新打款",
            "贷款金额越大，{fee}越高，交了才能放",
            "这笔{fee}是给银行看的，放款后会退",
            "请先支付首月利息{amount}元，再安排放款",
            "您的信用分不够，需要付{amount}元{framing}才能下款",
            "会员开通费{amount}元，开通后立刻放款@@instant_approval",
            "请用{pay}，客服确认后即可{framing}",
            "给专员转{amount}，他帮你{framing}",
            "不交{fee}的话资金会一直冻结@@fake_official",
            "钱已经批了，交完{fee}就发给你",
            "还差{amount}元{fee}，交齐立即出款@@instant_approval",
        ],
        "en": [
            "your loan is approved, message our agent privately to pay the {fee}",
            "pay {amount} {pay} and your credit line is activated",
            "we need a {fee} {framing}",
            "the money is ready, we only need a small {fee} first",
            "your account shows an error, send {amount} {pay} {framing}",
            "to withdraw, deposit {amount} as proof of repayment ability",
            "your funds are locked until the {fee} is paid",
            "pay the {fee} now and the money hits your account in minutes@@instant_approval",
            "the bigger the loan, the bigger the {fee}; it is refunded after payout",
            "first month's interest of {amount} is due before we transfer the loan",
            "upgrade to VIP for {amount} and your loan is sent immediately@@instant_approval",
            "buy {amount} in gift cards and send us the codes to release your loan",
            "transfer {amount} to the finance officer so the system can re-send your money",
            "your withdrawal failed because of a wrong card number, pay the {fee} to retry",
            "the {fee} proves you are serious; we return it with the loan",
        ],
    },
    "fake_official": {
        "zh": [
            "您好，这里是银保监会，您的网贷账户存在违规，需要配合注销",
            "银联风控通知：转账被拦截，资金暂时冻结",
            "法院通知：您有一笔借款纠纷，请马上处理否则将被起诉",
            "您的花呗/金条账户被系统误判为学生账户，需要注销否则影响征信",
            "我是京东金融客服，您开通的百万保障即将扣费，需要关闭",
            "因您流水不足，资金已被系统冻结，需要验资解冻",
            "金融办通知：您的贷款资金涉嫌违规，已被暂扣",
            "您的资金已进入监管账户，需配合核查才能解冻",
            "您的征信即将被拉黑，请按我们的指引操作",
            "公安机关通知：您的身份证被冒用办理贷款",
            "反洗钱中心检测到异常，您的借款暂时无法提现",
            "这是人民银行征信中心，您名下有未注销的贷款账户",
            "您填错了收款账户，款项被银行冻结，需办理解冻",
        ],
        "en": [
            "this is the banking regulator: your loan account breaks the rules and must be closed",
            "UnionPay has intercepted your transfer and the funds are frozen",
            "court notice: you will be sued unless you settle today",
            "we are from the central bank's credit center; an old loan account in your name must be cancelled",
            "the anti-money-laundering system has frozen your payout",
            "your funds are held in a supervision account until you pass verification",
            "you entered the wrong account number so the bank froze the money",
            "an official letter says you committed loan fraud and will be arrested",
            "the financial regulator has flagged your credit line",
            "your loan has been suspended by the regulator pending a security deposit@@fee_before_disbursement",
        ],
    },
    "remote_control": {
        "zh": [
            "加一下会议号，打开共享屏幕我帮您操作",
            "为了核实身份，请把手机收到的6位数字发给我",
            "点这个链接下载我们的专属App，商店里没有",
            "扫码安装内部版App才能提现",
            "您把屏幕共享一下，我看看哪里出错了",
            "收到验证码了吗？念一下给我",
            "用这个链接登录网银，我远程帮您解冻@@fake_official",
            "下载“安全助手”App，我们工作人员远程帮您处理",
            "打开手机设置里的屏幕录制，跟着我操作",
            "我发你一个安装包，装好后把登录码给我",
        ],
        "en": [
            "join this meeting and turn on screen sharing so I can guide you",
            "read me the six-digit code we just texted you",
            "install our private app from this link, it is not in the store",
            "scan this code to install the lending app and withdraw",
            "share your screen so I can see what went wrong",
            "forward me the one-time password to confirm your identity",
            "install TeamViewer and our agent will fix it remotely",
            "tap the link, download the apk and send me the login code",
        ],
    },
    "credit_washing": {
        "zh": [
            "逾期记录花钱就能删，{days}天见效",
            "帮您把网贷欠款注销，从此不用还",
            "给您办一个新的征信身份，以前的记录都不算",
            "征信黑了？我们内部能处理干净",
            "债务一键清零，不用再还",
            "不良记录消除，包成功",
            "快速修复信用报告，逾期记录秒删",
            "我们能让征信上的逾期消失",
            "网贷逾期可以申请“债务注销”，我们代办",
            "征信修复专家，{days}天还你白户",
            "让银行撤销您的逾期上报，收费办理",
        ],
        "en": [
            "pay us and your late payments disappear in {days} days",
            "we make your loan debts vanish, you never have to repay",
            "a clean new credit profile, your old history erased",
            "debt forgiveness service: your loans cancelled for a fee",
            "we delete defaults from your credit report",
            "credit file cleaned and reset, guaranteed",
            "your bad records gone within a week",
            "we get the bank to withdraw your late-payment report, for a fee",
        ],
    },
    "insider_channel": {
        "zh": [
            "我们有银行里的人，资料不全也能帮你批",
            "帮你做一套收入证明和银行流水",
            "工作、社保、流水都可以帮你包装",
            "AB贷：用朋友的资质帮你下款",
            "走特殊通道，不用正常审核",
            "内部人员操作，额度随你定",
            "没有工作也没关系，我们帮你做资料",
            "银行经理是我们的人，直接放款",
        ],
        "en": [
            "we know someone inside the bank who approves your file",
            "we create payslips and bank statements for you",
            "no job? we build the documents for you",
            "AB loan: a friend's credit gets the loan for you",
            "a special back channel skips the normal checks",
            "our contact in the bank sets the limit you want",
        ],
    },
    "guaranteed_approval": {
        "zh": [
            "一律通过",
            "不批不收钱，批不下来全退",
            "只要有身份证就能下款",
            "来了就批，没有拒绝",
            "保证下款",
            "必下款",
            "包下款",
            "贷款必过",
            "下不来款全额退还",
            "审核百分百通过",
            "有手机号就能借",
            "人人都能批",
            "强开额度，必下",
            "稳过，放心申请",
            "通过率100%",
        ],
        "en": [
            "every applicant is approved",
            "we approve 99% of people who apply",
            "if you are not approved you get every penny back",
            "just your ID, nothing else, and the loan is yours",
            "nobody gets turned down",
            "approval is certain",
            "a yes for everyone",
            "your loan is assured",
            "100% success rate",
            "you cannot be refused",
        ],
    },
    "no_credit_check": {
        "zh": [
            "资质不够也能批",
            "有逾期也能办",
            "不管征信好坏都能借",
            "负债高、征信花都不怕",
            "无视黑白户",
            "当前逾期也能下",
            "征信不好照样能借",
            "被拒过也能下",
            "大数据花了也能过",
            "没有征信记录也能批",
            "不查信用记录",
        ],
        "en": [
            "no matter your credit score",
            "defaults and late payments are fine",
            "rejected elsewhere? we still lend",
            "we never pull your credit report",
            "bad history is no problem",
            "blacklist accepted",
            "credit score does not matter",
            "CCJs and arrears welcome",
        ],
    },
    "student_targeting": {
        "zh": [
            "在校学生凭学信网就能借",
            "大学生零首付分期，学生证即可",
            "学生借钱不用父母同意",
            "大一大二都能贷",
            "学生兼职不如来借钱，额度5000",
            "专为在校生设计的借款",
        ],
        "en": [
            "college students borrow with just a student card",
            "freshmen welcome, no parents needed",
            "campus loans for students, up to 8,000",
            "made for students: borrow without a job",
            "still at university? you can borrow today",
        ],
    },
    "borrowing_to_repay": {
        "zh": [
            "网贷到期还不上？我们帮你先垫上",
            "借新还旧，周转不愁",
            "专做网贷代还，倒贷一条龙",
            "用我们的钱还其他平台，一次结清",
            "过桥垫资，帮你把到期的贷款续上",
            "信用卡还不上？先借我们的还",
        ],
        "en": [
            "we lend you money to pay your other loans",
            "roll your debts into a new loan from us",
            "can't repay this month? borrow from us to cover it",
            "bridge funds to clear your app loans before they are due",
            "we pay off your credit card with a new loan",
        ],
    },
    "paid_negotiation": {
        "zh": [
            "交服务费，帮你停息挂账",
            "先付{amount}元，我们帮你和银行谈减免",
            "专业团队代理协商，包停催收",
            "付费办理个性化分期，保证成功",
            "反催收联盟，交会费就不用还",
            "委托我们协商，先收30%服务费",
        ],
        "en": [
            "pay our fee and we freeze your interest",
            "give us {amount} and we negotiate with your bank for you",
            "our agents stop the collectors for a fee",
            "paid debt relief: interest stopped, success assured",
            "join our anti-collection group for a fee and stop paying",
        ],
    },
    "hidden_cost": {
        "zh": [
            "日还低至1元",
            "借一千一天只要几毛钱",
            "每天不到一杯奶茶钱",
            "一天几块钱，轻松还",
            "0息0费，人人都有",
            "全程零利息零费用",
            "日费率仅0.03%",
            "月费率低至0.5%",
            "借1万日息2元起",
            "每月只要几十块",
            "免息借款，只收少量服务费",
            "0利息，每月只收一点管理费",
            "不要利息，只收每月服务费",
        ],
        "en": [
            "repay just pennies a day",
            "costs less than a bus ticket a day",
            "zero interest and zero fees for all customers",
            "no interest ever, just a small daily charge",
            "borrow 1,000 for 50 cents a day",
            "interest-free, only a tiny service fee",
            "0% for everyone, no charges at all",
            "just a few dollars a week",
            "no interest, just a small monthly service fee",
            "interest-free loan, only a little account fee each month",
        ],
    },
    "instant_approval": {
        "zh": [
            "当天放款",
            "立即到账",
            "马上下款",
            "秒下款",
            "10分钟到账",
            "随借随到，即刻放款",
            "审批只要一分钟",
            "申请后几分钟就到卡",
            "快速到账不用等",
        ],
        "en": [
            "money in your account within the hour",
            "instant payout",
            "approved on the spot",
            "funds sent in minutes",
            "no waiting, money now",
            "cash today",
        ],
    },
    "pressure_urgency": {
        "zh": [
            "2小时内不处理将影响征信",
            "今天必须办完，否则额度收回",
            "最后3个名额",
            "活动今晚截止",
            "逾时不处理后果自负",
            "马上转，不然来不及了",
            "限时特批，过期作废",
        ],
        "en": [
            "you have 30 minutes to respond",
            "do it now or the offer is gone",
            "only 3 places left",
            "deadline is tonight",
            "act within 2 hours or lose your approval",
            "hurry, this closes soon",
        ],
    },
}

EXTRA_QUOTED = {
    "zh": "解冻金 激活额度 刷流水 交押金 会员费 提额费 京东E卡 征信洗白 债务注销 一律通过 只要身份证 "
    "新的征信身份 远程操作 屏幕共享 短信验证码 AB贷 包装资料 停息挂账 代还网贷 日还一元".split(),
    "en": [
        "pay to unfreeze",
        "activate your loan",
        "send gift card codes",
        "debt cancellation",
        "a new credit identity",
        "only an ID needed",
        "money back if not approved",
        "read out your code",
        "install our app from a link",
        "interest freeze for a fee",
        "pennies a day",
        "VIP upgrade fee",
    ],
}

EXTRA_NEGATIVES = {
    "zh": [
        "【{bank}】验证码{code}，用于登录手机银行，切勿告知他人，工作人员不会索取",
        "【{bank}】您尾号{card}的账户于今日收到贷款{amount}元，请按合同按期还款",
        "【{bank}】提醒：您的借款本期应还{amount}元，还款日为{days}日，请保持账户余额充足",
        "{bank}提示：我行工作人员不会要求您下载陌生App、共享屏幕或提供验证码",
        "反诈提醒：任何以“{quoted}”为由让您转账的，都是诈骗，请拨打96110咨询",
        "警方提醒：贷款前要交钱的，不管叫什么名目，都是诈骗",
        "金融监管部门不会给个人打电话要求注销账户或转账，接到此类电话请挂断",
        "征信中心提示：征信记录不能花钱删除，所谓“{quoted}”都是骗局",
        "不良记录在欠款还清之日起保留5年，之后自动不再展示",
        "征信报告有错误，可以向报送机构或征信中心免费提出异议",
        "国家助学贷款由国家开发银行办理，在校生可以通过学校资助中心申请",
        "本行消费贷款年化利率{apr}%（单利），除利息外另收服务费，合计综合年化成本已在合同中列明",
        "年化利率{apr}%，一次性手续费1%，综合年化成本以合同为准",
        "借5000元分6期，每期应还约{amount}元，年化利率{apr}%，无其他费用",
        "最快30分钟审批，以实际审核结果为准",
        "额度最高20万，最终以审批结果为准，年化利率{apr}%起",
        "申请提交后，我们会查询您的征信并评估还款能力，审批结果以短信通知",
        "如还款困难，可直接联系我行客服申请延期或分期，我行不收取任何协商费用",
        "请不要相信收费代理协商的中介，您可以自己联系银行协商",
        "以贷养贷只会越滚越大，建议先列出所有欠款，再找正规机构咨询",
        "网上说“交钱就能洗白征信”，这种说法可信吗？",
        "客服打电话说我的额度可以提升，要我下载一个App，我没下，这样做对吗？",
        "我收到短信说贷款批了，要交费才能放款，我已经挂了电话并打了96110",
        "我在{bank}App上申请了贷款，合同写明年化利率{apr}%，这个利率怎么算？",
        "怎样查看贷款的真实年化利率？",
        "我想查一下自己的征信报告，去哪里查？",
        "信用卡分期的手续费怎么换算成年化利率？",
        "我们是持牌消费金融公司，放款前不收取任何费用，年化利率{apr}%起",
        "温馨提示：正规机构放款前不会收取保证金、解冻费、会员费等任何费用",
        "学校提醒：有人以“学生贷、零门槛”为名诱导借款，请同学们提高警惕",
        "遇到自称监管部门、要求转账到“安全账户”的，一律是诈骗",
        "“屏幕共享”是诈骗分子常用手段，请勿在陌生人指导下操作手机",
        "银行不会通过私人微信、QQ收取任何费用",
        "本产品年化利率{apr}%，按日计息，日利率约为年化利率除以360",
        "逾期后，机构会按合同收取罚息，并依法报送征信",
        "借款前请认真阅读合同，确认年化利率和全部费用",
        "我上个月的贷款已经按时还清了，想再借一笔需要重新审核吗？",
        "贷款被拒后多久可以再次申请？",
        "审批结果取决于您的信用状况和还款能力，并非所有申请都能通过",
        "所有申请都需经过征信查询和审批，额度以审批结果为准",
        "大部分客户可在24小时内收到审批结果，具体以审核为准",
        "请按时还款，逾期将影响您的个人征信记录",
        "本期账单已出，按时还款可避免影响征信",
        "请在官方应用商店下载{bank}App，谨防山寨软件",
        "陌生短信里的链接不要点，不明来源的App不要装",
        "放款前不收取手续费、保证金或任何其他费用",
        "审核未通过不影响您再次申请，也不会产生任何费用",
        "提前还款无违约金，利息按实际借款天数计算",
        "日利率0.02%，年化利率7.3%（单利），无其他费用",
        "逾期记录自还清之日起保存五年，期满后自动删除，不需要找人处理",
        "提醒：有人自称能“删除逾期记录”，这是骗局，征信记录无法人为删除",
        "催收人员可以给我家人打电话吗？",
        "我的贷款逾期了三天，现在还上还会影响征信吗？",
        "他们说审批要看征信和收入，额度以审核为准，是正规的吧？",
        "客服说放款前不收任何费用，利息从放款次日开始计算，这样对吗？",
        "年化利率{apr}%，借1万元12期每月还款约{amount}元，费用已全部列明",
        "本活动免息券仅限指定商品，使用规则详见活动页面",
        "如需注销账户，可在App“设置-账户安全”中自助办理，或拨打官方客服电话",
        "账户注销后，历史借款记录仍会按规定保留",
        "我想注销一个不用的借款App账户，需要注意什么？",
    ],
    "en": [
        "[{bank}] Your code is {code}. Never share it with anyone; our staff will never ask for it",
        "[{bank}] Your loan of {amount} has been paid into the account ending {card}. First repayment due on day {days}",
        "Reminder from {bank}: your instalment of {amount} is due on day {days}",
        "{bank} will never ask you to install an app from a link, share your screen or read out a code",
        "Anti-fraud tip: anyone who asks you to pay to '{quoted}' is a scammer. Call 96110 if unsure",
        "Police advice: if you are asked to pay before getting a loan, whatever the fee is called, it is a scam",
        "Regulators never phone individuals to close accounts or move money; hang up on such calls",
        "Nobody can pay to delete accurate records; offers of '{quoted}' are scams",
        "Negative records are shown for five years after the debt is repaid",
        "If your credit report has an error, you can dispute it for free",
        "Government student loans are arranged through your university's financial aid office",
        "APR {apr}% including the arrangement fee; total cost shown in the agreement before you sign",
        "Borrow 5,000 over 6 months: {amount} a month, APR {apr}%, no other fees",
        "Decisions in as little as 30 minutes, subject to our credit checks",
        "Limits up to 200,000; the final amount and rate depend on our assessment. APR from {apr}%",
        "We check your credit report and your ability to repay before any decision",
        "Struggling to repay? Contact us directly to ask about a payment plan; we never charge for it",
        "You do not need a paid agent to talk to your lender; you can ask for a plan yourself",
        "Someone online says paying a fee can clean my credit record. Can that be true?",
        "The caller wanted me to install an app to raise my limit. I refused. Was I right?",
        "I got a text saying my loan was approved but I had to pay to release it, so I called the police",
        "My contract says the APR is {apr}%. How is the interest worked out?",
        "How do I find the true APR of a loan?",
        "Where can I get my credit report?",
        "How do I convert a card instalment fee into an APR?",
        "We are a licensed consumer finance company: no fees before payout, APR from {apr}%",
        "Licensed lenders never take deposits, unfreezing fees or VIP fees before the loan is paid",
        "University notice: beware of ads offering easy loans to students",
        "Anyone claiming to be a regulator and asking you to move money to a 'safe account' is a scammer",
        "Banks never collect fees through personal WeChat or Telegram chats",
        "Interest accrues daily at APR {apr}%, and you can repay early without a penalty",
        "Late payments incur default interest under the contract and are reported to the credit bureau",
        "Read the agreement before you sign and check the APR and every fee",
        "I repaid last month's loan on time. Do I need a new review to borrow again?",
        "How long should I wait to reapply after a rejection?",
        "Not every application is approved; the decision depends on your credit and income",
        "All applications are subject to a credit check, and approval is not guaranteed",
        "Most applicants get a decision within 24 hours, subject to our checks",
        "Please repay on time; late payments will affect your credit record",
        "Your statement is ready. Paying on time keeps your credit record clean",
        "Download the {bank} app only from the official app store",
        "Don't tap links in unexpected texts and don't install apps from unknown sources",
        "We charge no processing fee, no deposit and nothing else before the loan is paid out",
        "If your application is declined, it costs you nothing and you can apply again later",
        "Early repayment is free; interest is charged only for the days you borrow",
        "Daily rate 0.02%, APR 7.3% (simple interest), no other charges",
        "Late-payment records drop off automatically five years after repayment; nobody can remove them sooner",
        "Warning: people who offer to delete late payments from your report are scammers",
        "Can a collector call my relatives?",
        "I was three days late. If I pay now, will it still show on my report?",
        "They said approval depends on my credit and income and the limit is set after review. Sounds legit?",
        "The agent said nothing is charged before payout and interest starts the day after. Is that right?",
        "APR {apr}%: borrowing 10,000 over 12 months costs about {amount} a month, all fees listed",
        "Interest-free vouchers apply to selected items only; see the offer terms",
        "To close your account, use Settings > Account in the official app or call our official hotline",
        "Closing an account does not remove the history of past loans",
        "I want to close a loan app account I no longer use. Anything I should know?",
    ],
}

EXTRA_FORMATS = {
    "zh": [
        "客服：您好\n我：你好，我想借钱\n客服：{body}\n我：好的",
        "【系统消息】{body}【立即处理】",
        "弹窗：{body} [确定] [取消]",
        "来电（自称{brand}客服）：{body}",
        "朋友圈：{body}，有需要的私聊",
        "{brand}｜{body}｜{contact}",
        "✅{body}\n✅{filler}\n👉{contact}",
        "专员：{body}\n专员：有问题随时问我",
        "今天接到一个电话，说{body}，让我赶紧操作，这是不是诈骗？",
        "群里有人发：{body}",
        "短信：{body}。{contact}",
        "我老公在网上借钱，那边说{body}，我有点担心",
    ],
    "en": [
        "Agent: Hi\nMe: Hi, I want a loan\nAgent: {body}\nMe: OK",
        "[System notice] {body} [Fix now]",
        "Pop-up: {body} [OK] [Cancel]",
        "Caller (says he is from {brand}): {body}",
        "Posted in a group chat: {body}. DM for details",
        "{brand} | {body} | {contact}",
        "✅ {body}\n✅ {filler}\n👉 {contact}",
        "Officer: {body}\nOfficer: reply here if you have questions",
        "I got a call today saying {body}, and they want me to hurry. Is this a scam?",
        "Text message: {body}. {contact}",
        "My mum is trying to borrow online and they told her {body}. I'm worried",
    ],
}
NEGATIVE_FORMATS = {
    "zh": [
        "{body}",
        "【{bank}】{body}",
        "客服：您好，{body}。",
        "【温馨提示】{body}",
        "{body}\n{filler}",
        "我：请问年化利率多少？\n客服：{body}",
        "海报：{body}",
        "弹窗：{body} [我知道了]",
    ],
    "en": [
        "{body}",
        "[{bank}] {body}",
        "Agent: Hello, {body}.",
        "Notice: {body}",
        "{body}\n{filler}",
        "Me: What's the APR?\nAgent: {body}",
        "Poster: {body}",
        "Pop-up: {body} [Got it]",
    ],
}

ZH["code"] = "382914 605177 993402 120638".split()
EN["code"] = ZH["code"]
ZH["card"] = "0321 8867 1450 6612".split()
EN["card"] = ZH["card"]
ZH["filler"] = FILLER["zh"]
EN["filler"] = FILLER["en"]
for _cat, _by_language in EXTRA_CLAIMS.items():
    for _language, _claims in _by_language.items():
        CLAIMS[_cat][_language] = CLAIMS[_cat][_language] + _claims
for _language in ("zh", "en"):
    QUOTED[_language] = QUOTED[_language] + EXTRA_QUOTED[_language]
    NEGATIVES[_language] = NEGATIVES[_language] + EXTRA_NEGATIVES[_language]
    FORMATS[_language] = FORMATS[_language] + EXTRA_FORMATS[_language]

# Unhedged speed and approval words inside other categories' claims carry that category too.
_ALSO = {
    "instant_approval": (
        "马上放款",
        "马上到账",
        "立即放款",
        "立即到账",
        "马上打",
        "立刻放款",
        "秒下",
        "当天到账",
        "released today",
        "immediately",
        "in minutes",
    ),
}


# ----------------------------------------------------------------------------- third round (issue 14)
# The kinds still missed on unseen texts: advance fees with no "fee" word at all (a code to buy, a
# wallet to activate, gift cards or crypto sent privately); debts and records said to vanish; blanket
# approval as a refund promise, "only an ID", or loan-source slang; hidden cost as pocket change a day
# or "0% and free for everyone". Hard negatives: warnings, news and notices that quote these words, and
# disclosures written in the same formats (SMS, chat, pop-up, poster).

ZH["fee"] += (
    "解锁费 激活码费 放款码 提现码 资金释放金 账户升级费 保底金 信誉金 通道维护费 解绑费 出款保证金 信用激活费".split()
)
ZH["pay"] += (
    "私下转给我 加我私人微信转 买500元礼品卡把卡密发我 用比特币付 通过USDT-TRC20转 转到我发你的支付宝 "
    "发抖音红包 买话费卡把卡密发我 往安全账户里存 打到担保人账户"
).split()
ZH["framing"] += (
    "激活提现功能 释放冻结资金 解冻账户 提升放款优先级 加速审核 刷新额度 恢复打款 打通放款通道".split()
)
EN["fee"] += (
    "unlock code|activation code|release code|wallet activation deposit|priority boost|account upgrade|"
    "guarantor deposit|clearance deposit|channel fee|unfreeze charge"
).split("|")
EN["pay"] += (
    "privately on WhatsApp|in Razer Gold codes|via a Bitcoin ATM|in USDT on TRC20|to my personal Cash App|"
    "with Walmart gift cards|through a private chat with me|to the guarantor's account"
).split("|")
EN["framing"] += (
    "to activate withdrawals|to release your frozen balance|to unfreeze the account|to boost your priority|"
    "to refresh your limit|to restart the transfer|to open the payout channel"
).split("|")
ZH["cents"] = "5毛 2毛 1块 几毛 几分 3毛".split()
EN["cents"] = "30 cents|50 cents|a few cents|pocket change|less than a dollar|a dime".split("|")

THIRD_CLAIMS: Dict[str, Dict[str, List[str]]] = {
    "fee_before_disbursement": {
        "zh": [
            "先买{amount}元京东卡，把卡密发给客服，钱就放出来了",
            "提现需要激活码，激活码{amount}元，找客服私下购买",
            "额度已批，还需要做一笔{amount}元的还款能力验证",
            "你的钱在系统里卡住了，私聊我转{amount}帮你释放",
            "交{amount}元保险，保险公司担保后才能放款",
            "充值{amount}元开通会员，才能解锁提现",
            "转{amount}USDT到这个地址，系统确认后放款",
            "先还一期利息{amount}元，证明你有还款能力",
            "提额需要先存{amount}元到自己卡里截图，再转到指定账户",
            "钱包余额显示已到账，但要{framing}才能提出来，费用{amount}元",
            "{pay}，然后{framing}，钱就到你卡上",
            "解冻需要{amount}，我先帮你垫一半，你转另一半",
        ],
        "en": [
            "buy {amount} of gift cards and send me the codes, then the loan is released",
            "your funds are stuck; message me privately and pay {amount} to unfreeze them",
            "purchase an activation code for {amount} from our agent to withdraw",
            "top up {amount} to boost your limit and unlock the payout",
            "send {amount} in USDT to this wallet to release the loan",
            "an insurance premium of {amount} must be paid so the insurer can back your loan",
            "pay the first repayment in advance to show you can repay",
            "your wallet must be activated with a {amount} deposit before you can withdraw",
            "a small {fee} releases your frozen balance",
            "we just need {amount} to clear the hold, then you get paid",
            "pay {pay} {framing}, and the money lands in your account",
            "the balance shows in your wallet but you need {framing} first, it costs {amount}",
        ],
    },
    "fake_official": {
        "zh": [
            "系统检测到您的收款账户异常，资金已被银行安全部门锁定",
            "因银行卡信息填写错误，放款被系统退回并冻结",
            "您的借款触发监管风控，账户已冻结",
            "您的贷款账户已被列入监管名单，需要配合核查",
        ],
        "en": [
            "because of an incorrect account number, the system has frozen your loan",
            "your funds are held by the bank's security department",
            "your loan triggered a regulatory risk check and the account is frozen",
            "your account has been placed on a regulator's watch list",
        ],
    },
    "credit_washing": {
        "zh": [
            "债务注销，合法不用还",
            "征信重置，重新开始",
            "帮您办理新的信用档案，旧账一笔勾销",
            "逾期记录48小时内消失",
            "网贷债务一次性清零，律师团队操作",
            "失信记录可以撤销，内部渠道办理",
            "黑名单{days}天解除",
            "上了征信的逾期可以撤回，花点钱就行",
            "所有网贷逾期记录一键消除",
            "欠款不用还了，我们帮你走注销流程",
            "换一个信用身份，之前的欠款和你无关",
        ],
        "en": [
            "we wipe your debts legally so you never pay them back",
            "get a new credit identity (CPN) and a clean file",
            "negative records deleted within {days} days",
            "we make your debt disappear",
            "your late payments erased from the bureau",
            "debt cancellation service: your loans written off",
            "reset your credit score to perfect in a week",
            "we take you off the blacklist in {days} days",
            "start over with a fresh credit file, old loans gone",
        ],
    },
    "guaranteed_approval": {
        "zh": [
            "不下款不收钱，批不了退全款",
            "只需一张身份证，其他都不要",
            "有身份证就能借",
            "无需任何资料，身份证即可",
            "新口子，下款率100%",
            "必下口子，人人有额度",
            "强下口子，黑白户都能过@@no_credit_check",
            "审核不通过全额退费",
            "零门槛，来就过",
            "没有批不下的",
            "只要年满18岁就能借",
            "拿身份证来就给额度",
        ],
        "en": [
            "if we don't approve you, we refund you in full",
            "only an ID needed",
            "nothing but your ID card required",
            "no paperwork, just your ID",
            "zero rejections, everyone qualifies",
            "approval is a sure thing",
            "we never say no",
            "no documents, no questions, you're in",
            "anyone over 18 gets a loan",
            "declined? every cent back",
        ],
    },
    "no_credit_check": {
        "zh": [
            "征信花白都能办",
            "黑名单照样放",
            "大数据不好也可以",
            "逾期多少次都无所谓",
            "网黑也能下",
        ],
        "en": [
            "no credit score needed",
            "we don't check your file",
            "bad credit, no credit, all welcome",
            "past defaults don't matter to us",
        ],
    },
    "hidden_cost": {
        "zh": [
            "每天只需{cents}钱",
            "借1000一天只要{cents}",
            "每天一个鸡蛋钱",
            "每天少喝一瓶水就够还",
            "0息0手续费，所有人都适用",
            "全场零利率，人人免费借",
            "日利率低至0.01%",
            "利息低到可以忽略",
            "每月还一点点，利息几乎为零",
            "借一万，一天才{cents}",
        ],
        "en": [
            "just {cents} a day",
            "costs less than a candy bar a day",
            "0% APR and zero fees for every customer",
            "free to borrow for everyone, no interest and no fees",
            "only 0.02% a day",
            "pay back {cents} each day",
            "borrow 1,000 for {cents} a day",
            "so cheap you won't even notice it",
        ],
    },
    "paid_negotiation": {
        "zh": ["交{amount}元，我们帮你申请停催、减免罚息", "债务重组服务，预付服务费，不用再还利息"],
        "en": [
            "pay {amount} and we get your penalties waived",
            "debt restructuring service: pay up front, no more interest",
        ],
    },
    "remote_control": {
        "zh": ["加个视频会议，把屏幕打开给我看", "把刚收到的短信内容截图发我"],
        "en": [
            "start a video call and show me your screen",
            "screenshot the text we just sent you and send it to me",
        ],
    },
}

THIRD_QUOTED = {
    "zh": "激活码 卡密 USDT 礼品卡 债务注销 征信重置 新的信用档案 逾期记录消失 只需身份证 不下款全额退款 "
    "必下口子 每天几毛钱 0息0费 解冻金 私下转账".split(),
    "en": [
        "buy an activation code",
        "send the gift card codes",
        "pay in USDT",
        "make your debt disappear",
        "a new credit identity",
        "records deleted in days",
        "only an ID needed",
        "full refund if not approved",
        "pennies a day",
        "0% and no fees for everyone",
        "pay to unfreeze your loan",
    ],
}

THIRD_NEGATIVES = {
    "zh": [
        "【{bank}】提醒：凡是以“{quoted}”为由要求您转账、买礼品卡或转USDT的都是诈骗",
        "警方通报：近期有人冒充贷款客服，以“{quoted}”为由骗取钱财，已立案侦查",
        "新闻：市民轻信“{quoted}”，被骗2万元。警方提醒：正规贷款放款前不收任何费用",
        "反诈海报：“{quoted}”？是骗子！全国反诈专线96110",
        "征信中心提醒：不存在付费删除逾期记录的业务，所谓“{quoted}”都是骗局",
        "借款合同第五条：借款人按月付息，年化利率{apr}%，本合同项下不收取其他任何费用",
        "您的贷款申请未通过审核，本次申请不收取任何费用，{days}个月后可再次申请",
        "温馨提示：本平台所有费用均在借款合同中列明，放款前不收取任何费用",
        "利率说明：日利率0.03%，年化利率10.95%，借1000元30天利息9元，无其他费用",
        "新用户首借30天免息，仅限一次，超期按年化利率{apr}%计息，详见借款协议",
        "审批结果与个人资质有关，我们无法保证每位申请人都能获批",
        "申请需要身份证、收入证明，并授权查询征信报告",
        "防骗提醒：我们不会让您购买礼品卡、激活码，也不会通过私人账户收款",
        "监管提示：网上所谓“债务注销”“征信洗白”都是诈骗，欠款要依法偿还",
        "我收到“交钱解冻”的短信，没有理会，直接删了",
        "银行客服说申请不成功也不收费，需要看征信和收入，额度以审批为准",
        "您尾号{card}的借款已结清，结清证明可在App中下载",
        "账户安全提示：如有陌生人要求屏幕共享或索要验证码，请立即挂断",
        "讲座通知：如何识别“{quoted}”等贷款诈骗话术，欢迎社区居民参加",
        "按合同约定，提前还款只需支付实际占用天数的利息，不收违约金",
        "不良信息自不良行为终止之日起保存5年，期满后自动删除",
        "逾期还清满5年后，记录会自动从征信报告中删除，任何人都无法提前删除",
        "符合条件的逾期信息按一次性信用修复政策不予展示，无需申请、不收费用、不用找中介",
        "请在手机自带的应用商店下载官方App，不要通过短信链接安装",
        "下载官方App后，在首页点击“借款”即可申请，审批以实际结果为准",
        "没有通过审核的申请不收取任何费用，审批结果以短信为准",
    ],
    "en": [
        "[{bank}] Reminder: anyone asking you to transfer money, buy gift cards or send USDT for '{quoted}' is a scammer",
        "Police report: fraudsters posing as loan agents used '{quoted}' to take victims' money; a case is open",
        "News: a resident believed '{quoted}' and lost 20,000. Police say licensed lenders charge nothing before payout",
        "Anti-fraud poster: '{quoted}'? It's a scam! Call 96110",
        "Credit bureau notice: nobody can pay to delete late payments; offers to '{quoted}' are scams",
        "Loan agreement, clause 5: interest is paid monthly at {apr}% APR; no other fees are charged under this agreement",
        "Your application was not approved. You have not been charged anything and may reapply in {days} months",
        "All fees are listed in your loan agreement; we charge nothing before the loan is paid out",
        "Rate details: 0.03% a day, 10.95% APR; borrowing 1,000 for 30 days costs 9 in interest, no other fees",
        "New customers: first 30 days interest-free, once only; after that {apr}% APR applies, see the agreement",
        "Whether you are approved depends on your circumstances; we cannot promise approval to every applicant",
        "To apply you need your ID and proof of income, and you must allow a credit check",
        "Stay safe: we never ask you to buy gift cards or activation codes, and never take payment to personal accounts",
        "Regulator warning: 'debt cancellation' and 'credit cleaning' offers are scams; debts must be repaid lawfully",
        "I got a text telling me to pay to unfreeze a loan. I ignored it and deleted it",
        "The bank said a declined application costs nothing and the limit depends on my credit and income",
        "The loan on your account ending {card} is fully repaid; download the settlement letter in the app",
        "Security tip: if a stranger asks you to share your screen or read out a code, hang up",
        "Community talk: how to spot loan scam lines such as '{quoted}'. All residents welcome",
        "Under the agreement, early repayment costs only the interest for the days used, with no penalty",
        "Negative information is kept for five years after the debt ends and then deleted automatically",
        "Download our official app from your phone's app store; never install apps from links in texts",
        "Eligible past late payments are no longer shown under the one-time credit relief policy; no fee, no agent",
        "After installing the official app, tap 'Borrow' to apply; the decision depends on our review",
        "A declined application costs nothing; the decision is sent by text",
    ],
}

THIRD_FORMATS = {
    "zh": [
        "【短信】{body}",
        "客服(微信)：{body}\n客服：转账后截图发我",
        "App弹窗：⚠️{body} [去处理]",
        "海报：【{brand}】\n{body}\n扫码添加客服",
        "通话记录：\n对方：{body}\n我：真的吗？\n对方：是的，抓紧时间",
        "抖音评论区：{body} 私我",
        "贴吧帖子：{body}，需要的加{contact}",
        "那人在电话里说，{body}",
    ],
    "en": [
        "SMS: {body}",
        "WhatsApp chat:\nAgent: {body}\nAgent: send a screenshot after you pay",
        "In-app pop-up: ⚠️ {body} [Go]",
        "Flyer: {brand}\n{body}\nScan to add our agent",
        "Call log:\nCaller: {body}\nMe: Really?\nCaller: yes, hurry",
        "Comment under a video: {body} DM me",
        "Forum post: {body}. Contact {contact}",
        "The woman on the phone said {body}",
    ],
}
THIRD_NEGATIVE_FORMATS = {
    "zh": [
        "【短信】{body}",
        "客服(微信)：{body}\n我：好的，谢谢",
        "App弹窗：⚠️{body} [我知道了]",
        "海报：{body}\n{bank}",
        "来电（{bank}官方客服）：{body}",
        "公众号推文：{body}",
    ],
    "en": [
        "SMS: {body}",
        "WhatsApp chat:\nAgent: {body}\nMe: OK, thanks",
        "In-app pop-up: ⚠️ {body} [Got it]",
        "Flyer: {body}\n{bank}",
        "Call from {bank}'s official line: {body}",
        "Newsletter: {body}",
    ],
}

for _cat, _by_language in THIRD_CLAIMS.items():
    for _language, _claims in _by_language.items():
        CLAIMS[_cat][_language] = CLAIMS[_cat][_language] + _claims
for _language in ("zh", "en"):
    QUOTED[_language] = QUOTED[_language] + THIRD_QUOTED[_language]
    NEGATIVES[_language] = NEGATIVES[_language] + THIRD_NEGATIVES[_language]
    FORMATS[_language] = FORMATS[_language] + THIRD_FORMATS[_language]
    NEGATIVE_FORMATS[_language] = NEGATIVE_FORMATS[_language] + THIRD_NEGATIVE_FORMATS[_language]

# ----------------------------------------------------------------------------- fourth round: look-alikes
# Legitimate texts that share words with scams (facts.md §4-§6): a lender's own notices (loan paid out,
# late payments reported, a credit check before any decision, apps from the official store only), a
# borrower who refused or reported a scam, and questions about normal review steps. Generated after
# the rest from their own random stream (see ``build``), so every earlier row stays as it was.
FOURTH_NEGATIVES = {
    "zh": [
        "您的借款5000元已发放至尾号{card}的银行卡，首期还款日见App内还款计划",
        "逾期将按合同计收罚息，并依法报送征信系统，请按时还款",
        "所有申请都会查询征信并评估还款能力，审批结果以审核为准，不保证通过",
        "本行App请仅在手机自带的应用商店下载，工作人员不会发送下载链接",
        "本行工作人员不会要求您开启屏幕共享、提供短信验证码或转账到任何账户",
        "有人打电话让我下载一个App提额，我拒绝了，直接挂了电话",
        "我收到说贷款已批、要先交钱才能放款的短信，没交，已经向96110举报",
        "银行要我提供收入证明和银行流水，这是正常的审核吗？",
        "信用卡还款困难可以直接联系发卡银行协商分期，不需要付费找中介",
        "在校学生需要用钱，可以先向学校资助中心了解国家助学贷款",
        "征信报告有错误可以免费提出异议，正确的记录任何人都删不掉",
        "提前还款可以在App内办理，按合同只计算实际使用天数的利息",
    ],
    "en": [
        "Your loan of 5,000 has been paid into the account ending {card}; see the repayment plan in the app",
        "Late payments incur default interest under the contract and are reported to the credit bureau as the law requires",
        "Every application includes a credit check and an affordability review; approval is not guaranteed",
        "Only download our app from your phone's official app store; our staff never send download links",
        "Our staff will never ask you to share your screen, read out an SMS code or move money to another account",
        "Someone called asking me to install an app to raise my limit. I refused and hung up",
        "I got a text saying my loan was approved but I had to pay first. I didn't pay and reported it to 96110",
        "My bank asked for proof of income and bank statements. Is that a normal part of the review?",
        "If you struggle with card repayments, ask your bank directly about an instalment plan; you don't need a paid agent",
        "Students who need money can ask the university's student aid office about official student loans",
        "Errors on your credit report can be disputed for free; nobody can remove accurate records",
        "You can repay early in the app; under the contract you pay interest only for the days used",
    ],
}


# ----------------------------------------------------------------------------- scams in safety language
# Scam ads borrow the words of safety notices ("谨防假冒", "beware of fake apps") to look official and to
# slip past a checker that clears warnings. Each is stacked on a scam claim (see ``build``), so these rows
# are misleading: a warning word near a claim must not clear it.
DISCLAIMERS = {
    "zh": [
        "谨防假冒，认准官方",
        "谨防诈骗，本平台正规持牌",
        "别信其他小平台的套路",
        "警惕电信诈骗，请认准本公司专属客服",
        "不要轻信网上的虚假宣传，我们才是正规渠道",
        "提高警惕，谨防被骗，我们正规放款",
        "远离高利贷和套路贷，选择我们",
        "小心上当，只认官方客服{contact}",
        "反诈提醒：认准唯一官方渠道",
        "别人都是骗子，只有我们靠谱",
    ],
    "en": [
        "Beware of fake apps, we are the real one",
        "Beware of scammers! We are a licensed lender",
        "Don't believe other platforms' tricks",
        "Stay away from loan sharks, choose us",
        "Avoid scams: only trust our official agent",
        "Be careful of fraud, we never cheat our customers",
        "Anti-scam notice: this is the only official channel",
        "Others are scammers, we are the real deal",
    ],
}


# ----------------------------------------------------------------------------- fee words in every context
# A fee word (服务费, 手续费, 管理费, 会员费, 咨询费; service fee, handling fee, membership fee) points to no
# single category by itself: it appears in legitimate disclosures (fees listed and counted in the APR),
# in hidden-cost ads (0% interest, then a monthly or per-period fee), in fees before disbursement (only
# when paid before the money arrives) and in paid negotiation (only with 停息挂账 / debt-relief words).
# The last two keep their templates above; these add the first two, so that the words are balanced.
# Weighted towards 服务费 / service fee, which the paid-negotiation claims use most.

# Their own slots and rows, generated after the rest from their own random stream (see ``build``), so
# that adding them leaves every earlier row as it was.
FEE_SLOTS = {
    "zh": {
        "fee_word": "服务费 服务费 服务费 手续费 手续费 管理费 会员费 咨询费 咨询费 平台服务费 技术服务费 "
        "账户管理费".split(),
        "monthly": "30 50 88 99 120 199 300 500".split(),
        "per_period": "0.5 0.6 0.75 0.8 1 1.2 1.5".split(),
    },
    "en": {
        "fee_word": (
            "service fee|service fee|service fee|handling fee|handling fee|membership fee|management fee|"
            "account fee|platform service fee|service charge|consulting fee"
        ).split("|"),
        "monthly": "$5|$9.90|$15|$30|$49|300 yuan|88 yuan|¥120".split("|"),
        "per_period": "0.5 0.6 0.75 0.8 1 1.2 1.5".split(),
    },
}

FEE_CLAIMS: Dict[str, Dict[str, List[str]]] = {
    "hidden_cost": {
        "zh": [
            "0利息，每月{fee_word}{monthly}元",
            "零利息！每期只收{fee_word}{monthly}元",
            "免息借款，每月收取{fee_word}{monthly}元",
            "不收利息，只收{fee_word}，每月{monthly}元",
            "利息全免，{fee_word}每期仅{per_period}%",
            "0息借款，{fee_word}按月收取，每月仅需{monthly}元",
            "借1万，0利息，每月只付{monthly}元{fee_word}",
            "无利息，按期收{fee_word}{per_period}%，还款轻松",
            "本金分期还，不收一分利息，每月另收{fee_word}",
        ],
        "en": [
            "0 interest, monthly {fee_word} {monthly}",
            "zero interest! just a {fee_word} of {monthly} a month",
            "interest-free, only {monthly} {fee_word} per instalment",
            "no interest at all, we only charge a monthly {fee_word}",
            "0% interest, {fee_word} just {per_period}% per month",
            "interest-free loan with a small {fee_word} every period",
            "borrow 10,000 with no interest, pay only a {monthly} {fee_word} each month",
            "no interest, a {fee_word} of {per_period}% each instalment and that's it",
        ],
    },
    # the same words paid before the money arrives
    "fee_before_disbursement": {
        "zh": [
            "放款前先交{fee_word}{monthly}元",
            "贷款已批，需先支付{fee_word}才能到账",
            "到账前请{pay}，缴纳{fee_word}",
            "先付{fee_word}，钱马上打到您卡上",
        ],
        "en": [
            "pay a {fee_word} of {monthly} before we release your loan",
            "your loan is ready, the {fee_word} must be paid first",
            "the money arrives once you pay the {fee_word} {pay}",
            "{approved}, just pay the {fee_word} up front",
        ],
    },
}

FEE_NEGATIVES = {
    "zh": [
        "服务费已计入综合年化成本，年化利率{apr}%（单利），详见合同",
        "手续费每期{per_period}%，折合年化约{apr}%，已在合同中列明",
        "借款1万元分12期，每月{fee_word}{monthly}元，已计入年化利率{apr}%",
        "本产品收取{fee_word}，综合年化成本{apr}%（含利息及全部费用）",
        "{bank}信用卡分期：手续费按期收取，每期{per_period}%，年化利率约{apr}%，请仔细阅读合同",
        "除利息外每月收取{fee_word}{monthly}元，放款后按月收取，合计综合年化成本{apr}%",
        "费用说明：利息+{fee_word}，综合年化利率{apr}%，放款前不收取任何费用",
        "客服说每月有{monthly}元{fee_word}，但已算进年化{apr}%里，合同都写了，这正常吗？",
        "会员费不是借款条件，不开通会员也能申请，综合年化成本{apr}%",
        "分期手续费{per_period}%每期，换算成年化利率大约{apr}%，在借款页面可查看",
        "利息和{fee_word}合计折算年化利率{apr}%，合同中已列明",
        "每月利息加{fee_word}共约{monthly}元，综合年化利率{apr}%，放款后才开始收取",
    ],
    "en": [
        "The service fee is included in the APR of {apr}%; see your agreement",
        "Handling fee {per_period}% per instalment, about {apr}% APR, listed in the contract",
        "The monthly {fee_word} of {monthly} is included in the {apr}% APR shown above",
        "Total cost {apr}% APR, including interest and all fees, {fee_word} included",
        "Fees: {fee_word} {monthly} a month, charged after payout; APR including fees {apr}%",
        "The agent said there is a {fee_word} of {monthly} a month, but the {apr}% APR already includes it "
        "and it's in the contract. OK?",
        "Membership is optional and not needed to borrow; APR {apr}% including all fees",
        "Card instalments: a {per_period}% handling fee each month, about {apr}% APR, shown before you confirm",
        "Cost of credit: interest plus a {fee_word}, {apr}% APR in total; nothing is charged before payout",
        "Interest and the {fee_word} together come to {apr}% APR, shown in the contract",
        "Interest is charged monthly plus a {fee_word} of {monthly}; both are counted in the {apr}% APR",
        "Monthly interest and fees: {monthly}, APR {apr}% including the {fee_word}, paid only after payout",
    ],
}

# Disclosure pages, where both honest fee tables and hidden-cost ads appear.
FEE_FORMATS = {
    "zh": ["费用说明：{body}", "借款详情\n{body}\n[确认借款]"],
    "en": ["Fees and charges: {body}", "Loan details\n{body}\n[Confirm]"],
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
    "必过": "必guo",
    "黑户": "黑hu",
    "解冻": "解dong",
    "放款": "放k",
    "利息": "lixi",
    "客服": "客f",
    "逾期": "预期",
    "验证码": "验正码",
    "贷款": "带款",
    "下款": "夏款",
    "洗白": "洗百",
    "冻结": "冻洁",
    "手续费": "手续废",
}
_PINYIN = {
    "征信": "zx",
    "网贷": "wd",
    "黑户": "hh",
    "贷款": "dk",
    "下款": "xk",
    "逾期": "yq",
    "保证金": "bzj",
    "必过": "bg",
    "口子": "kz",
    "秒批": "mp",
    "学生": "xs",
    "洗白": "xb",
    "激活": "jh",
    "解冻": "jd",
    "额度": "ed",
    "手续费": "sxf",
    "押金": "yj",
    "验证码": "yzm",
    "身份证": "sfz",
    "利息": "lx",
    "放款": "fk",
    "信用卡": "xyk",
}
# Emoji standing for a character ("借💰" for 借钱, "🈚利息" for 无利息).
_EMOJI_WORD = {
    "钱": "💰",
    "有": "🈶",
    "无": "🈚",
    "不": "🚫",
    "免": "🆓",
    "卡": "💳",
    "手机": "📱",
    "快": "⚡",
}
_EMOJI = "💰🔥✅⭐💯🎉👉🈶🆗💵📱"
_SEPS = [" ", "*", "/", "·", ".", "-", "_", "|", "~", "#", "+", "❤", "💰"]


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
    roll = rng.random()
    if roll < 0.4:
        return text.replace("o", "0", 2).replace("e", "3", 1)
    if roll < 0.6:
        return text.replace("a", "@", 2).replace("i", "1", 1)
    if roll < 0.8:
        return text.upper()
    return text.replace("loan", "l0an").replace("credit", "cr3dit").replace("approv", "aprov")


def obfuscate(rng: random.Random, text: str, language: str) -> Tuple[str, str]:
    if language == "zh":
        kinds: Sequence[Tuple[str, Callable[[str], str]]] = (
            ("spread", lambda t: _spread(rng, t)),
            ("traditional", _traditional),
            ("fullwidth", _fullwidth),
            ("emoji", lambda t: _emoji_in(rng, t)),
            ("homophone", lambda t: _swap(rng, t, _HOMOPHONE)),
            ("pinyin", lambda t: _swap(rng, t, _PINYIN)),
            ("emoji-word", lambda t: _swap(rng, t, _EMOJI_WORD)),
        )
    else:
        kinds = (
            ("spread", lambda t: _en_spread(rng, t)),
            ("fullwidth", _fullwidth),
            ("emoji", lambda t: _emoji_in(rng, t)),
            ("leet", lambda t: _leet(rng, t)),
        )
    name, fn = rng.choice(kinds)
    text = fn(text)
    if rng.random() < 0.25:  # ads stack obfuscations
        second, fn2 = rng.choice(kinds)
        text, name = fn2(text), name + "+" + second
    return text, name


# ----------------------------------------------------------------------------- assembly


def _fill(rng: random.Random, template: str, language: str) -> str:
    slots = dict(ZH if language == "zh" else EN)
    values = {k: rng.choice(v) for k, v in slots.items()}
    values["days"] = rng.choice(["3", "5", "7", "10"])
    values["quoted"] = rng.choice(QUOTED[language])
    return template.format(**values)


def _claim(rng: random.Random, category: str, language: str) -> Tuple[str, List[str], str]:
    """One claim of ``category``, every category its words make (see ``_ALSO``) and the claim's
    template family (``category/language/index``, what group-wise validation holds out)."""
    index = rng.randrange(len(CLAIMS[category][language]))
    template = CLAIMS[category][language][index]
    cats = [category]
    if "@@" in template:
        template, extra = template.split("@@")
        cats += extra.split(",")
    text = _fill(rng, template, language)
    for also, words in _ALSO.items():
        if any(w in text for w in words):
            cats.append(also)
    return text, cats, f"{category}/{language}/{index}"


def _fee_fill(rng: random.Random, template: str, language: str) -> str:
    """``template`` with the fee slots (:data:`FEE_SLOTS`) filled, then the others (:func:`_fill`)."""
    for slot, values in FEE_SLOTS[language].items():
        template = template.replace("{" + slot + "}", rng.choice(values))
    return _fill(rng, template, language)


_JOINERS = {"zh": ["，", "，", "！", "。", " ", "\n", "～"], "en": [". ", ". ", "! ", ", ", " - ", "\n"]}


def _verdict(categories: Sequence[str]) -> str:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from loancoach.redflags.detector import verdict_for

    return verdict_for(categories)


def _join(language: str, parts: List[str], rng: Optional[random.Random] = None) -> str:
    joiner = rng.choice(_JOINERS[language]) if rng is not None else ("，" if language == "zh" else ". ")
    return joiner.join(p for p in parts if p)


def build(
    seed: int = SEED,
    per_category: int = 400,
    negatives_per_language: int = 1600,
    fee_positives: int = 120,
    fee_negatives_per_language: int = 120,
    look_alikes_per_language: int = 240,
    disclaimed_per_language: int = 200,
) -> List[Dict]:
    rng = random.Random(seed)
    rows: List[Dict] = []
    seen = set()
    names = list(CLAIMS)

    def emit(text: str, language: str, categories: List[str], kind: str, templates: List[str]) -> None:
        if text in seen:
            return
        seen.add(text)
        cats = sorted(set(categories), key=names.index)
        rows.append(
            {
                "text": text,
                "language": language,
                "label": _verdict(cats),
                "categories": cats,
                "kind": kind,
                "templates": templates,
            }
        )

    def ad(
        r: random.Random, first: str, cats: List[str], template: str, language: str, formats, legit_line: bool
    ):
        """An ad around its first claim: other categories' claims stacked on, a filler line, sometimes a
        legitimate-sounding line, one of ``formats``, sometimes obfuscated."""
        parts, templates = [first], [template]
        for chance in (0.4, 0.2):  # ads stack claims of other categories
            if r.random() < chance:
                more, more_cats, more_template = _claim(r, r.choice(names), language)
                cats += more_cats
                parts.append(more)
                templates.append(more_template)
        if r.random() < 0.4:
            parts.insert(r.randrange(len(parts) + 1), r.choice(FILLER[language]))
        if legit_line and r.random() < 0.1 and not {"instant_approval", "hidden_cost"} & set(cats):
            # an ad that also carries a legitimate-sounding line
            parts.append(_fill(r, NEGATIVES[language][r.randrange(3)], language))
        body = _join(language, parts, r)
        text = r.choice(formats).replace("{body}", body)
        finish(r, text, language, cats, "positive", templates)

    def notice(r: random.Random, first: str, template: str, language: str, formats) -> None:
        """A legitimate text around its first line: maybe another legitimate line and a filler, a
        borrower's question or one of ``formats``, sometimes obfuscated."""
        parts, templates = [first], [template]
        if r.random() < 0.3:
            more = r.randrange(len(NEGATIVES[language]))
            parts.append(_fill(r, NEGATIVES[language][more], language))
            templates.append(f"ok/{language}/{more}")
        if r.random() < 0.3:
            parts.insert(0, r.choice(FILLER[language]))
        body = _join(language, parts, r)
        if r.random() < 0.12:  # a borrower asking about a legitimate offer
            fmt = r.choice(FORMATS[language][6:8])
        else:  # ads and notices; stories come with the questions
            fmt = r.choice(formats)
        finish(r, fmt.replace("{body}", body), language, [], "negative", templates)

    def finish(r: random.Random, text: str, language: str, cats: List[str], kind: str, templates) -> None:
        if "{" in text:
            text = _fill(r, text, language)
        if r.random() < 0.35:
            text, how = obfuscate(r, text, language)
            kind += "/" + how
        emit(text, language, cats, kind, templates)

    for category in names:
        for i in range(per_category):
            language = "zh" if i % 2 == 0 else "en"
            first, cats, template = _claim(rng, category, language)
            ad(rng, first, cats, template, language, FORMATS[language], legit_line=True)

    def notices(r: random.Random, table, family: str, count: int, fill=_fill, extra_formats=None) -> None:
        """``count`` legitimate texts a language, each around a line of ``table`` (template family
        ``ok/<language>/<family><index>``) in an ad or notice format."""
        for language in ("zh", "en"):
            formats = FORMATS[language][:5] + NEGATIVE_FORMATS[language]
            if extra_formats:
                formats = formats + extra_formats[language]
            for _ in range(count):
                index = r.randrange(len(table[language]))
                first = fill(r, table[language][index], language)
                notice(r, first, f"ok/{language}/{family}{index}", language, formats)

    notices(rng, NEGATIVES, "", negatives_per_language)

    # Fee words in balanced contexts (see FEE_CLAIMS), from their own stream so the rows above stay put.
    frng = random.Random(seed + 1)
    plan = [("hidden_cost", i) for i in range(fee_positives)]
    plan += [("fee_before_disbursement", i) for i in range(fee_positives // 2)]
    for category, i in plan:
        language = "zh" if i % 2 == 0 else "en"
        index = frng.randrange(len(FEE_CLAIMS[category][language]))
        first = _fee_fill(frng, FEE_CLAIMS[category][language][index], language)
        cats = [category] + [also for also, words in _ALSO.items() if any(w in first for w in words)]
        formats = FORMATS[language] + FEE_FORMATS[language]
        ad(frng, first, cats, f"{category}/{language}/fee{index}", language, formats, legit_line=False)
    notices(frng, FEE_NEGATIVES, "fee", fee_negatives_per_language, _fee_fill, FEE_FORMATS)

    rng.shuffle(rows)

    # Look-alike legitimate texts (see FOURTH_NEGATIVES), from their own stream and appended after the
    # shuffle, so the rows above keep their order.
    notices(random.Random(seed + 2), FOURTH_NEGATIVES, "look", look_alikes_per_language)

    # Scam ads that borrow safety language (see DISCLAIMERS), from their own stream, appended last.
    drng = random.Random(seed + 3)
    for language in ("zh", "en"):
        for _ in range(disclaimed_per_language):
            first, cats, template = _claim(drng, drng.choice(names), language)
            line = _fill(drng, drng.choice(DISCLAIMERS[language]), language)
            parts = [line, first] if drng.random() < 0.6 else [first, line]
            body = _join(language, parts, drng)
            text = drng.choice(FORMATS[language][:5]).replace("{body}", body)
            finish(drng, text, language, cats, "positive/disclaimed", [template])

    return rows
