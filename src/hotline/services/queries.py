"""The read side: order details, lists with filters and cursor pagination, timelines, units."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, false, literal, select, tuple_
from sqlalchemy.orm import Session

from hotline.db.base import UTCDateTime
from hotline.db.models import Order, OrderEvent, OrderSuggestion, PiiAccess, Unit, User
from hotline.db.search import matches, search_windows
from hotline.domain.enums import RUNNING_STATUSES, AppealType, Channel, OrderStatus, Role
from hotline.domain.errors import PermissionDenied, ValidationFailed
from hotline.domain.lifecycle import Action, UnitRelation, allowed_actions
from hotline.domain.numbering import LOOKUP_ALPHABET
from hotline.services.access import access_order, visible_orders_clause
from hotline.services.auth import Actor
from hotline.services.context import Context
from hotline.services.suggestions import MODEL_LINE, RULE_LINE

MAX_PAGE = 100


@dataclass
class OrderFilter:
    status: list[OrderStatus] = field(default_factory=list)
    unit: str | None = None
    appeal_type: AppealType | None = None
    topic: str | None = None
    district: str | None = None
    channel: Channel | None = None
    accepted_from: date | None = None
    accepted_to: date | None = None
    overdue: bool | None = None
    text: str | None = None
    caller_phone: str | None = None


@dataclass
class OrderView:
    order: Order
    relation: UnitRelation
    units: dict[int, Unit]
    allowed: list[Action]
    merged_into: str | None
    for_centre: bool  # centre staff see the lookup code and confidential callers
    may_reveal_caller: bool = False  # may ask for the clear phone number (audited): see ``reveal_caller``
    merged_here: list[str] = field(default_factory=list)  # the repeats merged into this order (并单), oldest first

    def unit_code(self, unit_id: int | None) -> str | None:
        return self.units[unit_id].code if unit_id is not None and unit_id in self.units else None

    @property
    def caller_hidden(self) -> bool:
        """A confidential caller (保密) is hidden from the handling units: no name, no phone."""
        return self.order.caller_confidential and not self.for_centre


def is_overdue(order: Order, now: datetime) -> bool:
    return order.status in RUNNING_STATUSES and order.due_at is not None and order.due_at < now


def order_view(session: Session, actor: Actor, number: str) -> OrderView:
    order, relation = access_order(session, actor, number)
    ids = {order.lead_unit_id, order.assignee_unit_id, *(c.unit_id for c in order.co_units)} - {None}
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))} if ids else {}
    merged_into = session.scalar(select(Order.number).where(Order.id == order.merged_into_id)) \
        if order.merged_into_id else None
    # Through the partial index of merged orders (ix_orders_merged_into): the few repeats, not every order.
    merged_here = list(session.scalars(select(Order.number).where(Order.merged_into_id == order.id)
                                       .order_by(Order.accepted_at, Order.id)))
    return OrderView(order, relation, units, allowed_actions(order.status, actor.role, relation), merged_into,
                     for_centre=actor.is_centre, may_reveal_caller=may_reveal_caller(actor, order, relation),
                     merged_here=merged_here)


# Who may look orders up by the caller's phone (the list filter): the centre's staff, who take and follow calls.
PHONE_SEARCH_ROLES = (Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR)


def find_reference(session: Session, actor: Actor, reference: str) -> str | None:
    """The number of the order that ``reference`` names — its order number or lookup code (查询码), in either
    case — if ``actor`` may see it; None otherwise. A citizen calling about an order quotes one of them."""
    ref = reference.strip()
    if not (8 <= len(ref) <= 32 and ref.isascii() and ref.isalnum()):
        return None
    query = select(Order.number).where(Order.number.in_({ref, ref.upper()}) | (Order.lookup_code == ref.upper()))
    visible = visible_orders_clause(actor)
    return session.scalar(query.where(visible) if visible is not None else query)


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
        at, _, ident = raw.partition("|")
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError("naive")
        order_id = int(ident)
        # A forged id outside BIGINT made the database driver raise OverflowError (a 500).
        if not 0 <= order_id < 2**63:
            raise ValueError("id out of range")
        return parsed, order_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed("翻页游标无效", "The cursor is invalid", code="invalid_cursor") from None


def encode_cursor(order: Order) -> str:
    raw = f"{order.accepted_at.isoformat()}|{order.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def list_orders(session: Session, actor: Actor, flt: OrderFilter, *, ctx: Context, now: datetime,
                limit: int = 20, cursor: str | None = None) -> tuple[list[Order], str | None]:
    """One page of the orders ``actor`` may see, newest first, and the cursor of the next page."""
    conditions = _conditions(session, actor, flt, ctx=ctx, now=now)
    anchor = now
    if flt.accepted_to:
        anchor = min(anchor, _local_midnight(flt.accepted_to + timedelta(days=1), ctx))
    if cursor:
        at, ident = decode_cursor(cursor)
        anchor = min(anchor, at)
        # Bind the time as the column type so SQLite compares it in UTC like the stored values.
        conditions.append(tuple_(Order.accepted_at, Order.id) < tuple_(literal(at, UTCDateTime()), ident))
    limit = max(1, min(limit, MAX_PAGE))
    query_text = (flt.text or "").strip()
    dialect = session.get_bind().dialect.name
    windows = search_windows(dialect) if query_text else (None,)
    rows: list[Order] = []
    for window in windows:
        # A wider window's newest rows include the narrower one's, so a short page simply retries wider.
        text_clause = matches(dialect, query_text, since=anchor - window if window else None) if query_text else None
        query = select(Order).where(*conditions, *([text_clause] if text_clause is not None else []))
        rows = list(session.scalars(query.order_by(Order.accepted_at.desc(), Order.id.desc()).limit(limit + 1)))
        if len(rows) > limit:
            break
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


def _conditions(session: Session, actor: Actor, flt: OrderFilter, *, ctx: Context,
                now: datetime) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    visible = visible_orders_clause(actor)
    if visible is not None:
        conditions.append(visible)
    if flt.status:
        conditions.append(Order.status.in_(flt.status))
    if flt.unit:
        path = session.scalar(select(Unit.path).where(Unit.code == flt.unit))
        if path is None:  # no such unit: no orders
            conditions.append(false())
        else:
            # Literal ids, not a subquery: PostgreSQL misestimates the subquery and walks the whole
            # accepted_at index for a unit that leads few orders (318 ms → 3 ms at 1M orders).
            subtree = list(session.scalars(select(Unit.id).where(Unit.path.startswith(path, autoescape=True))))
            conditions.append(Order.lead_unit_id.in_(subtree))
    if flt.appeal_type:
        conditions.append(Order.appeal_type == flt.appeal_type)
    if flt.topic:
        conditions.append((Order.topic == flt.topic) | Order.topic.startswith(flt.topic + "/", autoescape=True))
    if flt.district:
        conditions.append(Order.district == flt.district)
    if flt.channel:
        conditions.append(Order.channel == flt.channel)
    # Dates at the ends of the calendar (0001-01-01, 9999-12-31) overflowed into a 500; now a 422.
    try:
        if flt.accepted_from:
            conditions.append(Order.accepted_at >= _local_midnight(flt.accepted_from, ctx))
        if flt.accepted_to:
            conditions.append(Order.accepted_at < _local_midnight(flt.accepted_to + timedelta(days=1), ctx))
    except OverflowError:
        raise ValidationFailed("日期超出范围", "The date is out of range", code="invalid_filter") from None
    if flt.overdue is not None:
        overdue = Order.status.in_(RUNNING_STATUSES) & (Order.due_at < now)
        conditions.append(overdue if flt.overdue else ~overdue)
    if flt.caller_phone:
        if actor.role not in PHONE_SEARCH_ROLES:
            raise PermissionDenied("无权按来电号码查询", "You may not search by caller phone",
                                   code="phone_search_denied")
        conditions.append(Order.caller_phone_index == ctx.cipher.phone_index(flt.caller_phone))
    return conditions


def _local_midnight(day: date, ctx: Context) -> datetime:
    # Converted here, not at bind time, so that an out-of-range date fails inside _conditions.
    return datetime.combine(day, time(0), tzinfo=ctx.tz).astimezone(UTC)


def order_events(session: Session, actor: Actor, number: str, *,
                 display_names: bool = False) -> list[tuple[OrderEvent, str | None]]:
    """The order's events, oldest first, with who did each: the username (the API's), or the person's display
    name (the pages')."""
    order, _ = access_order(session, actor, number)
    who = User.display_name if display_names else User.username
    rows = session.execute(
        select(OrderEvent, who).outerjoin(User, User.id == OrderEvent.actor_id)
        .where(OrderEvent.order_id == order.id).order_by(OrderEvent.at, OrderEvent.id)
    ).all()
    return [(event, name) for event, name in rows]


def unit_codes(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {unit_id: code for unit_id, code in session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(ids)))}


