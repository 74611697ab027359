"""credentials.yml: every channel block, commented ones included, builds its Rasa input channel.

No model and no network: tokens are dummies read from environment variables the way Rasa reads
them (``${VAR}``), and the Twilio client is mocked.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = ROOT / "credentials.yml"
DOCUMENTED = {
    "channels.rest.RestInput",
    "channels.socketio.SocketIOInput",
    "telegram",
    "slack",
    "facebook",
    "channels.twilio.TwilioInput",
    "channels.wechat.WeChatInput",
    "channels.wecom.WeComInput",
}


def uncommented(text: str) -> str:
    """credentials.yml with the channel blocks' comment marks removed (prose comments stay)."""
    return re.sub(r"^# (?=[a-z][\w.-]*:$|  [\w-]+: )", "", text, flags=re.MULTILINE)


@pytest.fixture()
def all_channels(monkeypatch, tmp_path):
    text = CREDENTIALS.read_text(encoding="utf-8")
    for var in sorted(set(re.findall(r"\$\{(\w+)\}", text))):
        monkeypatch.setenv(var, f"dummy-{var.lower()}")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://example.invalid/webhooks/telegram/webhook")
    for var in ("WECHAT_ENCODING_AES_KEY", "WECOM_ENCODING_AES_KEY"):  # checked when the channel is built
        monkeypatch.setenv(var, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
    path = tmp_path / "credentials.yml"
    path.write_text(uncommented(text), encoding="utf-8")
    from rasa.shared.utils.io import read_config_file

    return read_config_file(str(path))


def test_enabled_channels_are_rest_and_socketio_only():
    from rasa.shared.utils.io import read_yaml

    assert set(read_yaml(CREDENTIALS.read_text(encoding="utf-8"))) == {
        "channels.rest.RestInput",
        "channels.socketio.SocketIOInput",
    }


def test_every_documented_channel_block_builds_its_input_channel(all_channels):
    from rasa.core.run import _create_single_channel

    assert set(all_channels) == DOCUMENTED
    names = {}
    for key, credentials in all_channels.items():
        channel = _create_single_channel(key, credentials)
        names[key] = channel.name()
        for value in (credentials or {}).values():
            assert "${" not in str(value), f"{key}: environment variable not substituted"
    assert names == {
        "channels.rest.RestInput": "rest",
        "channels.socketio.SocketIOInput": "socketio",
        "telegram": "telegram",
        "slack": "slack",
        "facebook": "facebook",
        "channels.twilio.TwilioInput": "twilio",
        "channels.wechat.WeChatInput": "wechat",
        "channels.wecom.WeComInput": "wecom",
    }
    # the tokens really come from the environment
    assert all_channels["telegram"]["access_token"] == "dummy-telegram_token"
    assert all_channels["channels.twilio.TwilioInput"]["twilio_number"] == "dummy-twilio_number"


def test_webhook_paths_are_the_documented_ones(all_channels):
    from rasa.core.run import _create_single_channel

    for key, credentials in all_channels.items():
        channel = _create_single_channel(key, credentials)
        assert channel.url_prefix() == channel.name()  # served at /webhooks/<name>/webhook
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("rest", "telegram", "slack", "facebook", "twilio", "wechat", "wecom"):
        assert f"/webhooks/{name}/webhook" in readme


# --- socket.io: allowed origins ---------------------------------------------------------------


def test_socketio_refuses_browsers_from_other_origins(monkeypatch):
    from channels.socketio import SocketIOInput

    monkeypatch.setenv("CORS_ORIGINS", "http://localhost:8080, https://lender.example")
    channel = SocketIOInput.from_credentials({"session_persistence": True})
    assert channel.origin_allowed("http://localhost:8080")
    assert channel.origin_allowed("https://lender.example/")
    assert not channel.origin_allowed("https://evil.example")
    assert channel.origin_allowed(None)  # not a browser: no Origin header
    assert SocketIOInput.from_credentials({"cors_origins": "*"}).origin_allowed("https://any.example")


def test_socketio_connect_and_session_request_handlers():
    from channels.socketio import SocketIOInput

    async def run():
        channel = SocketIOInput.from_credentials(
            {"session_persistence": True, "cors_origins": "http://localhost:8080"}
        )
        channel.blueprint(mock.AsyncMock())
        handlers = channel.sio.handlers["/"]
        assert await handlers["connect"]("sid1", {"HTTP_ORIGIN": "https://evil.example"}, None) is False
        assert await handlers["connect"]("sid1", {"HTTP_ORIGIN": "http://localhost:8080"}, None) is not False
        with (
            mock.patch.object(channel.sio, "enter_room", mock.AsyncMock()) as enter,
            mock.patch.object(channel.sio, "emit", mock.AsyncMock()) as emit,
        ):
            await handlers["session_request"]("sid1", {"session_id": "abc"})
        enter.assert_awaited_once_with("sid1", "abc", namespace="/")  # awaited: replies reach the widget
        emit.assert_awaited_once_with("session_confirm", "abc", room="sid1", namespace="/")

    asyncio.run(run())


# --- Twilio SMS: numbered options and plain text ----------------------------------------------


@pytest.fixture()
def twilio():
    from channels.twilio import TwilioInput

    channel = TwilioInput.from_credentials(
        {"account_sid": "AC" + "0" * 32, "auth_token": "t", "twilio_number": "+15550000000"}
    )
    sent = []
    messages = mock.Mock()
    messages.create.side_effect = lambda **kw: sent.append(kw) or mock.Mock(sid="SM1")
    with mock.patch(
        "rasa.core.channels.twilio.TwilioOutput.messages",
        new_callable=mock.PropertyMock,
        return_value=messages,
    ):
        yield channel, sent


BUTTONS = [
    {"title": "逾期的后果", "payload": '/explore_area{"area":"overdue"}'},
    {"title": "**征信**修复", "payload": "/ask_credit_repair"},
]


def test_twilio_sends_buttons_as_numbered_lines_and_markdown_as_plain_text(twilio):
    channel, sent = twilio
    out = channel.get_output_channel()
    asyncio.run(
        out.send_response(
            "+8613800000000",
            {
                "text": "第一段\n\n想了解**哪一项**？详见[央行](https://www.pbc.gov.cn)",
                "buttons": list(BUTTONS),
            },
        )
    )
    assert [m["body"] for m in sent] == [
        "第一段",
        "想了解哪一项？详见央行 (https://www.pbc.gov.cn)\n1. 逾期的后果\n2. 征信修复",
    ]
    assert all(m["to"] == "+8613800000000" and m["from_"] == "+15550000000" for m in sent)


def test_twilio_webhook_passes_the_chosen_payload_to_rasa(twilio):
    channel, _ = twilio
    received = []

    async def on_new_message(message):
        received.append(message.text)

    from types import SimpleNamespace

    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = InMemoryTrackerStore(Domain.empty())
    tracker = DialogueStateTracker("+861", [])
    tracker.update(BotUttered("选一个", {"buttons": list(BUTTONS)}))
    asyncio.run(store.save(tracker))
    channel.app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    blueprint = channel.blueprint(on_new_message)
    [route] = [r for r in blueprint._future_routes if r.uri == "/webhook"]
    request = mock.Mock(form={"From": "+861", "Body": "2"})
    request.form = mock.Mock(get=lambda k, d=None: {"From": "+861", "Body": "2"}.get(k, d))
    asyncio.run(route.handler(request))
    assert received == ["/ask_credit_repair"]
