"""Pages: ``/`` (what this centre is, its numbers today, where to go) and ``/status`` (citizen lookup);
``install_pages`` puts these, the sign-in pages and the workbench (``/work/…``) on the app.

Chinese by default; ``?lang=en`` switches to English and is remembered in a cookie.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from hotline.domain.enums import OrderStatus
from hotline.domain.errors import NotFound
from hotline.services import queries
from hotline.settings import Settings
from hotline.web import catalogue_page, hot_issues, intake, login, order_page, queue, review_page, topics_page
from hotline.web.deps import PublicPage, StaffPage, install_sign_in_redirect
from hotline.web.headers import SecurityHeaders
from hotline.web.i18n import action_label, label
from hotline.web.rendering import error_page, render
from hotline.web.session import install_sessions

STATIC_DIR = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(page: PublicPage) -> HTMLResponse:
    with page.state.db.uow(write=False) as uow:
        counts = queries.status_counts(uow.session)
    rows = [(label(s, page.lang), counts.get(s, 0)) for s in OrderStatus]
    return render(page, "index.html", {"rows": rows, "total": sum(counts.values())})


@router.get("/status", response_class=HTMLResponse)
def status(page: PublicPage) -> HTMLResponse:
    code = page.request.query_params.get("code", "")[:32]
    found = None
    if code:
        with page.state.db.uow(write=False) as uow:
            found = queries.public_status(uow.session, code)
    tz = page.state.ctx.tz
    steps = [(at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), action_label(action, page.lang))
             for at, action in (found.milestones if found else [])]
    return render(page, "status.html", {
        "code": code, "found": found, "steps": steps,
        "status_label": label(found.status, page.lang) if found else "",
    })


# Last of all: any other workbench path is a page that says so, not the API's JSON.
fallback = APIRouter(include_in_schema=False)


@fallback.api_route("/work/{rest:path}", methods=["GET", "POST"], response_class=HTMLResponse)
def no_such_page(rest: str, page: StaffPage) -> HTMLResponse:
    return error_page(page, NotFound("页面不存在", "No such page", code="page_not_found"))


def install_pages(app: FastAPI, settings: Settings) -> None:
    for pages in (router, login.router, intake.router, queue.router, order_page.router, hot_issues.router,
                  review_page.router, topics_page.router, catalogue_page.router, fallback):
        app.include_router(pages)
    app.mount("/static/web", StaticFiles(directory=STATIC_DIR), name="web-static")
    install_sign_in_redirect(app)
    install_sessions(app, settings)
    app.add_middleware(SecurityHeaders)
