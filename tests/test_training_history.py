"""What ``hotline train`` learns from the centre's own orders: the unit of a dispatch, but not one the unit is
returning (退单), and the re-dispatch once the centre upholds the return."""

from __future__ import annotations

import pytest

from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action
from hotline.nlp.training import UNIT, train_task
from hotline.services import suggestions
from hotline.services.context import Context
from hotline.services.training import history_samples
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import LEAD_UNIT, World, act, perform, register, status_of

OWN_DISTRICT = "属地:district"  # a dispatch to 鼓楼区人民政府 (LEAD_UNIT) of an order in 鼓楼区


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def unit_samples(w: World) -> dict[str, str]:
    with w.db.uow(write=False) as uow:
        return {s.content: s.label for s in history_samples(uow.session)["unit"]}


def test_a_returned_dispatch_teaches_no_unit_and_the_re_dispatch_does(w: World) -> None:
    kept = register(w, content="东街路灯坏了一个月")
    act(w, Action.DISPATCH, kept)
    bounced = register(w, content="超市卖过期食品")
    act(w, Action.DISPATCH, bounced)
    act(w, Action.SIGN, bounced)
    act(w, Action.RETURN, bounced)  # "该事项属市场监管职责"
    assert status_of(w, bounced) is OrderStatus.RETURN_REQUESTED
    assert unit_samples(w) == {"东街路灯坏了一个月": OWN_DISTRICT}  # the disputed dispatch is not learned
    act(w, Action.UPHOLD_RETURN, bounced)  # re-dispatched to 市场监管局
    assert unit_samples(w) == {"东街路灯坏了一个月": OWN_DISTRICT, "超市卖过期食品": "scjgj"}


def dispatch_to(w: World, number: str, unit: str) -> None:
    perform(w, Action.DISPATCH, number, {"unit_code": unit, "co_unit_codes": [], "note": None})


def test_a_dispatch_to_the_government_of_the_order_s_own_area_is_learned_as_its_level(w: World) -> None:
    """属地: the words tell a district or street matter, the place tells which one — so the unit model learns
    the level, not the one district's unit (what it learns from a department is the department)."""
    district = register(w, content="东街路灯坏了一个月")  # 鼓楼区 东街街道, dispatched to 鼓楼区人民政府
    act(w, Action.DISPATCH, district)
    street = register(w, content="南街路灯不亮", street="南街街道", address="8号楼")
    dispatch_to(w, street, "s-nj")  # 南街街道办事处
    elsewhere = register(w, content="台江区有路灯坏了", district="台江区", street=None, address="台江区江滨路")
    act(w, Action.DISPATCH, elsewhere)  # to 鼓楼区: not the government of 台江区
    market = register(w, content="超市卖过期食品")
    dispatch_to(w, market, "scjgj")
    assert unit_samples(w) == {"东街路灯坏了一个月": "属地:district", "南街路灯不亮": "属地:street",
                               "台江区有路灯坏了": LEAD_UNIT, "超市卖过期食品": "scjgj"}


def test_learned_routing_sends_a_territorial_matter_to_the_government_of_the_new_order_s_own_area(w: World) -> None:
    """Street lamps went to the street office of their own street; the texts do not name the street, so only
    the place can tell 东街 from 南街 — which learning raw unit codes could not."""
    lamps = ["路灯坏了一个多月", "路灯晚上不亮", "小区门口路灯倒了", "路灯一闪一闪的", "路灯白天一直亮着"]
    for i, text in enumerate(lamps * 2):
        number = register(w, content=f"{text}，第{i}次反映", street=("东街街道", "南街街道")[i % 2], address=f"{i}号楼")
        dispatch_to(w, number, ("s-dj", "s-nj")[i % 2])
    for i in range(6):
        dispatch_to(w, register(w, content=f"超市卖过期食品，第{i}次反映", address=f"{i}号商铺"), "scjgj")
    with w.db.uow(write=False) as uow:
        train_task(UNIT, history_samples(uow.session)["unit"], w.ctx.settings.models_dir)
    w.ctx.models.load()
    now, actor = w.clock(), w.actor("dispatcher")
    south = register(w, content="路灯坏了，晚上很黑", topic=None, street="南街街道", address="12号楼")
    east = register(w, content="路灯坏了，晚上很黑", topic=None, street="东街街道", address="12号楼")
    with w.db.uow(write=False) as uow:
        unit = suggestions.for_order(uow.session, w.ctx, actor, number=south, now=now)["unit"]
        shown = {n: suggestions.unit_shown(uow.session, w.ctx, actor, number=n, now=now) for n in (south, east)}
    assert unit["source"] == "learned" and unit["candidates"][0]["label"] == "s-nj"
    assert unit["candidates"][0]["territorial_area"] == "南街街道" and "属地：事发地南街街道" in unit["reason_zh"]
    assert {n: s.label if s else None for n, s in shown.items()} == {south: "s-nj", east: "s-dj"}
    # Where the place has no government unit to lead (台江区 has none), the territorial candidate is left out.
    nowhere = register(w, content="路灯坏了，晚上很黑", topic=None, district="台江区", street="东街街道",
                       address="12号楼")
    with w.db.uow(write=False) as uow:
        unit = suggestions.for_order(uow.session, w.ctx, actor, number=nowhere, now=now)["unit"]
    assert [c["label"] for c in unit["candidates"]] in ([], ["scjgj"])
