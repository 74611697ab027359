"""Alembic migration scripts of LoanCoach's own database (see loancoach.records.migrate)."""
