"""Working-day calendar and time-limit configuration, read from and written to the database.

This is the adapter between the pure ``hotline.domain.calendar`` / ``hotline.domain.deadlines`` and
their two sources: the ``chinese_calendar`` package (the State Council notices it ships) and the
admin-edited tables ``calendar_overrides``, ``time_limits`` and ``settings``.

Functions take an SQLAlchemy ``Session`` and never commit: the caller's unit of work does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import CalendarOverride, Setting, TimeLimitRule
from hotline.domain.calendar import DEFAULT_TZ, WorkCalendar
from hotline.domain.deadlines import DEFAULT_LIMITS, DeadlinePolicy, TimeLimit
from hotline.domain.errors import ValidationFailed

log = logging.getLogger(__name__)

SIGN_LIMIT_KEY = "sign_limit_workdays"
RETURN_LIMIT_KEY = "return_limit_workdays"
EXTENSION_CAP_KEY = "extension_cap_days"

_NOTE_MAX_CHARS = 128  # the width of calendar_overrides.note
# Distinct override sets kept warm at once: one per database the process talks to is plenty.
_CACHED_CALENDARS = 8


@dataclass(frozen=True)
class OverrideEntry:
    """One admin-set day, detached from the session so pages and the CLI can render it freely."""

    day: date
    is_workday: bool
    note: str | None


def official_day(day: date) -> bool | None:
    """Whether ``day`` is worked per the ``chinese_calendar`` package; None for a year it lacks."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


# -- the calendar ---------------------------------------------------------------------------------


def load_calendar(session: Session, *, tz: str = DEFAULT_TZ) -> WorkCalendar:
    """The working-day calendar: the package's data with every override from the database on top.

    The override rows themselves are the cache key. Reading them is one small query (a few dozen
    rows a year), and keying on the content means an edit by any process, including a changed
    ``is_workday`` on an existing day, is seen at once, while an unchanged set reuses the warm
    per-day memo of the same ``WorkCalendar``.
    """
    rows = session.execute(
        select(CalendarOverride.day, CalendarOverride.is_workday).order_by(CalendarOverride.day)
    ).all()
    return _calendar_for(tuple((day, bool(is_workday)) for day, is_workday in rows), tz)


@lru_cache(maxsize=_CACHED_CALENDARS)
def _calendar_for(overrides: tuple[tuple[date, bool], ...], tz: str) -> WorkCalendar:
    return WorkCalendar(official_day, dict(overrides), tz)


def clear_calendar_cache() -> None:
    """Forget every cached calendar (tests; or to free memory). Never needed for correctness."""
    _calendar_for.cache_clear()


def set_override(session: Session, *, day: date, is_workday: bool, note: str | None) -> None:
    """Set whether ``day`` is worked, replacing any earlier override of that day."""
    clean_note = (note or "").strip() or None
    if clean_note is not None and len(clean_note) > _NOTE_MAX_CHARS:
        raise ValidationFailed(
            f"备注不能超过{_NOTE_MAX_CHARS}个字符",
            f"The note must be at most {_NOTE_MAX_CHARS} characters",
            code="note_too_long",
        )
    row = session.get(CalendarOverride, day)
    if row is None:
        session.add(CalendarOverride(day=day, is_workday=is_workday, note=clean_note))
    else:
        row.is_workday = is_workday
        row.note = clean_note
    # Flushed so that a load_calendar() later in the same unit of work already sees it.
    session.flush()
    clear_calendar_cache()


def delete_override(session: Session, *, day: date) -> bool:
    """Remove the override of ``day``, if any; True when there was one."""
    row = session.get(CalendarOverride, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    clear_calendar_cache()
    return True


def list_overrides(session: Session, year: int | None = None) -> list[OverrideEntry]:
    """All overrides in date order, or those of one ``year``."""
    query = select(CalendarOverride).order_by(CalendarOverride.day)
    if year is not None:
        if not 1 <= year <= 9999:
            raise ValidationFailed(f"年份无效：{year}", f"Invalid year: {year}", code="invalid_year")
        query = query.where(CalendarOverride.day.between(date(year, 1, 1), date(year, 12, 31)))
    return [OverrideEntry(row.day, row.is_workday, row.note) for row in session.scalars(query)]


# -- time limits ------------------------------------------------------------------------------------


def load_policy(session: Session) -> DeadlinePolicy:
    """Time limits from ``time_limits`` and ``settings`` on top of the built-in defaults.

    A malformed row is logged and skipped rather than raised: one bad admin entry must not stop
    every order from getting a deadline. The defaults stand in for it.
    """
    limits = dict(DEFAULT_LIMITS)
    for rule in session.scalars(select(TimeLimitRule)):
        try:
            limits[(rule.appeal_type, rule.urgency)] = TimeLimit(rule.amount, rule.unit)
        except ValueError as exc:
            log.warning("ignoring time limit %s/%s: %s", rule.appeal_type, rule.urgency, exc)
    defaults = DeadlinePolicy()
    values = _settings(session, (SIGN_LIMIT_KEY, RETURN_LIMIT_KEY, EXTENSION_CAP_KEY))
    return DeadlinePolicy(
        limits=limits,
        sign_limit=TimeLimit.workdays(_count(values, SIGN_LIMIT_KEY, defaults.sign_limit.amount)),
        return_limit=TimeLimit.workdays(_count(values, RETURN_LIMIT_KEY, defaults.return_limit.amount)),
        extension_cap_days=_count(values, EXTENSION_CAP_KEY, defaults.extension_cap_days),
    )


def seed_default_time_limits(session: Session) -> int:
    """Insert the default limits and settings that are missing; returns how many rows were added.

    Only missing entries are added, so running it again (or after an admin edited some values)
    changes nothing that exists.
    """
    existing = {(rule.appeal_type, rule.urgency) for rule in session.scalars(select(TimeLimitRule))}
    added = 0
    for (appeal_type, urgency), limit in DEFAULT_LIMITS.items():
        if (appeal_type, urgency) not in existing:
            session.add(
                TimeLimitRule(appeal_type=appeal_type, urgency=urgency, amount=limit.amount, unit=limit.unit)
            )
            added += 1
    defaults = DeadlinePolicy()
    default_settings = {
        SIGN_LIMIT_KEY: defaults.sign_limit.amount,
        RETURN_LIMIT_KEY: defaults.return_limit.amount,
        EXTENSION_CAP_KEY: defaults.extension_cap_days,
    }
    present = _settings(session, tuple(default_settings))
    for key, value in default_settings.items():
        if key not in present:
            session.add(Setting(key=key, value=value))
            added += 1
    session.flush()
    return added


def _settings(session: Session, keys: tuple[str, ...]) -> dict[str, Any]:
    rows = session.scalars(select(Setting).where(Setting.key.in_(keys)))
    return {row.key: row.value for row in rows}


def _count(values: dict[str, Any], key: str, default: int) -> int:
    """A non-negative whole number from the settings; the default when absent or malformed."""
    if key not in values:
        return default
    value = values[key]
    # bool is an int in Python, but ``true`` in the JSON column is a mistake, not 1 day.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        log.warning("ignoring setting %s=%r: expected a whole number >= 0", key, value)
        return default
    return value
