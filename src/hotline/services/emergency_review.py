"""How the emergency flags fared (``hotline emergency-review``): of the orders a rule or the emergency model
flagged at registration, how many agents transferred as an emergency, how many they handled as ordinary
appeals, how many still wait; the words behind the rules' flags that agents overruled most (for whoever keeps
the phrase lists); and the emergencies agents transferred that nothing had flagged.

The model learns from the same decisions at the next ``hotline train`` (``services.training``); the rules do
not learn, which is why their overruled words are listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import Order, OrderEvent, OrderSuggestion
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action
from hotline.domain.periods import recorded_since
from hotline.services.suggestions import RULE_LINE
from hotline.services.training import HANDLED_AS_ORDINARY


@dataclass
class Outcomes:
    """What became of the orders one source flagged."""

    flagged: int = 0
    transferred_as_emergency: int = 0
    handled_as_ordinary: int = 0  # dispatched, answered … or transferred and marked as no emergency
    waiting: int = 0  # still registered
    other: int = 0  # merged, voided, or transferred without a mark

    @property
    def confirmed_share(self) -> float | None:
        """Of the flags decided either way, the share agents confirmed; None before any decision."""
        decided = self.transferred_as_emergency + self.handled_as_ordinary
        return self.transferred_as_emergency / decided if decided else None


@dataclass
class EmergencyReview:
    since: datetime
    rules: Outcomes = field(default_factory=Outcomes)
    model: Outcomes = field(default_factory=Outcomes)
    overruled_words: list[tuple[str, int]] = field(default_factory=list)  # the rules' evidence, most often first
    missed: int = 0  # transferred as an emergency with neither a rule's flag nor the model's


def _outcome(status: OrderStatus, mark: Any) -> str:
    """What agents made of a flagged order: a field name of :class:`Outcomes`."""
    if status is OrderStatus.REGISTERED:
        return "waiting"
    if status is OrderStatus.TRANSFERRED:
        return {True: "transferred_as_emergency", False: "handled_as_ordinary"}.get(mark, "other")
    return "handled_as_ordinary" if status in HANDLED_AS_ORDINARY else "other"


def _count(outcomes: Outcomes, outcome: str) -> None:
    outcomes.flagged += 1
    setattr(outcomes, outcome, getattr(outcomes, outcome) + 1)


def review(session: Session, since: datetime, *, words: int = 15) -> EmergencyReview:
    """The review of the orders accepted since ``since`` (see the module docstring)."""
    result = EmergencyReview(since)
    # A transfer ends an order (TRANSFERRED is final): the period's transferred orders, few, lead to their
    # events through the status index, rather than all the TRANSFER events of all time to their orders.
    marks = {order_id: (details or {}).get("emergency") for order_id, details in session.execute(
        select(OrderEvent.order_id, OrderEvent.details).join(Order, Order.id == OrderEvent.order_id)
        .where(Order.status == OrderStatus.TRANSFERRED, Order.accepted_at >= since,
               OrderEvent.action == Action.TRANSFER.value, OrderEvent.at >= recorded_since(since)))}
    overruled: Counter[str] = Counter()
    flagged: set[int] = set()
    for order_id, status, rule_line, emergencies in session.execute(
            select(Order.id, Order.status, RULE_LINE.as_string(), OrderSuggestion.payload[("alerts", "emergencies")])
            .join(OrderSuggestion, OrderSuggestion.order_id == Order.id)
            .where(Order.accepted_at >= since, OrderSuggestion.emergency_line.is_not(None))):
        flagged.add(order_id)
        outcome = _outcome(status, marks.get(order_id))
        _count(result.rules if rule_line else result.model, outcome)
        if rule_line and outcome == "handled_as_ordinary":
            overruled.update({e["text"] for flag in emergencies or [] for e in flag.get("evidence") or []})
    result.missed = sum(1 for order_id, mark in marks.items() if mark is True and order_id not in flagged)
    result.overruled_words = overruled.most_common(words)
    return result
