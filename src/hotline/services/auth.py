"""Users, passwords (argon2) and API tokens (random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import ApiToken, Unit, User
from hotline.db.uow import UnitOfWork
from hotline.domain.enums import Role
from hotline.domain.errors import NotAuthenticated, NotFound, ValidationFailed

_hasher = PasswordHasher()
TOKEN_PREFIX = "hl_"
LOGIN_TOKEN_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Actor:
    """Who is acting: what every service receives instead of a web request."""

    user_id: int
    username: str
    role: Role
    unit_id: int | None
    unit_path: str | None  # the unit's materialised path, for "own and subordinate" checks

    @property
    def is_centre(self) -> bool:
        return self.role is not Role.UNIT


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.role, user.unit_id, user.unit.path if user.unit else None)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session, *, username: str, role: Role, password: str, now: datetime,
    unit_code: str | None = None, display_name: str | None = None,
) -> User:
    if len(password) < 8:
        raise ValidationFailed("密码至少 8 位", "The password needs at least 8 characters", code="weak_password")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationFailed(f"用户名 {username} 已存在", f"User {username} already exists", code="user_exists")
    unit_id = None
    if role is Role.UNIT and not unit_code:
        raise ValidationFailed("承办单位用户必须指定单位", "A unit user needs --unit", code="unit_required")
    if unit_code:
        unit_id = session.scalar(select(Unit.id).where(Unit.code == unit_code))
        if unit_id is None:
            raise NotFound(f"单位 {unit_code} 不存在", f"No unit {unit_code}", code="unit_not_found")
    user = User(username=username, display_name=display_name or username, role=role, unit_id=unit_id,
                password_hash=hash_password(password), active=True, created_at=now)
    session.add(user)
    session.flush()
    return user


def authenticate_password(session: Session, *, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None or user.password_hash is None:
        _hasher.hash(password)  # spend the same time as a real check: no user enumeration by timing
        raise NotAuthenticated("用户名或密码错误", "Wrong user name or password", code="bad_credentials")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise NotAuthenticated("用户名或密码错误", "Wrong user name or password", code="bad_credentials") from None
    return user


MAX_FAILED_LOGINS = 5  # wrong passwords in a row before the account is locked for a while
LOCKOUT = timedelta(minutes=15)  # doubles with each further wrong password, up to MAX_LOCKOUT
MAX_LOCKOUT = timedelta(hours=24)


def sign_in_with_password(uow: UnitOfWork, *, username: str, password: str, now: datetime) -> User:
    """The user, if the password is right and the account not locked. Wrong passwords are counted (and
    committed, though the caller's unit of work then ends in an error): after ``MAX_FAILED_LOGINS`` in a
    row sign-in is refused for ``LOCKOUT``, so a password cannot be guessed at the speed of the server
    (and a guesser cannot keep the server's cores busy hashing)."""
    session = uow.session
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True))
                          .with_for_update(of=User))  # not the unit joined in (the nullable side)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        _hasher.hash(password)  # as long as a real check: the lock tells nothing by timing
        minutes = max(1, -(-int((user.locked_until - now).total_seconds()) // 60))
        raise NotAuthenticated(f"密码错误次数过多，账户已临时锁定，请 {minutes} 分钟后再试",
                               f"Too many wrong passwords: the account is locked; try again in {minutes} min",
                               code="account_locked", details={"locked_until": user.locked_until.isoformat()})
    try:
        authenticate_password(session, username=username, password=password)
    except NotAuthenticated:
        if user is not None:
            user.failed_logins += 1
            over = user.failed_logins - MAX_FAILED_LOGINS
            if over >= 0:
                user.locked_until = now + min(LOCKOUT * 2 ** min(over, 10), MAX_LOCKOUT)
            uow.commit()
        raise
    assert user is not None  # authenticate_password found the same active user
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
    return user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, *, user: User, name: str, now: datetime,
                lifetime: timedelta | None = None) -> str:
    """Store a new token's hash and return the token itself (shown once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=token_hash(token), created_at=now,
                         expires_at=now + lifetime if lifetime else None, revoked=False))
    session.flush()
    return token


def create_token_for(session: Session, *, username: str, now: datetime, name: str = "cli") -> str:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"用户 {username} 不存在", f"No user {username}", code="user_not_found")
    return issue_token(session, user=user, name=name, now=now)


WEB_SESSION_TOKEN = "web-session"  # the name of the tokens that stand for a browser's signed-in session


def user_for_token(session: Session, *, token: str, now: datetime, web_session: bool = False) -> User:
    """The user of a live token. A browser session's token is good only in its signed cookie (with CSRF
    on every form), never as an API bearer token, and API tokens are never sessions."""
    row = session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise NotAuthenticated()
    api_token, user = row
    if (api_token.name == WEB_SESSION_TOKEN) != web_session:
        raise NotAuthenticated()
    if api_token.revoked or not user.active or (api_token.expires_at and api_token.expires_at <= now):
        raise NotAuthenticated("令牌已失效", "The token has expired or was revoked", code="token_expired")
    return user
