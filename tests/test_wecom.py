"""WeChat customer service on WeCom (channels/wecom.py) against the fake platform (tests/fake_wechat.py).

WeCom's published crypto test vectors first; then, marked `model`, one real `rasa run` (restarted once
to show the sync cursor survives) with the trained model and the action server, its credentials the
documented credentials.yml block: the URL check, messages pulled with sync_msg and answered with
send_msg in Chinese and English, bad signatures refused, a duplicate msgid answered once, an expired
token refreshed once, "转人工" handed to a servicer and posted to the counselors' robots.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
import urllib.parse
from pathlib import Path

import pytest
import xmltodict
from fake_wechat import FakePlatform, decrypt, encrypt, http, signature, wait_until
from servers import ROOT, free_port, start_actions, start_rasa, start_together, stop, stop_all
from test_wechat import uncommented_block

MODEL = ROOT / "models" / "loancoach.tar.gz"
KF = "wkLOANCOACH0001"
CJK = re.compile(r"[\u4e00-\u9fff]")

# wechatpy's tests of the WeCom message crypto (tests/test_crypto.py)
VECTOR = {
    "token": "123456",
    "key": "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
    "corp_id": "wx49f0ab532d5d035a",
}
VECTOR_REPLY = (
    "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n"
    "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n"
    "<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>"
)
VECTOR_ENCRYPT = (
    "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtOb"
    "vesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8"
    "NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O"
    "5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3"
)
VECTOR_INBOUND = (
    "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymz"
    "xh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIi"
    "OAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvc"
    "cTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0="
)


def test_the_fake_platform_encrypts_and_signs_like_the_published_vectors():
    v = VECTOR
    encrypted = encrypt(VECTOR_REPLY, v["key"], v["corp_id"], random16="1234567890123456")
    assert encrypted == VECTOR_ENCRYPT
    assert (
        signature(v["token"], "1411525903", "461056294", encrypted)
        == "407518b7649e86ef23978113f92d27afa9296533"
    )
    assert (
        signature(v["token"], "1411525903", "461056294", VECTOR_INBOUND)
        == "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
    )
    assert xmltodict.parse(decrypt(VECTOR_INBOUND, v["key"], v["corp_id"]))["xml"]["Content"] == "test"


def test_settings_come_from_credentials_else_the_environment_and_the_aes_key_is_required(monkeypatch):
    from channels.wecom import DEFAULT_API_BASE, WeComInput

    v = VECTOR
    credentials = {"corp_id": v["corp_id"], "secret": "s", "token": v["token"], "encoding_aes_key": v["key"]}
    monkeypatch.delenv("WECOM_API_BASE", raising=False)
    monkeypatch.delenv("WECOM_SERVICER_USERID", raising=False)
    channel = WeComInput.from_credentials(credentials)
    assert (channel.corp_id, channel.secret, channel.api_base, channel.servicer_userid) == (
        v["corp_id"],
        "s",
        DEFAULT_API_BASE,
        "",
    )
    monkeypatch.setenv("WECOM_API_BASE", "http://127.0.0.1:9/")
    monkeypatch.setenv("WECOM_SERVICER_USERID", "counselor-1")
    channel = WeComInput.from_credentials(credentials)
    assert (channel.api_base, channel.servicer_userid) == ("http://127.0.0.1:9", "counselor-1")
    channel = WeComInput.from_credentials({**credentials, "servicer_userid": "counselor-2"})
    assert channel.servicer_userid == "counselor-2"
    with pytest.raises(ValueError, match="WECOM_ENCODING_AES_KEY must be the 43-character EncodingAESKey"):
        WeComInput.from_credentials({**credentials, "encoding_aes_key": ""})


def test_the_channel_decrypts_the_published_vector_and_refuses_a_wrong_signature():
    from wechatpy.exceptions import InvalidSignatureException

    from channels.wecom import WeComInput

    v = VECTOR
    channel = WeComInput(v["corp_id"], "secret", v["token"], v["key"])
    body = f"<xml><ToUserName><![CDATA[{v['corp_id']}]]></ToUserName><Encrypt><![CDATA[{VECTOR_INBOUND}]]></Encrypt></xml>"
    xml = channel.crypto.decrypt_message(
        body, "74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056294"
    )
    assert xmltodict.parse(xml)["xml"]["FromUserName"] == "messense"
    with pytest.raises(InvalidSignatureException):
        channel.crypto.decrypt_message(
            body, "74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056295"
        )


# --- a real server ---------------------------------------------------------------------------------------


class Stack:
    def __init__(self, tmp: Path, model: Path) -> None:
        self.tmp, self.model = tmp, model
        self.platform = FakePlatform().start()
        self.db_url = f"sqlite:///{tmp / 'loancoach.db'}"
        self.tracker_db = tmp / "tracker.db"
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.webhook = f"http://127.0.0.1:{self.rasa_port}/webhooks/wecom/webhook"
        self.rasa = self.actions = None
        p = self.platform
        self.env = {
            "WECOM_CORP_ID": p.corp_id,
            "WECOM_KF_SECRET": p.corp_secret,
            "WECOM_TOKEN": p.wecom_token,
            "WECOM_ENCODING_AES_KEY": p.wecom_aes_key,
            "WECOM_API_BASE": p.base,
            "DATABASE_URL": self.db_url,
        }

    def start_rasa(self) -> None:
        self.rasa = start_rasa(
            self.model,
            self.tmp / "endpoints.yml",
            self.rasa_port,
            self.tmp / "rasa.log",
            env=self.env,
            credentials=self.tmp / "credentials.yml",
        )

    def query(self, sql: str, *args):
        with sqlite3.connect(self.tmp / "loancoach.db") as db:
            return db.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, monkeypatch_module):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    tmp = tmp_path_factory.mktemp("wecom")
    model = tmp / "model.tar.gz"
    shutil.copy(MODEL, model)
    s = Stack(tmp, model)
    p = s.platform
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "{p.base}/actions/webhook"\n'
        "tracker_store:\n  type: components.masking_tracker_store.MaskingTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{s.tracker_db}"\n'
    )
    (tmp / "credentials.yml").write_text(uncommented_block("channels.wecom.WeComInput"), encoding="utf-8")
    # the action server posts new handoffs to both robots of the fake platform
    monkeypatch_module.setenv("HANDOFF_NOTIFY_WECOM_WEBHOOK", f"{p.base}/cgi-bin/webhook/send?key=ROBOT-KEY")
    monkeypatch_module.setenv("HANDOFF_NOTIFY_DINGTALK_WEBHOOK", f"{p.base}/robot/send?access_token=DT-TOKEN")
    monkeypatch_module.setenv("HANDOFF_NOTIFY_DINGTALK_SECRET", p.dingtalk_secret)
    try:
        p.actions_url = f"http://127.0.0.1:{s.actions_port}/webhook"
        s.actions, _ = start_together(  # both at once: each loads on its own
            lambda: start_actions(s.actions_port, s.db_url, tmp / "actions.log"),
            lambda: s.start_rasa() or s.rasa,
        )
        p.kf_add(KF, "wmWARMUP", "你好")  # the first message after a start loads the pipeline
        s.platform.wecom_callback(s.webhook, KF)
        wait_until(lambda: p.sent("kf/send_msg", "wmWARMUP"), 120)
        yield s
    finally:
        stop_all(s.rasa, s.actions)
        p.stop()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def ask(stack, user: str, text: str, msgtype: str = "text", seconds: float = 30) -> list:
    p = stack.platform
    before = len(p.sent_texts("kf/send_msg", user))
    p.kf_add(KF, user, text, msgtype=msgtype)
    status, body, _ = p.wecom_callback(stack.webhook, KF)
    assert status == 200, body
    assert wait_until(lambda: len(p.sent_texts("kf/send_msg", user)) > before, seconds)
    time.sleep(0.3)  # a second message of the same answer
    return p.sent_texts("kf/send_msg", user)[before:]


@pytest.mark.model
def test_url_check_answers_the_decrypted_echostr_only_when_signed(stack):
    p = stack.platform
    assert p.wecom_verify(stack.webhook, "echo-42")[:2] == (200, "echo-42")
    encrypted = encrypt("echo-42", p.wecom_aes_key, p.corp_id)
    query = {"msg_signature": "0" * 40, "timestamp": "1", "nonce": "2", "echostr": encrypted}
    assert http("GET", f"{stack.webhook}?{urllib.parse.urlencode(query)}")[0] == 403


@pytest.mark.model
@pytest.mark.parametrize(
    "text, language", [("逾期了会影响征信吗", "zh"), ("Will a late payment hurt my credit report?", "en")]
)
def test_messages_are_pulled_and_answered_in_the_users_language(stack, text, language):
    user = f"wmLANG{language}"
    answer = " ".join(ask(stack, user, text))
    share = len(CJK.findall(answer)) / max(1, len(answer))
    assert (share > 0.3) if language == "zh" else (share < 0.05), answer
    assert all(c["open_kfid"] == KF for c in stack.platform.sent("kf/send_msg", user))


@pytest.mark.model
def test_a_bad_signature_gets_403_and_nothing_is_pulled(stack):
    p = stack.platform
    syncs = len(p.sent("kf/sync_msg"))
    assert p.wecom_callback(stack.webhook, KF, token="not-our-token")[0] == 403
    assert http("POST", stack.webhook, b"<xml><Encrypt>abc</Encrypt></xml>")[0] == 403
    time.sleep(0.5)
    assert len(p.sent("kf/sync_msg")) == syncs


@pytest.mark.model
def test_a_message_returned_twice_is_answered_once(stack):
    p = stack.platform
    user = "wmTWICE"
    msgid = p.kf_add(KF, user, "逾期了会影响征信吗")
    p.kf_add(KF, user, "逾期了会影响征信吗", msgid=msgid)  # the platform hands the same msgid out again
    p.wecom_callback(stack.webhook, KF)
    p.wecom_callback(stack.webhook, KF)
    assert wait_until(lambda: p.sent("kf/send_msg", user), 30)
    time.sleep(2)
    assert len(p.sent("kf/send_msg", user)) == 1


@pytest.mark.model
def test_an_expired_token_is_refreshed_once_and_the_answer_delivered(stack):
    p = stack.platform
    fetched = p.token_requests.count("wecom")
    p.expire_tokens()
    assert ask(stack, "wmTOKEN", "逾期了会影响征信吗")
    assert p.token_requests.count("wecom") == fetched + 1
    assert p.refused[-1] == ("kf/sync_msg", 42001)


@pytest.mark.model
def test_images_ask_for_text_and_numbers_choose_buttons(stack):
    assert "打字" in ask(stack, "wmIMAGE", "", msgtype="image")[0]
    greeting = ask(stack, "wmBUTTON", "你好")[-1]
    assert re.search(r"^1\. \S", greeting, re.MULTILINE)
    assert "不确定该怎么回答" not in ask(stack, "wmBUTTON", "1")[0]


@pytest.mark.model
def test_handoff_goes_to_a_servicer_our_records_and_the_counselors_robots(stack):
    p = stack.platform
    user = "wmHANDOFF"
    answer = " ".join(ask(stack, user, "转人工"))
    [(reference,)] = stack.query(
        "SELECT 'H' || printf('%06d', id) FROM handoff_requests ORDER BY id DESC LIMIT 1"
    )
    assert reference in answer
    assert wait_until(lambda: p.sent("kf/service_state/trans", user), 10)
    [trans] = p.sent("kf/service_state/trans", user)
    assert trans["open_kfid"] == KF and trans["service_state"] in (2, 3)
    assert wait_until(lambda: p.sent("robot/wecom") and p.sent("robot/dingtalk"), 10)
    for robot in ("robot/wecom", "robot/dingtalk"):
        text = p.sent(robot)[-1]["text"]["content"]
        assert reference in text and user not in text


@pytest.mark.model
def test_the_sync_cursor_survives_a_restart(stack):
    p = stack.platform
    ask(stack, "wmBEFORE", "你好")
    [(cursor,)] = stack.query("SELECT cursor FROM channel_cursors WHERE name = ?", f"wecom:{KF}")
    assert cursor == str(len(p.kf_messages[KF]))
    stop(stack.rasa)
    p.kf_add(KF, "wmWHILEDOWN", "逾期了会影响征信吗")  # arrives while the server is down
    stack.start_rasa()
    syncs = len(p.sent("kf/sync_msg"))
    p.wecom_callback(stack.webhook, KF)
    assert wait_until(lambda: p.sent("kf/send_msg", "wmWHILEDOWN"), 120)
    assert p.sent("kf/sync_msg")[syncs]["cursor"] == cursor  # went on from where it was, not from the start
    time.sleep(1)
    assert len(p.sent("kf/send_msg", "wmBEFORE")) == 1  # nothing answered twice
