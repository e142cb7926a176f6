"""Intake at the centre: register an appeal, and the decisions taken on a registered order
(answer directly, transfer out, outside the scope, merge, void)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotline.db.base import table_of
from hotline.db.models import Hotline, IdempotencyRecord, Order, OrderSequence, OrderSuggestion
from hotline.db.search import index_order, indexed_text
from hotline.db.uow import UnitOfWork
from hotline.domain.enums import (
    TERMINAL_STATUSES,
    AppealType,
    Channel,
    Closure,
    HotlineMode,
    LegalRoute,
    OrderStatus,
    Urgency,
    label_zh,
)
from hotline.domain.errors import ConcurrentUpdate, Conflict, NotFound, ValidationFailed
from hotline.domain.lifecycle import Action, check_may_act
from hotline.domain.numbering import format_order_number, lookup_code_from, sequence_scope
from hotline.domain.phone import is_plausible_phone, mask_phone, normalize_phone
from hotline.domain.text import auto_title
from hotline.services import topics
from hotline.services.access import access_order
from hotline.services.auth import Actor
from hotline.services.context import Context
from hotline.services.suggestions import Prepared, emergency_line
from hotline.services.transitions import (
    Notice,
    begin,
    commit,
    insert_history,
    record,
    required_text,
    unit_recipient,
)


@dataclass
class NewAppeal:
    """A validated appeal as registration receives it (API and channels build this)."""

    content: str
    channel: Channel
    title: str | None = None
    caller_name: str | None = None
    caller_phone: str | None = None
    caller_company: str | None = None
    caller_confidential: bool = False
    appeal_type: AppealType | None = None
    topic: str | None = None
    urgency: Urgency | None = None  # None: 一般, raised when the rules recognise an emergency (``_fill_in``)
    district: str | None = None
    street: str | None = None
    community: str | None = None
    address: str | None = None
    lat: float | None = None
    lng: float | None = None
    tags: list[str] = field(default_factory=list)
    recording_id: str | None = None
    linkage_110_id: str | None = None


def check_appeal(appeal: NewAppeal, ctx: Context) -> None:
    if not appeal.content.strip():
        raise ValidationFailed("诉求内容不能为空", "The content must not be empty", code="content_required")
    if len(appeal.content) > ctx.settings.max_content_chars:
        raise ValidationFailed(
            f"诉求内容不能超过 {ctx.settings.max_content_chars} 字",
            f"The content must not exceed {ctx.settings.max_content_chars} characters", code="content_too_long")
    if appeal.caller_phone and not is_plausible_phone(appeal.caller_phone):
        raise ValidationFailed("电话号码格式不正确", "The phone number is not valid", code="invalid_phone")
    if (appeal.lat is None) != (appeal.lng is None):
        raise ValidationFailed("经纬度须同时提供", "Give both lat and lng, or neither", code="invalid_coordinates")


def register_appeal(uow: UnitOfWork, *, appeal: NewAppeal, actor: Actor, now: datetime, ctx: Context,
                    idempotency_key: str | None = None, prepared: Prepared | None = None) -> tuple[Order, bool]:
    """Record a new appeal as a work order. Returns (order, created); a retried
    ``idempotency_key`` with the same body returns the first order with created=False.

    ``prepared`` (``suggestions.prepare``, run before this transaction) is stored with the order,
    and fills in the appeal type, topic and areas the agent left empty.

    This is the busiest write of a centre, so the order is built (encryption, search terms) before
    the transaction starts, and its rows are written with plain INSERTs: on SQLite the write lock is
    held for as short a time as possible."""
    check_may_act(actor.role, Action.REGISTER)
    check_appeal(appeal, ctx)
    session = uow.session
    fingerprint = _fingerprint(appeal) if idempotency_key else ""
    order = _new_order(appeal, actor=actor, now=now, ctx=ctx)
    if appeal.topic:  # a person's topic: from the topic directory once it has entries (``unknown_topic``)
        order.topic = topics.chosen_topic(session, appeal.topic, kept=ctx.topics)
    if prepared is not None:
        _fill_in(order, appeal, prepared.fills)
    terms_of = indexed_text(order.title, order.content, order.address)
    notices = [Notice("sms.citizen.registered", "citizen")] if appeal.caller_phone else []
    for _attempt in range(3):
        if idempotency_key:
            earlier = _replay(session, actor, idempotency_key, fingerprint)
            if earlier:
                return earlier, False
        try:
            _number_new_order(session, order, ctx=ctx)
            # From here to the commit this transaction holds the day's counter row, which every other
            # registration waits for: on PostgreSQL the rows go with the COMMIT, in one round trip.
            with uow.committing():
                _insert_new_order(session, order, actor=actor, now=now, terms=terms_of,
                                  idempotency=(idempotency_key, fingerprint) if idempotency_key else None,
                                  notices=notices, prepared=prepared,
                                  urgency_raised=appeal.urgency is None and order.urgency is not Urgency.NORMAL)
            return order, True
        except IntegrityError:
            # A concurrent request with the same idempotency key won (replayed on the next attempt),
            # or — once in a trillion — the random lookup code was taken: draw another.
            uow.rollback()
            order.lookup_code = lookup_code_from(os.urandom(8))
    raise ConcurrentUpdate()


def _number_new_order(session: Session, order: Order, *, ctx: Context) -> None:
    """Give the order the day's next number, which locks the day's counter row until the transaction ends.

    On PostgreSQL the same statement also draws the order's id from the orders' id sequence (as the
    INSERT's column default would, and still after the counter, so ids keep the numbers' order): the
    order's rows need no answer from the database before the commit, and go in one round trip."""
    local_day = order.accepted_at.astimezone(ctx.tz).date()
    scope = sequence_scope(ctx.settings.order_prefix, local_day)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sequence, order_id = connection.execute(_BUMP_SEQUENCE_AND_ID, {"scope": scope}).one()
        order.id = int(order_id)
    else:
        sequence = next_sequence(session, scope)
    order.number = format_order_number(ctx.settings.order_prefix, local_day, int(sequence))


