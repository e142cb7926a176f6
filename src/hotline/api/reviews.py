"""/api/v1/review: how the dispatches and the emergency flags of a period's orders fared (the 复盘 page's and
``hotline dispatch-review`` / ``hotline emergency-review``'s figures), for the centre's dashboards."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from hotline.api.deps import ActorDep, NowDep, StateDep
from hotline.api.errors import COMMON_ERRORS, error_responses
from hotline.domain.periods import MAX_REVIEW_DAYS, REVIEW_DAYS
from hotline.services import dispatch_review

router = APIRouter(tags=["dispatch suggestions 智能辅助"], responses=error_responses(*COMMON_ERRORS))


class _FromService(BaseModel):
    # Read straight off the service's dataclasses (their shares are properties there).
    model_config = ConfigDict(from_attributes=True)


class BounceOut(_FromService):
    topic: str = Field(description="The orders' topic (\"\" when they have none)")
    returned_by: str = Field(description="The unit that returned them (code)")
    redispatched_to: str = Field(description="The unit the centre re-dispatched them to (code)")
    count: int
    share: float = Field(description="Of the topic's dispatches to the returning unit, the share returned and upheld")
    suggested: int = Field(description="How many were dispatched there as suggested (mostly by the catalogue)")


class DispatchOut(_FromService):
    dispatched: int = Field(description="Dispatches and re-dispatches")
    with_suggestion: int
    suggestion_followed: int
    followed_share: float | None
    returns: int
    upheld: int
    rejected: int
    bounces: list[BounceOut] = Field(description="Upheld returns by topic and units, most frequent first")


class OutcomesOut(_FromService):
    flagged: int
    transferred_as_emergency: int
    handled_as_ordinary: int
    waiting: int
    other: int
    confirmed_share: float | None


class EmergencyOut(_FromService):
    rules: OutcomesOut
    model: OutcomesOut
    missed: int = Field(description="Transferred as emergencies with no flag")
    overruled_words: list[tuple[str, int]] = Field(description="The rules' evidence most often overruled")


class ReviewOut(BaseModel):
    since: datetime
    dispatch: DispatchOut
    emergency: EmergencyOut


@router.get("/review", summary="How dispatches and emergency flags fared · 复盘")
def review(state: StateDep, actor: ActorDep, now: NowDep,
           days: Annotated[int, Query(ge=1, le=MAX_REVIEW_DAYS,
                                      description="Orders accepted in the last N days")] = REVIEW_DAYS
           ) -> ReviewOut:
    since = now - timedelta(days=days)
    with state.db.uow(write=False) as uow:
        dispatched, flags = dispatch_review.period_review(uow.session, actor, since)
    return ReviewOut(since=since, dispatch=DispatchOut.model_validate(dispatched),
                     emergency=EmergencyOut.model_validate(flags))
