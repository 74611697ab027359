"""The learned model's offer column: high-severity flags stand in a text that asserts them, not in one
that quotes them (a news report, a warning, a question), and a plain-words offer no phrase lists is
flagged. The sentences are written for this test (none is from a dev set or the blind hold-out)."""

from __future__ import annotations

import pytest

from loancoach.redflags import check
from loancoach.redflags.model import OFFER, load, model, save
from loancoach.redflags.render import render_check
from loancoach.redflags.textnorm import prepare

NEWS = [
    ("据报道，警方破获一起诈骗案，嫌疑人以“无需征信、先交保证金”为由骗取钱财。", "zh", "无需征信"),
    (
        "News: police broke up a gang that promised loans with no credit check and then asked victims for "
        "an upfront deposit.",
        "en",
        "no credit check",
    ),
]
STORIES = [
    ("他们说先交解冻费就能放款，这是诈骗吗？", "zh"),
    (
        "The loan officer told me I have to pay a 2,000 deposit before they release the money. Is that normal?",
        "en",
    ),
]


def test_committed_model_has_an_offer_column_with_ordered_thresholds():
    m = model()
    assert m.offer is not None
    keep, raise_, retold, bare = m.offer
    assert 0 <= retold <= keep < raise_ <= 1.01 and 0 <= bare <= keep
    assert m.columns == m.categories + (OFFER,)
    assert OFFER not in m.flagged(prepare("100%必过，先交保证金").text)  # a column, not a category


def test_offer_column_survives_save_and_load(tmp_path):
    path = tmp_path / "m.npz"
    save(model(), path)
    again = load(path)
    assert again.offer == model().offer
    text = prepare("客服说要先交3000解冻费才能放款").text
    assert again.scores(text) == pytest.approx(model().scores(text))


def test_a_model_saved_with_fewer_offer_thresholds_reads_as_it_did(tmp_path):
    """Before the story threshold existed, a borrower's story kept its flags whatever the offer column
    said (0); before the bare-text threshold, a bare text had keep's. A model saved then reads the same."""
    import numpy

    path = tmp_path / "old.npz"
    save(model(), path)
    with numpy.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    for n, expected in ((2, (0.0, model().offer[0])), (3, (model().offer[2], model().offer[0]))):
        numpy.savez(path, **{**arrays, "offer": arrays["offer"][:n]})
        keep, raise_, retold, bare = load(path).offer
        assert (keep, raise_) == model().offer[:2] and (retold, bare) == expected


@pytest.mark.parametrize("text, language, phrase", NEWS)
def test_a_news_report_quoting_scam_words_is_not_an_offer_and_says_what_it_saw(text, language, phrase):
    result = check(text, language)
    assert result.verdict == "ok"
    assert any(c.reason == "not_asserted" and c.evidence == phrase for c in result.cleared)
    reply = render_check(result)
    assert phrase in reply  # the borrower sees that the phrase was read, and why it did not count
    assert "no red flag" not in reply.lower() and "没有危险信号" not in reply


@pytest.mark.parametrize(
    "text", ["室友说他这次四级稳过，包过的那种，结果考完就蔫了哈哈", "他说这次考研包过，哈哈哈"]
)
def test_hearsay_that_is_a_joke_is_not_a_story_of_an_offer(text):
    """The story cue ("他说…") lowers the bar for the offer column, it does not remove it."""
    result = check(text, "zh")
    assert result.verdict == "ok"
    assert {c.reason for c in result.cleared} == {"not_asserted"}


@pytest.mark.parametrize(
    "question, joke",
    [
        ("他说贷款包过，是真的吗？", "他说这次考研包过，哈哈哈"),
        ("经理说包过，能信吗？", "室友说他这次四级稳过，包过的那种，哈哈"),
    ],
)
def test_a_story_that_asks_whether_to_believe_the_offer_keeps_its_flags(question, joke, monkeypatch):
    """Whatever the offer column says: with both offer thresholds set just above the question's score,
    the story that asks whether to believe the claim keeps its flag, and a joke told as hearsay that
    scores no higher does not."""
    _, raise_, _, _ = model().offer
    bar = model().scores(prepare(question).text)[OFFER] + 0.01
    assert model().scores(prepare(joke).text)[OFFER] < bar
    monkeypatch.setattr(model(), "offer", (bar, raise_, bar, bar))
    result = check(question, "zh")
    assert result.verdict == "misleading" and "guaranteed_approval" in result.categories
    assert check(joke, "zh").verdict == "ok"


