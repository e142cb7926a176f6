"""The dispatch catalogue's choice: the longest topic wins, then the smallest area; 属地 leads resolve."""

from __future__ import annotations

from hotline.domain.catalogue import (
    PlaceArea,
    Rule,
    route,
    territorial_kind,
    territorial_lead,
    topic_covers,
    unit_label,
)
from hotline.domain.enums import AreaKind

DISTRICT = PlaceArea(10, AreaKind.DISTRICT, "天宁区", unit_id=100)
STREET = PlaceArea(11, AreaKind.STREET, "茶山街道", unit_id=101)
COMMUNITY = PlaceArea(12, AreaKind.COMMUNITY, "丽华新村社区", unit_id=None)  # not a handling unit
PLACE = [DISTRICT, STREET, COMMUNITY]


def rule(rule_id: int, topic: str, *, area: PlaceArea | None = None, lead: int | None = None,
         level: AreaKind | None = None, co: tuple[int, ...] = ()) -> Rule:
    return Rule(rule_id, 1, topic, area.area_id if area else None, area.kind if area else None, lead, level, co)


def test_topic_prefixes_cover_their_subtopics_only_at_a_level_boundary() -> None:
    assert topic_covers("城乡建设", "城乡建设/物业")
    assert topic_covers("城乡建设/物业", "城乡建设/物业")
    assert topic_covers("", "交通运输")
    assert not topic_covers("城乡", "城乡建设/物业")
    assert not topic_covers("城乡建设/物业", "城乡建设")


def test_the_longest_topic_wins_over_a_smaller_area() -> None:
    rules = [rule(1, "城乡建设", lead=7), rule(2, "城乡建设/物业", lead=8), rule(3, "城乡建设", area=STREET, lead=9)]
    routing = route(rules, "城乡建设/物业", PLACE)
    assert routing is not None and routing.lead_unit_id == 8 and routing.rule.rule_id == 2
    routing = route(rules, "城乡建设/违法建设", PLACE)
    assert routing is not None and routing.lead_unit_id == 9  # same topic depth: the street's own rule


def test_a_rule_for_another_area_does_not_apply() -> None:
    other = PlaceArea(20, AreaKind.DISTRICT, "钟楼区", unit_id=200)
    rules = [rule(1, "交通运输", area=other, lead=5)]
    assert route(rules, "交通运输", PLACE) is None
    assert route(rules, "交通运输", [other]) is not None


def test_a_territorial_rule_names_the_government_of_the_place_or_the_nearest_level_above() -> None:
    rules = [rule(1, "城乡建设/物业", level=AreaKind.COMMUNITY, co=(101, 42))]
    routing = route(rules, "城乡建设/物业", PLACE)
    assert routing is not None
    assert routing.lead_unit_id == 101 and routing.territorial_area == STREET  # the community has no unit
    assert routing.co_unit_ids == (42,)  # the lead is never its own co-unit


def test_a_territorial_rule_without_a_known_place_falls_back_to_a_wider_rule() -> None:
    rules = [rule(1, "城乡建设/物业", level=AreaKind.STREET), rule(2, "城乡建设", lead=3)]
    routing = route(rules, "城乡建设/物业", [])
    assert routing is not None and routing.rule.rule_id == 2
    assert route([rules[0]], "城乡建设/物业", []) is None
    assert route(rules, None, PLACE) is None  # no topic: only a rule for every topic ("") could apply


def test_a_territorial_label_names_the_level_that_finds_the_same_government_again() -> None:
    """The unit model learns a dispatch to the government of the order's own area as its level; for a new
    order that level leads to the government of the new order's area, as a territorial rule does."""
    place = [DISTRICT, STREET, COMMUNITY]
    assert unit_label(100, "d-tn", place) == "属地:district" and unit_label(101, "s-cs", place) == "属地:street"
    assert unit_label(300, "cgj", place) == "cgj"  # a department
    assert unit_label(200, "d-zl", place) == "d-zl"  # another district's government: not this order's own
    assert unit_label(100, "d-tn", []) == "d-tn"  # nowhere known
    for area in (DISTRICT, STREET):
        kind = territorial_kind(unit_label(area.unit_id or 0, "code", place))
        assert kind is area.kind and territorial_lead(kind, place) == area
    other = [PlaceArea(20, AreaKind.DISTRICT, "钟楼区", unit_id=200)]
    assert territorial_lead(AreaKind.STREET, other) == other[0]  # no street known: the level above leads
    assert [territorial_kind(label) for label in ("属地:community", "属地:city", "cgj", "")] == [
        AreaKind.COMMUNITY, None, None, None]
