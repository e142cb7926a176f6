"""How the dispatches of the period's orders fared (``hotline dispatch-review``, and the bounces on the
catalogue page): how often the dispatcher followed the unit the dispatch form was pre-filled with (the catalogue's, or
learned routing's: recorded at each dispatch and re-dispatch), how many dispatches units returned (退单) and
how the centre ruled, and — the point of it — the returns the centre upheld, grouped by topic, the unit that
returned the order and the unit it was re-dispatched to, with how many of those dispatches the suggestion
had proposed. A topic that keeps bouncing from one unit to the same other unit is a catalogue rule to
change: every upheld return cost the citizen days (the clock runs during the dispute).

The unit model learns the re-dispatch at the next ``hotline train`` and not the returned dispatch
(``services.training``); the catalogue does not learn, which is why its bounces are listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hotline.db.models import ClassificationFeedback, Order, OrderEvent, Unit
from hotline.domain.enums import ClassifiedField
from hotline.domain.errors import PermissionDenied
from hotline.domain.lifecycle import Action
from hotline.domain.periods import recorded_since
from hotline.services import emergency_review
from hotline.services.auth import Actor
from hotline.services.emergency_review import EmergencyReview


@dataclass(frozen=True)
class Bounce:
    """Upheld returns of one topic from one unit, re-dispatched to one other unit."""

    topic: str  # "" when the order has none
    returned_by: str  # unit code
    redispatched_to: str  # unit code
    count: int
    suggested: int  # of them, dispatched to the returning unit because the suggestion said so
    dispatched: int  # dispatches of the period's orders of the topic to the returning unit (the share's base)

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


def _dispatch_counts(session: Session, since: datetime, topics: set[str]) -> Counter[tuple[str, str]]:
    """(topic, unit code) → dispatches and re-dispatches of the period's orders of ``topics``.

    Counted by the database: the bounced topics may hold most of the period's dispatches, too many events
    to bring over and parse one by one. (Not filtered on the unit in SQL: PostgreSQL would then parse the JSON
    of every dispatch event of all time before the join.)"""
    unit = OrderEvent.details["unit"].as_string()
    rows = session.execute(
        select(Order.topic, unit, func.count()).join(OrderEvent, OrderEvent.order_id == Order.id)
        .where(Order.accepted_at >= since,
               or_(Order.topic.in_(topics - {""}), *([Order.topic.is_(None)] if "" in topics else [])),
               OrderEvent.action.in_([Action.DISPATCH.value, Action.UPHOLD_RETURN.value]),
               OrderEvent.at >= recorded_since(since))
        .group_by(Order.topic, unit))
    return Counter({(topic or "", code): n for topic, code, n in rows if code})


def bounces(session: Session, since: datetime, *, limit: int = 20) -> list[Bounce]:
    """The upheld returns of the orders accepted since ``since``, grouped, the ``limit`` most frequent first.

    Returned orders are few, and they are found through the accepted-at index and ``return_count`` before their
    events are read (the events are not searched by action: the ones of all time would be read); the share's
    base is counted for the bounced topics only (the topic index): cheap enough for a page."""
    codes = {unit_id: code for unit_id, code in session.execute(select(Unit.id, Unit.code))}
    groups: Counter[tuple[str, str, str]] = Counter()
    suggested: Counter[tuple[str, str, str]] = Counter()
    returned_orders = select(Order.id).where(Order.accepted_at >= since, Order.return_count > 0)
    rows = session.execute(
        select(Order.id, Order.topic, OrderEvent.details)
        .join(OrderEvent, OrderEvent.order_id == Order.id)
        .where(OrderEvent.order_id.in_(returned_orders), OrderEvent.action == Action.UPHOLD_RETURN.value)
    ).all()
    # The units dispatchers were shown for these orders (recorded at each dispatch, learned routing included).
    shown: set[tuple[int, str | None]] = set(session.execute(
        select(ClassificationFeedback.order_id, ClassificationFeedback.suggested)
        .where(ClassificationFeedback.field == ClassifiedField.UNIT,
               ClassificationFeedback.order_id.in_({order_id for order_id, _, _ in rows}))).all())
    for order_id, topic, details in rows:
        returned = (details or {}).get("return") or {}
        by_unit, to = returned.get("by_unit"), (details or {}).get("unit")
        returned_by = codes.get(by_unit) if isinstance(by_unit, int) else None
        if not returned_by or not to:
            continue
        key = (topic or "", returned_by, str(to))
        groups[key] += 1
        if (order_id, returned_by) in shown:
            suggested[key] += 1
    top = groups.most_common(limit)
    dispatches = _dispatch_counts(session, since, {topic for (topic, _, _), _ in top}) if top else Counter()
    return [Bounce(topic, returned_by, to, n, suggested[(topic, returned_by, to)],
                   max(n, dispatches[(topic, returned_by)]))
            for (topic, returned_by, to), n in top]


def review(session: Session, since: datetime, *, limit: int = 20) -> DispatchReview:
    """The dispatches, returns and rulings of the orders accepted since ``since``; the ``limit`` most
    frequent bounces."""
    found = DispatchReview(since)
    in_period = select(Order.id).where(Order.accepted_at >= since)
    events = dict.fromkeys([Action.DISPATCH.value, Action.UPHOLD_RETURN.value, Action.RETURN.value,
                            Action.REJECT_RETURN.value], 0)
    events.update({action: n for action, n in session.execute(
        select(OrderEvent.action, func.count())
        .where(OrderEvent.order_id.in_(in_period), OrderEvent.action.in_(list(events)),
               OrderEvent.at >= recorded_since(since))
        .group_by(OrderEvent.action))})
    found.dispatched = events[Action.DISPATCH.value] + events[Action.UPHOLD_RETURN.value]
    found.returns, found.upheld = events[Action.RETURN.value], events[Action.UPHOLD_RETURN.value]
    found.rejected = events[Action.REJECT_RETURN.value]
    followed = session.execute(
        select(func.count(ClassificationFeedback.suggested),
               func.count().filter(ClassificationFeedback.suggested == ClassificationFeedback.chosen))
        .where(ClassificationFeedback.field == ClassifiedField.UNIT,
               ClassificationFeedback.order_id.in_(in_period),
               ClassificationFeedback.at >= recorded_since(since))).one()
    found.with_suggestion, found.suggestion_followed = int(followed[0]), int(followed[1])
    found.bounces = bounces(session, since, limit=limit)
    return found


def period_review(session: Session, actor: Actor, since: datetime) -> tuple[DispatchReview, EmergencyReview]:
    """Both reviews of the orders accepted since ``since``, for the centre's staff (the 复盘 page)."""
    if not actor.is_centre:
        raise PermissionDenied("仅中心人员可以查看复盘", "Only centre staff may see the review", code="centre_only")
    return review(session, since), emergency_review.review(session, since)
