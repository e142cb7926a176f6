"""Full-text search over orders: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.

Terms are character bigrams (see ``hotline.domain.text``). The index lives beside the orders
table and is written in the same transaction as the order.

On PostgreSQL a list searched by text looks at recent matches first (``RECENT_WINDOWS``): the page
of newest matches usually lies within the last day or month, and a bounded search costs a few
milliseconds where an unbounded one over a million orders cost up to 1.5 s.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, insert, literal_column, select, text
from sqlalchemy.orm import Session

from hotline.db.base import table_of
from hotline.db.models import Order, OrderSearch
from hotline.domain.text import index_terms, is_single_char, query_phrases

FTS_TABLE = "order_search_fts"

# Widening look-back windows of a PostgreSQL text search; None is everything.
RECENT_WINDOWS: tuple[timedelta | None, ...] = (timedelta(days=1), timedelta(days=30), None)


def create_sqlite_fts(connection: Connection, name: str = FTS_TABLE) -> None:
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5(terms, content='', "
        "columnsize=0, detail=full, tokenize='unicode61 remove_diacritics 0')"
    )


_INSERT_FTS = text(f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (:id, :terms)")


def indexed_text(title: str | None, content: str | None, address: str | None) -> str:
    """What an order is found by: its title, content and address."""
    return f"{title or ''} {content or ''} {address or ''}"


def index_order(session: Session, *, order_id: int, text_: str, accepted_at: datetime) -> None:
    terms = index_terms(text_)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(_INSERT_FTS, {"id": order_id, "terms": terms})
    else:
        connection.execute(insert(table_of(OrderSearch)),
                           {"order_id": order_id, "terms": terms, "accepted_at": accepted_at})


def search_windows(dialect: str) -> tuple[timedelta | None, ...]:
    """The look-back windows to try in turn; SQLite's FTS5 plan needs none."""
    return (None,) if dialect == "sqlite" else RECENT_WINDOWS


def matches(dialect: str, query: str, *, since: datetime | None = None,
            until: datetime | None = None) -> ColumnElement[bool] | None:
    """A WHERE clause on ``Order.id`` for orders whose text contains the query, None if empty.

    ``since``/``until`` bound the orders' acceptance time inside the index (PostgreSQL only).
    """
    phrases = query_phrases(query)
    if not phrases:
        return None
    if dialect == "sqlite":
        fts_query = " AND ".join(
            f"{p[0]}*" if is_single_char(p) else '"' + " ".join(p) + '"' for p in phrases
        )
        ids: Select[Any] = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts_query)
        )
        # "id + 0" hides the primary key from the planner, so SQLite walks the accepted_at index newest
        # first and stops at the page size instead of fetching and sorting every match (563 → 15 ms p99).
        return (Order.id + 0).in_(ids)
    ts_parts = [f"{p[0]}:*" if is_single_char(p) else " <-> ".join(p) for p in phrases]
    # The config must be a literal, not a bound parameter, or the planner cannot use the GIN index.
    condition = text("order_search.tsv @@ to_tsquery('simple', :ts_query)").bindparams(
        ts_query=" & ".join(f"({part})" for part in ts_parts))
    ids_ = select(OrderSearch.order_id).where(condition)
    if since is not None:
        ids_ = ids_.where(OrderSearch.accepted_at >= since)
    if until is not None:
        ids_ = ids_.where(OrderSearch.accepted_at <= until)
    return Order.id.in_(ids_)


def matches_any(dialect: str, phrases: list[str], *, since: datetime | None = None) -> ColumnElement[bool] | None:
    """A WHERE clause on ``Order.id`` for orders whose text contains any of ``phrases`` (each a run of
    Chinese characters or a word), None if none is usable."""
    parts = [p for phrase in phrases for p in query_phrases(phrase)[:1] if not is_single_char(p)]
    if not parts:
        return None
    if dialect == "sqlite":
        fts_query = " OR ".join('"' + " ".join(p) + '"' for p in parts)
        ids: Select[Any] = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_any").bindparams(fts_any=fts_query))
        return (Order.id + 0).in_(ids)
    condition = text("order_search.tsv @@ to_tsquery('simple', :ts_any)").bindparams(
        ts_any=" | ".join(f"({' <-> '.join(p)})" for p in parts))
    found = select(OrderSearch.order_id).where(condition)
    if since is not None:
        found = found.where(OrderSearch.accepted_at >= since)
    return Order.id.in_(found)
