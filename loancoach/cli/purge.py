"""``loancoach purge --older-than 180d``: delete conversations and records past the retention period."""

from __future__ import annotations

from loancoach.cli.errors import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "purge", help="delete conversations and records older than the retention period"
    )
    parser.add_argument(
        "--older-than", help="age like 180d, 12h or 4w (default: RETENTION_DAYS days, else 180d)"
    )
    parser.add_argument(
        "--db", help="tracker store URL or SQLite file (default TRACKER_DB_URL / var/rasa_tracker.db)"
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    from loancoach.records.retention import default_retention, parse_age, purge

    try:
        age = parse_age(args.older_than) if args.older_than else default_retention()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        result = purge(age, tracker=args.db)
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback
        raise UsageError(f"could not purge: {str(exc).splitlines()[0][:200]}") from None
    print(
        f"Older than {age.days} days: deleted {result.conversations} whole conversations "
        f"({result.tracker_rows} tracker events) and {result.record_rows} records of ours."
    )
    for table, n in sorted(result.records.items()):
        print(f"  {table}: {n}")
    return 0
