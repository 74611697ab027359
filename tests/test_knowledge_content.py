"""Knowledge answers (loancoach/knowledge) and their NLU data: complete, short, sourced, myth-free.

The facts behind every answer are in ../shared/domain/facts.md (from the project root); §10 lists myths
that must never appear. These checks are content checks: they need no trained model. The second edition
(issue 15) added the §11 topics and corrections checked at the end of this file.
"""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from loancoach import knowledge

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("zh", "en")

# The 31 topics of the brief (topics.md), grouped by area as listed there.
EXPECTED_TOPICS = {
    "loan_terms": [
        "apr_vs_daily_rate",
        "apr_with_fees",
        "fee_rate_installment",
        "repayment_methods",
        "early_repayment",
        "upfront_interest",
        "legal_rate_limit",
        "zero_interest",
        "cost_disclosure",
        "guarantee_insurance_fees",
        "student_loans",
        "online_loan_limits",
        "credit_card_interest",
        "app_data_permissions",
        "named_product",
    ],
    "overdue": [
        "late_consequences",
        "overdue_credit_report",
        "record_retention",
        "collection_threats",
        "sued_enforcement",
        "negotiate_repayment",
        "paid_negotiation_agents",
        "borrowing_to_repay",
        "multiple_overdue",
        "complaint_channels",
        "collection_exposure",
        "lawyer_letter",
        "legal_aid",
        "jail",
        "extension",
    ],
    "credit_repair": [
        "get_credit_report",
        "credit_dispute",
        "credit_repair_scam",
        "credit_repair_policy",
        "rebuild_credit",
        "inquiry_records",
        "report_codes",
    ],
}
ALL_IDS = [tid for ids in EXPECTED_TOPICS.values() for tid in ids]
# The second edition's topics (facts.md §11); their intent names are fixed (the hold-outs use them).
NEW_TOPICS = [
    "app_data_permissions",
    "collection_exposure",
    "lawyer_letter",
    "legal_aid",
    "jail",
    "named_product",
    "extension",
]
DISTRESS_INTENT = "express_distress"
MIN_NEW_EXAMPLES = 32
# The brief asked for >= 8 topics per area, but topics.md lists only 7 credit_repair topics; the
# areas follow topics.md, so the floor is 7 (see the hand-over report).
MIN_TOPICS_PER_AREA = 7

# English needs more characters for the same content; the legal hedges of the second edition
# (signing date, "reported", "not a law") pushed a few answers past 480.
MAX_LEN = {"zh": 220, "en": 530}
SOURCE_PREFIX = {"zh": "来源：", "en": "Source: "}
NEXT_STEP = {"zh": "下一步：", "en": "Next step:"}
ALLOWED_HOTLINES = {"12378", "12363", "110", "96110", "12345", "12321", "12348", "12356", "12368"}
MIN_EXAMPLES = 20

TOPICS = knowledge.load_topics()


def body(topic_id, lang):
    """The filled answer without its source line."""
    text, _, source = knowledge.answer(topic_id, lang).partition("\n")
    return text


def count_sentences(text, lang):
    if lang == "zh":
        n = len(re.findall(r"[。！？!?]+", text))
    else:
        cleaned = re.sub(r"\b(No|Art|e\.g|i\.e|etc|vs|approx)\.", "", text)
        n = len(re.findall(r"[.!?]+(?=\s|$)", cleaned))
    # a final sentence without closing punctuation still counts
    return n + (0 if re.search(r"[。！？.!?)）」”\"]\s*$", text) else 1)


# --------------------------------------------------------------------------- topics


def test_every_listed_topic_exists_in_its_area():
    assert len(ALL_IDS) == 37 and len(set(ALL_IDS)) == 37
    assert sorted(TOPICS) == sorted(ALL_IDS)
    for area, ids in EXPECTED_TOPICS.items():
        assert knowledge.area_topics(area) == [t for t in TOPICS if t in ids]
        assert {TOPICS[t]["area"] for t in ids} == {area}


@pytest.mark.parametrize("area", sorted(EXPECTED_TOPICS))
def test_each_area_has_enough_topics(area):
    assert len(knowledge.area_topics(area)) >= MIN_TOPICS_PER_AREA


