"""The dispatch catalogue (派单目录): which unit leads a matter of a topic in an area.

A rule names a topic (a level-1 topic covers its level-2 topics; "" covers every topic) and an area
(a district, street or community; none means the whole city). For an order the most specific rule
wins: the longest topic first, then the smallest area. Its lead is a fixed unit or — the
territorial principle (属地) — the government of the order's own area at a level (the street
office of the street where the problem is, say).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hotline.domain.enums import AreaKind

_AREA_DEPTH = {None: 0, AreaKind.DISTRICT: 1, AreaKind.STREET: 2, AreaKind.COMMUNITY: 3}


@dataclass(frozen=True)
class PlaceArea:
    """One level of where the problem is, from the gazetteer."""

    area_id: int
    kind: AreaKind
    name: str
    unit_id: int | None  # the area's own government unit, if it is a handling unit


@dataclass(frozen=True)
class Rule:
    rule_id: int
    revision: int
    topic: str
    area_id: int | None
    area_kind: AreaKind | None
    lead_unit_id: int | None
    territorial_level: AreaKind | None
    co_unit_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Routing:
    """The catalogue's answer for one order, and why."""

    rule: Rule
    lead_unit_id: int
    co_unit_ids: tuple[int, ...]
    territorial_area: PlaceArea | None  # the area whose government leads, for a territorial rule


def topic_covers(rule_topic: str, topic: str) -> bool:
    return rule_topic == "" or topic == rule_topic or topic.startswith(rule_topic + "/")


def _specificity(rule: Rule) -> tuple[int, int]:
    topic_depth = 0 if rule.topic == "" else rule.topic.count("/") + 1
    return topic_depth, _AREA_DEPTH[rule.area_kind]


def territorial_lead(level: AreaKind, place: Sequence[PlaceArea]) -> PlaceArea | None:
    """The area at ``level`` whose government can lead, else the nearest level above that can."""
    depth = _AREA_DEPTH[level]
    candidates = [a for a in place if _AREA_DEPTH[a.kind] <= depth and a.unit_id is not None]
    return max(candidates, key=lambda a: _AREA_DEPTH[a.kind]) if candidates else None


# The unit model learns a dispatch to the government of the order's own area as the territorial level
# ("属地:district"), not as that one district's unit: which district it is comes from the place, not the words.
TERRITORIAL_PREFIX = "属地:"


def territorial_label(kind: AreaKind) -> str:
    return TERRITORIAL_PREFIX + kind.value


def territorial_kind(label: str) -> AreaKind | None:
    """The level a unit model's territorial label names; None for a unit code."""
    if not label.startswith(TERRITORIAL_PREFIX):
        return None
    try:
        return AreaKind(label[len(TERRITORIAL_PREFIX):])
    except ValueError:
        return None


def unit_label(lead_unit_id: int, code: str, place: Sequence[PlaceArea]) -> str:
    """What the unit model learns from a dispatch to ``lead_unit_id`` of an order at ``place``: the territorial
    level when the unit is the government of one of the order's own areas (``territorial_lead`` finds it again
    from the place of a new order), else the unit's code."""
    for area in place:
        if area.unit_id == lead_unit_id:
            return territorial_label(area.kind)
    return code


def route(rules: Iterable[Rule], topic: str | None, place: Sequence[PlaceArea]) -> Routing | None:
    """The most specific rule that applies to ``topic`` at ``place`` (district → street → community)."""
    area_ids = {a.area_id for a in place}
    applicable = [r for r in rules
                  if topic_covers(r.topic, topic or "") and (r.area_id is None or r.area_id in area_ids)]
    for rule in sorted(applicable, key=_specificity, reverse=True):
        if rule.lead_unit_id is not None:
            co_units = tuple(u for u in rule.co_unit_ids if u != rule.lead_unit_id)
            return Routing(rule, rule.lead_unit_id, co_units, None)
        if rule.territorial_level is not None:
            area = territorial_lead(rule.territorial_level, place)
            if area is not None and area.unit_id is not None:
                co_units = tuple(u for u in rule.co_unit_ids if u != area.unit_id)
                return Routing(rule, area.unit_id, co_units, area)
        # A territorial rule where the place is unknown cannot decide: a less specific rule may.
    return None
