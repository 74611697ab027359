"""What each red flag looks like, per category and language (the data the detector compiles).

``TRIGGERS[label][language]`` holds ``phrases`` (exact token sequences, looked up on NORM) and
``patterns`` (token patterns in the notation of :mod:`loancoach.redflags.dsl`), both matched by
:mod:`loancoach.redflags.pipelines`. A label is a category name, or
``category:variant`` where the detector applies a rule specific to the variant (see
:mod:`loancoach.redflags.detector`). ``WORD_SETS`` are the ``@NAME`` sets the patterns use.

Chinese patterns run on jieba tokens. Every Chinese word used here is added to the detector's own
jieba dictionary (see :mod:`loancoach.redflags.pipelines`) so that it comes out as one token; where
jieba may still cut a compound two ways, both forms are listed. English patterns run on the
tokens spaCy's English tokenizer gives (:mod:`loancoach.redflags.entokens`); English words here also form the vocabulary for typo correction ("garanteed" is
read as "guaranteed").

The examples in comments are illustrations, not a test set; the labelled texts are in
``tests/redflags/``.
"""

from __future__ import annotations

from typing import Dict, List

ZH_SETS: Dict[str, List[str]] = {
    # what a guarantee promises
    "APPROVE": "通过 下款 放款 批 批准 审批 过 到账 成功 拿钱 借到 下 批下来 放 出款 下卡 贷到 借款 拿到钱 到手".split(),
    "GUARANTEE": "保证 确保 承诺 肯定 一定 绝对 百分百 百分之百 包 必 稳 100%".split(),
    # descriptions of a weak credit profile
    "BAD_CREDIT": (
        "黑户 白户 花户 网黑 黑名单 失信 老赖 逾期 有逾期 当前逾期 负债 负债高 高负债 呆账 征信花 征信黑 "
        "征信不好 征信差 信用不好 信用差 信用不良 芝麻分 大数据 查询多 黑白户 白户黑户 黑户白户 不良 收入 "
        "信用分 资质"
    ).split(),
    "WEAK": "了 高 多 差 不好 严重 花 黑 花了 黑了 低 不够 不足 太低 太高 太多 太 一般 有问题".split(),
    "CAN": "可 能 可以 能够 照样 照常 一样 也可 也能 都可 都能 均可 都可以 也可以 也 都 均 照".split(),
    "LEND": "贷 借 下 下款 放款 批 做 办 贷款 借款 过 拿钱 放 批款 下卡 借钱 批下来 贷到 借到".split(),
    "CAN_LEND": "可贷 能贷 可借 能借 可下 能下 可批 能批 可做 能做 可办 能办 可过 能过 秒下 必下 照下".split(),
    "NOCHECK": "不看 不查 无视 不管 不问 不限 不要求 免查 不审 不审核 不需要查 不上 不查询 不看重".split(),
    "NOCHECK_OBJ": (
        "征信 信用 黑白户 负债 大数据 芝麻分 网黑 逾期 信用记录 征信记录 资质 信用分 征信报告 "
        "黑户 白户 收入 工作 流水 查询 查询记录"
    ).split(),
    # paying money
    "PAY": "交 缴 缴纳 交纳 支付 付 付款 转 转账 转入 充值 存入 打款 汇款 缴费 交费 充 存 垫付 交付 交钱 付钱".split(),
    "PREPAY": "先交 先付 先缴 先缴纳 先支付 先转 先转账 先打款 先充值 先存 先垫付 预付 预交 预缴 先交钱 先付钱".split(),
    "BEFORE": "放款前 下款前 到账前 放款之前 下款之前 到账之前 提现前 出款前 审批前 放款以前 先 首先 预先 事先".split(),
    "SCAM_FEE": (
        "保证金 解冻费 解冻金 认证金 认证费 验资费 验资金 刷流水 激活费 流水费 信用保证金 还款保证金 "
        "解冻资金 验证金 包装费 疏通费 好处费 做单费"
    ).split(),
    "FEE_NOUN": (
        "费 费用 手续费 服务费 会员费 保险费 押金 定金 保证金 工本费 管理费 咨询费 认证金 认证费 解冻费 "
        "解冻金 验资费 激活费 钱 一笔钱 资金"
    ).split(),
    "DISBURSE": "放款 下款 到账 提现 解冻 出款 打款 放 下 拿到钱 借到 出额度 审批 通过".split(),
    "THEN": "才能 才可以 才可 才 方可 然后 再 后 之后 即可 就能 就可以 马上 立即 才会 就会 就 便可".split(),
    # credit washing
    "REMOVE": "消除 删除 清除 洗掉 抹去 抹掉 去除 消掉 撤销 撤掉 洗白 修复 清洗 清理 铲除 删掉 去掉 处理掉 铲掉 洗".split(),
    "RECORD": (
        "逾期记录 不良记录 黑记录 逾期 不良 查询记录 查询次数 呆账 征信记录 不良信息 逾期信息 黑名单 "
        "征信 信用记录 网贷记录 硬查询"
    ).split(),
    "ENABLE": "均可 都可 都可以 均能 都能 可 可以 能 能够 快速 立即 马上 一键 帮 帮你 帮您 帮忙 包 保证 专业 全部 全 都 均 轻松 彻底".split(),
    # insider channel / document packaging
    "DOCS": "流水 工资流水 银行流水 工资 社保 公积金 收入证明 工作证明 资料 材料 房产证 征信 负债 资质 工作单位".split(),
    "FAKE_DOC": "包装 美化 伪造 造假 做假 做 P图 修改 优化".split(),
    "OTHERS": "别人 他人 朋友 亲戚 家人 亲友 第三方 担保人".split(),
    # fake officials
    "OFFICIAL": (
        "银保监会 银保监 保监会 银监会 金融监管总局 监管总局 国家金融监督管理总局 人民银行 央行 监管部门 监管局 金融局 "
        "公安局 公安 派出所 法院 检察院 证监会 金融办 网警 征信中心"
    ).split(),
    "NOTICE": "通知 公函 文件 红头文件 函 发函 告知书 传票 警告 通知书 通告 冻结令 协查函".split(),
    "HOLDING": "资金 账户 贷款 额度 款项 银行卡 借款 名下 资产 钱款 卡".split(),
    # student targeting
    "STUDENT": "大学生 学生 学生党 在校生 在校学生 在校大学生 大学生们 校园 高校学生 研究生".split(),
    # remote control
    "GIVE": "提供 告诉 告知 发给 报 念 转发 说出 索要 透露 读 报给 提供给 转发给 发送给 截图 念给 拍给 报一下".split(),
    "CODE": "验证码 动态码 校验码 短信码 动态验证码 短信验证码 手机验证码 密码 支付密码".split(),
    "REMOTE_APP": "会议 腾讯会议 钉钉 zoom teamviewer 向日葵 todesk anydesk 会议软件 远程软件 屏幕共享".split(),
    # borrowing to repay
    "B2R": "以贷养贷 借新还旧 以贷还贷 拆东墙补西墙 借新债还旧债 借钱还债 倒贷 借新还老".split(),
    "OFFER": "帮你 帮您 为你 为您 提供 专做 专业 办理 可做 可办 轻松 一站式 找我 找我们 支持 代办 帮 教你 包 可以".split(),
    "OFFER_AFTER": "找我 找我们 方案 服务 业务 专家 团队 轻松 无忧 神器 秘籍 攻略 渠道".split(),
    "REPAY": "还清 还掉 还上 结清 偿还 填上 补上 平掉".split(),
    "DEBTS": "网贷 平台 欠款 债务 信用卡 贷款 负债 旧账 其他贷款".split(),
    # paid negotiation
    "RELIEF_STRONG": "停息挂账 停息分期 停息 停催 债务优化 退息 减免息费 全额减免 免除利息".split(),
    "RELIEF": "停息挂账 停息分期 停息 停催 债务优化 退息 个性化分期 延期还款 协商还款 分期协商 减免 协商 债务重组 协商分期".split(),
    "AGENT_AFTER": "包 包成功 包办 包过 代办 代理 帮你 帮您 成功率 保证 100% 百分百 收费 律师团队 先付 定金 服务费 包下".split(),
    "AGENT_AFTER_ANY": "包成功 包办 代办 代理 成功率 100% 百分百 先付 定金 包过 保证成功".split(),
    "AGENT_BEFORE": "代理 代办 包办 律师团队 法务 专业团队 律师".split(),
    # pressure
    "TODAY": "今天 今日 本周 今晚 当天 本月 三天 这周 当日 此刻 今明两天".split(),
    "URGENT_ACT": "缴纳 处理 联系 还款 还清 转账 完成 支付 交 回复 办理 核实".split(),
    # instant approval
    "TIME_UNIT": "分钟 秒 小时 秒钟".split(),
    "FAST_RESULT": "到账 放款 下款 审批 批 出额度 拿钱 审核 到手 下卡 出款 批款".split(),
    # hidden cost
    "RATE_DAY_MONTH": (
        "日息 日利率 日费率 日利 月息 月利率 月费率 月利 月费 日费 每日利率 每月利率 每天 每日 一天 每月 日 月 "
        "每期 期费率 每期费率"
    ).split(),
    "RATE_LEAD": "仅 只 低至 只要 仅需 最低 低 为 是 约 仅为 只需 只收 仅收 收 最低仅 最低至 低到".split(),
    "PERIOD_FEE": "手续费 服务费 费率 管理费 手续费率".split(),
}

