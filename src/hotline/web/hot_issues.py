"""热点问题: the matters many people call about in a period, for the centre's staff.

The clusters are ``services.duplicates.hot_issue_list`` (the API's ``/api/v1/hot-issues``); this page
picks the period (the last 7 days unless chosen) and a district, and draws each cluster's trend as a
small bar chart in inline SVG, computed here: no chart library, no script. Handling units get a 403
page from the service.

The district is chosen from the centre's own districts (the gazetteer's, ``areas.district_names``);
a name that is not one of them (a hand-edited or stale link) is refused, since here an empty result
would read as "no hot issues there". The API's ``district`` stays a free-text match on the orders'
recorded district, like ``/api/v1/orders``'s: orders keep the name they were registered with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from hotline.domain.errors import HotlineError, ValidationFailed
from hotline.domain.periods import plausible_day
from hotline.nlp.hot_issues import HotIssue, Trend
from hotline.services import areas, duplicates
from hotline.web.deps import Page, StaffPage
from hotline.web.forms import query_text
from hotline.web.i18n import error_message, texts
from hotline.web.rendering import error_page, render

router = APIRouter(include_in_schema=False)

DEFAULT_DAYS = 7
MOST_ISSUES = 20
SHOWN_ORDERS = 10  # links per cluster; the rest are counted
BAR, GAP, HEIGHT = 6, 2, 28  # the sparkline's geometry in SVG units


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    title: str


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    bar: int  # a bar's width
    bars: list[Bar]
    summary: str  # what a screen reader says instead of the picture


def sparkline(trend: Trend, lang: str) -> Sparkline:
    """One bar per bucket of the period (zeros show as a sliver, so that a quiet day is visibly a day)."""
    words = texts(lang)
    counts = trend.counts
    top = max((n for _, n in counts), default=0) or 1
    bars = []
    for i, (day, n) in enumerate(counts):
        height = max(1, round(HEIGHT * n / top))
        bars.append(Bar(i * (BAR + GAP), HEIGHT - height, height, words["orders_on"].format(day=day.isoformat(), n=n)))
    summary = ("，" if lang == "zh" else ", ").join(b.title for b in bars)
    return Sparkline(max(len(bars) * (BAR + GAP) - GAP, 1), HEIGHT, BAR, bars, summary)


def _day(raw: str | None, name: str) -> date | None:
    value = query_text(raw, name, 10)
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"日期“{value}”无效，格式如 2026-03-02",
                               f"The date {value} is invalid (e.g. 2026-03-02)", code="invalid_period") from None
    return plausible_day(day, name)


def period(raw_from: str | None, raw_to: str | None, today: date) -> tuple[date, date]:
    """(first, last) day: the last ``DEFAULT_DAYS`` days up to ``to`` (today) unless ``from`` is given."""
    last = _day(raw_to, "to") or today
    first = _day(raw_from, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:  # said as such: "须在 1 到 366 天之间" left the user to work out the dates were swapped
        raise ValidationFailed("起始日期不能晚于截止日期", "The start date must not be after the end date",
                               code="invalid_filter", details={"field": "from"})
    return first, last


def _issue_row(issue: HotIssue, numbers: dict[int, str], lang: str) -> dict[str, Any]:
    orders = [numbers[m] for m in issue.member_ids if isinstance(m, int) and m in numbers]
    p = issue.places
    return {
        "label": issue.label, "key_phrases": issue.key_phrases, "count": issue.count, "callers": issue.callers,
        "places": [(name, n) for level in (p.districts, p.streets, p.communities, p.spots) for name, n in level],
        "topics": issue.topics, "first_at": issue.first_at, "last_at": issue.last_at,
        "bucket": issue.trend.bucket, "direction": issue.trend.direction.value,
        "sparkline": sparkline(issue.trend, lang),
        "orders": orders[:SHOWN_ORDERS], "more": max(len(orders) - SHOWN_ORDERS, 0),
    }


def check_district(raw: str | None, districts: list[str]) -> str:
    """The chosen district ("" for all of them): one of the centre's, else refused."""
    name = query_text(raw, "district", 64)
    if name and name not in districts:
        raise ValidationFailed(f"“{name}”不是本中心的区县，请从列表中选择",
                               f"{name} is not one of the centre's districts: choose one from the list",
                               code="unknown_district", details={"field": "district", "value": name})
    return name


def _load(page: Page, session: Session, first: date, last: date, district: str) -> dict[str, Any]:
    tz = page.state.ctx.tz
    try:
        start = datetime.combine(first, time(0), tzinfo=tz)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    except OverflowError:
        raise ValidationFailed("日期超出范围", "The date is out of range", code="invalid_period") from None
    issues, numbers, read = duplicates.hot_issue_list(session, page.me, start=start, end=end,
                                                    district=district or None, limit=MOST_ISSUES)
    return {"issues": [_issue_row(i, numbers, page.lang) for i in issues], "read": read}


@router.get("/work/hot-issues", response_class=HTMLResponse)
def hot_issues_page(page: StaffPage) -> HTMLResponse:
    params = page.request.query_params
    typed = {k: (params.get(k) or "")[:64] for k in ("from", "to", "district")}
    with page.state.db.uow(write=False) as uow:
        districts = areas.district_names(uow.session)
        try:
            district = check_district(params.get("district"), districts)
            first, last = period(params.get("from"), params.get("to"),
                                 page.now().astimezone(page.state.ctx.tz).date())
            data = _load(page, uow.session, first, last, district)
        except ValidationFailed as exc:
            return render(page, "hot_issues.html", {"values": typed, "error": error_message(exc, page.lang),
                                                    "issues": [], "districts": districts}, status=exc.status)
        except HotlineError as exc:  # a handling unit: the service refuses
            return error_page(page, exc)
    values = {"from": first.isoformat(), "to": last.isoformat(), "district": district}
    return render(page, "hot_issues.html", {"values": values, "error": "", "districts": districts, **data})
