"""Signing in to the workbench with a user name and password, and signing out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hotline.domain.errors import HotlineError, NotAuthenticated
from hotline.services.sessions import end_session, open_session
from hotline.web.deps import Page, PublicPage, home_page, safe_next
from hotline.web.forms import read_form
from hotline.web.i18n import error_message, texts
from hotline.web.rendering import error_page, render
from hotline.web.session import session_token, sign_in, sign_out

router = APIRouter(include_in_schema=False)


def _form(page: Page, *, username: str = "", message: str = "", status: int = 200) -> HTMLResponse:
    # Only a page asked for comes back as next: without one, the role's own home is chosen after signing in.
    asked = page.request.query_params.get("next")
    next_path = safe_next(asked) if asked else ""
    return render(page, "login.html", {"username": username, "message": message, "next": next_path},
                  status=status)


@router.get("/login", response_class=HTMLResponse)
def login_form(page: PublicPage) -> Response:
    if session_token(page.request) is not None:
        return RedirectResponse(safe_next(page.request.query_params.get("next")), status_code=303)
    return _form(page)


@router.post("/login", response_class=HTMLResponse)
async def login(page: PublicPage) -> Response:
    try:
        form = await read_form(page.request)
        username = form.text("username", limit=64) or ""
        password = form.raw("password")[:1024]  # argon2 hashes any length; a bound keeps the work bounded
    except HotlineError as exc:
        return error_page(page, exc)

    previous = session_token(page.request)

    def check() -> tuple[str, str]:
        with page.state.db.uow() as uow:
            token, actor = open_session(uow, username=username, password=password, now=page.state.clock())
            if previous:  # signing in again (as someone else, say) ends the session the browser had
                end_session(uow.session, token=previous)
            uow.commit()
            return token, home_page(actor.role)

    try:
        token, home = await run_in_threadpool(check)
    except NotAuthenticated as exc:
        message = error_message(exc, page.lang) if exc.code == "account_locked" else texts(page.lang)["bad_credentials"]
        return _form(page, username=username, message=message, status=401)
    sign_in(page.request, token)
    return RedirectResponse(safe_next(form.raw("next"), home), status_code=303)


@router.post("/logout", response_class=HTMLResponse)
async def logout(page: PublicPage) -> Response:
    try:
        await read_form(page.request)
    except HotlineError as exc:
        return error_page(page, exc)
    token = session_token(page.request)
    if token:
        await run_in_threadpool(_end, page, token)
    sign_out(page.request)
    return RedirectResponse("/login", status_code=303)


def _end(page: Page, token: str) -> None:
    """On the server too: a copy of the cookie is worthless from now on."""
    with page.state.db.uow() as uow:
        end_session(uow.session, token=token)
        uow.commit()
