"""``loancoach transcripts``: conversations from Rasa's tracker store, with intents, confidence and actions.

    loancoach transcripts --since 7d                     # Markdown, one section per conversation
    loancoach transcripts --sender abc123 --format json  # one JSON document
    loancoach transcripts --format csv > chats.csv       # one row per event

Personal data (phone, ID, card numbers, e-mail) is masked in everything printed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from typing import List, Optional

from loancoach import names
from loancoach.cli.errors import UsageError
from loancoach.records.tracker_db import (
    ActionRun,
    BotMessage,
    Conversation,
    Event,
    LoopChange,
    SlotSet,
    TrackerDBError,
    UserMessage,
    load_conversations,
    local_time,
    parse_since,
)
from loancoach.text.privacy import redact

HIDDEN_ACTIONS = {"action_listen"}
CSV_FIELDS = ["conversation", "time", "kind", "text", "intent", "confidence", "language", "name", "value"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "transcripts",
        help="print conversations from the tracker store (masked), with intents and actions",
        description="Print conversations from Rasa's tracker store with each message's intent, confidence "
        "and language and the actions the assistant ran. Phone, ID and card numbers and e-mails are masked.",
    )
    add_source_arguments(parser)
    parser.add_argument("--sender", metavar="ID", help="only the conversation with this sender id")
    parser.add_argument("--format", choices=["md", "csv", "json"], default="md", help="output format (md)")
    parser.set_defaults(func=run)


def add_source_arguments(parser, since: bool = True) -> None:
    """``--db`` and (unless ``since=False``) ``--since``, shared with ``report`` and ``export-story``."""
    if since:
        parser.add_argument(
            "--since", metavar="DATE", help="only events from DATE on: YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or 7d"
        )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="tracker store: SQLAlchemy URL or SQLite file (default: $TRACKER_DB_URL, else var/rasa_tracker.db)",
    )


def since_arg(args) -> Optional[datetime]:
    """``--since`` as a datetime (None if not given); a bad date becomes a UsageError."""
    if not getattr(args, "since", None):
        return None
    try:
        return parse_since(args.since)
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None


def read_conversations(db: Optional[str], since=None, sender_id=None) -> List[Conversation]:
    """The conversations asked for; an unreadable tracker store becomes a UsageError."""
    try:
        return load_conversations(db, since=since, sender_id=sender_id)
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None


def conversations_from_args(args, sender_id=None) -> List[Conversation]:
    return read_conversations(args.db, since_arg(args), sender_id)


# --------------------------------------------------------------------------- formats


def _time(timestamp: float) -> str:
    return local_time(timestamp).strftime("%Y-%m-%d %H:%M:%S")


def _confidence(value) -> str:
    return "" if value is None else f"{value:.2f}"


def event_record(event: Event) -> dict:
    """One event as a flat dict (for JSON and CSV)."""
    record = {"time": local_time(event.timestamp).isoformat(timespec="seconds"), "kind": event.kind}
    if isinstance(event, UserMessage):
        record.update(
            text=event.text,
            intent=event.intent,
            confidence=None if event.confidence is None else round(event.confidence, 4),
            language=event.language,
        )
        if event.entities:
            record["entities"] = [{"entity": name, "value": value} for name, value in event.entities]
    elif isinstance(event, BotMessage):
        record["text"] = event.text
        if event.buttons:
            record["buttons"] = [{"title": b.title, "payload": b.payload} for b in event.buttons]
    elif isinstance(event, (ActionRun, LoopChange)):
        record["name"] = event.name
    elif isinstance(event, SlotSet):
        record.update(name=event.name, value=event.value)
    return record


def _shown(event: Event) -> bool:
    return not (isinstance(event, ActionRun) and event.name in HIDDEN_ACTIONS)


def to_json(conversations: List[Conversation]) -> str:
    return json.dumps(
        [
            {
                "conversation": c.label,
                "started": local_time(c.started).isoformat(timespec="seconds") if c.events else None,
                "user_messages": len(c.user_messages),
                "events": [event_record(e) for e in c.events if _shown(e)],
            }
            for c in conversations
        ],
        ensure_ascii=False,
        indent=2,
    )


def to_csv(conversations: List[Conversation]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for conversation in conversations:
        for event in filter(_shown, conversation.events):
            record = event_record(event)
            if "value" in record and not isinstance(record["value"], str):
                record["value"] = json.dumps(record["value"], ensure_ascii=False)
            writer.writerow({"conversation": conversation.label, **record})
    return out.getvalue()


def _indent(text: str) -> str:
    return text.replace("\n", "\n    ")


def _md_event(event: Event) -> str:
    clock = local_time(event.timestamp).strftime("%H:%M:%S")
    if isinstance(event, UserMessage):
        tag = f" [{event.language}]" if event.language else ""
        note = " ⚠ not understood" if event.intent == names.NLU_FALLBACK else ""
        return (
            f"- `{clock}` **User**{tag}: {_indent(event.text) or '(empty)'}  \n"
            f"  → `{event.intent}` {_confidence(event.confidence)}{note}"
        )
    if isinstance(event, BotMessage):
        buttons = "".join(f"\n    [{b.title}]({b.payload})" for b in event.buttons)
        return f"- `{clock}` **Bot**: {_indent(event.text)}{buttons}"
    if isinstance(event, ActionRun):
        return f"- `{clock}` action `{event.name}`"
    if isinstance(event, LoopChange):
        return f"- `{clock}` form `{event.name}` started" if event.name else f"- `{clock}` form ended"
    value = json.dumps(event.value, ensure_ascii=False)
    return f"- `{clock}` slot `{event.name}` = `{value}`"


def to_markdown(conversations: List[Conversation]) -> str:
    """One section per conversation; slots are left out (JSON and CSV have them)."""
    if not conversations:
        return "_No conversations found._\n"
    parts = []
    for c in conversations:
        languages = sorted({m.language for m in c.user_messages if m.language})
        parts.append(
            f"## Conversation {c.label}\n\n"
            f"{_time(c.started)} – {_time(c.ended)} · {len(c.user_messages)} user messages · "
            f"languages: {', '.join(languages) or 'unknown'}\n"
        )
        lines = [_md_event(e) for e in c.events if _shown(e) and not isinstance(e, SlotSet)]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def run(args) -> int:
    conversations = conversations_from_args(args, sender_id=args.sender)
    if args.sender and not conversations:
        raise UsageError(f"no conversation with sender id {redact(args.sender)!r}")
    render = {"md": to_markdown, "csv": to_csv, "json": to_json}[args.format]
    sys.stdout.write(render(conversations).rstrip("\n") + "\n")
    return 0
