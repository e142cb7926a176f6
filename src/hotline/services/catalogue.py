"""The dispatch catalogue (派单目录): admins keep it, dispatch reads it.

Every change is a new catalogue revision; a replaced or removed rule keeps its row with the time it
stopped applying, so "which rule sent this order there" can be answered for any past dispatch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from hotline.db.models import Area, CatalogueRule, Unit
from hotline.db.uow import UnitOfWork
from hotline.domain.catalogue import PlaceArea, Routing, Rule, route
from hotline.domain.enums import AreaKind
from hotline.domain.errors import NotFound, ValidationFailed
from hotline.domain.periods import plausible_day
from hotline.services.auth import Actor
from hotline.services.configuration import require_admin
from hotline.services.topics import checked_topic

MAX_CO_UNITS = 10


@dataclass(frozen=True)
class RuleDraft:
    """A rule as an admin enters it: codes, not ids."""

    topic: str
    area: str | None  # area code; None: the whole city
    lead_unit: str | None  # unit code, or None with a territorial level
    territorial_level: AreaKind | None
    co_units: tuple[str, ...] = ()
    note: str = ""
    effective_from: datetime | None = None  # None: now


def _in_force(at: datetime) -> list[ColumnElement[bool]]:
    return [CatalogueRule.effective_from <= at,
            or_(CatalogueRule.effective_to.is_(None), CatalogueRule.effective_to > at)]


def rules_at(session: Session, at: datetime) -> list[CatalogueRule]:
    return list(session.scalars(select(CatalogueRule).where(*_in_force(at))
                                .order_by(CatalogueRule.topic, CatalogueRule.id)))


def list_rules(session: Session, *, at: datetime, history: bool = False) -> list[CatalogueRule]:
    """The rules in force at ``at`` (or every rule ever, newest revision first, with ``history``)."""
    if history:
        return list(session.scalars(select(CatalogueRule).order_by(CatalogueRule.revision.desc(),
                                                                    CatalogueRule.id.desc())))
    return rules_at(session, at)


def current_revision(session: Session) -> int:
    return session.scalar(select(func.max(CatalogueRule.revision))) or 0


def catalogue_state(session: Session) -> tuple[int, int]:
    """What changes with every edit: the newest revision (adding, replacing) and how many rules have an end
    (retiring a rule adds no revision, but gives the rule its ``effective_to``)."""
    newest, ended = session.execute(select(func.max(CatalogueRule.revision),
                                           func.count(CatalogueRule.effective_to))).one()
    return newest or 0, ended or 0


def _domain_rules(session: Session, rows: list[CatalogueRule]) -> list[Rule]:
    area_ids = {r.area_id for r in rows if r.area_id is not None}
    kinds = dict(session.execute(select(Area.id, Area.kind).where(Area.id.in_(area_ids))).all()) \
        if area_ids else {}
    return [Rule(r.id, r.revision, r.topic, r.area_id, kinds.get(r.area_id) if r.area_id else None,
                 r.lead_unit_id, r.territorial_level, tuple(r.co_unit_ids or ())) for r in rows]


@dataclass(frozen=True)
class _Edition:
    state: tuple[int, int]  # catalogue_state when it was read
    valid_from: datetime
    valid_until: datetime | None  # the next time a rule starts or stops applying
    rules: list[Rule]


class RuleBook:
    """The rules in force, kept per process. The revision is looked up at most every ``CHECK_SECONDS`` (at
    once after a change made through this process), so other processes see an admin's edit within seconds."""

    CHECK_SECONDS = 5.0

    def __init__(self) -> None:
        self._edition: _Edition | None = None
        self._state = (-1, -1)
        self._checked = 0.0

    def invalidate(self) -> None:
        self._checked = 0.0
        self._edition = None

    def rules(self, session: Session, at: datetime) -> list[Rule]:
        if time.monotonic() - self._checked >= self.CHECK_SECONDS:
            self._state, self._checked = catalogue_state(session), time.monotonic()
        state = self._state
        edition = self._edition
        if edition is None or edition.state != state or at < edition.valid_from or \
                (edition.valid_until is not None and at >= edition.valid_until):
            rows = rules_at(session, at)
            future = [t for t in session.scalars(select(CatalogueRule.effective_from)
                                                 .where(CatalogueRule.effective_from > at))]
            future += [t for t in session.scalars(select(CatalogueRule.effective_to)
                                                  .where(CatalogueRule.effective_to > at)) if t is not None]
            edition = _Edition(state, at, min(future) if future else None, _domain_rules(session, rows))
            self._edition = edition
        return edition.rules


