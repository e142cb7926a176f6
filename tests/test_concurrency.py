"""Races, on the real database (SQLite here; PostgreSQL in CI): every thread has its own unit of
work, and a barrier lines the racers up so that they really do arrive together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hotline.db.models import Order, OrderEvent, OrderSequence
from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus
from hotline.domain.errors import ConcurrentUpdate, Conflict, InvalidTransition
from hotline.domain.lifecycle import Action
from hotline.domain.numbering import format_order_number
from hotline.services import intake
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import SHANGHAI, Clock, Org
from tests.helpers import APPEAL, World, add_unit_user, drive_to, perform, register, snapshot

S = OrderStatus
ROUNDS = 20


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def race(*contenders: Callable[[], Any]) -> list[Any]:
    """Run the contenders at the same moment; each result is a return value or the exception raised."""
    barrier = threading.Barrier(len(contenders))

    def run(fn: Callable[[], Any]) -> Any:
        barrier.wait(timeout=30)
        try:
            return fn()
        except Exception as exc:  # the outcome under test
            return exc

    with ThreadPoolExecutor(len(contenders)) as pool:
        return list(pool.map(run, contenders))


def losers_lost_cleanly(outcomes: list[Any]) -> list[Any]:
    """Exactly one winner; every other contender got a 409 (the state moved on, or a lost update)."""
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(e, InvalidTransition | ConcurrentUpdate) for e in losers), losers
    return winners


def count_events(w: World, number: str, action: Action) -> int:
    with w.db.uow(write=False) as uow:
        order_id = uow.session.scalars(select(Order.id).where(Order.number == number)).one()
        return uow.session.scalar(select(func.count()).select_from(OrderEvent).where(
            OrderEvent.order_id == order_id, OrderEvent.action == action.value)) or 0


def test_order_numbers_stay_unique_and_contiguous_under_concurrent_registration(w: World) -> None:
    threads, each = 8, 25
    barrier = threading.Barrier(threads)

    def register_many(i: int) -> list[str]:
        barrier.wait(timeout=30)
        numbers = []
        for j in range(each):
            with w.db.uow() as uow:
                appeal = replace(APPEAL, content=f"{APPEAL.content}（第{i}-{j}次）")
                order, _ = intake.register_appeal(uow, appeal=appeal, actor=w.actor("agent"), now=w.clock(),
                                                  ctx=w.ctx)
                numbers.append(order.number)
        return numbers

    with ThreadPoolExecutor(threads) as pool:
        numbers = [n for batch in pool.map(register_many, range(threads)) for n in batch]

    day = w.clock().astimezone(SHANGHAI).date()
    assert sorted(numbers) == [format_order_number("HL", day, k) for k in range(1, threads * each + 1)]
    with w.db.uow(write=False) as uow:
        stored = list(uow.session.scalars(select(Order.number)))
        assert sorted(stored) == sorted(numbers)
        assert uow.session.scalar(select(OrderSequence.value)) == threads * each
        assert len(set(uow.session.scalars(select(Order.lookup_code)))) == threads * each
        # The id is drawn once the day's counter is held, so ids follow the numbers.
        by_number = list(uow.session.scalars(select(Order.id).order_by(Order.number)))
        assert by_number == sorted(by_number)


def test_two_staff_of_the_lead_unit_signing_at_once_sign_the_order_exactly_once(w: World) -> None:
    add_unit_user(w, "cgj2", "cgj")
    for _ in range(ROUNDS):
        number = register(w)
        perform(w, Action.DISPATCH, number, {"unit_code": "cgj", "co_unit_codes": [], "note": None})

        def sign(who: str, number: str = number) -> Order:
            return perform(w, Action.SIGN, number, {}, who)

        outcomes = race(lambda: sign("cgj"), lambda: sign("cgj2"))
        losers_lost_cleanly(outcomes)
        assert count_events(w, number, Action.SIGN) == 1
        after = snapshot(w, number)
        assert after.status is S.HANDLING and after.version == 3  # register, dispatch, one sign


def test_two_staff_signing_at_once_over_http_get_one_200_and_one_409(w: World, app_client: TestClient) -> None:
    _, token = add_unit_user(w, "cgj2", "cgj")
    for _ in range(5):
        number = register(w)
        perform(w, Action.DISPATCH, number, {"unit_code": "cgj", "co_unit_codes": [], "note": None})

        def sign(headers: dict[str, str], number: str = number) -> int:
            return app_client.post(f"/api/v1/orders/{number}/sign", headers=headers).status_code

        codes = race(lambda: sign(w.org.headers("cgj")), lambda: sign({"Authorization": f"Bearer {token}"}))
        assert sorted(codes) == [200, 409], codes
        assert count_events(w, number, Action.SIGN) == 1


def assert_serial_history(w: World, number: str) -> list[str]:
    """The history reads as one action after another: each starts where the last ended, and the
    version counts the changes (no lost update)."""
    after = snapshot(w, number)
    for previous, event in zip(after.events, after.events[1:], strict=False):
        assert event[1] == previous[2], after.events
    assert after.events[-1][2] == after.status
    assert after.version == len(after.events)
    return [e[0] for e in after.events]


def test_dispatch_racing_void_ends_as_if_one_came_after_the_other(w: World) -> None:
    dispatch: dict[str, Any] = {"unit_code": "cgj", "co_unit_codes": [], "note": None}
    for _ in range(ROUNDS):
        number = register(w)
        dispatched, voided = race(lambda n=number: perform(w, Action.DISPATCH, n, dispatch),
                                  lambda n=number: perform(w, Action.VOID, n, {"reason": "重复录入"}, "admin"))
        history = assert_serial_history(w, number)
        assert isinstance(voided, Order) and voided.status is S.VOIDED  # void is legal before and after dispatch
        if isinstance(dispatched, Exception):
            assert isinstance(dispatched, InvalidTransition)
            assert history == ["register", "void"]
        else:
            assert history == ["register", "dispatch", "void"]


def test_answering_racing_dispatch_lets_exactly_one_of_them_through(w: World) -> None:
    dispatch: dict[str, Any] = {"unit_code": "cgj", "co_unit_codes": [], "note": None}
    for _ in range(ROUNDS):
        number = register(w)
        outcomes = race(lambda n=number: perform(w, Action.DISPATCH, n, dispatch),
                        lambda n=number: perform(w, Action.ANSWER, n, {"text": "已直接答复"}))
        winner = losers_lost_cleanly(outcomes)[0]
        history = assert_serial_history(w, number)
        assert history == ["register", "dispatch" if winner.status is S.DISPATCHED else "answer"]
        if winner.status is S.CLOSED:  # no notice to a unit that never got the order
            assert snapshot(w, number).outbox == 2  # the registration and answer SMS to the citizen


def test_concurrent_actions_on_different_orders_all_succeed(w: World) -> None:
    numbers = [drive_to(w, S.DISPATCHED) for _ in range(6)]
    outcomes = race(*[lambda n=n: perform(w, Action.SIGN, n, {}) for n in numbers])
    assert all(isinstance(o, Order) and o.status is S.HANDLING for o in outcomes), outcomes


def test_two_orders_merged_into_each_other_at_once_leave_one_survivor_without_a_deadlock(w: World) -> None:
    for _ in range(ROUNDS):
        first, second = register(w), register(w)
        outcomes = race(lambda a=first, b=second: perform(w, Action.MERGE, a, {"into": b, "note": None}, "agent"),
                        lambda a=first, b=second: perform(w, Action.MERGE, b, {"into": a, "note": None}, "dispatcher"))
        winners = [o for o in outcomes if not isinstance(o, Exception)]
        assert len(winners) == 1, outcomes
        # the loser waited for the winner, then found its target already merged (no deadlock)
        assert [o.code for o in outcomes if isinstance(o, Conflict)] == ["merge_target_closed"], outcomes
        statuses = {snapshot(w, n).status for n in (first, second)}
        assert statuses == {S.MERGED, S.REGISTERED}  # one survivor that the citizen can still follow
