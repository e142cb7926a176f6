"""Who a signed-in browser session acts as (the pages' counterpart of ``auth.user_for_token``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hotline.db.models import User
from hotline.domain.errors import NotAuthenticated
from hotline.services.auth import Actor, actor_for


def actor_for_session(session: Session, *, user_id: int) -> tuple[Actor, str]:
    """The actor and display name of a signed-in user, loaded afresh on every request: a user
    deactivated since signing in is signed out at once."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise NotAuthenticated("登录已失效，请重新登录", "The session has ended; sign in again", code="session_ended")
    return actor_for(user), user.display_name or user.username
