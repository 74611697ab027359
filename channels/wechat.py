"""WeChat Official Account (公众号): the borrower writes to the lender's account, the assistant answers.

Webhook ``/webhooks/wechat/webhook`` on the Rasa port (README "Channels" → "WeChat"). Credentials:
``token``, ``app_id``, ``app_secret``, ``encoding_aes_key`` (empty: plaintext mode; set: safe mode,
messages decrypted with WeChat's message crypto from wechatpy and the AppID in them checked),
``api_base`` (default https://api.weixin.qq.com, or ``WECHAT_API_BASE``) and ``reply_timeout``
(seconds, default 4, or ``WECHAT_REPLY_TIMEOUT``).

* GET is WeChat's server check: ``signature`` = SHA1 of the sorted token, timestamp and nonce; the
  answer is ``echostr``.
* POST: the signature (and in safe mode ``msg_signature`` over the encrypted body) is checked before
  anything else; a bad or missing one gets 403 and nothing reaches Rasa or any store.
* WeChat waits 5 s for an answer and then sends the same message again (up to 3 times). The answer is
  returned as a passive XML reply when the assistant has it within ``reply_timeout``; otherwise the
  request gets ``success`` at once and the answer goes out through the customer-service message API
  (``/cgi-bin/message/custom/send``) with the shared access token. A repeated ``MsgId`` is taken once,
  across workers and servers (:mod:`loancoach.records.channel_state`).
* Text; voice with WeChat's speech recognition (``Recognition``) as text; other kinds (image, location,
  link, voice without recognition, ...) get "please type your question" in the user's language;
  ``subscribe`` gets the greeting; ``unsubscribe`` stores nothing.
* The borrower's OpenID is the sender id; logs show only a hash of it.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

from channels.wechat_common import (
    GREETING_PAYLOAD,
    NOT_NOW,
    PLEASE_TYPE,
    TEXT_LIMIT_BYTES,
    AccessTokens,
    PlatformInput,
    ReplyCollector,
    checked_aes_key,
    choose,
    get_json,
    language_of,
    masked_id,
    post_json,
    render,
    split_text,
)
from loancoach.records import channel_state
from loancoach.records.pseudonyms import pseudonym

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.weixin.qq.com"
DEFAULT_REPLY_TIMEOUT = 4.0
SUCCESS = "success"  # WeChat's "received, no passive reply"


def sha1_signature(*parts: str) -> str:
    """WeChat's signature: SHA1 of the parts sorted and joined."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def signature_ok(
    token: str, signature: Optional[str], timestamp: Optional[str], nonce: Optional[str]
) -> bool:
    if not (token and signature and timestamp and nonce):
        return False
    return hmac.compare_digest(sha1_signature(token, timestamp, nonce), signature)


def pack(texts: List[str], limit: int = TEXT_LIMIT_BYTES) -> List[str]:
    """The bot's texts as few WeChat messages as fit: joined by blank lines, each at most ``limit`` bytes."""
    pieces = [piece for text in texts for piece in split_text(text, limit)]
    messages: List[str] = []
    for piece in pieces:
        joined = f"{messages[-1]}\n\n{piece}" if messages else piece
        if messages and len(joined.encode("utf-8")) <= limit:
            messages[-1] = joined
        else:
            messages.append(piece)
    return messages


def message_key(message: Any) -> str:
    """The id a retried message keeps: MsgId, or for events sender + CreateTime + event (a keyed hash)."""
    if getattr(message, "id", 0):
        return f"msg:{message.id}"
    raw = f"{message.source}|{message.time}|{getattr(message, 'event', '')}"
    return "evt:" + pseudonym(raw, 40)


