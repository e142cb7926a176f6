"""/api/v1/calendar, /api/v1/time-limits and /api/v1/hotlines: the configuration a centre keeps."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from hotline.api.deps import ActorDep, StateDep
from hotline.api.errors import error_responses
from hotline.api.schemas import NoNul, SafeStr, Strict
from hotline.domain.deadlines import TimeLimit, due_after
from hotline.domain.enums import AppealType, LimitUnit, Urgency, label_zh, parse_enum
from hotline.domain.errors import ValidationFailed
from hotline.services import calendar, configuration

# 413: the body-size limit in front of the app answers any request with an oversized body.
router = APIRouter(tags=["configuration 配置"], responses=error_responses(400, 401, 403, 404, 413, 422))


class OverrideIn(Strict):
    is_workday: bool = Field(description="true: 调休上班 (a make-up working day); false: 放假 (a day off)")
    note: Annotated[str, Field(max_length=128), NoNul] | None = Field(None, examples=["2027年春节"])
    model_config = ConfigDict(json_schema_extra={"examples": [{"is_workday": False, "note": "2027年春节"}]})


class OverrideOut(BaseModel):
    day: date
    is_workday: bool
    note: str | None


class DueOut(BaseModel):
    start: datetime
    days: int
    due_at: datetime
    estimated: bool = Field(description="True if a year in the range has neither official data nor overrides")


class TimeLimitIn(Strict):
    amount: int = Field(ge=1, le=720, examples=[15])
    unit: Annotated[str, Field(description="workdays / 工作日 or hours / 小时"), NoNul] = "workdays"
    model_config = ConfigDict(json_schema_extra={"examples": [{"amount": 15, "unit": "workdays"}]})


class TimeLimitOut(BaseModel):
    appeal_type: str
    urgency: str
    amount: int
    unit: str
    label: str


class HotlineOut(BaseModel):
    number: str
    name: str
    mode: str
    mode_label: str
    transfer_target: str | None


@router.get("/calendar/overrides", summary="Calendar overrides · 节假日调整")
def list_overrides(state: StateDep, actor: ActorDep,
                   year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> list[OverrideOut]:
    del actor
    with state.db.uow(write=False) as uow:
        return [OverrideOut(day=o.day, is_workday=o.is_workday, note=o.note)
                for o in calendar.list_overrides(uow.session, year)]


@router.put("/calendar/overrides/{day}", status_code=204, summary="Set a day (admin) · 设置节假日/调休")
def put_override(day: date, body: OverrideIn, state: StateDep, actor: ActorDep) -> Response:
    with state.db.uow() as uow:
        configuration.set_calendar_day(uow, actor=actor, day=day, is_workday=body.is_workday, note=body.note)
    return Response(status_code=204)


@router.delete("/calendar/overrides/{day}", status_code=204, summary="Remove a day's override (admin)")
def delete_override(day: date, state: StateDep, actor: ActorDep) -> Response:
    with state.db.uow() as uow:
        configuration.remove_calendar_day(uow, actor=actor, day=day)
    return Response(status_code=204)


@router.get("/calendar/due", summary="When N working days from a date end · 计算办理期限")
def due(state: StateDep, actor: ActorDep, start: date, days: Annotated[int, Query(ge=0, le=365)]) -> DueOut:
    del actor
    begin = datetime.combine(start, time(0), tzinfo=state.ctx.tz)
    with state.db.uow(write=False) as uow:
        cal = calendar.load_calendar(uow.session)
    due_at = due_after(cal, begin, TimeLimit.workdays(days)) if days else cal.add_workdays(begin, 0)
    estimated = bool(cal.estimated_years(start, due_at.astimezone(state.ctx.tz).date()))
    return DueOut(start=begin, days=days, due_at=due_at, estimated=estimated)


@router.get("/time-limits", summary="Handling time limits · 办理时限")
def list_time_limits(state: StateDep, actor: ActorDep) -> list[TimeLimitOut]:
    del actor
    with state.db.uow(write=False) as uow:
        policy = configuration.current_policy(uow)
    return [TimeLimitOut(appeal_type=t.value, urgency=u.value, amount=limit.amount, unit=limit.unit.value,
                         label=limit.label_zh)
            for t in AppealType for u in Urgency for limit in [policy.handling_limit(t, u)]]


@router.put("/time-limits/{appeal_type}/{urgency}", status_code=204, summary="Change a time limit (admin)")
def put_time_limit(appeal_type: SafeStr, urgency: SafeStr, body: TimeLimitIn, state: StateDep,
                   actor: ActorDep) -> Response:
    try:
        kind, level, unit = (parse_enum(AppealType, appeal_type), parse_enum(Urgency, urgency),
                             parse_enum(LimitUnit, body.unit))
    except ValueError as exc:
        raise ValidationFailed("诉求类型、紧急程度或时限单位有误", str(exc), code="invalid_time_limit") from None
    with state.db.uow() as uow:
        configuration.set_time_limit(uow, actor=actor, appeal_type=kind, urgency=level,
                                     limit=TimeLimit(body.amount, unit))
    return Response(status_code=204)


@router.get("/hotlines", summary="Hotline directory · 热线目录")
def hotlines(state: StateDep, actor: ActorDep) -> list[HotlineOut]:
    del actor
    with state.db.uow(write=False) as uow:
        return [HotlineOut(number=h.number, name=h.name, mode=h.mode.value, mode_label=label_zh(h.mode),
                           transfer_target=h.transfer_target) for h in configuration.hotline_directory(uow)]
