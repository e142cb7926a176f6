"""The areas a centre serves — districts, streets/towns, communities — indexed for address matching.

The territorial principle (属地, DOMAIN.md §2): an order whose handling unit is unclear goes to the
government of the district (or street) where the matter is. A centre supplies its own list of areas
(its unit tree); ``load_city_divisions`` reads the national statistical division codes of one city
for the district and street levels (communities are not in that data and come from the centre).

Citizens rarely write full names: 天宁区 is "天宁", 湖塘镇 is "湖塘", 丽华新村社区 is "丽华新村". Short
names are generated here, with care: no one-character stems, no everyday words (东方, 花园, 中心),
and a short name that would repeat an ancestor's ("天宁街道" under 天宁区 → "天宁") is left to the
ancestor. A short name shared by unrelated areas is kept for all of them: ``address.resolve`` settles
it by the hierarchy or reports the ambiguity.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import ahocorasick

from hotline.domain.enums import UnitKind

LEVELS: tuple[UnitKind, ...] = (UnitKind.DISTRICT, UnitKind.STREET, UnitKind.COMMUNITY)
_PARENT_KIND = {UnitKind.STREET: UnitKind.DISTRICT, UnitKind.COMMUNITY: UnitKind.STREET}


@dataclass(frozen=True)
class Area:
    """One administrative area. ``parent`` is the code of the enclosing area (None for a district)."""

    code: str
    name: str
    kind: UnitKind  # DISTRICT, STREET (街道/镇/乡) or COMMUNITY (社区/村)
    parent: str | None = None
    aliases: tuple[str, ...] = ()  # extra names the centre knows it by


@dataclass(frozen=True)
class Landmark:
    """A road, estate or landmark known to lie in an area: "延陵东路" → 天宁区. Its name stays in the spot."""

    name: str
    area: str  # code of the most specific area it lies in


class MatchVia(StrEnum):
    NAME = "name"  # the full name or a listed alias
    SHORT = "short"  # a generated short name (天宁, 湖塘)
    LANDMARK = "landmark"
    CITY = "city"  # the city itself (常州市), consumed before the spot
    INFERRED = "inferred"  # not in the text: the parent of a matched area
    HINT = "hint"  # not in the text: the district the caller gave


# Suffixes removed to make a short name, longest first per level.
_SUFFIXES: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.DISTRICT: ("自治县", "自治旗", "林区", "区", "县", "市", "旗"),
    UnitKind.STREET: ("街道办事处", "地区办事处", "街道", "办事处", "民族乡", "镇", "乡", "苏木"),
    UnitKind.COMMUNITY: ("社区居民委员会", "居民委员会", "村民委员会", "社区居委会", "居委会", "村委会", "社区", "村"),
}
# Names that are not places of their own (开发区, 监狱): no short name, full name only.
_NO_SHORT_NAME = ("开发区", "度假区", "高新区", "园区", "新区", "管委会", "监狱", "农场", "林场", "示范区", "休闲区",
                  "风景区", "工业区", "保税区", "实验区")
# Stems too common as ordinary words or address parts to stand for an area on their own.
_GENERIC_STEMS = frozenset(str.split(
    "东方 中心 花园 新村 城区 市区 郊区 城中 城东 城西 城南 城北 人民 和平 幸福 光明 胜利 解放 建设 工业 "
    "开发 高新 经济 中山 新华 红旗 东风 新城 老城 南门 北门 东门 西门 中心村 新区 东街 西街 南街 北街 "
    "大街 市场 车站 学校 医院 公园 广场 小区 社区 街道 农场 林场 矿区 管委 营业 文化 团结 友谊 前进 "
    "先锋 新民 民主 红星 向阳 朝阳 永安 长安 太平 新安 兴隆 大桥 桥头 河口 江口 湖滨 滨湖 滨江 沿江 开元"
))
# Longer spellings that should be consumed with the name, so they do not start the spot.
_EXTRA_SUFFIXES: dict[UnitKind, tuple[tuple[str, tuple[str, ...]], ...]] = {
    UnitKind.DISTRICT: (("区", ("人民政府", "政府")), ("县", ("人民政府", "政府")), ("市", ("人民政府", "政府"))),
    UnitKind.STREET: (("街道", ("办事处", "办")), ("镇", ("人民政府", "政府")), ("乡", ("人民政府", "政府"))),
    UnitKind.COMMUNITY: (("社区", ("居委会", "居民委员会")), ("村", ("委会", "民委员会"))),
}


def fold(text: str) -> str:
    """NFKC + lower case, one character out per character in, so spans map back to the input."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := unicodedata.normalize("NFKC", ch).lower()) == 1 else ch for ch in text)


