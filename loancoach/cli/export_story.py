"""``loancoach export-story``: one conversation as a Rasa conversation-test story, written by Rasa's own
``YAMLStoryWriter`` (``is_test_story=True``) so it loads exactly as ``rasa test`` expects.

    loancoach export-story abc123 --save               # tests/conversations/exported/test_<hash>.yml
    loancoach export-story abc123 --out story.yml      # or any file; stdout without either

``make test`` runs every story in tests/conversations/ (exported/ included) against the model. User text
is masked; the intents are what the model predicted then: check them before committing the story (fix a
wrong one, or teach the message first with ``loancoach teach``). Needs Rasa (the assistant's install).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments
from loancoach.records.tracker_db import TrackerDBError, local_time, raw_events
from loancoach.text.privacy import redact

EXPORT_DIR = Path("tests/conversations/exported")
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" in test-story user text as entity
# annotations: a borrower's text is kept from being read that way.
_ANNOTATION_LIKE = re.compile(r"\](?=[(\[{])")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export-story",
        help="turn one conversation into a conversation-test story (Rasa's YAMLStoryWriter)",
        description="Write one conversation from the tracker store as a Rasa conversation-test story, "
        "user text masked. --save puts it in tests/conversations/exported/, which `make test` runs.",
    )
    parser.add_argument("sender_id", metavar="SENDER_ID", help="the conversation's sender id")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    where.add_argument("--save", action="store_true", help=f"write to {EXPORT_DIR}/test_<hash>.yml")
    add_source_arguments(parser, since=False)
    parser.set_defaults(func=run)


def _defused(events):
    for data in events:
        text = data.get("text")
        if data.get("event") == "user" and isinstance(text, str) and not text.startswith("/"):
            data = {**data, "text": _ANNOTATION_LIKE.sub("] ", text.strip())}
        yield data


def story_text(sender_id: str, db=None) -> str:
    try:
        from components.story_export import story_yaml
    except ImportError as exc:
        raise UsageError(
            f"export-story needs Rasa and the project's components/ ({exc.name} missing): run it from the "
            "project folder with the assistant installed (make install)"
        ) from None
    try:
        events = raw_events(sender_id, db)
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None
    if not any(e.get("event") == "user" for e in events):
        raise UsageError(f"no conversation with sender id {redact(sender_id)!r}")
    started = local_time(float(events[0].get("timestamp") or 0)).strftime("%Y-%m-%d %H:%M")
    return story_yaml(_defused(events), f"conversation {redact(sender_id)} ({started})")


def run(args) -> int:
    if str(Path.cwd()) not in sys.path and "" not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # components/ lives in the project folder
    text = story_text(args.sender_id, args.db)
    target = args.out
    if args.save:
        from loancoach.records.store import conversation_key

        EXPORT_DIR.mkdir(parents=True, exist_ok=True)
        target = str(EXPORT_DIR / f"test_{conversation_key(args.sender_id)}.yml")
    if target:
        try:
            Path(target).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror}") from None
        print(f"wrote {target}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
