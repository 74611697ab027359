"""Rasa's REST channel, with the request checked before it reaches the assistant.

Rasa 3.6's ``rest`` channel answers 500 to a body that is not a JSON object, files a message with
no ``sender`` under one shared conversation ("default"), and passes a number or a list as the
message text to the model. ``RestInput`` (same name, same URL /webhooks/rest/webhook, same replies)
answers such requests 400 with what was wrong and what to send instead, in Chinese and English, and
a sender or client IP over its message limit 429 with ``Retry-After`` (channels/ratelimit.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, Optional, Tuple

from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.ratelimit import client_ip, limiter, retry_after
from channels.ratelimit import message as ratelimit_message

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 256
EXAMPLE = {"sender": "user-42", "message": "逾期会影响征信吗", "metadata": {"language": "zh"}}


class BadRequest(ValueError):
    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


def parse_body(body: Any) -> Tuple[str, str, Optional[Dict[str, Any]], Optional[str]]:
    """``(sender, message, metadata, input_channel)`` from a decoded JSON body, or BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object", "请求体必须是一个 JSON 对象")
    sender = body.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(
            '"sender" is required: a non-empty string that identifies the conversation',
            "缺少“sender”：请用一个非空字符串标识这段对话",
        )
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(
            f'"sender" is longer than {MAX_SENDER_CHARS} characters',
            f"“sender”超过了 {MAX_SENDER_CHARS} 个字符",
        )
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest(
            '"message" is required and must be a string (the user\'s text)',
            "缺少“message”或它不是字符串：请把用户说的话作为字符串发送",
        )
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(
            '"metadata" must be a JSON object when given', "“metadata”如果提供，必须是 JSON 对象"
        )
    channel = body.get("input_channel")
    if channel is not None and not isinstance(channel, str):
        raise BadRequest(
            '"input_channel" must be a string when given', "“input_channel”如果提供，必须是字符串"
        )
    if not _is_unicode(json.dumps(body, ensure_ascii=False)):
        raise BadRequest(
            "the text is not valid Unicode (it contains a lone surrogate such as \\ud800)",
            "文本不是有效的 Unicode（含有单独的代理码位，如 \\ud800）",
        )
    return sender, message, metadata, channel


def _is_unicode(text: str) -> bool:
    """False for strings JSON can carry but UTF-8 cannot store (lone surrogates, "\\ud800")."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def check_rate(sender: str, ip) -> float:
    """Seconds to wait if this sender or address is over its limit (channels/ratelimit.py), else 0.
    If the counters cannot be reached the message goes through (and the failure is logged)."""
    try:
        return await limiter().check(sender, ip)
    except Exception as exc:  # noqa: BLE001 - flood control must not take the assistant down
        logger.warning("rate limit not checked: %s", type(exc).__name__)
        return 0.0


def too_many(wait: float) -> HTTPResponse:
    """429 with Retry-After and the bilingual message; the message was not passed to Rasa."""
    text = ratelimit_message(wait)
    seconds = retry_after(wait)
    return response.json(
        {"error": text["en"], "error_zh": text["zh"], "retry_after": seconds},
        status=429,
        headers={"Retry-After": str(seconds)},
    )


def bad_request(error: BadRequest) -> HTTPResponse:
    return response.json({"error": error.en, "error_zh": error.zh, "example": EXAMPLE}, status=400)


class RestInput(RasaRestInput):
    """``rest`` in credentials.yml is replaced by ``channels.rest.RestInput``; the URL is unchanged."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message) -> Blueprint:  # noqa: ANN001
        rasa_blueprint = super().blueprint(on_new_message)
        checked = Blueprint("loancoach_rest_webhook", __name__)
        rasa_receive = next(r.handler for r in rasa_blueprint._future_routes if r.uri == "/webhook")

        @checked.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @checked.route("/webhook", methods=["POST"])
        async def receive(request: Request):  # noqa: ANN202
            try:
                body = request.json
            except SanicException:
                return bad_request(BadRequest("the body is not valid JSON", "请求体不是有效的 JSON"))
            except UnicodeDecodeError:
                return bad_request(BadRequest("the body is not UTF-8 text", "请求体不是 UTF-8 文本"))
            try:
                sender, _, _, _ = parse_body(body)
            except BadRequest as error:
                return bad_request(error)
            wait = await check_rate(sender, client_ip(request))
            if wait > 0:
                return too_many(wait)
            return await rasa_receive(request)

        return checked
