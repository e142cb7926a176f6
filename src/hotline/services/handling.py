"""Dispatch and the handling unit's work: sign, return, pass down, respond, extend, reply."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hotline.db.models import Order, OrderCoUnit, OrderEvent, Unit
from hotline.db.uow import UnitOfWork
from hotline.domain.deadlines import DeadlinePolicy, TimeLimit, due_after
from hotline.domain.enums import LimitUnit, UnitKind
from hotline.domain.errors import Conflict, NotFound, ValidationFailed
from hotline.domain.lifecycle import Action
from hotline.services.access import access_order
from hotline.services.auth import Actor
from hotline.services.calendar import load_calendar, load_policy
from hotline.services.classification import ShownUnit, record_unit_choice
from hotline.services.transitions import Notice, begin, commit, record, required_text, unit_recipient


def find_unit(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code.strip(), Unit.active.is_(True)))
    if unit is None:
        raise NotFound(f"单位 {code} 不存在", f"No unit {code}", code="unit_not_found", details={"unit": code})
    return unit


def _dispatch_targets(session: Session, unit_code: str, co_unit_codes: list[str]) -> tuple[Unit, list[Unit]]:
    lead = find_unit(session, required_text(unit_code, "承办单位", "unit", "unit_required"))
    if lead.kind is UnitKind.CENTRE:
        raise ValidationFailed("不能派给热线中心本身", "Orders are dispatched to handling units, not the centre",
                               code="invalid_unit")
    co_units = [find_unit(session, c) for c in dict.fromkeys(co_unit_codes)]
    if any(c.id == lead.id for c in co_units):
        raise ValidationFailed("主办单位不能同时为协办单位", "The lead unit cannot also be a co-unit",
                               code="lead_is_co_unit")
    return lead, co_units


def _assign(session: Session, order: Order, lead: Unit, co_units: list[Unit], now: datetime,
            policy: DeadlinePolicy) -> None:
    calendar = load_calendar(session)
    order.lead_unit_id, order.assignee_unit_id = lead.id, None
    order.co_units = [OrderCoUnit(order_id=order.id, unit_id=c.id) for c in co_units]
    order.dispatched_at, order.signed_at, order.responded_at = now, None, None
    order.sign_due_at = due_after(calendar, now, policy.sign_limit)
    order.return_due_at = due_after(calendar, now, policy.return_limit)
    if order.due_at is None:  # a re-dispatch keeps the citizen's clock running
        limit = policy.handling_limit(order.appeal_type, order.urgency)
        order.due_at = due_after(calendar, order.accepted_at, limit)


def dispatch_order(uow: UnitOfWork, *, number: str, unit_code: str, co_unit_codes: list[str],
                   note: str | None, shown: ShownUnit | None, actor: Actor, now: datetime) -> Order:
    """派单. ``shown`` is the unit the dispatcher was shown first (``suggestions.unit_shown``, worked out
    before this transaction), recorded beside the one chosen."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.DISPATCH, actor, relation)
    lead, co_units = _dispatch_targets(session, unit_code, co_unit_codes)
    # Before the order changes (an INSERT flushes): was the suggested unit followed?
    suggested = record_unit_choice(session, order, lead.code, shown, actor=actor, now=now)
    _assign(session, order, lead, co_units, now, load_policy(session))
    record(session, order, Action.DISPATCH, target, actor=actor, now=now,
           details={"unit": lead.code, "co_units": [c.code for c in co_units], "note": note,
                    "due_at": order.due_at, **suggested},
           notices=[Notice("unit.dispatched", u.code) for u in [lead, *co_units]])
    commit(uow)
    return order


def sign_order(uow: UnitOfWork, *, number: str, actor: Actor, now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.SIGN, actor, relation)
    order.signed_at = now
    late = order.sign_due_at is not None and now > order.sign_due_at
    record(session, order, Action.SIGN, target, actor=actor, now=now, details={"late": late})
    commit(uow)
    return order


