"""Reading submitted forms: every value checked before it reaches a service or the database.

Limits are the column sizes (PostgreSQL refuses a longer value, SQLite would keep it), NUL is refused
(PostgreSQL cannot store it in text), and enumerations accept the code or the Chinese word, as the API
does. A bad value raises ``ValidationFailed`` naming the field, which the page shows in its language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from fastapi import Request
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from hotline.domain.enums import AppealType, Channel, Urgency, parse_enum
from hotline.domain.errors import PayloadTooLarge, ValidationFailed
from hotline.services.intake import NewAppeal
from hotline.web.i18n import EN, ZH
from hotline.web.session import CSRF_FIELD, check_csrf

E = TypeVar("E", bound=StrEnum)

# A form field → the label the page shows beside it (i18n key), for messages that name the field: a call-taker
# reads 请填写“诉求内容”, not the HTML name "content". ``details.field`` keeps the name for machines.
_FIELD_LABELS = {
    "caller_name": "caller_name", "caller_phone": "caller_phone", "caller_company": "caller_company",
    "title": "title_field", "content": "content", "address": "address", "district": "district", "street": "street",
    "community": "community", "appeal_type": "appeal_type", "topic": "topic", "urgency": "urgency",
    "channel": "channel", "note": "note", "unit": "dispatch_to", "co_units": "co_units", "lead_unit": "lead_unit",
    "area": "area", "effective_from": "effective_from", "territorial_level": "territorial_level",
    "into": "merge_into", "target": "transfer_target", "emergency": "emergency", "reason": "reason_field",
    "basis": "basis_field", "comment": "comment", "method": "visit_method",
    "purpose": "reveal_purpose", "solved": "solved", "satisfaction": "satisfaction", "status": "status",
    "q": "search", "text": "answer_text", "username": "username", "from": "period_from", "to": "period_to",
    "path": "topic_path",
}


def field_label(name: str, lang: str) -> str:
    """How the page names the field ``name`` in ``lang`` (the name itself if the page has no label for it)."""
    key = _FIELD_LABELS.get(name)
    return (EN if lang == "en" else ZH).get(key, name) if key else name


class Form:
    def __init__(self, data: FormData) -> None:
        self.data = data

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else ""

    def text(self, name: str, *, limit: int, required: bool = False) -> str | None:
        value = self.raw(name).strip()
        zh, en = field_label(name, "zh"), field_label(name, "en")
        if "\x00" in value:
            raise ValidationFailed(f"“{zh}”不能包含空字符", f"{en} must not contain NUL characters",
                                   code="invalid_field", details={"field": name})
        if len(value) > limit:
            raise ValidationFailed(f"“{zh}”不能超过 {limit} 个字", f"{en} must not exceed {limit} characters",
                                   code="invalid_field", details={"field": name})
        if required and not value:
            raise ValidationFailed(f"请填写“{zh}”", f"{en} is required", code="field_required",
                                   details={"field": name})
        return value or None

    def choice(self, name: str, enum: type[E], *, required: bool = False) -> E | None:
        value = self.text(name, limit=32, required=required)
        if value is None:
            return None
        try:
            return parse_enum(enum, value)
        except ValueError:
            raise _invalid(name) from None

    def either(self, name: str, yes: str, no: str) -> bool:
        """A form with two submit buttons (改派 / 驳回, 通过 / 退回): True for ``yes``, False for ``no``."""
        value = self.raw(name)
        if value not in (yes, no):
            raise _invalid(name)
        return value == yes

    def maybe(self, name: str, yes: str, no: str) -> bool | None:
        """A pair of radio buttons that may be left unanswered: True for ``yes``, False for ``no``, None if empty."""
        value = self.raw(name)
        if not value:
            return None
        return self.either(name, yes, no)

    def pick(self, name: str, options: tuple[str, ...]) -> str | None:
        """One of a fixed list of codes that has no enumeration (the return visit's method); None if empty."""
        value = self.raw(name).strip()
        if value and value not in options:
            raise _invalid(name)
        return value or None

    def confirmed(self, name: str) -> None:
        """A destructive form's confirmation box (作废) must be ticked; the browser asks for it too."""
        if self.raw(name) not in ("1", "on", "true"):
            raise ValidationFailed("请先勾选确认框，再提交", "Tick the confirmation box first",
                                   code="confirmation_required", details={"field": name})

    def whole(self, name: str, *, low: int, high: int) -> int:
        value = self.raw(name).strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 9 and low <= int(value) <= high):
            raise _invalid(name)
        return int(value)

    def many(self, name: str, *, limit: int, most: int = 10) -> list[str]:
        values = [v.strip() for v in self.data.getlist(name) if isinstance(v, str) and v.strip()]
        if len(values) > most or any(len(v) > limit or "\x00" in v for v in values):
            raise _invalid(name)
        return values


def _invalid(name: str) -> ValidationFailed:
    zh, en = field_label(name, "zh"), field_label(name, "en")
    return ValidationFailed(f"“{zh}”的取值无效", f"{en} has an invalid value", code="invalid_field",
                            details={"field": name})


def query_text(value: str | None, name: str, limit: int) -> str:
    """A query parameter of a list page, stripped; "" when absent."""
    value = (value or "").strip()
    zh, en = field_label(name, "zh"), field_label(name, "en")
    if len(value) > limit:  # the box stops typing at its maxlength; a pasted link need not
        raise ValidationFailed(f"查询条件“{zh}”不能超过 {limit} 个字",
                               f"The filter {en} must not exceed {limit} characters", code="invalid_filter",
                               details={"field": name, "limit": limit})
    if "\x00" in value:
        raise ValidationFailed(f"查询条件“{zh}”无效", f"The filter {en} is invalid", code="invalid_filter",
                               details={"field": name})
    return value


async def read_form(request: Request) -> Form:
    """The submitted form, after checking its CSRF token against the session's."""
    try:
        data = await request.form()
    except HTTPException as exc:  # a malformed multipart body, or one over the size limit
        if exc.status_code == 413:
            raise PayloadTooLarge() from None
        raise ValidationFailed("表单格式有误", "The form could not be read", code="malformed_form") from None
    check_csrf(request, data.get(CSRF_FIELD))
    return Form(data)


# The intake form's text fields and their limits (the same as the API's RegisterIn).
APPEAL_LIMITS = {"content": 10_000, "title": 200, "caller_name": 64, "caller_phone": 32, "caller_company": 128,
                 "topic": 200, "district": 64, "street": 64, "community": 64, "address": 200}


def appeal_from(form: Form) -> NewAppeal:
    """The intake form as registration receives it (the same fields and limits as the API's RegisterIn)."""
    def text(name: str) -> str | None:
        return form.text(name, limit=APPEAL_LIMITS[name])

    return NewAppeal(
        content=form.text("content", limit=APPEAL_LIMITS["content"], required=True) or "",
        channel=form.choice("channel", Channel) or Channel.PHONE,
        title=text("title"), caller_name=text("caller_name"), caller_phone=text("caller_phone"),
        caller_company=text("caller_company"),
        caller_confidential=form.raw("caller_confidential") in ("1", "on", "true"),
        appeal_type=form.choice("appeal_type", AppealType), topic=text("topic"),
        urgency=form.choice("urgency", Urgency),
        district=text("district"), street=text("street"), community=text("community"), address=text("address"),
    )
