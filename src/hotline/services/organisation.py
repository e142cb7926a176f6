"""The centre's organisation: handling units in a tree, and the hotline directory."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import Hotline, Unit
from hotline.domain.enums import HotlineMode, UnitKind
from hotline.domain.errors import NotFound, ValidationFailed


def create_unit(session: Session, *, code: str, name: str, kind: UnitKind, parent_code: str | None = None,
                district: str | None = None) -> Unit:
    if session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        raise ValidationFailed(f"单位编码 {code} 已存在", f"Unit code {code} exists", code="unit_exists")
    parent = None
    if parent_code is not None:
        parent = session.scalar(select(Unit).where(Unit.code == parent_code))
        if parent is None:
            raise NotFound(f"上级单位 {parent_code} 不存在", f"No parent unit {parent_code}", code="unit_not_found")
    unit = Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None, path="",
                district=district, active=True)
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    return unit


def add_hotline(session: Session, *, number: str, name: str, mode: HotlineMode,
                transfer_target: str | None = None, unit_code: str | None = None) -> Hotline:
    unit_id = session.scalar(select(Unit.id).where(Unit.code == unit_code)) if unit_code else None
    line = Hotline(number=number, name=name, mode=mode, transfer_target=transfer_target, unit_id=unit_id)
    session.add(line)
    session.flush()
    return line
