"""List-first-page and filter latency at 1,000,000 orders, through ``hotline.services.queries.list_orders``.

Target (the issue): the first page of a filtered list has p99 < 50 ms with 1M orders loaded. Each
query kind is repeated (default 200×, bounded by ``MAX_SECONDS_PER_KIND``) with parameters that
vary from one repetition to the next, on one warm connection, as a list page would run it: the
service builds and runs the SQL and loads 20 ``Order`` objects (plus their co-units). Kinds that
miss the target get their SQL's query plan printed (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from bench.common import LIST_P99_MS, Latencies, OtherLoad, fmt, latency_header, say, wait_for_quiet
from bench.corpus import DISTRICTS
from bench.dataset import TZ
from bench.loader import Dataset, query_plan, settings_for
from hotline.db.engine import make_engine
from hotline.db.models import Unit
from hotline.db.uow import Database
from hotline.domain.enums import AppealType, OrderStatus, Role
from hotline.services.auth import Actor
from hotline.services.context import Context
from hotline.services.queries import OrderFilter, list_orders

MAX_SECONDS_PER_KIND = 30.0
PAGE = 20

# Query words, by how many orders contain them (see the corpus): measured counts are printed.
COMMON_2 = ("小区", "物业", "噪音", "停车", "拖欠", "公交")
COMMON_4 = ("物业公司", "相关部门", "公交车司", "监管部门", "及时清运", "社会保险")
RARE_2 = ("蜂窝", "古树", "犬只", "秸秆", "报警")
RARE_4 = ("古树名木", "焚烧秸秆", "燃气报警", "犬只伤人", "电动自行")


@dataclass
class Kind:
    """One kind of list query: a name and the filters of each repetition (cycled)."""

    name: str
    filters: list[OrderFilter]
    unit_actor: bool = False  # run as unit staff (visibility clause) instead of the centre
    cursor_page: bool = False  # measure the second page (cursor) instead of the first


@dataclass
class KindResult(Latencies):
    kind: Kind
    latencies_ms: list[float]
    statements: list[tuple[str, Any]] = field(default_factory=list)  # SQL of the slowest variant
    other_cpu: float = 0.0  # cores other processes used meanwhile
    slowest: str = ""  # the filters of the slowest repetition


def kinds(now_day: date, seed: int = 7) -> list[Kind]:
    rng = random.Random(seed)
    districts = [d.name for d in DISTRICTS]
    types = [AppealType.COMPLAINT, AppealType.HELP, AppealType.INQUIRY, AppealType.REPORT, AppealType.SUGGESTION]
    statuses = [[OrderStatus.CLOSED], [OrderStatus.HANDLING], [OrderStatus.DISPATCHED], [OrderStatus.REPLIED],
                [OrderStatus.PENDING_VISIT], [OrderStatus.REGISTERED], [OrderStatus.VOIDED],
                [OrderStatus.DISPATCHED, OrderStatus.HANDLING, OrderStatus.RETURN_REQUESTED]]
    units = ["zjj", "cgj", "scjgj", "rsj", "jyj", "wjw", "jtj", "sthjj", "gaj", "mzj", "u-water", "u-power",
             "u-bus", "d-wujin", "d-xinbei", "d-tianning", "s-hutang", "s-sanjing", "nyncj", "u-heat"]

    def date_range() -> OrderFilter:
        span = rng.choice((1, 7, 31))
        start = now_day - timedelta(days=rng.randrange(span, 720))
        return OrderFilter(accepted_from=start, accepted_to=start + timedelta(days=span - 1))

    return [
        Kind("first page, no filter", [OrderFilter()]),
        Kind("status", [OrderFilter(status=s) for s in statuses]),
        Kind("unit (with subordinates)", [OrderFilter(unit=u) for u in units]),
        Kind("district + appeal type", [OrderFilter(district=d, appeal_type=t) for d in districts for t in types]),
        Kind("overdue", [OrderFilter(overdue=True)]),
        Kind("date range (1 d / 7 d / 31 d)", [date_range() for _ in range(40)]),
        Kind("text, common 2-char", [OrderFilter(text=w) for w in COMMON_2]),
        Kind("text, common 4-char", [OrderFilter(text=w) for w in COMMON_4]),
        Kind("text, rare 2-char", [OrderFilter(text=w) for w in RARE_2]),
        Kind("text, rare 4-char", [OrderFilter(text=w) for w in RARE_4]),
        Kind("text + status", [OrderFilter(text=w, status=s) for w in COMMON_2[:4] + RARE_2[:2]
                               for s in statuses[:3]]),
        Kind("text + district", [OrderFilter(text=w, district=d) for w in COMMON_2[:3] + COMMON_4[:2]
                                 for d in districts]),
        Kind("unit staff: own orders", [OrderFilter()], unit_actor=True),
        Kind("unit staff: status", [OrderFilter(status=s) for s in statuses[:4]], unit_actor=True),
        Kind("second page (cursor), text", [OrderFilter(text=w) for w in COMMON_2], cursor_page=True),
    ]


@contextmanager
def capture(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Collect the SQL statements and parameters the service runs."""
    statements: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _actors(session: Session) -> tuple[Actor, Actor]:
    centre = Actor(1, "agent-1", Role.DISPATCHER, None, None)
    unit = session.scalars(select(Unit).where(Unit.code == "d-wujin")).one()
    return centre, Actor(1, "unit-d-wujin", Role.UNIT, unit.id, unit.path)


