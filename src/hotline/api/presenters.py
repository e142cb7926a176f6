"""Turn orders and events into response bodies (labels in Chinese, codes in English)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.api import schemas
from hotline.db.models import Order, OrderEvent
from hotline.domain.enums import label_zh
from hotline.domain.lifecycle import ACTION_LABELS_ZH, Action
from hotline.services.queries import OrderView, is_overdue

# Domain actions that the API exposes under one composite name.
API_ACTION = {
    Action.UPHOLD_RETURN: "rule-return", Action.REJECT_RETURN: "rule-return",
    Action.APPROVE_EXTENSION: "decide-extension", Action.DENY_EXTENSION: "decide-extension",
    Action.ACCEPT_REPLY: "review", Action.SEND_BACK: "review",
}


def summary(order: Order, lead_code: str | None, now: datetime,
            emergency: tuple[str, bool] | None = None) -> schemas.OrderSummaryOut:
    """``emergency``: the order's entry of ``queries.waiting_emergencies``, if any."""
    return schemas.OrderSummaryOut(
        number=order.number, status=order.status.value, status_label=label_zh(order.status), title=order.title,
        appeal_type=order.appeal_type.value, topic=order.topic, urgency=order.urgency.value,
        channel=order.channel.value, district=order.district, lead_unit=lead_code, accepted_at=order.accepted_at,
        due_at=order.due_at, overdue=is_overdue(order, now),
        waiting_emergency=schemas.WaitingEmergencyOut(line=emergency[0], by_rule=emergency[1]) if emergency else None,
    )


def detail(view: OrderView, now: datetime, emergency: tuple[str, bool] | None = None) -> schemas.OrderOut:
    o = view.order
    base = summary(o, view.unit_code(o.lead_unit_id), now, emergency).model_dump()
    confidential = view.caller_hidden
    return schemas.OrderOut(
        **base,
        lookup_code=o.lookup_code if view.for_centre else None,
        content=o.content, closure=o.closure.value if o.closure else None,
        caller_name="保密" if confidential and o.caller_name else o.caller_name,
        caller_phone=None if confidential else o.caller_phone_masked,
        caller_company=o.caller_company, tags=list(o.tags or []),
        location=schemas.LocationOut(district=o.district, street=o.street, community=o.community,
                                     address=o.address, lat=o.lat, lng=o.lng),
        co_units=[c for c in (view.unit_code(c.unit_id) for c in o.co_units) if c],
        assignee_unit=view.unit_code(o.assignee_unit_id), dispatched_at=o.dispatched_at,
        sign_due_at=o.sign_due_at, return_due_at=o.return_due_at, signed_at=o.signed_at,
        responded_at=o.responded_at, replied_at=o.replied_at, reply_text=o.reply_text, closed_at=o.closed_at,
        extension_days=o.extension_days, pending_extension=o.pending_extension, pending_return=o.pending_return,
        return_count=o.return_count, redo_count=o.redo_count, urge_count=o.urge_count, supervised=o.supervised,
        visit=schemas.VisitOut(visited_at=o.visited_at,
                               solved=o.visit_solved.value if o.visit_solved else None,
                               satisfaction=o.visit_satisfaction.value if o.visit_satisfaction else None,
                               note=o.visit_note, method=o.visit_method),
        recording_id=o.recording_id, linkage_110_id=o.linkage_110_id,
        merged_into=view.merged_into, merged_orders=view.merged_here, transfer_target=o.transfer_target,
        disposition_note=o.disposition_note,
        allowed_actions=list(dict.fromkeys(API_ACTION.get(a, a.value) for a in view.allowed)),
    )


def registered(order: Order, suggested: dict[str, Any] | None = None) -> schemas.RegisteredOut:
    return schemas.RegisteredOut(number=order.number, lookup_code=order.lookup_code, status=order.status.value,
                                 status_label=label_zh(order.status), alerts=_alert_summary(suggested),
                                 appeal_type=order.appeal_type.value, topic=order.topic)


def _alert_summary(suggested: dict[str, Any] | None) -> schemas.AlertSummaryOut | None:
    """What the agent must act on at once: an emergency line to transfer to, a legal route to tell."""
    if not suggested:
        return None
    alerts = suggested["alerts"]
    first = alerts["emergencies"][0] if alerts["emergencies"] else None
    scope = next((f for f in alerts["scope"] if f["strength"] == "out_of_scope"), None)
    second = alerts.get("second_opinion")  # absent in suggestions stored before the emergency model
    return schemas.AlertSummaryOut(
        emergency=alerts["emergency"], transfer_to=alerts["transfer_to"],
        emergency_message=first["message_zh"] if first else None,
        possible_emergency_line=second["line"] if second else None,
        possible_emergency_message=second["message_zh"] if second else None,
        out_of_scope_route=scope["route"] if scope else None,
        out_of_scope_message=scope["message_zh"] if scope else None)


def event(e: OrderEvent, username: str | None) -> schemas.EventOut:
    action = Action(e.action)
    return schemas.EventOut(
        at=e.at, action=action.value, action_label=ACTION_LABELS_ZH[action], from_status=e.from_status,
        to_status=e.to_status, actor=username, actor_role=e.actor_role, details=e.details or {},
    )
