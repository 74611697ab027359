"""loancoach.text.numbers.small_number: the one reading of small numbers typed as digits, full-width
digits or Chinese numerals, used by the numbered-button choice (WeChat, WeCom, Twilio) and by the
repayment plan's "第二笔"."""

import pytest

from loancoach.text.numbers import small_number


@pytest.mark.parametrize(
    "text, number",
    [
        ("3", 3),
        ("１", 1),
        ("１２", 12),
        (" 3. ", 3),
        ("2。", 2),
        ("三", 3),
        ("两", 2),
        ("兩", 2),
        ("十", 10),
        ("二十", 20),
        ("十一", 11),
        ("三十五", 35),
        ("第三个", 3),
        ("第二個", 2),
        ("第3笔", 3),
        ("第 二 项", 2),
        ("零", 0),
    ],
)
def test_digits_full_width_and_chinese_numerals_are_read(text, number):
    assert small_number(text) == number


@pytest.mark.parametrize(
    "text",
    [None, "", "好的", "yes", "1.5", "三点五", "一二", "二两", "-1", "第", "123", "一百", "3万", "1 2"],
)
def test_anything_else_is_not_a_small_number(text):
    assert small_number(text) is None


def test_the_limit_is_the_callers():
    assert small_number("一百") is None and small_number("一百", limit=100) == 100
    assert small_number("120", limit=200) == 120


def test_both_callers_read_numbers_the_same_way():
    from channels.wechat_common import choice_number
    from loancoach.calculator.plan_text import which_loan

    for word, number in [("二", 2), ("两", 2), ("十一", 11), ("3", 3), ("３", 3)]:
        assert which_loan(f"删掉第{word}笔", 12) == number
        assert choice_number(f"第{word}个") == number == choice_number(word)
