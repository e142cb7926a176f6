"""Bulk-load N generated orders (default 1,000,000) into SQLite or PostgreSQL, cached between runs.

The schema comes from ``hotline.db.migrate.upgrade_to_head``; values go through the models' own
SQLAlchemy bind processors (so dates, enums and JSON are stored exactly as the application stores
them), then in bulk: ``executemany`` on a raw sqlite3 connection, ``COPY`` on PostgreSQL. The
secondary indexes are dropped during the load and rebuilt after it. The search index is filled as
``hotline.db.search.index_order`` does: FTS5 rows on SQLite, ``order_search`` rows on PostgreSQL.
Beside each order go the rows the dispatch review reads (``bench.history``): its stored suggestion, the
events of its dispatch, return and ruling or of its transfer, and the UNIT feedback of each dispatch. Other
events and outbox rows are not generated: no benchmark reads them.

A SQLite dataset is cached as ``bench/.cache/orders-<n>-<schema head>-v<version>.sqlite``; it is
renamed into place only when complete, so an interrupted load is never reused.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.dialects import sqlite

from bench.common import CACHE_DIR, say
from bench.dataset import TZ, Generated, OrderGenerator, unit_rows
from bench.history import Staff
from bench.pg import postgres
from hotline.db.engine import make_engine
from hotline.db.migrate import alembic_config, upgrade_to_head
from hotline.db.models import ClassificationFeedback, Order, OrderEvent, OrderSuggestion, Unit, User
from hotline.db.search import FTS_TABLE
from hotline.domain.enums import Role
from hotline.services.context import Context
from hotline.settings import Settings

LOADER_VERSION = 2  # 2: dispatch history, stored suggestions, dispatchers and unit staff
SEED = 20260101
BATCH = 5_000
MAX_LOAD_SECONDS = 3 * 3600  # a bound on the load loop
AGENTS = 40
DISPATCHERS = 8
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

def _seed_organisation(engine: Engine, now: datetime) -> tuple[Staff, list[int]]:
    """Units with materialised paths; the agents who registered the orders, the dispatchers who dispatched
    them and one staff account per unit (who returned them)."""
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
        dispatchers = list(range(AGENTS + 1, AGENTS + DISPATCHERS + 1))
        unit_users = {code: AGENTS + DISPATCHERS + n for n, code in enumerate(ids, start=1)}
        users: list[tuple[int, str, str, Role, int | None]] = [
            (i, f"agent-{i}", f"话务员{i}", Role.AGENT, None) for i in agents]
        users += [(i, f"dispatcher-{i}", f"派单员{i}", Role.DISPATCHER, None) for i in dispatchers]
        users += [(i, f"unit-{code}", f"{code}经办人", Role.UNIT, ids[code]) for code, i in unit_users.items()]
        conn.execute(insert(User), [
            {"id": i, "username": name, "display_name": display, "role": role, "unit_id": unit_id,
             "password_hash": None, "active": True, "created_at": now} for i, name, display, role, unit_id in users])
    names = {row.code: row.name for row in unit_rows()}
    return Staff(ids, names, dispatchers, unit_users), agents


class Columns:
    """A table's columns as the loader writes them, and their values through the models' bind processors.
    ``skip``: columns the database fills in (autoincrement ids)."""

    def __init__(self, model: Any, dialect: Any, skip: tuple[str, ...] = ()) -> None:
        columns = [c for c in model.__table__.columns if c.name not in skip]
        self.table = model.__tablename__
        self.names = [c.name for c in columns]
        self._pairs: list[tuple[str, Callable[[Any], Any] | None]] = [
            (c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in columns]

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(p(v) if p is not None and (v := row.get(name)) is not None else row.get(name)
                     for name, p in self._pairs)


@dataclass
class Batch:
    """The rows of a batch of generated orders, table by table, ready for executemany or COPY."""

    rows: dict[str, list[tuple[Any, ...]]]
    search: list[tuple[int, str, Any]]  # (order id, terms, accepted_at)
    orders: int


class Tables:
    """The tables a load fills, in the order they are written (an order before the rows that refer to it)."""

    def __init__(self, dialect: Any) -> None:
        self.orders = Columns(Order, dialect)
        self.suggestions = Columns(OrderSuggestion, dialect)
        self.events = Columns(OrderEvent, dialect, skip=("id",))
        self.feedback = Columns(ClassificationFeedback, dialect, skip=("id",))
        self.all = [self.orders, self.suggestions, self.events, self.feedback]

    def batch(self, generated: list[Generated]) -> Batch:
        rows: dict[str, list[tuple[Any, ...]]] = {c.table: [] for c in self.all}
        for g in generated:
            rows[self.orders.table].append(self.orders.values(g.row))
            if g.history.suggestion is not None:
                rows[self.suggestions.table].append(self.suggestions.values(g.history.suggestion))
            rows[self.events.table] += [self.events.values(e) for e in g.history.events]
            rows[self.feedback.table] += [self.feedback.values(f) for f in g.history.feedback]
        return Batch(rows, [(g.row["id"], g.terms, g.row["accepted_at"]) for g in generated], len(generated))


def _batches(tables: Tables, generated: Iterator[Generated], size: int) -> Iterator[Batch]:
    while chunk := list(islice(generated, size)):
        yield tables.batch(chunk)


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
    staff, agents = _seed_organisation(engine, now)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    tables = Tables(sqlite.dialect())
    loaded = ", ".join(f"'{c.table}'" for c in tables.all)
    indexes = [sql for (sql,) in conn.execute(
        f"SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name IN ({loaded}) AND sql IS NOT NULL")]
    for (name,) in conn.execute(f"SELECT name FROM sqlite_master WHERE type='index' AND tbl_name IN ({loaded}) "
                                "AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    inserts = {c.table: f"INSERT INTO {c.table} ({', '.join(c.names)}) VALUES ({', '.join('?' * len(c.names))})"
               for c in tables.all}
    insert_terms = f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (?, ?)"
    generator = OrderGenerator(n, seed=SEED, now=now, ctx=Context.from_settings(settings), staff=staff,
                               agent_ids=agents)
    progress, done = Progress(n, "SQLite load"), 0
    conn.execute("BEGIN")
    for batch in _batches(tables, _bounded(generator.rows(), n), BATCH):
        for table, values in batch.rows.items():
            conn.executemany(inserts[table], values)
        conn.executemany(insert_terms, [search[:2] for search in batch.search])
        done += batch.orders
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

@contextmanager
def loaded_postgres(n: int) -> Iterator[tuple[Dataset, int | None]]:
    """The PostgreSQL dataset of ``n`` orders (in our own cluster, started for the while, or the external
    database), loading it first if needed; and the postmaster's pid (None for an external database)."""
    with postgres() as pg:
        name = f"bench_orders_{n}_{schema_head()}_v{LOADER_VERSION}"
        marker = None if pg.external else pg_marker(pg.host, name)
        pg.drop_databases_like(f"bench_orders_{n}_", keep=name)
        url = pg.create_database(name, replace=marker is not None and not marker.exists())
        say(f"PostgreSQL dataset of {n:,} orders …")
        dataset = postgres_dataset(url, n)
        if marker is not None:
            marker.touch()
        yield dataset, pg.postmaster_pid()


