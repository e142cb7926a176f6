"""问题分类目录 on the 派单目录 page: admins add topics and retire them (a ticked box, as for a rule).

The section itself is drawn by ``catalogue_page`` (centre staff read the directory there); the changes go
through ``services.topics`` as the API's do, and a refusal shows the catalogue page again with the reason.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hotline.domain.errors import HotlineError, NotFound
from hotline.services import topics
from hotline.web.catalogue_page import show_catalogue
from hotline.web.deps import Page, StaffPage
from hotline.web.forms import read_form
from hotline.web.i18n import error_message
from hotline.web.rendering import error_page
from hotline.web.session import flash

router = APIRouter(include_in_schema=False)


def _topic_id(raw: str) -> int:
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) < 2**31:
        return int(raw)
    raise NotFound("问题分类目录中没有这个有效分类", "No active topic with that id in the directory",
                   code="topic_not_found")


def _add(page: Page, path: str) -> str:
    with page.state.db.uow() as uow:
        added = topics.add_topic(uow, actor=page.me, path=path, now=page.now()).path
    page.state.ctx.topics.invalidate()  # this process files by the new directory at once
    return added


def _retire(page: Page, entry_id: int) -> str:
    with page.state.db.uow() as uow:
        retired = topics.retire_topic(uow, actor=page.me, entry_id=entry_id, now=page.now()).path
    page.state.ctx.topics.invalidate()
    return retired


async def _change(page: Page, raw_id: str | None) -> Response:
    """Add a topic (no id) or retire one; the catalogue page again with the reason when refused."""
    try:
        form = await read_form(page.request)
    except HotlineError as exc:
        return error_page(page, exc)
    typed = form.raw("path")[:topics.MAX_TOPIC_CHARS]
    try:
        if raw_id is None:
            path = await run_in_threadpool(_add, page, form.text("path", limit=topics.MAX_TOPIC_CHARS) or "")
            flash(page.request, "topic_done", path=path)
        else:
            entry_id = _topic_id(raw_id)
            form.confirmed("confirm")  # a retired topic can no longer be chosen by anyone (within seconds)
            path = await run_in_threadpool(_retire, page, entry_id)
            flash(page.request, "topic_gone", path=path)
    except HotlineError as exc:
        message, status = error_message(exc, page.lang), exc.status
        return await run_in_threadpool(lambda: show_catalogue(page, error=message, status=status, topic_path=typed))
    return RedirectResponse("/work/catalogue#topics", status_code=303)


@router.post("/work/catalogue/topics", response_class=HTMLResponse)
async def add_topic(page: StaffPage) -> Response:
    return await _change(page, None)


@router.post("/work/catalogue/topics/{topic_id}/retire", response_class=HTMLResponse)
async def retire_topic(topic_id: str, page: StaffPage) -> Response:
    return await _change(page, topic_id)
