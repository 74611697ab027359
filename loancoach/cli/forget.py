"""``loancoach forget --sender ID``: delete one borrower's conversation and records (PIPL Art. 47)."""

from __future__ import annotations

from loancoach.cli.errors import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "forget", help="delete one conversation from the tracker store and every record of ours about it"
    )
    parser.add_argument(
        "--sender", required=True, help="the conversation's sender id (as the channel sent it)"
    )
    parser.add_argument(
        "--db", help="tracker store URL or SQLite file (default TRACKER_DB_URL / var/rasa_tracker.db)"
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    from loancoach.records.retention import forget

    if not args.sender.strip():
        raise UsageError("--sender must not be empty")
    try:
        result = forget(args.sender, tracker=args.db)
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback
        raise UsageError(f"could not delete: {str(exc).splitlines()[0][:200]}") from None
    print(f"Deleted {result.tracker_rows} tracker events and {result.record_rows} records of ours.")
    for table, n in sorted(result.records.items()):
        print(f"  {table}: {n}")
    print("The deletion is recorded in the deletion log (when and how many rows; no content).")
    return 0
