"""``loancoach console``: the counselors' chat console (``make shell``), a client of the Rasa REST webhook.

    loancoach console                              # a new conversation with the server on :5005
    loancoach console --debug-intents              # show the language and intent of each message
    loancoach console --sender abc123              # continue a saved conversation (a borrower's case)
    loancoach console --replay abc123              # say a borrower's messages again, in a new conversation

Buttons are shown as numbered choices; typing the number clicks the button (sends its payload). It talks
to a running server over HTTP, so it never competes for the server's port. ``/quit`` or Ctrl-D ends it.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from typing import List, Optional, Tuple

from loancoach.cli.errors import UsageError
from loancoach.text.privacy import redact

COUNSELOR_PREFIX = "counselor-"  # conversations started here; the report counts them apart
QUIT = {"/quit", "/exit", "/stop"}
WEBHOOK = "/webhooks/rest/webhook"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "console",
        help="counselors' chat console (make shell): numbered buttons, intents on request, replay a case",
        description="Chat with the running assistant through its REST webhook. Buttons are numbered: type "
        "the number to click one. /quit or Ctrl-D ends.",
    )
    parser.add_argument(
        "--url",
        metavar="URL",
        help="the Rasa server (default http://localhost:$RASA_PORT, RASA_PORT 5005)",
    )
    parser.add_argument(
        "--sender",
        "--sender-id",
        "--conversation-id",
        dest="sender",
        metavar="ID",
        help="conversation id: an existing one continues it (default: a new counselor-… id)",
    )
    parser.add_argument(
        "--replay",
        metavar="ID",
        help="send the typed messages of conversation ID again, in a new conversation, then go on",
    )
    parser.add_argument(
        "--debug-intents",
        action="store_true",
        help="after each message, show its language, intent and confidence (read from the tracker store)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="tracker store for --debug-intents, --sender and --replay (default: $TRACKER_DB_URL, "
        "else var/rasa_tracker.db)",
    )
    parser.set_defaults(func=run)


def server_url(value: Optional[str]) -> str:
    url = value or os.environ.get("RASA_URL") or f"http://localhost:{os.environ.get('RASA_PORT', '5005')}"
    return url.rstrip("/")


def send(url: str, sender: str, message: str, timeout: float = 60) -> List[dict]:
    """The bot's replies to ``message`` (REST channel); a server that does not answer is a UsageError."""
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(url + WEBHOOK, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8") or "[]")
    except urllib.error.HTTPError as exc:
        raise UsageError(
            f"the server answered {exc.code}: {exc.read().decode('utf-8', 'replace')[:200]}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UsageError(f"no Rasa server at {url} ({reason}); start one with `make run`") from None


def render(replies: List[dict]) -> Tuple[str, List[Tuple[str, str]]]:
    """The replies as text with numbered buttons; returns (text, [(title, payload), ...])."""
    lines: List[str] = []
    buttons: List[Tuple[str, str]] = []
    for reply in replies:
        if reply.get("text"):
            lines.append(reply["text"])
        if reply.get("image"):
            lines.append(f"[image] {reply['image']}")
        for button in reply.get("buttons") or []:
            buttons.append((str(button.get("title", "")), str(button.get("payload", ""))))
            lines.append(f"  {len(buttons)}) {button.get('title', '')}")
    if not lines:
        lines.append("(no reply)")
    return "\n".join(lines), buttons


def chosen(text: str, buttons: List[Tuple[str, str]]) -> Tuple[str, Optional[str]]:
    """What to send for ``text``: a button's payload when it is a button's number, else the text."""
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        title, payload = buttons[int(stripped) - 1]
        return payload, title
    return text, None


def latest_understanding(db: Optional[str], sender: str) -> Optional[str]:
    """`[zh] greet 0.98` for the newest user message of ``sender`` in the tracker store (None if unread)."""
    from loancoach.records.tracker_db import TrackerDBError, load_conversations

    try:
        conversations = load_conversations(db, sender_id=sender)
    except TrackerDBError as exc:
        return f"(cannot read the tracker store: {exc})"
    messages = conversations[0].user_messages if conversations else []
    if not messages:
        return None
    last = messages[-1]
    confidence = "" if last.confidence is None else f" {last.confidence:.2f}"
    guess = f" (best guess {last.best_guess})" if last.intent == "nlu_fallback" and last.best_guess else ""
    return f"[{last.language or '?'}] {last.intent}{confidence}{guess}"


def _history(db: Optional[str], sender: str):
    from loancoach.records.tracker_db import TrackerDBError, load_conversations

    try:
        found = load_conversations(db, sender_id=sender)
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None
    return found[0] if found else None


def _say(out, text: str) -> None:
    out.write(text + "\n")
    out.flush()


def run(args, stdin=None, out=None) -> int:
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    url = server_url(args.url)
    sender = args.sender or f"{COUNSELOR_PREFIX}{uuid.uuid4().hex[:8]}"
    buttons: List[Tuple[str, str]] = []

    def exchange(message: str, shown: Optional[str] = None) -> None:
        nonlocal buttons
        replies = send(url, sender, message)
        if args.debug_intents:
            seen = latest_understanding(args.db, sender)
            if seen:
                _say(out, f"  · {seen}")
        text, buttons = render(replies)
        _say(out, "Bot: " + text.replace("\n", "\n     "))

    if args.sender:
        previous = _history(args.db, args.sender)
        if previous is None:
            _say(out, f"(no saved conversation {redact(args.sender)}: starting it)")
        else:
            _say(out, f"(continuing conversation {previous.label}; its last turns:)")
            for event in previous.events:
                if event.kind in ("user", "bot"):
                    who = "User" if event.kind == "user" else "Bot"
                    _say(out, f"  {who}: " + event.text.replace("\n", "\n        "))
            last_bot = previous.bot_messages[-1:] if previous.bot_messages else []
            buttons = [(b.title, b.payload) for m in last_bot for b in m.buttons]
    if args.replay:
        case = _history(args.db, args.replay)
        if case is None:
            raise UsageError(f"--replay: no conversation with sender id {redact(args.replay)!r}")
        _say(out, f"(replaying {case.label} in conversation {sender})")
        for message in case.user_messages:
            _say(out, f"You: {message.text}")
            exchange(message.text)
    _say(out, f"Conversation {sender} with {url}. Type a message; a number clicks a button; /quit ends.")
    while True:
        out.write("You: ")
        out.flush()
        line = stdin.readline()
        if not line:
            _say(out, "")
            return 0
        text = line.rstrip("\n")
        if not text.strip():
            continue
        if text.strip() in QUIT:
            return 0
        message, title = chosen(text, buttons)
        if title is not None:
            _say(out, f"  (button: {title} → {message})")
        exchange(message)
