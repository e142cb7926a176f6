"""Time limits (办理时限) and the policy that assigns them to work orders (DOMAIN.md §2).

Limits are configuration, by appeal type and urgency. Normal matters are counted in working days
on a ``WorkCalendar``; urgent and critical ones in clock hours, because a burst water main or a
danger to people does not wait for Monday. ``DEFAULT_LIMITS`` are the published Guangdong values;
a centre overrides them through ``TimeLimitRule`` rows (see ``hotline.services.calendar``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from hotline.domain.calendar import WorkCalendar
from hotline.domain.enums import AppealType, LimitUnit, Urgency


@dataclass(frozen=True)
class TimeLimit:
    amount: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"a time limit cannot be negative: {self.amount}")

    @classmethod
    def workdays(cls, amount: int) -> TimeLimit:
        return cls(amount, LimitUnit.WORKDAYS)

    @classmethod
    def hours(cls, amount: int) -> TimeLimit:
        return cls(amount, LimitUnit.HOURS)

    @property
    def label_zh(self) -> str:
        """How the limit reads on an order, e.g. ``5个工作日`` or ``24小时``."""
        return f"{self.amount}个工作日" if self.unit is LimitUnit.WORKDAYS else f"{self.amount}小时"


# Guangdong's published working-day limits for normal matters (DOMAIN.md §2). Praise and "other"
# are not in the published list; their values are our own defaults.
_NORMAL_WORKDAYS: dict[AppealType, int] = {
    AppealType.INQUIRY: 2,
    AppealType.HELP: 10,
    AppealType.SUGGESTION: 10,
    AppealType.COMPLAINT: 15,
    AppealType.REPORT: 15,
    AppealType.PRAISE: 5,
    AppealType.OTHER: 10,
}
# Urgent (utilities out) and critical (danger to people) matters run on the clock, whatever the type.
_URGENT_HOURS = 24
_CRITICAL_HOURS = 2

DEFAULT_LIMITS: dict[tuple[AppealType, Urgency], TimeLimit] = {
    **{(kind, Urgency.NORMAL): TimeLimit.workdays(days) for kind, days in _NORMAL_WORKDAYS.items()},
    **{(kind, Urgency.URGENT): TimeLimit.hours(_URGENT_HOURS) for kind in AppealType},
    **{(kind, Urgency.CRITICAL): TimeLimit.hours(_CRITICAL_HOURS) for kind in AppealType},
}

# Used only if a (type, urgency) pair is missing from both the configuration and the defaults,
# e.g. an appeal type added later without a published limit.
FALLBACK_LIMIT = TimeLimit.workdays(10)
DEFAULT_SIGN_LIMIT = TimeLimit.workdays(1)
DEFAULT_RETURN_LIMIT = TimeLimit.workdays(2)


def _default_limits() -> Mapping[tuple[AppealType, Urgency], TimeLimit]:
    return dict(DEFAULT_LIMITS)


@dataclass(frozen=True)
class DeadlinePolicy:
    """Every limit a work order is held to. Built by the service layer from configuration."""

    limits: Mapping[tuple[AppealType, Urgency], TimeLimit] = field(default_factory=_default_limits)
    sign_limit: TimeLimit = DEFAULT_SIGN_LIMIT  # 签收: the unit signs for a dispatched order
    return_limit: TimeLimit = DEFAULT_RETURN_LIMIT  # 退单: a unit may return within this after dispatch
    extension_cap_days: int = 10  # total approved extension working days per order (延期)

    def __post_init__(self) -> None:
        if self.extension_cap_days < 0:
            raise ValueError(f"the extension cap cannot be negative: {self.extension_cap_days}")

    def handling_limit(self, appeal_type: AppealType, urgency: Urgency) -> TimeLimit:
        key = (appeal_type, urgency)
        limit = self.limits.get(key)
        return limit if limit is not None else DEFAULT_LIMITS.get(key, FALLBACK_LIMIT)


def due_after(calendar: WorkCalendar, start: datetime, limit: TimeLimit) -> datetime:
    """When ``limit`` counted from ``start`` runs out, as an aware UTC datetime."""
    if limit.unit is LimitUnit.HOURS:
        return calendar.add_hours(start, limit.amount)
    return calendar.add_workdays(start, limit.amount)