def route_order(session: Session, *, topic: str | None, place: list[PlaceArea], at: datetime,
                book: RuleBook | None = None) -> Routing | None:
    """The catalogue's lead unit and co-units for a matter of ``topic`` at ``place``."""
    rules = book.rules(session, at) if book is not None else _domain_rules(session, rules_at(session, at))
    return route(rules, topic, place)


@dataclass(frozen=True)
class Names:
    """Codes and names of the units and areas some rules refer to."""

    units: dict[int, str]
    areas: dict[int, tuple[str, str]]

    def unit_code(self, unit_id: int | None) -> str | None:
        return self.units.get(unit_id) if unit_id is not None else None

    def area_code(self, area_id: int | None) -> str | None:
        return self.areas[area_id][0] if area_id in self.areas else None

    def area_name(self, area_id: int | None) -> str | None:
        return self.areas[area_id][1] if area_id in self.areas else None


def names_for(session: Session, rules: list[CatalogueRule]) -> Names:
    unit_ids = {u for r in rules for u in [r.lead_unit_id, *(r.co_unit_ids or [])] if u is not None}
    area_ids = {r.area_id for r in rules if r.area_id is not None}
    units = dict(session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids))).all()) \
        if unit_ids else {}
    found = session.execute(select(Area.id, Area.code, Area.name).where(Area.id.in_(area_ids))).all() \
        if area_ids else []
    return Names(units, {i: (code, name) for i, code, name in found})


def _unit_id(session: Session, code: str, field: str) -> int:
    unit_id = session.scalar(select(Unit.id).where(Unit.code == code, Unit.active.is_(True)))
    if unit_id is None:
        raise ValidationFailed(f"单位不存在：{code}", f"No such unit: {code}", code="unknown_unit",
                               details={"field": field, "unit": code})
    return unit_id


def _validated(session: Session, draft: RuleDraft) -> dict[str, object]:
    topic = draft.topic.strip().strip("/")
    # "" is the rule for every topic; any other must be an active entry of the topic directory, if it has any
    topic = checked_topic(session, topic, hold=True) if topic else ""
    if (draft.lead_unit is None) == (draft.territorial_level is None):
        raise ValidationFailed("须指定主办单位或属地层级（二选一）",
                               "Give either a lead unit or a territorial level, not both",
                               code="lead_or_territorial")
    if len(draft.co_units) > MAX_CO_UNITS:
        raise ValidationFailed(f"协办单位最多 {MAX_CO_UNITS} 个", f"At most {MAX_CO_UNITS} co-units",
                               code="too_many_co_units")
    area_id = None
    if draft.area:
        area_id = session.scalar(select(Area.id).where(Area.code == draft.area))
        if area_id is None:
            raise ValidationFailed(f"区域不存在：{draft.area}", f"No such area: {draft.area}", code="unknown_area")
    lead = _unit_id(session, draft.lead_unit, "lead_unit") if draft.lead_unit else None
    co_units = list(dict.fromkeys(_unit_id(session, c, "co_units") for c in draft.co_units))
    return {"topic": topic, "area_id": area_id, "lead_unit_id": lead, "territorial_level": draft.territorial_level,
            "co_unit_ids": [c for c in co_units if c != lead], "note": draft.note.strip()}


def add_rule(uow: UnitOfWork, *, actor: Actor, draft: RuleDraft, now: datetime,
             replaces: int | None = None) -> CatalogueRule:
    """Add a rule (or replace rule ``replaces``) as the catalogue's next revision."""
    require_admin(actor)
    session = uow.session
    values = _validated(session, draft)
    effective_from = draft.effective_from or now
    plausible_day(effective_from.date(), "effective_from")
    revision = current_revision(session) + 1
    if replaces is not None:
        _retire(session, replaces, at=effective_from)
    rule = CatalogueRule(revision=revision, effective_from=effective_from, effective_to=None,
                         created_by=actor.user_id, created_at=now, **values)
    session.add(rule)
    uow.commit()
    return rule


def remove_rule(uow: UnitOfWork, *, actor: Actor, rule_id: int, now: datetime) -> None:
    require_admin(actor)
    _retire(uow.session, rule_id, at=now)
    uow.commit()


def _retire(session: Session, rule_id: int, *, at: datetime) -> None:
    rule = session.get(CatalogueRule, rule_id, with_for_update=True)
    if rule is None or rule.effective_to is not None:
        raise NotFound("派单目录中没有这条有效规则", "No rule in force with that id", code="rule_not_found")
    rule.effective_to = max(at, rule.effective_from)
