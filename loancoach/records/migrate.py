"""Schema migrations of our own database with Alembic (scripts in loancoach/records/migrations).

:func:`upgrade` brings a database to the newest revision; it is run by ``loancoach db upgrade``, by
``make run`` and when the action server starts, and whenever :mod:`loancoach.records.store` first
connects. A database made before migrations existed (tables from ``create_all``, no ``alembic_version``)
is recognised by its tables and marked as the first revision, which is exactly that schema, before
upgrading, so nothing in it is lost.

Most connections find the database already at the newest revision: :func:`upgrade_engine` sees that
with one plain query (the newest revision is read from the scripts' ``revision`` / ``down_revision``
lines) and then neither imports Alembic nor loads its scripts, which keeps a command such as
``loancoach check-ad`` quick from a cold start.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from loancoach.records.settings import database_url

SCRIPTS = Path(__file__).with_name("migrations")
FIRST_REVISION = "0001"
_LOCK_KEY = 4_017_001  # any fixed number: the advisory lock that serialises upgrades
_FIRST_TABLES = {"handoff_requests", "calculations", "ad_checks", "feedback"}


def alembic_config(connection: Optional[Connection] = None, url: Optional[str] = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("sqlalchemy.url", (url or "").replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> Optional[str]:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@lru_cache(maxsize=1)
def script_head() -> Optional[str]:
    """The newest revision, read from the scripts without importing them; None unless there is exactly
    one head and every script names its revisions with plain literals (then Alembic decides)."""
    try:
        return _single_head(SCRIPTS / "versions")
    except (OSError, SyntaxError, TypeError, ValueError):
        return None


def _single_head(folder: Path) -> Optional[str]:
    revisions, parents = set(), set()
    for path in folder.glob("*.py"):
        if path.name.startswith("__init__"):  # as Alembic: not a revision
            continue
        values = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
            if isinstance(node, ast.AnnAssign):
                target = node.target
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision", "depends_on"):
                values[target.id] = ast.literal_eval(node.value)
        if not isinstance(values.get("revision"), str) or values.get("depends_on") is not None:
            return None
        down = values.get("down_revision")
        revisions.add(values["revision"])
        parents.update(down if isinstance(down, (tuple, list)) else [down] if down else [])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the database already has the newest revision (one plain query, no Alembic)."""
    head = script_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            stamped = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False
    return stamped == [head]


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``revision`` (default: the newest)."""
    if revision == "head" and at_head(engine):
        return
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # several servers starting at once: one at a time
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config = alembic_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and _FIRST_TABLES <= tables:
            command.stamp(config, FIRST_REVISION)  # made by create_all before migrations existed
        command.upgrade(config, revision)


def upgrade(url: Optional[str] = None, revision: str = "head") -> tuple:
    """Upgrade the database at ``url`` (default ``DATABASE_URL``); returns (revision before, after)."""
    url = url or database_url()
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            before = current_revision(connection)
        upgrade_engine(engine, revision)
        with engine.connect() as connection:
            after = current_revision(connection)
        return before, after
    finally:
        engine.dispose()
