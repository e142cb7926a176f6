"""受理登记: the agent's intake form with the 智能辅助 panel beside it.

The panel refreshes while the agent types (a debounced fetch of ``/work/intake/suggest``, which
returns the panel's HTML); without JavaScript the 获取建议 button posts the form and the page comes
back with the same panel. Registering takes the API's path: the lean suggestions in a read-only unit
of work, then ``intake.register_appeal`` storing them with the order.
"""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hotline.domain.enums import AppealType, Channel, Urgency
from hotline.domain.errors import HotlineError
from hotline.domain.lifecycle import Action, check_may_act
from hotline.services import closing, intake, intake_assist
from hotline.services.intake import NewAppeal
from hotline.web.assist import PLACE_FIELDS, Panel, preview_panel
from hotline.web.deps import Page, StaffPage
from hotline.web.forms import appeal_from, read_form
from hotline.web.i18n import action_label, error_message
from hotline.web.rendering import error_page, render, topic_choices
from hotline.web.session import flash

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

FIELDS = ("channel", "caller_name", "caller_phone", "caller_company", "caller_confidential", "title", "content",
          "address", "district", "street", "community", "appeal_type", "topic", "urgency", "form_id")
FILLABLE = ("appeal_type", "topic")  # what the panel's 采用 buttons put into the form


def _intake_page(page: Page, values: dict[str, str], panel: Panel | None, *, error: str = "",
                 status: int = 200) -> HTMLResponse:
    # A fresh form gets a new id, sent as the registration's idempotency key: a double click
    # or a resubmitted page registers the appeal once.
    values = {"form_id": secrets.token_urlsafe(16), **{k: v for k, v in values.items() if v}}
    return render(page, "intake.html", {
        "values": values, "panel": panel, "error": error, "channels": list(Channel),
        "appeal_types": list(AppealType), "urgencies": list(Urgency), "topic_choices": topic_choices(page)},
        status=status)


@router.get("/work/intake", response_class=HTMLResponse)
def intake_form(page: StaffPage) -> HTMLResponse:
    try:
        check_may_act(page.me.role, Action.REGISTER)
    except HotlineError as exc:
        return error_page(page, exc)
    return _intake_page(page, {"channel": Channel.PHONE.value}, None)


@router.post("/work/intake/suggest", response_class=HTMLResponse)
async def suggest_fragment(page: StaffPage) -> HTMLResponse:
    """The panel alone, for the page's script."""
    try:
        check_may_act(page.me.role, Action.REGISTER)  # the panel looks callers up by phone: intake staff only
        form = await read_form(page.request)
        panel = await run_in_threadpool(preview_panel, page, {f: form.raw(f) for f in FIELDS})
    except HotlineError as exc:
        return render(page, "_error_fragment.html", {"message": error_message(exc, page.lang)},
                      status=exc.status)
    return render(page, "_assist.html", {"panel": panel})


@router.post("/work/intake", response_class=HTMLResponse)
async def intake_submit(page: StaffPage) -> Response:
    try:
        check_may_act(page.me.role, Action.REGISTER)
        form = await read_form(page.request)
    except HotlineError as exc:
        return error_page(page, exc)
    values = {f: form.raw(f) for f in FIELDS}
    if form.raw("do") == "register":
        try:
            number, code, alert = await run_in_threadpool(_register, page, appeal_from(form), values["form_id"])
        except HotlineError as exc:
            if exc.code == "idempotency_key_reused":
                # This form was registered before and then changed (Back, edit, submit): a fresh form id lets
                # the agent register the changed appeal as a new one, if that is what they meant.
                values.pop("form_id", None)
            return _intake_page(page, values, None, error=error_message(exc, page.lang), status=exc.status)
        flash(page.request, "registered", number=number, code=code, alert=alert)
        return RedirectResponse(f"/work/orders/{number}", status_code=303)
    # 获取建议, or a 采用 button pressed without JavaScript: the same page, with the panel.
    field, _, value = form.raw("use").partition(":")
    if field in FILLABLE:
        values[field] = value
    elif field == "place":  # the recognised area: "district|street|community", each part only where recognised
        values.update({name: part for name, part in zip(PLACE_FIELDS, value.split("|"), strict=False) if part})
    try:
        panel = await run_in_threadpool(preview_panel, page, values)
    except HotlineError as exc:
        return _intake_page(page, values, None, error=error_message(exc, page.lang), status=exc.status)
    except Exception:  # never lose what the agent typed because the assistant failed
        log.exception("suggestions failed; the intake form is shown without them")
        panel = None
    return _intake_page(page, values, panel)


# What a chase carries of the call: the unit reads the caller's own words (the rest stays in the call recording).
URGE_NOTE_CHARS = 500


@router.post("/work/intake/urge/{number}", response_class=HTMLResponse)
async def urge_instead(number: str, page: StaffPage) -> Response:
    """催办 instead of a new order: the panel found the caller's open order about this matter (a repeat call), so
    the agent chases it with what the caller says now, and registers nothing. The intake form posts here from
    the repeat's button, with what was typed; refused, the form comes back as it was, with the reason."""
    try:
        check_may_act(page.me.role, Action.URGE)
        form = await read_form(page.request)
    except HotlineError as exc:
        return error_page(page, exc)
    values = {f: form.raw(f) for f in FIELDS}
    said = " ".join((values.get("content") or "").split())[:URGE_NOTE_CHARS]
    note = f"来电人再次来电催办：{said}" if said else "来电人再次来电催办"
    try:
        await run_in_threadpool(_urge, page, number[:32], note)
    except HotlineError as exc:
        return _intake_page(page, values, None, error=error_message(exc, page.lang), status=exc.status)
    flash(page.request, "done", what=action_label(Action.URGE.value, page.lang))
    return RedirectResponse(f"/work/orders/{number[:32]}", status_code=303)


def _urge(page: Page, number: str, note: str) -> None:
    with page.state.db.uow() as uow:
        closing.urge_order(uow, number=number, note=note, actor=page.me, now=page.now())


def _register(page: Page, appeal: NewAppeal, form_id: str) -> tuple[str, str, tuple[str, str] | None]:
    """(number, lookup code, the alert to stress) of the new order."""
    actor, ctx, now = page.me, page.state.ctx, page.now()
    prepared = None
    if actor.is_centre:
        with page.state.db.uow(write=False) as uow:
            prepared = intake_assist.lean_suggestions(uow.session, ctx, appeal, now=now)
    key = form_id[:128] if form_id and "\x00" not in form_id else None
    with page.state.db.uow() as uow:
        order, _created = intake.register_appeal(uow, appeal=appeal, actor=actor, now=now, ctx=ctx,
                                                 idempotency_key=key, prepared=prepared)
        number, code = order.number, order.lookup_code
    return number, code, _alert_of(prepared.payload if prepared else None)


def _alert_of(payload: dict[str, object] | None) -> tuple[str, str] | None:
    """The first emergency, else the first out-of-scope route: what the agent must act on at once."""
    alerts = payload.get("alerts") if payload else None
    if not isinstance(alerts, dict):
        return None
    scope = [f for f in alerts.get("scope") or [] if f.get("strength") == "out_of_scope"]
    first = (alerts.get("emergencies") or scope or [None])[0]
    return (str(first["message_zh"]), str(first["message_en"])) if first else None
