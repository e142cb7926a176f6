"""/api/v1/catalogue: the dispatch catalogue (派单目录), and /api/v1/areas: the gazetteer (属地)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from hotline.api.deps import ActorDep, NowDep, StateDep
from hotline.api.errors import error_responses
from hotline.api.schemas import NoNul, ShortText, Strict, UnitCode
from hotline.db.models import CatalogueRule
from hotline.domain.enums import AreaKind, label_zh, parse_enum
from hotline.domain.errors import ValidationFailed
from hotline.services import areas, catalogue

router = APIRouter(tags=["dispatch catalogue 派单目录"], responses=error_responses(400, 401, 403, 404, 413, 422))

RuleId = Annotated[int, Path(ge=1, le=2**31 - 1)]
AreaCode = Annotated[str, Field(min_length=1, max_length=64, examples=["s-chashan"]), NoNul]


class RuleIn(Strict):
    topic: ShortText = Field(description="Topic or prefix ('城乡建设' covers '城乡建设/物业'); '' for every topic",
                             examples=["城乡建设/物业"])
    area: AreaCode | None = Field(None, description="Area code (GET /api/v1/areas); omitted: the whole city")
    lead_unit: UnitCode | None = Field(None, description="Lead unit code; or give territorial_level instead")
    territorial_level: Annotated[str, Field(max_length=32), NoNul] | None = Field(
        None, description="属地: the government of the order's district / street / community leads "
                          "(district 区县, street 街道乡镇, community 社区村)", examples=["street"])
    co_units: list[UnitCode] = Field(default_factory=list, max_length=catalogue.MAX_CO_UNITS)
    note: Annotated[str, Field(max_length=500), NoNul] = ""
    effective_from: datetime | None = Field(None, description="When the rule takes effect; omitted: now")
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"topic": "城乡建设/物业", "territorial_level": "street", "co_units": ["zjj"], "note": "物业纠纷属地街道牵头"},
        {"topic": "公共服务/供水", "lead_unit": "u-water"}]})


class RuleOut(BaseModel):
    id: int
    revision: int
    topic: str
    area: str | None
    area_name: str | None
    lead_unit: str | None
    territorial_level: str | None
    co_units: list[str]
    note: str
    effective_from: datetime
    effective_to: datetime | None
    created_at: datetime


class AreaOut(BaseModel):
    code: str
    name: str
    kind: str
    kind_label: str
    parent: str | None
    unit: str | None = Field(description="The area's own government unit, if it handles orders")


def _rules_out(session: Session, rules: list[CatalogueRule]) -> list[RuleOut]:
    names = catalogue.names_for(session, rules)
    return [RuleOut(id=r.id, revision=r.revision, topic=r.topic, area=names.area_code(r.area_id),
                    area_name=names.area_name(r.area_id), lead_unit=names.unit_code(r.lead_unit_id),
                    territorial_level=r.territorial_level.value if r.territorial_level else None,
                    co_units=[c for c in map(names.unit_code, r.co_unit_ids or []) if c], note=r.note,
                    effective_from=r.effective_from, effective_to=r.effective_to, created_at=r.created_at)
            for r in rules]


def _draft(body: RuleIn) -> catalogue.RuleDraft:
    level = None
    if body.territorial_level:
        try:
            level = parse_enum(AreaKind, body.territorial_level)
        except ValueError:
            raise ValidationFailed("属地层级须为 district / street / community",
                                   "territorial_level must be district, street or community",
                                   code="invalid_territorial_level") from None
    return catalogue.RuleDraft(topic=body.topic, area=body.area, lead_unit=body.lead_unit, territorial_level=level,
                               co_units=tuple(body.co_units), note=body.note, effective_from=body.effective_from)


@router.get("/catalogue/rules", summary="The dispatch catalogue · 派单目录")
def list_rules(state: StateDep, actor: ActorDep, now: NowDep,
               history: Annotated[bool, Query(description="Every rule ever, retired ones included")] = False,
               ) -> list[RuleOut]:
    del actor  # every signed-in user may read the catalogue: units check why an order came to them
    with state.db.uow(write=False) as uow:
        return _rules_out(uow.session, catalogue.list_rules(uow.session, at=now, history=history))


@router.post("/catalogue/rules", status_code=201, summary="Add a rule (admin) · 新增派单规则")
def add_rule(body: RuleIn, state: StateDep, actor: ActorDep, now: NowDep) -> RuleOut:
    with state.db.uow() as uow:
        rule = catalogue.add_rule(uow, actor=actor, draft=_draft(body), now=now)
        state.ctx.catalogue.invalidate()
        return _rules_out(uow.session, [rule])[0]


@router.put("/catalogue/rules/{rule_id}", summary="Replace a rule with a new revision (admin) · 修改派单规则")
def replace_rule(rule_id: RuleId, body: RuleIn, state: StateDep, actor: ActorDep,
                 now: NowDep) -> RuleOut:
    with state.db.uow() as uow:
        rule = catalogue.add_rule(uow, actor=actor, draft=_draft(body), now=now, replaces=rule_id)
        state.ctx.catalogue.invalidate()
        return _rules_out(uow.session, [rule])[0]


@router.delete("/catalogue/rules/{rule_id}", status_code=204, summary="Retire a rule (admin) · 停用派单规则")
def remove_rule(rule_id: RuleId, state: StateDep, actor: ActorDep,
                now: NowDep) -> Response:
    with state.db.uow() as uow:
        catalogue.remove_rule(uow, actor=actor, rule_id=rule_id, now=now)
    state.ctx.catalogue.invalidate()
    return Response(status_code=204)


@router.get("/areas", summary="Areas of the centre (gazetteer) · 行政区划")
def list_areas(state: StateDep, actor: ActorDep) -> list[AreaOut]:
    del actor
    with state.db.uow(write=False) as uow:
        return [AreaOut(code=a.code, name=a.name, kind=a.kind.value, kind_label=label_zh(a.kind), parent=parent,
                        unit=unit) for a, parent, unit in areas.list_areas(uow.session)]
