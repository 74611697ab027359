"""Counselors hear about handoffs (loancoach/notify.py): a WeCom group robot and a signed DingTalk robot
on the fake platform (tests/fake_wechat.py); off by default; a robot that fails never raises.
The end-to-end path (a "转人工" in a chat reaching both robots) is in tests/test_wecom.py."""

from __future__ import annotations

import logging
import time

import pytest
from fake_wechat import FakePlatform, free_port

from loancoach import notify


@pytest.fixture(scope="module")
def platform():
    p = FakePlatform().start()
    yield p
    p.stop()


@pytest.fixture()
def robots(platform, monkeypatch):
    monkeypatch.setenv(notify.WECOM_WEBHOOK, f"{platform.base}/cgi-bin/webhook/send?key=ROBOT-KEY")
    monkeypatch.setenv(notify.DINGTALK_WEBHOOK, f"{platform.base}/robot/send?access_token=DT")
    monkeypatch.setenv(notify.DINGTALK_SECRET, platform.dingtalk_secret)
    return platform


def test_off_by_default(monkeypatch):
    for var in (notify.WECOM_WEBHOOK, notify.DINGTALK_WEBHOOK, notify.DINGTALK_SECRET):
        monkeypatch.delenv(var, raising=False)
    assert notify.notify_handoff("H000001", "zh", "user_request") == {}


def test_both_robots_get_the_reference_and_no_personal_data(robots):
    before = len(robots.calls)
    assert notify.notify_handoff("H000042", "en", "fallback", "wechat") == {"wecom": True, "dingtalk": True}
    [(_, wecom), (_, dingtalk)] = sorted(robots.calls[before:], key=lambda c: c[0], reverse=True)
    assert wecom["key"] == "ROBOT-KEY"
    for body in (wecom, dingtalk):
        assert body["msgtype"] == "text"
        text = body["text"]["content"]
        assert "H000042" in text and "English" in text and "wechat" in text


def test_dingtalk_signature_is_the_documented_hmac():
    # DingTalk's documented construction: Base64(HMAC-SHA256(secret, f"{timestamp}\n{secret}"))
    import base64
    import hashlib
    import hmac

    secret, ts = "SECxyz", 1700000000000
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    )
    assert notify.dingtalk_sign(secret, ts) == expected.decode()
    url = notify.signed_dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=A", secret, ts)
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=A&timestamp=1700000000000&sign=")


def test_a_robot_that_refuses_or_is_down_is_logged_and_never_raises(robots, monkeypatch, caplog):
    monkeypatch.setenv(notify.DINGTALK_SECRET, "wrong-secret")  # the fake robot checks the signature
    monkeypatch.setenv(notify.WECOM_WEBHOOK, f"http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key=K")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="loancoach.notify"):
        assert notify.notify_handoff("H000043", "zh", "user_request") == {"wecom": False, "dingtalk": False}
    assert time.monotonic() - started < notify.TIMEOUT_SECONDS * 2 + 1
    assert "H000043" in caplog.text and "wecom" in caplog.text and "dingtalk" in caplog.text
