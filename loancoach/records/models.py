"""Every table of our own database: the models of every module in loancoach.records that puts one on
``store.Base``. Migrations compare against this (tests/test_migrations.py)."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import loancoach.records as records

_SKIP = {"migrate", "models", "migrations"}


def all_models_metadata() -> MetaData:
    """``store.Base.metadata`` after importing every module of loancoach.records (models defined in any
    of them register themselves on the Base when imported)."""
    for info in pkgutil.iter_modules(records.__path__):
        if info.name not in _SKIP and not info.ispkg:
            importlib.import_module(f"{records.__name__}.{info.name}")
    from loancoach.records.store import Base

    return Base.metadata
