"""``loancoach export-story``: one conversation as a Rasa conversation-test story (tests/conversations/).

    loancoach export-story abc123 --out tests/conversations/test_abc123.yml

Typed messages become ``user:`` + ``intent:`` steps (text masked); button clicks (``/intent`` payloads)
become ``intent:`` steps only, with the payload's entities. Actions follow in order, with the form's
``active_loop`` and ``requested_slot`` steps. Check the intents before committing the story: they are
what the model predicted, not necessarily what the user meant.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import List

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments, conversations_from_args
from loancoach.records.tracker_db import ActionRun, Conversation, LoopChange, SlotSet, UserMessage, local_time
from loancoach.text.privacy import redact

SKIPPED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots", "action_unlikely_intent"}
STORY_SLOTS = {"requested_slot"}
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" in e2e user text as entity annotations.
_ANNOTATION_LIKE = re.compile(r"\](?=[(\[{])")
# Outside YAML's printable set, or a line break YAML knows and Python's split("\n") does not.
_YAML_UNSAFE = re.compile(r"[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_YAML_BREAKS = {"\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export-story",
        help="turn one conversation into a conversation-test story (YAML)",
        description="Write one conversation from the tracker store as a Rasa conversation-test story "
        "(format of tests/conversations/*.yml), user text masked.",
    )
    parser.add_argument("sender_id", metavar="SENDER_ID", help="the conversation's sender id")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    add_source_arguments(parser, since=False)
    parser.set_defaults(func=run)


def _scalar(value) -> str:
    """A YAML flow scalar (JSON is valid YAML); null for None."""
    text = json.dumps(value, ensure_ascii=False)
    return re.sub("[\x85\u2028\u2029]", lambda m: _YAML_BREAKS[m.group(0)], text)


def _user_text(text: str) -> List[str]:
    """``- user: |`` with the text as a literal block; a quoted scalar if the text cannot be one."""
    text = _ANNOTATION_LIKE.sub("] ", text.strip())
    if not text or _YAML_UNSAFE.search(text):
        return [f"  - user: {_scalar(text)}"]
    return ["  - user: |"] + [f"      {line.rstrip()}" if line.strip() else "" for line in text.split("\n")]


def _entities(message: UserMessage, indent: str) -> List[str]:
    if not message.entities:
        return []
    return [f"{indent}entities:"] + [
        f"{indent}- {name}: {_scalar(value)}" for name, value in message.entities
    ]


def story_steps(conversation: Conversation) -> List[str]:
    """The YAML lines of the story's steps (indented for ``stories: - story:``)."""
    lines: List[str] = []
    for event in conversation.events:
        if isinstance(event, UserMessage):
            if event.is_payload:
                lines.append(f"  - intent: {event.intent}")
                lines += _entities(event, "    ")
            else:
                lines += _user_text(event.text)
                lines.append(f"    intent: {event.intent}")
        elif isinstance(event, ActionRun) and event.name not in SKIPPED_ACTIONS:
            lines.append(f"  - action: {event.name}")
        elif isinstance(event, LoopChange):
            lines.append(f"  - active_loop: {event.name or 'null'}")
        elif isinstance(event, SlotSet) and event.name in STORY_SLOTS:
            lines += ["  - slot_was_set:", f"    - {event.name}: {_scalar(event.value)}"]
    return lines


def story_yaml(conversation: Conversation) -> str:
    """A complete conversation-test file with one story."""
    day = local_time(conversation.started).strftime("%Y-%m-%d %H:%M") if conversation.events else ""
    name = f"conversation {conversation.label} ({day})"
    steps = story_steps(conversation)
    if not steps:
        raise UsageError(f"conversation {conversation.label!r} has no messages to export")
    return "\n".join(['version: "3.1"', "stories:", f"- story: {_scalar(name)}", "  steps:", *steps]) + "\n"


def run(args) -> int:
    conversations = conversations_from_args(args, sender_id=args.sender_id)
    if not conversations:
        raise UsageError(f"no conversation with sender id {redact(args.sender_id)!r}")
    text = story_yaml(conversations[0])
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--out: cannot write {args.out}: {exc.strerror}") from None
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
