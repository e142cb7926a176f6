"""Rendering: the Jinja2 templates, what every page gets (words, language, user, CSRF token, flash),
and domain errors shown as a page with a 4xx status."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hotline.db.models import Unit
from hotline.domain import errors
from hotline.domain.calendar import local_deadline
from hotline.domain.enums import Role
from hotline.domain.lifecycle import ROLE_ACTIONS, Action
from hotline.services import classification
from hotline.web.deps import Page, form_page
from hotline.web.i18n import action_label, error_message, label, texts
from hotline.web.session import csrf_token, take_flash

# A form's POST → the page it came from (an order, the catalogue).

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def local_time(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def deadline_text(value: datetime | None, tz: ZoneInfo) -> str:
    """A deadline in local time, "" for none (``calendar.local_deadline``: midnight reads as 24:00)."""
    return local_deadline(value, tz) if value else ""


def nav_links(role: Role | None) -> list[tuple[str, str]]:
    """(path, text key) of the workbench pages this role uses."""
    if role is None:
        return []
    links = [("/work/intake", "nav_intake")] if Action.REGISTER in ROLE_ACTIONS[role] else []
    links.append(("/work/orders", "nav_orders"))
    if role is not Role.UNIT:  # hot issues and the review are the centre's view of the whole city
        links.append(("/work/hot-issues", "nav_hot"))
    links.append(("/work/catalogue", "nav_catalogue"))
    return [*links, ("/work/review", "nav_review")] if role is not Role.UNIT else links


def switch_language_url(request: Request, lang: str) -> str:
    """This page in the other language; after a POST, the page the form belongs to."""
    other = "zh" if lang == "en" else "en"
    if request.method != "GET":
        return f"{form_page(request.url.path)}?lang={other}"
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*query, ('lang', other)])}"


def unit_text(unit: Unit | None) -> str:
    """How the pages name a unit: its name and, in brackets, its code."""
    return f"{unit.name}（{unit.code}）" if unit else ""


def topic_choices(page: Page) -> list[str]:
    """For the topic fields' picker (a ``<datalist>``: free entry stays possible)."""
    with page.state.db.uow(write=False) as uow:
        return classification.topic_choices(uow.session, page.state.ctx)


def render(page: Page, name: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    t = texts(page.lang)
    lang = page.lang
    tz = page.state.ctx.tz
    flashed = take_flash(page.request) if page.actor is not None else None
    response = TEMPLATES.TemplateResponse(page.request, name, {
        "t": t, "lang": lang, "actor": page.actor, "display_name": page.display_name,
        "nav": nav_links(page.actor.role if page.actor else None),
        "csrf": csrf_token(page.request) if page.actor is not None or name == "login.html" else "",
        "flash": _flash_text(flashed, lang), "flash_alert": _flash_alert(flashed, lang),
        "label": lambda value: label(value, lang), "action_label": lambda a: action_label(a, lang),
        "when": lambda value: local_time(value, tz), "deadline": lambda value: deadline_text(value, tz), "tz": tz,
        "switch_url": switch_language_url(page.request, lang), **context,
    }, status_code=status)
    response.set_cookie("lang", lang, samesite="lax", httponly=True)
    return response


def _flash_text(flashed: dict[str, Any] | None, lang: str) -> str:
    if not flashed:
        return ""
    template = texts(lang).get(str(flashed.get("key")), "")
    values = flashed.get("values")
    try:
        return template.format(**values) if isinstance(values, dict) else template
    except (KeyError, IndexError):
        return template


def _flash_alert(flashed: dict[str, Any] | None, lang: str) -> str:
    alert = (flashed or {}).get("alert")
    if not isinstance(alert, list) or len(alert) != 2:
        return ""
    return str(alert[1] if lang == "en" else alert[0])


def error_page(page: Page, error: errors.HotlineError) -> HTMLResponse:
    return render(page, "error.html", {"message": error_message(error, page.lang), "code": error.code},
                  status=error.status)
