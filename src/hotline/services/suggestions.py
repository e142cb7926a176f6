"""What the platform suggests for an appeal (分得更准): type, topic, unit, place, alerts, repeats.

``prepare`` only reads, so a registration runs it before its write transaction (on SQLite the
write lock is not held while models and queries run) and stores the result with the order. Nothing
here may make a registration fail: a model that is missing or broken leaves the rules to suggest,
and the caller treats any error here as "no suggestions".
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hotline.db.models import ClassificationFeedback, Order, OrderSuggestion, Unit
from hotline.db.search import matches
from hotline.domain.catalogue import PlaceArea, territorial_kind, territorial_lead
from hotline.domain.enums import TERMINAL_STATUSES, ClassifiedField, OrderStatus, Urgency
from hotline.domain.errors import PermissionDenied, ValidationFailed
from hotline.domain.phone import is_plausible_phone, normalize_phone
from hotline.nlp import emergency_model
from hotline.nlp.alerts import AlertReport, Severity, detect_alerts
from hotline.nlp.duplicates import Appeal, DuplicateSettings, Match
from hotline.nlp.places import Place
from hotline.services import catalogue, topics
from hotline.services.access import access_order
from hotline.services.auth import Actor
from hotline.services.classification import ShownUnit
from hotline.services.context import Context
from hotline.services.duplicates import find_repeats
from hotline.services.handling import returned_units
from hotline.services.models import Guess

log = logging.getLogger(__name__)

SIMILAR_PAST_DAYS = 365
CANDIDATES_SHOWN = 3  # the workbench lists the first three candidates of a type, topic or unit


def on_screen(candidates: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidates the workbench shows: the first three, less those after the first whose confidence rounds
    to 0 % (a "0 %" line is noise to an agent mid-call). A dispatch records the first of them that it may
    take, so the page and the record must agree on this."""
    first = list(candidates)[:CANDIDATES_SHOWN]
    return first[:1] + [c for c in first[1:] if not isinstance(c.get("confidence"), int | float)
                        or round(float(c["confidence"]) * 100) > 0]


# A unit pre-filled in the dispatch form is one click from being dispatched: below this confidence the form starts
# empty and the dispatcher chooses (the panel still lists the candidates with their percentages).
PREFILL_CONFIDENCE = 0.3


def prefilled_unit(candidates: Iterable[dict[str, Any]], passed_over: Iterable[str] = ()) -> str | None:
    """The unit the dispatch form starts with: the first candidate on screen that has not returned the order
    (``passed_over``, for a re-dispatch), if it is at least ``PREFILL_CONFIDENCE`` sure; None otherwise. A
    dispatch records it as the unit shown (``unit_shown``), so the page and the record agree.

    For a re-dispatch the units that returned the order are ruled out, so a candidate's confidence is taken
    given that: 0.25 beside a returning unit's 0.70 is 0.83 of what is left."""
    listed = list(candidates)
    skipped = set(passed_over)
    first = next((c for c in on_screen(listed) if c["label"] not in skipped), None)
    if first is None:
        return None
    confidence = first.get("confidence")
    if not isinstance(confidence, int | float):
        return str(first["label"])  # a rule on a topic a person chose: no guess
    ruled_out = sum(float(c.get("confidence") or 0.0) for c in listed if c["label"] in skipped)
    left = 1.0 - ruled_out
    return str(first["label"]) if left > 0 and confidence / left >= PREFILL_CONFIDENCE else None


