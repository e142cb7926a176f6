"""The working-day calendar that every time limit is counted on (DOMAIN.md §2).

Working days follow the State Council's yearly holiday notice: public holidays are off and the
weekend make-up days (调休) are worked. The calendar is built from two sources that are passed in:

- ``official``: a function telling whether a day is worked according to published data (in
  production the ``chinese_calendar`` package), or ``None`` for a year it does not know;
- ``overrides``: days an admin set by hand, e.g. next year's notice before the package has it, or a
  local typhoon day. An override always wins.

A year known to neither source does not crash: Monday–Friday are taken as working days and the
result is flagged *estimated*, so the UI can say a deadline may move once the notice is entered.

Counting rule: a limit of N working days starts on the first working day *after* the local date of
the start time (受理次日起算) and ends at 24:00 local time of the N-th working day. Deadlines are
returned as aware UTC datetimes; 24:00 is represented as 00:00 of the next calendar day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"

# No real calendar has a year without a working day; a longer run means the sources are broken
# (e.g. an ``official`` function that always says "off") and we refuse rather than loop forever.
_MAX_DAYS_OFF_IN_A_ROW = 366

_ONE_DAY = timedelta(days=1)


class WorkCalendar:
    """Which days are worked, and deadlines counted on them, in one time zone."""

    def __init__(
        self,
        official: Callable[[date], bool | None],
        overrides: Mapping[date, bool] | None = None,
        tz: str = DEFAULT_TZ,
    ) -> None:
        self._official = official
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._override_years = frozenset(day.year for day in self._overrides)
        self.tz = ZoneInfo(tz)
        # day -> (is worked, is estimated). Per instance, so a calendar built from another set
        # of overrides never sees these answers; the service layer builds a new instance when
        # the overrides change. Concurrent writers only ever store the same answer twice.
        self._memo: dict[date, tuple[bool, bool]] = {}

    @property
    def overrides(self) -> Mapping[date, bool]:
        return dict(self._overrides)

    # -- days ---------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """Override first, then the official data, then Monday–Friday."""
        return self._lookup(day)[0]

    def is_estimated(self, day: date) -> bool:
        """True when the answer for ``day`` is a guess: its year is known to neither source.

        An admin enters a year's notice as overrides for its exceptions only (holidays and make-up
        days); the remaining days of that year are then ordinary Monday–Friday days by the notice
        itself, not a guess. So any override in a year makes the whole year known, which keeps this
        flag consistent with ``estimated_years``.
        """
        return self._lookup(day)[1]

    def estimated_years(self, start: date, end: date) -> list[int]:
        """The years with a day in ``[start, end]`` known to neither the official data nor overrides."""
        return sorted({day.year for day in _days(start, end) if self.is_estimated(day)})

    def _lookup(self, day: date) -> tuple[bool, bool]:
        if isinstance(day, datetime):
            # A datetime's calendar day depends on the zone; the caller must pick the local date.
            raise TypeError("pass a date, not a datetime; use local_date() first")
        cached = self._memo.get(day)
        if cached is not None:
            return cached
        override = self._overrides.get(day)
        if override is not None:
            answer = (override, False)
        else:
            official = self._official(day)
            if official is not None:
                answer = (bool(official), False)
            else:
                answer = (day.weekday() < 5, day.year not in self._override_years)
        self._memo[day] = answer
        return answer

    # -- instants -----------------------------------------------------------------------------

    def local_date(self, moment: datetime) -> date:
        """The calendar day of ``moment`` in this calendar's time zone."""
        return _require_aware(moment).astimezone(self.tz).date()

    def end_of_day(self, day: date) -> datetime:
        """24:00 local of ``day`` (= 00:00 of the next day), as an aware UTC datetime."""
        return datetime.combine(day + _ONE_DAY, time(0), tzinfo=self.tz).astimezone(UTC)

    def add_workdays(self, start: datetime, n: int) -> datetime:
        """The end (24:00 local) of the ``n``-th working day after the local date of ``start``.

        ``n == 0`` means the end of the start's own local day.
        """
        if n < 0:
            raise ValueError(f"a number of working days cannot be negative: {n}")
        return self.end_of_day(self.nth_workday_after(self.local_date(start), n))

    def nth_workday_after(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (``day`` itself when ``n == 0``)."""
        if n < 0:
            raise ValueError(f"a number of working days cannot be negative: {n}")
        current, found, days_off = day, 0, 0
        while found < n:
            current += _ONE_DAY
            if self.is_workday(current):
                found += 1
                days_off = 0
            else:
                days_off += 1
                if days_off > _MAX_DAYS_OFF_IN_A_ROW:
                    raise ValueError(f"no working day within a year after {current - _ONE_DAY * days_off}")
        return current

    def add_hours(self, start: datetime, hours: int) -> datetime:
        """Plain clock hours, for urgent matters (24 h, 2 h): holidays do not stop the clock."""
        if hours < 0:
            raise ValueError(f"a number of hours cannot be negative: {hours}")
        return _require_aware(start).astimezone(UTC) + timedelta(hours=hours)

    def workdays_between(self, start: datetime, end: datetime) -> int:
        """Working days strictly after the local date of ``start`` up to and including that of ``end``.

        The day on which ``end`` falls counts even if it has barely begun, so for a deadline
        ``due = add_workdays(start, n)`` any moment before ``due`` gives at most ``n``.
        """
        if _require_aware(end) <= _require_aware(start):
            return 0
        first = self.local_date(start) + _ONE_DAY
        return sum(1 for day in _days(first, self.local_date(end)) if self.is_workday(day))


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"a timezone-aware datetime is required, got naive {moment.isoformat()}")
    return moment


def _days(start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` to ``end`` inclusive (none when ``end < start``)."""
    day = start
    while day <= end:
        yield day
        day += _ONE_DAY


def local_deadline(moment: datetime, tz: ZoneInfo, *, seconds: bool = False) -> str:
    """A deadline as local wall time. A limit ends at 24:00 of its last day, stored as 00:00 of the next, so a
    deadline at local midnight reads as 24:00 of the day it ends (2026-12-11 24:00, not 2026-12-12 00:00, one
    more day). ``seconds``: shown when the moment has any."""
    local = moment.astimezone(tz)
    if local.time() == time(0):
        return f"{(local.date() - _ONE_DAY).isoformat()} 24:00"
    clock = local.strftime("%H:%M:%S" if seconds and (local.second or local.microsecond) else "%H:%M")
    return f"{local.date().isoformat()} {clock}"