def waiting_emergencies(session: Session, actor: Actor, orders: Iterable[Order]) -> dict[int, tuple[str, bool]]:
    """For centre staff, the orders still awaiting dispatch that their registration flagged as an emergency (they
    should have been transferred), by id: (line, True) for a rule's flag, (line, False) for the emergency model's
    second opinion, to be checked. Read from the stored suggestions; units get nothing."""
    order_ids = {o.id for o in orders if o.status is OrderStatus.REGISTERED} if actor.is_centre else set()
    if not order_ids:
        return {}
    rows = session.execute(select(OrderSuggestion.order_id, RULE_LINE.as_string(), MODEL_LINE.as_string())
                           .where(OrderSuggestion.order_id.in_(order_ids)))
    return {order_id: _flag(rule_line, model_line) for order_id, rule_line, model_line in rows
            if rule_line or model_line}


def _flag(rule_line: str | None, model_line: str | None) -> tuple[str, bool]:
    """(line, True) for a rule's emergency flag, else (line, False) for the emergency model's second opinion."""
    return (rule_line, True) if rule_line else (model_line or "", False)


def emergencies_awaiting(session: Session, actor: Actor, *, limit: int = 10) -> list[tuple[Order, str, bool]]:
    """For centre staff, the newest orders still awaiting dispatch that registration flagged as an emergency,
    whatever page of the queue they are on: (order, line, True for a rule's flag / False for the model's).
    An emergency is transferred at once; one left waiting must not sit on page three. Units get nothing."""
    if not actor.is_centre:
        return []
    rows = session.execute(
        select(Order, RULE_LINE.as_string(), MODEL_LINE.as_string())
        .join(OrderSuggestion, OrderSuggestion.order_id == Order.id)
        .where(Order.status == OrderStatus.REGISTERED, OrderSuggestion.emergency_line.is_not(None))
        .order_by(Order.accepted_at.desc(), Order.id.desc()).limit(limit))
    return [(order, *_flag(rule_line, model_line)) for order, rule_line, model_line in rows]


