"""The 智能辅助 panel: what the suggestion services said, put the way an agent reads it mid-call.

The payload is the one the API returns (``services.suggestions``); this module only picks the
language and turns codes into words. Emergencies come first and loudest: a caller with a fire on
the line must be transferred before anything else is typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import Order
from hotline.domain.enums import AppealType, LegalRoute, Urgency
from hotline.domain.phone import is_plausible_phone
from hotline.services import suggestions
from hotline.web.deps import Page
from hotline.web.forms import APPEAL_LIMITS
from hotline.web.i18n import label, texts


@dataclass
class Choice:
    value: str  # what the form field takes
    text: str  # what the agent reads
    confidence: int | None  # percent; None when rules decided


PLACE_FIELDS = ("district", "street", "community")  # the intake form's area fields, coarse to fine


@dataclass
class Panel:
    emergencies: list[dict[str, Any]] = field(default_factory=list)  # line, also, message, words
    possible_emergency: dict[str, Any] | None = None  # the model's second opinion: line, message, words
    raised_urgency: str | None = None  # the urgency the flags give an order registered with none chosen
    scope: list[dict[str, Any]] = field(default_factory=list)  # route, out_of_scope, message
    quality: str = ""
    appeal_types: list[Choice] = field(default_factory=list)
    type_terms: list[str] = field(default_factory=list)
    type_source: str = ""
    topics: list[Choice] = field(default_factory=list)
    topic_terms: list[str] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)
    unit_candidates: list[dict[str, Any]] = field(default_factory=list)  # as routed: what the forms pre-fill from
    co_units: list[Choice] = field(default_factory=list)
    unit_reason: str = ""
    unit_source: str = "none"
    topic_guess: int | None = None  # percent: the order's topic is still the platform's guess, routed on as such
    similar: list[dict[str, Any]] = field(default_factory=list)
    place: str = ""
    place_parts: dict[str, str] = field(default_factory=dict)  # district, street, community as recognised
    repeats: list[dict[str, Any]] = field(default_factory=list)

    @property
    def transfer_to(self) -> str | None:
        return self.emergencies[0]["line"] if self.emergencies else None


def _percent(confidence: Any) -> int | None:
    return round(float(confidence) * 100) if isinstance(confidence, int | float) else None


def _unit_text(candidate: dict[str, Any], en: bool) -> str:
    """A unit as the dispatcher reads it; one that learned routing proposes as the government of the order's
    own area (属地) says so, since past dispatches went to other districts' governments, not to this one."""
    name = str(candidate.get("name") or candidate["label"])
    area = candidate.get("territorial_area")
    if not area:
        return name
    return f"{name} (territorial: {area})" if en else f"{name}（属地：{area}）"


def _type_text(code: str, lang: str) -> str:
    try:
        return label(AppealType(code), lang)
    except ValueError:
        return code


