"""/api/v1/suggestions (while the call is on), /api/v1/orders/{number}/suggestions, /api/v1/hot-issues."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from hotline.api.deps import ActorDep, NowDep, OrderNumber, StateDep
from hotline.api.errors import COMMON_ERRORS, error_responses
from hotline.api.schemas import Name, SafeStr, ShortText, Strict, Text
from hotline.domain.errors import ValidationFailed
from hotline.domain.periods import plausible_day
from hotline.services import duplicates, suggestions

router = APIRouter(tags=["dispatch suggestions 智能辅助"], responses=error_responses(*COMMON_ERRORS))


class SuggestIn(Strict):
    content: Text = Field(examples=["茶山街道丽华新村3幢楼下烧烤店每晚油烟噪音扰民，多次反映无人处理"])
    title: ShortText | None = None
    address: ShortText | None = Field(None, examples=["天宁区茶山街道丽华新村3幢"])
    district: Name | None = None
    street: Name | None = None
    community: Name | None = None
    topic: ShortText | None = Field(None, description="The topic the agent chose, if any (routing uses it)")
    caller_phone: Annotated[str, Field(max_length=32)] | None = Field(
        None, description="To find the caller's open orders; never stored by this call")
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"content": "茶山街道丽华新村3幢楼下烧烤店每晚油烟噪音扰民，多次反映无人处理",
         "address": "天宁区茶山街道丽华新村3幢"}]})


class SuggestionsOut(BaseModel):
    appeal_type: dict[str, Any] = Field(description="candidates [{label, confidence}], source (model/rules), "
                                                    "model_version, terms")
    topic: dict[str, Any] | None = Field(None, description="candidates [{label, confidence}] (sub-topics "
                                                           "\"level1/level2\" where the centre has them), filed "
                                                           "{label, confidence}: the topic the order is filed under "
                                                           "(an unsure sub-topic gives way to the likeliest level-1 "
                                                           "topic), source, model_version, terms")
    unit: dict[str, Any] = Field(description="source (catalogue/learned/none: what ranks the first candidate), "
                                             "candidates, co_units, rule or similar past orders, "
                                             "topic_confidence (set when the topic routed on is the platform's "
                                             "guess: the rule's unit then gets that confidence and the learned "
                                             "routing shares the rest), reason_zh/reason_en")
    location: dict[str, Any]
    alerts: dict[str, Any] = Field(description="emergency, transfer_to (110/119/120/122), emergencies, scope "
                                               "(legal routes), quality")
    duplicates: list[dict[str, Any]] = Field(description="open orders this may repeat, with evidence")
    model_versions: dict[str, str] = Field(default_factory=dict)


class HotIssueOut(BaseModel):
    label: str
    key_phrases: list[str]
    count: int
    callers: int
    places: dict[str, list[tuple[str, int]]]
    topics: list[tuple[str, int]]
    first_at: datetime
    last_at: datetime
    trend: dict[str, Any] = Field(description="bucket (day/week), counts [[date, n]], first_half, second_half, "
                                              "direction (rising/falling/steady)")
    orders: list[str] = Field(description="order numbers, oldest first")


class HotIssuesOut(BaseModel):
    start: datetime
    end: datetime
    orders_read: int
    issues: list[HotIssueOut]


@router.post("/suggestions", summary="Suggest type, topic, unit, alerts and repeats for a call · 智能辅助")
def suggest(body: SuggestIn, state: StateDep, actor: ActorDep, now: NowDep) -> SuggestionsOut:
    with state.db.uow(write=False) as uow:
        appeal = suggestions.AppealText(body.content, body.title or "", body.address, body.district, body.street,
                                        body.community, body.topic)
        payload = suggestions.preview(uow.session, state.ctx, actor, appeal, caller_phone=body.caller_phone, now=now)
    return SuggestionsOut(**payload)


@router.get("/orders/{number}/suggestions", summary="An order's suggestions, routing refreshed · 工单智能辅助")
def order_suggestions(number: OrderNumber, state: StateDep, actor: ActorDep, now: NowDep) -> SuggestionsOut:
    with state.db.uow(write=False) as uow:
        payload = suggestions.for_order(uow.session, state.ctx, actor, number=number, now=now)
    return SuggestionsOut(**payload)


@router.get("/hot-issues", summary="Hot issues of a period · 热点问题")
def hot_issues(state: StateDep, actor: ActorDep, now: NowDep,
               start: Annotated[date | None, Query(alias="from", description="First day (default: 30 days back)")
                                ] = None,
               end: Annotated[date | None, Query(alias="to", description="Last day (default: today)")] = None,
               district: Annotated[SafeStr | None, Query(max_length=64)] = None,
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> HotIssuesOut:
    tz = state.ctx.tz
    today = now.astimezone(tz).date()
    for day, field in ((start, "from"), (end, "to")):
        if day is not None:
            plausible_day(day, field)
    last, first = end or today, start or (end or today) - timedelta(days=29)
    try:
        begin = datetime.combine(first, time(0), tzinfo=tz)
        finish = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    except OverflowError:
        raise ValidationFailed("日期超出范围", "The date is out of range", code="invalid_period") from None
    with state.db.uow(write=False) as uow:
        issues, numbers, read = duplicates.hot_issue_list(uow.session, actor, start=begin, end=finish,
                                                        district=district, limit=limit)
    return HotIssuesOut(start=begin, end=finish, orders_read=read, issues=[HotIssueOut(
        label=i.label, key_phrases=list(i.key_phrases), count=i.count, callers=i.callers,
        places={"districts": list(i.places.districts), "streets": list(i.places.streets),
                "communities": list(i.places.communities), "spots": list(i.places.spots)},
        topics=list(i.topics), first_at=i.first_at, last_at=i.last_at,
        trend={"bucket": i.trend.bucket, "counts": [[d.isoformat(), n] for d, n in i.trend.counts],
               "first_half": i.trend.first_half, "second_half": i.trend.second_half,
               "direction": i.trend.direction.value},
        orders=[numbers[m] for m in i.member_ids if m in numbers]) for i in issues])
