"""工单队列: the centre's queue (orders awaiting dispatch first) and a unit's own orders, with the
shortcuts the desks work from: 待派单 for dispatchers, 待回访 for the return-visit agents, 已超期 for
supervisors (and units, their own).

The list service filters by the actor in SQL, so a unit user sees their unit's orders (and its
subordinates') only; pages follow its cursor.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hotline.domain.enums import OrderStatus, parse_enum
from hotline.domain.errors import HotlineError, ValidationFailed
from hotline.domain.phone import normalize_phone
from hotline.services import queries, suggestions
from hotline.web.deps import StaffPage
from hotline.web.forms import query_text
from hotline.web.rendering import error_page, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
_PHONE_LIKE = re.compile(r"\+?[\d\s()-]+")  # 139 1234 5678, 0519-8888 1234, +86 139…
ALL = "all"


def _status_filter(raw: str, *, centre: bool, narrowed: bool) -> tuple[str, list[OrderStatus]]:
    """The status chosen: the centre starts with the orders awaiting dispatch, a unit with all of its own;
    a search or the overdue filter looks at every status unless one is chosen."""
    chosen = raw or (OrderStatus.REGISTERED.value if centre and not narrowed else ALL)
    if chosen == ALL:
        return ALL, []
    try:
        status = parse_enum(OrderStatus, chosen)
    except ValueError:
        raise ValidationFailed("办理状态无效", "Unknown status", code="invalid_filter") from None
    return status.value, [status]


def _phone_searched(text: str, page: StaffPage) -> str | None:
    """The phone number the search box holds, when it holds one and the user may look orders up by phone."""
    if not _PHONE_LIKE.fullmatch(text) or page.me.role not in queries.PHONE_SEARCH_ROLES:
        return None
    digits = normalize_phone(text)
    return digits if 7 <= len(digits) <= 15 else None


@router.get("/work/orders", response_class=HTMLResponse)
def queue(page: StaffPage) -> Response:
    params = page.request.query_params
    actor, now = page.me, page.now()
    try:
        text = query_text(params.get("q"), "q", 100)
        cursor = query_text(params.get("cursor"), "cursor", 200)
        overdue = query_text(params.get("overdue"), "overdue", 8) in ("1", "on", "true")
        chosen, statuses = _status_filter(query_text(params.get("status"), "status", 32), centre=actor.is_centre,
                                          narrowed=bool(text) or overdue)
        # The search box also takes what a caller quotes: an order number or lookup code opens that order,
        # a phone number lists the caller's orders (the text search finds neither: they are not in the text).
        phone = _phone_searched(text, page) if text else None
        flt = queries.OrderFilter(status=statuses, text=None if phone else text or None, caller_phone=phone,
                                  overdue=True if overdue else None)
        with page.state.db.uow(write=False) as uow:
            referenced = queries.find_reference(uow.session, actor, text) if text and not cursor else None
            if referenced:
                return RedirectResponse(f"/work/orders/{referenced}", status_code=303)
            orders, next_cursor = queries.list_orders(uow.session, actor, flt, ctx=page.state.ctx, now=now,
                                                      limit=PAGE_SIZE, cursor=cursor or None)
            codes = queries.unit_codes(uow.session, {o.lead_unit_id for o in orders if o.lead_unit_id})
            # An order flagged as an emergency that is still waiting stands out in the centre's queue.
            flags = queries.waiting_emergencies(uow.session, actor, orders)
            urgent = [{"number": o.number, "title": o.title, "accepted_at": o.accepted_at, "emergency": (line, certain)}
                      for o, line, certain in queries.emergencies_awaiting(uow.session, actor)]
            # A topic registration filled in and nobody confirmed yet is marked as the guess it is.
            guessed = suggestions.guessed_topics(uow.session, orders) if actor.is_centre else {}
            rows: list[dict[str, Any]] = [{
                "number": o.number, "status": o.status, "title": o.title, "appeal_type": o.appeal_type,
                "topic": o.topic or "", "urgency": o.urgency, "district": o.district or "",
                "lead_unit": codes.get(o.lead_unit_id, "") if o.lead_unit_id else "",
                "accepted_at": o.accepted_at, "due_at": o.due_at, "overdue": queries.is_overdue(o, now),
                "late": _late(o.due_at, now),  # shown beside 已超期 only
                "emergency": flags.get(o.id), "topic_guessed": o.id in guessed,
            } for o in orders]
    except HotlineError as exc:
        return error_page(page, exc)
    keep = {"status": chosen, **({"q": text} if text else {}), **({"overdue": "1"} if overdue else {})}
    return render(page, "queue.html", {
        "rows": rows, "urgent": urgent, "chosen": chosen, "q": text, "overdue_only": overdue,
        "statuses": list(OrderStatus),
        "next_url": f"/work/orders?{urlencode({**keep, 'cursor': next_cursor})}" if next_cursor else "",
        "first_url": f"/work/orders?{urlencode(keep)}" if cursor else ""})


def _late(due_at: datetime | None, now: datetime) -> tuple[str, int] | None:
    """How long past its deadline an overdue order is, as the supervisor weighs it: ("hours", n) for less than a
    day (an urgent order's limit is counted in hours), else ("days", n) in whole calendar days begun."""
    if due_at is None or due_at >= now:
        return None
    hours = (now - due_at) / timedelta(hours=1)
    return ("hours", max(1, math.ceil(hours))) if hours < 24 else ("days", math.ceil(hours / 24))
