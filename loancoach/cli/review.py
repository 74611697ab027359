"""``loancoach review``: tag a conversation, leave a note, mark it done (our own database).

    loancoach review abc123 --tag "wrong answer" --note "asked about 砍头息, got the APR answer" --done
    loancoach review abc123 --untag "wrong answer" --undone
    loancoach review abc123                      # show its tags and notes

Tags and notes are shown by ``loancoach conversations`` (and ``--tag`` filters on them) and counted in
the report. Notes are masked (phone, ID, card numbers, e-mail) before they are stored.
"""

from __future__ import annotations

import json

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments
from loancoach.records.tracker_db import TrackerDBError
from loancoach.text.privacy import redact

SUGGESTED_TAGS = ("wrong answer", "new topic", "scam seen", "language", "good answer")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "review",
        help="tag a conversation, add a note, mark it done (shown by `conversations` and the report)",
        description="Review state of one conversation in LoanCoach's database: tags (e.g. "
        + ", ".join(f"'{t}'" for t in SUGGESTED_TAGS)
        + "), notes (masked) and done.",
    )
    parser.add_argument("sender_id", metavar="SENDER_ID", help="the conversation's sender id")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="add a tag (repeatable)")
    parser.add_argument("--untag", action="append", default=[], metavar="TAG", help="remove a tag")
    parser.add_argument("--note", metavar="TEXT", help="append a note")
    done = parser.add_mutually_exclusive_group()
    done.add_argument("--done", dest="done", action="store_true", default=None, help="mark reviewed")
    done.add_argument("--undone", dest="done", action="store_false", help="mark not reviewed")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    add_source_arguments(parser, since=False)
    parser.set_defaults(func=run)


def run(args) -> int:
    from loancoach.records.review import reviews_for, update_review
    from loancoach.records.tracker_db import load_conversations

    try:
        known = bool(load_conversations(args.db, sender_id=args.sender_id))
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None
    if not known:
        raise UsageError(f"no conversation with sender id {redact(args.sender_id)!r}")
    changing = args.tag or args.untag or args.note or args.done is not None
    if changing:
        try:
            review = update_review(args.sender_id, args.tag, args.untag, args.note, args.done)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    else:
        review = reviews_for([args.sender_id]).get(args.sender_id) or {"tags": [], "notes": [], "done": False}
    if args.format == "json":
        print(
            json.dumps(
                {
                    "conversation": redact(args.sender_id),
                    **{k: v for k, v in review.items() if k != "updated_at"},
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(f"conversation {redact(args.sender_id)}: {'done' if review['done'] else 'to review'}")
    print("tags: " + (", ".join(review["tags"]) or "none"))
    for note in review["notes"]:
        print(f"note: {note}")
    return 0