def _plain(value: Any) -> Any:
    """Dataclasses, enums, datetimes and tuples as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def alerts_payload(report: AlertReport, opinion: Guess | None = None) -> dict[str, Any]:
    """The rules' flags; and, only where they flag no emergency, the emergency model's second opinion (its line,
    confidence and words, and what to tell the agent): check with the caller."""
    second = None
    if opinion is not None and opinion.top and not report.is_emergency:
        line = opinion.top
        second = {"line": line, "confidence": opinion.candidates[0]["confidence"], "terms": opinion.terms,
                  "model_version": opinion.model_version,
                  "message_zh": emergency_model.message_zh(line), "message_en": emergency_model.message_en(line)}
    urgency = urgency_of(report)
    return {"emergency": report.is_emergency, "transfer_to": report.transfer_to.value if report.transfer_to else None,
            "urgency": urgency.value if urgency else None,
            "emergencies": _plain(report.emergencies), "scope": _plain(report.scope),
            "quality": _plain(report.quality), "second_opinion": second}


def urgency_of(report: AlertReport) -> Urgency | None:
    """The urgency of an order the agent gave none, when the rules flag an emergency: 特急 for one happening now
    (an immediacy cue beside a strong phrase), 紧急 for an emergency phrase the agent is still to confirm — a
    flagged order that is registered, not transferred, must not wait in the queue as 一般. The model's second
    opinion raises nothing: it only asks the agent to check."""
    if not report.emergencies:
        return None
    critical = any(flag.severity is Severity.CRITICAL for flag in report.emergencies)
    return Urgency.CRITICAL if critical else Urgency.URGENT


# Where ``alerts_payload`` keeps the emergency lines of a stored suggestion, for queries over many orders: the
# rules' line (null when no rule flagged one) and the second opinion's (null when the model gave none).
RULE_LINE = OrderSuggestion.payload[("alerts", "transfer_to")]
MODEL_LINE = OrderSuggestion.payload[("alerts", "second_opinion", "line")]
FILED_TOPIC = OrderSuggestion.payload[("topic", "filed", "label")]  # the topic registration filled in …
FILED_CONFIDENCE = OrderSuggestion.payload[("topic", "filed", "confidence")]  # … and how sure it was


def emergency_line(payload: dict[str, Any]) -> str | None:
    """The emergency line a suggestion flags: the rules' (``RULE_LINE``), else the emergency model's second
    opinion (``MODEL_LINE``); kept beside the stored payload so the flagged orders are found without it."""
    alerts = payload.get("alerts") or {}
    line = alerts.get("transfer_to") or (alerts.get("second_opinion") or {}).get("line")
    return str(line) if line else None


def location_payload(place: list[PlaceArea], source: str) -> dict[str, Any]:
    return {"source": source, "areas": [{"id": a.area_id, "kind": a.kind.value, "name": a.name} for a in place],
            **{a.kind.value: a.name for a in place}}


def _unit_codes(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    return {i: (code, name) for i, code, name in session.execute(select(Unit.id, Unit.code, Unit.name)
                                                                  .where(Unit.id.in_(ids))).all()}


def routing_payload(session: Session, ctx: Context, *, topic: str | None, place: list[PlaceArea], at: datetime,
                    unit_guess: Guess | None, with_similar: bool = False,
                    topic_confidence: float | None = None, passed_over: Set[str] = frozenset()) -> dict[str, Any]:
    """Who should lead: the catalogue's rule if one applies, else routing learned from past dispatches.

    ``passed_over`` are the units that returned the order, while a return awaits its ruling: when the rule's unit
    is one of them, the re-dispatch needs another, so the learned routing ranks the units (see
    :func:`_rule_returned`).

    ``topic_confidence`` is set when ``topic`` is the platform's own guess, not a person's choice. A rule is
    then only as sure as the guess it is keyed on: its unit gets that confidence, and the learned routing
    shares the rest — P(unit) = p·[unit is the rule's] + (1 − p)·P_learned(unit) — so a rule picked by a 12 %
    topic guess ("有人拿刀打架" filed under 劳动和社会保障) no longer reads as certain, and the unit past
    dispatches point to can come first."""
    routing = catalogue.route_order(session, topic=topic, place=place, at=at, book=ctx.catalogue)
    units = _unit_codes(session, [routing.lead_unit_id, *routing.co_unit_ids]) if routing is not None else {}
    returned = routing is not None and units[routing.lead_unit_id][0] in passed_over
    # the learned routing is read where the catalogue is silent, rests on a guess, or names a unit that returned it
    learned = _learned_candidates(session, unit_guess, place) \
        if routing is None or topic_confidence is not None or returned else []
    if routing is not None:
        lead_code, lead_name = units[routing.lead_unit_id]
        rule = routing.rule
        rule_zh = (f"派单目录第 {rule.revision} 版规则：{rule.topic or '所有事项'}"
                   + (f"，属地{routing.territorial_area.name}" if routing.territorial_area else ""))
        # the same facts in both languages: the rule's number is nowhere on the 派单目录 page, its topic is
        rule_en = (f"Dispatch catalogue rule (revision {rule.revision}): {rule.topic or 'every matter'}"
                   + (f", local government of {routing.territorial_area.name}" if routing.territorial_area else ""))
        candidates = [{"label": lead_code, "name": lead_name, "confidence": 1.0}]
        reason_zh, reason_en = rule_zh, rule_en
        if returned and learned:
            candidates = _rule_returned(candidates[0], learned)
            reason_zh = f"{rule_zh}所指单位已退单；按历史派单学习推荐"
            reason_en = f"The unit of {rule_en} returned the order; learned from past dispatches"
        elif topic_confidence is not None:
            candidates = _rule_beside_learned(candidates[0], topic_confidence, learned)
            percent = round(topic_confidence * 100)
            if candidates[0]["label"] != lead_code:
                reason_zh = f"按历史派单学习推荐；{rule_zh}所依据的问题分类仅为系统推测（把握 {percent}%），请核对"
                reason_en = (f"Learned from past dispatches; {rule_en} rests on a topic the platform guessed "
                             f"({percent}% sure): check it")
            else:
                reason_zh = f"{rule_zh}（问题分类为系统推测，把握 {percent}%，请核对）"
                reason_en = f"{rule_en} (the topic is the platform's guess, {percent}% sure: check it)"
                if len(candidates) > 1:
                    reason_zh += "；其余按历史派单学习推荐"
                    reason_en += "; the others are learned from past dispatches"
        leads = candidates[0]["label"] == lead_code and not (returned and learned)
        mixed = len(candidates) > 1
        return {"source": "catalogue" if leads else "learned", "topic": topic, "topic_confidence": topic_confidence,
                "candidates": candidates,
                # the rule's co-units go with its lead unit
                "co_units": [{"label": units[u][0], "name": units[u][1]} for u in routing.co_unit_ids if u in units]
                if leads else [],
                "rule": {"id": rule.rule_id, "revision": rule.revision, "topic": rule.topic,
                         "territorial_level": rule.territorial_level.value if rule.territorial_level else None},
                **_learned_evidence(session, unit_guess if mixed else None, at=at, with_similar=with_similar),
                "reason_zh": reason_zh, "reason_en": reason_en}
    if not learned:
        return {"source": "none", "topic": topic, "topic_confidence": topic_confidence, "candidates": [],
                "co_units": [], "reason_zh": "派单目录未覆盖，也没有可参考的历史派单",
                "reason_en": "No catalogue rule and no learned routing"}
    reason_zh, reason_en = "派单目录未覆盖，按历史派单学习推荐", "Learned from past dispatches"
    if area := learned[0].get("territorial_area"):
        reason_zh += f"（属地：事发地{area}）"
        reason_en += f" (territorial: {area}, where the problem is)"
    return {"source": "learned", "topic": topic, "topic_confidence": topic_confidence, "candidates": learned,
            "co_units": [], **_learned_evidence(session, unit_guess, at=at, with_similar=with_similar),
            "reason_zh": reason_zh, "reason_en": reason_en}


def _learned_evidence(session: Session, unit_guess: Guess | None, *, at: datetime,
                      with_similar: bool) -> dict[str, Any]:
    """What a learned suggestion rests on: the model version, the words that weighed, and — a text search,
    shown on request, not computed on the registration's path — similar past dispatches and where they went."""
    if unit_guess is None:
        return {"model_version": None, "terms": [], "similar": []}
    return {"model_version": unit_guess.model_version, "terms": unit_guess.terms,
            "similar": similar_past_orders(session, terms=unit_guess.terms, at=at) if with_similar else []}


def _learned_candidates(session: Session, unit_guess: Guess | None, place: list[PlaceArea]) -> list[dict[str, Any]]:
    """The unit model's candidates that are active units of this centre, with their names. A territorial one
    (属地, "the district government") is the government of the order's own area at that level — marked with
    the area's name — and left out where the place does not tell; one unit reached both ways is listed once."""
    guessed = unit_guess.candidates if unit_guess else []
    areas = {c["label"]: territorial_lead(kind, place) for c in guessed
             if (kind := territorial_kind(c["label"])) is not None}
    area_units = {area.unit_id for area in areas.values() if area is not None}
    labels = [c["label"] for c in guessed if c["label"] not in areas]
    rows = session.execute(select(Unit.id, Unit.code, Unit.name).where(
        or_(Unit.code.in_(labels), Unit.id.in_(area_units)), Unit.active.is_(True))).all() if guessed else []
    code_of = {unit_id: code for unit_id, code, _ in rows}
    names = {code: name for _, code, name in rows}
    merged: dict[str, dict[str, Any]] = {}
    for c in guessed:
        area = areas.get(c["label"])
        if c["label"] not in areas:
            code: str | None = c["label"]
        else:
            code = code_of.get(area.unit_id) if area is not None and area.unit_id is not None else None
        if code is None or code not in names:
            continue
        found = merged.setdefault(code, {"label": code, "name": names[code], "confidence": 0.0})
        found["confidence"] = round(found["confidence"] + float(c["confidence"] or 0.0), 4)
        if area is not None:
            found["territorial_area"] = area.name
    return sorted(merged.values(), key=lambda c: -c["confidence"])


def _rule_returned(rule_unit: dict[str, Any], learned: list[dict[str, Any]], keep: int = 3) -> list[dict[str, Any]]:
    """The ranking when the rule's unit returned the order: the learned candidates as the model gives them (the
    returning units among them keep their share, so :func:`prefilled_unit` weighs the others given that they are
    ruled out), then the rule's unit, shown without a confidence, if the model did not list it."""
    ranked = learned[:keep]
    if all(c["label"] != rule_unit["label"] for c in ranked):
        ranked = [*ranked[:keep - 1], {**rule_unit, "confidence": None}]
    return ranked


def _rule_beside_learned(rule_unit: dict[str, Any], topic_confidence: float,
                         learned: list[dict[str, Any]], keep: int = 3) -> list[dict[str, Any]]:
    """The rule's unit and the learned candidates as one ranking, when the rule hangs on a guessed topic."""
    p = min(max(float(topic_confidence), 0.0), 1.0)
    share: dict[str, float] = {rule_unit["label"]: p}
    names = {rule_unit["label"]: rule_unit["name"]}
    areas: dict[str, str] = {}  # the learned territorial candidates' areas (属地)
    for c in learned:
        share[c["label"]] = share.get(c["label"], 0.0) + (1.0 - p) * float(c["confidence"] or 0.0)
        names[c["label"]] = c["name"]
        if c.get("territorial_area"):
            areas[c["label"]] = c["territorial_area"]
    ranked = sorted(share, key=lambda code: (-share[code], code != rule_unit["label"]))
    if rule_unit["label"] not in ranked[:keep]:  # what the catalogue says is always shown
        ranked = [*ranked[:keep - 1], rule_unit["label"]]
    return [{"label": code, "name": names[code], "confidence": round(share[code], 4),
             **({"territorial_area": areas[code]} if code in areas else {})} for code in ranked[:keep]]


def similar_past_orders(session: Session, *, terms: list[str], at: datetime, limit: int = 5) -> list[dict[str, Any]]:
    """Orders dispatched in the last year whose text has the words that weighed most, and where they went."""
    words = [t for t in terms if len(t) >= 2][:2]
    clause = matches(session.get_bind().dialect.name, " ".join(words),
                     since=at - timedelta(days=SIMILAR_PAST_DAYS)) if words else None
    if clause is None:
        return []
    query = (select(Order.number, Order.title, Order.accepted_at, Unit.code, Unit.name)
             .join(Unit, Unit.id == Order.lead_unit_id)
             .where(clause, Order.accepted_at >= at - timedelta(days=SIMILAR_PAST_DAYS))
             .order_by(Order.accepted_at.desc()).limit(limit))
    return [{"number": n, "title": t, "accepted_at": a.isoformat(), "unit": code, "unit_name": name}
            for n, t, a, code, name in session.execute(query).all()]


def repeats_payload(matches: list[Match]) -> list[dict[str, Any]]:
    return [_plain(m) for m in matches]


def place_text(address: str | None, title: str | None, content: str | None) -> str:
    """Where an order's place is parsed from when its area fields do not name it: the address, then the text."""
    return " ".join(filter(None, (address, title, content)))


def _place_of(session: Session, ctx: Context, appeal: AppealText) -> tuple[list[PlaceArea], str]:
    return ctx.gazetteer.place_of(session, district=appeal.district, street=appeal.street, community=appeal.community,
                                  text=place_text(appeal.address, appeal.title, appeal.content))


def _routed_topic(session: Session, ctx: Context, appeal: AppealText, guesses: dict[str, Guess]
                  ) -> tuple[str | None, float | None]:
    """The topic the unit is routed on, and how sure the platform is of it (None: a person chose it): the
    agent's topic, else what the order is filed under — an unsure sub-topic gives way to its level 1, and a
    topic outside the centre's topic directory to its level 1 or nothing (``topics.file_guess``, which also
    leaves only directory topics among the candidates shown)."""
    filed = topics.file_guess(session, guesses["topic"], kept=ctx.topics) if "topic" in guesses else (None, None)
    if appeal.topic:
        return appeal.topic, appeal.topic_confidence
    return filed


@dataclass(frozen=True)
class AppealText:
    """What a suggestion is computed from: the appeal as the agent has it so far."""

    content: str
    title: str = ""
    address: str | None = None
    district: str | None = None
    street: str | None = None
    community: str | None = None
    topic: str | None = None
    # How sure the platform was of ``topic`` when it filed the order under its own guess; None when a
    # person chose the topic (or none is given).
    topic_confidence: float | None = None
    caller_index: str | None = None  # blind index of the caller's phone
    appeal_type: str | None = None  # as the agent chose it


@dataclass
class Prepared:
    """A registration's suggestions, computed before its transaction, and the fields they fill in."""

    payload: dict[str, Any]
    model_versions: dict[str, str]
    fills: dict[str, str]  # order fields the agent left empty: appeal_type, topic, urgency, district, street, community


def prepare(session: Session, ctx: Context, appeal: AppealText, *, now: datetime, exclude_order: int | None = None,
            full: bool = True, passed_over: Set[str] = frozenset(), repeats: bool = True) -> Prepared:
    """What the platform suggests for an appeal; reads only.

    ``full=False`` is the registration's lean set, under a millisecond so intake keeps its pace (≥ 500
    registrations/s on two cores): alerts (the rules, and the emergency model's second opinion where they
    are silent), the place, models only for what the agent left open, the catalogue's unit. The rest —
    learned routing with similar past dispatches, repeat orders with their evidence — is worked out when
    someone looks: the agent's screen asks ``preview`` while the call is on, the dispatcher's ``for_order``.
    """
    hub = ctx.models
    alerts = detect_alerts(appeal.title, appeal.content)
    place, source = _place_of(session, ctx, appeal)
    # At registration the unit is left to the catalogue (the unit model answers when the order is viewed,
    # for dispatch), and models run only for what the agent left open.
    skip = {"unit", *(["topic"] if appeal.topic else []), *(["appeal_type"] if appeal.appeal_type else [])}
    guesses = hub.guess(appeal.title, appeal.content, skip=frozenset() if full else frozenset(skip))
    # What the order is routed on and, when the agent gave no topic, filed under.
    topic, topic_confidence = _routed_topic(session, ctx, appeal, guesses)
    opinion = guesses.pop("emergency", None)
    payload: dict[str, Any] = {name: guess.as_payload() for name, guess in guesses.items() if name != "unit"}
    if "topic" in payload and not appeal.topic:  # the agent's own topic is what the order is filed under
        payload["topic"]["filed"] = {"label": topic, "confidence": topic_confidence}
    payload["alerts"] = alerts_payload(alerts, opinion)
    payload["location"] = location_payload(place, source)
    payload["unit"] = routing_payload(session, ctx, topic=topic, place=place, at=now, unit_guess=guesses.get("unit"),
                                      with_similar=full, topic_confidence=topic_confidence, passed_over=passed_over)
    names = {a.kind.value: a.name for a in place}
    where = Place(district=appeal.district or names.get("district"), street=appeal.street or names.get("street"),
                  community=appeal.community or names.get("community"), spot=appeal.address)
    # The topic: a repeat call's cues promote the caller's open order only on the same level-1 topic.
    repeat = Appeal(appeal.title, appeal.content, now, appeal.caller_index, where, topic)
    matches = find_repeats(session, appeal=repeat, now=now, exclude=exclude_order,
                           settings=DuplicateSettings(window_days=ctx.settings.duplicate_window_days)) \
        if full and repeats else []
    payload["duplicates"] = repeats_payload(matches)
    payload["complete"] = full  # False: learned routing and repeats are worked out when the order is viewed
    fills = {k: v for k, v in names.items() if source == "address"}
    if "appeal_type" in guesses and guesses["appeal_type"].top:
        fills["appeal_type"] = guesses["appeal_type"].top
    if topic and not appeal.topic:
        fills["topic"] = topic
    if payload["alerts"]["urgency"]:
        fills["urgency"] = payload["alerts"]["urgency"]
    return Prepared(payload, hub.versions, fills)


def stored_payload(session: Session, order_id: int) -> dict[str, Any] | None:
    stored = session.get(OrderSuggestion, order_id)
    return stored.payload if stored else None


def _centre_only(actor: Actor) -> None:
    if not actor.is_centre:
        raise PermissionDenied("仅中心人员可以查看智能辅助", "Only centre staff may see suggestions",
                               code="centre_only")


def preview(session: Session, ctx: Context, actor: Actor, appeal: AppealText, *, caller_phone: str | None,
            now: datetime) -> dict[str, Any]:
    """Suggestions for an appeal still being taken (nothing is stored)."""
    _centre_only(actor)
    if caller_phone:
        if not is_plausible_phone(caller_phone):
            raise ValidationFailed("电话号码格式不正确", "The phone number is not valid", code="invalid_phone")
        appeal = dataclasses.replace(appeal, caller_index=ctx.cipher.phone_index(normalize_phone(caller_phone)))
    prepared = prepare(session, ctx, appeal, now=now)
    return {**prepared.payload, "model_versions": prepared.model_versions}


def for_order(session: Session, ctx: Context, actor: Actor, *, number: str, now: datetime) -> dict[str, Any]:
    """What was suggested at registration, with routing and repeats worked out again for the order as it is now
    (the topic or place may have been corrected since)."""
    _centre_only(actor)
    order, _ = access_order(session, actor, number)
    stored = session.get(OrderSuggestion, order.id)
    # While a return awaits its ruling, the routing looks past the units that returned the order (a re-dispatch).
    passed_over = returned_units(session, order) if order.status is OrderStatus.RETURN_REQUESTED else set()
    # An order that has ended is merged into nothing and absorbs nothing: no repeats to offer (并单 or 催办).
    current = prepare(session, ctx, _order_appeal(session, order), now=now, exclude_order=order.id,
                      passed_over=passed_over, repeats=order.status not in TERMINAL_STATUSES)
    if stored is None:  # registered before suggestions existed, or by a bulk import
        return {**current.payload, "model_versions": current.model_versions}
    # The topic suggestion is recomputed too if registration skipped it (the agent had chosen one).
    return {**current.payload, **stored.payload, "unit": current.payload["unit"],
            "duplicates": current.payload["duplicates"], "complete": True, "model_versions": stored.model_versions}


def _order_appeal(session: Session, order: Order) -> AppealText:
    """The appeal as the order has it now (the topic or place may have been corrected since registration)."""
    return AppealText(order.content, order.title, order.address, order.district, order.street, order.community,
                      order.topic, guessed_topics(session, [order]).get(order.id), order.caller_phone_index)


def unit_shown(session: Session, ctx: Context, actor: Actor, *, number: str, now: datetime,
               redispatch: bool = False) -> ShownUnit | None:
    """The unit the dispatch form is pre-filled with for the order (``prefilled_unit`` of ``for_order``'s
    routing, worked out with only the models routing needs and without the similar past orders) — so that a
    dispatch records whether it followed what was on the screen, learned routing included (registration stores
    the catalogue's unit only). For a ``redispatch`` (退单成立改派), leaving out the units that returned it.
    Run before the write transaction, like registration's suggestions; None when the
    order is not found or the actor cannot dispatch (the service refuses either) or anything fails: a
    dispatch never fails because of it."""
    if not actor.is_centre:
        return None
    try:
        order = session.scalar(select(Order).where(Order.number == number))
        if order is None:
            return None
        appeal = _order_appeal(session, order)
        place, _ = _place_of(session, ctx, appeal)
        guesses = ctx.models.guess(appeal.title, appeal.content, explain=False, skip=frozenset(
            {"appeal_type", "emergency", *(["topic"] if appeal.topic else [])}))
        topic, topic_confidence = _routed_topic(session, ctx, appeal, guesses)
        passed_over = returned_units(session, order) if redispatch else set()
        routing = routing_payload(session, ctx, topic=topic, place=place, at=now, unit_guess=guesses.get("unit"),
                                  topic_confidence=topic_confidence, passed_over=passed_over)
    except Exception:
        log.exception("the unit shown for %s could not be worked out; the dispatch records none", number)
        return None
    return ShownUnit(prefilled_unit(routing["candidates"], passed_over), routing.get("model_version"),
                     routing["source"])


def guessed_topics(session: Session, orders: Iterable[Order]) -> dict[int, float]:
    """The orders whose topic is still the platform's guess — filled in from the suggestion at registration
    (``topic.filed``) and not confirmed or corrected by anyone since (a classification leaves feedback) — with
    how sure the guess was, by order id."""
    topics = {o.id: o.topic for o in orders if o.topic}
    if not topics:
        return {}
    rows = session.execute(select(OrderSuggestion.order_id, FILED_TOPIC.as_string(), FILED_CONFIDENCE.as_float())
                           .where(OrderSuggestion.order_id.in_(topics)))
    filed = {order_id: float(p) for order_id, label, p in rows if label == topics[order_id] and p is not None}
    if not filed:
        return {}
    confirmed = set(session.scalars(select(ClassificationFeedback.order_id).where(
        ClassificationFeedback.order_id.in_(filed), ClassificationFeedback.field == ClassifiedField.TOPIC)))
    return {order_id: p for order_id, p in filed.items() if order_id not in confirmed}
