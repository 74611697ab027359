import pytest

from loancoach.text.privacy import CARD_MASK, EMAIL_MASK, ID_MASK, PHONE_MASK, redact


@pytest.mark.parametrize(
    "text, secret, mask",
    [
        ("我的身份证号是110101199003071234，帮我查下", "110101199003071234", ID_MASK),
        ("身份证 11010119900307123X", "11010119900307123X", ID_MASK),
        ("老身份证110101900307123", "110101900307123", ID_MASK),
        ("电话13812345678打给我", "13812345678", PHONE_MASK),
        ("call me on +86 138-1234-5678", "138-1234-5678", PHONE_MASK),
        ("手机 138 1234 5678", "138 1234 5678", PHONE_MASK),
        ("卡号6222021234567890123还款失败", "6222021234567890123", CARD_MASK),
        ("card 6222 0212 3456 7890", "6222 0212 3456 7890", CARD_MASK),
        ("邮箱 zhang.san@example.com", "zhang.san@example.com", EMAIL_MASK),
    ],
)
def test_personal_numbers_are_masked(text, secret, mask):
    out = redact(text)
    assert secret not in out
    assert mask in out


@pytest.mark.parametrize(
    "text",
    [
        "借5万，年化18%，分24期",
        "月供916.80元，总利息1001.60",
        "2026年11月23日逾期了3天",
        "loan of 100000 over 36 months",
        "投诉打12378或者12363",
    ],
)
def test_amounts_dates_and_hotlines_are_left_alone(text):
    assert redact(text) == text


def test_several_kinds_in_one_message():
    out = redact("我叫张三 身份证110101199003071234 手机13912345678 卡6222021234567890")
    assert out.count("[") == 3
    assert "1101" not in out and "1391" not in out and "6222" not in out