EN_SETS: Dict[str, List[str]] = {
    "PAY": "pay paying paid transfer transferring send sending wire remit deposit top".split(),
    "FEE": "fee fees deposit charge charges payment sum amount money".split(),
    "SCAM_FEE_MOD": (
        "security refundable verification activation unfreezing unfreeze unlocking unlock release releasing "
        "thawing guarantee clearance validation certification"
    ).split(),
    "ADVANCE": "upfront up-front advance advanced".split(),
    "BEFORE": "before first beforehand prior upfront up-front".split(),
    "RELEASE": "release unlock unfreeze activate receive disburse withdraw get transfer access".split(),
    "LOAN": "loan loans money funds disbursement disbursal payout release transfer credit cash".split(),
    "REMOVE": (
        "remove removing removed removal delete deleting deleted erase erasing erased wipe wiping wiped clear "
        "clearing clean cleaning scrub scrubbing expunge eliminate eliminating purge"
    ).split(),
    "BAD_ADJ": "negative bad late overdue adverse default defaults derogatory delinquent missed".split(),
    "BAD_NOUN": (
        "payment payments record records item items mark marks entry entries history information info "
        "remarks listing listings"
    ).split(),
    "PKG_VERB": (
        "package packaging packaged beautify beautifying doctor doctoring fake faking forge forging fabricate "
        "fabricating polish polishing embellish falsify falsifying inflate inflating touch"
    ).split(),
    "DOCS": (
        "documents document docs paperwork statements statement payslips payslip materials records profile "
        "income file files application salary proof"
    ).split(),
    "REGULATOR": "regulator regulators cbirc nfra pboc police court csrc authorities authority ministry bureau".split(),
    "GIVE": "tell give share read forward provide ask request".split(),
    "CODE_MOD": "verification sms security otp one-time confirmation authentication login digit".split(),
    "APP": "app apps apk application software".split(),
    "FAST": "instant instantly immediate immediately same-day express".split(),
    "FAST_NOUN": "approval approvals approved cash loan loans decision payout funding money disbursement credit".split(),
    "RESULT": "approved approval cash money funds payout loan disbursed transferred paid credited".split(),
    "TIME": "seconds second minutes minute mins min hour hours".split(),
}

