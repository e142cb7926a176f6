"""One order on the workbench: its texts, status, deadline and timeline; for centre staff the 智能辅助
panel and the forms that act on it (confirm the classification, dispatch, merge, transfer, the rulings:
退单审核, 答复审核, 延期审批; the end of the lifecycle: 回访, 重办, 办结; 催办 and 督办; 作废); for
handling-unit staff the forms of their work (签收, 联系诉求人, 下派, 答复, 申请延期, 退单). Whoever may call the
caller back gets 查看号码: the clear number once, its viewing audited.

Units get the order without the panel: the suggestion service refuses them. The forms shown follow
the actions the lifecycle table allows the viewer in the order's status (``view.allowed``).
A refused action (a domain error) shows the page again with the message and a 4xx status; the
service has changed nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import Order, Unit
from hotline.domain.enums import AppealType, LegalRoute, OrderStatus, Role, Satisfaction, Solved, UnitKind, Urgency
from hotline.domain.errors import HotlineError, NotFound
from hotline.domain.lifecycle import Action
from hotline.services import classification, closing, handling, intake, queries, suggestions
from hotline.services.access import order_not_found
from hotline.services.auth import Actor
from hotline.web import timeline
from hotline.web.assist import order_panel
from hotline.web.deps import Page, StaffPage
from hotline.web.forms import Form, read_form
from hotline.web.i18n import action_label, error_message, label
from hotline.web.rendering import error_page, render, topic_choices, unit_text
from hotline.web.session import flash

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

# Why the clear number is being looked at (查看号码), recorded with each viewing in the PII audit.
REVEAL_PURPOSES = {"callback": "联系诉求人", "visit": "回访", "verify": "核实情况"}


def reveal_purposes(actor: Actor) -> dict[str, str]:
    """Why this actor may ask for a caller's number: the return visit (回访) is the centre's, not a unit's."""
    return REVEAL_PURPOSES if actor.is_centre else {k: v for k, v in REVEAL_PURPOSES.items() if k != "visit"}

# How a return visit was made (the order's ``visit_method`` column: phone, sms, web, on-site).
VISIT_METHODS = ("phone", "sms", "web", "on-site")


def _checked_number(number: str) -> str:
    # Only what could be an order number reaches the database (no NUL, no megabyte of text).
    if not 1 <= len(number) <= 32 or "\x00" in number:
        raise order_not_found(number[:32].replace("\x00", ""))
    return number


def _caller(view: queries.OrderView, lang: str) -> tuple[str, str]:
    """(name, masked phone) as the API shows them: a confidential caller (保密) is hidden from units."""
    o = view.order
    if view.caller_hidden:
        return ("保密" if lang == "zh" else "confidential") if o.caller_name else "", ""
    return o.caller_name or "", o.caller_phone_masked or ""


def _load(page: Page, number: str) -> dict[str, Any]:
    """Everything the page shows, read in one unit of work (the order's relations load inside it)."""
    actor = page.me
    with page.state.db.uow(write=False) as uow:
        view = queries.order_view(uow.session, actor, number)
        events = queries.order_events(uow.session, actor, number, display_names=True)
        named = timeline.unit_codes_named(e.details or {} for e, _ in events)
        unit_names = {code: name for code, name in uow.session.execute(
            select(Unit.code, Unit.name).where(Unit.code.in_(named)))} if named else {}
        o = view.order
        name, phone = _caller(view, page.lang)
        return {
            "order": o, "caller_name": name, "caller_phone": phone, "for_centre": view.for_centre,
            "may_reveal": view.may_reveal_caller and bool(o.caller_phone_enc),
            "lead_unit": _unit_text(view, o.lead_unit_id),
            # Where a return is ruled on: the lead, and every unit that returned the order before (a re-dispatch
            # goes to none of them); not read for any other page.
            "returned_by": handling.returned_units(uow.session, o) if Action.UPHOLD_RETURN in view.allowed else set(),
            "co_units": [_unit_text(view, c.unit_id) for c in o.co_units],
            "merged_into": view.merged_into, "merged_here": view.merged_here,
            "allowed": {a.value for a in view.allowed},
            **_unit_choices(uow.session, actor, set(view.allowed)),
            "overdue": queries.is_overdue(o, page.now()), "supervisor": actor.role is Role.SUPERVISOR,
            "solved_choices": list(Solved), "satisfaction_choices": list(Satisfaction),
            "visit_methods": VISIT_METHODS,
            "events": [{"at": e.at, "action": e.action, "who": who or "",
                        "note": timeline.note(e.action, e.details, unit_names, page.lang),
                        "to_label": _status_text(e.to_status, page.lang),
                        "emergency": e.action == Action.TRANSFER and (e.details or {}).get("emergency") is True}
                       for e, who in events],
        }


