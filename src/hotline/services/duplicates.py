"""Repeat appeals (并单) and hot issues (热点问题) from the orders in the database.

Candidates for merging are the open orders of the last ``window_days`` that share the caller, a
distinctive phrase of the text (through the full-text index) or the community; ``hotline.nlp.duplicates``
scores them and says why. Hot issues group a period's orders into matters with counts, places and trend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from hotline.db.models import Order
from hotline.db.search import matches_any
from hotline.domain.enums import TERMINAL_STATUSES, OrderStatus
from hotline.domain.errors import PermissionDenied, ValidationFailed
from hotline.nlp.duplicates import Appeal, Candidate, DuplicateSettings, Match, find_duplicates
from hotline.nlp.hot_issues import HotIssue, IssueOrder, hot_issues
from hotline.nlp.places import Place
from hotline.nlp.search_phrases import search_phrases
from hotline.services.auth import Actor

# Candidates per way of finding them: scoring 500 takes ~16 ms, and the registration must stay fast.
MAX_BY_TEXT, MAX_BY_CALLER, MAX_BY_PLACE = 60, 20, 20
MAX_HOT_ISSUE_ORDERS = 30_000
MAX_HOT_ISSUE_DAYS = 366
_OPEN = [s for s in OrderStatus if s not in TERMINAL_STATUSES]


def _candidate_ids(session: Session, *, phrases: Sequence[str], caller_index: str | None, place: Place,
                   since: datetime, exclude: int | None) -> list[int]:
    """Open orders of the window that share a distinctive phrase, the caller, or the community (each way
    capped, newest first)."""
    recent = [Order.status.in_(_OPEN), Order.accepted_at >= since]
    if exclude is not None:
        recent.append(Order.id != exclude)
    queries: list[tuple[ColumnElement[bool], int]] = []
    text_match = matches_any(session.get_bind().dialect.name, list(phrases), since=since)
    if text_match is not None:
        queries.append((text_match, MAX_BY_TEXT))
    if caller_index:
        queries.append((Order.caller_phone_index == caller_index, MAX_BY_CALLER))
    if place.community and place.street and place.district:
        # The same community is a weak hint on its own: only its newest orders are looked at.
        queries.append(((Order.district == place.district) & (Order.street == place.street)
                        & (Order.community == place.community), MAX_BY_PLACE))
    ids: dict[int, None] = {}
    for condition, cap in queries:
        query = select(Order.id).where(condition, *recent).order_by(Order.accepted_at.desc()).limit(cap)
        ids.update(dict.fromkeys(session.scalars(query)))
    return list(ids)


def find_repeats(session: Session, *, appeal: Appeal, now: datetime,
                 settings: DuplicateSettings | None = None, exclude: int | None = None) -> list[Match]:
    """Open orders the appeal may repeat, duplicates first, each with its evidence."""
    settings = settings or DuplicateSettings()
    since = now - timedelta(days=settings.window_days)
    ids = _candidate_ids(session, phrases=search_phrases(appeal.title, appeal.content), caller_index=appeal.caller,
                         place=appeal.place, since=since, exclude=exclude)
    if not ids:
        return []
    rows = session.execute(select(Order.number, Order.title, Order.content, Order.accepted_at,
                                  Order.caller_phone_index, Order.district, Order.street, Order.community,
                                  Order.address, Order.topic).where(Order.id.in_(ids))).all()
    candidates = [Candidate(number=r.number, title=r.title, content=r.content, accepted_at=r.accepted_at,
                            caller=r.caller_phone_index, place=Place(r.district, r.street, r.community, r.address),
                            topic=r.topic)
                  for r in rows]
    return find_duplicates(appeal, candidates, settings)


def hot_issue_list(session: Session, actor: Actor, *, start: datetime, end: datetime, district: str | None = None,
                   limit: int = 20) -> tuple[list[HotIssue], dict[int, str], int]:
    """The period's hot issues (centre staff only), order numbers by id, and how many orders were read."""
    if not actor.is_centre:
        raise PermissionDenied("仅中心人员可以查看热点问题", "Only centre staff may see hot issues",
                               code="centre_only")
    if end <= start or end - start > timedelta(days=MAX_HOT_ISSUE_DAYS):
        raise ValidationFailed(f"统计期须在 1 到 {MAX_HOT_ISSUE_DAYS} 天之间",
                               f"The period must be 1 to {MAX_HOT_ISSUE_DAYS} days", code="invalid_period")
    query = (select(Order.id, Order.number, Order.title, Order.content, Order.accepted_at, Order.district,
                    Order.street, Order.community, Order.address, Order.topic, Order.caller_phone_index)
             .where(Order.accepted_at >= start, Order.accepted_at < end, Order.status != OrderStatus.VOIDED)
             .order_by(Order.accepted_at.desc()).limit(MAX_HOT_ISSUE_ORDERS))
    if district:
        query = query.where(Order.district == district)
    rows = session.execute(query).all()
    orders = [IssueOrder(id=r.id, title=r.title, content=r.content, at=r.accepted_at,
                         place=Place(r.district, r.street, r.community, r.address), topic=r.topic,
                         caller=r.caller_phone_index) for r in rows]
    issues = hot_issues(orders, period=(start, end), limit=limit)
    wanted = {i for issue in issues for i in issue.member_ids}
    numbers = {r.id: r.number for r in rows if r.id in wanted}
    return issues, numbers, len(rows)
