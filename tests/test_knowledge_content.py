"""Knowledge answers (loancoach/knowledge) and their NLU data: complete, short, sourced, myth-free.

The facts behind every answer are in /work/shared/domain/facts.md; §10 lists myths that must never
appear. These checks are content checks: they need no trained model.
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
    ],
    "overdue": [
        "late_consequences",
        "overdue_credit_report",
        "record_retention",
        "collection_third_parties",
        "collection_threats",
        "sued_enforcement",
        "negotiate_repayment",
        "paid_negotiation_agents",
        "borrowing_to_repay",
        "multiple_overdue",
        "complaint_channels",
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
# The brief asked for >= 8 topics per area, but topics.md lists only 7 credit_repair topics; the
# areas follow topics.md, so the floor is 7 (see the hand-over report).
MIN_TOPICS_PER_AREA = 7

MAX_LEN = {"zh": 220, "en": 480}
SOURCE_PREFIX = {"zh": "来源：", "en": "Source: "}
NEXT_STEP = {"zh": "下一步：", "en": "Next step:"}
ALLOWED_HOTLINES = {"12378", "12363", "110", "96110", "12345"}
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
    assert len(ALL_IDS) == 31 and len(set(ALL_IDS)) == 31
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


@pytest.mark.parametrize("topic_id", ALL_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_only_known_hotlines(topic_id, lang):
    numbers = set(_PHONE.findall(knowledge.answer(topic_id, lang)))
    assert numbers <= ALLOWED_HOTLINES, f"{topic_id} [{lang}]: unknown number(s) {numbers - ALLOWED_HOTLINES}"


def test_hotline_pattern_sees_hotlines_not_amounts():
    assert set(_PHONE.findall("拨打12378或110，也可以打96110。")) == {"12378", "110", "96110"}
    assert set(_PHONE.findall("call 95588 or 4001234567")) == {"95588", "4001234567"}
    assert _PHONE.findall("1000元、1,800 yuan、180天、100%、8833.3、GB/T 45251-2025") == []


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


def test_one_rule_per_intent():
    data = yaml.safe_load((ROOT / "data/rules_knowledge.yml").read_text("utf-8"))
    assert str(data["version"]) == "3.1"
    seen = {}
    for rule in data["rules"]:
        steps = rule["steps"]
        assert len(steps) == 2 and steps[1] == {"action": "action_answer_question"}, rule["rule"]
        seen[steps[0]["intent"]] = rule["rule"]
        assert rule["rule"] == "answer " + steps[0]["intent"][len("ask_") :]
    assert sorted(seen) == sorted(KNOWLEDGE_INTENTS) and len(data["rules"]) == len(seen)


@pytest.mark.parametrize("lang", LANGS)
def test_every_intent_has_enough_examples(lang):
    nlu = KNOWLEDGE_NLU[lang]
    assert set(nlu) == set(KNOWLEDGE_INTENTS), f"knowledge_{lang}.yml intents differ from the domain"
    few = {i: len(nlu[i]) for i in KNOWLEDGE_INTENTS if len(nlu[i]) < MIN_EXAMPLES}
    assert not few, f"fewer than {MIN_EXAMPLES} {lang} examples: {few}"


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
    seen = {}
    for lang in LANGS:
        for intent, examples in KNOWLEDGE_NLU[lang].items():
            for ex in examples:
                key = _norm(ex)
                where = seen.get(key) or others.get(key)
                assert where is None, f"{ex!r} in {intent} [{lang}] also in {where}"
                seen[key] = f"knowledge_{lang}.yml:{intent}"


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
