"""The demo city: the organisation, hotline directory and staff of a prefecture-level 12345 centre.

District and street names are real — 常州市 (Changzhou, Jiangsu), from the NBS 2023 division codes in
``../shared/data/china_divisions`` — so addresses look right to a Chinese reader. Communities, roads
and estates are typical but invented (the division data stops at the township level). Unit codes are
stable ASCII slugs that scripts and tests may rely on:

    centre                 the 12345 centre, root of the unit tree
    zjj cgj scjgj rsj ...  city departments (pinyin initials of the bureau, e.g. 住建局 → zjj)
    u-water u-power ...    public utilities (水电气热, 公交)
    sc-tax sc-customs      sub-centres of vertically managed departments (12366, 12360)
    d-tianning ...         district governments; s-* their streets and towns; c-* communities

Only units that can lead an order get a login (``unit-<code>``): argon2 costs ~0.1 s per user, and
matters of departments without one go to the district government (属地, DOMAIN.md §2) with that
department as co-unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hotline.db.models import Hotline, Unit
from hotline.domain.enums import HotlineMode, Role, UnitKind
from hotline.services.auth import create_user

CITY = "常州市"
AREA_CODE = "0519"  # landline prefix, for callers' fixed-line numbers


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    communities: tuple[str, ...]
    community_code: str | None = None  # the first community is also a unit when set


@dataclass(frozen=True)
class District:
    code: str
    name: str
    weight: float  # share of the city's appeals, roughly by population
    centre: tuple[float, float]  # lat, lng
    roads: tuple[str, ...]
    streets: tuple[Street, ...]


DISTRICTS: tuple[District, ...] = (
    District("d-tianning", "天宁区", 0.17, (31.779, 119.974),
             ("延陵东路", "青洋北路", "竹林西路", "红梅南路", "关河东路"), (
        Street("s-qinglong", "青龙街道", ("青龙苑社区", "东方社区")),
        Street("s-hongmei", "红梅街道", ("红梅新村社区", "北郊社区"), "c-hongmei"),
        Street("s-chashan", "茶山街道", ("丽华新村社区", "茶山社区")),
    )),
    District("d-zhonglou", "钟楼区", 0.17, (31.784, 119.919),
             ("南大街", "延陵西路", "怀德中路", "勤业路", "广化街"), (
        Street("s-wuxing", "五星街道", ("五星社区", "花园社区")),
        Street("s-nandajie", "南大街街道", ("双桂坊社区", "西横街社区"), "c-shuanggui"),
        Street("s-xilin", "西林街道", ("西林社区", "白荡社区")),
    )),
    District("d-xinbei", "新北区", 0.22, (31.830, 119.975),
             ("太湖东路", "通江中路", "河海东路", "龙锦路", "汉江路"), (
        Street("s-sanjing", "三井街道", ("河海社区", "三井社区"), "c-hehai"),
        Street("s-longhutang", "龙虎塘街道", ("龙虎塘社区", "新龙社区")),
        Street("s-xuejia", "薛家镇", ("薛家社区", "顺园社区")),
    )),
    District("d-wujin", "武进区", 0.30, (31.718, 119.942),
             ("人民中路", "常武中路", "延政中路", "花园街", "聚湖路"), (
        Street("s-hutang", "湖塘镇", ("湖塘花园社区", "纺织城社区"), "c-hutang"),
        Street("s-niutang", "牛塘镇", ("牛塘社区", "卢家巷社区")),
    )),
    District("d-jintan", "金坛区", 0.14, (31.723, 119.597),
             ("东门大街", "金坛大道", "南环一路", "华城路", "西门大街"), (
        Street("s-xicheng", "西城街道", ("西城社区", "丰登社区")),
        Street("s-jincheng", "金城镇", ("金城社区", "后阳社区")),
    )),
)

ESTATES = ("翠竹新村", "锦绣华庭", "阳光花园", "龙城公寓", "东方明珠苑", "新城逸境", "金色家园", "香榭丽舍",
           "景秀世家", "万福花园", "清潭新村", "朝阳新村")

# (code, name, has a login)
DEPARTMENTS: tuple[tuple[str, str, bool], ...] = (
    ("zjj", "市住房和城乡建设局", True),
    ("cgj", "市城市管理局", True),
    ("scjgj", "市市场监督管理局", True),
    ("rsj", "市人力资源和社会保障局", True),
    ("jyj", "市教育局", True),
    ("wjw", "市卫生健康委员会", True),
    ("jtj", "市交通运输局", True),
    ("sthjj", "市生态环境局", True),
    ("gaj", "市公安局", False),
    ("mzj", "市民政局", False),
    ("zrzyj", "市自然资源和规划局", False),
    ("nyncj", "市农业农村局", False),
    ("ybj", "市医疗保障局", False),
    ("zsj", "市政务服务管理办公室（数据局）", False),
)
UTILITIES: tuple[tuple[str, str, bool], ...] = (
    ("u-water", "常州市供水有限公司", True),
    ("u-power", "常州供电公司", True),
    ("u-gas", "常州市燃气有限公司", False),
    ("u-heat", "常州市热力有限公司", False),
    ("u-bus", "常州市公共交通集团", False),
)
SUBCENTRES: tuple[tuple[str, str], ...] = (
    ("sc-tax", "12366纳税缴费服务分中心（市税务局）"),
    ("sc-customs", "12360海关服务分中心（常州海关）"),
)

# (number, name, mode, transfer target, unit code)
HOTLINES: tuple[tuple[str, str, HotlineMode, str | None, str | None], ...] = (
    ("12319", "城建服务热线", HotlineMode.MERGED, None, "zjj"),
    ("12369", "环保举报热线", HotlineMode.MERGED, None, "sthjj"),
    ("12331", "食品药品投诉举报热线", HotlineMode.MERGED, None, "scjgj"),
    ("12358", "价格举报热线", HotlineMode.MERGED, None, "scjgj"),
    ("12320", "卫生健康热线", HotlineMode.MERGED, None, "wjw"),
    ("12393", "医疗保障服务热线", HotlineMode.MERGED, None, "ybj"),
    ("12336", "自然资源违法举报热线", HotlineMode.MERGED, None, "zrzyj"),
    ("12316", "三农服务热线", HotlineMode.MERGED, None, "nyncj"),
    ("12315", "市场监管投诉举报热线", HotlineMode.PARALLEL, "12315 市场监管投诉举报中心", "scjgj"),
    ("12333", "人社服务热线", HotlineMode.PARALLEL, "12333 人社服务热线", "rsj"),
    ("12328", "交通运输服务监督热线", HotlineMode.PARALLEL, "12328 交通运输服务监督热线", "jtj"),
    ("95598", "供电服务热线", HotlineMode.PARALLEL, "95598 国网供电服务热线", "u-power"),
    ("12366", "纳税缴费服务热线", HotlineMode.SUBCENTRE, "12366 纳税缴费服务分中心", "sc-tax"),
    ("12360", "海关服务热线", HotlineMode.SUBCENTRE, "12360 海关服务分中心", "sc-customs"),
    ("110", "公安报警", HotlineMode.EMERGENCY, "市公安局110指挥中心", "gaj"),
    ("119", "消防报警", HotlineMode.EMERGENCY, "市消防救援支队119指挥中心", None),
    ("120", "医疗急救", HotlineMode.EMERGENCY, "市急救中心120调度指挥中心", None),
    ("122", "交通事故报警", HotlineMode.EMERGENCY, "市公安局交警支队122指挥中心", "gaj"),
)

# Topic (level 1, or "level1/level2" for an exception) → (lead unit code, co-unit code).
# A lead of None means the district government of the place (属地). Both topic trees are covered:
# the templates' (DOMAIN.md §4) and the 泰迪杯 taxonomy used with the shared data.
TOPIC_ROUTES: dict[str, tuple[str | None, str | None]] = {
    "城乡建设": ("zjj", None),
    "城乡建设/违法建设": (None, "cgj"),
    "城乡建设/城市建设和市政管理": ("cgj", None),
    "城乡建设/城乡规划": (None, "zrzyj"),
    "城乡建设/安全生产": (None, None),
    "城市管理": ("cgj", None),
    "市场管理": ("scjgj", None),
    "商贸旅游": ("scjgj", None),
    "经济管理": ("scjgj", None),
    "公共服务/供水": ("u-water", None),
    "公共服务/供电": ("u-power", None),
    "公共服务/燃气": ("zjj", "u-gas"),
    "公共服务/供暖": ("zjj", "u-heat"),
    "公共服务/公交": ("jtj", "u-bus"),
    "交通": ("jtj", None),
    "交通运输": ("jtj", None),
    "医疗卫生": ("wjw", None),
    "医疗卫生/医保": ("wjw", "ybj"),
    "卫生计生": ("wjw", None),
    "劳动和社会保障": ("rsj", None),
    "教育": ("jyj", None),
    "教育文体": ("jyj", None),
    "生态环境": ("sthjj", None),
    "环境保护": ("sthjj", None),
    "社会秩序": (None, "gaj"),
    "政法": (None, "gaj"),
    "民政": (None, "mzj"),
    "三农": (None, "nyncj"),
    "农村农业": (None, "nyncj"),
    "国土资源": (None, "zrzyj"),
    "政务服务": (None, "zsj"),
    "党务政务": (None, "zsj"),
    "科技与信息产业": (None, "zsj"),
}


# Words that send a matter to a utility whatever its topic: the 泰迪杯 taxonomy files water and power
# under 城乡建设/城市建设和市政管理, but the dispatcher sends a burst main to the water company.
UTILITY_WORDS: dict[str, tuple[str, ...]] = {
    "u-water": ("停水", "自来水", "水压", "水费", "供水", "爆管", "水管破裂"),
    "u-power": ("停电", "供电", "电费", "电压不稳", "断电", "电线老化"),
}


# Gas and heating calls have topics of their own in the demo's catalogue (公共服务/燃气 and /供暖: the
# housing bureau leads, the company co-handles). The public data files them under 城乡建设 and its
# neighbours, where nothing would teach the models that a gas smell is the gas company's, so the demo
# (demo_sources.topic_for) moves them to that topic, the first whose keyword is in the text. Water and
# power stay where the data put them: the dispatchers send those to the utility whatever the topic
# (UTILITY_WORDS), which learned routing picks up. Other level-1 labels keep theirs (a wage dispute at
# the gas company is one).
UTILITY_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("公共服务/燃气", ("燃气", "天然气", "煤气", "液化气")),
    ("公共服务/供暖", ("供暖", "暖气", "供热")),
)


def topic_route(topic: str, text: str = "") -> tuple[str | None, str | None]:
    """(lead unit code or None for the district, co-unit code or None) for a "l1/l2" topic."""
    for unit, words in UTILITY_WORDS.items():
        if any(w in text for w in words):
            return unit, None
    return catalogue_route(topic)


def catalogue_route(topic: str) -> tuple[str | None, str | None]:
    """What the dispatch catalogue says for a "l1/l2" topic (it knows topics, not the utility words)."""
    level1 = topic.split("/", 1)[0]
    return TOPIC_ROUTES.get(topic) or TOPIC_ROUTES.get(level1) or (None, None)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    district: str | None = None
    has_login: bool = False


def unit_specs() -> list[UnitSpec]:
    """Every unit of the city, parents before children."""
    specs = [UnitSpec("centre", f"{CITY}12345政务服务便民热线中心", UnitKind.CENTRE, None)]
    specs += [UnitSpec(c, CITY.removesuffix("市") + n, UnitKind.DEPARTMENT, "centre", None, login)
              for c, n, login in DEPARTMENTS]
    specs += [UnitSpec(c, n, UnitKind.UTILITY, "centre", None, login) for c, n, login in UTILITIES]
    specs += [UnitSpec(c, n, UnitKind.SUBCENTRE, "centre") for c, n in SUBCENTRES]
    for d in DISTRICTS:
        specs.append(UnitSpec(d.code, f"{d.name}人民政府", UnitKind.DISTRICT, "centre", d.name, True))
        for s in d.streets:
            suffix = "人民政府" if s.name.endswith("镇") else "办事处"
            specs.append(UnitSpec(s.code, f"{d.name}{s.name}{suffix}", UnitKind.STREET, d.code, d.name))
            if s.community_code:
                specs.append(UnitSpec(s.community_code, f"{s.name}{s.communities[0]}居民委员会",
                                      UnitKind.COMMUNITY, s.code, d.name))
    return specs


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    password: str
    display_name: str
    unit_code: str | None = None
    unit_name: str | None = None


@dataclass(frozen=True)
class DemoAccounts:
    accounts: tuple[DemoAccount, ...]

    def by_role(self, role: Role) -> list[DemoAccount]:
        return [a for a in self.accounts if a.role is role]


# Demo passwords are printed by ``hotline demo``; they are for a laptop demo, never production.
_CENTRE_STAFF: tuple[DemoAccount, ...] = (
    DemoAccount("agent-1", Role.AGENT, "demo-agent-2026", "陈晓敏"),
    DemoAccount("agent-2", Role.AGENT, "demo-agent-2026", "周婷"),
    DemoAccount("dispatcher-1", Role.DISPATCHER, "demo-dispatch-2026", "王建华"),
    DemoAccount("dispatcher-2", Role.DISPATCHER, "demo-dispatch-2026", "刘佳"),
    DemoAccount("supervisor", Role.SUPERVISOR, "demo-supervisor-2026", "孙立新"),
    DemoAccount("admin", Role.ADMIN, "demo-admin-2026", "赵磊"),
)
UNIT_PASSWORD = "demo-unit-2026"


def _accounts(specs: list[UnitSpec]) -> tuple[DemoAccount, ...]:
    units = tuple(DemoAccount(f"unit-{s.code}", Role.UNIT, UNIT_PASSWORD, f"{s.name}工作人员", s.code, s.name)
                  for s in specs if s.has_login)
    return _CENTRE_STAFF + units


def seed_organisation(session: Session, *, now: datetime) -> DemoAccounts:
    """Create the units (with materialised paths), the hotline directory and the demo users."""
    specs = unit_specs()
    units = _create_units(session, specs)
    for number, name, mode, target, unit_code in HOTLINES:
        session.add(Hotline(number=number, name=name, mode=mode, transfer_target=target,
                            unit_id=units[unit_code].id if unit_code else None))
    accounts = _accounts(specs)
    for account in accounts:
        create_user(session, username=account.username, role=account.role, password=account.password,
                    now=now, unit_code=account.unit_code, display_name=account.display_name)
    session.flush()
    return DemoAccounts(accounts)


def _create_units(session: Session, specs: list[UnitSpec]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for spec in specs:
        parent = units[spec.parent] if spec.parent else None
        unit = Unit(code=spec.code, name=spec.name, kind=spec.kind, parent_id=parent.id if parent else None,
                    path="", district=spec.district, active=True)
        session.add(unit)
        session.flush()  # the id is part of the path, so it must exist before the path is written
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        units[spec.code] = unit
    session.flush()
    return units
