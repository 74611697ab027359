"""A fake WeChat / WeCom platform on loopback, for the channel tests (and to try the channels locally).

It plays both sides the real platform plays:

* it calls our webhooks the way WeChat and WeCom do: the 公众号 server check and messages in plaintext
  or safe mode (signature = SHA1 of the sorted token, timestamp, nonce [and Encrypt]; AES-256-CBC with
  the EncodingAESKey, random(16) + length + XML + AppID, PKCS#7 to 32 bytes, as WeChat documents);
  the WeCom URL check and ``kf_msg_or_event`` callback;
* it serves the APIs our channels call and records every call: ``/cgi-bin/token``,
  ``/cgi-bin/message/custom/send``, ``/cgi-bin/gettoken``, ``/cgi-bin/kf/sync_msg``, ``send_msg``,
  ``service_state/trans``, the WeCom group robot (``/cgi-bin/webhook/send``) and the DingTalk robot
  (``/robot/send``, signature checked);
* it can be made slow (``actions_delay``: it also stands between Rasa and the action server, so the
  assistant's answer takes longer) and can expire every token it issued (``expire_tokens``).

Run it on its own to try a `make run` server (README "Channels" → "WeChat"):
``python -m tests.fake_wechat --webhook http://localhost:5005/webhooks/wechat/webhook "逾期会影响征信吗"``
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import socket
import string
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Optional, Tuple

import xmltodict
from aiohttp import ClientSession, ClientTimeout, web
from wechatpy.crypto.base import BasePrpCrypto


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signature(*parts: str) -> str:
    """WeChat's SHA1 signature of the parts, sorted as strings and joined."""
    return hashlib.sha1("".join(sorted(str(p) for p in parts)).encode("utf-8")).hexdigest()


def encrypt(xml: str, encoding_aes_key: str, receive_id: str, random16: Optional[str] = None) -> str:
    """``Encrypt`` as WeChat/WeCom build it (wechatpy's cipher; ``random16`` fixed for test vectors)."""
    key = base64.b64decode(encoding_aes_key + "=")
    crypto = BasePrpCrypto(key)
    if random16 is not None:
        crypto.get_random_string = lambda: random16
    return crypto._encrypt(xml, receive_id).decode("ascii")


def decrypt(encrypted: str, encoding_aes_key: str, receive_id: str) -> str:
    crypto = BasePrpCrypto(base64.b64decode(encoding_aes_key + "="))
    return crypto._decrypt(encrypted, receive_id, ValueError)


def nonce() -> str:
    return "".join(random.choices(string.digits, k=9))


def text_xml(openid: str, account: str, content: str, msg_id: int, kind: str = "text", **extra: str) -> str:
    fields = {
        "ToUserName": account,
        "FromUserName": openid,
        "CreateTime": str(int(time.time())),
        "MsgType": kind,
    }
    if kind == "text":
        fields["Content"] = content
    fields.update(extra)
    if msg_id:
        fields["MsgId"] = str(msg_id)
    return xmltodict.unparse({"xml": fields}, full_document=False)


