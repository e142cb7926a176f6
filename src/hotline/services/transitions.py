"""The single path for every state change: check, move, write the event and the outbox rows.

Each business action in ``intake``, ``handling`` and ``closing`` loads the order through
``access_order``, calls ``begin`` (permission and transition table), changes its fields, then
``record`` (event + notifications) and ``commit``, all in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hotline.db.base import table_of
from hotline.db.models import Order, OrderEvent, OutboxMessage, Unit
from hotline.db.uow import UnitOfWork
from hotline.domain.enums import OrderStatus
from hotline.domain.errors import ConcurrentUpdate, ValidationFailed
from hotline.domain.lifecycle import Action, UnitRelation, check_may_act, next_status
from hotline.services.auth import Actor


@dataclass(frozen=True)
class Notice:
    """An outgoing message, relayed by a worker after commit (SMS to the citizen, unit notices…)."""

    kind: str
    recipient: str | None
    payload: dict[str, Any] = field(default_factory=dict)


def begin(order: Order, action: Action, actor: Actor, relation: UnitRelation) -> OrderStatus:
    """Check the actor may do ``action`` and that the table allows it; return the next status."""
    check_may_act(actor.role, action, relation)
    return next_status(order.status, action)


def record(
    session: Session, order: Order, action: Action, to_status: OrderStatus, *, actor: Actor, now: datetime,
    details: dict[str, Any] | None = None, notices: list[Notice] | None = None,
) -> OrderEvent:
    # A new order has no status before its registration.
    from_status = None if action is Action.REGISTER else order.status
    order.status = to_status
    order.updated_at = now
    event = OrderEvent(
        order_id=order.id, at=now, actor_id=actor.user_id, actor_role=actor.role.value,
        actor_unit_id=actor.unit_id, action=action.value, from_status=from_status.value if from_status else None,
        to_status=to_status.value, details=_jsonable(details or {}),
    )
    session.add(event)
    for notice in notices or []:
        session.add(outbox_row(order, notice, now))
    return event


def unit_recipient(session: Session, unit_id: int | None) -> str | None:
    """The code of the unit a notice goes to: the outbox relay routes unit notices by code."""
    if unit_id is None:
        return None
    with session.no_autoflush:  # called mid-change: an autoflush here would bump the version twice
        unit = session.get(Unit, unit_id)
    return unit.code if unit else None


def insert_history(session: Session, order: Order, action: Action, *, from_status: OrderStatus | None,
                   actor: Actor, now: datetime, details: dict[str, Any], notices: list[Notice]) -> None:
    """``record`` for an order written with plain INSERTs (registration): the same event and outbox
    rows, without the ORM's unit of work. The INSERTs ask nothing back (``inline``: no RETURNING of the
    new ids), so on PostgreSQL they can be sent with the rest of the registration in one round trip."""
    connection = session.connection()
    connection.execute(_INSERT_EVENT, {
        "order_id": order.id, "at": now, "actor_id": actor.user_id, "actor_role": actor.role.value,
        "actor_unit_id": actor.unit_id, "action": action.value,
        "from_status": from_status.value if from_status else None, "to_status": order.status.value,
        "details": _jsonable(details)})
    for notice in notices:
        row = outbox_row(order, notice, now)
        connection.execute(_INSERT_OUTBOX, {
            "idempotency_key": row.idempotency_key, "kind": row.kind, "recipient": row.recipient,
            "order_id": row.order_id, "payload": row.payload, "created_at": now, "next_attempt_at": now,
            "attempts": 0})


_INSERT_EVENT = insert(table_of(OrderEvent)).inline()
_INSERT_OUTBOX = insert(table_of(OutboxMessage)).inline()


def outbox_row(order: Order, notice: Notice, now: datetime) -> OutboxMessage:
    payload = {"order": order.number, "status": order.status.value, **notice.payload}
    return OutboxMessage(
        idempotency_key=uuid.uuid4().hex, kind=notice.kind, recipient=notice.recipient, order_id=order.id,
        payload=_jsonable(payload), created_at=now, next_attempt_at=now, attempts=0,
    )


def commit(uow: UnitOfWork) -> None:
    """Commit, turning lost races into a 409 rather than a crash."""
    try:
        uow.commit()
    except StaleDataError:
        uow.rollback()
        raise ConcurrentUpdate() from None
    except OperationalError as exc:  # SQLite "database is locked" after the busy timeout
        uow.rollback()
        raise ConcurrentUpdate() from exc
    except IntegrityError:
        uow.rollback()
        raise ConcurrentUpdate() from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def required_text(value: str | None, name_zh: str, name_en: str, code: str, *, max_chars: int = 5000) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"{name_zh}不能为空", f"The {name_en} is required", code=code)
    if len(text) > max_chars:
        raise ValidationFailed(f"{name_zh}不能超过 {max_chars} 字", f"The {name_en} is too long",
                               code=f"{name_en.replace(' ', '_')}_too_long")
    return text
