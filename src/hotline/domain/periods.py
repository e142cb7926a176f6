"""The dates a centre's records can carry: days entered by people are checked against them first, so a
typo such as year 0001 or 9999 is refused with a clear message instead of overflowing date arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hotline.domain.errors import ValidationFailed

FIRST_YEAR = 2000
LAST_YEAR = 2100
# The reviews (复盘: ``hotline dispatch-review`` and ``emergency-review``, the page, the API, the catalogue's
# bounces) cover the orders accepted in the last N days: 30 unless asked, at most ten years.
REVIEW_DAYS = 30
MAX_REVIEW_DAYS = 3660
# How far one server's clock may lag another's: an event of an order is recorded after its acceptance, give or
# take that lag.
CLOCK_SKEW = timedelta(hours=1)


def recorded_since(accepted_since: datetime) -> datetime:
    """The earliest time an event or a feedback row of an order accepted since ``accepted_since`` can carry.

    A review bounds the events it reads by it as well as by their orders' acceptance, so that it reads the
    period's events through the (action, at) index, not every event of all time (a centre writes about ten
    per order)."""
    return accepted_since - CLOCK_SKEW


def plausible_day(day: date, field: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationFailed(f"日期须在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间：{day.isoformat()}",
                               f"The date must lie between {FIRST_YEAR} and {LAST_YEAR}: {day.isoformat()}",
                               code="date_out_of_range", details={"field": field})
    return day