def _insert_new_order(session: Session, order: Order, *, actor: Actor, now: datetime, terms: str,
                      idempotency: tuple[str, str] | None, notices: list[Notice],
                      prepared: Prepared | None = None, urgency_raised: bool = False) -> None:
    # Table-level statements with separate parameters: compiled once, no ORM bookkeeping.
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # the id was drawn with the number
        connection.execute(_INSERT_ORDER_WITH_ID, {"id": order.id, **_row(order)})
    else:
        order.id = connection.execute(_INSERT_ORDER, _row(order)).scalar_one()
    index_order(session, order_id=order.id, text_=terms, accepted_at=order.accepted_at)
    if prepared is not None:
        connection.execute(insert(table_of(OrderSuggestion)), {
            "order_id": order.id, "payload": prepared.payload, "emergency_line": emergency_line(prepared.payload),
            "model_versions": prepared.model_versions, "created_at": now})
    if idempotency:
        key, fingerprint = idempotency
        connection.execute(insert(table_of(IdempotencyRecord)).inline(), {
            "user_id": actor.user_id, "key": key, "fingerprint": fingerprint, "order_id": order.id,
            "created_at": now})
    insert_history(session, order, Action.REGISTER, from_status=None, actor=actor, now=now,
                   details={"channel": order.channel,
                            **({"urgency_raised": order.urgency.value} if urgency_raised else {})},
                   notices=[Notice(n.kind, n.recipient, {"lookup_code": order.lookup_code}) for n in notices])


def _fill_in(order: Order, appeal: NewAppeal, fills: dict[str, str]) -> None:
    """The suggested appeal type, topic, urgency and areas where the agent gave none (they can correct them)."""
    if appeal.appeal_type is None and fills.get("appeal_type") in set(AppealType):
        order.appeal_type = AppealType(fills["appeal_type"])
    if not appeal.topic and fills.get("topic"):
        order.topic = fills["topic"][:200]
    if appeal.urgency is None and fills.get("urgency") in set(Urgency):
        order.urgency = Urgency(fills["urgency"])
    for field_ in ("district", "street", "community"):
        if not getattr(appeal, field_) and fills.get(field_):
            setattr(order, field_, fills[field_][:64])


_INSERT_ORDER = insert(table_of(Order)).returning(table_of(Order).c.id)
_INSERT_ORDER_WITH_ID = insert(table_of(Order))


def _row(order: Order) -> dict[str, object]:
    """The column values of a new, not yet inserted order."""
    values = {c.key: getattr(order, c.key) for c in table_of(Order).columns if c.key != "id"}
    return {key: value for key, value in values.items() if value is not None}  # None: the column's NULL


