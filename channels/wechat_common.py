"""What the WeChat Official Account and WeCom customer-service channels share (Twilio SMS uses the
numbered-button choice too).

* Buttons become numbered lines; a reply "1", "１" or "一" chooses the first. The options are read
  back from the conversation's last bot message in Rasa's tracker store, so any worker or server that
  gets the reply resolves it the same way (nothing is kept in one process's memory).
* Markdown becomes plain text; a message longer than the platform's limit is split at sentence ends.
* Access tokens are fetched once, kept in our database until shortly before they expire and shared by
  every worker and server (:mod:`loancoach.records.channel_state`), and fetched again when the
  platform answers with an expired/invalid-token code.
* OpenIDs and external user ids are logged masked (:func:`masked_id`, a keyed hash).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Tuple

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel

from loancoach.names import LANGUAGE_SLOT
from loancoach.records import channel_state
from loancoach.records.pseudonyms import pseudonym
from loancoach.text.language import Bilingual, detect_language
from loancoach.text.numbers import small_number

logger = logging.getLogger(__name__)

TOKEN_ERRORS = {40001, 40014, 42001}  # invalid credential / invalid token / token expired
TEXT_LIMIT_BYTES = 2048  # customer-service text messages and passive replies (UTF-8 bytes)

PLEASE_TYPE = Bilingual(
    "我现在只能读文字消息，请直接打字说说您的问题，例如“逾期会影响征信吗”。",
    "I can only read text messages for now. Please type your question, for example "
    '"Will a late payment affect my credit report?"',
)
NOT_NOW = Bilingual(
    "抱歉，助手暂时没能回答，请稍后再发一次。",
    "Sorry, the assistant could not answer just now. Please send your message again in a moment.",
)
GREETING_PAYLOAD = "/greet"


def checked_aes_key(key: str, variable: str) -> str:
    """``key`` if it is a 43-character EncodingAESKey (Base64 of 32 bytes without the "="), else a
    ValueError that names the variable, so a misconfigured server says so when it starts."""
    key = (key or "").strip()
    try:
        ok = len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"{variable} must be the 43-character EncodingAESKey from the admin console")
    return key


def channel_settings(
    credentials: Optional[Dict[str, Any]],
    keys: Iterable[str],
    from_environment: Optional[Dict[str, Tuple[str, Any]]] = None,
) -> Dict[str, str]:
    """A channel's settings from its block in credentials.yml, each as text: ``keys`` as given ("" when
    missing); each key of ``from_environment`` (key -> (variable, default)) as given, else from the
    environment variable, else the default."""
    credentials = credentials or {}
    settings = {key: str(credentials.get(key) or "") for key in keys}
    for key, (variable, default) in (from_environment or {}).items():
        settings[key] = str(credentials.get(key) or os.environ.get(variable) or default)
    return settings


class PlatformInput(InputChannel):
    """An input channel whose constructor takes the settings :func:`channel_settings` reads:
    ``CREDENTIALS`` from credentials.yml, ``FROM_ENVIRONMENT`` there or from the environment."""

    CREDENTIALS: Tuple[str, ...] = ()
    FROM_ENVIRONMENT: Dict[str, Tuple[str, Any]] = {}

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls(**channel_settings(credentials, cls.CREDENTIALS, cls.FROM_ENVIRONMENT))


def masked_id(value: Optional[str]) -> str:
    """An OpenID / external user id as it may appear in logs: a short keyed hash, never the id itself."""
    if not value:
        return "-"
    return "u:" + pseudonym(value, 10)


# --- markdown and length ---------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(\S(?:.*?\S)?)\1")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)


def plain_text(text: str) -> str:
    """Markdown WeChat would show literally, as plain text: **a** -> a, [a](url) -> a (url), # a -> a,
    "- item" -> "• item"."""
    text = _LINK.sub(
        lambda m: m.group(2) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text
    )
    text = _EMPHASIS.sub(r"\2", text)
    text = _HEADING.sub("", text)
    return _BULLET.sub(r"\1• ", text)


def numbered(text: str, buttons: List[Dict[str, Any]]) -> str:
    lines = [f"{i}. {plain_text(str(b.get('title', '')))}" for i, b in enumerate(buttons, 1)]
    return "\n".join([text.rstrip()] + lines) if text.strip() else "\n".join(lines)


_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=[.]\s)")


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> List[str]:
    """``text`` in pieces of at most ``limit`` UTF-8 bytes, cut after a sentence end where possible
    (else after a space or comma, else anywhere)."""
    text = text.strip()
    pieces: List[str] = []
    while len(text.encode("utf-8")) > limit:
        head = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
        cut = 0
        for pattern in (_SENTENCE_END, re.compile(r"(?<=[，,、 ])")):
            ends = [m.start() for m in pattern.finditer(head) if 0 < m.start() < len(head)]
            if ends and ends[-1] > len(head) // 3:
                cut = ends[-1]
                break
        cut = cut or len(head)
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return [p for p in pieces if p]


def render(messages: Iterable[Dict[str, Any]]) -> List[str]:
    """The bot's messages (Rasa's collected output) as the plain texts WeChat shows, buttons numbered."""
    texts = []
    for message in messages:
        text = plain_text(str(message.get("text") or ""))
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if buttons:
            text = numbered(text, buttons)
        elif message.get("image"):
            text = f"{text}\n{message['image']}".strip()
        if text.strip():
            texts.append(text.strip())
    return texts


class ReplyCollector(CollectingOutputChannel):
    """Collects the bot's messages of one turn and the names of the responses they came from."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        self.responses: List[str] = []

    def name(self) -> str:  # the input channel's name, so `latest_input_channel` names the platform
        return self._name

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        if message.get("utter_action"):
            self.responses.append(str(message["utter_action"]))
        await super().send_response(recipient_id, message)


