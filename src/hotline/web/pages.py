"""Pages: ``/`` (what this centre is, its numbers today, where to go) and ``/status`` (citizen lookup).

Chinese by default; ``?lang=en`` switches to English and is remembered in a cookie.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hotline.domain.enums import OrderStatus, label_zh
from hotline.domain.lifecycle import ACTION_LABELS_ZH, Action
from hotline.services import queries

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")

EN = {
    "title": "12345 Government Service Hotline",
    "subtitle": "Connect faster, dispatch more accurately, handle for real",
    "lookup": "Check an appeal", "code": "Lookup code", "go": "Check", "orders": "Work orders by status",
    "api": "API documentation", "not_found": "No appeal has this lookup code.", "number": "Order number",
    "status": "Status", "accepted": "Received", "due": "Due", "reply": "Reply", "progress": "Progress",
    "language": "中文",
}
ZH = {
    "title": "12345 政务服务便民热线", "subtitle": "接得更快 · 分得更准 · 办得更实",
    "lookup": "诉求办理进度查询", "code": "查询码", "go": "查询", "orders": "工单状态分布",
    "api": "接口文档", "not_found": "没有找到此查询码对应的诉求。", "number": "工单编号", "status": "办理状态",
    "accepted": "受理时间", "due": "办理时限", "reply": "答复内容", "progress": "办理过程", "language": "English",
}
STATUS_EN = {s: s.value.replace("_", " ") for s in OrderStatus}

router = APIRouter(include_in_schema=False)


def _lang(request: Request, lang: str | None) -> str:
    chosen = lang or request.cookies.get("lang") or "zh"
    return "en" if chosen == "en" else "zh"


def _render(request: Request, name: str, lang: str, context: dict[str, Any]) -> HTMLResponse:
    text = EN if lang == "en" else ZH
    response = TEMPLATES.TemplateResponse(request, name, {"t": text, "lang": lang, **context})
    response.set_cookie("lang", lang, samesite="lax", httponly=True)
    return response


def _status_label(status: OrderStatus, lang: str) -> str:
    return STATUS_EN[status] if lang == "en" else label_zh(status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, lang: Annotated[str | None, Query(max_length=2)] = None) -> HTMLResponse:
    language = _lang(request, lang)
    with request.app.state.hotline.db.uow(write=False) as uow:
        counts = queries.status_counts(uow.session)
    rows = [(_status_label(s, language), counts.get(s, 0)) for s in OrderStatus]
    return _render(request, "index.html", language, {"rows": rows, "total": sum(counts.values())})


@router.get("/status", response_class=HTMLResponse)
def status(request: Request, code: Annotated[str, Query(max_length=32)] = "",
           lang: Annotated[str | None, Query(max_length=2)] = None) -> HTMLResponse:
    language = _lang(request, lang)
    found = None
    if code:
        with request.app.state.hotline.db.uow(write=False) as uow:
            found = queries.public_status(uow.session, code)
    tz = request.app.state.hotline.ctx.tz
    steps = [(at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
              action if language == "en" else ACTION_LABELS_ZH[Action(action)]) for at, action in
             (found.milestones if found else [])]
    return _render(request, "status.html", language, {
        "code": code, "found": found, "steps": steps, "tz": tz,
        "status_label": _status_label(found.status, language) if found else "",
    })


def install_pages(app: FastAPI) -> None:
    app.include_router(router)