def _fingerprint(appeal: NewAppeal) -> str:
    return hashlib.sha256(json.dumps(asdict(appeal), sort_keys=True, default=str).encode()).hexdigest()


def _replay(session: Session, actor: Actor, key: str, fingerprint: str) -> Order | None:
    record_ = session.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == actor.user_id, IdempotencyRecord.key == key))
    if record_ is None:
        return None
    if record_.fingerprint != fingerprint:
        raise Conflict("该幂等键已用于另一份不同的登记", "This Idempotency-Key was used with a different body",
                       code="idempotency_key_reused")
    return session.get(Order, record_.order_id)


def _new_order(appeal: NewAppeal, *, actor: Actor, now: datetime, ctx: Context) -> Order:
    """The order as registration creates it, before it has a number (given inside the transaction)."""
    phone = normalize_phone(appeal.caller_phone) if appeal.caller_phone else None
    content = appeal.content.strip()
    return Order(
        number="", lookup_code=lookup_code_from(os.urandom(8)),
        channel=appeal.channel, status=OrderStatus.REGISTERED, accepted_at=now,
        agent_id=actor.user_id if actor.role.value in ("agent", "dispatcher") else None,
        recording_id=appeal.recording_id, linkage_110_id=appeal.linkage_110_id,
        caller_name=appeal.caller_name, caller_confidential=appeal.caller_confidential,
        caller_company=appeal.caller_company,
        caller_phone_enc=ctx.cipher.encrypt(phone) if phone else None,
        caller_phone_index=ctx.cipher.phone_index(phone) if phone else None,
        caller_phone_masked=mask_phone(phone) if phone else None,
        title=(appeal.title or auto_title(content)).strip()[:200], content=content,
        appeal_type=appeal.appeal_type or AppealType.OTHER, topic=appeal.topic,
        urgency=appeal.urgency or Urgency.NORMAL,
        tags=sorted(set(appeal.tags)), district=appeal.district, street=appeal.street,
        community=appeal.community, address=appeal.address, lat=appeal.lat, lng=appeal.lng,
        updated_at=now, version=1, return_count=0, extension_days=0, redo_count=0, urge_count=0,
        supervised=False,
    )


def next_sequence(session: Session, scope: str) -> int:
    """Atomically bump the day's counter: one upsert, safe under concurrent registrations."""
    dialect = session.get_bind().dialect.name
    value = session.connection().execute(_BUMP_SEQUENCE[dialect], {"scope": scope}).scalar_one()
    return int(value)


def _bump_sequence(dialect_insert: Any) -> Any:
    table = table_of(OrderSequence)
    stmt = dialect_insert(table).values(scope=bindparam("scope"), value=1)
    return stmt.on_conflict_do_update(index_elements=["scope"], set_={"value": table.c.value + 1}).returning(
        table.c.value)


_BUMP_SEQUENCE = {"sqlite": _bump_sequence(sqlite_insert), "postgresql": _bump_sequence(pg_insert)}
# PostgreSQL: the day's number and, once the counter row is held, the order's id from its column's sequence.
_BUMP_SEQUENCE_AND_ID = _bump_sequence(pg_insert).returning(
    func.nextval(func.pg_get_serial_sequence(table_of(Order).name, table_of(Order).c.id.name)))


def answer_directly(uow: UnitOfWork, *, number: str, text: str, actor: Actor, now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.ANSWER, actor, relation)
    text = required_text(text, "答复内容", "answer text", "text_required")
    order.disposition_note, order.reply_text, order.replied_at = text, text, now
    order.closure, order.closed_at = Closure.DIRECT_ANSWER, now
    record(session, order, Action.ANSWER, target, actor=actor, now=now, details={"text": text},
           notices=[Notice("sms.citizen.answered", "citizen")])
    commit(uow)
    return order


