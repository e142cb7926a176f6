"""Accepting or correcting what the platform suggested for an order (确认或更正分类).

The order takes the chosen appeal type and topic; each choice is kept as feedback beside what was
suggested and by which model version, and ``hotline train`` learns from the orders' final labels. The
urgency is corrected here too (registration raises it when the emergency rules flag the text): it is
recorded with the event, not as feedback, as no model learns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hotline.db.base import table_of
from hotline.db.models import CatalogueRule, ClassificationFeedback, Order, OrderSuggestion
from hotline.db.uow import UnitOfWork
from hotline.domain.enums import AppealType, ClassifiedField, Urgency
from hotline.domain.errors import Conflict, ValidationFailed
from hotline.domain.lifecycle import Action
from hotline.services import topics
from hotline.services.access import access_order
from hotline.services.auth import Actor
from hotline.services.transitions import begin, commit, record

if TYPE_CHECKING:  # the context imports the catalogue, which imports this module
    from hotline.services.context import Context

RECENT_ORDERS_FOR_TOPICS = 5000


def topic_choices(session: Session, ctx: Context) -> list[str]:
    """The topics an agent picks from: the topic directory's active entries once it has any; before that (a
    free entry stays possible) what the models suggest, what the dispatch catalogue routes, and what the
    newest orders were filed under — level 1 before level 2."""
    directory = topics.active_paths(session)
    if directory:
        return directory
    recent = select(Order.topic).where(Order.topic.is_not(None)).order_by(Order.id.desc()) \
        .limit(RECENT_ORDERS_FOR_TOPICS).subquery()
    used = session.scalars(select(recent.c.topic).distinct())
    routed = session.scalars(select(CatalogueRule.topic).where(CatalogueRule.effective_to.is_(None)).distinct())
    offered = {t for t in (*ctx.models.topics(), *used, *routed) if t}
    return sorted(offered, key=lambda t: (t.count("/"), t))


def suggested_label(payload: dict[str, Any] | None, field: ClassifiedField) -> tuple[str | None, str | None]:
    """(the top suggestion, the model version behind it) for ``field`` in a stored suggestion."""
    part = (payload or {}).get(field.value) or {}
    candidates = part.get("candidates") or []
    label = candidates[0].get("label") if candidates and isinstance(candidates[0], dict) else None
    return (str(label) if label is not None else None), part.get("model_version")


def classify_order(uow: UnitOfWork, *, number: str, appeal_type: AppealType | None, topic: str | None,
                   actor: Actor, now: datetime, urgency: Urgency | None = None) -> Order:
    """Confirm or correct the order's appeal type, topic and urgency; records feedback for training."""
    if appeal_type is None and topic is None and urgency is None:
        raise ValidationFailed("请至少确认诉求类型、问题分类或紧急程度之一",
                               "Give an appeal type, a topic or an urgency", code="nothing_to_classify")
    session = uow.session
    order, relation = access_order(session, actor, number, for_update=True)
    target = begin(order, Action.CLASSIFY, actor, relation)
    if urgency is not None and urgency != order.urgency and order.due_at is not None:
        # The handling deadline was counted from the urgency at the first dispatch; a later change would
        # leave the two disagreeing. Time is then adjusted by extension (延期) or supervision (督办).
        raise Conflict("工单已派出，办理时限已按原紧急程度计算，不能再改紧急程度",
                       "The order was dispatched and its deadline counted from its urgency: it can no longer change",
                       code="urgency_fixed_after_dispatch")
    stored = session.get(OrderSuggestion, order.id)
    payload = stored.payload if stored else None
    choices: list[tuple[ClassifiedField, str | None, str]] = []
    if appeal_type is not None:
        choices.append((ClassifiedField.APPEAL_TYPE, order.appeal_type, appeal_type.value))
    if topic is not None:
        choices.append((ClassifiedField.TOPIC, order.topic, topics.checked_topic(session, topic)))
    # Feedback rows first: an INSERT flushes, and the order must change in one UPDATE.
    changes = {field.value: _feedback(session, order, field, before, chosen, payload, actor, now)
               for field, before, chosen in choices}
    if appeal_type is not None:
        order.appeal_type = appeal_type
    if topic is not None:
        order.topic = changes[ClassifiedField.TOPIC.value]["to"]
    if urgency is not None:
        changes["urgency"] = {"from": order.urgency.value, "to": urgency.value}
        order.urgency = urgency
    record(session, order, Action.CLASSIFY, target, actor=actor, now=now, details=changes)
    commit(uow)
    return order


def _feedback(session: Session, order: Order, field: ClassifiedField, before: str | None, chosen: str,
            payload: dict[str, Any] | None, actor: Actor, now: datetime) -> dict[str, Any]:
    suggested, version = suggested_label(payload, field)
    session.execute(insert(table_of(ClassificationFeedback)), {
        "order_id": order.id, "field": field, "suggested": suggested, "chosen": chosen, "model_version": version,
        "actor_id": actor.user_id, "at": now})
    return {"from": before, "to": chosen, "suggested": suggested, "accepted": suggested == chosen}


@dataclass(frozen=True)
class ShownUnit:
    """The unit a dispatcher was shown first (``suggestions.unit_shown``): the catalogue's, or learned."""

    label: str | None  # unit code; None when nothing was suggested
    model_version: str | None  # the unit model's, when learned routing had a part
    source: str  # "catalogue", "learned" or "none"


def record_unit_choice(session: Session, order: Order, unit_code: str, shown: ShownUnit | None, *, actor: Actor,
                       now: datetime) -> dict[str, str | None]:
    """At a dispatch or re-dispatch: the unit the dispatcher was shown beside the one chosen (how often the
    suggestion is followed); nothing is recorded when nothing could be worked out. Returns what the event's
    details say of it."""
    if shown is None:
        return {"suggested_unit": None, "suggested_by": None}
    session.execute(insert(table_of(ClassificationFeedback)),
                    unit_choice_row(order.id, shown.label, unit_code, shown.model_version, actor.user_id, now))
    return {"suggested_unit": shown.label, "suggested_by": shown.source}


def unit_choice_row(order_id: int, suggested: str | None, chosen: str, model_version: str | None,
                    actor_id: int | None, at: datetime) -> dict[str, Any]:
    """The ``classification_feedback`` row of a dispatch's unit choice (also written in bulk by the demo)."""
    return {"order_id": order_id, "field": ClassifiedField.UNIT, "suggested": suggested, "chosen": chosen,
            "model_version": model_version, "actor_id": actor_id, "at": at}
