"""Twilio SMS: buttons become numbered options, markdown becomes plain text.

Replies are sent as "text\\n1. title\\n2. title"; the user answers "1" (or "１") to choose the first
button, which is sent to Rasa as that button's payload. The options offered to each number are kept
in memory until the user's next message (one Rasa process; after a restart a digit is just text).
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from rasa.core.channels.twilio import TwilioOutput as RasaTwilioOutput
from sanic import Blueprint

MAX_SENDERS = 10_000

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
    def __init__(self, account_sid, auth_token, twilio_number, choices: OrderedDict[str, List[str]]) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.choices = choices

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
        self.choices[recipient_id] = [str(b.get("payload") or b.get("title", "")) for b in buttons]
        self.choices.move_to_end(recipient_id)
        while len(self.choices) > MAX_SENDERS:
            self.choices.popitem(last=False)

    async def send_quick_replies(self, recipient_id: str, text: str, quick_replies, **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)


class TwilioInput(RasaTwilioInput):
    """Same webhook as Rasa's (``/webhooks/twilio/webhook``, same credentials)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices: OrderedDict[str, List[str]] = OrderedDict()

    def choose(self, sender_id: str, text: str) -> str:
        """The payload of the option numbered ``text``, if the last reply offered one; else ``text``."""
        options = self.choices.pop(sender_id, [])
        number = unicodedata.normalize("NFKC", text or "").strip().rstrip(".")
        if number.isdigit() and 1 <= int(number) <= len(options):
            return options[int(number) - 1]
        return text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_choice(message: UserMessage) -> None:
            message.text = self.choose(message.sender_id, message.text)
            await on_new_message(message)

        return super().blueprint(with_choice)

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.choices)
