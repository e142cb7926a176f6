"""Alembic environment: runs against the engine handed over in ``config.attributes``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

import hotline.db.models  # noqa: F401  (registers the tables)
from hotline.db.base import Base
from hotline.db.search import FTS_TABLE

config = context.config


def include_name(name: str | None, type_: str, parent: Any) -> bool:
    # SQLite's FTS5 index and its shadow tables, and PostgreSQL's generated tsvector column of
    # order_search, are managed by hand in the migrations.
    if type_ == "table":
        return not (name is not None and name.startswith(FTS_TABLE))
    if type_ == "column":
        return not (name == "tsv" and parent.get("table_name") == "order_search")
    return True


def run() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True,
                          render_as_batch=connection.dialect.name == "sqlite", include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run()
