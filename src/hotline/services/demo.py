"""``hotline demo``: a realistic demo centre — the organisation of a city and two years of work orders.

``seed_demo`` runs in two transactions: the organisation (units, hotline directory, users), then all
orders with their events, co-units, search terms and the per-day number sequences, so a failure
leaves no half-written history. It does nothing when units exist already (idempotent).

The modules behind it, from the outside in:

    demo_city       the city: units, hotlines, staff, places, the dispatch catalogue
    demo_sources    appeal texts from ../shared/data, or demo_templates when it is absent
    demo_plan       when each order came in, who called from where, what they said, its fate
    demo_story      each order's steps through the lifecycle table, with plausible timings
    demo_rules      the shares, rates and working hours all of the above draw from

Rows are inserted in bulk (one ``executemany`` per batch) rather than through the services: the
services take ~10 ms an order, and 20,000 orders with ~150,000 events must seed in seconds.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, insert, inspect, select, text
from sqlalchemy.orm import Session

from hotline.db.base import Base
from hotline.db.models import (
    ClassificationFeedback,
    Order,
    OrderCoUnit,
    OrderEvent,
    OrderSearch,
    OrderSequence,
    Unit,
    User,
)
from hotline.db.search import FTS_TABLE, indexed_text
from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus, Role, label_zh
from hotline.domain.lifecycle import Action
from hotline.domain.numbering import format_order_number, lookup_code_from, sequence_scope
from hotline.domain.phone import mask_phone, normalize_phone
from hotline.domain.text import index_terms
from hotline.services.calendar import load_calendar, load_policy
from hotline.services.classification import unit_choice_row
from hotline.services.demo_catalogue import seed_areas_and_catalogue, seed_topic_directory
from hotline.services.demo_city import DemoAccount, seed_organisation
from hotline.services.demo_plan import HISTORY, Draft, Planner, ensure_every_status, resolve_merges
from hotline.services.demo_sources import TextLibrary, default_data_dir, load_library
from hotline.services.demo_story import ActorRef, Plan, Played, Staff, StoryWriter, play
from hotline.services.pii import PiiCipher
from hotline.settings import Settings

_BATCH = 2000  # orders per executemany; keeps memory flat and gives progress ticks


@dataclass(frozen=True)
class DemoSummary:
    already_seeded: bool
    orders: int
    events: int
    status_counts: dict[OrderStatus, int]
    accounts: tuple[DemoAccount, ...]
    text_source: str
    elapsed_seconds: float

    def describe(self) -> str:
        """What the CLI prints: the counts, and the demo logins with their passwords."""
        if self.already_seeded:
            return "演示数据已存在，未做任何修改 / The demo is already seeded; nothing was changed."
        lines = [f"演示数据已生成 / Demo seeded: {self.orders} orders, {self.events} events "
                 f"in {self.elapsed_seconds:.1f} s", f"  texts: {self.text_source}", "  orders by status:"]
        for status in sorted(self.status_counts, key=lambda s: -self.status_counts[s]):
            lines.append(f"    {label_zh(status)} {status.value:<17} {self.status_counts[status]:>6}")
        lines.append("  demo logins (演示账号, change them before real use):")
        for account in self.accounts:
            unit = f"  {account.unit_name}" if account.unit_name else ""
            lines.append(f"    {account.username:<18} {account.password:<22} {account.role.value}{unit}")
        return "\n".join(lines)


def seed_demo(db: Database, settings: Settings, *, now: datetime, data_dir: Path | None, orders: int = 20000,
              progress: Callable[[int, int], None] | None = None, seed: int = 2026) -> DemoSummary:
    """Seed the demo city and ``orders`` historical orders ending at ``now``; skip if units exist.

    ``data_dir`` is the shared data folder (``None``: ``../shared/data`` if it exists); without it the
    built-in templates supply the texts.
    """
    started = time.perf_counter()
    with db.uow() as uow:
        if uow.session.scalar(select(Unit.id).limit(1)) is not None:
            return DemoSummary(True, 0, 0, {}, (), "", time.perf_counter() - started)
        # The staff existed before the history they take part in.
        accounts = seed_organisation(uow.session, now=now - HISTORY - timedelta(days=1))
        seed_areas_and_catalogue(uow.session, now=now - HISTORY - timedelta(days=1))
        uow.commit()
    library = load_library(data_dir if data_dir is not None else default_data_dir())
    with db.uow() as uow:
        seeder = _Seeder(uow.session, settings, now=now, rng=Random(seed))
        drafts = seeder.draft(library, orders)
        counts, events = seeder.insert(drafts, progress)
        seed_topic_directory(uow.session, now=now - HISTORY - timedelta(days=1))
        uow.commit()
    return DemoSummary(False, len(drafts), events, dict(counts), accounts.accounts, library.source,
                       time.perf_counter() - started)


def load_staff(session: Session) -> Staff:
    units = session.execute(select(Unit.id, Unit.code, Unit.name)).all()
    code_of = {u.id: u.code for u in units}
    users = session.execute(select(User.id, User.role, User.unit_id).where(User.active.is_(True))
                            .order_by(User.id)).all()
    refs = [ActorRef(u.id, u.role, u.unit_id) for u in users]
    unit_users: dict[str, ActorRef] = {}
    for ref in refs:
        if ref.role is Role.UNIT and ref.unit_id is not None:
            unit_users.setdefault(code_of[ref.unit_id], ref)
    return Staff(
        agents=tuple(r for r in refs if r.role is Role.AGENT),
        dispatchers=tuple(r for r in refs if r.role is Role.DISPATCHER),
        supervisor=next(r for r in refs if r.role is Role.SUPERVISOR),
        admin=next(r for r in refs if r.role is Role.ADMIN),
        unit_users=unit_users, unit_ids={u.code: u.id for u in units}, unit_names={u.code: u.name for u in units},
    )


# Every column an order row carries, with the value of an order that never got that far. All rows
# get all keys: executemany needs one shape, and these are the service's defaults too.
_ORDER_DEFAULTS: dict[str, Any] = {
    "closure": None, "caller_company": None, "lead_unit_id": None, "assignee_unit_id": None,
    "dispatched_at": None, "sign_due_at": None, "return_due_at": None, "due_at": None, "signed_at": None,
    "responded_at": None, "replied_at": None, "reply_text": None, "closed_at": None, "return_count": 0,
    "pending_return": None, "pending_extension": None, "extension_days": 0, "redo_count": 0, "urge_count": 0,
    "supervised": False, "visited_at": None, "visit_solved": None, "visit_satisfaction": None, "visit_note": None,
    "merged_into_id": None, "transfer_target": None, "disposition_note": None, "version": 1,
}


class _Seeder:
    def __init__(self, session: Session, settings: Settings, *, now: datetime, rng: Random) -> None:
        self.session, self.settings, self.now, self.rng = session, settings, now, rng
        self.calendar = load_calendar(session, tz=settings.timezone)
        self.staff = load_staff(session)
        self.writer = StoryWriter(self.staff, self.calendar, load_policy(session), rng)
        self.cipher = PiiCipher(settings)

    def draft(self, library: TextLibrary, total: int) -> list[Draft]:
        planner = Planner(library, self.staff, self.calendar, self.rng, now=self.now)
        repeaters = planner.callers(total)
        drafts = [planner.draft(t, repeaters) for t in planner.acceptance_times(total)]
        for d in drafts:
            self.writer.write(d.plan)
        resolve_merges(drafts, self.writer, self.rng)
        ensure_every_status(drafts, self.writer, self.now, self.rng)
        drafts.sort(key=lambda d: d.plan.accepted_at)
        return drafts

    def insert(self, drafts: list[Draft], progress: Callable[[int, int], None] | None
               ) -> tuple[Counter[OrderStatus], int]:
        first_id = (self.session.scalar(select(func.max(Order.id))) or 0) + 1
        numbering = _Numbering(self.session, self.settings.order_prefix, self.calendar.tz)
        orders = _Identities(self.session, first_id, drafts, numbering)
        counts: Counter[OrderStatus] = Counter()
        events = 0
        for start in range(0, len(drafts), _BATCH):
            rows = _Rows()
            for index in range(start, min(start + _BATCH, len(drafts))):
                draft = drafts[index]
                played = play(draft.plan.steps, self.now, draft.plan.forced)
                self._add_order(rows, draft, played, orders)
                counts[played.status] += 1
            events += rows.write(self.session)
            if progress:
                progress(min(start + _BATCH, len(drafts)), len(drafts))
        numbering.save()
        _advance_id_sequence(self.session)
        return counts, events

    def _add_order(self, rows: _Rows, draft: Draft, played: Played, orders: _Identities) -> None:
        order_id, number = orders.of(draft)
        fields = dict(played.fields)
        co_units: list[str] = fields.pop("_co_units", [])
        phone = normalize_phone(draft.caller.phone)
        row = {**_ORDER_DEFAULTS, **draft.columns, **fields, "id": order_id, "number": number,
               "lookup_code": orders.lookup_code(), "status": played.status, "accepted_at": draft.plan.accepted_at,
               "agent_id": played.events[0][0].actor.user_id, "caller_phone_enc": self.cipher.encrypt(phone),
               "caller_phone_index": self.cipher.phone_index(phone), "caller_phone_masked": mask_phone(phone),
               "updated_at": played.events[-1][0].at}
        into = draft.plan.merge_into
        if into is not None and played.status is OrderStatus.MERGED:
            row["merged_into_id"] = orders.id_of(into)
        rows.orders.append(row)
        rows.co_units += [{"order_id": order_id, "unit_id": self.staff.unit_ids[code]} for code in co_units]
        rows.search.append({"id": order_id, "accepted_at": row["accepted_at"],
                            "terms": index_terms(indexed_text(row["title"], row["content"], row["address"]))})
        for step, before, after in played.events:
            details = {k: v for k, v in step.details.items() if v is not None}  # as transitions.record does
            if step.action is Action.MERGE and into is not None:
                details["into"] = orders.number_of(into)
            rows.events.append({"order_id": order_id, "at": step.at, "actor_id": step.actor.user_id,
                                "actor_role": step.actor.role.value, "actor_unit_id": step.actor.unit_id,
                                "action": step.action.value, "from_status": before.value if before else None,
                                "to_status": after.value, "details": details})
            if "suggested_by" in details:  # a dispatch or re-dispatch, as classification.record_unit_choice
                rows.feedback.append(unit_choice_row(order_id, details.get("suggested_unit"), details["unit"], None,
                                                     step.actor.user_id, step.at))


class _Identities:
    """Ids, numbers and lookup codes of the new orders, in acceptance order."""

    def __init__(self, session: Session, first_id: int, drafts: list[Draft], numbering: _Numbering) -> None:
        self._index = {id(d.plan): i for i, d in enumerate(drafts)}
        self._first_id = first_id
        self._numbers = [numbering.next(d.plan.accepted_at) for d in drafts]
        has_orders = first_id > 1
        self._codes: set[str] = set(session.scalars(select(Order.lookup_code))) if has_orders else set()

    def of(self, draft: Draft) -> tuple[int, str]:
        index = self._index[id(draft.plan)]
        return self._first_id + index, self._numbers[index]

    def id_of(self, plan: Plan) -> int:
        return self._first_id + self._index[id(plan)]

    def number_of(self, plan: Plan) -> str:
        return self._numbers[self._index[id(plan)]]

    def lookup_code(self) -> str:
        while True:  # 31**8 codes: a collision is rare, but the column is unique
            code = lookup_code_from(os.urandom(8))
            if code not in self._codes:
                self._codes.add(code)
                return code


class _Numbering:
    """Per-day order numbers that continue the ``order_sequences`` counters and leave them at the max."""

    def __init__(self, session: Session, prefix: str, tz: ZoneInfo) -> None:
        self.session, self.prefix, self.tz = session, prefix, tz
        self.values = {row.scope: row.value for row in session.scalars(select(OrderSequence))}
        self.existing = set(self.values)

    def next(self, accepted_at: datetime) -> str:
        day: date = accepted_at.astimezone(self.tz).date()
        scope = sequence_scope(self.prefix, day)
        self.values[scope] = self.values.get(scope, 0) + 1
        return format_order_number(self.prefix, day, self.values[scope])

    def save(self) -> None:
        for row in self.session.scalars(select(OrderSequence).where(OrderSequence.scope.in_(self.existing))):
            row.value = self.values[row.scope]
        new = [{"scope": s, "value": v} for s, v in self.values.items() if s not in self.existing]
        if new:
            self.session.execute(insert(OrderSequence), new)


class _Rows:
    """One batch of rows, written with one executemany per table."""

    def __init__(self) -> None:
        self.orders: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.co_units: list[dict[str, Any]] = []
        self.search: list[dict[str, Any]] = []
        self.feedback: list[dict[str, Any]] = []  # the unit each dispatch was shown beside the one chosen

    def write(self, session: Session) -> int:
        # Core inserts on the tables: the ORM's bulk path falls back to one statement per row for
        # rows without a primary key (the events), which is ten times slower.
        session.execute(insert(_table(Order)), self.orders)
        session.execute(insert(_table(OrderEvent)), self.events)
        if self.co_units:
            session.execute(insert(_table(OrderCoUnit)), self.co_units)
        if self.feedback:
            session.execute(insert(_table(ClassificationFeedback)), self.feedback)
        _index(session, self.search)
        return len(self.events)


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _index(session: Session, rows: list[dict[str, Any]]) -> None:
    """Search terms as ``hotline.db.search.index_order`` writes them, in bulk."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(OrderSearch), [
            {"order_id": r["id"], "terms": r["terms"], "accepted_at": r["accepted_at"]} for r in rows])
    elif _has_fts(session):
        session.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (:id, :terms)"), rows)


def _has_fts(session: Session) -> bool:
    # The FTS5 table is made by the migrations; a schema from create_all() alone has none.
    return FTS_TABLE in inspect(session.connection()).get_table_names()


def _advance_id_sequence(session: Session) -> None:
    """Explicit ids leave a PostgreSQL sequence behind; move it past them (SQLite needs nothing)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT MAX(id) FROM orders))"))
