"""Gazetteer and address resolution: the territorial principle (属地) on the demo city and real divisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.domain.enums import UnitKind
from hotline.nlp.address import Resolution, resolve
from hotline.nlp.gazetteer import Area, Gazetteer, Landmark, MatchVia, load_city_divisions, short_name
from hotline.services.demo_city import CITY, DISTRICTS

DIVISIONS = Path(__file__).resolve().parents[3] / "shared" / "data" / "china_divisions"
D, S, C = UnitKind.DISTRICT, UnitKind.STREET, UnitKind.COMMUNITY


def demo_areas() -> tuple[list[Area], list[Landmark]]:
    """The demo city's areas as a centre would supply them (communities get codes of their own)."""
    areas: list[Area] = []
    landmarks: list[Landmark] = []
    for district in DISTRICTS:
        areas.append(Area(district.code, district.name, D))
        landmarks += [Landmark(road, district.code) for road in district.roads]
        for street in district.streets:
            areas.append(Area(street.code, street.name, S, district.code))
            areas += [Area(f"{street.code}-{i}", name, C, street.code) for i, name in enumerate(street.communities)]
    return areas, landmarks


@pytest.fixture(scope="module")
def demo() -> Gazetteer:
    areas, landmarks = demo_areas()
    return Gazetteer.from_areas(areas, landmarks=landmarks, city=CITY)


@pytest.fixture(scope="module")
def changzhou() -> Gazetteer:
    assert DIVISIONS.is_dir(), f"these tests read the national division codes from {DIVISIONS}"
    return Gazetteer.from_areas(load_city_divisions(DIVISIONS, "常州市"), city="常州市")


def names(r: Resolution) -> tuple[str | None, str | None, str | None]:
    return tuple(hit.name if hit else None for hit in (r.district, r.street, r.community))  # type: ignore[return-value]


# ---- the demo city ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "district", "street", "community", "spot"), [
    ("常州市天宁区茶山街道丽华新村3幢", "天宁区", "茶山街道", "丽华新村社区", "3幢"),
    ("江苏省常州市钟楼区南大街街道双桂坊社区12号", "钟楼区", "南大街街道", "双桂坊社区", "12号"),
    ("武进湖塘镇某小区门口", "武进区", "湖塘镇", None, "某小区门口"),
    ("天宁区红梅街道", "天宁区", "红梅街道", None, ""),
    ("丽华新村3幢2单元", "天宁区", "茶山街道", "丽华新村社区", "3幢2单元"),  # community only: parents inferred
    ("新北区三井街道办事处旁边的小吃街", "新北区", "三井街道", None, "旁边的小吃街"),
    ("我住在新北区三井街道河海社区，楼下烧烤店噪音很大", "新北区", "三井街道", "河海社区", ""),
])
def test_addresses_in_the_demo_city(demo: Gazetteer, text: str, district: str, street: str | None,
                                    community: str | None, spot: str) -> None:
    r = resolve(demo, text)
    assert names(r) == (district, street, community)
    assert r.spot == spot and not r.ambiguous and not r.conflicts
    assert r.confidence >= 0.75


def test_spans_and_ways_of_matching_are_reported(demo: Gazetteer) -> None:
    text = "武进湖塘镇湖塘花园社区"
    r = resolve(demo, text)
    assert r.district is not None and r.street is not None and r.community is not None
    assert r.district.via is MatchVia.SHORT and r.district.matched == "武进"
    assert r.street.via is MatchVia.NAME and r.street.span is not None
    assert text[slice(*r.street.span)] == "湖塘镇"
    assert r.community.name == "湖塘花园社区" and r.deepest == r.community


def test_a_road_alone_gives_its_district_and_stays_in_the_spot(demo: Gazetteer) -> None:
    r = resolve(demo, "延陵东路128号门口")
    assert names(r) == ("天宁区", None, None)
    assert r.district is not None and r.district.via is MatchVia.LANDMARK
    assert r.spot == "延陵东路128号门口"
    assert 0.5 <= r.confidence < 0.8


def test_full_names_beat_short_names_in_confidence(demo: Gazetteer) -> None:
    full, short = resolve(demo, "天宁区茶山街道"), resolve(demo, "茶山")
    assert names(full)[:2] == names(short)[:2] == ("天宁区", "茶山街道")
    assert full.confidence > short.confidence


