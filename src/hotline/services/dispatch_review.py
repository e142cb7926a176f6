"""How the period's dispatches fared (``hotline dispatch-review``): how often the dispatcher followed the
suggested unit, how many dispatches units returned (退单) and how the centre ruled, and — the point of it —
the returns the centre upheld, grouped by topic, the unit that returned the order and the unit it was
re-dispatched to, with how many of those dispatches the suggestion (mostly the dispatch catalogue) had
proposed. A topic that keeps bouncing from one unit to the same other unit is a catalogue rule to change:
every upheld return cost the citizen days (the clock runs during the dispute).

The unit model learns the re-dispatch at the next ``hotline train`` and not the returned dispatch
(``services.training``); the catalogue does not learn, which is why its bounces are listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.db.models import ClassificationFeedback, Order, OrderEvent, OrderSuggestion, Unit
from hotline.domain.enums import ClassifiedField
from hotline.domain.lifecycle import Action
from hotline.services.classification import suggested_label


@dataclass(frozen=True)
class Bounce:
    """Upheld returns of one topic from one unit, re-dispatched to one other unit."""

    topic: str  # "" when the order has none
    returned_by: str  # unit code
    redispatched_to: str  # unit code
    count: int
    suggested: int  # of them, dispatched to the returning unit because the suggestion said so
    dispatched: int  # dispatches of the topic to the returning unit in the period (the share's base)

    @property
    def share(self) -> float:
        """Of the topic's dispatches to the returning unit, the share it returned and the centre upheld."""
        return self.count / self.dispatched


@dataclass
class DispatchReview:
    since: datetime
    dispatched: int = 0  # dispatches and re-dispatches
    with_suggestion: int = 0  # dispatches that had a suggested unit
    suggestion_followed: int = 0
    returns: int = 0  # returns units asked for
    upheld: int = 0  # … the centre upheld (re-dispatched)
    rejected: int = 0  # … the centre rejected (the unit handles the order)
    bounces: list[Bounce] = field(default_factory=list)  # most upheld returns first

    @property
    def followed_share(self) -> float | None:
        return self.suggestion_followed / self.with_suggestion if self.with_suggestion else None


def _dispatch_counts(session: Session, since: datetime) -> Counter[tuple[str, str]]:
    """(topic, unit code) → dispatches in the period, first dispatches and re-dispatches alike."""
    counts: Counter[tuple[str, str]] = Counter()
    rows = session.execute(select(Order.topic, OrderEvent.details).join(Order, Order.id == OrderEvent.order_id)
                           .where(OrderEvent.at >= since,
                                  OrderEvent.action.in_([Action.DISPATCH.value, Action.UPHOLD_RETURN.value])))
    for topic, details in rows:
        unit = (details or {}).get("unit")
        if unit:
            counts[(topic or "", str(unit))] += 1
    return counts


def review(session: Session, since: datetime, *, limit: int = 20) -> DispatchReview:
    """The dispatches, returns and rulings since ``since``; the ``limit`` most frequent bounces."""
    found = DispatchReview(since)
    dispatches = _dispatch_counts(session, since)
    found.dispatched = sum(dispatches.values())
    followed = session.execute(
        select(func.count(), func.count(ClassificationFeedback.suggested),
               func.count().filter(ClassificationFeedback.suggested == ClassificationFeedback.chosen))
        .where(ClassificationFeedback.field == ClassifiedField.UNIT, ClassificationFeedback.at >= since)).one()
    found.with_suggestion, found.suggestion_followed = int(followed[1]), int(followed[2])
    rulings = {action: n for action, n in session.execute(
        select(OrderEvent.action, func.count()).where(
            OrderEvent.at >= since,
            OrderEvent.action.in_([Action.RETURN.value, Action.UPHOLD_RETURN.value, Action.REJECT_RETURN.value]))
        .group_by(OrderEvent.action))}
    found.returns = rulings.get(Action.RETURN.value, 0)
    found.upheld = rulings.get(Action.UPHOLD_RETURN.value, 0)
    found.rejected = rulings.get(Action.REJECT_RETURN.value, 0)

    codes = {unit_id: code for unit_id, code in session.execute(select(Unit.id, Unit.code))}
    groups: Counter[tuple[str, str, str]] = Counter()
    suggested: Counter[tuple[str, str, str]] = Counter()
    rows = session.execute(
        select(Order.topic, OrderEvent.details, OrderSuggestion.payload)
        .join(Order, Order.id == OrderEvent.order_id)
        .outerjoin(OrderSuggestion, OrderSuggestion.order_id == Order.id)
        .where(OrderEvent.at >= since, OrderEvent.action == Action.UPHOLD_RETURN.value))
    for topic, details, payload in rows:
        returned = (details or {}).get("return") or {}
        by_unit, to = returned.get("by_unit"), (details or {}).get("unit")
        returned_by = codes.get(by_unit) if isinstance(by_unit, int) else None
        if not returned_by or not to:
            continue
        key = (topic or "", returned_by, str(to))
        groups[key] += 1
        if suggested_label(payload, ClassifiedField.UNIT)[0] == returned_by:
            suggested[key] += 1
    # A bounce's dispatch may predate the period: its base is then at least the bounces themselves.
    found.bounces = [Bounce(topic, returned_by, to, n, suggested[(topic, returned_by, to)],
                            max(n, dispatches[(topic, returned_by)]))
                     for (topic, returned_by, to), n in groups.most_common(limit)]
    return found
