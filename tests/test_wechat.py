"""WeChat Official Account channel (channels/wechat.py) against the fake platform (tests/fake_wechat.py).

Unit tests first (crypto test vectors, splitting, numbered choices); then, marked `model`, one real
`rasa run` with the trained model and the action server, its credentials the documented
credentials.yml block, talking to the fake platform on loopback: the server check, text in Chinese and
English in plaintext and safe mode, an answer later than the cut-off sent through the API, retries of
one MsgId answered once, bad signatures refused with nothing stored, an expired token refreshed once,
a numbered button choice, voice with recognition, other kinds and subscribe / unsubscribe.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import xmltodict
import yaml
from fake_wechat import FakePlatform, encrypt, http, signature, text_xml, wait_until
from servers import ROOT, free_port, start_actions, start_rasa, start_together, stop_all

MODEL = ROOT / "models" / "loancoach.tar.gz"
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
FIRST_GREETING_PAYLOAD = (
    RESPONSES["utter_greet"][0]["buttons"][0]["payload"].replace("{{", "{").replace("}}", "}")
)
FALLBACK = "不确定该怎么回答"
REPLY_TIMEOUT = 2.0  # the cut-off for a passive reply in these tests (default 4 s)
CJK = re.compile(r"[\u4e00-\u9fff]")

# WeChat's own sample (Tencent's WXBizMsgCrypt demo for the Official Account message crypto)
SAMPLE = {
    "token": "spamtest",
    "encoding_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    "app_id": "wx2c2769f8efd9abc2",
    "timestamp": "1409735669",
    "nonce": "1320562132",
    "msg_signature": "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
    "encrypt": (
        "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAF"
        "mOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8"
        "dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfR"
        "d5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehV"
        "sNPfUM669WuMyVWQLCzpu9GhglF2PE="
    ),
}


# --- no model ------------------------------------------------------------------------------------------


def test_wechat_sample_vector_signature_and_decryption():
    from wechatpy.crypto import WeChatCrypto

    from channels.wechat import sha1_signature

    s = SAMPLE
    assert sha1_signature(s["token"], s["timestamp"], s["nonce"], s["encrypt"]) == s["msg_signature"]
    assert signature(s["token"], s["timestamp"], s["nonce"], s["encrypt"]) == s["msg_signature"]  # the fake's
    body = f"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{s['encrypt']}]]></Encrypt></xml>"
    crypto = WeChatCrypto(s["token"], s["encoding_aes_key"], s["app_id"])
    xml = crypto.decrypt_message(body, s["msg_signature"], s["timestamp"], s["nonce"])
    message = xmltodict.parse(xml)["xml"]
    assert message["MsgType"] and message["FromUserName"]
    # a different AppID inside the message is refused
    from wechatpy.exceptions import InvalidAppIdException

    with pytest.raises(InvalidAppIdException):
        WeChatCrypto(s["token"], s["encoding_aes_key"], "wx0000000000000000").decrypt_message(
            body, s["msg_signature"], s["timestamp"], s["nonce"]
        )


def test_long_answers_are_split_at_sentence_ends_within_the_byte_limit():
    from channels.wechat import pack
    from channels.wechat_common import split_text

    text = "逾期会影响征信。" * 200 + "Late payments are reported. " * 50
    pieces = split_text(text, 600)
    assert all(len(p.encode("utf-8")) <= 600 for p in pieces)
    assert all(p.endswith(("。", ".")) for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "").strip()
    assert pack(["第一条。", "第二条。"], 600) == ["第一条。\n\n第二条。"]


@pytest.mark.parametrize(
    "reply, number", [("1", 1), ("１", 1), ("一", 1), ("第二个", 2), (" 3. ", 3), ("十", 10), ("好的", None)]
)
def test_option_numbers_in_digits_full_width_and_chinese(reply, number):
    from channels.wechat_common import choice_number

    assert choice_number(reply) == number


def test_settings_come_from_credentials_else_the_environment_else_the_defaults(monkeypatch):
    from channels.wechat import DEFAULT_API_BASE, DEFAULT_REPLY_TIMEOUT, WeChatInput

    monkeypatch.delenv("WECHAT_API_BASE", raising=False)
    monkeypatch.delenv("WECHAT_REPLY_TIMEOUT", raising=False)
    plain = WeChatInput.from_credentials({"token": "t", "app_id": "wx1", "app_secret": "s"})
    assert (plain.token, plain.app_id, plain.app_secret, plain.crypto) == ("t", "wx1", "s", None)
    assert (plain.api_base, plain.reply_timeout) == (DEFAULT_API_BASE, DEFAULT_REPLY_TIMEOUT)

    monkeypatch.setenv("WECHAT_API_BASE", "http://127.0.0.1:9/")
    monkeypatch.setenv("WECHAT_REPLY_TIMEOUT", "2.5")
    safe = WeChatInput.from_credentials(
        {"token": "t", "app_id": SAMPLE["app_id"], "encoding_aes_key": SAMPLE["encoding_aes_key"]}
    )
    assert (safe.api_base, safe.reply_timeout, safe.app_secret) == ("http://127.0.0.1:9", 2.5, "")
    assert safe.crypto is not None
    assert WeChatInput.from_credentials({"api_base": "http://a", "reply_timeout": 1}).api_base == "http://a"
    with pytest.raises(ValueError, match="WECHAT_ENCODING_AES_KEY must be the 43-character EncodingAESKey"):
        WeChatInput.from_credentials({"token": "t", "encoding_aes_key": "too-short"})


def test_openids_in_logs_are_a_keyed_hash(monkeypatch):
    import hashlib

    from channels.wechat_common import masked_id

    monkeypatch.setenv("LOANCOACH_PSEUDONYM_KEY", "a-secret-for-this-test-only")
    openid = "oSLOWxxxxxxxxxxxxxxxxxxxxxx"
    shown = masked_id(openid)
    assert shown == masked_id(openid) and openid not in shown and masked_id(None) == "-"
    assert shown != "u:" + hashlib.sha256(openid.encode()).hexdigest()[:10]
    monkeypatch.setenv("LOANCOACH_PSEUDONYM_KEY", "another-secret-for-this-test")
    assert masked_id(openid) != shown


def test_markdown_becomes_plain_text_and_buttons_numbered_lines():
    from channels.wechat_common import render

    texts = render(
        [
            {
                "text": "想了解**哪一项**？详见[央行](https://www.pbc.gov.cn)",
                "buttons": [{"title": "逾期", "payload": "/a"}],
            }
        ]
    )
    assert texts == ["想了解哪一项？详见央行 (https://www.pbc.gov.cn)\n1. 逾期"]


# --- a real server ---------------------------------------------------------------------------------------


def uncommented_block(key: str) -> str:
    """The documented (commented) block ``key`` of credentials.yml, uncommented."""
    text = (ROOT / "credentials.yml").read_text(encoding="utf-8")
    block = re.search(rf"^# {re.escape(key)}:\n(?:#   .*\n?)+", text, re.MULTILINE).group(0)
    return re.sub(r"^# ", "", block, flags=re.MULTILINE)


class Stack:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.platform = FakePlatform().start()
        self.db_url = f"sqlite:///{tmp / 'loancoach.db'}"
        self.tracker_db = tmp / "tracker.db"
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.webhook = f"http://127.0.0.1:{self.rasa_port}/webhooks/wechat/webhook"

    def events_of(self, sender_id: str) -> int:
        if not self.tracker_db.exists():
            return 0
        with sqlite3.connect(self.tracker_db) as db:
            return db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0]

    def seen_rows(self) -> int:
        with sqlite3.connect(self.tmp / "loancoach.db") as db:
            return db.execute("SELECT count(*) FROM channel_seen").fetchone()[0]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    tmp = tmp_path_factory.mktemp("wechat")
    model = tmp / "model.tar.gz"
    shutil.copy(MODEL, model)
    s = Stack(tmp)
    p = s.platform
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "{p.base}/actions/webhook"\n'
        "tracker_store:\n  type: components.masking_tracker_store.MaskingTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{s.tracker_db}"\n'
    )
    (tmp / "credentials.yml").write_text(uncommented_block("channels.wechat.WeChatInput"), encoding="utf-8")
    env = {
        "WECHAT_TOKEN": p.token,
        "WECHAT_APP_ID": p.app_id,
        "WECHAT_APP_SECRET": p.app_secret,
        "WECHAT_ENCODING_AES_KEY": p.encoding_aes_key,
        "WECHAT_API_BASE": p.base,
        "WECHAT_REPLY_TIMEOUT": str(REPLY_TIMEOUT),
        "DATABASE_URL": s.db_url,
    }
    actions = rasa = None
    try:
        p.actions_url = f"http://127.0.0.1:{s.actions_port}/webhook"
        actions, rasa = start_together(  # both at once: each loads on its own
            lambda: start_actions(s.actions_port, s.db_url, tmp / "actions.log"),
            lambda: start_rasa(
                model,
                tmp / "endpoints.yml",
                s.rasa_port,
                tmp / "rasa.log",
                env=env,
                credentials=tmp / "credentials.yml",
            ),
        )
        s.platform.wechat_post(  # the first message after a start loads the pipeline: not measured
            s.webhook, text_xml("oWARMUP", p.account, "你好", 1), "oWARMUP", safe=True, timeout=120
        )
        yield s
    finally:
        stop_all(rasa, actions)
        p.stop()


_ids = iter(range(10**15, 10**16))
LATENCIES = []


def say(stack, openid: str, text: str, safe: bool = True, kind: str = "text", **extra):
    xml = text_xml(
        openid, stack.platform.account, text, 0 if kind == "event" else next(_ids), kind=kind, **extra
    )
    return stack.platform.wechat_post(stack.webhook, xml, openid, safe=safe)


def content(reply: str) -> str:
    assert reply.startswith("<xml>"), reply
    return xmltodict.parse(reply)["xml"]["Content"]


@pytest.mark.model
def test_server_check_answers_echostr_only_with_the_right_signature(stack):
    p = stack.platform
    query = p.signed_query(echostr="1234567890")
    assert http("GET", f"{stack.webhook}?{urllib.parse.urlencode(query)}")[:2] == (200, "1234567890")
    bad = p.signed_query(token="not-our-token", echostr="1234567890")
    assert http("GET", f"{stack.webhook}?{urllib.parse.urlencode(bad)}")[0] == 403
    assert http("GET", f"{stack.webhook}?echostr=1")[0] == 403


@pytest.mark.model
@pytest.mark.parametrize("safe", [False, True], ids=["plaintext", "safe-mode"])
@pytest.mark.parametrize(
    "text, language", [("逾期了会影响征信吗", "zh"), ("Will a late payment hurt my credit report?", "en")]
)
def test_text_is_answered_in_the_users_language_as_a_passive_reply(stack, safe, text, language):
    openid = f"oLANG{language}{int(safe)}xyzxyzxyzxyzxyz"
    status, reply, took = say(stack, openid, text, safe=safe)
    assert status == 200 and took < REPLY_TIMEOUT + 1
    answer = content(reply)
    assert xmltodict.parse(reply)["xml"]["ToUserName"] == openid
    LATENCIES.append(took)
    share = len(CJK.findall(answer)) / max(1, len(answer))
    assert (share > 0.3) if language == "zh" else (share < 0.05), answer
    assert "征信" in answer or "credit" in answer.lower()


@pytest.mark.model
def test_an_answer_later_than_the_cut_off_arrives_through_the_api(stack):
    p = stack.platform
    openid = "oSLOWxxxxxxxxxxxxxxxxxxxxxx"
    p.actions_delay = REPLY_TIMEOUT + 1.0
    try:
        status, reply, took = say(stack, openid, "逾期了会影响征信吗")
        assert (status, reply) == (200, "success")
        assert REPLY_TIMEOUT - 0.2 < took < REPLY_TIMEOUT + 1.0  # well inside WeChat's 5 s
        assert wait_until(lambda: p.sent_texts("custom/send", openid), 30)
    finally:
        p.actions_delay = 0.0
    [answer] = p.sent_texts("custom/send", openid)
    assert "征信" in answer


@pytest.mark.model
def test_three_retries_of_one_msgid_are_answered_once(stack):
    p = stack.platform
    openid = "oRETRYxxxxxxxxxxxxxxxxxxxxx"
    xml = text_xml(openid, p.account, "逾期了会影响征信吗", 9_100_000_000_000_001)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(p.wechat_post(stack.webhook, xml, openid, True)))
    ]
    threads[0].start()
    time.sleep(0.3)
    for _ in range(3):  # WeChat sends the same MsgId again
        threads.append(
            threading.Thread(target=lambda: results.append(p.wechat_post(stack.webhook, xml, openid, True)))
        )
        threads[-1].start()
    for t in threads:
        t.join(30)
    time.sleep(REPLY_TIMEOUT + 0.5)
    passive = [r for status, r, _ in results if status == 200 and r.startswith("<xml>")]
    assert len(results) == 4 and all(status == 200 for status, _, _ in results)
    assert len(passive) + len(p.sent("custom/send", openid)) == 1
    assert stack.events_of(openid) > 0


@pytest.mark.model
def test_a_bad_signature_gets_403_and_nothing_is_stored(stack):
    p = stack.platform
    seen = stack.seen_rows()
    for openid, safe, token in [
        ("oBADPLAINxxxxxxxxxxxxxxxxxx", False, "wrong"),
        ("oBADSAFExxxxxxxxxxxxxxxxxxx", True, "wrong"),
    ]:
        xml = text_xml(openid, p.account, "逾期了会影响征信吗", next(_ids))
        assert p.wechat_post(stack.webhook, xml, openid, safe=safe, token=token)[0] == 403
        assert stack.events_of(openid) == 0
    # right signatures, but the message encrypted for another AppID
    openid = "oOTHERAPPxxxxxxxxxxxxxxxxxx"
    xml = text_xml(openid, p.account, "逾期了会影响征信吗", next(_ids))
    encrypted = encrypt(xml, p.encoding_aes_key, "wx0000000000000000")
    query = p.signed_query(openid=openid, encrypt_type="aes")
    query["msg_signature"] = signature(p.token, query["timestamp"], query["nonce"], encrypted)
    body = f"<xml><ToUserName>{p.account}</ToUserName><Encrypt>{encrypted}</Encrypt></xml>".encode()
    assert http("POST", f"{stack.webhook}?{urllib.parse.urlencode(query)}", body)[0] == 403
    # no signature at all
    assert http("POST", stack.webhook, xml.encode())[0] == 403
    assert stack.events_of(openid) == 0 and stack.seen_rows() == seen


@pytest.mark.model
def test_an_expired_token_is_refreshed_once_and_the_answer_still_delivered(stack):
    p = stack.platform
    openid = "oTOKENxxxxxxxxxxxxxxxxxxxxx"
    p.actions_delay = REPLY_TIMEOUT + 0.5
    try:
        say(stack, "oWARMxxxxxxxxxxxxxxxxxxxxxx", "逾期了会影响征信吗")  # a token is fetched and cached
        assert wait_until(lambda: p.sent("custom/send", "oWARMxxxxxxxxxxxxxxxxxxxxxx"), 30)
        fetched, refused = len(p.token_requests), len(p.refused)
        p.expire_tokens()
        assert say(stack, openid, "逾期了会影响征信吗")[1] == "success"
        assert wait_until(lambda: p.sent_texts("custom/send", openid), 30)
    finally:
        p.actions_delay = 0.0
    assert len(p.token_requests) == fetched + 1 and len(p.refused) == refused + 1
    assert p.refused[-1] == ("custom/send", 42001)


@pytest.mark.model
def test_a_numbered_reply_chooses_that_button(stack):
    openid, other = "oBUTTONxxxxxxxxxxxxxxxxxxxx", "oPAYLOADxxxxxxxxxxxxxxxxxxx"
    greeting = content(say(stack, openid, "你好")[1])
    assert re.search(r"^1\. \S", greeting, re.MULTILINE), greeting
    by_number = content(say(stack, openid, "１")[1])  # full-width, as a Chinese keyboard types it
    say(stack, other, "你好")
    by_payload = content(say(stack, other, FIRST_GREETING_PAYLOAD)[1])  # what tapping the button sends
    assert by_number == by_payload and FALLBACK not in by_number
    assert re.search(r"^1\. \S", by_number, re.MULTILINE)  # the area offers its own options
    assert FALLBACK not in content(say(stack, openid, "一")[1])  # "一" picks the first of those


@pytest.mark.model
def test_voice_uses_recognition_and_other_kinds_ask_for_text(stack):
    openid = "oVOICExxxxxxxxxxxxxxxxxxxxx"
    by_voice = content(
        say(stack, openid, "", kind="voice", MediaId="m1", Format="amr", Recognition="逾期了会影响征信吗")[1]
    )
    assert "征信" in by_voice
    assert "打字" in content(say(stack, openid, "", kind="voice", MediaId="m2", Format="amr")[1])
    english = "oENGLISHxxxxxxxxxxxxxxxxxxx"
    say(stack, english, "Will a late payment hurt my credit report?")
    asks = content(say(stack, english, "", kind="image", PicUrl="http://x/y.jpg", MediaId="m3")[1])
    assert "type your question" in asks
    location = content(
        say(stack, openid, "", kind="location", Location_X="23.1", Location_Y="113.3", Scale="20", Label="x")[
            1
        ]
    )
    assert "打字" in location


@pytest.mark.model
def test_subscribe_gets_the_greeting_and_unsubscribe_stores_nothing(stack):
    openid = "oSUBSCRIBExxxxxxxxxxxxxxxxx"
    greeting = content(say(stack, openid, "", kind="event", Event="subscribe")[1])
    assert re.search(r"^1\. ", greeting, re.MULTILINE)
    gone = "oUNSUBSCRIBExxxxxxxxxxxxxxx"
    seen = stack.seen_rows()
    assert say(stack, gone, "", kind="event", Event="unsubscribe")[1] == "success"
    assert stack.events_of(gone) == 0 and stack.seen_rows() == seen


@pytest.mark.model
def test_openids_never_appear_in_the_logs(stack):
    log = (stack.tmp / "rasa.log").read_text(errors="replace")
    assert "oSLOWxxxxxxxxxxxxxxxxxxxxxx" not in log and "oTOKENxxxxxxxxxxxxxxxxxxxxx" not in log


def test_twilio_numbered_choice_is_read_from_the_tracker_by_any_server():
    """Two Twilio channel instances (two servers) share only the tracker store: "1" sent to the one that
    did not send the buttons still chooses the first button; after a user turn the options are gone."""
    import asyncio
    from types import SimpleNamespace

    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from channels.twilio import TwilioInput

    buttons = [
        {"title": "逾期的后果", "payload": '/explore_area{"area":"overdue"}'},
        {"title": "征信", "payload": "/b"},
    ]
    store = InMemoryTrackerStore(Domain.empty())
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    credentials = {"account_sid": "AC" + "0" * 32, "auth_token": "t", "twilio_number": "+15550000000"}
    one, other = TwilioInput.from_credentials(credentials), TwilioInput.from_credentials(credentials)
    one.app, other.app = app, app

    async def run():
        tracker = DialogueStateTracker("+8613800000000", [])
        tracker.update(BotUttered("选一个", {"buttons": buttons}))
        await store.save(tracker)
        assert await other.choose("+8613800000000", " １ ") == buttons[0]["payload"]
        assert await one.choose("+8613800000000", "二") == "/b"
        assert await one.choose("+8613800000000", "3") == "3"  # no third option
        assert await one.choose("+8613800009999", "1") == "1"  # another sender was offered nothing
        tracker.update(UserUttered("/b"))
        await store.save(tracker)
        assert await other.choose("+8613800000000", "1") == "1"  # used up by the user's answer

    asyncio.run(run())