def test_contradicting_names_are_ambiguous_unless_a_hint_decides(demo: Gazetteer) -> None:
    r = resolve(demo, "天宁区五星街道")  # 五星街道 is in 钟楼区
    assert r.ambiguous and r.district is None
    assert {tuple(a.name for a in p) for p in r.candidates} == {("天宁区",), ("钟楼区", "五星街道")}
    hinted = resolve(demo, "天宁区五星街道", hint_district="钟楼区")
    assert names(hinted) == ("钟楼区", "五星街道", None) and not hinted.ambiguous
    assert hinted.conflicts == ("天宁区",) and hinted.confidence < 0.6


def test_a_hint_alone_is_not_an_address(demo: Gazetteer) -> None:
    r = resolve(demo, "小区门口路灯坏了", hint_district="d-wujin")
    assert r.district is None  # the caller already knows the hint; the result says what the text says
    r = resolve(demo, "延陵东路", hint_district="天宁")
    assert r.district is not None and r.district.via is MatchVia.LANDMARK


def test_no_match(demo: Gazetteer) -> None:
    r = resolve(demo, "南京市鼓楼区中山路")
    assert not r.found and r.confidence == 0.0 and r.spot == "南京市鼓楼区中山路"


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "？？？", "\x00\ufffd", "a" * 100_000, "天宁区" * 10_000,
                                  "常州市", "江苏省"])
def test_garbage_never_raises(demo: Gazetteer, text: str) -> None:
    r = resolve(demo, text)
    assert 0.0 <= r.confidence <= 1.0 and len(r.spot) <= 60


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=10)))
def test_never_raises_on_any_text(text: str, hint: str | None) -> None:
    r = resolve(_DEMO, text, hint_district=hint)
    for hit in (r.district, r.street, r.community):
        if hit is not None and hit.span is not None:
            assert text[slice(*hit.span)] == hit.matched


_DEMO = Gazetteer.from_areas(demo_areas()[0], landmarks=demo_areas()[1], city=CITY)


# ---- ambiguity settled by the hierarchy -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def twin_streets() -> Gazetteer:
    """Two districts that both have a 新华街道, each with a 幸福里社区 — and one unique community."""
    return Gazetteer.from_areas([
        Area("a", "东湖区", D), Area("b", "西山区", D),
        Area("a1", "新华街道", S, "a"), Area("b1", "新华街道", S, "b"),
        Area("a1x", "幸福里社区", C, "a1"), Area("b1x", "幸福里社区", C, "b1"), Area("b1y", "柳岸社区", C, "b1"),
    ])


def test_a_name_in_two_districts_stays_ambiguous(twin_streets: Gazetteer) -> None:
    r = resolve(twin_streets, "新华街道幸福里社区5号")
    assert r.ambiguous and r.district is None and r.confidence < 0.5
    assert sorted(p[0].name for p in r.candidates) == ["东湖区", "西山区"]
    assert r.spot == "5号"


@pytest.mark.parametrize(("text", "hint", "district"), [
    ("西山区新华街道幸福里社区", None, "西山区"),  # the district in the text settles it
    ("东湖新华街道", None, "东湖区"),  # even by its short name
    ("新华街道幸福里社区", "东湖区", "东湖区"),  # or the hint
    ("新华街道柳岸社区", None, "西山区"),  # or a community only one of them has
])
def test_the_hierarchy_settles_the_ambiguity(twin_streets: Gazetteer, text: str, hint: str | None,
                                              district: str) -> None:
    r = resolve(twin_streets, text, hint_district=hint)
    assert not r.ambiguous and r.district is not None and r.district.name == district
    assert r.street is not None and r.street.name == "新华街道"


# ---- short names --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "kind", "short"), [
    ("天宁区", D, "天宁"), ("溧阳市", D, "溧阳"), ("湖塘镇", S, "湖塘"), ("茶山街道", S, "茶山"),
    ("丽华新村社区", C, "丽华新村"), ("后阳村", C, "后阳"),
    ("城区", D, None),  # a one-character stem
    ("东方社区", C, None), ("中心村", C, None),  # everyday words
    ("武进经济开发区", S, None), ("常州监狱", S, None),  # not places of their own
])
def test_short_names(name: str, kind: UnitKind, short: str | None) -> None:
    assert short_name(Area("x", name, kind, None if kind is D else "p")) == short


