"""/api/v1/units: the handling units, and /api/v1/auth: password login for a bearer token."""

from __future__ import annotations

from fastapi import APIRouter

from hotline.api import schemas
from hotline.api.deps import ActorDep, NowDep, StateDep
from hotline.api.errors import error_responses
from hotline.domain.enums import label_zh
from hotline.services import auth, queries

# 413: the body-size limit in front of the app answers any request with an oversized body.
units_router = APIRouter(prefix="/units", tags=["units 单位"], responses=error_responses(400, 401, 413, 422))
auth_router = APIRouter(prefix="/auth", tags=["auth 登录"], responses=error_responses(400, 401, 413, 422))


@units_router.get("", summary="Handling units · 承办单位")
def list_units(state: StateDep, actor: ActorDep) -> list[schemas.UnitOut]:
    del actor  # any signed-in user may read the directory of units
    with state.db.uow(write=False) as uow:
        return [schemas.UnitOut(code=u.code, name=u.name, parent=parent, kind=u.kind.value, kind_label=label_zh(u.kind))
                for u, parent in queries.list_units(uow.session)]


@auth_router.post("/login", summary="Log in with a password; returns a 12-hour bearer token · 登录")
def login(body: schemas.LoginIn, state: StateDep, now: NowDep) -> schemas.TokenOut:
    with state.db.uow() as uow:
        user = auth.sign_in_with_password(uow, username=body.username, password=body.password, now=now)
        token = auth.issue_token(uow.session, user=user, name="login", now=now, lifetime=auth.LOGIN_TOKEN_LIFETIME)
        uow.commit()
        return schemas.TokenOut(token=token, expires_at=now + auth.LOGIN_TOKEN_LIFETIME, username=user.username,
                                role=user.role.value)
