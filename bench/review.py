"""The 复盘 page's figures at 1,000,000 orders: ``services.dispatch_review.period_review`` over 7, 30 and 90 days.

Target: the page's data in p99 < 1,000 ms for the last 30 days (the page's default period; 90 days is shown
against the same limit). ``period_review`` runs the dispatch review (dispatches, returns, rulings, how often
the suggested unit was followed, the bounces) and the emergency review, as the page and the API call it: on
one warm connection, in a read unit of work, for a centre actor. The dataset's dispatch history is that of
``bench.history``; the counts found are printed so the volumes can be judged. Each statement's time (up to
the next statement's start: fetching and Python's work included) is printed; a period that misses the
target gets its slowest statements' plans (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event

from bench.common import REVIEW_P99_MS, Latencies, OtherLoad, fmt, latency_header, say, wait_for_quiet
from bench.loader import Dataset, query_plan, settings_for
from hotline.db.engine import make_engine
from hotline.db.uow import Database
from hotline.domain.enums import Role
from hotline.services.auth import Actor
from hotline.services.dispatch_review import DispatchReview, period_review
from hotline.services.emergency_review import EmergencyReview

PERIODS = (7, 30, 90)  # days: a week, the page's default, a quarter
MAX_SECONDS_PER_PERIOD = 60.0
WARMUP = 2
SUPERVISOR = Actor(1, "supervisor", Role.SUPERVISOR, None, None)  # the centre staff who open the page


@dataclass
class Timed:
    """One statement of a review, its time and its SQL (for the plan)."""

    sql: str
    parameters: Any
    ms: float

    @property
    def label(self) -> str:
        """The statement's gist: what it selects from, in a line."""
        flat = " ".join(self.sql.split())
        start = flat.find(" FROM ")
        return flat[start + 1:start + 90] if start >= 0 else flat[:90]


@dataclass
class PeriodResult(Latencies):
    days: int
    latencies_ms: list[float]
    found: tuple[DispatchReview, EmergencyReview]
    statements: list[Timed] = field(default_factory=list)  # of one more run, slowest first
    other_cpu: float = 0.0


@contextmanager
def timing(engine: Engine) -> Iterator[list[Timed]]:
    """Each statement the review runs, with the time from its start to the next one's (or the end): its
    execution, the fetching of its rows and what Python makes of them (the JSON of events, the counting)."""
    timed: list[Timed] = []
    starts: list[float] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        starts.append(time.perf_counter())
        timed.append(Timed(statement, parameters, 0.0))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield timed
    finally:
        event.remove(engine, "before_cursor_execute", before)
        ends = [*starts[1:], time.perf_counter()]
        for statement, start, end in zip(timed, starts, ends, strict=True):
            statement.ms = (end - start) * 1000


def _review(db: Database, since: datetime) -> tuple[float, tuple[DispatchReview, EmergencyReview]]:
    """Milliseconds for the page's figures, as the page asks for them (a read unit of work, the service call)."""
    started = time.perf_counter()
    with db.uow(write=False) as uow:
        found = period_review(uow.session, SUPERVISOR, since)
    return (time.perf_counter() - started) * 1000, found


def measure(dataset: Dataset, *, repeat: int, quiet_wait: float = 120.0,
            postmaster: int | None = None) -> list[PeriodResult]:
    """Each period ``repeat`` times (bounded by ``MAX_SECONDS_PER_PERIOD``), the start moving by a minute per
    repetition as the page's "now" does; then one more run with each statement timed."""
    engine = make_engine(settings_for(dataset.url))
    db = Database(engine)
    results = []
    if quiet_wait > 0:
        wait_for_quiet(max_wait=quiet_wait)
    try:
        for days in PERIODS:
            since = dataset.now - timedelta(days=days)
            for i in range(WARMUP):
                _review(db, since - timedelta(minutes=i))
            latencies: list[float] = []
            others = OtherLoad(postmaster=postmaster)
            deadline = time.monotonic() + MAX_SECONDS_PER_PERIOD
            for i in range(repeat):
                if time.monotonic() > deadline:
                    break
                ms, found = _review(db, since - timedelta(minutes=i))
                latencies.append(ms)
            other = others.cores()
            with timing(engine) as statements:
                _review(db, since)
            result = PeriodResult(days, sorted(latencies), found, sorted(statements, key=lambda t: -t.ms), other)
            say(f"  {days:>3} days  {len(latencies):>4}×  p50 {fmt(result.p50):>7} ms  p99 {fmt(result.p99):>7} ms")
            results.append(result)
    finally:
        engine.dispose()
    return results


def counts(result: PeriodResult) -> str:
    """What the review found, so a reader can judge the data (the page shows the same figures)."""
    dispatch, flags = result.found
    followed = dispatch.followed_share
    rules = flags.rules
    return (f"{result.days} days: {dispatch.dispatched:,} dispatches ({dispatch.with_suggestion:,} with a suggestion, "
            f"followed {'-' if followed is None else f'{followed:.1%}'}), {dispatch.returns:,} returns "
            f"({dispatch.returns / max(dispatch.dispatched, 1):.1%}): {dispatch.upheld:,} upheld, "
            f"{dispatch.rejected:,} rejected; {len(dispatch.bounces)} bounce groups shown; emergency flags "
            f"{rules.flagged:,} (transferred {rules.transferred_as_emergency:,}, "
            f"ordinary {rules.handled_as_ordinary:,})")


def explain(dataset: Dataset, statement: Timed) -> list[str]:
    """The statement's plan as the database runs it."""
    return query_plan(dataset, statement.sql, statement.parameters)


def table(label: str, dataset: Dataset, results: list[PeriodResult]) -> list[str]:
    lines = [f"复盘 (dispatch + emergency review) on {label}, {dataset.orders:,} orders, through "
             f"dispatch_review.period_review (p99 limit {REVIEW_P99_MS.value:.0f} ms for 30 days; 7 and 90 days "
             "shown against the same limit)",
             latency_header("period", 8)]
    lines += [r.row(f"{r.days} days", 8, REVIEW_P99_MS) for r in results]
    for r in results:
        lines.append("  " + counts(r))
        total = sum(t.ms for t in r.statements)
        lines += [f"      {fmt(t.ms):>7} ms  {t.label}" for t in r.statements[:4]]
        lines.append(f"      {fmt(total):>7} ms  in {len(r.statements)} statements")
    main = next((r for r in results if r.days == 30), None)
    if main is not None:
        lines.append("  " + REVIEW_P99_MS.describe("30-day p99", main.p99))
    return lines


def report(label: str, dataset: Dataset, postmaster: int | None, *, repeat: int, quiet_wait: float) -> list[str]:
    """The summary lines for one loaded dataset (``loader.on_sqlite`` / ``loader.on_postgres`` call it)."""
    say(f"复盘 on {label}: {dataset.orders:,} orders, {repeat}× each period …")
    results = measure(dataset, repeat=repeat, quiet_wait=quiet_wait, postmaster=postmaster)
    lines = table(label, dataset, results)
    for r in results:
        if not REVIEW_P99_MS.met(r.p99):
            for slow in r.statements[:2]:
                lines.append(f"  plan of the {r.days}-day review's statement of {fmt(slow.ms)} ms ({slow.label}):")
                lines += explain(dataset, slow)
    return lines

