"""Centre configuration that admins edit: the working-day calendar's overrides and time limits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hotline.db.models import Hotline, TimeLimitRule
from hotline.db.uow import UnitOfWork
from hotline.domain.deadlines import DeadlinePolicy, TimeLimit
from hotline.domain.enums import AppealType, LimitUnit, Role, Urgency
from hotline.domain.errors import NotFound, PermissionDenied, ValidationFailed
from hotline.services import calendar
from hotline.services.auth import Actor

MAX_LIMIT = {LimitUnit.WORKDAYS: 90, LimitUnit.HOURS: 720}


def require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("仅管理员可以修改配置", "Only administrators may change the configuration",
                               code="admin_only")


def set_calendar_day(uow: UnitOfWork, *, actor: Actor, day: date, is_workday: bool, note: str | None) -> None:
    """Enter one day of the State Council's holiday notice (放假 or 调休上班)."""
    require_admin(actor)
    if not 2000 <= day.year <= 2100:
        raise ValidationFailed("日期超出范围", "The date is out of range", code="date_out_of_range")
    calendar.set_override(uow.session, day=day, is_workday=is_workday, note=note)
    uow.commit()


def remove_calendar_day(uow: UnitOfWork, *, actor: Actor, day: date) -> None:
    require_admin(actor)
    if not calendar.delete_override(uow.session, day=day):
        raise NotFound("该日期没有设置调整", "No override for that day", code="override_not_found")
    uow.commit()


def set_time_limit(uow: UnitOfWork, *, actor: Actor, appeal_type: AppealType, urgency: Urgency,
                   limit: TimeLimit) -> None:
    """Change a handling time limit; it applies to orders dispatched from now on."""
    require_admin(actor)
    if not 1 <= limit.amount <= MAX_LIMIT[limit.unit]:
        raise ValidationFailed(f"时限须在 1 到 {MAX_LIMIT[limit.unit]} 之间",
                               f"The limit must be between 1 and {MAX_LIMIT[limit.unit]}", code="limit_out_of_range")
    session = uow.session
    rule = session.scalar(select(TimeLimitRule).where(TimeLimitRule.appeal_type == appeal_type,
                                                      TimeLimitRule.urgency == urgency))
    if rule is None:
        session.add(TimeLimitRule(appeal_type=appeal_type, urgency=urgency, amount=limit.amount, unit=limit.unit))
    else:
        rule.amount, rule.unit = limit.amount, limit.unit
    uow.commit()


def current_policy(uow: UnitOfWork) -> DeadlinePolicy:
    return calendar.load_policy(uow.session)


def hotline_directory(uow: UnitOfWork) -> list[Hotline]:
    return list(uow.session.scalars(select(Hotline).order_by(Hotline.number)))