@pytest.mark.parametrize("topic_id", ALL_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_answer_is_complete_and_phone_sized(topic_id, lang):
    full = knowledge.answer(topic_id, lang)
    text, sep, source = full.partition("\n")
    assert sep and source.startswith(SOURCE_PREFIX[lang]) and len(source) > len(SOURCE_PREFIX[lang]) + 3
    assert "\n" not in source, f"{topic_id} [{lang}]: one answer line and one source line"
    assert "{" not in full and "}" not in full, f"{topic_id} [{lang}]: unfilled placeholder"
    assert len(text) <= MAX_LEN[lang], f"{topic_id} [{lang}]: {len(text)} characters"
    n = count_sentences(text, lang)
    assert 2 <= n <= 6, f"{topic_id} [{lang}]: {n} sentences"
    assert text.count(NEXT_STEP[lang]) == 1, f"{topic_id} [{lang}]: exactly one next step"
    assert not re.search(r"[*#`_]|\]\(|^\s*[-•]", text), f"{topic_id} [{lang}]: no markdown"


@pytest.mark.parametrize("topic_id", ALL_IDS)
def test_languages_are_right(topic_id):
    has_han = lambda s: bool(re.search(r"[\u4e00-\u9fff]", s))  # noqa: E731
    assert has_han(TOPICS[topic_id]["zh"]) and has_han(TOPICS[topic_id]["source_zh"])
    # English answers may quote a Chinese term, but are mostly English
    en = TOPICS[topic_id]["en"]
    assert len(re.findall(r"[A-Za-z]", en)) > 5 * len(re.findall(r"[\u4e00-\u9fff]", en))
    assert not has_han(TOPICS[topic_id]["source_en"])


def test_related_topics_exist():
    for tid, topic in TOPICS.items():
        assert len(topic["related"]) <= 2
        assert all(r in TOPICS and r != tid for r in topic["related"])


def test_loader_names_the_incomplete_topic(tmp_path, monkeypatch):
    bad = tmp_path / "topics.yml"
    bad.write_text(
        "topics:\n- id: fine\n  area: overdue\n  zh: 一句。两句。\n  en: One. Two.\n"
        "  source_zh: 来源\n  source_en: Src\n- id: half_done\n  area: overdue\n  zh: 只有中文。\n"
        "  source_zh: 来源\n  source_en: Src\n",
        "utf-8",
    )
    monkeypatch.setattr(knowledge, "TOPICS_PATH", bad)
    knowledge.load_topics.cache_clear()
    try:
        with pytest.raises(ValueError, match="half_done.*en"):
            knowledge.load_topics()
    finally:
        monkeypatch.undo()
        knowledge.load_topics.cache_clear()


# --------------------------------------------------------------------------- rates


def test_rates_come_from_the_data_file_and_cap_is_computed():
    raw = yaml.safe_load((ROOT / "loancoach/knowledge/rates.yml").read_text("utf-8"))
    assert "lpr_cap" not in raw, "the 4 x LPR cap is computed, not stored"
    assert raw.get("source") and raw.get("note")
    r = knowledge.rates()
    assert str(r["lpr_1y"]) == "3.0" and str(r["lpr_5y"]) == "3.5"
    assert str(r["lpr_date"]) == "2025-05-20"
    assert r["lpr_cap"] == 4 * r["lpr_1y"]


def test_legal_rate_limit_shows_the_current_lpr_figures():
    r = knowledge.rates()
    zh = knowledge.answer("legal_rate_limit", "zh")
    assert f"{r['lpr_1y']}%" in zh and f"{r['lpr_cap']}%" in zh
    assert f"{r['lpr_date'].year}年{r['lpr_date'].month}月{r['lpr_date'].day}日" in zh
    en = knowledge.answer("legal_rate_limit", "en")
    assert f"{r['lpr_1y']}%" in en and f"{r['lpr_cap']}%" in en


def test_lpr_figures_are_never_typed_into_answers():
    r = knowledge.rates()
    literals = {f"{r['lpr_1y']}%", f"{r['lpr_5y']}%", f"{r['lpr_cap']}%", "12%", "12.0%", "3%"}
    for tid, topic in TOPICS.items():
        for lang in LANGS:
            for lit in literals:
                assert not re.search(rf"(?<![\d.]){re.escape(lit)}", topic[lang]), f"{tid} [{lang}]: {lit}"
        if "LPR" in topic["zh"] + topic["en"]:
            assert "{lpr_cap}" in topic["zh"] or "{lpr_1y}" in topic["zh"] or "LPR的4倍" in topic["zh"]


# --------------------------------------------------------------------------- myths (facts.md §10)

MYTHS = {
    "licensed lenders have a statutory 24% cap": {
        "zh": [
            r"法定.{0,12}24\s*%",
            r"24\s*%.{0,12}(法定|法律规定的?)(上限|红线|封顶|利率)",
            r"(持牌|银行|消费金融|小贷|小额贷款).{0,25}(法律|法定|法规)(规定|上限).{0,12}24\s*%",
        ],
        "en": [
            r"statutory.{0,40}24\s*%",
            r"24\s*%.{0,40}statutory",
            r"licensed lenders?.{0,40}\b(are|is)\s+(legally\s+)?(capped|limited)\s+(at|to)\s+24",
            r"\b(law|legal)\s+(cap|limit|ceiling)\s+(of|at)\s+24\s*%",
            r"24\s*%\s+(legal|statutory)\s+(cap|limit|ceiling)",
        ],
    },
    "the 2018 collection convention bans calls after 21:00": {
        "zh": [r"21\s*[:：]\s*00", r"21\s*点", r"晚上?\s*(9|九)\s*点", r"2018.{0,20}(公约|自律)"],
        "en": [r"21[:.]00", r"\b9\s*(p\.?m\b|o'clock)", r"2018.{0,40}convention", r"convention.{0,40}2018"],
    },
    "the personal-loan rules set a 50% DTI limit": {
        "zh": [r"(负债|收入|月供|还款).{0,20}50\s*%", r"50\s*%.{0,20}(负债|收入|月供|还款)", r"一半"],
        "en": [
            r"(debt|income|DTI|payments?).{0,40}50\s*%",
            r"50\s*%.{0,40}(debt|income|DTI|payments?)",
            r"\bhalf (of )?(your )?income",
        ],
    },
    "credit repair can delete accurate overdue records": {
        "zh": [
            r"(征信|信用)修复.{0,12}(?<![不无没])(可以|能|可)(删除|消除|抹掉|洗白|洗掉|去掉)",
            r"(?<![不无没])(可以|能|可)(帮你)?(删除|消除|抹掉|洗白|洗掉)(准确|真实)?的?(逾期|不良)",
            r"政策.{0,10}(删除|删掉)(了)?(逾期|不良)?记录",
            r"(?<![不])是删除",
        ],
        "en": [
            r"credit repair.{0,40}\b(can|will|could)\s+(delete|remove|erase|wipe|clean)",
            r"\b(policy|repair)\b.{0,40}\b(deletes|removes|erases|wipes)\b",
            r"\b(delete|remove|erase)s?\s+(accurate|genuine|true|real)\s+(overdue|late|negative)",
            r"\bcan be (deleted|removed|erased) (for a fee|by paying|if you pay)",
        ],
    },
}


def _myth_hits(text, lang):
    return [p for patterns in MYTHS.values() for p in patterns[lang] if re.search(p, text, re.IGNORECASE)]


@pytest.mark.parametrize("topic_id", ALL_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_myth_statements(topic_id, lang):
    full = knowledge.answer(topic_id, lang)
    assert _myth_hits(full, lang) == [], f"{topic_id} [{lang}] repeats a §10 myth"


@pytest.mark.parametrize(
    "lang,sentence",
    [
        ("zh", "持牌机构的利率有法定24%上限。"),
        ("zh", "根据2018年催收公约，晚上9点以后不能打电话。"),
        ("zh", "个人贷款规定负债收入比不能超过50%。"),
        ("zh", "征信修复可以删除逾期记录。"),
        ("en", "Licensed lenders have a statutory 24% cap."),
        ("en", "The 2018 collection convention bans calls after 21:00."),
        ("en", "The personal-loan rules cap your debt-to-income ratio at 50%."),
        ("en", "Credit repair can delete your overdue records."),
    ],
)
def test_myth_checks_catch_the_myths(lang, sentence):
    assert _myth_hits(sentence, lang), "the myth regexes must catch a plain statement of the myth"


# --------------------------------------------------------------------------- hotlines

# Service numbers as they are written in China: 1xx, 1xxxx, 9xxxx, 400/800 numbers, mobiles.
_PHONE = re.compile(
    r"(?<![\d.,/\-])(1\d{2}|1\d{4}|9\d{4}|[48]00\d{7}|1\d{10})"
    r"(?![\d.,%])(?!\s*(?:元|年|万|天|期|个|次|月|日|yuan|days?|months?|years?|periods?))"
)


# Article references ("第175条之一、第193条", "Articles 175-1 and 193") are not phone numbers.
_ARTICLES = re.compile(
    r"第\d+条(之[一二三四五六七八九十])?|(第|、)\d+(、\d+)*条|Articles?\s+[\d\-]+((,\s*|\s+and\s+)[\d\-]+)*"
)


def phone_numbers(text):
    return set(_PHONE.findall(_ARTICLES.sub(" ", text)))


@pytest.mark.parametrize("topic_id", ALL_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_only_known_hotlines(topic_id, lang):
    numbers = phone_numbers(knowledge.answer(topic_id, lang))
    assert numbers <= ALLOWED_HOTLINES, f"{topic_id} [{lang}]: unknown number(s) {numbers - ALLOWED_HOTLINES}"


def test_hotline_pattern_sees_hotlines_not_amounts():
    assert set(_PHONE.findall("拨打12378或110，也可以打96110。")) == {"12378", "110", "96110"}
    assert set(_PHONE.findall("call 95588 or 4001234567")) == {"95588", "4001234567"}
    assert _PHONE.findall("1000元、1,800 yuan、180天、100%、8833.3、GB/T 45251-2025") == []
    assert phone_numbers("《刑法》第175条之一、第193条、第313条；拨打110") == {"110"}
    assert phone_numbers("Criminal Law Articles 175-1 and 193; call 12348") == {"12348"}


# --------------------------------------------------------------------------- NLU data and domain


def nlu_examples(path):
    """{intent: [example, ...]} from a Rasa 3.x NLU file."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    out = {}
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue
        lines = [ln.strip() for ln in (item.get("examples") or "").splitlines()]
        out.setdefault(item["intent"], []).extend(ln[2:].strip() for ln in lines if ln.startswith("- "))
    return out


KNOWLEDGE_NLU = {lang: nlu_examples(ROOT / f"data/nlu/knowledge_{lang}.yml") for lang in LANGS}
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
KNOWLEDGE_INTENTS = [
    i for i in (i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]) if i.startswith("ask_")
]


def test_domain_lists_one_intent_per_topic():
    assert str(DOMAIN["version"]) == "3.1"
    assert sorted(KNOWLEDGE_INTENTS) == sorted(f"ask_{t}" for t in ALL_IDS)
    assert "action_answer_question" in DOMAIN["actions"]
    assert DISTRESS_INTENT in [i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]]


def test_one_rule_per_intent():
    data = yaml.safe_load((ROOT / "data/rules_knowledge.yml").read_text("utf-8"))
    assert str(data["version"]) == "3.1"
    seen = {}
    for rule in data["rules"]:
        steps = rule["steps"]
        assert len(steps) == 2 and steps[1] == {"action": "action_answer_question"}, rule["rule"]
        intent = steps[0]["intent"]
        seen[intent] = rule["rule"]
        assert rule["rule"] == "answer " + (intent[len("ask_") :] if intent.startswith("ask_") else intent)
    assert sorted(seen) == sorted(KNOWLEDGE_INTENTS + [DISTRESS_INTENT]) and len(data["rules"]) == len(seen)


@pytest.mark.parametrize("lang", LANGS)
def test_every_intent_has_enough_examples(lang):
    nlu = KNOWLEDGE_NLU[lang]
    expected = set(KNOWLEDGE_INTENTS) | {DISTRESS_INTENT}
    assert set(nlu) == expected, f"knowledge_{lang}.yml intents differ from the domain"
    few = {i: len(nlu[i]) for i in KNOWLEDGE_INTENTS if len(nlu[i]) < MIN_EXAMPLES}
    assert not few, f"fewer than {MIN_EXAMPLES} {lang} examples: {few}"
    new = [f"ask_{t}" for t in NEW_TOPICS] + [DISTRESS_INTENT]
    few = {i: len(nlu[i]) for i in new if len(nlu[i]) < MIN_NEW_EXAMPLES}
    assert not few, f"fewer than {MIN_NEW_EXAMPLES} {lang} examples for a new intent: {few}"


@pytest.mark.parametrize("lang", LANGS)
def test_examples_are_in_their_language_and_unannotated(lang):
    for intent, examples in KNOWLEDGE_NLU[lang].items():
        for ex in examples:
            assert ex, intent
            assert not re.search(r"\[[^\]]+\]\s*[({]", ex), f"{intent}: entity annotation in {ex!r}"
            if lang == "zh":
                assert re.search(r"[\u4e00-\u9fff]", ex), f"{intent}: {ex!r} has no Chinese"
            else:
                assert len(re.findall(r"[A-Za-z]+", ex)) >= 2, f"{intent}: {ex!r} is not English"


def _norm(text):
    """Exact match after stripping, made a little stricter: case, width, spaces and punctuation ignored."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def test_examples_are_unique_within_and_across_intents():
    others = {}
    for path in sorted((ROOT / "data").rglob("*.yml")):
        if not path.name.startswith("knowledge_"):
            for intent, examples in nlu_examples(path).items():
                others.update({_norm(ex): f"{path.name}:{intent}" for ex in examples})
    seen, clashes = {}, []
    for lang in LANGS:
        for intent, examples in KNOWLEDGE_NLU[lang].items():
            for ex in examples:
                key = _norm(ex)
                where = seen.get(key) or others.get(key)
                if where is not None:
                    clashes.append(f"{ex!r} in {intent} [{lang}] also in {where}")
                seen[key] = f"knowledge_{lang}.yml:{intent}"
    assert not clashes, "; ".join(clashes)


def test_no_holdout_example_is_in_training_data():
    holdout_dir = ROOT / "tests/nlu_holdout"
    holdout = set()
    for path in sorted(holdout_dir.rglob("*.yml")) if holdout_dir.exists() else []:
        for examples in nlu_examples(path).values():
            holdout.update(_norm(ex) for ex in examples)
    leaked = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        for intent, examples in nlu_examples(path).items():
            leaked += [f"{path.name}:{intent}: {ex}" for ex in examples if _norm(ex) in holdout]
    assert not leaked, "hold-out examples copied into data/: " + "; ".join(leaked)


# --------------------------------------------------------------------------- second edition (issue 15)

CAP_WORDS = {"zh": ("LPR的4倍", "{lpr_cap}"), "en": ("4 times the one-year LPR", "{lpr_cap}")}
SIGNING = {"zh": re.compile(r"签订|合同成立"), "en": re.compile(r"\bsign(ed|ing)\b")}


@pytest.mark.parametrize("topic_id", ALL_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_single_cap_without_the_signing_date(topic_id, lang):
    raw = TOPICS[topic_id][lang]
    if any(word in raw for word in CAP_WORDS[lang]):
        assert SIGNING[lang].search(raw), f"{topic_id} [{lang}]: the 4 x LPR cap depends on the signing date"
    if "{lpr_cap}" in raw:
        # the cap is shown with the LPR it comes from and that LPR's date
        assert "{lpr_1y}" in raw and "{lpr_date}" in raw, f"{topic_id} [{lang}]"


def test_cap_answers_show_the_lpr_and_its_date_in_both_languages():
    r = knowledge.rates()
    day = r["lpr_date"]
    for topic_id in ("legal_rate_limit", "late_consequences"):
        zh, en = knowledge.answer(topic_id, "zh"), knowledge.answer(topic_id, "en")
        assert f"{day.year}年{day.month}月{day.day}日" in zh and f"{r['lpr_1y']}%" in zh
        assert f"{day.day} {day:%B} {day.year}" in en and f"{r['lpr_1y']}%" in en


def _all_texts(lang):
    for tid, topic in TOPICS.items():
        yield tid, topic[lang]
        yield tid, topic[f"title_{lang}"]
        for product in topic["products"]:
            yield tid, product[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_money_is_in_yuan_never_dollars(lang):
    for tid, text in _all_texts(lang):
        assert "$" not in text and "美元" not in text and "dollar" not in text.lower(), tid
    responses = yaml.safe_dump(DOMAIN["responses"], allow_unicode=True)
    assert "$" not in responses, "domain.yml responses use yuan, not $"


def test_chinese_answers_address_the_user_as_nin():
    for tid, text in _all_texts("zh"):
        assert "你" not in text, f"{tid}: 您, not 你"
    from loancoach.text import distress

    assert "你" not in distress.reply("zh")
    for name, variants in DOMAIN["responses"].items():
        for variant in variants:
            if {"type": "slot", "name": "language", "value": "zh"} in (variant.get("condition") or []):
                assert "你" not in variant.get("text", ""), name


@pytest.mark.parametrize(
    "topic_id, zh_needs, en_needs",
    [
        ("late_consequences", ["不予支持"], ["do not support"]),
        ("cost_disclosure", ["据报道", "以正式文本为准"], ["reported", "check the official wording"]),
        (
            "collection_exposure",
            ["推荐性国家标准", "不是适用于所有贷款的法律"],
            ["recommended", "not a law"],
        ),
        ("collection_threats", ["情节严重", "可构成"], ["can be a crime", "serious"]),
        ("upfront_interest", ["变相利息"], ["disguised interest"]),
        ("credit_repair_policy", ["已过", "不适用"], ["has passed", "do not qualify"]),
        (
            "student_loans",
            ["小额贷款公司", "大学生", "误导性广告"],
            ["Small-loan companies", "college students"],
        ),
        ("inquiry_records", ["征信花了"], ["征信花了"]),
        ("guarantee_insurance_fees", ["保险", "担保", "综合成本"], ["insurance", "guarantee", "all-in"]),
        ("app_data_permissions", ["通讯录", "12321", "删除"], ["contacts", "12321", "delete"]),
        ("collection_exposure", ["第1032", "12378", "110"], ["1032", "12378", "110"]),
        ("lawyer_letter", ["不是起诉", "12368"], ["not a lawsuit", "12368"]),
        ("legal_aid", ["12348", "法律援助"], ["12348", "legal aid"]),
        ("jail", ["民事", "不会因为没钱还而坐牢"], ["civil matter", "not jailed"]),
        ("named_product", ["征信", "合同"], ["credit report", "contract"]),
        ("extension", ["不是借款人的权利", "书面"], ["not your right", "in writing"]),
    ],
)
def test_corrections_and_new_facts_are_stated(topic_id, zh_needs, en_needs):
    zh, en = body(topic_id, "zh"), body(topic_id, "en")
    assert all(n in zh for n in zh_needs), (topic_id, [n for n in zh_needs if n not in zh])
    assert all(n in en for n in en_needs), (topic_id, [n for n in en_needs if n not in en])


def test_overstatements_are_gone():
    assert "may not exceed" not in body("late_consequences", "en")
    assert "不得超过" not in body("late_consequences", "zh")
    assert not re.search(r"(?<!可)构成催收非法债务罪", body("collection_threats", "zh"))
    assert "is a crime" not in body("collection_threats", "en")
    # the 2026 statement is hedged, never stated as a plain rule
    assert not body("cost_disclosure", "en").startswith("From 1 August 2026")


def test_student_loan_answers_have_the_same_scope():
    zh, en = body("student_loans", "zh"), body("student_loans", "en")
    assert ("在校" in zh) == ("enrolled" in en)  # neither narrows the ban to enrolled students only
    assert "小额贷款公司" in zh and "Small-loan companies" in en


def test_named_products_come_from_facts_and_unknown_names_get_no_guess():
    products = TOPICS["named_product"]["products"]
    assert {p["names"][0] for p in products} == {"花呗", "借呗", "微粒贷", "捷信"}
    assert "重庆蚂蚁消费金融" in knowledge.product_line("named_product", "花呗逾期会上征信吗", "zh")
    assert "WeBank" in knowledge.product_line("named_product", "is weilidai a bank", "en")
    assert "捷信消费金融有限公司" in knowledge.product_line("named_product", "捷信逾期", "zh")
    # traditional characters read as simplified
    assert "重庆蚂蚁消费金融" in knowledge.product_line("named_product", "借唄逾期上徵信嗎", "zh")
    for unknown in ("安逸花会上征信吗", "does fenqile report", "美团借钱上征信吗"):
        assert knowledge.product_line("named_product", unknown, "zh") == ""


def test_rate_unknown_never_suggests_a_rate():
    variants = DOMAIN["responses"]["utter_rate_unknown"]
    texts = {v["condition"][0]["value"]: v["text"] for v in variants}
    assert set(texts) == {"zh", "en"}
    for lang, text in texts.items():
        assert "24" not in text and "估算" not in text and not re.search(r"\btry \d", text), lang
    assert "合同" in texts["zh"] and "不会替您假设" in texts["zh"]
    assert "contract" in texts["en"] and "won't assume" in texts["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_new_phrasings_are_in_the_training_data(lang):
    nlu = KNOWLEDGE_NLU[lang]
    assert any("征信花了" in ex or "messy" in ex for ex in nlu["ask_inquiry_records"])
    insurance = "保险" if lang == "zh" else "insurance"
    assert sum(insurance in ex for ex in nlu["ask_guarantee_insurance_fees"]) >= 3
    # the traditional-character and long (rambling) examples exist for every new intent
    for intent in [f"ask_{t}" for t in NEW_TOPICS] + [DISTRESS_INTENT]:
        assert max(len(ex) for ex in nlu[intent]) >= (40 if lang == "zh" else 100), intent


# --------------------------------------------------------------------------- calculator texts (issue 15)


def _result(apr, income=None, debts=None, months=24):
    from decimal import Decimal

    from loancoach.calculator.finance import LoanTerms, calculate

    terms = LoanTerms(Decimal(50000), months, Decimal(apr))
    return calculate(terms, income=None if income is None else Decimal(income), monthly_debts=debts)


def test_apr_above_24_notice_says_expected_to_in_both_languages():
    notice = next(n for n in _result(30).warnings if n.code == "apr_above_24")
    assert "按不超过24%执行" not in notice.message("zh") and "一般理解为" in notice.message("zh")
    assert "expected to" in notice.message("en")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("income", [None, 4000, 9000, 20000])
def test_calculator_result_ends_with_exactly_one_next_step(lang, income):
    from decimal import Decimal

    from loancoach.calculator.render import render_result

    result = _result(18, income)
    lines = render_result(result, lang, "apr", Decimal(18)).splitlines()
    assert sum(NEXT_STEP[lang] in line for line in lines) == 1
    assert lines[-2].startswith(NEXT_STEP[lang]) and lines[-1].startswith(SOURCE_PREFIX[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_unaffordable_result_says_what_to_do_instead(lang):
    from decimal import Decimal

    from loancoach.calculator.render import render_result

    result = _result(18, 4000)
    assert result.verdict == "unaffordable"
    step = render_result(result, lang, "apr", Decimal(18)).splitlines()[-2]
    longer = _result(18, months=48)
    extra = longer.total_cost - result.total_cost
    shown = f"{extra.quantize(Decimal('0.01')):,}"
    assert shown in step, "the longer term comes with what it costs more"
    if lang == "zh":
        assert "少借" in step and "48期" in step and "转人工" in step
    else:
        assert "Borrow less" in step and "48 months" in step and "counselor" in step


# --------------------------------------------------------------------------- review of issue 15


@pytest.mark.parametrize(
    "topic_id, zh_source, en_source",
    [
        # the "court may cut above 24%" statement rests on the SPC 2017 guidance (facts §1.5, §5.1)
        ("legal_rate_limit", "2017", "2017"),
        ("late_consequences", "2017", "2017"),
        # the 5,000-8,000 per record figure is from the CNR report of Feb 2026 (facts §4.5)
        ("credit_repair_scam", "央广", "CNR"),
        # "no violence, threats, insults or harassment" is the 2017 cash-loan notice (facts §3.4)
        ("collection_threats", "2017年现金贷", "2017 cash-loan notice"),
    ],
)
def test_each_statement_names_its_source(topic_id, zh_source, en_source):
    assert zh_source in TOPICS[topic_id]["source_zh"] and en_source in TOPICS[topic_id]["source_en"]


def test_student_notice_is_cited_as_facts_md_gives_it():
    # facts §3.3 names the five regulators and March 2021, not a title: no title is quoted
    assert "《" not in TOPICS["student_loans"]["source_zh"]
    assert "2021年3月" in TOPICS["student_loans"]["source_zh"]
    assert "March 2021" in TOPICS["student_loans"]["source_en"]


def test_fee_rate_figures_carry_their_term_in_both_languages():
    # 0.6% a month -> 13.03% APR holds for 12 months; the 1.8-1.9x rule for 12 to 36 months (facts §7)
    assert "分12期" in body("fee_rate_installment", "zh") and "over 12 months" in body(
        "fee_rate_installment", "en"
    )
    assert "12到36期" in body("credit_card_interest", "zh") and "12 to 36 months" in body(
        "credit_card_interest", "en"
    )


def test_cost_statement_lists_the_same_items_in_both_languages():
    zh, en = body("cost_disclosure", "zh"), body("cost_disclosure", "en")
    assert "违约成本" in zh and "cost of default" in en


def test_collection_standard_is_not_stated_as_a_hard_rule_in_chinese():
    # GB/T 45251-2025 is a recommended standard (facts §5.3): zh says 应, like the English "should"
    zh = body("collection_exposure", "zh")
    assert "只能针对" not in zh and "应只针对" in zh
    assert "should contact only" in body("collection_exposure", "en")


def _advice_texts(lang):
    from loancoach.redflags import advice

    for table in (advice.WHY, advice.WHAT_TO_DO, advice._SUMMARY):
        for key, texts in table.items():
            yield key, texts[lang]


def test_red_flag_advice_addresses_the_user_as_nin():
    for key, text in _advice_texts("zh"):
        assert "你" not in text, f"{key}: 您, not 你"


@pytest.mark.parametrize("lang", LANGS)
def test_red_flag_advice_calls_110_before_96110_once_money_moved(lang):
    from loancoach.redflags import advice

    for key in ("fee_before_disbursement", "fake_official", "remote_control"):
        text = advice.WHAT_TO_DO[key][lang]
        police = re.search(r"(?<!\d)110(?!\d)", text)
        assert police and police.start() < text.index("96110"), f"{key} [{lang}]: 110 first, then 96110"


@pytest.mark.parametrize("lang", LANGS)
def test_red_flag_advice_on_the_repair_policy_says_the_deadline_passed(lang):
    from loancoach.redflags import advice

    text = advice.WHAT_TO_DO["credit_washing"][lang]
    assert ("已过" in text and "不适用" in text) if lang == "zh" else ("has passed" in text and "not" in text)


def test_red_flag_student_ban_has_the_same_scope_in_both_languages():
    from loancoach.redflags import advice

    zh, en = advice.WHY["student_targeting"]["zh"], advice.WHY["student_targeting"]["en"]
    assert "在校" not in zh and "大学生" in zh and "college students" in en


@pytest.mark.parametrize("lang", LANGS)
def test_dti_bands_are_labelled_as_loancoach_guidance_not_a_rule(lang):
    from decimal import Decimal

    from loancoach.calculator.render import render_result

    text = render_result(_result(18, 9000), lang, "apr", Decimal(18))
    assert (
        ("贷款明白人" in text and "不是法规" in text)
        if lang == "zh"
        else "LoanCoach guidance, not a rule" in text
    )