def transfer_out(uow: UnitOfWork, *, number: str, target_number: str, note: str | None, actor: Actor,
                 now: datetime, emergency: bool | None = None) -> Order:
    """Hand the order to an emergency line, a parallel hotline or a sub-centre (工单流转).

    ``emergency`` is the agent's word on what went to an emergency line: True for an emergency happening now
    (险情、警情), False for a matter that is not one (the 12345–110 linkage also hands over non-urgent police
    matters), None when not said. The marks are kept with the transfer and teach the next training of the
    emergency model (``services.training``)."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.TRANSFER, actor, relation)
    line = session.scalar(select(Hotline).where(Hotline.number == target_number.strip()))
    if line is None or line.mode is HotlineMode.MERGED:
        raise ValidationFailed(
            f"{target_number} 不是可转接的热线（须为紧急热线、并行热线或分中心）",
            f"{target_number} is not a line orders can be transferred to", code="unknown_transfer_target")
    if emergency and line.mode is not HotlineMode.EMERGENCY:
        raise ValidationFailed(
            f"{line.number} {line.name} 不是紧急热线：紧急情况请转 110、119、120 或 122",
            f"{line.number} is not an emergency line: transfer an emergency to 110, 119, 120 or 122",
            code="emergency_line_required")
    order.transfer_target = f"{line.number} {line.name}"
    order.disposition_note = note
    order.closed_at = now
    record(session, order, Action.TRANSFER, target, actor=actor, now=now,
           details={"target": line.number, "mode": line.mode, "note": note, "emergency": emergency},
           notices=[Notice("transfer.handover", line.number, {"mode": line.mode.value,
                                                               "target": line.transfer_target})])
    commit(uow)
    return order


def mark_out_of_scope(uow: UnitOfWork, *, number: str, route: LegalRoute, note: str | None, actor: Actor,
                      now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.OUT_OF_SCOPE, actor, relation)
    order.disposition_note = f"{label_zh(route)}：{note}" if note else label_zh(route)
    order.closed_at = now
    record(session, order, Action.OUT_OF_SCOPE, target, actor=actor, now=now,
           details={"route": route, "note": note}, notices=[Notice("sms.citizen.legal_route", "citizen",
                                                                  {"route": route.value})])
    commit(uow)
    return order


def merge_order(uow: UnitOfWork, *, number: str, into: str, note: str | None, actor: Actor,
                now: datetime) -> Order:
    """并单: a repeat of an open order is merged into it; the citizen follows the surviving order."""
    session = uow.session
    # Lock both orders, in id order, before anything else: merging A into B while B is merged into
    # A used to deadlock on PostgreSQL (each held its own row; the merged_into_id foreign-key check
    # waited for the other's), a 1 s stall ending in an opaque concurrent_update. Now the second
    # merge waits, then finds its target merged (merge_target_closed).
    session.execute(select(Order.id).where(Order.number.in_([number, into])).order_by(Order.id).with_for_update())
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.MERGE, actor, relation)
    if into == number:
        raise ValidationFailed("不能与自身并单", "An order cannot be merged into itself", code="merge_into_self")
    survivor = session.scalar(select(Order).where(Order.number == into))
    if survivor is None:
        raise NotFound(f"工单 {into} 不存在", f"No order {into}", code="merge_target_not_found")
    if survivor.status in TERMINAL_STATUSES:
        raise Conflict(f"工单 {into} 已结束，不能并入", f"Order {into} has ended and cannot absorb others",
                       code="merge_target_closed")
    order.merged_into_id = survivor.id
    order.disposition_note = note
    order.closed_at = now
    notices = [Notice("sms.citizen.merged", "citizen", {"into": into})] if order.caller_phone_enc else []
    if order.lead_unit_id:
        notices.append(Notice("unit.merged", unit_recipient(session, order.lead_unit_id), {"into": into}))
    if survivor.lead_unit_id:  # the unit handling the kept order learns that another call is about it
        notices.append(Notice("unit.repeat_merged", unit_recipient(session, survivor.lead_unit_id),
                              {"order": number, "into": into}))
    record(session, order, Action.MERGE, target, actor=actor, now=now, details={"into": into, "note": note},
           notices=notices)
    commit(uow)
    return order


def void_order(uow: UnitOfWork, *, number: str, reason: str, actor: Actor, now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.VOID, actor, relation)
    order.disposition_note = required_text(reason, "作废原因", "reason", "reason_required")
    order.closed_at = now
    notices = [Notice("unit.voided", unit_recipient(session, order.lead_unit_id), {"reason": reason})] \
        if order.lead_unit_id else []
    record(session, order, Action.VOID, target, actor=actor, now=now, details={"reason": reason}, notices=notices)
    commit(uow)
    return order
