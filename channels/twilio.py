"""Twilio SMS: buttons become numbered options, markdown becomes plain text.

Replies are sent as "text\\n1. title\\n2. title"; the user answers "1" (or "１") to choose the first
button, which is sent to Rasa as that button's payload. The options are read back from the bot's last
message in the tracker store (channels/wechat_common.py), so any Rasa server or worker resolves them.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from rasa.core.channels.twilio import TwilioOutput as RasaTwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from channels.wechat_common import choose as choose_from_tracker

logger = logging.getLogger(__name__)


def twilio_signature_valid(request: Request, auth_token: Optional[str]) -> bool:
    """Whether the request carries Twilio's signature (X-Twilio-Signature) of its URL and form.

    The URL is the one Twilio called: ``TWILIO_WEBHOOK_URL`` when set (behind a proxy that changes
    the scheme or host), else the URL of the request as this server sees it."""
    signature = request.headers.get("X-Twilio-Signature")
    if not signature or not auth_token:
        return False
    url = os.environ.get("TWILIO_WEBHOOK_URL") or request.url
    if os.environ.get("TWILIO_WEBHOOK_URL") and request.query_string:
        url = f"{url}?{request.query_string}"
    return RequestValidator(auth_token).validate(url, request.form, signature)


_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(\S(?:.*?\S)?)\1")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)


def plain_text(text: str) -> str:
    """Markdown a phone shows literally, as plain text: **a** -> a, [a](url) -> a (url), # a -> a."""
    text = _LINK.sub(
        lambda m: m.group(2) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text
    )
    text = _EMPHASIS.sub(r"\2", text)
    return _HEADING.sub("", text)


def numbered(text: str, buttons: List[Dict[str, Any]]) -> str:
    lines = [f"{i}. {plain_text(str(b.get('title', '')))}" for i, b in enumerate(buttons, 1)]
    return "\n".join([text.rstrip()] + lines) if text.strip() else "\n".join(lines)


class TwilioOutput(RasaTwilioOutput):
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, plain_text(text), **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        # one SMS for the last paragraph and its options, so the numbers arrive with the question
        *before, last = plain_text(text).strip().split("\n\n") or [""]
        for part in before:
            await super().send_text_message(recipient_id, part)
        await self._send_message(
            {"to": recipient_id, "from_": self.twilio_number, "body": numbered(last, buttons)}
        )

    async def send_quick_replies(self, recipient_id: str, text: str, quick_replies, **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)


class TwilioInput(RasaTwilioInput):
    """Same webhook as Rasa's (``/webhooks/twilio/webhook``, same credentials)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app: Any = None  # the Sanic app (its agent's tracker store holds the offered options)

    async def choose(self, sender_id: str, text: str) -> str:
        """The payload of the option numbered ``text`` ("1", "１", "一") in the bot's last message, as
        stored in the tracker; else ``text``."""
        return await choose_from_tracker(self.app, sender_id, text)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_choice(message: UserMessage) -> None:
            message.text = await self.choose(message.sender_id, message.text)
            await on_new_message(message)

        webhook = super().blueprint(with_choice)

        @webhook.middleware("request")
        async def remember_app(request: Request) -> None:
            self.app = request.app

        @webhook.middleware("request")
        async def signed_by_twilio(request: Request) -> Optional[HTTPResponse]:
            # Only requests Twilio signed with our auth token reach the assistant; 403 otherwise.
            if request.method == "POST" and not twilio_signature_valid(request, self.auth_token):
                logger.warning("Twilio webhook request with a missing or wrong X-Twilio-Signature refused")
                return response.text("invalid X-Twilio-Signature / 签名无效", status=403)
            return None

        return webhook

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(self.account_sid, self.auth_token, self.twilio_number)
