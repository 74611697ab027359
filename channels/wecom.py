"""WeChat customer service on WeCom (微信客服 / 企业微信): the same assistant behind a customer-service account.

Callback ``/webhooks/wecom/webhook`` on the Rasa port (README "Channels" → "WeChat"). Credentials:
``corp_id``, ``secret`` (the 微信客服 secret), ``token`` and ``encoding_aes_key`` of the callback;
``api_base`` (default https://qyapi.weixin.qq.com, or ``WECOM_API_BASE``) and ``servicer_userid`` (the
counselor a "转人工" goes to; empty: WeCom's waiting pool; or ``WECOM_SERVICER_USERID``).

* GET is WeCom's URL check: ``msg_signature`` over the encrypted ``echostr``, answered decrypted.
* POST is the ``kf_msg_or_event`` callback, always encrypted (WeCom's message crypto from wechatpy,
  CorpID inside checked); a bad or missing signature gets 403 and nothing is pulled or stored. The
  callback carries no message: the channel answers at once and pulls the messages with ``sync_msg``
  from the cursor kept in our database (:mod:`loancoach.records.channel_state`), so a restart neither
  loses nor repeats messages; each ``msgid`` is taken once across workers and servers.
* Answers go out with ``send_msg`` (the access token shared and refreshed like the 公众号's); when the
  assistant records a handoff ("转人工"), the session is also handed to a human servicer with
  ``service_state/trans``.
* The borrower's external user id is the sender id; logs show only a hash of it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Set

import xmltodict
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidSignatureException

from channels.wechat import pack
from channels.wechat_common import (
    GREETING_PAYLOAD,
    NOT_NOW,
    PLEASE_TYPE,
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
)
from loancoach.records import channel_state

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com"
HANDOFF_RESPONSES = {"utter_handoff_recorded"}
FROM_CUSTOMER = 3  # sync_msg "origin": 3 the WeChat customer, 4 system event, 5 a servicer
SERVICE_POOL, SERVICE_HUMAN = 2, 3  # service_state: waiting for a servicer / with a servicer


class WeComInput(PlatformInput):
    CREDENTIALS = ("corp_id", "secret", "token", "encoding_aes_key")
    FROM_ENVIRONMENT = {
        "api_base": ("WECOM_API_BASE", DEFAULT_API_BASE),
        "servicer_userid": ("WECOM_SERVICER_USERID", ""),
    }

    @classmethod
    def name(cls) -> str:
        return "wecom"

    def __init__(
        self,
        corp_id: str,
        secret: str,
        token: str,
        encoding_aes_key: str,
        api_base: str = DEFAULT_API_BASE,
        servicer_userid: str = "",
    ) -> None:
        self.corp_id = corp_id
        self.secret = secret
        self.crypto = WeChatCrypto(
            token, checked_aes_key(encoding_aes_key, "WECOM_ENCODING_AES_KEY"), corp_id
        )
        self.api_base = api_base.rstrip("/")
        self.servicer_userid = servicer_userid
        self.tokens = AccessTokens(f"wecom:{corp_id}", self._fetch_token)
        self._pulling: Dict[str, asyncio.Lock] = {}
        self._background: Set[asyncio.Task] = set()
        self.app: Any = None

    # --- the platform's API ------------------------------------------------------------------------

    async def _fetch_token(self):
        answer = await get_json(
            f"{self.api_base}/cgi-bin/gettoken", {"corpid": self.corp_id, "corpsecret": self.secret}
        )
        if not answer.get("access_token"):
            raise RuntimeError(f"WeCom gettoken: errcode {answer.get('errcode')}")
        return answer["access_token"], float(answer.get("expires_in") or 7200)

    async def api(self, path: str, body: Dict[str, Any]) -> Dict[str, Any]:
        async def send(token: str) -> Dict[str, Any]:
            return await post_json(f"{self.api_base}/cgi-bin/kf/{path}", {"access_token": token}, body)

        return await self.tokens.call(send, f"WeCom kf/{path}")

    async def send_text(self, open_kfid: str, user: str, text: str) -> None:
        await self.api(
            "send_msg", {"touser": user, "open_kfid": open_kfid, "msgtype": "text", "text": {"content": text}}
        )

    async def hand_to_human(self, open_kfid: str, user: str) -> None:
        body: Dict[str, Any] = {
            "open_kfid": open_kfid,
            "external_userid": user,
            "service_state": SERVICE_POOL,
        }
        if self.servicer_userid:
            body.update(service_state=SERVICE_HUMAN, servicer_userid=self.servicer_userid)
        await self.api("service_state/trans", body)
        logger.info("WeCom: session of %s handed to a human servicer", masked_id(user))

    # --- pulling and answering ---------------------------------------------------------------------

    async def pull(self, open_kfid: str, callback_token: str, on_new_message) -> int:
        """Pull every new message of ``open_kfid`` from the stored cursor and answer each; returns how
        many were answered."""
        lock = self._pulling.setdefault(open_kfid, asyncio.Lock())
        answered = 0
        async with lock:
            name = f"wecom:{open_kfid}"
            while True:
                cursor = await asyncio.to_thread(channel_state.load_cursor, name)
                body = {"cursor": cursor, "token": callback_token, "limit": 1000, "open_kfid": open_kfid}
                page = await self.api("sync_msg", body)
                for item in page.get("msg_list") or []:
                    if await asyncio.to_thread(channel_state.first_time, self.name(), str(item.get("msgid"))):
                        answered += await self.answer(item, on_new_message)
                await asyncio.to_thread(
                    channel_state.save_cursor, name, str(page.get("next_cursor") or cursor)
                )
                if not page.get("has_more"):
                    return answered

    async def answer(self, item: Dict[str, Any], on_new_message) -> int:
        open_kfid = str(item.get("open_kfid") or "")
        kind = item.get("msgtype")
        if kind == "event":
            event = item.get("event") or {}
            if event.get("event_type") == "enter_session" and event.get("external_userid"):
                return await self._converse(
                    open_kfid, event["external_userid"], GREETING_PAYLOAD, on_new_message
                )
            return 0
        if item.get("origin") != FROM_CUSTOMER or not item.get("external_userid"):
            return 0
        user = str(item["external_userid"])
        text = ((item.get("text") or {}).get("content") or "").strip() if kind == "text" else ""
        if not text:
            await self._send_all(open_kfid, user, [PLEASE_TYPE.pick(await language_of(self.app, user))])
            return 1
        return await self._converse(open_kfid, user, text, on_new_message)

    async def _converse(self, open_kfid: str, user: str, text: str, on_new_message) -> int:
        collector = ReplyCollector(self.name())
        try:
            text = await choose(self.app, user, text)
            await on_new_message(UserMessage(text, collector, user, input_channel=self.name()))
            texts = pack(render(collector.messages))
        except Exception as exc:  # noqa: BLE001 - the borrower gets a short apology, not silence
            logger.error("WeCom: message from %s not answered: %s", masked_id(user), type(exc).__name__)
            texts = [NOT_NOW.pick(await language_of(None, user, text))]
        await self._send_all(open_kfid, user, texts)
        if HANDOFF_RESPONSES & set(collector.responses):
            try:
                await self.hand_to_human(open_kfid, user)
            except Exception as exc:  # noqa: BLE001 - our handoff record stands; logged for the team
                logger.error("WeCom: session of %s not handed over: %s", masked_id(user), exc)
        return 1

    async def _send_all(self, open_kfid: str, user: str, texts: List[str]) -> None:
        for text in texts:
            try:
                await self.send_text(open_kfid, user, text)
            except Exception as exc:  # noqa: BLE001 - logged; the borrower can write again
                logger.error("WeCom: answer to %s not delivered: %s", masked_id(user), exc)
                return

    def _in_background(self, coroutine: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _pull_logged(self, open_kfid: str, callback_token: str, on_new_message) -> None:
        try:
            await self.pull(open_kfid, callback_token, on_new_message)
        except Exception as exc:  # noqa: BLE001 - the next callback pulls from the same cursor
            logger.error("WeCom: sync_msg failed: %s", exc)

    # --- requests ----------------------------------------------------------------------------------

    def _refuse(self, why: str) -> HTTPResponse:
        logger.warning("WeCom callback refused: %s", why)
        return response.text("invalid signature / 签名无效", status=403)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"loancoach_wecom_{id(self)}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            args = request.args
            try:
                echo = self.crypto.check_signature(
                    args.get("msg_signature") or "",
                    args.get("timestamp") or "",
                    args.get("nonce") or "",
                    args.get("echostr") or "",
                )
            except Exception as exc:  # noqa: BLE001 - wrong signature, corp id or not WeCom's echostr
                return self._refuse(f"URL check: {type(exc).__name__}")
            return response.text(echo)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            args = request.args
            try:
                xml = self.crypto.decrypt_message(
                    request.body or b"",
                    args.get("msg_signature") or "",
                    args.get("timestamp") or "",
                    args.get("nonce") or "",
                )
            except (InvalidSignatureException, InvalidCorpIdException) as exc:
                return self._refuse(type(exc).__name__)
            except Exception as exc:  # noqa: BLE001 - not WeCom's encrypted XML
                return self._refuse(f"undecryptable body ({type(exc).__name__})")
            self.app = request.app
            try:
                event = xmltodict.parse(xml)["xml"]
            except Exception:  # noqa: BLE001
                return response.text("bad message / 消息格式错误", status=400)
            if event.get("Event") == "kf_msg_or_event" and event.get("OpenKfId"):
                self._in_background(
                    self._pull_logged(event["OpenKfId"], event.get("Token") or "", on_new_message)
                )
            return response.text("success")

        return webhook
