"""Rasa's socket.io channel, fixed for the installed python-socketio and limited to allowed origins.

Session persistence: Rasa 3.6's ``session_request`` handler calls ``sio.enter_room(...)`` without
``await``; in recent python-socketio 5.x (5.18.1 is pinned here) that is a coroutine, so the socket never joins the session's
room and no reply reaches the widget ("coroutine 'AsyncServer.enter_room' was never awaited"). The
handler is replaced by one that awaits it.

Origins: Rasa 3.6 creates its socket.io server with Engine.IO's origin check turned off, and the WebSocket
transport is not covered by the HTTP server's CORS settings (``rasa run --cors``), so any web page
could talk to the assistant through a visitor's browser. This subclass checks the ``Origin`` header
on connect against ``cors_origins`` from credentials.yml or, if not set there, the ``CORS_ORIGINS``
environment variable (default ``http://localhost:8080``; several separated by commas or spaces; ``*``
allows all). Clients that send no ``Origin`` (servers, scripts) are not browsers and are let through.

Flood control: a session or client IP over its message limit (channels/ratelimit.py) gets a short
bilingual "wait N s" message instead of an answer, and the message is not passed to Rasa.
"""

from __future__ import annotations

import inspect
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from channels.ratelimit import limiter, retry_after
from channels.ratelimit import message as ratelimit_message

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = "http://localhost:8080"


def parse_origins(value: Any) -> Optional[List[str]]:
    """A list of allowed origins, or None when every origin is allowed (``*``)."""
    items = value if isinstance(value, list) else re.split(r"[\s,]+", str(value or ""))
    origins = [str(o).strip().rstrip("/") for o in items if str(o).strip()]
    return None if "*" in origins else origins


class SocketIOInput(RasaSocketIOInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        credentials = credentials or {}
        channel.allowed_origins = parse_origins(
            credentials.get("cors_origins") or os.environ.get("CORS_ORIGINS") or DEFAULT_ORIGINS
        )
        return channel

    allowed_origins: Optional[List[str]] = parse_origins(DEFAULT_ORIGINS)

    def origin_allowed(self, origin: Optional[str]) -> bool:
        return not origin or self.allowed_origins is None or origin.rstrip("/") in self.allowed_origins

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        namespace = self.namespace or "/"
        rasa_connect = self.sio.handlers[namespace]["connect"]

        async def connect(sid: str, environ: Dict, auth: Optional[Dict] = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not self.origin_allowed(origin):
                logger.warning("socket.io connection from origin %r refused (see CORS_ORIGINS)", origin)
                return False
            return await rasa_connect(sid, environ, auth)

        async def session_request(sid: str, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                try:
                    entered = self.sio.enter_room(sid, data["session_id"], namespace=namespace)
                    if inspect.isawaitable(entered):
                        await entered
                except ValueError:  # "sid is not connected": the client left before this ran
                    logger.debug("socket.io session request from %s, which has disconnected", sid)
                    return
            await self.sio.emit("session_confirm", data["session_id"], room=sid, namespace=namespace)

        rasa_handle_message = self.sio.handlers[namespace][self.user_message_evt]

        async def handle_message(sid: str, data: Any) -> None:
            # Flood control (channels/ratelimit.py): over the limit, the message never reaches Rasa.
            data = data if isinstance(data, dict) else {}
            sender = data.get("session_id") if self.session_persistence else sid
            try:
                environ = self.sio.get_environ(sid, namespace=namespace) or {}
                forwarded = str(environ.get("HTTP_X_FORWARDED_FOR") or "").split(",")[0].strip()
                wait = await limiter().check(str(sender or sid), forwarded or environ.get("REMOTE_ADDR"))
            except Exception as exc:  # noqa: BLE001 - flood control must not take the chat down
                logger.warning("rate limit not checked: %s", type(exc).__name__)
                wait = 0.0
            if wait > 0:
                text = ratelimit_message(wait)
                await self.sio.emit(
                    self.bot_message_evt,
                    {"text": f"{text['zh']}\n{text['en']}", "retry_after": retry_after(wait)},
                    room=sid,
                    namespace=namespace,
                )
                return
            await rasa_handle_message(sid, data)

        self.sio.on("connect", connect, namespace=namespace)
        self.sio.on("session_request", session_request, namespace=namespace)
        self.sio.on(self.user_message_evt, handle_message, namespace=namespace)
        return webhook