def return_order(uow: UnitOfWork, *, number: str, reason: str, basis: str, actor: Actor,
                 now: datetime) -> Order:
    """退单: the unit says the order is not theirs, with reason and basis, within the return limit."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.RETURN, actor, relation)
    reason = required_text(reason, "退单理由", "reason", "reason_required")
    basis = required_text(basis, "退单依据", "basis", "basis_required")
    if order.return_due_at is not None and now >= order.return_due_at:
        raise Conflict("已超过退单时限或中心已裁定，请按要求办理",
                       "The return limit has passed or the centre has ruled",
                       code="return_limit_passed", details={"return_due_at": order.return_due_at.isoformat()})
    order.pending_return = {"reason": reason, "basis": basis, "by_unit": actor.unit_id, "at": now.isoformat(),
                            "from_status": order.status.value}
    order.return_count += 1
    record(session, order, Action.RETURN, target, actor=actor, now=now, details={"reason": reason, "basis": basis},
           notices=[Notice("centre.return_requested", "dispatch")])
    commit(uow)
    return order


def rule_on_return(uow: UnitOfWork, *, number: str, upheld: bool, unit_code: str | None,
                   co_unit_codes: list[str], comment: str | None, actor: Actor, now: datetime,
                   shown: ShownUnit | None = None) -> Order:
    """The centre's final ruling: uphold and re-dispatch (改派), or reject (驳回) and the unit handles it.
    The handling deadline is not reset either way. ``shown``: for a re-dispatch, the unit the dispatcher was
    shown first (``suggestions.unit_shown(redispatch=True)``), recorded beside the one chosen as a dispatch's."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    action = Action.UPHOLD_RETURN if upheld else Action.REJECT_RETURN
    target = begin(order, action, actor, relation)
    details: dict[str, object] = {"comment": comment, "return": order.pending_return}
    notices: list[Notice] = []
    if upheld:
        lead, co_units = _dispatch_targets(session, unit_code or "", co_unit_codes)
        old_lead = session.get(Unit, order.lead_unit_id) if order.lead_unit_id else None
        if old_lead is not None and old_lead.id == lead.id:
            raise ValidationFailed("改派须派给其他单位", "Re-dispatch to a different unit", code="same_unit")
        suggested = record_unit_choice(session, order, lead.code, shown, actor=actor, now=now)
        _assign(session, order, lead, co_units, now, load_policy(session))
        details |= {"unit": lead.code, "co_units": [c.code for c in co_units], **suggested}
        notices = [Notice("unit.dispatched", u.code) for u in [lead, *co_units]]
    else:
        notices = [Notice("unit.return_rejected", unit_recipient(session, order.lead_unit_id), {"comment": comment})]
        # The ruling is final: the unit may not return the same order again.
        order.return_due_at = now
    order.pending_return = None
    record(session, order, action, target, actor=actor, now=now, details=details, notices=notices)
    commit(uow)
    return order


def returned_units(session: Session, order: Order) -> set[str]:
    """The units an upheld return does not re-dispatch the order to: its lead, and every unit that returned
    it before (their RETURN events)."""
    returning = select(OrderEvent.actor_unit_id).where(OrderEvent.order_id == order.id,
                                                       OrderEvent.action == Action.RETURN.value)
    return set(session.scalars(select(Unit.code).where(or_(Unit.id == order.lead_unit_id, Unit.id.in_(returning)))))


def is_subordinate(actor: Actor, unit: Unit) -> bool:
    """A unit below the actor's own (not the unit itself): where the actor may pass an order down to."""
    own = actor.unit_path
    return own is not None and unit.path != own and unit.path.startswith(own)


