"""The centre's end of the lifecycle: review the reply, return visit, redo, close; and
supervision (urge, supervise) on any open order."""

from __future__ import annotations

from datetime import datetime

from hotline.db.models import Order
from hotline.db.uow import UnitOfWork
from hotline.domain.deadlines import due_after
from hotline.domain.enums import Closure, Satisfaction, Solved
from hotline.domain.lifecycle import Action
from hotline.services.access import access_order
from hotline.services.auth import Actor
from hotline.services.calendar import load_calendar, load_policy
from hotline.services.transitions import Notice, begin, commit, record, required_text, unit_recipient


def review_reply(uow: UnitOfWork, *, number: str, accepted: bool, comment: str | None, actor: Actor,
                 now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    action = Action.ACCEPT_REPLY if accepted else Action.SEND_BACK
    target = begin(order, action, actor, relation)
    notices = []
    if not accepted:
        comment = required_text(comment, "退回意见", "comment", "comment_required")
        lead = unit_recipient(session, order.lead_unit_id)
        notices.append(Notice("unit.reply_sent_back", lead, {"comment": comment}))
    record(session, order, action, target, actor=actor, now=now, details={"comment": comment}, notices=notices)
    commit(uow)
    return order


def record_visit(uow: UnitOfWork, *, number: str, solved: Solved, satisfaction: Satisfaction, note: str | None,
                 method: str | None, actor: Actor, now: datetime) -> Order:
    """回访: "solved" and "satisfied" are two separate answers (DOMAIN.md §7)."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.VISIT, actor, relation)
    order.visited_at, order.visit_solved, order.visit_satisfaction = now, solved, satisfaction
    order.visit_note, order.visit_method = note, method
    record(session, order, Action.VISIT, target, actor=actor, now=now,
           details={"solved": solved, "satisfaction": satisfaction, "note": note, "method": method})
    commit(uow)
    return order


def redo_order(uow: UnitOfWork, *, number: str, reason: str, actor: Actor, now: datetime) -> Order:
    """重办: back to the unit with a fresh handling limit counted from now."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.REDO, actor, relation)
    reason = required_text(reason, "重办原因", "reason", "reason_required")
    limit = load_policy(session).handling_limit(order.appeal_type, order.urgency)
    order.due_at = due_after(load_calendar(session), now, limit)
    order.redo_count += 1
    order.reply_text = None
    order.replied_at = None
    record(session, order, Action.REDO, target, actor=actor, now=now,
           details={"reason": reason, "due_at": order.due_at},
           notices=[Notice("unit.redo", unit_recipient(session, order.lead_unit_id), {"reason": reason})])
    commit(uow)
    return order


def close_order(uow: UnitOfWork, *, number: str, note: str | None, actor: Actor, now: datetime) -> Order:
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.CLOSE, actor, relation)
    order.closure, order.closed_at = Closure.HANDLED, now
    if note:
        order.disposition_note = note
    record(session, order, Action.CLOSE, target, actor=actor, now=now, details={"note": note,
                                                                                  "visited": order.visited_at})
    commit(uow)
    return order


def urge_order(uow: UnitOfWork, *, number: str, note: str, actor: Actor, now: datetime) -> Order:
    """催办: a reminder to the unit; allowed on any open order."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.URGE, actor, relation)
    note = required_text(note, "催办意见", "note", "note_required")
    order.urge_count += 1
    lead = unit_recipient(session, order.lead_unit_id)
    record(session, order, Action.URGE, target, actor=actor, now=now, details={"note": note},
           notices=[Notice("unit.urged", lead, {"note": note})] if lead else [])
    commit(uow)
    return order


def supervise_order(uow: UnitOfWork, *, number: str, note: str, actor: Actor, now: datetime) -> Order:
    """督办: the order is put under supervision; the unit and its superiors are notified."""
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.SUPERVISE, actor, relation)
    note = required_text(note, "督办意见", "note", "note_required")
    order.supervised = True
    lead = unit_recipient(session, order.lead_unit_id)
    record(session, order, Action.SUPERVISE, target, actor=actor, now=now, details={"note": note},
           notices=[Notice("unit.supervised", lead, {"note": note})] if lead else [])
    commit(uow)
    return order
