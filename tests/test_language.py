import pytest

from loancoach.text.language import EN, ZH, detect_language, pick


@pytest.mark.parametrize(
    "text, expected",
    [
        ("你好", ZH),
        ("逾期会影响征信吗？", ZH),
        ("hello", EN),
        ("Will a late payment hurt my credit report?", EN),
        # mixed text goes to the language of the sentence frame
        ("我的APR是多少", ZH),
        ("what does 逾期 mean", EN),
        ("Is 砍头息 legal?", EN),
        ("网贷逾期了 what should I do now", EN),
        ("这个app的APR是不是太高了", ZH),
        ("OK谢谢", ZH),
        ("thanks!", EN),
        ("ＨＥＬＬＯ", EN),  # full-width Latin letters
    ],
)
def test_detects_the_language_of_the_sentence(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "1234", "？？？", "APR", "ok", "IRR?"])
def test_no_signal_keeps_the_conversation_language(text):
    assert detect_language(text) is None


def test_long_text_is_decided_quickly_on_its_start():
    assert detect_language("逾期" * 5000) == ZH


def test_pick_defaults_to_chinese():
    assert pick(None, "中文", "English") == "中文"
    assert pick(EN, "中文", "English") == "English"