def short_name(area: Area) -> str | None:
    """The name without its administrative suffix (天宁区 → 天宁), or None when that would mislead."""
    if any(area.name.endswith(s) for s in _NO_SHORT_NAME):
        return None
    for suffix in _SUFFIXES[area.kind]:
        if area.name.endswith(suffix) and len(area.name) > len(suffix):
            stem = area.name[: -len(suffix)]
            if len(stem) < 2 or stem in _GENERIC_STEMS:
                return None  # 城区 → 城, 东方社区 → 东方: too common to mean this area
            return stem
    return None


def _long_names(area: Area) -> list[str]:
    """Official spellings longer than the name: 茶山街道办事处, 天宁区人民政府, 丽华新村社区居委会."""
    return [area.name + extra for suffix, extras in _EXTRA_SUFFIXES[area.kind] if area.name.endswith(suffix)
            for extra in extras]


# What a key of the automaton stands for: (area code or "" for the city, how it was matched).
Entry = tuple[str, MatchVia]


class Gazetteer:
    """Areas by code, their hierarchy, and one Aho-Corasick automaton over every name they go by."""

    def __init__(self, areas: dict[str, Area], landmarks: tuple[Landmark, ...], city_names: tuple[str, ...],
                 keys: dict[str, tuple[Entry, ...]]) -> None:
        self.areas = areas
        self.landmarks = landmarks
        self.city_names = city_names
        self.keys = keys  # folded name → what it stands for (read-only; for review and tests)
        self._automaton: Any = ahocorasick.Automaton()
        for key, entries in keys.items():
            self._automaton.add_word(key, (len(key), entries))
        if keys:
            self._automaton.make_automaton()
        self._by_name: dict[str, list[str]] = {}
        for code, area in areas.items():
            for name in (area.name, *area.aliases, short_name(area) or ""):
                if name:
                    self._by_name.setdefault(fold(name), []).append(code)

    @classmethod
    def from_areas(cls, areas: Iterable[Area], *, landmarks: Iterable[Landmark] = (),
                   city: str | Iterable[str] = ()) -> Gazetteer:
        """Index a centre's areas. ``city``: the city's names (常州市, 常州), consumed before a spot.

        Raises ValueError on a malformed list (duplicate codes, unknown parents, a street whose parent
        is not a district…): a centre's area list is configuration and must be fixed, not guessed.
        """
        by_code = _validated(list(areas))
        marks = tuple(landmarks)
        for mark in marks:
            if mark.area not in by_code or not mark.name.strip():
                raise ValueError(f"landmark {mark.name!r} names an unknown area {mark.area!r}")
        cities = (city,) if isinstance(city, str) else tuple(city)
        city_names = tuple(dict.fromkeys(n for c in cities if c for n in (c, c.removesuffix("市")) if len(n) >= 2))
        return cls(by_code, marks, city_names, _keys(by_code, marks, city_names))

    def area(self, code: str) -> Area | None:
        return self.areas.get(code)

    def path(self, code: str) -> tuple[Area, ...]:
        """The area and its ancestors, district first."""
        chain: list[Area] = []
        area = self.areas.get(code)
        while area is not None and len(chain) < len(LEVELS):
            chain.append(area)
            area = self.areas.get(area.parent) if area.parent else None
        return tuple(reversed(chain))

    def lookup(self, name_or_code: str) -> list[Area]:
        """Areas with this code, name, alias or short name (several when the name is ambiguous)."""
        if name_or_code in self.areas:
            return [self.areas[name_or_code]]
        return [self.areas[c] for c in self._by_name.get(fold(name_or_code.strip()), [])]

    def matches(self, folded: str) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """Every (start, end, entries) occurrence of a known name in already folded text."""
        if not self.keys:
            return []
        return [(end + 1 - length, end + 1, entries) for end, (length, entries) in self._automaton.iter(folded)]


