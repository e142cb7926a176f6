"""Rebuilding the search index of every order (``hotline reindex``), after the text folding changed.

An order's search terms are worked out once, at registration (``search.index_order``). When the way text is
folded changes — traditional characters folded to simplified since 3b1b403, say — the orders registered
before keep their old terms, and a search in the new form misses them. This rebuilds them all.

It runs beside a working centre:

- **SQLite**: the FTS5 table keeps no text (``content=''``), so a row cannot be rewritten in place. A new table
  is filled batch by batch, each batch its own short write transaction, and the last one catches up with the
  orders registered meanwhile and swaps the new table in: searches see the old index until that commit. At a
  million orders (62 s in all) a batch held the write lock 24 ms (median; p99 59 ms), the swap about a second,
  dropping the old table: registrations wait that long once.
- **PostgreSQL**: the rows are rewritten batch by batch, each batch its own transaction (row locks only).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, TextClause, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from hotline.db.base import table_of
from hotline.db.models import Order, OrderSearch
from hotline.db.search import FTS_TABLE, create_sqlite_fts, indexed_text
from hotline.db.uow import Database
from hotline.domain.text import index_terms

BATCH = 1000  # orders per write transaction: on SQLite registrations wait while one is written
_NEW_TABLE = f"{FTS_TABLE}_rebuilt"

Progress = Callable[[int, int], None]  # (orders done, orders in all)
Row = tuple[int, str, datetime]  # an order's id, search terms and acceptance


def rebuild_search_index(db: Database, *, batch: int = BATCH, progress: Progress | None = None) -> int:
    """Work out every order's search terms again; returns the number of orders indexed."""
    with db.uow(write=False) as uow:
        total = uow.session.scalar(select(func.count()).select_from(Order)) or 0
    if db.dialect == "sqlite":
        return _rebuild_sqlite(db, batch, total, progress)
    return _rebuild_postgresql(db, batch, total, progress)


def _orders_after(connection: Connection, after: int, batch: int | None) -> list[Row]:
    """(id, search terms, acceptance) of the orders after id ``after``, in id order; all of them when ``batch``
    is None."""
    rows = connection.execute(
        select(Order.id, Order.title, Order.content, Order.address, Order.accepted_at).where(Order.id > after)
        .order_by(Order.id).limit(batch))
    return [(id_, index_terms(indexed_text(title, content, address)), at)
            for id_, title, content, address, at in rows]


def _rebuild_sqlite(db: Database, batch: int, total: int, progress: Progress | None) -> int:
    with db.uow() as uow:
        connection = uow.session.connection()
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_NEW_TABLE}")  # left by an interrupted run
        create_sqlite_fts(connection, _NEW_TABLE)
        uow.commit()
    insert = text(f"INSERT INTO {_NEW_TABLE}(rowid, terms) VALUES (:id, :terms)")
    done, last = 0, 0
    while True:
        rows = _read(db, last, batch)  # the terms are worked out outside the write lock registrations wait for
        with db.uow() as uow:
            connection = uow.session.connection()
            if len(rows) < batch:  # the last batch: catch up with new orders and swap, in one transaction
                rows += _orders_after(connection, rows[-1][0] if rows else last, None)
                _insert(connection, insert, rows)
                connection.exec_driver_sql(f"DROP TABLE {FTS_TABLE}")
                connection.exec_driver_sql(f"ALTER TABLE {_NEW_TABLE} RENAME TO {FTS_TABLE}")
                uow.commit()
                done += len(rows)
                break
            _insert(connection, insert, rows)
            uow.commit()
        done, last = done + len(rows), rows[-1][0]
        if progress:
            progress(done, total)
    if progress:
        progress(done, max(total, done))
    return done


def _read(db: Database, after: int, batch: int) -> list[Row]:
    with db.uow(write=False) as uow:
        return _orders_after(uow.session.connection(), after, batch)


def _insert(connection: Connection, statement: TextClause, rows: list[Row]) -> None:
    if rows:
        connection.execute(statement, [{"id": id_, "terms": terms} for id_, terms, _ in rows])


def _rebuild_postgresql(db: Database, batch: int, total: int, progress: Progress | None) -> int:
    table = table_of(OrderSearch)
    new = pg_insert(table)
    upsert = new.on_conflict_do_update(index_elements=[table.c.order_id], set_={"terms": new.excluded.terms})
    done, last = 0, 0
    while True:
        rows = _read(db, last, batch)
        if not rows:
            break
        with db.uow() as uow:
            connection = uow.session.connection()
            connection.execute(upsert, [{"order_id": id_, "terms": terms, "accepted_at": at}
                                        for id_, terms, at in rows])
            uow.commit()
        done, last = done + len(rows), rows[-1][0]
        if progress:
            progress(done, max(total, done))
    return done
