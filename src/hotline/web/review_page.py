"""复盘: how the orders of a period were dispatched and how the emergency flags fared, for the centre's staff.

The figures are ``services.dispatch_review.period_review``, the same as ``hotline dispatch-review`` and
``hotline emergency-review``, for the orders accepted in the last N days (30 unless chosen): the suggested unit
followed, returns and how the centre ruled, the topics that bounce between units; what became of the orders a
rule or the emergency model flagged. Handling units get a 403 page from the service.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from hotline.domain.errors import HotlineError, ValidationFailed
from hotline.domain.periods import MAX_REVIEW_DAYS, REVIEW_DAYS
from hotline.services import dispatch_review, queries
from hotline.services.emergency_review import Outcomes
from hotline.web.catalogue_page import bounce_rows
from hotline.web.deps import Page, StaffPage
from hotline.web.forms import query_text
from hotline.web.i18n import error_message
from hotline.web.rendering import error_page, render

router = APIRouter(include_in_schema=False)

PERIODS = (7, 30, 90, 365)  # offered in the form; any 1 to MAX_REVIEW_DAYS is taken


def days_of(raw: str | None) -> int:
    value = query_text(raw, "days", 8)
    if not value:
        return REVIEW_DAYS
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_REVIEW_DAYS):
        raise ValidationFailed(f"天数须为 1 到 {MAX_REVIEW_DAYS} 之间的整数",
                               f"Days must be a whole number from 1 to {MAX_REVIEW_DAYS}", code="invalid_period",
                               details={"field": "days"})
    return int(value)


def _outcomes(o: Outcomes) -> dict[str, Any]:
    share = o.confirmed_share
    return {"flagged": o.flagged, "transferred": o.transferred_as_emergency, "ordinary": o.handled_as_ordinary,
            "waiting": o.waiting, "other": o.other, "confirmed": None if share is None else round(share * 100)}


def _load(page: Page, days: int) -> dict[str, Any]:
    since = page.now() - timedelta(days=days)
    with page.state.db.uow(write=False) as uow:
        dispatched, flags = dispatch_review.period_review(uow.session, page.me, since)
        units = [u for u, _ in queries.list_units(uow.session)]
    followed = dispatched.followed_share
    return {
        "dispatch": {"dispatched": dispatched.dispatched, "with_suggestion": dispatched.with_suggestion,
                     "followed": None if followed is None else round(followed * 100),
                     "returns": dispatched.returns, "upheld": dispatched.upheld, "rejected": dispatched.rejected},
        "bounces": bounce_rows(dispatched.bounces, units), "bounce_days": days,
        "rules": _outcomes(flags.rules), "model": _outcomes(flags.model), "missed": flags.missed,
        "overruled": flags.overruled_words,
    }


@router.get("/work/review", response_class=HTMLResponse)
def review_page(page: StaffPage) -> HTMLResponse:
    asked = page.request.query_params.get("days")
    try:
        days = days_of(asked)
        data = _load(page, days)
    except ValidationFailed as exc:
        return render(page, "review.html", {"days": (asked or "")[:8], "periods": PERIODS,
                                            "error": error_message(exc, page.lang)}, status=exc.status)
    except HotlineError as exc:  # a handling unit: the service refuses
        return error_page(page, exc)
    return render(page, "review.html", {"days": days, "periods": PERIODS, "error": "", **data})
