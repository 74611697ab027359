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
    from loancoach.records.pseudonyms import stored_sender_id

    assert stored_sender_id("user-42") == "user-42"
    assert stored_sender_id("a1b2c3d4e5f6") == "a1b2c3d4e5f6"  # socket.io session ids stay as they are
    pseudonym = stored_sender_id("whatsapp:+8613812345678")
    assert "13812345678" not in pseudonym and pseudonym == stored_sender_id("whatsapp:+8613812345678")


# --- keyed pseudonyms (loancoach/records/pseudonyms.py) ----------------------------------------------

PHONE_SENDER = "whatsapp:+8613812345678"


@pytest.fixture
def key_folder(tmp_path, monkeypatch):
    from loancoach.records import pseudonyms

    monkeypatch.delenv(pseudonyms.KEY_VARIABLE, raising=False)
    monkeypatch.setenv("LOANCOACH_VAR_DIR", str(tmp_path / "var"))
    return tmp_path / "var"


def test_pseudonyms_are_keyed_stable_and_not_the_plain_sha256(monkeypatch):
    import hashlib

    from loancoach.records.pseudonyms import KEY_VARIABLE, conversation_key, pseudonym, stored_sender_id

    monkeypatch.setenv(KEY_VARIABLE, "first-secret-of-this-deployment")
    first = stored_sender_id(PHONE_SENDER)
    assert first == stored_sender_id(PHONE_SENDER) and first.startswith("masked-") and len(first) == 31
    assert first != "masked-" + hashlib.sha256(PHONE_SENDER.encode()).hexdigest()[:24]
    assert conversation_key("user-42") != hashlib.sha256(b"user-42").hexdigest()[:16]
    assert pseudonym("user-42") == pseudonym("user-42") != pseudonym("user-43")

    monkeypatch.setenv(KEY_VARIABLE, "another-secret-entirely-different")
    assert stored_sender_id(PHONE_SENDER) != first and stored_sender_id("user-42") == "user-42"


def test_a_short_key_is_refused_with_the_variables_name(monkeypatch):
    from loancoach.records.pseudonyms import KEY_VARIABLE, conversation_key

    monkeypatch.setenv(KEY_VARIABLE, "short")
    with pytest.raises(ValueError, match=KEY_VARIABLE):
        conversation_key("user-42")


def test_without_the_variable_a_private_key_file_is_made_once_and_kept_across_restarts(key_folder):
    import os
    import stat
    import subprocess
    import sys

    from loancoach.records.pseudonyms import KEY_FILE, stored_sender_id

    here = stored_sender_id(PHONE_SENDER)
    key_file = key_folder / KEY_FILE
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in key_folder.iterdir()] == [KEY_FILE]  # no draft left behind
    # another process (a restart, the action server, a CLI command) reads the same key
    code = f"from loancoach.records.pseudonyms import stored_sender_id; print(stored_sender_id({PHONE_SENDER!r}))"
    other = subprocess.run(
        [sys.executable, "-c", code], env=os.environ.copy(), capture_output=True, text=True
    )
    assert other.stdout.strip() == here, other.stderr
    assert key_file.read_text().strip() and stored_sender_id(PHONE_SENDER) == here


def test_another_key_file_gives_other_pseudonyms(key_folder, tmp_path, monkeypatch):
    from loancoach.records.pseudonyms import conversation_key

    first = conversation_key("user-42")
    monkeypatch.setenv("LOANCOACH_VAR_DIR", str(tmp_path / "elsewhere"))
    assert conversation_key("user-42") != first


def test_forget_also_deletes_rows_written_under_the_old_unkeyed_pseudonym(key_folder, tmp_path):
    from datetime import datetime, timezone

    from loancoach.records.pseudonyms import conversation_key, legacy_conversation_key
    from loancoach.records.retention import forget
    from loancoach.records.store import Feedback, session_scope

    url = f"sqlite:///{tmp_path / 'records.db'}"
    now = datetime.now(timezone.utc)
    with session_scope(url) as session:
        for key in (legacy_conversation_key("borrower-7"), conversation_key("borrower-7"), "someone-else"):
            session.add(Feedback(created_at=now, conversation=key, language="zh", topic="other", helpful=1))
    result = forget("borrower-7", records=url, include_tracker=False)
    assert result.records["feedback"] == 2
    with session_scope(url) as session:
        assert [row.conversation for row in session.query(Feedback)] == ["someone-else"]
