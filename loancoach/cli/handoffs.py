"""``loancoach handoffs``: handoff requests borrowers made (context already redacted) and their lifecycle.

``loancoach handoffs`` lists them with their status and age; ``handoffs claim H000012 --by NAME`` marks
one as taken by a counselor; ``handoffs close H000012 --note ...`` marks it done (the note is masked).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from loancoach.cli.errors import UsageError

STATUSES = ["open", "claimed", "closed"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("handoffs", help="list, claim and close handoff requests")
    parser.add_argument("--status", choices=STATUSES, help="only requests with this status")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)
    sub = parser.add_subparsers(dest="handoff_action", metavar="ACTION", parser_class=type(parser))
    claim = sub.add_parser("claim", help="mark a request as taken: claim H000012 --by NAME")
    claim.add_argument("reference")
    claim.add_argument("--by", required=True, help="the counselor taking it")
    claim.set_defaults(func=run_claim)
    close = sub.add_parser("close", help="mark a request as done: close H000012 --note TEXT")
    close.add_argument("reference")
    close.add_argument("--note", default="", help="what was done (personal data in it is masked)")
    close.set_defaults(func=run_close)


def age(since: datetime, now: datetime) -> str:
    """A short age: 5m, 3h, 2d."""
    since, now = (t if t.tzinfo else t.replace(tzinfo=timezone.utc) for t in (since, now))
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 48 * 60:
        return f"{minutes // 60}h"
    return f"{minutes // 1440}d"


def run(args) -> int:
    from loancoach.records.store import list_handoffs, reference_for

    now = datetime.now(timezone.utc)
    for row in list_handoffs(status=args.status):
        status = "closed" if row.status == "done" else row.status
        record = {
            "reference": reference_for(row.id),
            "created_at": row.created_at.isoformat(),
            "age": age(row.created_at, now),
            "conversation": row.conversation,
            "language": row.language,
            "reason": row.reason,
            "status": status,
            "claimed_by": row.claimed_by,
            "closed_at": row.closed_at.isoformat() if row.closed_at else None,
            "note": row.note,
            "context": row.context,
        }
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
            continue
        state = status
        if status == "claimed":
            state = f"claimed by {row.claimed_by}"
        elif status == "closed" and row.closed_at:
            state = f"closed after {age(row.created_at, row.closed_at)}"
        print(
            f"{record['reference']}  {record['created_at'][:16]}  {record['age']:>4} old  {row.language}  "
            f"{row.reason:<12}  {state}"
        )
        for line in row.context.splitlines():
            print(f"    > {line}")
        if row.note:
            print(f"    note: {row.note}")
    return 0


def run_claim(args) -> int:
    from loancoach.records.store import claim_handoff, reference_for

    if not args.by.strip():
        raise UsageError("--by needs the counselor's name")
    try:
        row = claim_handoff(args.reference, args.by)
    except (LookupError, ValueError) as exc:
        raise UsageError(str(exc).strip("'\"")) from None
    print(f"{reference_for(row.id)} claimed by {row.claimed_by}")
    return 0


def run_close(args) -> int:
    from loancoach.records.store import close_handoff, reference_for

    try:
        row = close_handoff(args.reference, args.note)
    except (LookupError, ValueError) as exc:
        raise UsageError(str(exc).strip("'\"")) from None
    print(f"{reference_for(row.id)} closed after {age(row.created_at, row.closed_at)}")
    return 0
