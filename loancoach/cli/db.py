"""``loancoach db upgrade``: bring our own database (DATABASE_URL) to the newest schema (Alembic)."""

from __future__ import annotations

from loancoach.cli.errors import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser("db", help="database schema: `db upgrade`, `db current`")
    parser.add_argument(
        "action", choices=["upgrade", "current"], help="upgrade to the newest revision, or show it"
    )
    parser.add_argument("--url", help="database URL (default DATABASE_URL, else var/loancoach.db)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from sqlalchemy import create_engine

    from loancoach.records.migrate import current_revision, head_revision, upgrade
    from loancoach.records.settings import database_url

    url = args.url or database_url()
    try:
        if args.action == "current":
            engine = create_engine(url, future=True)
            with engine.connect() as connection:
                print(f"{current_revision(connection) or 'none'} (newest: {head_revision()})")
            engine.dispose()
            return 0
        before, after = upgrade(url)
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback
        raise UsageError(f"{str(exc).splitlines()[0][:200]}") from None
    print(f"database schema at revision {after}" + ("" if before == after else f" (was {before or 'empty'})"))
    return 0