def query_plan(dataset: Dataset, sql: str, parameters: Any) -> list[str]:
    """A statement's plan as the database runs it (EXPLAIN QUERY PLAN on SQLite, indented as a tree; EXPLAIN
    ANALYZE with buffers on PostgreSQL), as lines for a benchmark's report."""
    engine = make_engine(settings_for(dataset.url))
    lines: list[str] = []
    try:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            if engine.dialect.name == "sqlite":
                cur.execute("EXPLAIN QUERY PLAN " + sql, parameters)
                depth: dict[int, int] = {}
                for node, parent, _, detail in cur.fetchall():
                    depth[node] = depth.get(parent, -1) + 1
                    lines.append(f"      {'  ' * depth[node]}{detail}")
            else:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters)
                lines += [f"      {r[0]}" for r in cur.fetchall()]
        finally:
            raw.close()
    finally:
        engine.dispose()
    return lines


# A benchmark's summary of one loaded dataset: (database label, dataset, postmaster pid or None) → lines.
DatasetReport = Callable[[str, Dataset, int | None], list[str]]


def on_sqlite(n: int, report: DatasetReport) -> list[str]:
    say(f"SQLite dataset of {n:,} orders (cached in bench/.cache/) …")
    return report("SQLite", sqlite_dataset(n), None)


def on_postgres(n: int, report: DatasetReport) -> list[str]:
    with loaded_postgres(n) as (dataset, postmaster):
        return report("PostgreSQL", dataset, postmaster)


def pg_marker(cluster_dir: str | None, name: str) -> Path:
    """A file beside our own cluster saying the dataset ``name`` was loaded completely."""
    return Path(cluster_dir or ".") / f"{name}.loaded"


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
    staff, agents = _seed_organisation(engine, now)
    tables = Tables(engine.dialect)
    generator = OrderGenerator(n, seed=SEED, now=now, ctx=Context.from_settings(settings), staff=staff,
                               agent_ids=agents)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT indexdef, indexname FROM pg_indexes WHERE tablename = ANY(%s) "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                    ([*(c.table for c in tables.all), "order_search"],))
        indexes = cur.fetchall()
        for _, name in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        progress, done = Progress(n, "PostgreSQL load"), 0
        driver = raw.driver_connection
        assert driver is not None
        columns = {c.table: c.names for c in tables.all}
        for batch in _batches(tables, _bounded(generator.rows(), n), 50_000):
            with driver.cursor() as c:
                for table, values in batch.rows.items():
                    with c.copy(f"COPY {table} ({', '.join(columns[table])}) FROM STDIN") as copy:
                        for row in values:
                            copy.write_row(row)
                with c.copy("COPY order_search (order_id, terms, accepted_at) FROM STDIN") as copy:
                    for search in batch.search:
                        copy.write_row(search)
            driver.commit()
            done += batch.orders
            progress(done)
        say(f"  building {len(indexes)} indexes …")
        for sql, _ in indexes:
            cur.execute(sql)
        for table in ("orders", "order_events", "classification_feedback"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        driver.commit()
        driver.autocommit = True
        cur.execute("VACUUM ANALYZE")
    finally:
        raw.close()
