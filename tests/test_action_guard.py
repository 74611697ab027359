"""Rasa apologises in the user's language when the action server is down or slow
(components/action_guard.py), and works normally when it answers."""

import asyncio
import time

import pytest
from aiohttp import web
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from servers import ROOT, free_port

from components import action_guard
from components.action_guard import GuardedRemoteAction

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
NLG = TemplatedNaturalLanguageGenerator(DOMAIN.responses)


def tracker(language="zh", text="帮我算一下", message_id="m1", sender="s1"):
    return DialogueStateTracker.from_events(
        sender, [UserUttered(text, message_id=message_id), SlotSet("language", language)], slots=DOMAIN.slots
    )


def run(action, trk, channel=None):
    return asyncio.run(action.run(channel or CollectingOutputChannel(), NLG, trk, DOMAIN))


def down_endpoint():
    return EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")  # nothing listens there


def texts(events):
    return [e.text for e in events if isinstance(e, BotUttered)]


def test_action_server_down_gives_a_chinese_apology_at_once():
    started = time.monotonic()
    events = run(GuardedRemoteAction("action_calculate_loan", down_endpoint()), tracker("zh"))
    assert time.monotonic() - started < 2
    assert texts(events) == [DOMAIN.responses["utter_service_unavailable"][0]["text"]]
    assert "稍后" in texts(events)[0] or "再发一次" in texts(events)[0]


def test_action_server_down_gives_an_english_apology_to_an_english_speaker():
    events = run(
        GuardedRemoteAction("action_answer_question", down_endpoint()), tracker("en", "what is APR", "m2")
    )
    assert len(texts(events)) == 1 and "not responding" in texts(events)[0]


def test_one_apology_per_message_even_if_several_calls_fail():
    trk = tracker("zh", "借5万", "m3", sender="s-once")
    first = run(GuardedRemoteAction("action_answer_question", down_endpoint()), trk)
    second = run(GuardedRemoteAction("action_check_ad", down_endpoint()), trk)
    assert len(texts(first)) == 1 and texts(second) == []
    # the user's next message gets its own apology
    assert (
        len(
            texts(
                run(
                    GuardedRemoteAction("action_answer_question", down_endpoint()),
                    tracker("zh", "在吗", "m4", "s-once"),
                )
            )
        )
        == 1
    )


def test_a_failed_form_validation_is_reraised_after_the_apology_reaches_the_channel():
    channel = CollectingOutputChannel()
    with pytest.raises(RasaException):
        run(GuardedRemoteAction("validate_loan_form", down_endpoint()), tracker("zh", "5万", "m5"), channel)
    assert len(channel.messages) == 1 and channel.messages[0]["recipient_id"] == "s1"


async def _with_server(handler, body):
    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        return await body(EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    finally:
        await runner.cleanup()


def test_a_hanging_action_server_is_given_up_after_the_time_limit(monkeypatch):
    monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", "0.5")

    async def hang(request):
        await asyncio.sleep(30)
        return web.json_response({})

    async def body(endpoint):
        started = time.monotonic()
        events = await GuardedRemoteAction("action_answer_question", endpoint).run(
            CollectingOutputChannel(), NLG, tracker("zh", "逾期怎么办", "m6"), DOMAIN
        )
        return time.monotonic() - started, events

    elapsed, events = asyncio.run(_with_server(hang, body))
    assert 0.4 < elapsed < 1.5
    assert len(texts(events)) == 1


def test_a_working_action_server_is_used_as_before():
    async def answer(request):
        payload = await request.json()
        assert payload["next_action"] == "action_answer_question"
        return web.json_response(
            {
                "events": [{"event": "slot", "name": "language", "value": "zh"}],
                "responses": [{"text": "APR 是年化利率。"}],
            }
        )

    async def body(endpoint):
        return await GuardedRemoteAction("action_answer_question", endpoint).run(
            CollectingOutputChannel(), NLG, tracker("zh", "什么是APR", "m7"), DOMAIN
        )

    events = asyncio.run(_with_server(answer, body))
    assert texts(events) == ["APR 是年化利率。"]
    assert SlotSet("language", "zh") in events


def test_a_timeout_setting_that_is_not_a_positive_number_falls_back_to_the_default(monkeypatch):
    for value in ("abc", "0", "-3"):
        monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", value)
        assert action_guard.action_timeout() == action_guard.DEFAULT_TIMEOUT_SECONDS


def test_installed_rasa_builds_guarded_actions_for_custom_actions_and_form_validation():
    import rasa.core.actions.action as rasa_action
    import rasa.core.actions.forms as rasa_forms

    action_guard.install()
    action = rasa_action.action_for_name_or_text("action_answer_question", DOMAIN, down_endpoint())
    assert isinstance(action, GuardedRemoteAction)
    assert rasa_forms.RemoteAction is GuardedRemoteAction


def test_action_server_replies_are_still_validated_with_the_schema_built_once():
    from jsonschema import ValidationError

    action = GuardedRemoteAction("action_answer_question", down_endpoint())
    assert action._validate_action_result(
        {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": []}
    )
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})


def test_an_invalid_reply_from_the_action_server_gets_the_apology():
    async def bad(request):
        return web.json_response({"events": "not a list", "responses": []})

    async def body(endpoint):
        return await GuardedRemoteAction("action_answer_question", endpoint).run(
            CollectingOutputChannel(), NLG, tracker("en", "what is APR", "m8", "s-bad"), DOMAIN
        )

    events = asyncio.run(_with_server(bad, body))
    assert len(texts(events)) == 1 and "not responding" in texts(events)[0]