class WeChatInput(PlatformInput):
    CREDENTIALS = ("token", "app_id", "app_secret", "encoding_aes_key")
    FROM_ENVIRONMENT = {
        "api_base": ("WECHAT_API_BASE", DEFAULT_API_BASE),
        "reply_timeout": ("WECHAT_REPLY_TIMEOUT", DEFAULT_REPLY_TIMEOUT),
    }

    @classmethod
    def name(cls) -> str:
        return "wechat"

    def __init__(
        self,
        token: str,
        app_id: str,
        app_secret: str,
        encoding_aes_key: str = "",
        api_base: str = DEFAULT_API_BASE,
        reply_timeout: float | str = DEFAULT_REPLY_TIMEOUT,
    ) -> None:
        self.token = token
        self.app_id = app_id
        self.app_secret = app_secret
        self.encoding_aes_key = encoding_aes_key.strip()
        if self.encoding_aes_key:
            checked_aes_key(self.encoding_aes_key, "WECHAT_ENCODING_AES_KEY")
        self.api_base = api_base.rstrip("/")
        self.reply_timeout = float(reply_timeout)
        self.crypto = WeChatCrypto(token, self.encoding_aes_key, app_id) if self.encoding_aes_key else None
        self.tokens = AccessTokens(f"wechat:{app_id}", self._fetch_token)
        self._background: Set[asyncio.Task] = set()

    # --- the platform's API ------------------------------------------------------------------------

    async def _fetch_token(self):
        answer = await get_json(
            f"{self.api_base}/cgi-bin/token",
            {"grant_type": "client_credential", "appid": self.app_id, "secret": self.app_secret},
        )
        if not answer.get("access_token"):
            raise RuntimeError(f"WeChat token: errcode {answer.get('errcode')}")
        return answer["access_token"], float(answer.get("expires_in") or 7200)

    async def send_text(self, openid: str, text: str) -> None:
        """One customer-service text message (refreshing the token once if WeChat refuses it)."""

        async def send(token: str) -> Dict[str, Any]:
            body = {"touser": openid, "msgtype": "text", "text": {"content": text}}
            return await post_json(
                f"{self.api_base}/cgi-bin/message/custom/send", {"access_token": token}, body
            )

        await self.tokens.call(send, "WeChat custom/send")

    async def deliver(self, openid: str, texts: List[str]) -> None:
        for text in texts:
            try:
                await self.send_text(openid, text)
            except Exception as exc:  # noqa: BLE001 - logged; the borrower can send the message again
                logger.error("WeChat: answer to %s not delivered: %s", masked_id(openid), exc)
                return

    def _in_background(self, coroutine: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- requests ----------------------------------------------------------------------------------

    def _refuse(self, why: str) -> HTTPResponse:
        logger.warning("WeChat webhook request refused: %s", why)
        return response.text("invalid signature / 签名无效", status=403)

    def _reply(self, request: Request, message: Any, content: str, encrypted: bool) -> HTTPResponse:
        xml = TextReply(message=message, content=content).render()
        if encrypted and self.crypto is not None:
            nonce = request.args.get("nonce") or ""
            xml = self.crypto.encrypt_message(xml, nonce, str(int(time.time())))
        return response.text(xml, content_type="application/xml; charset=utf-8")

    async def _answer(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], openid: str, text: str):
        collector = ReplyCollector(self.name())
        await on_new_message(UserMessage(text, collector, openid, input_channel=self.name()))
        return collector

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"loancoach_wechat_{id(self)}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            args = request.args
            if not signature_ok(self.token, args.get("signature"), args.get("timestamp"), args.get("nonce")):
                return self._refuse("server check with a wrong signature")
            return response.text(args.get("echostr") or "")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            args = request.args
            timestamp, nonce = args.get("timestamp"), args.get("nonce")
            if not signature_ok(self.token, args.get("signature"), timestamp, nonce):
                return self._refuse("missing or wrong signature")
            encrypted = (args.get("encrypt_type") or "").lower() == "aes"
            body = request.body or b""
            if encrypted:
                if self.crypto is None:
                    return self._refuse("encrypted message but no EncodingAESKey configured")
                try:
                    body = self.crypto.decrypt_message(
                        body, args.get("msg_signature") or "", timestamp, nonce
                    )
                except (InvalidSignatureException, InvalidAppIdException) as exc:
                    return self._refuse(type(exc).__name__)
                except Exception as exc:  # noqa: BLE001 - not WeChat's encrypted XML
                    return self._refuse(f"undecryptable body ({type(exc).__name__})")
            try:
                message = parse_message(body)
            except Exception:  # noqa: BLE001 - signed but not WeChat's XML
                return response.text("bad message / 消息格式错误", status=400)
            if message is None or not message.source:
                return response.text("bad message / 消息格式错误", status=400)
            return await self.handle(request, message, encrypted, on_new_message)

        return webhook

    async def handle(self, request: Request, message: Any, encrypted: bool, on_new_message) -> HTTPResponse:
        openid = message.source
        event = getattr(message, "event", "") if message.type == "event" else ""
        if event == "unsubscribe":
            return response.text(SUCCESS)  # nothing stored, nothing answered
        if not await asyncio.to_thread(channel_state.first_time, self.name(), message_key(message)):
            logger.info("WeChat: repeated message from %s answered once", masked_id(openid))
            return response.text(SUCCESS)

        if message.type == "text":
            text = (message.content or "").strip()
        elif message.type == "voice":
            text = (getattr(message, "recognition", None) or "").strip()
        elif event in ("subscribe", "subscribe_scan"):
            text = GREETING_PAYLOAD
        elif message.type == "event":
            return response.text(SUCCESS)  # menu clicks, location reports ...: nothing to answer
        else:
            text = ""
        if not text:
            language = await language_of(request.app, openid)
            return self._reply(request, message, PLEASE_TYPE.pick(language), encrypted)

        text = await choose(request.app, openid, text)
        task = asyncio.ensure_future(self._answer(on_new_message, openid, text))
        done, _ = await asyncio.wait({task}, timeout=self.reply_timeout)
        if not done:
            logger.info(
                "WeChat: answer to %s later than %.1fs, sent by API", masked_id(openid), self.reply_timeout
            )
            self._in_background(self._deliver_when_done(task, openid, text))
            return response.text(SUCCESS)
        texts = await self._texts(task, openid, text)
        if not texts:
            return response.text(SUCCESS)
        if len(texts) > 1:
            self._in_background(self.deliver(openid, texts[1:]))
        return self._reply(request, message, texts[0], encrypted)

    async def _texts(self, task: asyncio.Future, openid: str, text: str) -> List[str]:
        try:
            collector = task.result() if task.done() else await task
        except Exception as exc:  # noqa: BLE001 - the borrower gets a short apology, not silence
            logger.error("WeChat: message from %s not answered: %s", masked_id(openid), type(exc).__name__)
            return [NOT_NOW.pick(await language_of(None, openid, text))]
        return pack(render(collector.messages))

    async def _deliver_when_done(self, task: asyncio.Future, openid: str, text: str) -> None:
        await self.deliver(openid, await self._texts(task, openid, text))