def _validated(areas: list[Area]) -> dict[str, Area]:
    by_code: dict[str, Area] = {}
    for area in areas:
        if area.kind not in LEVELS:
            raise ValueError(f"area {area.code!r}: kind must be district, street or community, not {area.kind!r}")
        if not area.code or not area.name.strip():
            raise ValueError(f"area {area.code!r}: code and name are required")
        if area.code in by_code:
            raise ValueError(f"duplicate area code {area.code!r}")
        by_code[area.code] = area
    for area in areas:
        want = _PARENT_KIND.get(area.kind)
        if want is None:
            continue
        parent = by_code.get(area.parent or "")
        if parent is None or parent.kind is not want:
            raise ValueError(f"area {area.code!r} ({area.name}): its parent must be a {want.value} of the list, "
                             f"not {area.parent!r}")
    return by_code


def _ancestors(by_code: dict[str, Area], code: str) -> set[str]:
    found, area = set(), by_code.get(code)
    while area is not None and area.parent and area.parent not in found:
        found.add(area.parent)
        area = by_code.get(area.parent)
    return found


def _keys(by_code: dict[str, Area], landmarks: tuple[Landmark, ...],
          city_names: tuple[str, ...]) -> dict[str, tuple[Entry, ...]]:
    full: dict[str, list[Entry]] = {}
    for area in by_code.values():
        for name in (area.name, *area.aliases, *_long_names(area)):
            if name.strip():
                full.setdefault(fold(name.strip()), []).append((area.code, MatchVia.NAME))
    short: dict[str, list[str]] = {}
    for area in by_code.values():
        stem = short_name(area)
        if stem is not None and fold(stem) not in full:  # never shadow somebody's full name
            short.setdefault(fold(stem), []).append(area.code)
    keys: dict[str, list[Entry]] = {k: list(v) for k, v in full.items()}
    for stem, codes in short.items():
        # 天宁街道 (under 天宁区) would also be "天宁": the short name is the ancestor's.
        kept = [c for c in codes if not any(a in codes for a in _ancestors(by_code, c))]
        keys.setdefault(stem, []).extend((c, MatchVia.SHORT) for c in kept)
    for mark in landmarks:
        entries = keys.setdefault(fold(mark.name.strip()), [])
        if not any(code == mark.area for code, _ in entries):
            entries.append((mark.area, MatchVia.LANDMARK))
    for name in city_names:
        keys.setdefault(fold(name), []).append(("", MatchVia.CITY))
    return {k: tuple(dict.fromkeys(v)) for k, v in keys.items() if v}


# ---- the national division codes (../shared/data/china_divisions) -------------------------------------
def load_city_divisions(data_dir: Path | str, city_name: str) -> list[Area]:
    """Districts/counties and streets/towns of one city from the NBS 2023 division codes.

    ``data_dir`` holds ``cities.csv``, ``areas.csv`` and ``streets.csv`` (``../shared/data/china_divisions``);
    ``city_name`` is "常州市" or "常州". A municipality (北京市, 上海市…) is looked up as a province,
    its 市辖区 rows merged. Codes are the 6-digit (district) and 9-digit (street) statistical codes.
    Raises FileNotFoundError for missing files and ValueError for an unknown or ambiguous city.
    """
    folder = Path(data_dir)
    wanted = {city_name.strip(), city_name.strip().removesuffix("市") + "市"}
    cities = [r for r in _rows(folder / "cities.csv") if r["name"] in wanted]
    if not cities:  # a municipality: its "cities" are the 市辖区/县 rows under the province of that name
        provinces = {r["code"] for r in _rows(folder / "provinces.csv") if r["name"] in wanted}
        cities = [r for r in _rows(folder / "cities.csv") if r["provinceCode"] in provinces]
    if not cities:
        raise ValueError(f"no city named {city_name!r} in {folder / 'cities.csv'}")
    if len({r["provinceCode"] for r in cities}) > 1:
        raise ValueError(f"{city_name!r} names cities in several provinces: {[r['code'] for r in cities]}")
    city_codes = {r["code"] for r in cities}
    districts = [Area(r["code"], r["name"], UnitKind.DISTRICT)
                 for r in _rows(folder / "areas.csv") if r["cityCode"] in city_codes and r["name"] != "市辖区"]
    district_codes = {d.code for d in districts}
    streets = [Area(r["code"], r["name"], UnitKind.STREET, r["areaCode"])
               for r in _rows(folder / "streets.csv") if r["areaCode"] in district_codes]
    return [*districts, *streets]


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)
