"""Who is signed in to the pages: a signed session cookie, and the CSRF token bound to it.

Starlette's SessionMiddleware signs the cookie (itsdangerous) with a key derived from the secret for
this purpose alone; the cookie is HttpOnly and SameSite=Lax, and holds the session token
(``services.sessions``: stored hashed, ended on the server by signing out), a random CSRF token and at
most one flash message: nothing personal. App processes stay stateless (ARCHITECTURE: sessions are
signed cookies). The user is loaded again on every request, so a deactivated user is out at once.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

from hotline.domain.errors import PermissionDenied
from hotline.services.auth import LOGIN_TOKEN_LIFETIME
from hotline.settings import Settings

SESSION_COOKIE = "hotline_session"
CSRF_FIELD = "csrf_token"


class CsrfRefused(PermissionDenied):
    code = "csrf_refused"
    message_zh = "页面已过期或请求来源不明，请刷新页面后重试"
    message_en = "The page has expired or the request came from elsewhere; reload the page and try again"


def install_sessions(app: FastAPI, settings: Settings) -> None:
    # A working day and then some, like an API login token; a stolen cookie is worthless after that.
    app.add_middleware(SessionMiddleware, secret_key=settings.derived_key("web-session").hex(),
                       session_cookie=SESSION_COOKIE, max_age=int(LOGIN_TOKEN_LIFETIME.total_seconds()),
                       same_site="lax", https_only=settings.secure_cookies)


def session_token(request: Request) -> str | None:
    token = request.session.get("token")
    return token if isinstance(token, str) and token else None


def sign_in(request: Request, token: str) -> None:
    # A new session, with a new CSRF token: whatever a visitor had before signing in is dropped.
    request.session.clear()
    request.session.update(token=token, csrf=secrets.token_urlsafe(32))


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    """The token every form of this session carries (made on first use, e.g. by the sign-in form)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: Any) -> None:
    """Refuse a POST whose token is not this session's: a page of another site cannot post as our user."""
    expected = request.session.get("csrf")
    if not (isinstance(expected, str) and expected and isinstance(submitted, str)
            and hmac.compare_digest(expected.encode(), submitted.encode())):
        raise CsrfRefused()


def flash(request: Request, key: str, *, alert: tuple[str, str] | None = None, **values: str) -> None:
    """A message for the next page (after a redirect): a text key, its values, and an alert to stress
    (Chinese, English) such as the emergency line a new order must be transferred to."""
    request.session["flash"] = {"key": key, "values": values, "alert": list(alert) if alert else None}


def take_flash(request: Request) -> dict[str, Any] | None:
    found = request.session.pop("flash", None)
    return found if isinstance(found, dict) else None
