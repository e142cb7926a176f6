"""What every page handler starts from: the app state, the language and, on the workbench, the signed-in actor.

Nothing here lets FastAPI validate query parameters: a malformed one would get the API's JSON error,
and a person in a browser should get a page. Handlers read and check their own parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Protocol
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hotline.db.uow import Database
from hotline.domain.enums import Role
from hotline.domain.errors import NotAuthenticated
from hotline.services.auth import Actor
from hotline.services.context import Context
from hotline.services.sessions import actor_for_session
from hotline.web.i18n import choose_language, texts
from hotline.web.session import session_token, sign_out


class WebState(Protocol):
    """The parts of ``app.state.hotline`` (the API's AppState) that pages use."""

    db: Database
    ctx: Context
    clock: Callable[[], datetime]


@dataclass(frozen=True)
class Page:
    request: Request
    lang: str
    state: WebState
    actor: Actor | None = None
    display_name: str = ""

    @property
    def me(self) -> Actor:
        assert self.actor is not None, "a workbench page without a signed-in actor"
        return self.actor

    def now(self) -> datetime:
        return self.state.clock()


class SignInRequired(Exception):
    """Raised by the workbench dependency; answered with a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _language(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.cookies.get("lang"))


def public_page(request: Request) -> Page:
    return Page(request, _language(request), request.app.state.hotline)


def staff_page(request: Request) -> Page:
    """The signed-in actor, loaded afresh (sync: FastAPI runs it in the thread pool)."""
    page = public_page(request)
    token = session_token(request)
    if token is None:
        raise SignInRequired(request.url.path)
    try:
        with page.state.db.uow(write=False) as uow:
            actor, name = actor_for_session(uow.session, token=token, now=page.state.clock())
    except NotAuthenticated:
        sign_out(request)
        raise SignInRequired(request.url.path) from None
    return Page(page.request, page.lang, page.state, actor, name)


PublicPage = Annotated[Page, Depends(public_page)]
StaffPage = Annotated[Page, Depends(staff_page)]


def safe_next(path: str | None, home: str = "/work/orders") -> str:
    """Where to go after signing in: only a workbench path of this site (no open redirect), else ``home``."""
    if path and path.startswith("/work/") and "//" not in path and "\\" not in path and len(path) <= 200:
        return path
    return home


def home_page(role: Role) -> str:
    """Where a role's work starts: a call-taker's at 受理登记, everyone else's at the order queue."""
    return "/work/intake" if role is Role.AGENT else "/work/orders"


_FORM_TARGET = re.compile(r"^(/work/orders/[^/]+|/work/catalogue|/work/intake)/.+$")


def form_page(path: str) -> str:
    """The page a form's POST address belongs to (/work/orders/N/sign → /work/orders/N): where to come back
    to after signing in again, or after switching the language."""
    return _FORM_TARGET.sub(r"\1", path)

FRAGMENT_HEADER = "X-Hotline-Fragment"  # sent by the intake page's script when it refreshes the panel

def install_sign_in_redirect(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _to_sign_in(request: Request, exc: SignInRequired) -> Response:
        if request.headers.get(FRAGMENT_HEADER):
            # The panel's refresh: following a redirect would take the agent off a half-typed appeal.
            message = texts(_language(request))["session_ended"]
            return HTMLResponse(f'<div class="banner scope-out" role="alert" id="session-ended">{message}</div>',
                                status_code=401)
        return RedirectResponse(f"/login?next={quote(safe_next(form_page(exc.next_path)))}", status_code=303)
