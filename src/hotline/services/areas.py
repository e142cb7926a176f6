"""The centre's own areas (districts, streets/towns, communities): the gazetteer behind 属地 dispatch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hotline.db.models import Area, Unit
from hotline.domain.enums import AreaKind
from hotline.domain.errors import ValidationFailed


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    kind: AreaKind
    parent: str | None = None  # code of the enclosing area
    unit: str | None = None  # code of the area's own government unit, if it handles orders
    aliases: tuple[str, ...] = ()


def list_areas(session: Session) -> list[tuple[Area, str | None, str | None]]:
    """Every active area with its parent's code and its unit's code, parents before children."""
    parent = aliased(Area)
    rows = session.execute(
        select(Area, parent.code, Unit.code).outerjoin(parent, parent.id == Area.parent_id)
        .outerjoin(Unit, Unit.id == Area.unit_id).where(Area.active.is_(True)).order_by(Area.id)
    ).all()
    return [(area, parent_code, unit_code) for area, parent_code, unit_code in rows]


def district_names(session: Session) -> list[str]:
    """The names of the centre's active districts, in the gazetteer's order: what a district filter offers."""
    return list(session.scalars(select(Area.name).where(Area.kind == AreaKind.DISTRICT, Area.active.is_(True))
                                .order_by(Area.id)))


def import_areas(session: Session, specs: Iterable[AreaSpec]) -> int:
    """Add or update areas by code (parents must come before their children); returns how many."""
    by_code = {a.code: a for a in session.scalars(select(Area))}
    units = dict(session.execute(select(Unit.code, Unit.id)).all())
    count = 0
    for spec in specs:
        parent = by_code.get(spec.parent) if spec.parent else None
        if spec.parent and parent is None:
            raise ValidationFailed(f"上级区域不存在：{spec.parent}", f"No such parent area: {spec.parent}",
                                   code="unknown_area")
        area = by_code.get(spec.code)
        if area is None:
            area = Area(code=spec.code)
            session.add(area)
            by_code[spec.code] = area
        area.name, area.kind, area.aliases, area.active = spec.name, spec.kind, list(spec.aliases), True
        area.parent_id = parent.id if parent else None
        area.unit_id = units.get(spec.unit) if spec.unit else None
        session.flush()
        count += 1
    return count