class FakePlatform:
    """The fake platform's state and HTTP server (a thread with its own event loop)."""

    def __init__(
        self,
        token: str = "loancoach-test-token",
        app_id: str = "wx2c2769f8efd9abc2",
        app_secret: str = "test-app-secret",
        encoding_aes_key: str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        corp_id: str = "ww0123456789abcdef",
        corp_secret: str = "test-kf-secret",
        wecom_token: str = "wecom-test-token",
        wecom_aes_key: str = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
        dingtalk_secret: str = "SEC-test-dingtalk",
    ) -> None:
        self.token, self.app_id, self.app_secret, self.encoding_aes_key = (
            token,
            app_id,
            app_secret,
            encoding_aes_key,
        )
        self.corp_id, self.corp_secret, self.wecom_token, self.wecom_aes_key = (
            corp_id,
            corp_secret,
            wecom_token,
            wecom_aes_key,
        )
        self.dingtalk_secret = dingtalk_secret
        self.account = "gh_loancoach01"
        self.port = free_port()
        self.actions_url = ""  # the real action server, behind /actions/webhook
        self.actions_delay = 0.0
        self.valid_tokens: set = set()
        self.token_requests: List[str] = []  # "wechat" | "wecom"
        self.calls: List[Tuple[str, Dict[str, Any]]] = []  # (path, body) of every API call
        self.refused: List[Tuple[str, int]] = []  # (path, errcode) of calls refused for the token
        self.kf_messages: Dict[str, List[Dict[str, Any]]] = {}
        self._counter = itertools.count(1)
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- server -------------------------------------------------------------------------------------

    def start(self) -> FakePlatform:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_get("/cgi-bin/token", self._wechat_token)
            app.router.add_post("/cgi-bin/message/custom/send", self._custom_send)
            app.router.add_get("/cgi-bin/gettoken", self._wecom_token)
            app.router.add_post("/cgi-bin/kf/sync_msg", self._sync_msg)
            app.router.add_post("/cgi-bin/kf/send_msg", self._kf_call)
            app.router.add_post("/cgi-bin/kf/send_msg_on_event", self._kf_call)
            app.router.add_post("/cgi-bin/kf/service_state/trans", self._kf_call)
            app.router.add_post("/cgi-bin/webhook/send", self._wecom_robot)
            app.router.add_post("/robot/send", self._dingtalk_robot)
            app.router.add_post("/actions/webhook", self._actions)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-wechat", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)

    def _record(self, path: str, body: Dict[str, Any]) -> None:
        with self._lock:
            self.calls.append((path, body))

    def _token_ok(self, request: web.Request, path: str) -> Optional[web.Response]:
        token = request.query.get("access_token", "")
        if token in self.valid_tokens:
            return None
        code = 42001 if token.startswith("TOKEN-") else 40014  # expired / invalid
        with self._lock:
            self.refused.append((path, code))
        return web.json_response({"errcode": code, "errmsg": "access_token expired or invalid"})

    def expire_tokens(self) -> None:
        """Every token issued so far stops working (as after 7200 s or a token fetched elsewhere)."""
        self.valid_tokens.clear()

    def _issue(self, kind: str) -> web.Response:
        token = f"TOKEN-{kind}-{next(self._counter)}"
        self.valid_tokens.add(token)
        self.token_requests.append(kind)
        return web.json_response({"errcode": 0, "access_token": token, "expires_in": 7200})

    async def _wechat_token(self, request: web.Request) -> web.Response:
        q = request.query
        if q.get("appid") != self.app_id or q.get("secret") != self.app_secret:
            return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
        return self._issue("wechat")

    async def _wecom_token(self, request: web.Request) -> web.Response:
        q = request.query
        if q.get("corpid") != self.corp_id or q.get("corpsecret") != self.corp_secret:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        return self._issue("wecom")

    async def _custom_send(self, request: web.Request) -> web.Response:
        refused = self._token_ok(request, "custom/send")
        if refused is not None:
            return refused
        self._record("custom/send", await request.json())
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _kf_call(self, request: web.Request) -> web.Response:
        path = request.path.replace("/cgi-bin/kf/", "kf/")
        refused = self._token_ok(request, path)
        if refused is not None:
            return refused
        body = await request.json()
        self._record(path, body)
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": f"sent-{next(self._counter)}"})

    async def _sync_msg(self, request: web.Request) -> web.Response:
        refused = self._token_ok(request, "kf/sync_msg")
        if refused is not None:
            return refused
        body = await request.json()
        self._record("kf/sync_msg", body)
        queue = self.kf_messages.get(body.get("open_kfid", ""), [])
        start = int(body.get("cursor") or 0)
        limit = int(body.get("limit") or 1000)
        page = queue[start : start + limit]
        end = start + len(page)
        return web.json_response(
            {"errcode": 0, "next_cursor": str(end), "has_more": int(end < len(queue)), "msg_list": page}
        )

    async def _wecom_robot(self, request: web.Request) -> web.Response:
        self._record("robot/wecom", {"key": request.query.get("key"), **(await request.json())})
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _dingtalk_robot(self, request: web.Request) -> web.Response:
        q = request.query
        timestamp = q.get("timestamp", "")
        expected = base64.b64encode(
            hmac.new(
                self.dingtalk_secret.encode(), f"{timestamp}\n{self.dingtalk_secret}".encode(), hashlib.sha256
            ).digest()
        ).decode()
        fresh = timestamp.isdigit() and abs(int(timestamp) - time.time() * 1000) < 3600_000
        if not fresh or not hmac.compare_digest(expected, q.get("sign", "")):
            return web.json_response({"errcode": 310000, "errmsg": "sign not match"})
        self._record("robot/dingtalk", await request.json())
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _actions(self, request: web.Request) -> web.Response:
        """Rasa -> (delay) -> the real action server: makes the assistant's answers slow on demand."""
        body = await request.read()
        await asyncio.sleep(self.actions_delay)
        async with ClientSession(timeout=ClientTimeout(total=60)) as session:
            async with session.post(
                self.actions_url, data=body, headers={"Content-Type": "application/json"}
            ) as answer:
                return web.Response(
                    body=await answer.read(), status=answer.status, content_type="application/json"
                )

    # --- what was sent ------------------------------------------------------------------------------

    def sent(self, path: str, to: Optional[str] = None) -> List[Dict[str, Any]]:
        with self._lock:
            calls = [body for p, body in self.calls if p == path]
        return [c for c in calls if to is None or c.get("touser") == to or c.get("external_userid") == to]

    def sent_texts(self, path: str, to: str) -> List[str]:
        return [c["text"]["content"] for c in self.sent(path, to) if "text" in c]

    # --- the 公众号 side: calls to our webhook ---------------------------------------------------------

    def signed_query(self, token: Optional[str] = None, **extra: str) -> Dict[str, str]:
        timestamp, once = str(int(time.time())), nonce()
        return {
            "signature": signature(token or self.token, timestamp, once),
            "timestamp": timestamp,
            "nonce": once,
            **extra,
        }

    def wechat_post(
        self,
        webhook: str,
        xml: str,
        openid: str,
        safe: bool,
        token: Optional[str] = None,
        timeout: float = 30,
    ) -> Tuple[int, str, float]:
        """POST one message as WeChat does; returns (status, decrypted reply body, seconds taken)."""
        query = self.signed_query(token, openid=openid)
        body = xml
        if safe:
            encrypted = encrypt(xml, self.encoding_aes_key, self.app_id)
            query.update(
                encrypt_type="aes",
                msg_signature=signature(token or self.token, query["timestamp"], query["nonce"], encrypted),
            )
            body = xmltodict.unparse(
                {"xml": {"ToUserName": self.account, "Encrypt": encrypted}}, full_document=False
            )
        status, text, took = http(
            "POST", f"{webhook}?{urllib.parse.urlencode(query)}", body.encode("utf-8"), timeout
        )
        if safe and status == 200 and text.startswith("<xml>"):
            text = self.open_reply(text)
        return status, text, took

    def open_reply(self, text: str) -> str:
        """A safe-mode passive reply, its MsgSignature checked and decrypted (AssertionError if bad)."""
        reply = xmltodict.parse(text)["xml"]
        expected = signature(self.token, reply["TimeStamp"], reply["Nonce"], reply["Encrypt"])
        assert reply["MsgSignature"] == expected, "reply signature does not match"
        return decrypt(reply["Encrypt"], self.encoding_aes_key, self.app_id)

    # --- the WeCom side -------------------------------------------------------------------------------

    def kf_add(
        self, open_kfid: str, user: str, text: str, msgid: Optional[str] = None, msgtype: str = "text"
    ) -> str:
        msgid = msgid or f"kfmsg-{next(self._counter)}"
        item: Dict[str, Any] = {
            "msgid": msgid,
            "open_kfid": open_kfid,
            "external_userid": user,
            "send_time": int(time.time()),
            "origin": 3,
            "msgtype": msgtype,
        }
        if msgtype == "text":
            item["text"] = {"content": text}
        else:
            item[msgtype] = {"media_id": "MEDIA-1"}
        self.kf_messages.setdefault(open_kfid, []).append(item)
        return msgid

    def wecom_callback(
        self, webhook: str, open_kfid: str, token: Optional[str] = None
    ) -> Tuple[int, str, float]:
        """WeCom's ``kf_msg_or_event`` callback, encrypted and signed."""
        xml = xmltodict.unparse(
            {
                "xml": {
                    "ToUserName": self.corp_id,
                    "CreateTime": str(int(time.time())),
                    "MsgType": "event",
                    "Event": "kf_msg_or_event",
                    "Token": f"SYNC-{next(self._counter)}",
                    "OpenKfId": open_kfid,
                }
            },
            full_document=False,
        )
        encrypted = encrypt(xml, self.wecom_aes_key, self.corp_id)
        timestamp, once = str(int(time.time())), nonce()
        query = {
            "msg_signature": signature(token or self.wecom_token, timestamp, once, encrypted),
            "timestamp": timestamp,
            "nonce": once,
        }
        body = xmltodict.unparse(
            {"xml": {"ToUserName": self.corp_id, "AgentID": "", "Encrypt": encrypted}}, full_document=False
        )
        return http("POST", f"{webhook}?{urllib.parse.urlencode(query)}", body.encode("utf-8"))

    def wecom_verify(self, webhook: str, echo: str = "wecom-echo-1") -> Tuple[int, str, float]:
        encrypted = encrypt(echo, self.wecom_aes_key, self.corp_id)
        timestamp, once = str(int(time.time())), nonce()
        query = {
            "msg_signature": signature(self.wecom_token, timestamp, once, encrypted),
            "timestamp": timestamp,
            "nonce": once,
            "echostr": encrypted,
        }
        return http("GET", f"{webhook}?{urllib.parse.urlencode(query)}")


