"""The learned red-flag detector, its corpus, the blind hold-out's integrity and the checker's words."""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import Counter
from pathlib import Path

import pytest

from loancoach.redflags import check
from loancoach.redflags.categories import CATEGORIES
from loancoach.redflags.model import MODEL_PATH, clean, denied_certainties, features, load, model, save
from loancoach.redflags.textnorm import prepare

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "redflags" / "corpus.jsonl"
DEV = ROOT / "tests" / "redflags" / "dev.jsonl"
BLIND = ROOT / "tests" / "redflags" / "blind_holdout.jsonl"
# The lead freezes the blind hold-out by putting its sha256 here; any later edit then fails this test.


def _rows(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_committed_model_was_built_from_committed_corpus():
    natural = CORPUS.parent / "natural.jsonl"
    digest = hashlib.sha256(
        CORPUS.read_bytes() + (natural.read_bytes() if natural.exists() else b"")
    ).hexdigest()
    assert load().corpus_sha256 == digest, "run scripts/build_redflag_model.py"


def test_corpus_covers_every_category_both_languages_and_hard_negatives():
    rows = _rows(CORPUS)
    assert len(rows) >= 2000
    assert {r["language"] for r in rows} == {"zh", "en"}
    positives = Counter(c for r in rows for c in r["categories"])
    for category in CATEGORIES:
        assert positives[category.name] >= 100, category.name
    assert sum(1 for r in rows if not r["categories"]) >= 800
    # group-wise validation holds out template families: every row names its own, and every category
    # has many in each language
    families = Counter(t.rsplit("/", 1)[0] for r in rows for t in r["templates"])
    for category in CATEGORIES:
        for language in ("zh", "en"):
            assert (
                len({t for r in rows for t in r["templates"] if t.startswith(f"{category.name}/{language}/")})
                >= 8
            )
    assert families["ok/zh"] and families["ok/en"]


def _reference_scores(m, text):
    """The model's definition, weight by weight in plain Python (see the module doc)."""
    present = [m.rows[f] for f in features(clean(text)) if f in m.rows]
    norm = math.sqrt(sum(float(m.idf[r]) ** 2 for r in present)) or 1.0
    out = {}
    for j, c in enumerate(m.categories):
        z = m.intercepts[j] + sum(float(m.idf[r]) / norm * float(m.weights[r, j]) for r in present)
        out[c] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return out


def test_fast_scores_equal_the_definition_on_the_dev_texts():
    m = model()
    for row in _rows(DEV):
        text = prepare(row["text"]).text
        fast, slow = m.scores(text), _reference_scores(m, text)
        assert all(abs(fast[c] - slow[c]) < 1e-9 for c in m.categories), row["text"]
        assert set(m.flagged(text)) == {c for c, p in slow.items() if p >= m.thresholds[c]}


def test_model_file_loads_fast_and_round_trips_byte_for_byte(tmp_path):
    """Loading is a few array reads: measured against reading the file's arrays alone, in the same run
    (best of three each; an absolute bound flipped with the machine's load - 0.07 s quiet, 0.11 s busy)."""
    import numpy

    def arrays():
        with numpy.load(MODEL_PATH, allow_pickle=False) as data:
            return [data[name] for name in data.files]

    load(), arrays()  # warm the file cache and the numpy import
    seconds = min(_timed(load) for _ in range(3))
    baseline = min(_timed(arrays) for _ in range(3))
    assert seconds < 4 * baseline, (
        f"loading the model took {seconds:.3f} s, its arrays alone {baseline:.3f} s"
    )
    copy = tmp_path / MODEL_PATH.name
    save(load(), copy)
    assert copy.read_bytes() == MODEL_PATH.read_bytes()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f"redflags/{MODEL_PATH.name}" in pyproject, "the model must travel in the wheel (package-data)"


def _timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# The blind hold-out is frozen and has no near-duplicate in the corpus or dev set: tests/test_holdouts.py.


# The textbook scam of facts.md §6.1, told by a borrower.
STORY_EN = (
    "The agent said my loan of 50,000 was approved, but I typed a wrong card number so the money is frozen. "
    "Now they want me to transfer 3,000 to unfreeze it before they can pay out. What should I do?"
)
STORY_ZH = "客服说我的贷款已经批了，可是我银行卡号填错了，钱被冻结了，要我先转3000块解冻才能放款，怎么办？"


@pytest.mark.parametrize("text, language", [(STORY_EN, "en"), (STORY_ZH, "zh")])
def test_textbook_scam_story_gets_the_warning(text, language):
    result = check(text, language)
    assert result.verdict == "misleading"
    assert {"fee_before_disbursement", "fake_official"} & set(result.categories)
    for flag in result.flags:
        assert flag.evidence and text[flag.start : flag.end] == flag.evidence
    fee = "110" if language == "en" else "110"
    assert any(fee in f.what_to_do and "96110" in f.what_to_do for f in result.flags)


@pytest.mark.parametrize(
    "text, category",
    [
        ("征 信 不 好 也 能 贷", "no_credit_check"),
        ("放款前先交保/证/金", "fee_before_disbursement"),
        ("貸款必過，全額退款", "guaranteed_approval"),
        ("逾期记录3天删💰除，专业征信修复", "credit_washing"),
    ],
)
def test_obfuscated_text_is_caught_and_quoted_as_written(text, category):
    result = check(text, "zh")
    flag = next(f for f in result.flags if f.category == category)
    assert text[flag.start : flag.end] == flag.evidence


def test_model_catches_what_no_phrase_lists():
    result = check(
        "Your withdrawal is on hold. Buy two Apple gift cards to unlock it and the loan is sent.", "en"
    )
    assert result.verdict == "misleading"
    assert any(f.source == "model" for f in result.flags)


def test_look_alike_digits_inside_words_are_read_as_letters_and_quoted_as_written():
    text = "We don't ch3ck your cr3dit, the l0an lands in 1 hour, just pay the dep0sit of 5000 first"
    prepared = prepare(text)
    assert "check your credit" in prepared.text and "deposit of 5000" in prepared.text
    assert prepare("A4 paper, 24h, iPhone13").text == "A4 paper, 24h, iPhone13"  # not between letters
    result = check(text, "en")
    assert {"no_credit_check", "fee_before_disbursement"} <= set(result.categories)
    for flag in result.flags:
        assert text[flag.start : flag.end] == flag.evidence  # the user's own spelling


def test_rejoining_keeps_sentence_ends_and_maps_back():
    prepared = prepare("以审核为准. 下 一 句")
    assert prepared.text == "以审核为准. 下一句"
    assert prepared.quote(7, 10) == "下 一 句"


@pytest.mark.parametrize(
    "text, language, questions",
    [
        ("借款年化利率8%，合同写明全部费用。", "zh", ("付任何钱", "书面")),
        ("Loan at 8% APR, every fee listed in the contract.", "en", ("pay anything", "in writing")),
    ],
)
def test_nothing_found_names_what_was_checked_and_asks_two_questions(text, language, questions):
    result = check(text, language)
    assert result.verdict == "ok"
    assert "no red flag" not in result.summary.lower() and "no common red flags" not in result.summary.lower()
    for words in questions:
        assert words in result.summary


def test_model_loads_without_scikit_learn():
    import subprocess
    import sys

    code = "import sys; from loancoach.redflags.model import model; model(); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def _features_by_the_definition(cleaned: str) -> set:
    """The module doc's n-grams, position by position: 1-grams of Chinese characters, character 2- to
    4-grams, word 1- and 2-grams."""
    import re

    out = set()
    for i, ch in enumerate(cleaned):
        if "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff":
            out.add(ch)
        for n in (2, 3, 4):
            if i + n <= len(cleaned):
                out.add(cleaned[i : i + n])
    words = re.findall(r"[a-z][a-z0-9'$%]*|\$?\d[\d,.]*%?", cleaned)
    for i, word in enumerate(words):
        out.add("w:" + word)
        if i + 1 < len(words):
            out.add(f"w:{word} {words[i + 1]}")
    return out | _constructions_by_the_definition(cleaned)


def _occurrences(cleaned: str, words) -> list:
    """A concept's words, scanned left to right, the longest word first at each position, Latin words
    whole."""
    found, i = [], 0
    ordered = sorted(words, key=len, reverse=True)
    while i < len(cleaned):
        for w in ordered:
            end = i + len(w)
            latin = w[0].isascii() and w[0].isalpha()
            whole = cleaned.startswith(w, i) and (
                not latin
                or (
                    i == 0
                    or not (cleaned[i - 1].isascii() and (cleaned[i - 1].isalnum() or cleaned[i - 1] == "'"))
                )
                and (end == len(cleaned) or not (cleaned[end].isascii() and cleaned[end].isalnum()))
            )
            if whole:
                found.append((i, end))
                i = end
                break
        else:
            i += 1
    return found


def _constructions_by_the_definition(cleaned: str) -> set:
    """Concept A then concept B (B starting at most FAR characters after A ends, no sentence end in
    between), "~" when at most NEAR; a concept at most NEAR characters after a negation is "!", and so
    are the certainty and approval words after a "!certainty" in its clause."""
    from loancoach.redflags import model as m

    spans = sorted(
        (s, e, name) for name, words in m._CONCEPT_WORDS.items() for s, e in _occurrences(cleaned, words)
    )
    negations = [(s, e) for s, e, name in spans if name == "neg"]
    marked = []
    for s, e, name in spans:
        negated = name not in ("neg", "warn", "question") and any(
            ns < s and 0 <= s - ne <= m.NEAR for ns, ne in negations
        )
        marked.append((s, e, "!" + name if negated else name))
    # a denied certainty reaches the certainty and approval words after it in its clause
    scoped, denied_end = [], None
    for s, e, name in marked:
        if denied_end is not None and any(ch in "，,。；;！!？?\n、:：" for ch in cleaned[denied_end:s]):
            denied_end = None
        if name == "!certainty":
            denied_end = e
        elif denied_end is not None and name in ("certainty", "approval") and s >= denied_end:
            name = "!" + name
        scoped.append((s, e, name))
    marked = scoped
    ends = [
        k
        for k, ch in enumerate(cleaned)
        if ch in "。！？!?\n" or (ch == "." and (k + 1 == len(cleaned) or cleaned[k + 1].isspace()))
    ]
    out = set()
    for s1, e1, a in marked:
        for s2, _, b in marked:
            if (s2, b) <= (s1, a) or s2 < e1 or s2 - e1 > m.FAR or a == b:
                continue
            if any(e1 <= k < s2 for k in ends):
                continue
            out.add(f"c:{a}<{b}")
            if s2 - e1 <= m.NEAR:
                out.add(f"c:{a}<{b}~")
    return out


def test_features_and_present_rows_follow_the_definition():
    m = model()
    texts = [row["text"] for row in _rows(DEV)] + [
        "",
        "贷",
        "必过必过必过必过",
        "No   credit check!!  $5,000 at 0.05% daily, 100%必过 w:ab",
        "不看征信，无视黑白户，人人都能批。No matter your credit history, everyone is approved... not guaranteed.",
        "We don't check credit.Guaranteed approval!不管有没有逾期都包过？approval is not guaranteed",
    ]
    for text in texts:
        cleaned = clean(prepare(text).text)
        expected = _features_by_the_definition(cleaned)
        assert features(cleaned) == expected, text
        rows, values = m._present(prepare(text).text)
        assert rows.tolist() == sorted(m.rows[f] for f in expected if f in m.rows), text
        assert len(values) == len(rows)


def _concept_spans_by_one_pattern(cleaned):
    """The definition the fast concept scan must equal: one pattern per concept, its Latin words behind
    a look-behind (as the model was first built)."""
    import re

    from loancoach.redflags.model import _CONCEPT_WORDS

    found = []
    for name, words in _CONCEPT_WORDS.items():
        latin = sorted((w for w in words if w[0].isascii() and w[0].isalpha()), key=len, reverse=True)
        parts = [re.escape(w) for w in sorted((w for w in words if w not in latin), key=len, reverse=True)]
        parts.append(r"(?<![a-z0-9'])(?:" + "|".join(map(re.escape, latin)) + r")(?![a-z0-9])")
        found += [(m.start(), m.end(), name) for m in re.finditer("|".join(parts), cleaned)]
    return sorted(found)


def test_concept_words_are_found_as_one_look_behind_pattern_would():
    from loancoach.redflags.model import concept_spans

    texts = [row["text"] for row in _rows(DEV)] + [
        "anyone, any one, xany, many, company's no-one no one; nobody's don't'no o'no",
        "100%approved guaranteed100% re-check recheck checks check3 'check credit-check",
        "不保证人人都能批，无论征信如何。No matter what, just ID only-id",
    ]
    for text in texts:
        cleaned = clean(prepare(text).text)
        assert concept_spans(cleaned) == _concept_spans_by_one_pattern(cleaned), text


@pytest.mark.parametrize(
    "text",
    [
        "Your loan of 8,000 has been paid into your account ending 2231. The first repayment date is shown in the app.",
        "所有申请都会查询征信并评估还款能力，审批以审核结果为准，我们不保证通过。",
        "请只在手机自带的应用商店下载我们的App，我们不会发送下载链接。",
        "Every application includes a credit check, and we cannot promise approval.",
        "有人打电话让我装个App提额度，我没理他，直接挂断了。",
    ],
)
def test_legitimate_look_alikes_are_not_called_scams(text):
    # the corpus's look-alike families (a lender's own notices, a borrower who refused a scam), in
    # wordings that are not in the corpus
    rows = _rows(CORPUS)
    look_alikes = [r for r in rows if any("/look" in t for t in r["templates"])]
    assert {r["language"] for r in look_alikes} == {"zh", "en"}
    assert all(r["label"] == "ok" and not r["categories"] for r in look_alikes)
    assert check(text).verdict == "ok", check(text).to_dict()


@pytest.mark.parametrize(
    "text, language, category",
    [
        # a negation before a credit check, and a certainty before an approval, in words no phrase lists
        ("我们这边从来不去翻你的征信，花了也照样放", "zh", "no_credit_check"),
        ("Your credit past doesn't matter to us, we never look it up.", "en", "no_credit_check"),
        ("只要提交就能拿到钱，一个都不会被拒", "zh", "guaranteed_approval"),
        ("Every single applicant gets the money, no matter what.", "en", "guaranteed_approval"),
    ],
)
def test_model_reads_the_construction_not_only_the_phrase(text, language, category):
    result = check(text, language)
    assert result.verdict == "misleading"
    flag = next(f for f in result.flags if f.category == category)
    assert text[flag.start : flag.end] == flag.evidence


@pytest.mark.parametrize(
    "text, language",
    [
        ("审批要看征信，无法保证一定能批下来。", "zh"),
        ("我们会查询您的征信，不保证每个人都能获批。", "zh"),
        ("我不保证你都能批，要看审核", "zh"),
        ("我们没法保证你必过，以审批结果为准", "zh"),
        ("We do not guarantee that everyone will be approved.", "en"),
        ("We cannot guarantee approval; every application is reviewed.", "en"),
    ],
)
def test_a_negated_promise_is_not_a_promise(text, language):
    """A lender's honest disclaimer: the denied certainty denies the claim it begins, whatever the
    model reads in the clause's words ("都能批", "everyone will be approved")."""
    assert check(text, language).verdict == "ok"


@pytest.mark.parametrize(
    "text, promise",
    [
        ("免保证金包下款", "包下款"),
        ("无抵押无担保包下款", "包下款"),
        ("零门槛百分百通过", "百分百通过"),
        ("征信不好也能100%通过", "100%通过"),
    ],
)
def test_a_negation_of_another_word_does_not_deny_the_promise_after_it(text, promise):
    """ "免保证金" denies a deposit, "无担保" a guarantor, "零门槛" a threshold - not the promise: the
    phrase is not cleared as negated (whether it stands is then the offer column's to say)."""
    assert denied_certainties(text) == []
    result = check(text, "zh")
    assert "guaranteed_approval" in result.categories or any(
        c.category == "guaranteed_approval" and c.reason == "not_asserted" for c in result.cleared
    )
    assert not any(c.reason == "negated" and promise in c.evidence for c in result.cleared)


@pytest.mark.parametrize(
    "text,language,quoted",
    [
        ("In ten years our team has never had a client declined.", "en", "never had a client declined"),
        ("放心吧，来我们这申请的一个都不会被拒", "zh", "不会被拒"),
        ("Zero rejections this year, apply today.", "en", "Zero rejections"),
    ],
)
def test_a_negation_that_is_the_promise_is_flagged_and_quoted_with_it(text, language, quoted):
    result = check(text, language)
    assert result.verdict == "misleading"
    (flag,) = [f for f in result.flags if f.category == "guaranteed_approval"]
    # the negation and the claim, at least (the model may weigh a word or two more around them)
    assert quoted in flag.evidence, flag.evidence
    assert flag.evidence in text
