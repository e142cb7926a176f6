"""The one place that decides who may see and touch which order (ARCHITECTURE.md rule 2).

Centre roles see every order. Unit staff see orders whose lead unit, assignee or a co-unit is
their unit or one of its subordinates; to anyone else an order does not exist (404, not 403,
so numbers cannot be probed).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from hotline.db.models import Order, OrderCoUnit, Unit
from hotline.domain.errors import NotFound
from hotline.domain.lifecycle import UNIT_VISIBLE, UnitRelation
from hotline.services.auth import Actor


def order_not_found(number: str) -> NotFound:
    return NotFound(f"工单 {number} 不存在", f"No order {number}", code="order_not_found",
                    details={"number": number})


def _path(session: Session, unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    unit = session.get(Unit, unit_id)
    return unit.path if unit else None


def relation_to(session: Session, actor: Actor, order: Order) -> UnitRelation:
    """How a unit staff member stands to ``order`` (NONE for centre roles)."""
    if actor.is_centre or actor.unit_id is None or actor.unit_path is None:
        return UnitRelation.NONE
    if order.lead_unit_id == actor.unit_id:
        return UnitRelation.LEAD
    mine = actor.unit_path
    lead_path = _path(session, order.lead_unit_id)
    assignee_path = _path(session, order.assignee_unit_id)
    # The staff's unit lies on the way from the lead down to the assignee (inclusive).
    if assignee_path and lead_path and assignee_path.startswith(mine) and mine.startswith(lead_path):
        return UnitRelation.ASSIGNEE
    if any(c.unit_id == actor.unit_id for c in order.co_units):
        return UnitRelation.CO_UNIT
    related = [lead_path, assignee_path, *(_path(session, c.unit_id) for c in order.co_units)]
    if any(p and p.startswith(mine) for p in related):
        return UnitRelation.OVERSEER
    return UnitRelation.NONE


def access_order(session: Session, actor: Actor, number: str, *, for_update: bool = False
                 ) -> tuple[Order, UnitRelation]:
    """The order for this actor, with their relation to it; NotFound if they may not see it."""
    query = select(Order).where(Order.number == number)
    if for_update:
        query = query.with_for_update()
    order = session.scalar(query)
    if order is None:
        raise order_not_found(number)
    relation = relation_to(session, actor, order)
    if not actor.is_centre and relation not in UNIT_VISIBLE:
        raise order_not_found(number)
    return order, relation


def visible_orders_clause(actor: Actor) -> ColumnElement[bool] | None:
    """A SQL condition restricting a list to what ``actor`` may see; None means everything."""
    if actor.is_centre:
        return None
    if actor.unit_path is None:
        return Order.id.is_(None)  # unit staff without a unit see nothing
    subtree = select(Unit.id).where(Unit.path.startswith(actor.unit_path, autoescape=True))
    return or_(
        Order.lead_unit_id.in_(subtree),
        Order.assignee_unit_id.in_(subtree),
        exists().where(OrderCoUnit.order_id == Order.id, OrderCoUnit.unit_id.in_(subtree)),
    )
