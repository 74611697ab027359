"""Alembic migrations of our own database (loancoach/records/migrations), on SQLite and PostgreSQL:

- a database made by the code before migrations existed (tables from ``create_all``, with data) is
  upgraded by `loancoach db upgrade` with nothing lost;
- the migrations alone build exactly the schema of the models (every table any module of
  loancoach.records puts on ``store.Base``): a table or column added without a migration fails here.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    inspect,
    select,
)

from loancoach.cli.app import main
from loancoach.records.migrate import head_revision, upgrade
from loancoach.records.models import all_models_metadata

# The schema as store.py created it before migrations (create_all), frozen here on purpose.
LEGACY = MetaData()
Table(
    "handoff_requests",
    LEGACY,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("conversation", String(64), nullable=False, index=True),
    Column("language", String(8), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("context", Text, nullable=False),
    Column("status", String(16), nullable=False),
)
Table(
    "calculations",
    LEGACY,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("source", String(16), nullable=False),
    Column("conversation", String(64), nullable=True, index=True),
    Column("language", String(8), nullable=False),
    Column("method", String(32), nullable=False),
    Column("principal", Numeric(14, 2), nullable=False),
    Column("months", Integer, nullable=False),
    Column("rate_kind", String(24), nullable=False),
    Column("rate_value", Numeric(12, 6), nullable=False),
    Column("upfront_fee", Numeric(14, 2), nullable=False),
    Column("income", Numeric(14, 2), nullable=True),
    Column("monthly_debts", Numeric(14, 2), nullable=True),
    Column("monthly_payment", Numeric(14, 2), nullable=False),
    Column("total_repayment", Numeric(14, 2), nullable=False),
    Column("total_cost", Numeric(14, 2), nullable=False),
    Column("apr", Numeric(10, 4), nullable=False),
    Column("effective_annual_rate", Numeric(10, 4), nullable=False),
    Column("dti", Numeric(10, 4), nullable=True),
    Column("verdict", String(16), nullable=True),
)
Table(
    "ad_checks",
    LEGACY,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("source", String(16), nullable=False),
    Column("conversation", String(64), nullable=True, index=True),
    Column("language", String(8), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("categories", String(400), nullable=False),
)
Table(
    "feedback",
    LEGACY,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("conversation", String(64), nullable=True, index=True),
    Column("language", String(8), nullable=False),
    Column("topic", String(64), nullable=False),
    Column("helpful", Integer, nullable=False),
)

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
ROWS = {
    "handoff_requests": [
        dict(created_at=WHEN, conversation="c1", language="zh", reason="user_request", context="> 你好", status="open"),
        dict(created_at=WHEN, conversation="c2", language="en", reason="fallback", context="", status="done"),
    ],
    "calculations": [
        dict(created_at=WHEN, source="chat", conversation="c1", language="zh", method="equal_installment",
            principal=Decimal("50000.00"), months=24, rate_kind="apr", rate_value=Decimal("18.000000"),
            upfront_fee=Decimal("0.00"), income=Decimal("8000.00"), monthly_debts=None,
            monthly_payment=Decimal("2496.21"), total_repayment=Decimal("59908.92"),
            total_cost=Decimal("9908.92"), apr=Decimal("18.0000"), effective_annual_rate=Decimal("19.5618"),
            dti=Decimal("31.2000"), verdict="ok",
        )
    ],
    "ad_checks": [
        dict(created_at=WHEN, source="cli", conversation=None, language="zh", verdict="misleading", categories="a,b")
    ],
    "feedback": [dict(created_at=WHEN, conversation="c1", language="en", topic="calculator", helpful=1)],
}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    from stores import postgres_cluster

    with postgres_cluster(databases=("records",)) as pg:
        yield pg.url


def _rows(url: str, table: str) -> list:
    engine = create_engine(url, future=True)
    with engine.connect() as conn:
        model = all_models_metadata().tables[table]  # typed columns (SQLite returns text otherwise)
        rows = [dict(r._mapping) for r in conn.execute(select(model).order_by(model.c.id))]
    engine.dispose()
    return rows


def test_a_database_from_before_migrations_is_upgraded_with_nothing_lost(database, capsys):
    engine = create_engine(database, future=True)
    LEGACY.create_all(engine)
    with engine.begin() as conn:
        for name, rows in ROWS.items():
            conn.execute(LEGACY.tables[name].insert(), rows)
    engine.dispose()

    assert main(["db", "upgrade", "--url", database]) == 0
    assert f"revision {head_revision()}" in capsys.readouterr().out

    for name, rows in ROWS.items():
        stored = _rows(database, name)
        assert len(stored) == len(rows)
        for before, after in zip(rows, stored, strict=True):
            for column, value in before.items():
                if column == "status":
                    continue
                if isinstance(value, datetime):  # SQLite keeps no time zone
                    assert after[column].replace(tzinfo=None) == value.replace(tzinfo=None)
                else:
                    assert after[column] == value, (name, column)
    assert [r["status"] for r in _rows(database, "handoff_requests")] == ["open", "closed"]
    assert _rows(database, "handoff_requests")[0]["claimed_by"] is None
    assert _rows(database, "deletion_log") == []
    # and the store works on it: a second upgrade is a no-op, a new handoff can be claimed
    assert main(["db", "upgrade", "--url", database]) == 0
    from loancoach.records.store import claim_handoff, record_handoff

    ticket = record_handoff("someone", "zh", "user_request", url=database)
    assert ticket.reference == "H000003"
    assert claim_handoff("H000003", "Wang", url=database).claimed_by == "Wang"


def test_migrations_build_exactly_the_models_schema(database):
    before, after = upgrade(database)
    assert (before, after) == (None, head_revision())
    engine = create_engine(database, future=True)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, all_models_metadata())
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert differences == [], "a model changed without a migration in loancoach/records/migrations/versions"
    assert set(all_models_metadata().tables) <= tables


def test_migration_scripts_ship_with_the_package():
    import tomli as tomllib
    from conftest import PROJECT_ROOT

    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = data["loancoach"]
    root = PROJECT_ROOT / "loancoach"
    shipped = {p for pattern in patterns for p in root.glob(pattern)}
    scripts = set((root / "records" / "migrations").rglob("*.py")) | {
        root / "records" / "migrations" / "script.py.mako"
    }
    assert scripts <= shipped
