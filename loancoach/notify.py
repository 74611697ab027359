"""Tell the counselors' group chat about a new handoff request (README "Channels" → "WeChat").

Off by default. Configured by environment variables, read on every call:

* ``HANDOFF_NOTIFY_WECOM_WEBHOOK``: a WeCom group robot's webhook URL
  (``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...``);
* ``HANDOFF_NOTIFY_DINGTALK_WEBHOOK``: a DingTalk custom robot's URL
  (``https://oapi.dingtalk.com/robot/send?access_token=...``), with ``HANDOFF_NOTIFY_DINGTALK_SECRET``
  the robot's signing secret ("加签"): every post carries ``timestamp`` and ``sign`` =
  Base64(HMAC-SHA256(secret, "timestamp\\nsecret")).

The message holds the reference, language, reason and channel, never the borrower's words or id: the
counselor opens the request with ``loancoach handoffs``. A robot that is down or refuses is logged and
reported as False; it never raises into the conversation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.parse
import urllib.request
from typing import Dict, List, Optional, Tuple

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3.0
WECOM_WEBHOOK = "HANDOFF_NOTIFY_WECOM_WEBHOOK"
DINGTALK_WEBHOOK = "HANDOFF_NOTIFY_DINGTALK_WEBHOOK"
DINGTALK_SECRET = "HANDOFF_NOTIFY_DINGTALK_SECRET"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's robot signature: Base64(HMAC-SHA256(key=secret, msg="timestamp\\nsecret"))."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode("ascii")


def signed_dingtalk_url(url: str, secret: str, timestamp_ms: Optional[int] = None) -> str:
    timestamp_ms = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    query = urllib.parse.urlencode({"timestamp": timestamp_ms, "sign": dingtalk_sign(secret, timestamp_ms)})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def handoff_text(reference: str, language: str, reason: str, channel: str = "") -> str:
    """The robot message: the counselors read Chinese; the reference is all they need to open it."""
    reasons = {"user_request": "用户要求转人工", "fallback": "助手多次没听懂"}
    lines = [
        f"新的转人工请求 {reference}",
        f"原因：{reasons.get(reason, reason)}",
        f"用户语言：{'中文' if language == 'zh' else 'English'}",
    ]
    if channel:
        lines.append(f"渠道：{channel}")
    lines.append(f"接手：loancoach handoffs claim {reference} --by 姓名")
    return "\n".join(lines)


def targets() -> List[Tuple[str, str]]:
    """``(kind, url)`` for each robot configured in the environment; empty when notifying is off."""
    found = []
    wecom = os.environ.get(WECOM_WEBHOOK, "").strip()
    if wecom:
        found.append(("wecom", wecom))
    dingtalk = os.environ.get(DINGTALK_WEBHOOK, "").strip()
    if dingtalk:
        secret = os.environ.get(DINGTALK_SECRET, "").strip()
        found.append(("dingtalk", signed_dingtalk_url(dingtalk, secret) if secret else dingtalk))
    return found


def _post(url: str, body: Dict) -> Dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 - configured URL
        return json.loads(answer.read().decode("utf-8") or "{}")


def notify_handoff(reference: str, language: str, reason: str, channel: str = "") -> Dict[str, bool]:
    """Post the new request to every configured robot; ``{kind: delivered}`` (empty when off)."""
    text = handoff_text(reference, language, reason, channel)
    results = {}
    for kind, url in targets():
        try:
            answer = _post(url, {"msgtype": "text", "text": {"content": text}})
            ok = int(answer.get("errcode", 0) or 0) == 0
            if not ok:
                logger.warning(
                    "handoff %s: %s robot refused: errcode %s", reference, kind, answer.get("errcode")
                )
        except Exception as exc:  # noqa: BLE001 - a robot that is down must not break the conversation
            logger.warning("handoff %s: %s robot not reached: %s", reference, kind, type(exc).__name__)
            ok = False
        results[kind] = ok
    return results
