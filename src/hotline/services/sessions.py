"""Browser sessions of the workbench: a sign-in opens one, each request finds who it acts as, a sign-out
ends it for good.

A session is a login token like the API's (only its hash is stored, it expires after
``LOGIN_TOKEN_LIFETIME``, and revoking it is final), kept in the signed session cookie. So signing out
or deactivating the user ends the session on the server: a copy of the cookie taken before is worthless.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.db.models import ApiToken
from hotline.db.uow import UnitOfWork
from hotline.domain.errors import NotAuthenticated
from hotline.services.auth import (
    LOGIN_TOKEN_LIFETIME,
    WEB_SESSION_TOKEN,
    Actor,
    actor_for,
    issue_token,
    sign_in_with_password,
    token_hash,
    user_for_token,
)


def open_session(uow: UnitOfWork, *, username: str, password: str, now: datetime) -> tuple[str, Actor]:
    """Check the password and return a new session token and who signed in (raises ``NotAuthenticated``)."""
    user = sign_in_with_password(uow, username=username, password=password, now=now)
    token = issue_token(uow.session, user=user, name=WEB_SESSION_TOKEN, now=now, lifetime=LOGIN_TOKEN_LIFETIME)
    return token, actor_for(user)


def actor_for_session(session: Session, *, token: str, now: datetime) -> tuple[Actor, str]:
    """The actor and display name of a signed-in browser, loaded afresh on every request."""
    try:
        user = user_for_token(session, token=token, now=now, web_session=True)
    except NotAuthenticated:
        raise NotAuthenticated("登录已失效，请重新登录", "The session has ended; sign in again",
                               code="session_ended") from None
    return actor_for(user), user.display_name or user.username


def end_session(session: Session, *, token: str) -> None:
    session.execute(update(ApiToken).where(ApiToken.token_hash == token_hash(token)).values(revoked=True))