def http(method: str, url: str, body: Optional[bytes] = None, timeout: float = 30) -> Tuple[int, str, float]:
    """(status, body text, seconds) of one request; errors are answers too."""
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read().decode("utf-8"), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), time.perf_counter() - started


def wait_until(condition, seconds: float = 30.0, every: float = 0.1) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())


def main() -> None:  # pragma: no cover - a manual tool (README "WeChat": try it locally)
    parser = argparse.ArgumentParser(
        description="Send one message to a WeChat channel as the platform would."
    )
    parser.add_argument("--webhook", default="http://localhost:5005/webhooks/wechat/webhook")
    parser.add_argument("--openid", default="o-local-test-user")
    parser.add_argument("--plaintext", action="store_true", help="plaintext mode instead of safe mode")
    parser.add_argument("text", nargs="?", default="逾期会影响征信吗")
    args = parser.parse_args()
    platform = FakePlatform(
        token=os.environ.get("WECHAT_TOKEN", "loancoach-test-token"),
        app_id=os.environ.get("WECHAT_APP_ID", "wx2c2769f8efd9abc2"),
        app_secret=os.environ.get("WECHAT_APP_SECRET", "test-app-secret"),
        encoding_aes_key=os.environ.get(
            "WECHAT_ENCODING_AES_KEY", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
        ),
    )
    port = os.environ.get("FAKE_WECHAT_PORT")
    if port:
        platform.port = int(port)
    platform.start()
    print(f"fake platform API on {platform.base} (set WECHAT_API_BASE to this for answers sent later)")
    xml = text_xml(args.openid, platform.account, args.text, int(time.time() * 1000))
    status, reply, took = platform.wechat_post(args.webhook, xml, args.openid, safe=not args.plaintext)
    print(f"HTTP {status} in {took:.2f}s")
    if reply.startswith("<xml>"):
        print(xmltodict.parse(reply)["xml"].get("Content"))
    else:
        print(reply)
        wait_until(lambda: platform.sent("custom/send", args.openid), 30)
        for text in platform.sent_texts("custom/send", args.openid):
            print(text)
    print(json.dumps({"api_calls": len(platform.calls)}))
    platform.stop()


if __name__ == "__main__":
    main()
