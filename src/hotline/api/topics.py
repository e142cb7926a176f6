"""/api/v1/topics: the centre's topic directory (问题分类目录) — centre staff list it, admins keep it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from hotline.api.deps import ActorDep, NowDep, StateDep
from hotline.api.errors import error_responses
from hotline.api.schemas import ShortText, Strict
from hotline.db.models import TopicEntry
from hotline.services import topics

router = APIRouter(tags=["topic directory 问题分类目录"], responses=error_responses(400, 401, 403, 404, 409, 413, 422))

TopicId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class TopicIn(Strict):
    path: ShortText = Field(description="A level-1 topic, or a level-2 one under an active level 1 ('/' between)",
                            examples=["城乡建设/物业"])
    model_config = ConfigDict(json_schema_extra={"examples": [{"path": "城乡建设"}, {"path": "城乡建设/物业"}]})


class TopicOut(BaseModel):
    id: int
    path: str
    level: int
    active: bool
    added_at: datetime
    added_by: str | None = Field(description="Who added it (or brought it back)")
    retired_at: datetime | None
    retired_by: str | None


def _out(entry: TopicEntry, added_by: str | None, retired_by: str | None) -> TopicOut:
    return TopicOut(id=entry.id, path=entry.path, level=entry.level, active=entry.retired_at is None,
                    added_at=entry.added_at, added_by=added_by, retired_at=entry.retired_at, retired_by=retired_by)


@router.get("/topics", summary="The topic directory (centre staff) · 问题分类目录")
def list_topics(state: StateDep, actor: ActorDep,
                retired: Annotated[bool, Query(description="Retired entries too")] = False) -> list[TopicOut]:
    with state.db.uow(write=False) as uow:
        return [_out(*row) for row in topics.list_topics(uow.session, actor, retired=retired)]


@router.post("/topics", status_code=201, summary="Add a topic (admin) · 新增问题分类")
def add_topic(body: TopicIn, state: StateDep, actor: ActorDep, now: NowDep) -> TopicOut:
    with state.db.uow() as uow:
        entry = topics.add_topic(uow, actor=actor, path=body.path, now=now)
        state.ctx.topics.invalidate()  # this process files by the new directory at once
        return _out(*topics.list_topics(uow.session, actor, entry_id=entry.id)[0])


@router.delete("/topics/{topic_id}", status_code=204, summary="Retire a topic (admin) · 停用问题分类")
def retire_topic(topic_id: TopicId, state: StateDep, actor: ActorDep, now: NowDep) -> Response:
    with state.db.uow() as uow:
        topics.retire_topic(uow, actor=actor, entry_id=topic_id, now=now)
    state.ctx.topics.invalidate()
    return Response(status_code=204)