def test_a_short_name_repeating_an_ancestors_is_left_to_the_ancestor(changzhou: Gazetteer) -> None:
    assert [code for code, _ in changzhou.keys["天宁"]] == ["320402"]  # 天宁区, not its 天宁街道
    r = resolve(changzhou, "天宁街道某某路")
    assert names(r)[:2] == ("天宁区", "天宁街道")


# ---- building a gazetteer ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("areas", [
    [Area("a", "东湖区", D), Area("a", "西山区", D)],  # duplicate code
    [Area("s", "新华街道", S, "nowhere")],  # unknown parent
    [Area("a", "东湖区", D), Area("c", "幸福社区", C, "a")],  # a community directly under a district
    [Area("x", "常州市", UnitKind.CENTRE)],  # not an area level
    [Area("a", "  ", D)],  # no name
])
def test_a_malformed_area_list_is_refused(areas: list[Area]) -> None:
    with pytest.raises(ValueError):
        Gazetteer.from_areas(areas)


def test_a_landmark_must_name_a_known_area() -> None:
    with pytest.raises(ValueError):
        Gazetteer.from_areas([Area("a", "东湖区", D)], landmarks=[Landmark("人民路", "zzz")])


def test_an_empty_gazetteer_resolves_nothing() -> None:
    assert not resolve(Gazetteer.from_areas([]), "天宁区茶山街道").found


def test_lookup_and_path(demo: Gazetteer) -> None:
    assert [a.code for a in demo.lookup("天宁")] == ["d-tianning"]
    assert [a.name for a in demo.path("s-chashan-0")] == ["天宁区", "茶山街道", "丽华新村社区"]
    assert demo.lookup("nowhere") == [] and demo.path("nowhere") == ()


# ---- the national division codes ------------------------------------------------------------------------------------
def test_changzhou_from_the_division_codes(changzhou: Gazetteer) -> None:
    districts = [a for a in changzhou.areas.values() if a.kind is D]
    streets = [a for a in changzhou.areas.values() if a.kind is S]
    assert sorted(a.name for a in districts) == ["天宁区", "新北区", "武进区", "溧阳市", "金坛区", "钟楼区"]
    assert len(streets) == 67 and changzhou.areas["320402003"].name == "茶山街道"


@pytest.mark.parametrize(("text", "district", "street", "spot"), [
    ("常州市天宁区茶山街道丽华新村3幢", "天宁区", "茶山街道", "丽华新村3幢"),  # no communities in this data
    ("武进湖塘镇某小区门口", "武进区", "湖塘镇", "某小区门口"),
    ("溧阳天目湖镇", "溧阳市", "天目湖镇", ""),
    ("金坛经济开发区华城路", "金坛区", "经济开发区", "华城路"),
    ("钟楼区邹区镇", "钟楼区", "邹区镇", ""),
])
def test_addresses_on_the_division_codes(changzhou: Gazetteer, text: str, district: str, street: str,
                                        spot: str) -> None:
    r = resolve(changzhou, text)
    assert names(r)[:2] == (district, street) and r.spot == spot


def test_a_municipality_and_a_real_ambiguous_street() -> None:
    beijing = Gazetteer.from_areas(load_city_divisions(DIVISIONS, "北京"))
    assert len([a for a in beijing.areas.values() if a.kind is D]) == 16
    r = resolve(beijing, "八里庄街道某小区")  # there is one in 朝阳区 and one in 海淀区
    assert r.ambiguous and sorted(p[0].name for p in r.candidates) == ["朝阳区", "海淀区"]
    assert names(resolve(beijing, "海淀区八里庄街道"))[:2] == ("海淀区", "八里庄街道")
    assert names(resolve(beijing, "八里庄街道", hint_district="朝阳区"))[:2] == ("朝阳区", "八里庄街道")


def test_an_unknown_city_is_refused() -> None:
    with pytest.raises(ValueError):
        load_city_divisions(DIVISIONS, "不存在市")