UnitGroups = list[tuple[UnitKind, list[tuple[str, str]]]]


def _unit_choices(session: Session, actor: Actor, allowed: set[Action]) -> dict[str, UnitGroups]:
    """The units the forms may pick, as (kind, [(code, name)]) groups — departments, districts, streets,
    communities, utilities: a list of every unit of a city is only usable sorted so. Any handling unit for a
    dispatch or a re-dispatch, the units below the actor's own for a pass-down (下派)."""
    choosing, passing = bool({Action.DISPATCH, Action.UPHOLD_RETURN} & allowed), Action.PASS_DOWN in allowed
    active = [u for u, _ in queries.list_units(session) if u.active] if choosing or passing else []
    return {"units": _grouped([u for u in active if u.kind is not UnitKind.CENTRE]) if choosing else [],
            "subordinates": _grouped([u for u in active if handling.is_subordinate(actor, u)]) if passing else []}


def _grouped(units: list[Unit]) -> UnitGroups:
    order = list(UnitKind)
    groups: dict[UnitKind, list[tuple[str, str]]] = {}
    for unit in units:  # within a kind, in the tree's order (list_units sorts by path)
        groups.setdefault(unit.kind, []).append((unit.code, unit.name))
    return sorted(groups.items(), key=lambda group: order.index(group[0]))


def _status_text(status: str, lang: str) -> str:
    try:
        return label(OrderStatus(status), lang)
    except ValueError:
        return status


def _unit_text(view: queries.OrderView, unit_id: int | None) -> str:
    return unit_text(view.units.get(unit_id) if unit_id is not None else None)


def _show(page: Page, number: str, *, error: str = "", status: int = 200,
          revealed: dict[str, Any] | None = None) -> HTMLResponse:
    try:
        data = _load(page, _checked_number(number))
    except HotlineError as exc:
        return error_page(page, exc)
    panel = None
    if page.me.is_centre:  # the service refuses unit staff: they never see the panel
        try:
            panel = order_panel(page, number)
        except Exception:  # the order must stay workable when the assistant fails
            log.exception("suggestions for %s failed; the order page is shown without them", number)
    choices = topic_choices(page) if panel is not None else []
    # The dispatch form starts with the suggested unit when it is sure enough (a dispatch records the same);
    # a re-dispatch (退单成立改派) goes elsewhere: the best suggested unit that has not returned the order.
    candidates = panel.unit_candidates if panel else []
    dispatch_to = suggestions.prefilled_unit(candidates) or ""
    redispatch_to = suggestions.prefilled_unit(candidates, data["returned_by"]) or ""
    return render(page, "order.html", {**data, "panel": panel, "error": error, "appeal_types": list(AppealType),
                                       "urgencies": list(Urgency), "topic_choices": choices, "revealed": revealed,
                                       "dispatch_to": dispatch_to, "legal_routes": list(LegalRoute),
                                       "redispatch_to": redispatch_to,
                                       "reveal_purposes": reveal_purposes(page.me)},
                  status=status)


@router.get("/work/orders/{number}", response_class=HTMLResponse)
def order_detail(number: str, page: StaffPage) -> HTMLResponse:
    return _show(page, number)


def _classify(form: Form) -> dict[str, Any]:
    return {"appeal_type": form.choice("appeal_type", AppealType), "topic": form.text("topic", limit=200),
            "urgency": form.choice("urgency", Urgency)}


def _dispatch(form: Form) -> dict[str, Any]:
    return {"unit_code": form.text("unit", limit=64) or "", "co_unit_codes": form.many("co_units", limit=64),
            "note": form.text("note", limit=5000)}


