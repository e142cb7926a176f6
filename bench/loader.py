"""Bulk-load N generated orders (default 1,000,000) into SQLite or PostgreSQL, cached between runs.

The schema comes from ``hotline.db.migrate.upgrade_to_head``; values go through the models' own
SQLAlchemy bind processors (so dates, enums and JSON are stored exactly as the application stores
them), then in bulk: ``executemany`` on a raw sqlite3 connection, ``COPY`` on PostgreSQL. The
secondary indexes are dropped during the load and rebuilt after it. The search index is filled as
``hotline.db.search.index_order`` does: FTS5 rows on SQLite, ``order_search`` rows on PostgreSQL.
Order events and outbox rows are not generated: the list queries do not read them.

A SQLite dataset is cached as ``bench/.cache/orders-<n>-<schema head>-v<version>.sqlite``; it is
renamed into place only when complete, so an interrupted load is never reused.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.dialects import sqlite

from bench.common import CACHE_DIR, say
from bench.dataset import TZ, OrderGenerator, unit_rows
from hotline.db.engine import make_engine
from hotline.db.migrate import alembic_config, upgrade_to_head
from hotline.db.models import Order, Unit, User
from hotline.db.search import FTS_TABLE
from hotline.domain.enums import Role
from hotline.services.context import Context
from hotline.settings import Settings

LOADER_VERSION = 1
SEED = 20260101
BATCH = 5_000
MAX_LOAD_SECONDS = 3 * 3600  # a bound on the load loop
AGENTS = 40
BENCH_SECRET = "hotline-bench-secret-key-0123456789abcdef"


@dataclass(frozen=True)
class Dataset:
    """A loaded database and what the queries need to know about it."""

    url: str
    orders: int
    now: datetime  # the generator's "now": the overdue filter is relative to it
    secret_key: str = BENCH_SECRET


def schema_head() -> str:
    head = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://"))).get_current_head()
    return head or "none"


def dataset_now() -> datetime:
    """Today's local midnight, so the two years of orders end exactly at "now"."""
    local = datetime.now(TZ)
    return datetime.combine(local.date(), datetime.min.time(), tzinfo=TZ).astimezone(UTC)


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, secret_key=BENCH_SECRET, env="test")


# --- shared: organisation and row values ---------------------------------------------------------

def _seed_organisation(engine: Engine, now: datetime) -> tuple[dict[str, int], list[int]]:
    """Units with materialised paths, and the agents who registered the orders."""
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        for n, row in enumerate(unit_rows(), start=1):
            parent = ids.get(row.parent) if row.parent else None
            path = (conn.scalar(text("SELECT path FROM units WHERE id = :id"), {"id": parent}) if parent else "/")
            conn.execute(insert(Unit).values(
                id=n, code=row.code, name=row.name, kind=row.kind, parent_id=parent, path=f"{path}{n}/",
                district=row.district, active=True))
            ids[row.code] = n
        agents = list(range(1, AGENTS + 1))
        conn.execute(insert(User), [
            {"id": i, "username": f"agent-{i}", "display_name": f"话务员{i}", "role": Role.AGENT, "unit_id": None,
             "password_hash": None, "active": True, "created_at": now} for i in agents])
    return ids, agents


def _processors(dialect: Any) -> tuple[list[str], list[Callable[[Any], Any] | None]]:
    columns = list(Order.__table__.columns)
    return [c.name for c in columns], [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]


def _values(rows: Iterator[tuple[dict[str, Any], str]], names: list[str],
            procs: list[Callable[[Any], Any] | None]) -> Iterator[tuple[tuple[Any, ...], tuple[int, str, Any]]]:
    pairs = list(zip(names, procs, strict=True))
    for row, terms in rows:
        values = tuple(p(v) if p is not None and (v := row.get(name)) is not None else row.get(name)
                       for name, p in pairs)
        yield values, (row["id"], terms, row["accepted_at"])


def _bounded(rows: Iterator[Any], n: int) -> Iterator[Any]:
    """At most ``n`` rows and at most ``MAX_LOAD_SECONDS``: the load loop cannot run away."""
    deadline = time.monotonic() + MAX_LOAD_SECONDS
    for i, row in enumerate(islice(rows, n)):
        if i % 10_000 == 0 and time.monotonic() > deadline:
            raise TimeoutError("the load took longer than its bound")
        yield row


class Progress:
    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.started, self.last = total, label, time.monotonic(), 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last >= 5 or done == self.total:
            self.last = now
            rate = done / max(now - self.started, 1e-9)
            eta = (self.total - done) / rate if rate else 0
            say(f"  {self.label}: {done:>9,}/{self.total:,} orders, {rate:,.0f}/s, ~{eta:.0f} s left")


# --- SQLite --------------------------------------------------------------------------------------