def _describe(flt: OrderFilter) -> str:
    parts = []
    for name, value in vars(flt).items():
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        parts.append(f"{name}={value}")
    return " ".join(parts) or "(none)"


def _time_page(db: Database, actor: Actor, flt: OrderFilter, kind: Kind, *, ctx: Context, now: Any) -> float:
    """Milliseconds for one page as a list view asks for it (a read unit of work, the service call)."""
    if kind.cursor_page:  # the second page: fetch the first for its cursor, time only the second
        with db.uow(write=False) as uow:
            _, cursor = list_orders(uow.session, actor, flt, ctx=ctx, now=now, limit=PAGE)
            started = time.perf_counter()
            list_orders(uow.session, actor, flt, ctx=ctx, now=now, limit=PAGE, cursor=cursor)
            return (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    with db.uow(write=False) as uow:
        list_orders(uow.session, actor, flt, ctx=ctx, now=now, limit=PAGE)
    return (time.perf_counter() - started) * 1000


def measure(dataset: Dataset, *, repeat: int, only: Callable[[Kind], bool] | None = None,
            quiet_wait: float = 120.0, postmaster: int | None = None) -> list[KindResult]:
    """Run every kind ``repeat`` times (bounded by ``MAX_SECONDS_PER_KIND``); keep the slowest variant's SQL."""
    settings = settings_for(dataset.url)
    engine = make_engine(settings)
    db, ctx, now = Database(engine), Context.from_settings(settings), dataset.now
    results = []
    if quiet_wait > 0:
        wait_for_quiet(max_wait=quiet_wait)
    try:
        with db.uow(write=False) as uow:
            centre, unit_actor = _actors(uow.session)
        for kind in kinds(now.astimezone(TZ).date()):
            if only is not None and not only(kind):
                continue
            actor = unit_actor if kind.unit_actor else centre
            for flt in kind.filters[:3]:  # warm-up
                _time_page(db, actor, flt, kind, ctx=ctx, now=now)
            samples: list[tuple[float, int]] = []
            others = OtherLoad(postmaster=postmaster)
            deadline = time.monotonic() + MAX_SECONDS_PER_KIND
            for i in range(repeat):
                if time.monotonic() > deadline:
                    break
                variant = i % len(kind.filters)
                samples.append((_time_page(db, actor, kind.filters[variant], kind, ctx=ctx, now=now), variant))
            other = others.cores()
            slowest = kind.filters[max(samples)[1]]
            with capture(engine) as statements:
                _time_page(db, actor, slowest, kind, ctx=ctx, now=now)
            result = KindResult(kind, sorted(ms for ms, _ in samples), statements, other, _describe(slowest))
            say(f"  {kind.name:<32} {len(samples):>4}×  p50 {fmt(result.p50):>7} ms  p99 {fmt(result.p99):>7} ms")
            results.append(result)
    finally:
        engine.dispose()
    return results


def match_counts(dataset: Dataset) -> dict[str, int]:
    """How many orders contain each query word (context for the text rows of the table)."""
    engine = make_engine(settings_for(dataset.url))
    from hotline.db.models import Order
    from hotline.db.search import matches

    counts = {}
    try:
        with engine.connect() as conn:
            for word in COMMON_2 + COMMON_4 + RARE_2 + RARE_4:
                clause = matches(engine.dialect.name, word)
                assert clause is not None
                counts[word] = conn.scalar(select(text("count(*)")).select_from(Order.__table__).where(clause)) or 0
    finally:
        engine.dispose()
    return counts


def explain(dataset: Dataset, statements: list[tuple[str, Any]]) -> list[str]:
    """The plan of the list query (the statement with ORDER BY … LIMIT) as the database runs it."""
    main = [s for s in statements if "LIMIT" in s[0].upper() and "FROM orders" in s[0]]
    return [line for sql, params in main[:1] for line in query_plan(dataset, sql, params)]


def table(label: str, results: list[KindResult], counts: dict[str, int]) -> list[str]:
    lines = [f"list queries on {label}: first page of {PAGE}, through queries.list_orders "
             f"(p99 limit {LIST_P99_MS.value:.0f} ms)",
             latency_header("query", 32)]
    lines += [r.row(r.kind.name, 32, LIST_P99_MS) for r in results]
    words = [f"{w} {c:,}" for w, c in counts.items()]
    for i in range(0, len(words), 8):
        lines.append(("  orders containing each query word: " if i == 0 else "    ") + ", ".join(words[i:i + 8]))
    worst = max(results, key=lambda r: r.p99) if results else None
    if worst is not None:
        lines.append("  " + LIST_P99_MS.describe(f"worst p99 ({worst.kind.name})", worst.p99))
    return lines


def report(label: str, dataset: Dataset, postmaster: int | None, *, repeat: int, quiet_wait: float) -> list[str]:
    """The summary lines for one loaded dataset (``loader.on_sqlite`` / ``loader.on_postgres`` call it)."""
    say(f"list queries on {label}: {dataset.orders:,} orders, {repeat}× each …")
    results = measure(dataset, repeat=repeat, quiet_wait=quiet_wait, postmaster=postmaster)
    lines = table(label, results, match_counts(dataset))
    for r in results:
        if not LIST_P99_MS.met(r.p99):
            lines.append(f"  plan of '{r.kind.name}' (p99 {fmt(r.p99)} ms), slowest variant {r.slowest}:")
            lines += explain(dataset, r.statements)
    return lines

