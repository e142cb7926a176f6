"""What the application writes beside a generated order, for the dispatch review (复盘) benchmark.

Rows are shaped as the services write them, so ``services.dispatch_review`` and ``services.emergency_review``
read them as they read a real centre's:

* ``order_suggestions``: registration's lean suggestion (``suggestions.prepare(full=False)``: the agent gave
  the type and topic): the emergency rules' real verdict on the text (``alerts_payload`` of ``detect_alerts``),
  the place, and the dispatch catalogue's unit for the topic; no model ran, so there is no second opinion.
* a DISPATCH event (``handling.dispatch_order``) and the UNIT feedback row of ``record_unit_choice``: the
  catalogue's unit was shown (none for a few orders: the unit could not be worked out), and the dispatcher
  chose another ~15% of the time.
* for a few % of the dispatches, a RETURN by the unit (``handling.return_order``) within its return window,
  then UPHOLD_RETURN — a re-dispatch to another unit, with its own feedback row, the suggestion being the
  first suggested unit that has not returned the order (``suggestions.unit_shown(redispatch=True)``) — or
  REJECT_RETURN (``handling.rule_on_return``).
* a TRANSFER event (``intake.transfer``) for every transferred order, ``emergency`` true when the rules had
  flagged it and the agent confirmed (most flagged orders are transferred to the emergency line).

Nothing else of an order's history (registration, sign, reply, visit …) is generated: the reviews do not read it.
A generator of its own (``random.Random(seed)``) decides all this, so the orders' other columns are those
the list benchmark always had.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hotline.domain.enums import OrderStatus, Role
from hotline.domain.lifecycle import Action
from hotline.nlp.alerts import AlertReport
from hotline.services.classification import unit_choice_row
from hotline.services.suggestions import alerts_payload, emergency_line

FOLLOWED_SHARE = 0.85  # dispatches to the unit the platform showed first
UNSHOWN_SHARE = 0.05  # dispatches for which no unit could be worked out (nothing recorded)
RETURN_SHARE = {True: 0.03, False: 0.08}  # by whether the dispatcher followed the suggestion
UPHOLD_SHARE = 0.6  # of returns (as the demo's Rates.UPHOLD_RETURN)
REDISPATCH_SHOWN_SHARE = 0.7  # re-dispatches where a suggested unit is left once the returning one is passed over
FLAGGED_TRANSFER_SHARE = 0.6  # orders the emergency rules flagged that the agent transferred as an emergency
RETURN_REASONS = (("该事项不属于本单位职责范围，应由属地政府处理", "依据本单位“三定”方案"),
                  ("反映地点不在本辖区内，请改派相应属地单位", "依据行政区划"),
                  ("该事项已由专业部门负责，请改派行业主管部门", "依据行业管理职责分工"))
EMERGENCY_LINES = {"110": "公安报警", "119": "消防报警", "120": "医疗急救", "122": "交通事故报警"}


@dataclass(frozen=True)
class Staff:
    """Who acts in the history: the centre's dispatchers and one account per handling unit."""

    unit_ids: dict[str, int]  # unit code → id
    unit_names: dict[str, str]  # unit code → name
    dispatcher_ids: list[int]
    unit_user_ids: dict[str, int]  # unit code → the id of its staff account


@dataclass(frozen=True)
class Dispatch:
    """How one order was dispatched: to whom, on whose suggestion, and whether the unit returned it."""

    at: datetime
    shown: str | None  # the unit shown first; None: nothing was shown (no feedback row)
    unit: str  # chosen
    dispute: Dispute | None = None

    @property
    def lead(self) -> str:
        """The unit that handles the order in the end."""
        return (self.dispute.redispatched_to or self.unit) if self.dispute else self.unit

    @property
    def restarted_at(self) -> datetime:
        """When the handling unit's clock (sign, return window) last started."""
        return self.dispute.ruled_at if self.dispute and self.dispute.redispatched_to else self.at


@dataclass(frozen=True)
class Dispute:
    """A unit's return (退单) and the centre's ruling on it."""

    returned_at: datetime
    ruled_at: datetime
    reason: tuple[str, str]  # (reason, basis)
    redispatched_to: str | None  # None: the return was rejected
    shown: str | None  # for a re-dispatch: the suggested unit left once the returning unit is passed over


