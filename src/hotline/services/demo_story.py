"""How a demo order lives: its steps from registration to the end, with plausible people and timings.

A story is written in full, as if the clock ran on forever, and then *played* up to ``now``: the
steps after ``now`` have not happened yet, so recent orders end in open statuses by themselves and
old ones are closed. Every status change is looked up in ``TRANSITIONS`` while playing, so a story
the lifecycle table would refuse fails here loudly rather than showing up in the UI.

Field changes mirror what the services in ``intake``, ``handling`` and ``closing`` write, so a demo
order cannot be told from one that went through the real code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from random import Random
from typing import Any

from hotline.domain.calendar import WorkCalendar
from hotline.domain.deadlines import DeadlinePolicy, TimeLimit, due_after
from hotline.domain.enums import AppealType, Channel, Closure, OrderStatus, Role, Satisfaction, Solved, Urgency
from hotline.domain.lifecycle import TRANSITIONS, Action
from hotline.services import demo_templates as phrases
from hotline.services.demo_rules import LEGAL_ROUTES, Clock, Rates

S = OrderStatus


@dataclass(frozen=True)
class ActorRef:
    user_id: int
    role: Role
    unit_id: int | None


@dataclass(frozen=True)
class Staff:
    """The demo's people and units, by the ids the database gave them."""

    agents: tuple[ActorRef, ...]
    dispatchers: tuple[ActorRef, ...]
    supervisor: ActorRef
    admin: ActorRef
    unit_users: dict[str, ActorRef]  # unit code → its login
    unit_ids: dict[str, int]
    unit_names: dict[str, str]


class Fate(StrEnum):
    """What the centre decides at intake (DOMAIN.md §2)."""

    ANSWER = "answer"
    TRANSFER = "transfer"
    OUT_OF_SCOPE = "out_of_scope"
    MERGE = "merge"
    VOID = "void"
    DISPATCH = "dispatch"


@dataclass
class Plan:
    """Everything decided about an order before its story is written."""

    accepted_at: datetime
    channel: Channel
    appeal_type: AppealType
    urgency: Urgency
    fate: Fate
    lead: str  # unit codes: lead, re-dispatch target after an upheld return, pass-down street
    alt_lead: str
    co_unit: str | None
    street: str | None
    transfer: tuple[str, str, str] | None  # (number, "number name", mode) of the line
    forced: OrderStatus | None = None  # write a story that passes through this status
    merge_into: Plan | None = None
    suggested: str | None = None  # the unit the dispatcher was shown first (the dispatch catalogue's)
    steps: list[Step] = field(default_factory=list)


@dataclass
class Step:
    action: Action
    at: datetime
    actor: ActorRef
    details: dict[str, Any]
    changes: dict[str, Any]


@dataclass
class Played:
    status: OrderStatus
    fields: dict[str, Any]
    events: list[tuple[Step, OrderStatus | None, OrderStatus]]


def play(steps: list[Step], now: datetime, stop_at: OrderStatus | None = None) -> Played:
    """The order as it stands at ``now`` (or right after first reaching ``stop_at``)."""
    status: OrderStatus | None = None
    fields: dict[str, Any] = {}
    events: list[tuple[Step, OrderStatus | None, OrderStatus]] = []
    for step in steps:
        if step.at >= now:
            break
        to = S.REGISTERED if status is None else TRANSITIONS[(status, step.action)]
        events.append((step, status, to))
        fields.update(step.changes)
        status = to
        if to is stop_at:
            break
    assert status is not None, "a story starts with its registration, before now"
    return Played(status, fields, events)


_NOT_YET = datetime.min.replace(tzinfo=UTC)  # a deadline before the order is dispatched


@dataclass
class _Life:
    """The running state of a story being written."""

    plan: Plan
    t: datetime
    lead: str
    due: datetime = _NOT_YET
    sign_due: datetime = _NOT_YET
    return_due: datetime = _NOT_YET
    signed: bool = False
    responded: bool = False
    extension_days: int = 0
    returns: int = 0
    urges: int = 0
    redos: int = 0