SETS = {"zh": ZH_SETS, "en": EN_SETS}

TRIGGERS: Dict[str, Dict[str, Dict[str, List[str]]]] = {
    "guaranteed_approval": {
        "zh": {
            "phrases": "必过 包过 必下 包下 包下款 包放款 包批 稳过 必批 包通过 保过 一律通过 全部通过 零拒绝 无条件放款 无条件下款 有求必应 百分百下款 百分百通过 必下款 必放款 秒过必下 保下款".split(),
            "patterns": [
                "@GUARANTEE ?能 @APPROVE",  # 保证下款, 100%通过, 百分百下款
                "100%|百分百|百分之百|保证|绝对 必过|包过|必下|包下|包下款|必下款|稳过|保过|必批",
                "@GUARANTEE 可以|能|会 @APPROVE",
                "人人 ?都 @CAN @LEND",
                "人人 ?都 @CAN_LEND",  # 人人可借
                "保证|承诺 *3 都 @CAN @APPROVE|@LEND",  # 我保证你都能批
                "来 ?就 @CAN_LEND",
                "一律|全部|统统 @APPROVE",
            ],
        },
        "en": {
            "phrases": [
                "guaranteed approval",
                "guaranteed approvals",
                "guaranteed loan",
                "guaranteed loans",
                "guaranteed acceptance",
                "guaranteed cash",
                "guaranteed funding",
                "approval guaranteed",
                "approved guaranteed",
                "guaranteed approved",
                "no rejection",
                "no rejections",
                "zero rejection",
                "approval for everyone",
                "loans for everyone",
                "everyone is approved",
                "everyone gets approved",
                "everyone approved",
                "cannot be rejected",
                "can't be rejected",
                "never rejected",
            ],
            "patterns": [
                "guaranteed|guarantee|guarantees *4 approval|acceptance|loan|loans|yes",
                "guaranteed limit|payout|funds|funding|money|credit",  # a guaranteed limit
                "approval|acceptance|loan|payout|funding|money|limit ?is|are|will ?be guaranteed|certain",
                "everyone|everybody|anyone ?is|gets|get accepted|approved|qualifies",
                "anyone|everyone|everybody *2 can|may borrow",
                "100 % approval|approved|acceptance|success|pass",
                "100% approval|approved|acceptance",
                "every|all applicant|applicants|application|applications ?is|are|will ?be|get|gets approved|accepted",
                "approved|accepted 100 %",
                "approve|approves|accept|accepts /^9\\d(\\.\\d+)?$/ % of",
            ],
        },
    },
    "no_credit_check": {
        "zh": {
            "phrases": "黑户可贷 黑户可借 白户可贷 黑白户可贷 不看征信 不查征信 无视征信 无视黑白户 不上征信查询 征信不好也能贷 征信花了也能下 不看负债 无需征信 不需要征信 征信无要求 不查大数据 不看大数据 来者不拒".split(),
            "patterns": [
                "@NOCHECK ?你|您 ?的 @NOCHECK_OBJ",
                "无需|不需要|不用|无须 ?查 征信|信用|征信报告",
                "@BAD_CREDIT ?、 ?@BAD_CREDIT ?、 ?@BAD_CREDIT ?@WEAK ?@WEAK ?也|都|照样|一样|均 @CAN @LEND",
                "@BAD_CREDIT ?、 ?@BAD_CREDIT ?、 ?@BAD_CREDIT ?@WEAK ?@WEAK ?也|都|照样|一样|均 @CAN_LEND",
                "有 ?逾期|负债|查询 ?也|都|照样 @CAN @LEND",
                "征信|信用 @WEAK ?也|都|照样 @CAN @LEND",
                "征信|信用 @WEAK ?也|都|照样 @CAN_LEND",
                "不 看|查|问|限 ?你|您 ?的 @NOCHECK_OBJ",
                "无视|不限 @NOCHECK_OBJ",
                "零 门槛",
            ],
        },
        "en": {
            "phrases": [
                "no credit check",
                "no credit checks",
                "no credit cheque",
                "no credit cheques",
                "no credit check needed",
                "credit check free",
                "no credit history needed",
                "no credit history required",
                "bad credit ok",
                "bad credit okay",
                "bad credit welcome",
                "bad credit accepted",
                "bad credit approved",
                "bad credit no problem",
                "poor credit ok",
                "poor credit welcome",
                "poor credit accepted",
                "blacklisted accepted",
                "blacklisted welcome",
                "blacklisted borrowers accepted",
                "blacklisted borrowers welcome",
                "blacklisted ok",
                "any credit accepted",
                "all credit accepted",
                "all credit types",
                "credit score doesn't matter",
                "credit doesn't matter",
            ],
            "patterns": [
                "without ?a|any credit check|checks",
                "do|does|will|we n't|not|never check ?your|the|any credit|credit-history|record|records|history|score",
                "never check ?your|the credit",
                "no matter ?what ?your|the ?credit score|history|record|rating",
                "no matter ?what ?your|the credit",
                "regardless ?of ?your|the credit ?score|history|record",
                "even with|if ?a|you|your ?have ?a ?bad|poor|low|terrible|no credit ?score|history|record",
                "even with|if ?you ?have overdue|late|missed|defaulted ?payments|records|loans",
                "bad|poor|low credit ?score|history ?is|are ?ok|okay|fine|welcome|accepted|approved|no problem",
                "blacklisted|bankrupt borrowers|applicants|customers ?are welcome|accepted|ok|approved",
                "even if|though ?you ?are|'re|have ?been blacklisted|bankrupt|overdue|defaulted",
                "bad|poor credit ?? ?! ?. no problem|worries",
                "for ?people|those|borrowers ?with bad|poor|low|damaged credit",
            ],
        },
    },
    "fee_before_disbursement": {
        "zh": {
            "phrases": "保证金 解冻费 解冻金 认证金 认证费 验资费 验资金 刷流水 激活费 流水费 信用保证金 还款保证金 验证金 疏通费 做单费 解冻资金".split(),
            "patterns": [
                "@BEFORE *4 @PAY",  # 放款前需缴纳…, 先交…
                "@BEFORE *4 @PREPAY",
                "@PREPAY",
                "@PREPAY *3 @FEE_NOUN",
                "@BEFORE *4 @PAY *3 @FEE_NOUN",
                "@PAY *4 @FEE_NOUN *2 @THEN *2 @DISBURSE",  # 交解冻费才能提现
                "@DISBURSE 前|之前|以前 *4 @PAY",
                "@PAY *2 @SCAM_FEE",
            ],
        },
        "en": {
            "phrases": [
                "advance fee",
                "advance-fee",
                "upfront fee",
                "upfront fees",
                "up-front fee",
                "up-front fees",
                "upfront payment",
                "upfront charge",
                "upfront charges",
                "upfront deposit",
                "advance payment",
                "unfreezing fee",
                "unfreeze fee",
                "unlocking fee",
                "unlock fee",
                "thawing fee",
                "activation fee",
                "verification fee",
                "verification deposit",
                "security deposit",
                "refundable deposit",
                "release fee",
                "clearance fee",
                "guarantee deposit",
                "guarantee fee",
            ],
            "patterns": [
                "@SCAM_FEE_MOD fee|fees|deposit|payment|charge",
                "@ADVANCE fee|fees|payment|payments|charge|charges|deposit",
                "fee|fees|deposit|payment|charge|charges ?is|are|will|must ?be charged|paid|payable|required|due upfront|up-front|first|beforehand|advance",
                "fee|fees|deposit|payment|charge|charges ?is|are|will|must ?be charged|paid|payable|required|due in advance",
                "@PAY *4 @FEE *5 @BEFORE",
                "@PAY *3 @FEE *4 to @RELEASE",
                "@PAY *3 @FEE first",
                "@FEE *3 before|prior ?to ?the|your|we|they|you *3 @LOAN|send|transfer|release|disburse|receive|processing|approval|approving|disbursing|funding",
                "to @RELEASE *3 ?, *2 deposit|fee|fees|payment *5 required|needed|necessary|due",
                "to @RELEASE *3 ?, ?please @PAY",
                "@PAY *3 @FEE *3 before|prior",
            ],
        },
    },
    "credit_washing": {
        "zh": {
            "phrases": "征信修复 修复征信 征信洗白 洗白征信 洗征信 征信清洗 清洗征信 铲单 征信清理 清理征信 征信优化 优化征信 洗白记录 花户修复 征信漂白 洗白".split(),
            "patterns": [
                "?@ENABLE @REMOVE *3 @RECORD",
                "@RECORD ?、 ?@RECORD ?、 @ENABLE ?@ENABLE @REMOVE",
                "征信|信用 ?黑|花|不好 ?了 ?也|都 @CAN ?帮 ?你|您 洗白|修复|洗|清洗|优化|漂白",
                "代办|专业|包|付费|收费 信用修复",
                "信用修复 服务|业务|机构|公司|中介|团队|专家",
            ],
        },
        "en": {
            "phrases": [
                "credit washing",
                "credit cleaning",
                "credit whitening",
                "credit wash",
                "wash your credit",
                "clean your credit",
                "whitewash your credit",
                "credit repair service",
                "credit repair services",
                "credit repair agency",
                "credit repair company",
                "credit repair team",
                "credit fix service",
            ],
            "patterns": [
                "wash|clean|whitewash|scrub|cleanse|whiten ?up your|my ?pboc|cibil|bank credit|report|record|records|history|file",
                "@REMOVE *4 @BAD_ADJ @BAD_NOUN",
                "@BAD_ADJ @BAD_NOUN ?can|will be removed|deleted|erased|wiped|cleared",
                "we|our|us *2 credit repair",
            ],
        },
    },
    "insider_channel": {
        "zh": {
            "phrases": "内部渠道 内部关系 内部人员 内部名额 内部通道 特殊通道 特殊渠道 内部额度 内部操作 包装资料 资料包装 包装流水 流水包装 美化资料 美化流水 伪造流水 假流水 代做流水 做流水 做假流水 包装征信 包装负债 A贷B AB贷 内部员工 银行内部".split(),
            "patterns": [
                "ab 贷",
                "a 贷 b",
                "帮|替|给|为 ?你|您 @FAKE_DOC ?@DOCS",
                "@DOCS ?、 ?@DOCS ?、 ?@DOCS ?都|均|全 @CAN @FAKE_DOC",
                "用|借用|借|使用|利用 ?@OTHERS ?的 名义|资质|名下|身份|征信",
                "@OTHERS ?的 名下|名义|资质 *2 帮 ?你|您 *1 贷|借|办|下",
                "银行|机构|平台 ?里|的 内部 关系|人员|渠道|通道|员工|人",
                "走 ?内部|特殊|后门 ?的 通道|渠道|关系",
                "内部 渠道|关系|人员|通道|名额|操作",
            ],
        },
        "en": {
            "phrases": [
                "inside contact",
                "inside contacts",
                "inside connection",
                "inside connections",
                "inside channel",
                "inside man",
                "inside person",
                "inside source",
                "internal channel",
                "internal channels",
                "internal contact",
                "internal connection",
                "internal quota",
                "insider at the bank",
                "special channel",
                "ab loan",
                "a/b loan",
                "fake bank statements",
                "fake statements",
                "forged documents",
                "fake documents",
                "fake payslips",
            ],
            "patterns": [
                "@PKG_VERB ?up ?your|the|my|our ?bank @DOCS",
                "fake|forged|fabricated|doctored|falsified ?bank @DOCS",
                "use|using|borrow|borrowing *2 friend|friends|relative|relatives|someone|somebody|person|people ?'s ?else|else's ?'s credit|identity|name|profile|qualifications",
                "insider|insiders at|in ?the|a|your bank|lender",
                "ab|a/b|a-b loan|loans",
            ],
        },
    },
    "fake_official": {
        "zh": {
            "phrases": "红头文件 资金冻结 账户冻结 冻结资金 安全账户 恶意套用贷款罪 恶意套贷 恶意逃废债 恶意骗贷 法院传票 监管账户 核查账户 资金被冻结 账户被冻结".split(),
            "patterns": [
                "@HOLDING ?已|已经 ?被 ?系统|银行|平台|监管|风控 冻结",
                "被 ?系统|银行|平台|监管|风控|公安 冻结",
                "冻结 ?您|你 ?的 ?名下|个人 ?所有|全部 ?的 @HOLDING",
                "涉嫌 *2 诈骗|洗钱|套贷|骗贷|违法|犯罪|恶意|非法|逃废债",
                "@OFFICIAL ?发|发来|下发 ?的 @NOTICE",
                "否则|未处理|不处理|不配合|拒不配合 *4 承担|追究 ?刑事|法律 责任",
                "?已 被 立案",
                "转入|转|转账|转至|打入 ?到|至 安全账户|监管账户|指定账户|核查账户",
                "注销 *3 ?, 否则|不然 *3 影响|上报|上传|录入|计入 ?您|你 ?的 ?个人 征信|信用",
                "@OFFICIAL ?的 工作人员|客服|专员|干警|警官",
            ],
        },
        "en": {
            "phrases": [
                "safe account",
                "secure account",
                "safety account",
                "supervision account",
                "designated account",
                "under investigation",
                "loan fraud",
                "malicious borrowing",
                "malicious loan",
                "avoid arrest",
                "arrest warrant",
                "red-header document",
                "funds frozen",
                "account frozen",
            ],
            "patterns": [
                "funds|account|accounts|loan|money|card|balance ?has|have|is|are|was|were|got ?been ?temporarily|now frozen|locked|suspended",
                "freeze|freezes|freezing ?your|the ?personal account|accounts|funds|loan|loans|money",
                "notice|letter|document|documents|warning|summons|order from ?the|your ?financial|banking|local @REGULATOR",
                "@REGULATOR notice|letter|summons|order",
                "result|results in|face|facing ?criminal prosecution|arrest|charges",
                "will|could ?be prosecuted|arrested",
            ],
        },
    },
    "student_targeting": {
        "zh": {
            "phrases": "凭学生证 学生证即可 大学生专享 大学生专属 学生专享 学生专属 学生专用 学生证贷款 学生也能贷".split(),
            "patterns": [
                "凭|用|拿|有 学生证|学生卡|校园卡",
                "学生证|学生卡|校园卡 即可|就能|就可以|可|能 ?申请|贷|借|下款|办",
                "?在校 @STUDENT ?也|都 @CAN @LEND",
                "?在校 @STUDENT ?也|都 @CAN_LEND",
                "@STUDENT 专享|专属|专用|福利|专项|特供|特惠",
                "无需|不用|不需要|不必|无须 父母|家长|家人 ?同意|知道|担保|签字|知情",
                "不用|无需|不必 告诉|通知 父母|家长|家里",
            ],
        },
        "en": {
            "phrases": [
                "campus loan",
                "campus loans",
                "no parental consent",
                "no parental approval",
                "no parental permission",
                "students welcome",
                "college students welcome",
                "university students welcome",
                "students only",
                "student exclusive",
            ],
            "patterns": [
                "only|just ?need|needs ?a|your student id|card",
                "with ?just|only ?your|a student id|card",
                "exclusive|special|just ?loans|loan|offer|offers|deals|deal for|to ?college|university students",
                "college|university students|student ?are|is welcome|accepted|eligible|only|exclusive",
                "students can borrow|apply|get",
                "without ?telling|asking|informing ?your parents",
            ],
        },
    },
    "remote_control": {
        "zh": {
            "phrases": "共享屏幕 屏幕共享 远程协助 远程控制 远程操作 开启共享 打开共享 链接下载 下载链接".split(),
            "patterns": [
                "@GIVE *4 @CODE",
                "把|将 *4 @CODE *1 @GIVE",
                "@CODE *1 发给|告诉|告知|报给|提供给|转发给|发送给 ?我|我们|客服|工作人员",
                "点击|打开|复制|通过 ?这个|此|下方|以下|该|我们的|我发的 ?链接|网址 *2 下载|安装",
                "链接|网址 ?进行 下载|安装",
                "下载 *3 @REMOTE_APP",
                "开启|打开|开通 ?手机 屏幕|共享|远程",
            ],
        },
        "en": {
            "phrases": [
                "share your screen",
                "share the screen",
                "share my screen",
                "screen sharing",
                "screen-sharing",
                "screen share",
                "remote access",
                "remote control",
                "remote desktop",
                "remote assistance",
                "anydesk",
                "teamviewer",
                "rustdesk",
            ],
            "patterns": [
                "share ?your|the ?phone|mobile screen|screens",
                "@GIVE *5 @CODE_MOD ?@CODE_MOD code|codes|otp|passcode|pin",
                "send|forward|text us|me|it ?back ?the|your|that|this *3 code|codes|otp|passcode",
                "@GIVE *4 otp|otps|passcode",
                "download|install|downloading|installing *4 @APP *3 from|via|through|using ?this|the|a|our|my link|links|url",
                "click|tap|open ?on ?this|the|our|my ?link to download|install",
                "click|tap here to download|install",
                "download|install|downloading|installing *4 apk|apk-link",
                "apk-link",  # any link ending in .apk (NORM set by the English pipeline)
            ],
        },
    },
    "borrowing_to_repay": {
        "zh": {
            "phrases": [],
            "patterns": [
                "@OFFER *2 @B2R",
                "@B2R *2 @OFFER_AFTER",
                "下款|借款|贷款|一笔|借 *2 @REPAY *2 所有|全部|其他|其它|各个 ?的 @DEBTS",
                "专做|专业|帮你|帮您 @REPAY @DEBTS",
            ],
        },
        "en": {
            "phrases": [
                "borrow to repay",
                "borrowing to repay",
                "loan to pay off loans",
                "borrow to pay off",
            ],
            "patterns": [
                "borrow|borrowing ?from ?us|me to repay|pay|cover *3 loan|loans|debt|debts|ones",
                "new loan|loans to repay|pay|cover ?off *2 old|other|existing|previous ?loan|loans|debt|debts|ones",
                "roll *3 into one",
            ],
        },
    },
    "paid_negotiation": {
        "zh": {
            "phrases": "反催收 代理协商 协商代理 代理停息 代办停息 停息挂账包成功 法务协商 代理投诉 债务优化 反催收联盟 停催 代理退息".split(),
            "patterns": [
                "@RELIEF_STRONG *3 @AGENT_AFTER",
                "@RELIEF *3 @AGENT_AFTER_ANY",
                "@AGENT_BEFORE *2 @RELIEF",
                "帮你|帮您|帮 *2 @RELIEF_STRONG",
                "找我|找我们 *3 协商|停息|停息挂账|减免|延期还款",
            ],
        },
        "en": {
            "phrases": [
                "anti-collection",
                "anti collection",
                "debt negotiation service",
                "interest freeze service",
            ],
            "patterns": [
                "anti ?- collection|collections|collector|collectors",
                "stop|freeze|suspend|waive interest *4 guaranteed|guarantee",
                "interest freeze|stop *2 guaranteed|service|agent|agents",
                "we|our|us *2 negotiate|negotiating|negotiation *4 for|on you|your|behalf",
                "debt negotiation|settlement|relief agent|agents|agency|service|services|company|team",
            ],
        },
    },
    "pressure_urgency": {
        "zh": {
            "phrases": "仅限今天 仅限今日 仅限本周 仅限今晚 今日截止 今天截止 限时 限时优惠 限时活动 名额有限 先到先得 过时不候 手慢无 错过不再 机不可失 即将截止 马上截止 倒计时 最后机会 仅此一天 今日内 今天内 速来 速抢 限量 名额紧张".split(),
            "patterns": [
                "仅限|只限|限 @TODAY",
                "最后|仅剩|只剩|还剩|仅有 #num ?个|位 名额|份|位|席",
                "错过 ?今天|这次|本次|此次 *2 再等|不再|没有|就没|就没了|等一年|后悔",
                "#num 小时|分钟 内|之内 *2 @URGENT_ACT",
                "赶紧|抓紧|赶快|速速 申请|办理|抢|下手|上车|领取|下单",
                "今日|今天 内|之内",
            ],
        },
        "en": {
            "phrases": [
                "act now",
                "act fast",
                "act today",
                "hurry",
                "hurry up",
                "today only",
                "only today",
                "limited time",
                "limited-time",
                "last chance",
                "don't miss out",
                "while stocks last",
                "while spots last",
                "expires tonight",
                "expires today",
                "before midnight",
                "ends tonight",
                "ends today",
                "final hours",
                "now or never",
                "limited places",
                "limited spots",
                "limited slots",
                "limited offer",
            ],
            "patterns": [
                "limited ?number ?of spots|places|slots|seats|offer|quota|availability",
                "only|just #num spots|places|slots|seats ?left|remaining",
                "offer|deal|promotion ?expires|ends today|tonight|soon|midnight",
                "apply|act|sign|register ?up ?now|today before|by midnight|tonight",
            ],
        },
    },
    "instant_approval": {
        "zh": {
            "phrases": "秒批 秒下 秒到 秒到账 秒过 秒放 秒审 秒下款 秒贷 极速下款 极速放款 极速到账 闪电放款 闪电到账 立等可取 当天放款 当天到账 当天下款 当日放款 当日到账 当日下款 即时到账 立即到账 马上到账 分分钟到账 随借随到 立即放款 马上放款 秒批秒到".split(),
            "patterns": [
                "#num @TIME_UNIT ?内|之内 ?即可|就能|就 @FAST_RESULT",
                "当天|当日|即时|立即|马上|立刻 @FAST_RESULT",
                "分分钟 @FAST_RESULT",
            ],
        },
        "en": {
            "phrases": [
                "money in minutes",
                "cash in minutes",
                "approved instantly",
                "approved immediately",
                "instant approval",
                "instant cash",
            ],
            "patterns": [
                "@FAST @FAST_NOUN",
                "same ?- day approval|cash|loan|loans|payout|funding|money|disbursement",
                "@RESULT *4 in|within *3 #num @TIME",
                "@RESULT ?in|within seconds|minutes",
                "get|receive|have ?your money|cash|loan|funds today|tonight",
            ],
        },
    },
    "hidden_cost:zero_interest": {
        "zh": {
            "phrases": "零利息 免息 无息 零息 零利率 不要利息 无利息 不收利息 0息 免利息".split(),
            "patterns": ["0|零 利息|息|利率"],
        },
        "en": {
            "phrases": [
                "interest-free",
                "interest free",
                "zero interest",
                "no interest",
                "0 interest",
                "zero-interest",
            ],
            "patterns": ["0 ?% interest", "0% interest", "zero ?% interest|rate"],
        },
    },
    "hidden_cost:periodic_rate": {
        "zh": {
            "phrases": "日息万五 日息万三 万五 万三 万分之五 万分之三 万分之二".split(),
            "patterns": [
                "@RATE_DAY_MONTH ?@PERIOD_FEE ?@RATE_LEAD ?@RATE_LEAD #pct",
                "日息|月息|日利|月利|利息 ?@RATE_LEAD #num 分|厘",
                "一天|每天|每日|日 ?只要|仅|只需|仅需|只 #num 毛|分|块|元|角|毛钱|块钱",
            ],
        },
        "en": {
            "phrases": [],
            "patterns": [
                "#pct a|per|/|each day|month|week",
                "#pct daily|monthly|weekly ?interest|rate|fee",
                "daily|monthly|weekly ?interest ?rate|fee ?of|from|only|just|at|is ?as ?low ?as #pct",
                "#pct interest|fee per|a|each day|month",
            ],
        },
    },
}