def sqlite_dataset(n: int) -> Dataset:
    """The cached SQLite dataset of ``n`` orders, loading it first if needed."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"orders-{n}-{schema_head()}-v{LOADER_VERSION}.sqlite"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        data = json.loads(meta.read_text())
        return Dataset(f"sqlite:///{path}", n, datetime.fromisoformat(data["now"]))
    partial = path.with_suffix(".partial")
    for p in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        p.unlink(missing_ok=True)
    now = dataset_now()
    started = time.monotonic()
    _load_sqlite(partial, n, now)
    partial.rename(path)
    for stale in CACHE_DIR.glob(f"orders-{n}-*"):  # datasets of older schemas or loader versions
        if stale not in (path, meta):
            stale.unlink(missing_ok=True)
    meta.write_text(json.dumps({"now": now.isoformat(), "orders": n, "seconds": round(time.monotonic() - started)}))
    say(f"  loaded {n:,} orders into {path} in {time.monotonic() - started:.0f} s "
        f"({path.stat().st_size / 2**20:,.0f} MiB)")
    return Dataset(f"sqlite:///{path}", n, now)


def _load_sqlite(path: Path, n: int, now: datetime) -> None:
    url = f"sqlite:///{path}"
    settings = settings_for(url)
    engine = make_engine(settings)
    upgrade_to_head(engine)
    unit_ids, agents = _seed_organisation(engine, now)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    indexes = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='orders' AND sql IS NOT NULL")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='orders' "
                                "AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    names, procs = _processors(sqlite.dialect())
    insert_orders = f"INSERT INTO orders ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    insert_terms = f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (?, ?)"
    generator = OrderGenerator(n, seed=SEED, now=now, ctx=Context.from_settings(settings), unit_ids=unit_ids,
                               agent_ids=agents)
    rows = _values(_bounded(generator.rows(), n), names, procs)
    progress, done = Progress(n, "SQLite load"), 0
    conn.execute("BEGIN")
    while batch := list(islice(rows, BATCH)):
        conn.executemany(insert_orders, [values for values, _ in batch])
        conn.executemany(insert_terms, [search[:2] for _, search in batch])
        done += len(batch)
        if done % 100_000 < BATCH:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
        progress(done)
    conn.execute("COMMIT")
    say(f"  building {len(indexes)} indexes …")
    for sql in indexes:
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


# --- PostgreSQL ----------------------------------------------------------------------------------

def postgres_dataset(url: str, n: int) -> Dataset:
    """Load ``n`` orders into the (empty) database at ``url`` unless it already holds the dataset."""
    engine = make_engine(settings_for(url))
    try:
        upgrade_to_head(engine)
        with engine.connect() as conn:
            count = conn.scalar(text("SELECT count(*) FROM orders")) or 0
            if count == n:
                latest = conn.scalar(text("SELECT max(accepted_at) FROM orders"))
                assert isinstance(latest, datetime)
                return Dataset(url, n, _midnight_after(latest))
            if count:
                raise RuntimeError(f"the PostgreSQL database holds {count} orders, not {n}: give an empty one")
        now = dataset_now()
        started = time.monotonic()
        _load_postgres(engine, n, now)
        say(f"  loaded {n:,} orders into PostgreSQL in {time.monotonic() - started:.0f} s")
        return Dataset(url, n, now)
    finally:
        engine.dispose()


def _midnight_after(latest: datetime) -> datetime:
    local = latest.astimezone(TZ) + timedelta(days=1)
    return datetime.combine(local.date(), datetime.min.time(), tzinfo=TZ).astimezone(UTC)


def _load_postgres(engine: Engine, n: int, now: datetime) -> None:
    settings = settings_for(engine.url.render_as_string(hide_password=False))
    unit_ids, agents = _seed_organisation(engine, now)
    names, procs = _processors(engine.dialect)
    generator = OrderGenerator(n, seed=SEED, now=now, ctx=Context.from_settings(settings), unit_ids=unit_ids,
                               agent_ids=agents)
    rows = _values(_bounded(generator.rows(), n), names, procs)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT indexdef, indexname FROM pg_indexes WHERE tablename IN ('orders', 'order_search') "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)")
        indexes = cur.fetchall()
        for _, name in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        progress, done = Progress(n, "PostgreSQL load"), 0
        driver = raw.driver_connection
        assert driver is not None
        while batch := list(islice(rows, 50_000)):
            with driver.cursor() as c:
                with c.copy(f"COPY orders ({', '.join(names)}) FROM STDIN") as copy:
                    for values, _ in batch:
                        copy.write_row(values)
                with c.copy("COPY order_search (order_id, terms, accepted_at) FROM STDIN") as copy:
                    for _, terms in batch:
                        copy.write_row(terms)
            driver.commit()
            done += len(batch)
            progress(done)
        say(f"  building {len(indexes)} indexes …")
        for sql, _ in indexes:
            cur.execute(sql)
        cur.execute("SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders))")
        driver.commit()
        driver.autocommit = True
        cur.execute("VACUUM ANALYZE")
    finally:
        raw.close()
