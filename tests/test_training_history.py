"""What ``hotline train`` learns from the centre's own orders: the unit of a dispatch, but not one the unit is
returning (退单), and the re-dispatch once the centre upholds the return."""

from __future__ import annotations

import pytest

from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action
from hotline.services.context import Context
from hotline.services.training import history_samples
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import LEAD_UNIT, World, act, register, status_of


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
    assert unit_samples(w) == {"东街路灯坏了一个月": LEAD_UNIT}  # the disputed dispatch is not learned
    act(w, Action.UPHOLD_RETURN, bounced)  # re-dispatched to 市场监管局
    assert unit_samples(w) == {"东街路灯坏了一个月": LEAD_UNIT, "超市卖过期食品": "scjgj"}
