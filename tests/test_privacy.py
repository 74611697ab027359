import pytest

from loancoach.text.privacy import (
    CARD_MASK,
    EMAIL_MASK,
    ID_MASK,
    LANDLINE_MASK,
    NAME_MASK,
    PHONE_MASK,
    redact,
)


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
    assert out.count("[") == 4
    assert "1101" not in out and "1391" not in out and "6222" not in out and "张三" not in out


@pytest.mark.parametrize(
    "text, secret",
    [
        ("家里电话010-12345678", "12345678"),
        ("座机 (0755)8765 4321 白天有人", "8765 4321"),
        ("office 021 6123 4567", "6123 4567"),
        ("单位电话0571-87654321，分机找我", "87654321"),
        ("打02112345678找我", "02112345678"),
    ],
)
def test_landline_numbers_are_masked(text, secret):
    out = redact(text)
    assert secret not in out and LANDLINE_MASK in out


@pytest.mark.parametrize(
    "text, name",
    [
        ("我叫张三，想借5万", "张三"),
        ("我叫王小明想问下逾期的事", "王小明"),
        ("你好我的名字是欧阳娜娜", "欧阳娜娜"),
        ("本人叫李四", "李四"),
        ("My name is John Smith and I owe 5000", "John Smith"),
        ("hi, my name is li and I need help", " li "),
    ],
)
def test_names_after_my_name_is_are_masked(text, name):
    out = redact(text)
    assert name not in out and NAME_MASK in out


@pytest.mark.parametrize(
    "text",
    [
        "我叫平安银行的人别再打了",
        "我叫了客服也没用",
        "我叫他们别催了",
        "我叫朋友帮我还款",
        "我叫催收的出示证件",
        "我叫花呗的客服帮我分期",
        "我叫金额多少合适",
        "我叫网贷平台停止催收",
        "my name is on the loan contract",
        "my name is not on the credit report",
        "call me tomorrow about the loan",
        "客服电话400-820-8820",
        "打96110或者12378",
        "card 6222 0212 3456 7890",
    ],
)
def test_loan_words_hotlines_and_cards_are_not_read_as_names_or_landlines(text):
    out = redact(text)
    assert NAME_MASK not in out and LANDLINE_MASK not in out


def test_sender_ids_that_are_phone_numbers_are_stored_as_pseudonyms():
    from loancoach.text.privacy import stored_sender_id

    assert stored_sender_id("user-42") == "user-42"
    assert stored_sender_id("a1b2c3d4e5f6") == "a1b2c3d4e5f6"  # socket.io session ids stay as they are
    pseudonym = stored_sender_id("whatsapp:+8613812345678")
    assert "13812345678" not in pseudonym and pseudonym == stored_sender_id("whatsapp:+8613812345678")