@pytest.mark.parametrize(
    "bare, framed",
    [
        ("无抵押无担保包下款", "有人说无抵押无担保包下款，这是什么意思？"),
        (
            "Guaranteed approval, subject to approval.",
            'What does "guaranteed approval, subject to approval" mean?',
        ),
    ],
)
def test_a_bare_ad_needs_less_of_the_offer_column_than_a_framed_quote(bare, framed, monkeypatch):
    """A text with nothing framing its words (no question, report, warning or first person) has nothing
    to quote them from: with keep set just above both texts' scores and the bare threshold at 0, the bare
    ad keeps its flag and the question about the same words does not."""
    _, raise_, retold, _ = model().offer
    keep = max(model().scores(prepare(t).text)[OFFER] for t in (bare, framed)) + 0.01
    monkeypatch.setattr(model(), "offer", (keep, raise_, min(retold, keep), 0.0))
    result = check(bare)
    assert result.verdict == "misleading" and "guaranteed_approval" in result.categories
    assert check(framed).verdict == "ok"


@pytest.mark.parametrize(
    "bare, framed, category",
    [
        (
            "最后3个名额！无抵押无担保包下款",
            "有人说无抵押无担保包下款，这是什么意思？",
            "guaranteed_approval",
        ),
        ("No credit check. Cash today.", 'What does "no credit check" mean on a loan ad?', "no_credit_check"),
    ],
)
def test_a_bare_promise_the_rules_found_stands_whatever_the_offer_column(bare, framed, category, monkeypatch):
    """A promise to the reader that the rules found, in a text with nothing to quote it from, is asserted
    even when keep and the bare threshold are both above the offer score; the same words in a question
    are not."""
    _, raise_, _, _ = model().offer
    above = max(model().scores(prepare(t).text)[OFFER] for t in (bare, framed)) + 0.01
    monkeypatch.setattr(model(), "offer", (above, max(raise_, above), above, above))
    result = check(bare)
    assert result.verdict == "misleading" and category in result.categories
    assert check(framed).verdict == "ok"


@pytest.mark.parametrize("text, language", STORIES)
def test_a_borrowers_story_of_a_fee_demand_stays_flagged_whatever_its_frame(text, language):
    result = check(text, language)
    assert result.verdict == "misleading"
    assert "fee_before_disbursement" in result.categories


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "Everyone who applies with us walks away with the money, no exceptions, just bring your ID card.",
            "en",
        ),
        ("来我们这儿的就没有办不下来的，拿着身份证过来，当天钱就到手。", "zh"),
    ],
)
def test_a_plain_words_promise_no_phrase_lists_is_flagged_with_evidence(text, language):
    result = check(text, language)
    assert result.verdict == "misleading"
    for flag in result.flags:
        assert flag.evidence and text[flag.start : flag.end] == flag.evidence


@pytest.mark.parametrize(
    "text", ["保证金一律不收。", "We never ask for a deposit before the loan is paid out."]
)
def test_a_denied_fee_is_not_raised_into_another_category(text):
    assert check(text).verdict == "ok"


@pytest.mark.parametrize(
    "text, language, retold",
    [
        ("有些广告说“不看征信、先交保证金”，这到底是什么意思？", "zh", False),
        (
            'Why do so many ads say "no credit check" and "pay a deposit first"? What does that even mean?',
            "en",
            False,
        ),
        ("对方说我征信不好，要先交两千保证金才能放款，这正常吗？", "zh", True),
        ("The rep told me to pay a 300 yuan unlock fee first. Normal?", "en", True),
    ],
)
def test_hearsay_about_ads_is_a_question_but_an_offer_made_to_the_borrower_is_a_story(text, language, retold):
    result = check(text, language)
    if retold:
        assert result.verdict == "misleading" and "fee_before_disbursement" in result.categories
    else:
        assert result.verdict == "ok"
        assert {c.reason for c in result.cleared} == {"not_asserted"}


@pytest.mark.parametrize(
    "text, language, category",
    [
        (
            "Agent: we just need to see your banking app. Can u turn on screen sharing for a sec?",
            "en",
            "remote_control",
        ),
        (
            "客服：您好，放款前需要先交一笔888元的账户激活费，您方便现在转一下吗？",
            "zh",
            "fee_before_disbursement",
        ),
        (
            "A so-called loan officer asked me to install a remote support app so he could fill in the form.",
            "en",
            "remote_control",
        ),
    ],
)
def test_an_agents_question_or_instruction_to_the_borrower_is_an_offer(text, language, category):
    result = check(text, language)
    assert result.verdict == "misleading"
    assert category in result.categories
