"""``loancoach conversations``: find conversations by what happened in them, newest first, one line each.

    loancoach conversations --fallback --since 7d          # the assistant did not understand something
    loancoach conversations --handoff --lang en            # asked for a counselor, in English
    loancoach conversations --verdict unaffordable         # the calculator said "unaffordable"
    loancoach conversations --red-flag --format json       # an ad check raised a red flag
    loancoach conversations --feedback not-helpful --tag "wrong answer"
    loancoach conversations --text 砍头息 --channel rest

The filters on the conversation itself are SQL on Rasa's ``events`` table (SQLite or PostgreSQL);
verdicts, red flags and tags come from our own records (``DATABASE_URL``), matched by the hashed
sender id. Sender ids are masked in the output; use ``--show-ids`` for ids to pass to ``review``,
``teach`` and ``export-story``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from typing import Dict, List, Optional

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments
from loancoach.records.tracker_db import (
    ConversationRow,
    Happened,
    SearchCriteria,
    TrackerDBError,
    local_time,
    parse_since,
    search_conversations,
    what_happened,
)
from loancoach.text.privacy import redact

VERDICTS = ("affordable", "stretched", "unaffordable")
FIELDS = ["when", "conversation", "language", "turns", "happened", "tags", "done"]
DEFAULT_LIMIT = 50


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "conversations",
        help="find conversations by what happened: fallback, handoff, red flag, verdict, feedback, words",
        description="List conversations from the tracker store, newest first, one line each (when, sender "
        "masked, language, turns, what happened, review tags). Every filter given must match.",
    )
    add_source_arguments(parser)
    parser.add_argument("--until", metavar="DATE", help="only conversations that started before DATE")
    parser.add_argument("--fallback", action="store_true", help="a message went to the fallback")
    parser.add_argument("--handoff", action="store_true", help="a counselor was asked for")
    parser.add_argument("--red-flag", action="store_true", help="an ad check raised a red flag")
    parser.add_argument("--verdict", choices=VERDICTS, help="a calculation ended with this verdict")
    parser.add_argument("--feedback", choices=["helpful", "not-helpful"], help="the user gave this feedback")
    parser.add_argument("--channel", metavar="NAME", help="came through this channel (rest, socketio, …)")
    parser.add_argument("--lang", choices=["zh", "en"], help="the conversation was (partly) in this language")
    parser.add_argument("--text", metavar="WORD", help="a user message contains WORD (case-insensitive)")
    parser.add_argument("--intent", metavar="NAME", help="a user message was read as this intent")
    parser.add_argument("--tag", metavar="TAG", help="reviewed with this tag (loancoach review --tag)")
    parser.add_argument("--todo", action="store_true", help="not marked done in review")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"at most N lines ({DEFAULT_LIMIT})")
    parser.add_argument(
        "--show-ids", action="store_true", help="print sender ids unmasked (for other commands)"
    )
    parser.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output (text)")
    parser.set_defaults(func=run)


def _date(name: str, value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise UsageError(f"--{name}: {exc}") from None


def criteria_from_args(args) -> SearchCriteria:
    return SearchCriteria(
        fallback=args.fallback,
        handoff=args.handoff,
        calculation=bool(args.verdict),
        ad_check=args.red_flag,
        feedback=args.feedback,
        channel=args.channel,
        language=args.lang,
        text=args.text,
        intent=args.intent,
        since=_date("since", args.since),
        until=_date("until", args.until),
    )


def _records(sender_ids: List[str]) -> Dict[str, dict]:
    """sender id -> verdicts and ad-check outcomes from our records (matched by the hashed id)."""
    from loancoach.records.store import AdCheck, Calculation, conversation_key, session_scope

    keys = {conversation_key(s): s for s in sender_ids}
    found = {s: {"verdicts": [], "ad_verdicts": [], "red_flags": []} for s in sender_ids}
    if not keys:
        return found
    with session_scope() as session:
        for key, verdict in session.query(Calculation.conversation, Calculation.verdict).filter(
            Calculation.conversation.in_(list(keys))
        ):
            found[keys[key]]["verdicts"].append(verdict or "no income")
        for key, verdict, categories in session.query(
            AdCheck.conversation, AdCheck.verdict, AdCheck.categories
        ).filter(AdCheck.conversation.in_(list(keys))):
            found[keys[key]]["ad_verdicts"].append(verdict)
            found[keys[key]]["red_flags"] += [c for c in (categories or "").split(",") if c]
    return found


def summary(happened: Happened, records: dict) -> str:
    parts = []
    if happened.fallbacks:
        parts.append(f"fallback×{happened.fallbacks}")
    if happened.handoffs:
        parts.append("handoff")
    for verdict in records["verdicts"]:
        parts.append(f"calculation: {verdict}")
    if records["red_flags"]:
        parts.append("red flags: " + ", ".join(sorted(set(records["red_flags"]))))
    elif records["ad_verdicts"]:
        parts.append("ad check: " + ", ".join(records["ad_verdicts"]))
    if happened.not_helpful:
        parts.append("not helpful")
    if happened.helpful:
        parts.append("helpful")
    return "; ".join(parts) or "–"


def find(args) -> List[dict]:
    """The matching conversations as records (sender id unmasked under ``sender_id``)."""
    from loancoach.records.review import keys_with_tag, reviewed_keys, reviews_for
    from loancoach.records.store import conversation_key

    criteria = criteria_from_args(args)
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1")
    in_python = bool(args.verdict or args.red_flag or args.tag or args.todo)
    try:
        rows: List[ConversationRow] = search_conversations(
            criteria, args.db, limit=None if in_python else args.limit
        )
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None
    if args.tag:
        tagged = keys_with_tag(args.tag)
        rows = [r for r in rows if conversation_key(r.sender_id) in tagged]
    if args.todo:
        done = reviewed_keys()
        rows = [r for r in rows if conversation_key(r.sender_id) not in done]
    records = _records([r.sender_id for r in rows]) if in_python else {}
    if args.verdict:
        rows = [r for r in rows if args.verdict in records[r.sender_id]["verdicts"]]
    if args.red_flag:
        rows = [r for r in rows if records[r.sender_id]["red_flags"]]
    rows = rows[: args.limit]
    senders = [r.sender_id for r in rows]
    try:
        happened = what_happened(senders, args.db)
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None
    records = _records(senders)
    reviews = reviews_for(senders)
    result = []
    for row in rows:
        review = reviews.get(row.sender_id, {})
        result.append(
            {
                "when": local_time(row.ended).isoformat(timespec="seconds"),
                "started": local_time(row.started).isoformat(timespec="seconds"),
                "sender_id": row.sender_id,
                "conversation": row.sender_id if args.show_ids else redact(row.sender_id),
                "language": happened[row.sender_id].language,
                "channels": sorted(happened[row.sender_id].channels),
                "turns": row.turns,
                "happened": summary(happened[row.sender_id], records[row.sender_id]),
                "tags": review.get("tags", []),
                "notes": review.get("notes", []),
                "done": review.get("done", False),
            }
        )
    return result


def to_text(found: List[dict]) -> str:
    if not found:
        return "No conversation matches."
    lines = []
    for item in found:
        when = item["when"][:16].replace("T", " ")
        review = ""
        if item["tags"]:
            review += " [" + ", ".join(item["tags"]) + "]"
        if item["done"]:
            review += " ✓ done"
        lines.append(
            f"{when}  {item['conversation']:<20} {item['language']:<2} {item['turns']:>3} turns  "
            f"{item['happened']}{review}"
        )
    return "\n".join(lines)


def to_json(found: List[dict]) -> str:
    return json.dumps(
        [{k: v for k, v in f.items() if k != "sender_id"} for f in found], ensure_ascii=False, indent=2
    )


def to_csv(found: List[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for item in found:
        writer.writerow({**item, "tags": ";".join(item["tags"]), "done": "yes" if item["done"] else "no"})
    return out.getvalue()


def run(args) -> int:
    found = find(args)
    render = {"text": to_text, "json": to_json, "csv": to_csv}[args.format]
    sys.stdout.write(render(found).rstrip("\n") + "\n")
    return 0
