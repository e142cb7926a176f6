"""The numbers that make the demo look like a real centre: volumes, shares, rates and working hours.

Shares follow DOMAIN.md (55–65 % inquiries, ~30 % help requests; direct answers ~20 %; solved ~75 %,
satisfied ~80 %) and what centres publish; the rest are judgement calls, kept here in one place so
they are easy to tune.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from hotline.domain.calendar import WorkCalendar
from hotline.domain.enums import AppealType, Channel, LegalRoute, Satisfaction, Solved, Urgency, label_zh

APPEAL_TYPES: dict[AppealType, float] = {
    AppealType.INQUIRY: 0.55, AppealType.HELP: 0.28, AppealType.COMPLAINT: 0.09, AppealType.REPORT: 0.03,
    AppealType.SUGGESTION: 0.03, AppealType.PRAISE: 0.01, AppealType.OTHER: 0.01,
}
CHANNELS: dict[Channel, float] = {
    Channel.PHONE: 0.70, Channel.WECHAT: 0.09, Channel.WEB: 0.06, Channel.APP: 0.06, Channel.SMS: 0.02,
    Channel.EMAIL: 0.01, Channel.WEIBO: 0.01, Channel.HIGHER_LEVEL: 0.01, Channel.LEADER_MAILBOX: 0.015,
    Channel.TRANSFER_110: 0.01, Channel.OPEN311: 0.005,
}
# Calls by local hour: a 7×24 line with morning and afternoon peaks.
HOURS = (0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.3, 0.8, 1.6, 2.2, 2.3, 2.0,
         1.3, 1.5, 2.0, 2.1, 1.9, 1.6, 1.1, 1.0, 0.9, 0.7, 0.45, 0.25)
# Summer (water, power, noise, heat) and the weeks after the Spring Festival are busier.
MONTHS = (1.05, 0.95, 1.05, 1.0, 1.0, 1.1, 1.25, 1.25, 1.05, 0.95, 0.95, 1.0)
OFF_DAY = 0.6  # weekends and public holidays, relative to a working day

# Answered directly, transferred, outside the scope, merged, voided; the rest is dispatched.
_FATES_INQUIRY = (0.34, 0.03, 0.015, 0.005, 0.004)
_FATES_OTHER = (0.04, 0.02, 0.02, 0.03, 0.005)

_CRITICAL_WORDS = ("燃气泄漏", "漏气", "燃气气味", "煤气味", "火灾隐患", "触电")
_URGENT_WORDS = ("停水", "停电", "爆管", "没水", "断水", "断电", "被困", "污水外溢")

LEGAL_ROUTES: tuple[tuple[str, str], ...] = tuple((r.value, label_zh(r)) for r in LegalRoute)


def fate_weights(appeal_type: AppealType) -> tuple[float, ...]:
    """(answer, transfer, out of scope, merge, void, dispatch) for an appeal type."""
    shares = _FATES_INQUIRY if appeal_type is AppealType.INQUIRY else _FATES_OTHER
    return (*shares, 1 - sum(shares))


def urgency_of(text: str, rng: Random) -> Urgency:
    if any(w in text for w in _CRITICAL_WORDS):
        return Urgency.CRITICAL
    if any(w in text for w in _URGENT_WORDS) and rng.random() < 0.7:
        return Urgency.URGENT
    return Urgency.NORMAL


def day_weight(day: date, calendar: WorkCalendar, start: date, span_days: int) -> float:
    """Expected calls on ``day``: working day or not, season, and a slow growth of the line's use."""
    growth = 0.85 + 0.15 * (day - start).days / max(span_days, 1)
    worked = 1.0 if calendar.is_workday(day) else OFF_DAY
    return worked * MONTHS[day.month - 1] * growth


class Rates:
    """How often each thing happens to a dispatched order."""

    VOID_AFTER_DISPATCH = 0.3
    RETURN = 0.06
    UPHOLD_RETURN = 0.6
    LATE_SIGN = 0.08
    PASS_DOWN = 0.6
    EXTENSION = 0.05
    APPROVE_EXTENSION = 0.75
    LATE_REPLY = 0.08
    RANDOM_URGE = 0.04
    SEND_BACK = 0.06
    NO_VISIT = 0.1
    REDO = 0.35
    REPEAT_CALLER = 0.10  # share of orders from callers who call several times

    @staticmethod
    def visit_outcome(rng: Random, *, redone: bool) -> tuple[Solved, Satisfaction]:
        """Solved and satisfied are separate answers, correlated as in published visit statistics."""
        solved = rng.choices(list(Solved), (0.85, 0.1, 0.05) if redone else (0.75, 0.15, 0.10))[0]
        weights = {Solved.SOLVED: (0.92, 0.06, 0.01, 0.01), Solved.PARTLY: (0.5, 0.32, 0.13, 0.05),
                   Solved.UNSOLVED: (0.15, 0.25, 0.5, 0.1)}[solved]
        satisfaction = rng.choices(list(Satisfaction), weights)[0]
        return solved, satisfaction


_OFFICE_OPEN, _OFFICE_CLOSE = time(8, 30), time(17, 30)
_DESK_OPEN, _DESK_CLOSE = 8, 21


class Clock:
    """Plausible moments: delays, unit office hours on working days, the centre's day shift."""

    def __init__(self, calendar: WorkCalendar, rng: Random) -> None:
        self.cal, self.rng, self.tz = calendar, rng, calendar.tz

    def later(self, t: datetime, median_minutes: float) -> datetime:
        """``t`` plus a log-normal delay: mostly near the median, sometimes much longer."""
        minutes = self.rng.lognormvariate(math.log(max(median_minutes, 0.5)), 0.8)
        return t + timedelta(minutes=minutes)

    def office(self, t: datetime) -> datetime:
        """``t``, or the next opening of a handling unit's office (working days 08:30–17:30)."""
        local = t.astimezone(self.tz)
        day = local.date()
        if self.cal.is_workday(day) and _OFFICE_OPEN <= local.time() < _OFFICE_CLOSE:
            return t
        if not (self.cal.is_workday(day) and local.time() < _OFFICE_OPEN):
            day = self.cal.nth_workday_after(day, 1)
        opening = datetime.combine(day, _OFFICE_OPEN, tzinfo=self.tz)
        return (opening + timedelta(minutes=self.rng.uniform(0, 120))).astimezone(UTC)

    def desk(self, t: datetime) -> datetime:
        """``t``, or the start of the centre's next day shift (dispatch and visits, 08:00–21:00 daily)."""
        local = t.astimezone(self.tz)
        if _DESK_OPEN <= local.hour < _DESK_CLOSE:
            return t
        day = local.date() if local.hour < _DESK_OPEN else local.date() + timedelta(days=1)
        opening = datetime.combine(day, time(_DESK_OPEN), tzinfo=self.tz)
        return (opening + timedelta(minutes=self.rng.uniform(0, 90))).astimezone(UTC)

    def local_date_label(self, t: datetime) -> str:
        local = t.astimezone(self.tz)
        return f"{local.month}月{local.day}日"
