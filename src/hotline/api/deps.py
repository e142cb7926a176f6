"""Request-scoped dependencies: the app state, the clock and the authenticated actor."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hotline.api.schemas import NoNul
from hotline.db.uow import Database
from hotline.domain.errors import NotAuthenticated
from hotline.services.auth import Actor, actor_for, token_hash, user_for_token
from hotline.services.context import Context


@dataclass
class AppState:
    db: Database
    ctx: Context
    clock: Callable[[], datetime]
    # token hash → (actor, expiry in monotonic seconds): saves a query per request; a revoked
    # token stops working within ``token_cache_seconds``.
    token_cache: dict[str, tuple[Actor, float]] = field(default_factory=dict)

    def cached_actor(self, token: str) -> Actor | None:
        cached = self.token_cache.get(token_hash(token))
        return cached[0] if cached and cached[1] > time.monotonic() else None

    def actor_for_token(self, token: str) -> Actor:
        key = token_hash(token)
        with self.db.uow(write=False) as uow:
            actor = actor_for(user_for_token(uow.session, token=token, now=self.clock()))
        if len(self.token_cache) > 10_000:
            self.token_cache.clear()
        self.token_cache[key] = (actor, time.monotonic() + self.ctx.settings.token_cache_seconds)
        return actor


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.hotline
    return state


_bearer = HTTPBearer(auto_error=False, description="API token from `hotline create-token` or POST /auth/login")


async def get_actor(
    state: Annotated[AppState, Depends(get_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None or not credentials.credentials:
        raise NotAuthenticated()
    # The dependencies are async so that a request costs no thread hops; only a token that is not
    # cached yet is looked up, in the thread pool.
    cached = state.cached_actor(credentials.credentials)
    if cached is not None:
        return cached
    return await run_in_threadpool(state.actor_for_token, credentials.credentials)


async def get_now(state: Annotated[AppState, Depends(get_state)]) -> datetime:
    return state.clock()


StateDep = Annotated[AppState, Depends(get_state)]
ActorDep = Annotated[Actor, Depends(get_actor)]
NowDep = Annotated[datetime, Depends(get_now)]

# Path parameters. Limits documented in the OpenAPI and checked before any query: a NUL, or an id
# beyond the column's INTEGER (32 bits on PostgreSQL), would reach the database driver and fail there (a 500).
OrderNumber = Annotated[str, Path(min_length=1, max_length=32, description="Order number · 工单编号",
                                  examples=["HL20260302000001"]), NoNul]
AttachmentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Attachment id · 附件编号")]