def _merge(form: Form) -> dict[str, Any]:
    form.confirmed("confirm")  # the order ends as merged (并单): one click on the wrong candidate cannot be undone
    return {"into": form.text("into", limit=32, required=True) or "", "note": form.text("note", limit=5000)}


def _transfer(form: Form) -> dict[str, Any]:
    return {"target_number": form.text("target", limit=32, required=True) or "",
            "note": form.text("note", limit=5000), "emergency": form.maybe("emergency", "yes", "no")}


def _answer(form: Form) -> dict[str, Any]:
    return {"text": form.text("text", limit=10000, required=True) or ""}


def _out_of_scope(form: Form) -> dict[str, Any]:
    return {"route": form.choice("route", LegalRoute, required=True), "note": form.text("note", limit=5000)}


def _nothing(_form: Form) -> dict[str, Any]:
    return {}


def _return(form: Form) -> dict[str, Any]:
    # Required texts are the service's to insist on: its message names the missing field.
    return {"reason": form.text("reason", limit=5000) or "", "basis": form.text("basis", limit=5000) or ""}


def _rule_return(form: Form) -> dict[str, Any]:
    upheld = form.either("ruling", "uphold", "reject")
    return {"upheld": upheld, "unit_code": (form.text("unit", limit=64) or "") if upheld else None,
            "co_unit_codes": form.many("co_units", limit=64) if upheld else [],
            "comment": form.text("comment", limit=5000)}


def _note(form: Form) -> dict[str, Any]:
    # 联系诉求人, 催办, 督办: the service insists on the note and names it when it is missing.
    return {"note": form.text("note", limit=5000) or ""}


def _close(form: Form) -> dict[str, Any]:
    return {"note": form.text("note", limit=5000)}


def _reason(form: Form) -> dict[str, Any]:
    return {"reason": form.text("reason", limit=5000) or ""}


def _void(form: Form) -> dict[str, Any]:
    form.confirmed("confirm")  # 作废 cannot be undone: the box says so, and must be ticked
    return _reason(form)


def _pass_down(form: Form) -> dict[str, Any]:
    return {"unit_code": form.text("unit", limit=64) or "", "note": form.text("note", limit=5000)}


def _visit(form: Form) -> dict[str, Any]:
    # "Solved" and "satisfied" are two answers, both required (DOMAIN.md §7); the method is optional.
    return {"solved": form.choice("solved", Solved, required=True),
            "satisfaction": form.choice("satisfaction", Satisfaction, required=True),
            "note": form.text("note", limit=5000), "method": form.pick("method", VISIT_METHODS)}


def _extension(form: Form) -> dict[str, Any]:
    return {"days": form.whole("days", low=1, high=60), "reason": form.text("reason", limit=5000) or ""}


def _decide_extension(form: Form) -> dict[str, Any]:
    return {"approved": form.either("decision", "approve", "deny"), "comment": form.text("comment", limit=5000)}


def _reply(form: Form) -> dict[str, Any]:
    return {"text": form.text("text", limit=5000) or ""}


def _review(form: Form) -> dict[str, Any]:
    return {"accepted": form.either("decision", "accept", "send-back"), "comment": form.text("comment", limit=5000)}


# The forms of the page (named as the API's routes): the service each one calls and how its fields are read.
ACTIONS: dict[str, tuple[Callable[..., Order], Callable[[Form], dict[str, Any]]]] = {
    Action.CLASSIFY.value: (classification.classify_order, _classify),
    Action.DISPATCH.value: (handling.dispatch_order, _dispatch),
    Action.MERGE.value: (intake.merge_order, _merge),
    Action.TRANSFER.value: (intake.transfer_out, _transfer),
    # A call settled on the phone: answered from the knowledge base (直接答复), or told the legal route (非受理范围).
    Action.ANSWER.value: (intake.answer_directly, _answer),
    Action.OUT_OF_SCOPE.value: (intake.mark_out_of_scope, _out_of_scope),
    Action.SIGN.value: (handling.sign_order, _nothing),
    Action.RETURN.value: (handling.return_order, _return),
    "rule-return": (handling.rule_on_return, _rule_return),
    Action.PASS_DOWN.value: (handling.pass_down, _pass_down),
    Action.RESPOND.value: (handling.respond, _note),
    Action.REQUEST_EXTENSION.value: (handling.request_extension, _extension),
    "decide-extension": (handling.decide_extension, _decide_extension),
    Action.REPLY.value: (handling.reply, _reply),
    "review": (closing.review_reply, _review),
    # The end of the lifecycle (回访 then 重办 or 办结), 作废, and supervision on any open order (催办, 督办).
    Action.VISIT.value: (closing.record_visit, _visit), Action.REDO.value: (closing.redo_order, _reason),
    Action.CLOSE.value: (closing.close_order, _close), Action.VOID.value: (intake.void_order, _void),
    Action.URGE.value: (closing.urge_order, _note), Action.SUPERVISE.value: (closing.supervise_order, _note),
}
# The forms with two outcomes: the field that decides, and the action each outcome is.
OUTCOMES: dict[str, tuple[str, Action, Action]] = {
    "rule-return": ("upheld", Action.UPHOLD_RETURN, Action.REJECT_RETURN),
    "decide-extension": ("approved", Action.APPROVE_EXTENSION, Action.DENY_EXTENSION),
    "review": ("accepted", Action.ACCEPT_REPLY, Action.SEND_BACK),
}


