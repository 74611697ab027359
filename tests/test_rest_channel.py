"""The REST channel refuses malformed requests with 400 and says what to send (channels/rest.py)."""

import pytest

from channels.rest import BadRequest, RestInput, parse_body


def test_a_well_formed_request_passes_with_its_parts():
    assert parse_body({"sender": "u1", "message": "你好", "metadata": {"language": "zh"}}) == (
        "u1",
        "你好",
        {"language": "zh"},
        None,
    )


def test_a_numeric_sender_is_accepted_as_text():
    assert parse_body({"sender": 42, "message": "hi"})[0] == "42"


def test_an_empty_message_is_passed_on_so_the_assistant_can_say_it_is_empty():
    assert parse_body({"sender": "u1", "message": ""})[1] == ""


@pytest.mark.parametrize(
    "body, en_part, zh_part",
    [
        (["sender", "message"], "JSON object", "JSON 对象"),
        ("hello", "JSON object", "JSON 对象"),
        (None, "JSON object", "JSON 对象"),
        ({"message": "hi"}, '"sender" is required', "sender"),
        ({"sender": "", "message": "hi"}, '"sender" is required', "sender"),
        ({"sender": True, "message": "hi"}, '"sender" is required', "sender"),
        ({"sender": {"id": 1}, "message": "hi"}, '"sender" is required', "sender"),
        ({"sender": "x" * 257, "message": "hi"}, "longer than 256", "256"),
        ({"sender": "u1"}, '"message" is required', "message"),
        ({"sender": "u1", "message": 5}, "must be a string", "字符串"),
        ({"sender": "u1", "message": ["a"]}, "must be a string", "字符串"),
        ({"sender": "u1", "message": "ab\ud800cd"}, "not valid Unicode", "Unicode"),
        ({"sender": "\udfff", "message": "hi"}, "not valid Unicode", "Unicode"),
        ({"sender": "u1", "message": "hi", "metadata": {"k": "\udfff"}}, "not valid Unicode", "Unicode"),
        ({"sender": "u1", "message": "hi", "metadata": "zh"}, '"metadata" must be a JSON object', "metadata"),
        (
            {"sender": "u1", "message": "hi", "input_channel": 3},
            '"input_channel" must be a string',
            "input_channel",
        ),
    ],
)
def test_malformed_bodies_say_what_was_wrong_in_both_languages(body, en_part, zh_part):
    with pytest.raises(BadRequest) as caught:
        parse_body(body)
    assert en_part in caught.value.en
    assert zh_part in caught.value.zh


def test_the_channel_keeps_rasas_name_and_urls():
    channel = RestInput()
    assert channel.name() == "rest" and channel.url_prefix() == "rest"
    routes = {
        (r.uri, tuple(sorted(r.methods))) for r in channel.blueprint(lambda message: None)._future_routes
    }
    assert routes == {("/", ("GET",)), ("/webhook", ("POST",))}