def list_units(session: Session) -> list[tuple[Unit, str | None]]:
    units = list(session.scalars(select(Unit).order_by(Unit.path)))
    codes = {u.id: u.code for u in units}
    return [(u, codes.get(u.parent_id) if u.parent_id else None) for u in units]


def may_reveal_caller(actor: Actor, order: Order, relation: UnitRelation) -> bool:
    """Who may read a caller's clear phone number: the agents who call back, and the unit staff
    handling the order (unless the caller asked for confidentiality, 保密)."""
    return actor.role in (Role.AGENT, Role.DISPATCHER) or (
        actor.role is Role.UNIT and relation in (UnitRelation.LEAD, UnitRelation.ASSIGNEE)
        and not order.caller_confidential)


def reveal_caller(session: Session, actor: Actor, number: str, *, ctx: Context, now: datetime,
                  purpose: str | None) -> dict[str, Any]:
    """The clear contact details, each viewing recorded (who, which order, why, when) in the PII audit."""
    order, relation = access_order(session, actor, number)
    if not may_reveal_caller(actor, order, relation):
        raise PermissionDenied("无权查看诉求人联系方式", "You may not see the caller's contact details",
                               code="pii_denied")
    phone = ctx.cipher.decrypt(order.caller_phone_enc) if order.caller_phone_enc else None
    session.add(PiiAccess(user_id=actor.user_id, order_id=order.id, field="caller_phone", purpose=purpose, at=now))
    session.commit()
    return {"number": order.number, "caller_name": order.caller_name, "caller_phone": phone,
            "caller_company": order.caller_company}


@dataclass
class PublicStatus:
    """What a citizen sees with their lookup code: progress, never personal data or internal notes."""

    number: str
    status: OrderStatus
    accepted_at: datetime
    due_at: datetime | None
    milestones: list[tuple[datetime, str]]
    reply_text: str | None


PUBLIC_MILESTONES = {"register", "dispatch", "sign", "uphold-return", "approve-extension", "reply", "visit",
                     "close", "answer", "transfer", "out-of-scope", "merge", "redo"}


def public_status(session: Session, lookup_code: str) -> PublicStatus | None:
    code = lookup_code.strip().upper()
    # Only codes we could have issued reach the database (no NUL or other bytes PostgreSQL refuses).
    if not 4 <= len(code) <= 16 or not set(code) <= set(LOOKUP_ALPHABET):
        return None
    order = session.scalar(select(Order).where(Order.lookup_code == code))
    if order is None:
        return None
    events = session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)
                             .order_by(OrderEvent.at, OrderEvent.id))
    milestones = [(e.at, e.action) for e in events if e.action in PUBLIC_MILESTONES]
    reply = order.reply_text if order.status in (OrderStatus.PENDING_VISIT, OrderStatus.VISITED,
                                                 OrderStatus.CLOSED) else None
    return PublicStatus(order.number, order.status, order.accepted_at, order.due_at, milestones, reply)


def status_counts(session: Session) -> dict[OrderStatus, int]:
    from sqlalchemy import func

    rows = session.execute(select(Order.status, func.count()).group_by(Order.status)).all()
    return dict(rows)