def _done(action: str, kwargs: dict[str, Any]) -> str:
    """The action the form performed, for the message after it."""
    if action not in OUTCOMES:
        return action
    field, yes, no = OUTCOMES[action]
    return (yes if kwargs[field] else no).value


async def _refused(page: Page, number: str, exc: HotlineError) -> Response:
    """A refused form: an unknown order or action gets the error page; anything else the order page again
    with the message (the service has changed nothing)."""
    if isinstance(exc, NotFound) and exc.code in ("order_not_found", "unknown_action"):
        return error_page(page, exc)
    message, status = error_message(exc, page.lang), exc.status
    return await run_in_threadpool(lambda: _show(page, number, error=message, status=status))


# Registered before the lifecycle forms' route, which would take "caller" for an action.
@router.post("/work/orders/{number}/caller", response_class=HTMLResponse)
async def reveal_caller(number: str, page: StaffPage) -> Response:
    """查看号码: the caller's clear phone number, shown in this response only (never stored in the session
    or a redirect) and recorded in the PII audit with the purpose; the page otherwise shows it masked."""
    try:
        form = await read_form(page.request)
    except HotlineError as exc:
        return error_page(page, exc)
    try:
        allowed = reveal_purposes(page.me)
        purpose = allowed[form.pick("purpose", tuple(allowed)) or "callback"]
        number = _checked_number(number)

        def reveal() -> dict[str, Any]:
            with page.state.db.uow() as uow:
                return queries.reveal_caller(uow.session, page.me, number, ctx=page.state.ctx, now=page.now(),
                                             purpose=purpose)

        revealed = await run_in_threadpool(reveal)
    except HotlineError as exc:
        return await _refused(page, number, exc)
    return await run_in_threadpool(lambda: _show(page, number, revealed=revealed))


@router.post("/work/orders/{number}/{action}", response_class=HTMLResponse)
async def order_action(number: str, action: str, page: StaffPage) -> Response:
    try:
        form = await read_form(page.request)  # a refused CSRF token: the error page, nothing done
    except HotlineError as exc:
        return error_page(page, exc)
    try:
        if action not in ACTIONS:
            raise NotFound("没有此操作", "No such action", code="unknown_action")
        service, read = ACTIONS[action]
        kwargs = read(form)
        number = _checked_number(number)

        def act() -> None:
            # A dispatch or re-dispatch records the unit the page showed (pre-filled) beside the choice.
            if action == Action.DISPATCH.value or (action == "rule-return" and kwargs["upheld"]):
                with page.state.db.uow(write=False) as uow:
                    kwargs["shown"] = suggestions.unit_shown(uow.session, page.state.ctx, page.me, number=number,
                                                             now=page.now(), redispatch=action != Action.DISPATCH)
            with page.state.db.uow() as uow:
                service(uow, number=number, actor=page.me, now=page.now(), **kwargs)

        await run_in_threadpool(act)
    except HotlineError as exc:
        return await _refused(page, number, exc)
    flash(page.request, "done", what=action_label(_done(action, kwargs), page.lang))
    return RedirectResponse(f"/work/orders/{number}", status_code=303)