class StoryWriter:
    def __init__(self, staff: Staff, calendar: WorkCalendar, policy: DeadlinePolicy, rng: Random) -> None:
        self.staff, self.cal, self.policy, self.rng = staff, calendar, policy, rng
        self.clock = Clock(calendar, rng)

    def write(self, plan: Plan) -> list[Step]:
        life = _Life(plan, plan.accepted_at - timedelta(seconds=1), plan.lead)
        plan.steps = []
        self._add(life, Action.REGISTER, plan.accepted_at, self._agent(), {"channel": plan.channel.value})
        if plan.fate is Fate.DISPATCH or (plan.fate is Fate.VOID and self.rng.random() < Rates.VOID_AFTER_DISPATCH):
            self._handle(life)
        else:
            self._intake(life)
        return plan.steps

    # -- helpers --------------------------------------------------------------------------------

    def _at(self, life: _Life, t: datetime) -> datetime:
        """``t``, but after the previous step: steps are strictly ordered in time."""
        return max(t, life.t + timedelta(minutes=1))

    def _add(self, life: _Life, action: Action, at: datetime, actor: ActorRef, details: dict[str, Any],
             **changes: Any) -> datetime:
        assert at > life.t, "pass the step's time through _at() before using it in the changes"
        life.plan.steps.append(Step(action, at, actor, details, changes))
        life.t = at
        return at

    def _agent(self) -> ActorRef:
        return self.rng.choice(self.staff.agents)

    def _dispatcher(self) -> ActorRef:
        return self.rng.choice(self.staff.dispatchers)

    def _unit(self, life: _Life) -> ActorRef:
        return self.staff.unit_users[life.lead]

    def _fast(self, life: _Life) -> bool:
        return life.plan.urgency is not Urgency.NORMAL

    def _unit_time(self, life: _Life, t: datetime) -> datetime:
        # Urgent matters are worked around the clock; the rest in office hours.
        return t if self._fast(life) else self.clock.office(t)

    def _later(self, life: _Life, median_minutes: float) -> datetime:
        scale = 0.1 if self._fast(life) else 1.0
        return self.clock.later(life.t, median_minutes * scale)

    # -- intake decisions -----------------------------------------------------------------------

    def _intake(self, life: _Life) -> None:
        fate, rng = life.plan.fate, self.rng
        at = self._at(life, self.clock.later(life.t, 5))
        if fate is Fate.ANSWER:
            text = rng.choice(phrases.ANSWERS)
            self._add(life, Action.ANSWER, at, self._agent(), {"text": text}, disposition_note=text,
                      reply_text=text, replied_at=at, closure=Closure.DIRECT_ANSWER, closed_at=at)
        elif fate is Fate.TRANSFER and life.plan.transfer:
            number, label, mode = life.plan.transfer
            note = rng.choice(phrases.TRANSFER_NOTES)
            # The demo's appeals are ordinary ones handed to the line for their matter: none is an emergency.
            self._add(life, Action.TRANSFER, at, self._agent(),
                      {"target": number, "mode": mode, "note": note, "emergency": False},
                      transfer_target=label, disposition_note=note, closed_at=at)
        elif fate is Fate.OUT_OF_SCOPE:
            route, label = rng.choice(LEGAL_ROUTES)
            note = rng.choice(phrases.OUT_OF_SCOPE_NOTES)
            self._add(life, Action.OUT_OF_SCOPE, at, self._agent(), {"route": route, "note": note},
                      disposition_note=f"{label}：{note}", closed_at=at)
        elif fate is Fate.MERGE:
            # "into" and merged_into_id are filled in once the surviving order has its number.
            note = "重复来电，与在办工单诉求一致"
            at = self._at(life, self.clock.desk(self.clock.later(life.t, 30)))
            self._add(life, Action.MERGE, at, self._agent(), {"into": None, "note": note}, disposition_note=note,
                      closed_at=at)
        else:
            self._void(life)

    def _void(self, life: _Life) -> None:
        reason = self.rng.choice(phrases.VOID_REASONS)
        actor = self.staff.admin if self.rng.random() < 0.2 else self._dispatcher()
        at = self._at(life, self.clock.desk(self.clock.later(life.t, 40)))
        self._add(life, Action.VOID, at, actor, {"reason": reason}, disposition_note=reason, closed_at=at)

    # -- dispatch and the unit's work -----------------------------------------------------------

    def _handle(self, life: _Life) -> None:
        plan = life.plan
        self._dispatch(life, Action.DISPATCH, plan.lead, self._dispatch_time(life),
                       {"note": None, "suggested_unit": plan.suggested,
                        "suggested_by": "catalogue" if plan.suggested else None})
        if plan.fate is Fate.VOID:
            self._void(life)
            return
        if plan.forced is S.RETURN_REQUESTED or self.rng.random() < Rates.RETURN:
            self._return_dispute(life)
        if not life.signed:
            self._sign(life)
        self._work(life)
        self._finish(life)

    def _dispatch_time(self, life: _Life) -> datetime:
        if self._fast(life):
            return self.clock.later(life.t, 6)
        return self.clock.desk(self.clock.later(life.t, 25))

    def _dispatch(self, life: _Life, action: Action, unit: str, at: datetime, details: dict[str, Any],
                  **changes: Any) -> None:
        first = action is Action.DISPATCH
        co_units = [life.plan.co_unit] if first and life.plan.co_unit and life.plan.co_unit != unit else []
        at = self._at(life, at)
        life.sign_due = due_after(self.cal, at, self.policy.sign_limit)
        life.return_due = due_after(self.cal, at, self.policy.return_limit)
        if first:  # a re-dispatch keeps the citizen's clock running
            limit = self.policy.handling_limit(life.plan.appeal_type, life.plan.urgency)
            life.due = due_after(self.cal, life.plan.accepted_at, limit)
            changes["due_at"] = life.due
        self._add(life, action, at, self._dispatcher(),
                  {**details, "unit": unit, "co_units": co_units, "due_at": life.due.isoformat()},
                  lead_unit_id=self.staff.unit_ids[unit], assignee_unit_id=None, dispatched_at=at, signed_at=None,
                  sign_due_at=life.sign_due, return_due_at=life.return_due, _co_units=co_units, **changes)
        life.lead, life.signed = unit, False

    def _sign(self, life: _Life) -> None:
        if not self._fast(life) and self.rng.random() < Rates.LATE_SIGN:
            at = self.clock.office(life.sign_due + timedelta(hours=self.rng.uniform(1, 40)))
        else:
            at = self._unit_time(life, self._later(life, 90))
        at = self._at(life, at)
        self._add(life, Action.SIGN, at, self._unit(life), {"late": at > life.sign_due}, signed_at=at)
        life.signed = True

    def _return_dispute(self, life: _Life) -> None:
        rng = self.rng
        if rng.random() < 0.3:
            self._sign(life)  # some units sign first and find out later that the matter is not theirs
        at = min(self._unit_time(life, self._later(life, 240)),
                 life.return_due - timedelta(minutes=rng.uniform(5, 90)))
        if at <= life.t:
            return  # the return window has passed: the unit must handle it
        reason, basis = rng.choice(phrases.RETURN_REASONS)
        life.returns += 1
        pending = {"reason": reason, "basis": basis, "by_unit": self.staff.unit_ids[life.lead], "at": at.isoformat(),
                   "from_status": (S.HANDLING if life.signed else S.DISPATCHED).value}
        self._add(life, Action.RETURN, at, self._unit(life), {"reason": reason, "basis": basis},
                  pending_return=pending, return_count=life.returns)
        ruling = self._at(life, self.clock.desk(self.clock.later(life.t, 120)))
        if rng.random() < Rates.UPHOLD_RETURN:
            # The form is pre-filled with the catalogue's unit unless that is the unit returning the order
            # (suggestions.unit_shown): the catalogue knows no other, so nothing is suggested then.
            shown = life.plan.suggested if life.plan.suggested != life.lead else None
            self._dispatch(life, Action.UPHOLD_RETURN, life.plan.alt_lead, ruling,
                           {"comment": "退单理由成立，改派", "return": pending, "suggested_unit": shown,
                            "suggested_by": "catalogue"}, pending_return=None)
        else:
            self._add(life, Action.REJECT_RETURN, ruling, self._dispatcher(),
                      {"comment": "属于该单位职责，驳回退单", "return": pending}, pending_return=None)
            life.signed = True

    def _work(self, life: _Life) -> None:
        plan, rng = life.plan, self.rng
        if plan.street and life.lead.startswith("d-") and life.lead == plan.lead and rng.random() < Rates.PASS_DOWN:
            at = self._at(life, self._unit_time(life, self._later(life, 60)))
            self._add(life, Action.PASS_DOWN, at, self._unit(life), {"unit": plan.street, "note": None},
                      assignee_unit_id=self.staff.unit_ids[plan.street])
        self._respond(life)
        if not self._fast(life) and plan.appeal_type is not AppealType.INQUIRY and rng.random() < Rates.EXTENSION:
            self._extension(life)
        self._reply(life, late=rng.random() < Rates.LATE_REPLY)
        self._review(life)

    def _respond(self, life: _Life) -> None:
        at = self._at(life, self._unit_time(life, self._later(life, 120)))
        first = not life.responded
        changes = {"responded_at": at} if first else {}
        self._add(life, Action.RESPOND, at, self._unit(life), {"note": self.rng.choice(phrases.RESPOND_NOTES),
                                                                "first": first}, **changes)
        life.responded = True

    def _extension(self, life: _Life) -> None:
        days = min(self.rng.choice((3, 5, 5, 10)), self.policy.extension_cap_days - life.extension_days)
        at = self._at(life, self.clock.office(life.t + (life.due - life.t) / 2))
        if days < 1 or at >= life.due - timedelta(hours=1):
            return
        reason = self.rng.choice(phrases.EXTENSION_REASONS)
        self._add(life, Action.REQUEST_EXTENSION, at, self._unit(life), {"days": days, "reason": reason},
                  pending_extension={"days": days, "reason": reason, "at": at.isoformat()})
        decided = self._at(life, self.clock.desk(self.clock.later(life.t, 240)))
        if self.rng.random() < Rates.APPROVE_EXTENSION:
            life.due = due_after(self.cal, life.due - timedelta(seconds=1), TimeLimit.workdays(days))
            life.extension_days += days
            self._add(life, Action.APPROVE_EXTENSION, decided, self._dispatcher(),
                      {"days": days, "comment": None, "due_at": life.due.isoformat()},
                      due_at=life.due, extension_days=life.extension_days, pending_extension=None)
        else:
            self._add(life, Action.DENY_EXTENSION, decided, self._dispatcher(),
                      {"days": days, "comment": "理由不充分，请在期限内办结"}, pending_extension=None)

    def _reply(self, life: _Life, *, late: bool) -> None:
        at = self._reply_time(life, late)
        self._supervision(life, at, late)
        text = self.rng.choice(phrases.REPLIES).format(
            unit=self.staff.unit_names[life.lead], months=self.rng.randint(1, 6),
            date=self.clock.local_date_label(life.t))
        at = self._at(life, at)
        self._add(life, Action.REPLY, at, self._unit(life), {"text": text, "late": at > life.due},
                  reply_text=text, replied_at=at, pending_extension=None)

    def _reply_time(self, life: _Life, late: bool) -> datetime:
        if late:
            return self._unit_time(life, life.due + timedelta(hours=self.rng.uniform(2, 120)))
        at = self._unit_time(life, life.t + (life.due - life.t) * self.rng.uniform(0.15, 0.9))
        if at >= life.due:
            at = life.due - timedelta(minutes=self.rng.uniform(10, 180))
        return max(at, life.t + timedelta(minutes=5))

    def _supervision(self, life: _Life, reply_at: datetime, late: bool) -> None:
        """Urge (催办) before a deadline that will be missed, supervise (督办) once it has passed."""
        rng = self.rng
        if late and rng.random() < 0.7:
            urge_at = life.due - timedelta(hours=rng.uniform(4, 20))
        elif rng.random() < Rates.RANDOM_URGE:
            urge_at = life.t + (reply_at - life.t) / 2
        else:
            urge_at = None
        if urge_at is not None and life.t < urge_at < reply_at:
            life.urges += 1
            actor = self.staff.supervisor if rng.random() < 0.3 else self._dispatcher()
            self._add(life, Action.URGE, self._at(life, urge_at), actor, {"note": rng.choice(phrases.URGE_NOTES)},
                      urge_count=life.urges)
        supervise_at = life.due + timedelta(hours=rng.uniform(20, 48))
        if late and rng.random() < 0.4 and life.t < supervise_at < reply_at:
            self._add(life, Action.SUPERVISE, self._at(life, supervise_at), self.staff.supervisor,
                      {"note": rng.choice(phrases.SUPERVISE_NOTES)}, supervised=True)

    def _review(self, life: _Life) -> None:
        at = self._at(life, self.clock.desk(self.clock.later(life.t, 150)))
        if self.rng.random() < Rates.SEND_BACK:
            comment = self.rng.choice(phrases.SEND_BACK_REASONS)
            self._add(life, Action.SEND_BACK, at, self._dispatcher(), {"comment": comment})
            self._reply(life, late=False)
            at = self._at(life, self.clock.desk(self.clock.later(life.t, 150)))
        self._add(life, Action.ACCEPT_REPLY, at, self._dispatcher(), {"comment": None})

    # -- return visit and close -----------------------------------------------------------------

    def _finish(self, life: _Life) -> None:
        rng = self.rng
        if life.plan.forced is not S.VISITED and rng.random() < Rates.NO_VISIT:
            note = rng.choice(phrases.NO_VISIT_NOTES)
            at = self._at(life, self.clock.desk(self.clock.later(life.t, 24 * 60)))
            self._add(life, Action.CLOSE, at, self._agent(), {"note": note, "visited": None},
                      closure=Closure.HANDLED, closed_at=at, disposition_note=note)
            return
        solved, satisfaction = Rates.visit_outcome(rng, redone=life.redos > 0)
        at = self._at(life, self.clock.desk(self.clock.later(life.t, 600)))
        visit_note = rng.choice(phrases.VISIT_NOTES) or None
        details = {"solved": solved.value, "satisfaction": satisfaction.value, "note": visit_note, "method": "phone"}
        visited = self._add(life, Action.VISIT, at, self._agent(), details, visited_at=at, visit_solved=solved,
                            visit_satisfaction=satisfaction, visit_note=visit_note)
        unhappy = solved is Solved.UNSOLVED or satisfaction is Satisfaction.DISSATISFIED
        if unhappy and life.redos == 0 and rng.random() < Rates.REDO:
            self._redo(life)
            return
        at = self._at(life, self.clock.desk(self.clock.later(life.t, 300)))
        actor = self._agent() if rng.random() < 0.7 else self._dispatcher()
        self._add(life, Action.CLOSE, at, actor, {"note": None, "visited": visited.isoformat()},
                  closure=Closure.HANDLED, closed_at=at)

    def _redo(self, life: _Life) -> None:
        reason = self.rng.choice(phrases.REDO_REASONS)
        at = self._at(life, self.clock.desk(self.clock.later(life.t, 180)))
        life.redos += 1
        limit = self.policy.handling_limit(life.plan.appeal_type, life.plan.urgency)
        life.due = due_after(self.cal, at, limit)
        self._add(life, Action.REDO, at, self._dispatcher(), {"reason": reason, "due_at": life.due.isoformat()},
                  due_at=life.due, redo_count=life.redos, reply_text=None, replied_at=None)
        self._respond(life)
        self._reply(life, late=False)
        self._review(life)
        self._finish(life)
