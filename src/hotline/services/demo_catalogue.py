"""The demo city's gazetteer and dispatch catalogue, from the same tables its history was made with.

Areas: every district, street/town and community of ``demo_city.DISTRICTS``; an area whose own
government is a unit (district governments, street offices, one community per street) names it.
Catalogue: ``demo_city.TOPIC_ROUTES`` as rules; a department without a login cannot sign, so its
matters go to the district government of the place with the department as co-unit (属地), and a
matter no rule covers goes to the district government too.
Topic directory (问题分类目录): every topic the history and the catalogue use, with its level 1, so the
demo works as a centre that keeps one (staff pick topics from it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.db.models import CatalogueRule, Order, TopicEntry, Unit
from hotline.domain.enums import AreaKind
from hotline.nlp.topic_levels import parent_of
from hotline.services.areas import AreaSpec, import_areas
from hotline.services.demo_city import DEPARTMENTS, DISTRICTS, TOPIC_ROUTES, UTILITIES


def area_specs() -> list[AreaSpec]:
    specs: list[AreaSpec] = []
    for district in DISTRICTS:
        specs.append(AreaSpec(district.code.replace("d-", "a-", 1), district.name, AreaKind.DISTRICT,
                              unit=district.code))
        for street in district.streets:
            street_area = street.code.replace("s-", "a-", 1)
            specs.append(AreaSpec(street_area, street.name, AreaKind.STREET, district.code.replace("d-", "a-", 1),
                                  unit=street.code))
            for i, community in enumerate(street.communities):
                unit = street.community_code if i == 0 else None
                specs.append(AreaSpec(f"{street_area}-{i + 1}", community, AreaKind.COMMUNITY, street_area, unit=unit))
    return specs


def _signing_units() -> set[str]:
    return {code for code, _, login in (*DEPARTMENTS, *UTILITIES) if login}


def seed_areas_and_catalogue(session: Session, *, now: datetime) -> None:
    import_areas(session, area_specs())
    units = dict(session.execute(select(Unit.code, Unit.id)).all())
    signing = _signing_units()
    rules = [CatalogueRule(revision=1, topic="", area_id=None, lead_unit_id=None,
                           territorial_level=AreaKind.DISTRICT, co_unit_ids=[],
                           note="目录未列明的事项由属地区政府牵头", effective_from=now, created_at=now)]
    for topic, (lead, co_unit) in TOPIC_ROUTES.items():
        co_units = [units[c] for c in (co_unit,) if c in units]
        if lead is not None and lead in signing:
            rules.append(CatalogueRule(revision=1, topic=topic, area_id=None, lead_unit_id=units[lead],
                                       territorial_level=None, co_unit_ids=co_units, note="",
                                       effective_from=now, created_at=now))
        else:
            extra = [units[lead]] if lead in units else []
            rules.append(CatalogueRule(revision=1, topic=topic, area_id=None, lead_unit_id=None,
                                       territorial_level=AreaKind.DISTRICT, co_unit_ids=extra + co_units,
                                       note="属地管理，职能部门协办", effective_from=now, created_at=now))
    session.add_all(rules)
    session.flush()


def seed_topic_directory(session: Session, *, now: datetime) -> int:
    """The directory of the topics the orders and the catalogue use (level 1 and level 2); how many."""
    used = {t for t in session.scalars(select(Order.topic).where(Order.topic.is_not(None)).distinct()) if t}
    used.update(t for t in TOPIC_ROUTES if t)
    paths = {"/".join(t.split("/")[:2]) for t in used} | {parent_of(t) for t in used}
    session.add_all(TopicEntry(path=p, level=p.count("/") + 1, added_at=now) for p in sorted(paths))
    session.flush()
    return len(paths)
