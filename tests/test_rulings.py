"""Rules around returns, re-dispatch, merging and voiding that a centre relies on."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from hotline.db.models import OrderEvent, OutboxMessage
from hotline.db.uow import Database
from tests.conftest import Clock, Org
from tests.test_journeys import act, register


def test_the_register_event_has_no_status_before_it(app_client: TestClient, org: Org) -> None:
    number = register(app_client, org)
    events = app_client.get(f"/api/v1/orders/{number}/events", headers=org.headers("agent")).json()
    assert (events[0]["action"], events[0]["from_status"], events[0]["to_status"]) == (
        "register", None, "registered")


def test_after_the_centre_rejects_a_return_the_unit_cannot_return_it_again(
        app_client: TestClient, org: Org, clock: Clock) -> None:
    number = register(app_client, org)
    act(app_client, org, "dispatcher", number, "dispatch", {"unit": "cgj"})
    act(app_client, org, "cgj", number, "return", {"reason": "不属本单位职责", "basis": "三定方案"})
    order = act(app_client, org, "dispatcher", number, "rule-return", {"upheld": False, "comment": "属城管职责"})
    assert order["status"] == "handling"
    clock.advance(minutes=5)
    again = act(app_client, org, "cgj", number, "return", {"reason": "再次退回", "basis": "三定方案"}, expect=409)
    assert again["code"] == "return_limit_passed"


def test_an_upheld_return_moves_the_order_to_the_new_unit_with_a_clean_slate_but_the_same_deadline(
        app_client: TestClient, org: Org, clock: Clock) -> None:
    number = register(app_client, org)
    first = act(app_client, org, "dispatcher", number, "dispatch", {"unit": "cgj"})
    act(app_client, org, "cgj", number, "sign")
    act(app_client, org, "cgj", number, "respond", {"note": "已联系"})
    act(app_client, org, "cgj", number, "return", {"reason": "属市场监管职责", "basis": "三定方案"})
    clock.advance(hours=2)
    order = act(app_client, org, "dispatcher", number, "rule-return", {"upheld": True, "unit": "scjgj"})
    assert order["status"] == "dispatched" and order["lead_unit"] == "scjgj"
    assert order["signed_at"] is None and order["responded_at"] is None
    assert order["due_at"] == first["due_at"]  # the citizen's clock keeps running
    assert order["return_count"] == 1


def test_merging_and_voiding_tell_the_citizen_and_the_unit(app_client: TestClient, org: Org, db: Database) -> None:
    survivor = register(app_client, org)
    act(app_client, org, "dispatcher", survivor, "dispatch", {"unit": "water"})
    repeat = register(app_client, org)
    act(app_client, org, "dispatcher", repeat, "dispatch", {"unit": "cgj"})
    act(app_client, org, "agent", repeat, "merge", {"into": survivor})
    # the kept order lists the repeat, for everyone who may see it, and its unit was told
    kept = app_client.get(f"/api/v1/orders/{survivor}", headers=org.headers("water")).json()
    assert kept["merged_orders"] == [repeat] and kept["merged_into"] is None
    assert app_client.get(f"/api/v1/orders/{repeat}", headers=org.headers("agent")).json()["merged_orders"] == []
    voided = register(app_client, org)
    act(app_client, org, "dispatcher", voided, "dispatch", {"unit": "water"})
    act(app_client, org, "dispatcher", voided, "void", {"reason": "重复录入"})
    with db.uow(write=False) as uow:
        sent = {(m.kind, m.recipient) for m in uow.session.scalars(select(OutboxMessage))}
    assert {("sms.citizen.merged", "citizen"), ("unit.merged", "cgj"), ("unit.repeat_merged", "water"),
            ("unit.voided", "water")} <= sent


def test_the_event_log_refuses_updates_and_deletes(app_client: TestClient, org: Org, db: Database) -> None:
    register(app_client, org)
    for statement in ("UPDATE order_events SET action = 'void'", "DELETE FROM order_events"):
        with db.uow() as uow, pytest.raises(DBAPIError, match="append-only"):
            uow.session.execute(text(statement))
    with db.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(OrderEvent)) == 1
