"""派单目录: the dispatch catalogue as everyone reads it, and the admins' forms that change it.

A rule says which unit leads on a topic (prefix) in an area: a fixed unit, or the area's own
government at a level (属地). Changes go through ``services.catalogue`` as the API's do: adding,
replacing (a new revision; the old rule stops) and retiring; ``?history=true`` shows the rules that
stopped, with their dates. Only admins get the forms; a form posted by anyone else is refused by
the service (403) and nothing changes. An empty topic is a mistake on this form: the catch-all rule
for every topic is asked for with its own checkbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hotline.db.models import CatalogueRule, TopicEntry, Unit
from hotline.domain.enums import AreaKind, Role, UnitKind
from hotline.domain.errors import HotlineError, NotFound, ValidationFailed
from hotline.domain.periods import REVIEW_DAYS
from hotline.services import areas, catalogue, dispatch_review, queries, topics
from hotline.web.deps import Page, StaffPage
from hotline.web.forms import Form, read_form
from hotline.web.i18n import error_message, label, texts
from hotline.web.rendering import error_page, render, topic_choices, unit_text
from hotline.web.session import flash

router = APIRouter(include_in_schema=False)

FIELDS = ("topic", "all_topics", "area", "lead_unit", "territorial_level", "note", "effective_from")
BOUNCE_DAYS = REVIEW_DAYS  # the upheld returns shown beside the catalogue (the 复盘 page for any period)


def _rule_id(raw: str | None) -> int:
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) < 2**31:
        return int(raw)
    raise NotFound("派单目录中没有这条规则", "No rule with that id", code="rule_not_found")


def _unit_text(units: dict[int, Unit], unit_id: int | None) -> str:
    return unit_text(units.get(unit_id) if unit_id is not None else None)


def _row(rule: CatalogueRule, units: dict[int, Unit], names: catalogue.Names, now: datetime,
         lang: str, directory: set[str]) -> dict[str, Any]:
    words = texts(lang)
    level = rule.territorial_level
    return {
        "id": rule.id, "revision": rule.revision, "topic": rule.topic or words["every_topic"],
        # A rule kept from before the directory, on a topic outside it: nobody can file an order under it.
        "outside": bool(directory) and rule.topic != "" and rule.topic not in directory,
        "area": names.area_name(rule.area_id) or words["whole_city"],
        "lead": words["territorial_lead"].format(level=label(level, lang)) if level else
        _unit_text(units, rule.lead_unit_id),
        "co_units": [_unit_text(units, u) for u in rule.co_unit_ids or []], "note": rule.note,
        "effective_from": rule.effective_from, "effective_to": rule.effective_to,
        "in_force": rule.effective_from <= now and (rule.effective_to is None or rule.effective_to > now),
        # what the replace form starts from
        "values": {"topic": rule.topic, "all_topics": "" if rule.topic else "1",
                   "area": names.area_code(rule.area_id) or "", "lead_unit": names.unit_code(rule.lead_unit_id) or "",
                   "territorial_level": level.value if level else "", "note": rule.note,
                   "co_units": [c for c in map(names.unit_code, rule.co_unit_ids or []) if c]},
    }


def bounce_rows(bounces: Iterable[dispatch_review.Bounce], units: Iterable[Unit]) -> list[dict[str, Any]]:
    """The bounces as ``_bounces.html`` shows them: units by name and code, the share in percent."""
    by_code = {u.code: u for u in units}
    return [{"topic": b.topic, "returned_by": unit_text(by_code.get(b.returned_by)) or b.returned_by,
             "redispatched_to": unit_text(by_code.get(b.redispatched_to)) or b.redispatched_to,
             "count": b.count, "share": round(b.share * 100), "suggested": b.suggested} for b in bounces]


def _topic_row(entry: TopicEntry, added_by: str | None, retired_by: str | None) -> dict[str, Any]:
    return {"id": entry.id, "path": entry.path, "level": entry.level, "added_at": entry.added_at,
            "added_by": added_by or "", "retired_at": entry.retired_at, "retired_by": retired_by or ""}


def _load(page: Page, *, history: bool) -> dict[str, Any]:
    now = page.now()
    with page.state.db.uow(write=False) as uow:
        s = uow.session
        rules = catalogue.list_rules(s, at=now, history=history)
        names = catalogue.names_for(s, rules)
        units = {u.id: u for u, _ in queries.list_units(s)}
        # The topics that bounce (centre staff only: which unit returned what is the centre's business).
        bounces = dispatch_review.bounces(s, now - timedelta(days=BOUNCE_DAYS), limit=10) if page.me.is_centre else []
        # The topic directory, for centre staff (it is what they file orders under).
        directory = topics.list_topics(s, page.me, retired=history) if page.me.is_centre else []
        paths = set(topics.active_paths(s))
        return {
            "topics": [_topic_row(*row) for row in directory],
            "bounces": bounce_rows(bounces, units.values()), "bounce_days": BOUNCE_DAYS,
            "for_centre": page.me.is_centre,
            "rules": [_row(r, units, names, now, page.lang, paths) for r in rules], "history": history,
            "units": [(u.code, u.name) for u in units.values() if u.active and u.kind is not UnitKind.CENTRE],
            "areas": [(a.code, a.name, label(a.kind, page.lang)) for a, _, _ in areas.list_areas(s)],
            "levels": list(AreaKind), "admin": page.me.role is Role.ADMIN,
        }


def show_catalogue(page: Page, *, values: dict[str, Any] | None = None, replacing: int | None = None,
                   error: str = "", status: int = 200, topic_path: str = "") -> HTMLResponse:
    history = page.request.query_params.get("history") == "true"
    try:
        data = _load(page, history=history)
    except HotlineError as exc:
        return error_page(page, exc)
    editing = next((r for r in data["rules"] if r["id"] == replacing and r["in_force"]), None)
    if values is None:
        values = editing["values"] if editing else {}
    choices = topic_choices(page) if data.get("admin") else []
    return render(page, "catalogue.html", {**data, "values": values, "editing": editing, "error": error,
                                           "topic_choices": choices, "topic_path": topic_path},
                  status=status)


@router.get("/work/catalogue", response_class=HTMLResponse)
def catalogue_page(page: StaffPage) -> HTMLResponse:
    raw = page.request.query_params.get("replace")
    try:
        replacing = _rule_id(raw) if raw else None
    except HotlineError as exc:
        return error_page(page, exc)
    return show_catalogue(page, replacing=replacing)


def _moment(raw: str, tz: ZoneInfo) -> datetime | None:
    """A ``datetime-local`` field, in the centre's time zone; empty: None (the rule starts at once)."""
    if not raw.strip():
        return None
    try:
        moment = datetime.fromisoformat(raw.strip()[:32])
    except ValueError:
        raise ValidationFailed("生效时间格式不正确", "The effective time is malformed", code="invalid_field",
                               details={"field": "effective_from"}) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _draft(form: Form, tz: ZoneInfo) -> catalogue.RuleDraft:
    topic = "" if form.raw("all_topics") else form.text("topic", limit=200)
    if topic is None:
        raise ValidationFailed("请填写问题分类，或勾选“适用于全部分类”",
                               "Give a topic, or tick “applies to every topic”", code="topic_required",
                               details={"field": "topic"})
    return catalogue.RuleDraft(
        topic=topic, area=form.text("area", limit=64), lead_unit=form.text("lead_unit", limit=64),
        territorial_level=form.choice("territorial_level", AreaKind),
        co_units=tuple(form.many("co_units", limit=64, most=catalogue.MAX_CO_UNITS)),
        note=form.text("note", limit=500) or "", effective_from=_moment(form.raw("effective_from"), tz))