def panel_from(payload: dict[str, Any], lang: str) -> Panel:
    en = lang == "en"
    alerts = payload.get("alerts") or {}
    panel = Panel()
    for flag in alerts.get("emergencies") or []:
        panel.emergencies.append({
            "line": flag["line"], "also": list(flag.get("also") or []),
            "message": flag["message_en" if en else "message_zh"],
            "words": [e["text"] for e in flag.get("evidence") or []]})
    if alerts.get("urgency") in set(Urgency):
        panel.raised_urgency = label(Urgency(alerts["urgency"]), lang)
    second = alerts.get("second_opinion")
    if second:
        panel.possible_emergency = {"line": second["line"], "message": second["message_en" if en else "message_zh"],
                                    "words": list(second.get("terms") or [])}
    for flag in alerts.get("scope") or []:
        panel.scope.append({"route": label(LegalRoute(flag["route"]), lang), "code": flag["route"],
                            "out_of_scope": flag["strength"] == "out_of_scope",
                            "authority": flag["authority_en" if en else "authority_zh"],
                            "message": flag["message_en" if en else "message_zh"]})
    quality = alerts.get("quality") or {}
    panel.quality = "" if quality.get("classifiable", True) else quality.get("message_en" if en else "message_zh", "")
    kind = payload.get("appeal_type") or {}
    panel.appeal_types = [Choice(c["label"], _type_text(c["label"], lang), _percent(c.get("confidence")))
                          for c in suggestions.on_screen(kind.get("candidates") or [])]
    panel.type_terms, panel.type_source = list(kind.get("terms") or []), str(kind.get("source") or "")
    topic = payload.get("topic") or {}
    panel.topics = [Choice(c["label"], c["label"], _percent(c.get("confidence")))
                    for c in suggestions.on_screen(topic.get("candidates") or [])]
    filed = topic.get("filed") or {}
    if filed.get("label") and filed["label"] not in {c.value for c in panel.topics}:
        # No sub-topic is likely enough: the level-1 topic the order is filed under comes first.
        panel.topics.insert(0, Choice(filed["label"], filed["label"], _percent(filed.get("confidence"))))
    panel.topic_terms = list(topic.get("terms") or [])
    unit = payload.get("unit") or {}
    # A rule matched on a topic a person chose is no guess: no percentage. On a guessed topic it is.
    by_rule_alone = unit.get("source") == "catalogue" and unit.get("topic_confidence") is None
    panel.units = [Choice(c["label"], _unit_text(c, en), None if by_rule_alone else _percent(c.get("confidence")))
                   for c in suggestions.on_screen(unit.get("candidates") or [])]
    panel.unit_candidates = list(unit.get("candidates") or [])
    panel.co_units = [Choice(c["label"], c.get("name") or c["label"], None) for c in unit.get("co_units") or []]
    panel.unit_reason = str(unit.get("reason_en" if en else "reason_zh") or "")
    panel.unit_source = str(unit.get("source") or "none")
    panel.topic_guess = _percent(unit.get("topic_confidence"))
    panel.similar = list(unit.get("similar") or [])
    where = payload.get("location") or {}
    panel.place_parts = {k: str(where[k]) for k in PLACE_FIELDS if where.get(k)}
    panel.place = " ".join(panel.place_parts.values())
    words = texts(lang)
    panel.repeats = [{"number": d["number"], "duplicate": d["verdict"] == "duplicate",
                      "similarity": _percent(d["evidence"]["similarity"]),
                      "same_caller": d["evidence"]["same_caller"],
                      "shared": list(d["evidence"].get("shared_phrases") or []),
                      # the caller's own words that they called before (同一来电人再次反映: 并单 or 催办)
                      "cues": list(d["evidence"].get("repeat_cues") or []),
                      "repeat_call": d["verdict"] == "duplicate" and d["evidence"]["same_caller"]
                      and bool(d["evidence"].get("repeat_cues")),
                      "place": words.get(f"place_{d['evidence'].get('place')}", "")}
                     for d in payload.get("duplicates") or []]
    return panel


def appeal_so_far(values: Mapping[str, str]) -> tuple[suggestions.AppealText, str | None] | None:
    """What the agent has typed so far, leniently: a half-typed value is left out, never refused,
    since the panel refreshes on every pause in typing. None when there is nothing to go on yet."""
    def part(name: str) -> str | None:
        value = (values.get(name) or "").replace("\x00", "").strip()
        return value[:APPEAL_LIMITS[name]] or None

    content, title = part("content"), part("title")
    if not content and not title:
        return None
    phone = part("caller_phone")
    text = suggestions.AppealText(content or "", title or "", part("address"), part("district"), part("street"),
                                  part("community"), part("topic"))
    return text, phone if phone and is_plausible_phone(phone) else None


def preview_panel(page: Page, values: Mapping[str, str]) -> Panel | None:
    """The panel for the appeal being taken (``services.suggestions.preview``; nothing is stored)."""
    typed = appeal_so_far(values)
    if typed is None:
        return None
    text, phone = typed
    with page.state.db.uow(write=False) as uow:
        payload = suggestions.preview(uow.session, page.state.ctx, page.me, text, caller_phone=phone, now=page.now())
    panel = panel_from(payload, page.lang)
    if values.get("urgency"):  # the agent chose the urgency: the flags will not set it
        panel.raised_urgency = None
    return panel


def order_panel(page: Page, number: str) -> Panel:
    """The panel of a registered order, routing and repeats worked out again (``suggestions.for_order``)."""
    with page.state.db.uow(write=False) as uow:
        payload = suggestions.for_order(uow.session, page.state.ctx, page.me, number=number, now=page.now())
        panel = panel_from(payload, page.lang)
        earlier = _registered_before(uow.session, number, [d["number"] for d in panel.repeats])
    for repeat in panel.repeats:
        # 并单 keeps the earlier order (主单), which may be in a unit's hands already: the button is offered on
        # the later one only, and the earlier one names the repeat without ending itself into it.
        repeat["earlier"] = repeat["number"] in earlier
    return panel


def _registered_before(session: Session, number: str, others: list[str]) -> set[str]:
    """Those of ``others`` registered before order ``number``."""
    if not others:
        return set()
    rows = session.execute(select(Order.number, Order.accepted_at, Order.id)
                           .where(Order.number.in_([number, *others]))).all()
    when = {row.number: (row.accepted_at, row.id) for row in rows}
    return {n for n in others if n in when and number in when and when[n] < when[number]}