def pass_down(uow: UnitOfWork, *, number: str, unit_code: str, note: str | None, actor: Actor,
              now: datetime) -> Order:
    """下派 to a subordinate unit; the lead (first receiver) stays responsible."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.PASS_DOWN, actor, relation)
    unit = find_unit(session, required_text(unit_code, "下派单位", "unit", "unit_required"))
    # Down from the actor's own unit: the lead, or a unit the order was already passed to.
    if not is_subordinate(actor, unit):
        raise ValidationFailed("只能下派给本单位的下级单位", "Orders can only be passed down to a subordinate unit",
                               code="not_a_subordinate", details={"unit": unit.code})
    order.assignee_unit_id = unit.id
    record(session, order, Action.PASS_DOWN, target, actor=actor, now=now, details={"unit": unit.code, "note": note},
           notices=[Notice("unit.passed_down", unit.code)])
    commit(uow)
    return order


def respond(uow: UnitOfWork, *, number: str, note: str, actor: Actor, now: datetime) -> Order:
    """Contact with the citizen; the first one is the order's *response* (响应)."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.RESPOND, actor, relation)
    note = required_text(note, "联系情况", "note", "note_required")
    first = order.responded_at is None
    if first:
        order.responded_at = now
    record(session, order, Action.RESPOND, target, actor=actor, now=now, details={"note": note, "first": first})
    commit(uow)
    return order


def request_extension(uow: UnitOfWork, *, number: str, days: int, reason: str, actor: Actor,
                      now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.REQUEST_EXTENSION, actor, relation)
    reason = required_text(reason, "延期理由", "reason", "reason_required")
    policy = load_policy(session)
    room = policy.extension_cap_days - order.extension_days
    if not 1 <= days <= max(room, 0):
        raise ValidationFailed(f"延期天数须在 1 到 {max(room, 0)} 个工作日之间",
                               f"Extension days must be between 1 and {max(room, 0)}",
                               code="extension_out_of_range", details={"cap": policy.extension_cap_days,
                                                                       "used": order.extension_days})
    if order.pending_extension is not None:
        raise Conflict("已有待审批的延期申请", "An extension request is already pending", code="extension_pending")
    if order.due_at is not None and now >= order.due_at:
        raise Conflict("须在办理期限届满前申请延期", "Extensions must be requested before the deadline",
                       code="deadline_passed")
    order.pending_extension = {"days": days, "reason": reason, "at": now.isoformat()}
    record(session, order, Action.REQUEST_EXTENSION, target, actor=actor, now=now,
           details={"days": days, "reason": reason}, notices=[Notice("centre.extension_requested", "dispatch")])
    commit(uow)
    return order


def decide_extension(uow: UnitOfWork, *, number: str, approved: bool, comment: str | None, actor: Actor,
                     now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    action = Action.APPROVE_EXTENSION if approved else Action.DENY_EXTENSION
    target = begin(order, action, actor, relation)
    pending = order.pending_extension
    if pending is None:
        raise Conflict("没有待审批的延期申请", "There is no pending extension request", code="no_pending_extension")
    details: dict[str, object] = {"days": pending["days"], "comment": comment}
    notices = [Notice("unit.extension_decided", unit_recipient(session, order.lead_unit_id), {"approved": approved})]
    if approved:
        days = int(pending["days"])
        base = order.due_at or now
        # due_at is 24:00 of the last day; count the extra working days from that day.
        extra = TimeLimit(days, LimitUnit.WORKDAYS)
        order.due_at = due_after(load_calendar(session), base - timedelta(seconds=1), extra)
        order.extension_days += days
        details["due_at"] = order.due_at
        notices.append(Notice("sms.citizen.extended", "citizen", {"due_at": order.due_at.isoformat()}))
    order.pending_extension = None
    record(session, order, action, target, actor=actor, now=now, details=details, notices=notices)
    commit(uow)
    return order


def reply(uow: UnitOfWork, *, number: str, text: str, actor: Actor, now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.REPLY, actor, relation)
    text = required_text(text, "答复内容", "text", "text_required")
    if order.pending_extension is not None:
        order.pending_extension = None  # replying withdraws an undecided extension request
    order.reply_text, order.replied_at = text, now
    late = order.due_at is not None and now > order.due_at
    record(session, order, Action.REPLY, target, actor=actor, now=now, details={"text": text, "late": late},
           notices=[Notice("centre.reply_to_review", "dispatch")])
    commit(uow)
    return order