async def _change(page: Page, raw_id: str | None, *, retire: bool = False) -> Response:
    """Add (no id), replace or retire a rule; the page again with the reason when refused."""
    try:
        form = await read_form(page.request)
    except HotlineError as exc:
        return error_page(page, exc)
    values: dict[str, Any] = {**{f: form.raw(f) for f in FIELDS}, "co_units": form.data.getlist("co_units")}
    replacing = None
    try:
        replacing = _rule_id(raw_id) if raw_id is not None else None
        if retire:
            form.confirmed("confirm")  # a retired rule stops routing at once, for every order of its topic
        draft = None if retire else _draft(form, page.state.ctx.tz)
        revision = await run_in_threadpool(_write, page, draft, replacing)
    except HotlineError as exc:
        message, status = error_message(exc, page.lang), exc.status
        return await run_in_threadpool(lambda: show_catalogue(page, values=values, error=message, status=status,
                                                              replacing=None if retire else replacing))
    if revision is None:
        flash(page.request, "rule_retired")
    else:
        flash(page.request, "rule_done", revision=str(revision))
    return RedirectResponse("/work/catalogue", status_code=303)


def _write(page: Page, draft: catalogue.RuleDraft | None, rule_id: int | None) -> int | None:
    """The new rule's revision (None after retiring ``rule_id``)."""
    now = page.now()
    with page.state.db.uow() as uow:
        if draft is None:
            assert rule_id is not None
            catalogue.remove_rule(uow, actor=page.me, rule_id=rule_id, now=now)
            revision = None
        else:
            revision = catalogue.add_rule(uow, actor=page.me, draft=draft, now=now, replaces=rule_id).revision
    page.state.ctx.catalogue.invalidate()  # this process routes by the new rules at once
    return revision


@router.post("/work/catalogue", response_class=HTMLResponse)
async def add_rule(page: StaffPage) -> Response:
    return await _change(page, None)


@router.post("/work/catalogue/{rule_id}/replace", response_class=HTMLResponse)
async def replace_rule(rule_id: str, page: StaffPage) -> Response:
    return await _change(page, rule_id)


@router.post("/work/catalogue/{rule_id}/retire", response_class=HTMLResponse)
async def retire_rule(rule_id: str, page: StaffPage) -> Response:
    return await _change(page, rule_id, retire=True)
