"""The lifecycle table (STYLE.md §2), exhaustively: first the pure table, then every row and every
refused pair through the services on a real database."""

from __future__ import annotations

from collections import deque

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import OutboxMessage, Unit
from hotline.db.uow import Database
from hotline.domain.enums import TERMINAL_STATUSES, OrderStatus
from hotline.domain.errors import InvalidTransition, NotFound
from hotline.domain.lifecycle import ROLE_ACTIONS, TRANSITIONS, Action, next_status
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import (
    DEFAULT_ACTOR,
    ORDER_ACTIONS,
    PATHS,
    SERVICE,
    World,
    assert_error,
    drive_to,
    perform,
    post,
    prepare,
    snapshot,
    unchanged,
)

S = OrderStatus
OPEN = [s for s in OrderStatus if s not in TERMINAL_STATUSES]


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


# -- the pure table -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(OrderStatus))
@pytest.mark.parametrize("action", list(Action))
def test_next_status_follows_the_table_or_raises_invalid_transition(status: OrderStatus, action: Action) -> None:
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) is TRANSITIONS[(status, action)]
    else:
        with pytest.raises(InvalidTransition) as caught:
            next_status(status, action)
        assert caught.value.code == "invalid_transition"
        assert caught.value.details == {"status": status.value, "action": action.value}
        assert caught.value.message_zh.strip() and caught.value.message_en.strip()


@pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
def test_a_terminal_status_admits_no_action_at_all(status: OrderStatus) -> None:
    assert [a for (s, a) in TRANSITIONS if s is status] == []


def _reachable(start: OrderStatus, edges: dict[OrderStatus, set[OrderStatus]]) -> set[OrderStatus]:
    seen, todo = {start}, deque([start])
    while todo:
        for nxt in edges.get(todo.popleft(), set()) - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def _edges() -> dict[OrderStatus, set[OrderStatus]]:
    edges: dict[OrderStatus, set[OrderStatus]] = {}
    for (from_status, _), to_status in TRANSITIONS.items():
        edges.setdefault(from_status, set()).add(to_status)
    return edges


def test_every_status_is_reachable_from_registration() -> None:
    assert _reachable(S.REGISTERED, _edges()) == set(OrderStatus)


@pytest.mark.parametrize("status", OPEN)
def test_every_open_status_can_still_end(status: OrderStatus) -> None:
    assert _reachable(status, _edges()) & TERMINAL_STATUSES


@pytest.mark.parametrize("status", OPEN)
def test_urging_and_supervising_keep_the_status_of_every_open_order(status: OrderStatus) -> None:
    assert next_status(status, Action.URGE) is status
    assert next_status(status, Action.SUPERVISE) is status


def test_registration_is_not_a_move_of_an_existing_order() -> None:
    # REGISTER creates the order (intake.register_appeal); it is in the role table but not the move table.
    assert all(action is not Action.REGISTER for (_, action) in TRANSITIONS)


def test_every_action_in_the_table_is_granted_to_some_role_and_has_a_service() -> None:
    granted = set().union(*ROLE_ACTIONS.values())
    assert {a for (_, a) in TRANSITIONS} <= granted
    assert {a for (_, a) in TRANSITIONS} == set(SERVICE)


def test_the_test_paths_follow_the_table() -> None:
    for target, path in PATHS.items():
        status = S.REGISTERED
        for action in path:
            status = next_status(status, action)
        assert status is target


# -- every row through the services ---------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "action"), sorted(TRANSITIONS), ids=lambda v: str(v))
def test_each_row_of_the_table_moves_a_real_order_and_appends_exactly_one_event(
    w: World, from_status: OrderStatus, action: Action
) -> None:
    number = drive_to(w, from_status)
    payload = prepare(w, action, number)
    before = snapshot(w, number)
    w.clock.advance(minutes=1)  # so every field the action touches really changes

    order = perform(w, action, number, payload)

    after = snapshot(w, number)
    expected = TRANSITIONS[(from_status, action)]
    assert order.status is expected and after.status is expected
    assert after.events[: len(before.events)] == before.events
    assert after.events[len(before.events):] == ((action.value, from_status.value, expected.value),)
    assert after.version == (before.version or 0) + 1  # one UPDATE: no stray flush in the middle
    assert after.orders == before.orders


def _refused_actions(status: OrderStatus) -> list[Action]:
    return [a for a in ORDER_ACTIONS if (status, a) not in TRANSITIONS]


@pytest.mark.parametrize("status", list(OrderStatus))
def test_every_action_the_table_refuses_raises_invalid_transition_and_changes_nothing(
    w: World, status: OrderStatus
) -> None:
    number = drive_to(w, status)
    has_lead_unit = Action.DISPATCH in PATHS[status]
    refused = _refused_actions(status)
    assert refused  # even the busiest status refuses something
    for action in refused:
        payload = prepare(w, action, number)
        # Unit staff cannot see an order that never had a lead unit: to them it does not exist.
        expected: type[Exception] = InvalidTransition
        if DEFAULT_ACTOR[action] == "district" and not has_lead_unit:
            expected = NotFound
        with unchanged(w, number), pytest.raises(expected):
            perform(w, action, number, payload)


def test_a_refused_transition_maps_to_http_409_with_the_status_and_action_in_details(
    w: World, app_client: TestClient
) -> None:
    number = drive_to(w, S.CLOSED)
    with unchanged(w, number):
        body = assert_error(post(app_client, w.org, "supervisor", number, "urge", {"note": "请尽快"}), 409,
                            "invalid_transition")
    assert body["details"] == {"status": "closed", "action": "urge"}


def test_every_notice_to_a_unit_is_addressed_by_the_unit_code(w: World) -> None:
    number = drive_to(w, S.DISPATCHED)
    for action in [Action.RETURN, Action.REJECT_RETURN, Action.PASS_DOWN, Action.REQUEST_EXTENSION,
                   Action.APPROVE_EXTENSION, Action.REQUEST_EXTENSION, Action.DENY_EXTENSION, Action.URGE,
                   Action.SUPERVISE, Action.REPLY, Action.SEND_BACK, Action.REPLY, Action.ACCEPT_REPLY,
                   Action.VISIT, Action.REDO]:
        perform(w, action, number, prepare(w, action, number))
    with w.db.uow(write=False) as uow:
        rows = uow.session.execute(select(OutboxMessage.kind, OutboxMessage.recipient)
                                   .where(OutboxMessage.kind.startswith("unit."))).all()
        codes = set(uow.session.scalars(select(Unit.code)))
    assert {kind for kind, _ in rows} == {
        "unit.dispatched", "unit.return_rejected", "unit.passed_down", "unit.extension_decided", "unit.urged",
        "unit.supervised", "unit.reply_sent_back", "unit.redo"}
    assert {recipient for _, recipient in rows} <= codes, rows