# --- numbered choices from the tracker -------------------------------------------------------------


def choice_number(text: Optional[str]) -> Optional[int]:
    """1 for "1", "１", "1.", "一" or "第一个"; None for anything that is not a bare option number."""
    return small_number(text)


def offered_options(events: Iterable[Any]) -> List[str]:
    """The payloads of the buttons in the bot's last message, if no user message came after it."""
    for event in reversed(list(events)):
        kind = getattr(event, "type_name", None) or (event.get("event") if isinstance(event, dict) else None)
        if kind == "user":
            return []
        if kind == "bot":
            data = getattr(event, "data", None) if not isinstance(event, dict) else event.get("data")
            buttons = (data or {}).get("buttons") or (data or {}).get("quick_replies") or []
            if buttons:
                return [str(b.get("payload") or b.get("title", "")) for b in buttons]
    return []


async def tracker_of(app: Any, sender_id: str) -> Any:
    """The stored conversation of ``sender_id`` (None if there is none or it cannot be read)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None) if app is not None else None
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    try:
        return await store.retrieve(sender_id)
    except Exception as exc:  # noqa: BLE001 - a choice that cannot be resolved is just text
        logger.warning("conversation %s not read: %s", masked_id(sender_id), type(exc).__name__)
        return None


async def choose(app: Any, sender_id: str, text: str) -> str:
    """The payload of the option numbered ``text`` in the bot's last message, else ``text``."""
    number = choice_number(text)
    if number is None:
        return text
    tracker = await tracker_of(app, sender_id)
    options = offered_options(tracker.events) if tracker is not None else []
    if 1 <= number <= len(options):
        return options[number - 1]
    return text


async def language_of(app: Any, sender_id: str, text: Optional[str] = None) -> str:
    """The conversation's language: of ``text`` if it reads as one, else the stored slot, else zh."""
    detected = detect_language(text) if text else None
    if detected:
        return detected
    tracker = await tracker_of(app, sender_id)
    slot = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None
    return slot if slot in ("zh", "en") else "zh"


# --- access tokens -----------------------------------------------------------------------------------


class TokenError(RuntimeError):
    def __init__(self, code: Any, where: str) -> None:
        super().__init__(f"{where}: errcode {code}")
        self.code = code


class AccessTokens:
    """One platform account's access token, shared through the database by all workers and servers."""

    def __init__(self, name: str, fetch: Callable[[], Awaitable[Tuple[str, float]]]) -> None:
        self.name = name
        self._fetch = fetch
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        token = await asyncio.to_thread(channel_state.cached_token, self.name)
        if token:
            return token
        async with self._lock:  # one fetch per process; other servers may fetch too, harmlessly
            token = await asyncio.to_thread(channel_state.cached_token, self.name)
            if token:
                return token
            token, expires_in = await self._fetch()
            await asyncio.to_thread(channel_state.store_token, self.name, token, expires_in)
            logger.info("%s: new access token, valid %ss", self.name, int(expires_in))
            return token

    async def expired(self, token: str) -> None:
        await asyncio.to_thread(channel_state.drop_token, self.name, token)

    async def call(self, send: Callable[[str], Awaitable[Dict[str, Any]]], where: str) -> Dict[str, Any]:
        """``send(token)``; once more with a new token if the platform says the token is expired or
        invalid. Raises TokenError if it still fails with a token error, RuntimeError on other errors."""
        for attempt in (1, 2):
            token = await self.get()
            answer = await send(token)
            code = int(answer.get("errcode", 0) or 0)
            if code == 0:
                return answer
            if code in TOKEN_ERRORS and attempt == 1:
                logger.info("%s: access token refused (%s), fetching a new one", self.name, code)
                await self.expired(token)
                continue
            if code in TOKEN_ERRORS:
                raise TokenError(code, where)
            raise RuntimeError(f"{where}: errcode {code} {answer.get('errmsg', '')}".strip())
        raise TokenError("?", where)  # pragma: no cover - the loop returns or raises


async def get_json(url: str, params: Dict[str, str], timeout: float = 10) -> Dict[str, Any]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        async with session.get(url, params=params) as answer:
            return await answer.json(content_type=None)


async def post_json(
    url: str, params: Dict[str, str], body: Dict[str, Any], timeout: float = 10
) -> Dict[str, Any]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        async with session.post(url, params=params, data=data, headers=headers) as answer:
            return await answer.json(content_type=None)
