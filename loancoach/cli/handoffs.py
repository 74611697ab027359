"""``loancoach handoffs``: list the handoff requests borrowers made (context already redacted)."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser("handoffs", help="list handoff requests (newest last)")
    parser.add_argument("--status", choices=["open", "done"], help="only requests with this status")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def run(args) -> int:
    from loancoach.records.store import list_handoffs, reference_for

    for row in list_handoffs(status=args.status):
        record = {
            "reference": reference_for(row.id),
            "created_at": row.created_at.isoformat(),
            "conversation": row.conversation,
            "language": row.language,
            "reason": row.reason,
            "status": row.status,
            "context": row.context,
        }
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(
                f"{record['reference']}  {record['created_at'][:16]}  {row.language}  {row.reason:<12}  {row.status}"
            )
            for line in row.context.splitlines():
                print(f"    > {line}")
    return 0