@dataclass
class History:
    """The rows of one order beside its own: events, feedback and the stored suggestion."""

    events: list[dict[str, Any]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    suggestion: dict[str, Any] | None = None


class HistoryWriter:
    def __init__(self, seed: int, now: datetime, staff: Staff) -> None:
        self.rng, self.now, self.staff = random.Random(seed), now, staff

    # -- registration ---------------------------------------------------------------------------

    def suggestion(self, order_id: int, at: datetime, report: AlertReport, topic: str, catalogue_unit: str,
                   place: dict[str, str]) -> dict[str, Any]:
        """The ``order_suggestions`` row registration stores (``suggestions.prepare(full=False)``)."""
        payload = {
            "alerts": alerts_payload(report),
            "location": {"source": "entered", "areas": [], **place},
            "unit": {"source": "catalogue", "topic": topic, "topic_confidence": None,
                     "candidates": [{"label": catalogue_unit, "name": self.staff.unit_names[catalogue_unit],
                                     "confidence": 1.0}],
                     "co_units": [], "rule": {"id": topic, "revision": 1, "topic": topic, "territorial_level": None},
                     "reason_zh": f"派单目录第 1 版规则：{topic}", "reason_en": "Dispatch catalogue rule (revision 1)"},
            "duplicates": [], "complete": False}
        return {"order_id": order_id, "payload": payload, "emergency_line": emergency_line(payload),
                "model_versions": {}, "created_at": at}

    def transferred_as_emergency(self, report: AlertReport) -> bool:
        """Whether the agent confirmed the rules' flag and transferred the call to the emergency line."""
        return report.transfer_to is not None and self.rng.random() < FLAGGED_TRANSFER_SHARE

    def transfer(self, history: History, order_id: int, at: datetime, agent: int, line: str, mode: str, *,
                 emergency: bool) -> None:
        """The TRANSFER event of ``intake.transfer`` (by the agent who registered the order)."""
        history.events.append(self._event(order_id, at, Action.TRANSFER, OrderStatus.REGISTERED,
                                          OrderStatus.TRANSFERRED, agent,
                                          {"target": line, "mode": mode, "note": "已一键转接并三方通话确认",
                                           "emergency": emergency}, role=Role.AGENT))

    # -- dispatch -------------------------------------------------------------------------------

    def dispatch(self, at: datetime, catalogue_unit: str, overrule: str, alternative: str) -> Dispatch:
        """Whom the dispatcher chose: the catalogue's unit, or ``overrule`` (a district matter sent to the
        street, a department's to the district); whether the unit returned it within its day, and the ruling
        (a re-dispatch goes to the catalogue's unit if the dispatcher had overruled it, else ``alternative``).
        A dispute not ruled on by now is left out: the order would still be waiting for the ruling."""
        rng = self.rng
        shown = None if rng.random() < UNSHOWN_SHARE else catalogue_unit
        followed = rng.random() < FOLLOWED_SHARE
        unit = catalogue_unit if followed else overrule
        if rng.random() >= RETURN_SHARE[followed]:
            return Dispatch(at, shown, unit)
        returned = at + timedelta(hours=rng.uniform(0.5, 20))
        ruled = returned + timedelta(hours=rng.uniform(0.5, 6))
        if ruled > self.now:
            return Dispatch(at, shown, unit)
        upheld = rng.random() < UPHOLD_SHARE
        to = (catalogue_unit if unit != catalogue_unit else alternative) if upheld else None
        redispatch_shown = to if to == catalogue_unit or rng.random() < REDISPATCH_SHOWN_SHARE else None
        return Dispatch(at, shown, unit, Dispute(returned, ruled, rng.choice(RETURN_REASONS), to, redispatch_shown))

    def dispatched(self, history: History, order_id: int, dispatch: Dispatch, due_at: datetime) -> None:
        """The events and feedback rows of a dispatch and of its dispute, if any."""
        dispatcher = self.rng.choice(self.staff.dispatcher_ids)
        shown = self._unit_choice(history, order_id, dispatch.at, dispatcher, dispatch.shown, dispatch.unit)
        history.events.append(self._event(order_id, dispatch.at, Action.DISPATCH, OrderStatus.REGISTERED,
                                          OrderStatus.DISPATCHED, dispatcher,
                                          {"unit": dispatch.unit, "co_units": [], "due_at": due_at.isoformat(),
                                           **shown}))
        if dispatch.dispute is not None:
            self._disputed(history, order_id, dispatch.unit, dispatch.dispute)

    def _disputed(self, history: History, order_id: int, unit: str, dispute: Dispute) -> None:
        reason, basis = dispute.reason
        pending = {"reason": reason, "basis": basis, "by_unit": self.staff.unit_ids[unit],
                   "at": dispute.returned_at.isoformat(), "from_status": OrderStatus.DISPATCHED.value}
        history.events.append(self._event(order_id, dispute.returned_at, Action.RETURN, OrderStatus.DISPATCHED,
                                          OrderStatus.RETURN_REQUESTED, self.staff.unit_user_ids[unit],
                                          {"reason": reason, "basis": basis}, role=Role.UNIT,
                                          unit_id=self.staff.unit_ids[unit]))
        dispatcher = self.rng.choice(self.staff.dispatcher_ids)
        if dispute.redispatched_to is None:
            history.events.append(self._event(order_id, dispute.ruled_at, Action.REJECT_RETURN,
                                              OrderStatus.RETURN_REQUESTED, OrderStatus.HANDLING, dispatcher,
                                              {"comment": "属于该单位职责，驳回退单", "return": pending}))
            return
        # A re-dispatch always records what was shown (``unit_shown`` succeeded), even when no unit was left.
        shown = self._unit_choice(history, order_id, dispute.ruled_at, dispatcher, dispute.shown,
                                  dispute.redispatched_to, recorded=True)
        history.events.append(self._event(order_id, dispute.ruled_at, Action.UPHOLD_RETURN,
                                          OrderStatus.RETURN_REQUESTED, OrderStatus.DISPATCHED, dispatcher,
                                          {"comment": "退单理由成立，改派", "return": pending,
                                           "unit": dispute.redispatched_to, "co_units": [], **shown}))

    def _unit_choice(self, history: History, order_id: int, at: datetime, dispatcher: int, shown: str | None,
                     chosen: str, *, recorded: bool = False) -> dict[str, str]:
        """``record_unit_choice``: the feedback row, and what the event's details say of it (None values are
        dropped from details, as ``transitions.record`` does)."""
        if shown is None and not recorded:
            return {}
        history.feedback.append(unit_choice_row(order_id, shown, chosen, None, dispatcher, at))
        return {"suggested_by": "catalogue", **({"suggested_unit": shown} if shown else {})}

    @staticmethod
    def _event(order_id: int, at: datetime, action: Action, before: OrderStatus, after: OrderStatus, actor: int,
               details: dict[str, Any], *, role: Role = Role.DISPATCHER, unit_id: int | None = None
               ) -> dict[str, Any]:
        return {"order_id": order_id, "at": at, "actor_id": actor, "actor_role": role.value,
                "actor_unit_id": unit_id, "action": action.value, "from_status": before.value,
                "to_status": after.value, "details": details}
