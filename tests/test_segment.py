from loancoach.text.segment import segment


def words(text):
    return [w.text for w in segment(text)]


def test_mixed_chinese_and_english_keep_latin_words_whole():
    assert words("我的APR是多少") == ["我", "的", "APR", "是", "多少"]
    assert words("what does 逾期 mean") == ["what", "does", "逾期", "mean"]


def test_no_whitespace_or_punctuation_tokens():
    tokens = words("  你好 ， what's   the APR?！  ")
    assert all(t.strip() for t in tokens)
    assert "，" not in tokens and "?" not in tokens and "！" not in tokens


def test_finance_dictionary_terms_stay_whole():
    for term in [
        "征信",
        "逾期",
        "等额本息",
        "等额本金",
        "年化利率",
        "罚息",
        "砍头息",
        "停息挂账",
        "以贷养贷",
    ]:
        assert term in words(f"请问{term}是什么意思"), term
    assert words("日息万五年化是几") == ["日息万五", "年化", "是", "几"]


def test_offsets_point_back_into_the_text():
    text = "借5万，年化18%，分24期 please"
    for w in segment(text):
        assert text[w.start : w.end] == w.text


def test_empty_and_symbol_only_text_have_no_tokens():
    assert segment("") == []
    assert segment("😀 ！？ \x00\x07") == []


def test_full_width_forms_are_folded_with_offsets_kept():
    text = "ＡＰＲ是１８％吗"
    got = segment(text)
    assert [w.text for w in got][:1] == ["APR"]
    assert [w.text for w in got] == ["APR", "是", "18%", "吗"]
    assert all(len(text[w.start : w.end]) == len(w.text) for w in got)
