"""The order page's 办理过程: each event with what it did, in a few words — to which unit, why it came back,
what was answered — so that a dispatcher reading a bounced order sees its story without opening the API.

The words come from the event's details as the services recorded them; nothing here reads the caller's
personal data (the details hold none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from hotline.domain.enums import AppealType, LegalRoute, Satisfaction, Solved, Urgency
from hotline.domain.lifecycle import Action
from hotline.web.i18n import label

NOTE_CHARS = 80  # a long reply or reason is cut: the full text is in the order's fields and the API


def unit_codes_named(details: Iterable[Mapping[str, Any]]) -> set[str]:
    """The unit codes the events' details name (to look their names up in one query)."""
    codes: set[str] = set()
    for d in details:
        if isinstance(d.get("unit"), str):
            codes.add(d["unit"])
        codes.update(c for c in d.get("co_units") or [] if isinstance(c, str))
    return codes


def note(action: str, details: Mapping[str, Any] | None, unit_names: Mapping[str, str], lang: str) -> str:
    """What the event did, in ``lang``; "" when its details say nothing worth a line."""
    d = details or {}
    zh = lang != "en"

    def unit(code: Any) -> str:
        return f"{unit_names.get(code, code)}（{code}）" if zh else f"{unit_names.get(code, code)} ({code})"

    parts: list[str] = []
    if isinstance(d.get("unit"), str):
        parts.append(f"→ {unit(d['unit'])}")
    if d.get("co_units"):
        co = "、".join(unit(c) for c in d["co_units"]) if zh else ", ".join(unit(c) for c in d["co_units"])
        parts.append(f"协办：{co}" if zh else f"co-units: {co}")
    if action == Action.TRANSFER and d.get("target"):
        parts.append(f"→ {d['target']}")
    if action == Action.MERGE and d.get("into"):
        parts.append(f"→ {d['into']}")
    if action == Action.OUT_OF_SCOPE and d.get("route"):
        parts.append(_label(LegalRoute, d["route"], lang))
    if action == Action.REQUEST_EXTENSION and d.get("days"):
        parts.append(f"{d['days']} 个工作日" if zh else f"{d['days']} working days")
    if action == Action.VISIT:
        parts += [_label(Solved, d.get("solved"), lang), _label(Satisfaction, d.get("satisfaction"), lang)]
    if action == Action.REGISTER and d.get("urgency_raised"):
        level = _label(Urgency, d["urgency_raised"], lang)
        parts.append(f"紧急情况识别：紧急程度定为{level}" if zh else f"emergency recognised: urgency set to {level}")
    if action == Action.CLASSIFY:
        parts += [_change(d.get(key), key, lang) for key in ("appeal_type", "topic", "urgency")]
    returned = d.get("return")
    returned = returned if isinstance(returned, dict) else {}
    for key in ("reason", "text", "comment", "note"):
        if d.get(key):
            parts.append(str(d[key]))
    if action == Action.RETURN and d.get("basis"):  # a return is ruled on its reason and its basis (依据)
        parts.append(("依据：" if zh else "basis: ") + str(d["basis"]))
    if returned.get("reason"):
        parts.append(("退单理由：" if zh else "returned because: ") + str(returned["reason"]))
    text = "；".join(p for p in parts if p) if zh else "; ".join(p for p in parts if p)
    return text if len(text) <= NOTE_CHARS else text[: NOTE_CHARS - 1] + "…"


def _change(change: Any, field: str, lang: str) -> str:
    """A classification's change of one field: "咨询 → 投诉", or the value confirmed as it was."""
    if not isinstance(change, dict) or not change.get("to"):
        return ""

    def shown(value: Any) -> str:
        kinds: dict[str, type[StrEnum]] = {"appeal_type": AppealType, "urgency": Urgency}
        return _label(kinds[field], value, lang) if field in kinds else str(value)

    before, after = change.get("from"), change["to"]
    return f"{shown(before)} → {shown(after)}" if before and before != after else shown(after)


def _label(enum: type[StrEnum], value: Any, lang: str) -> str:
    try:
        return label(enum(value), lang)
    except ValueError:
        return ""
