"""``Idempotency-Key`` on registration: a retried request (a lost response, a double click, a
channel gateway re-sending) makes one order, never two."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from hotline.db.models import IdempotencyRecord, Order
from hotline.db.uow import Database
from hotline.domain.errors import Conflict
from hotline.domain.lifecycle import Action as A
from hotline.services import intake
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import APPEAL, APPEAL_JSON, World, act, assert_error, snapshot, unchanged

ORDERS = "/api/v1/orders"


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def send(client: TestClient, w: World, key: str | None, body: dict[str, Any] | None = None,
         who: str = "agent") -> Response:
    headers = {**w.org.headers(who), **({"Idempotency-Key": key} if key is not None else {})}
    return client.post(ORDERS, json=body or APPEAL_JSON, headers=headers)


def order_count(w: World) -> int:
    return snapshot(w).orders


def test_a_retry_with_the_same_key_and_body_returns_the_first_order_with_200(w: World,
                                                                             app_client: TestClient) -> None:
    first = send(app_client, w, "call-0302-0001")
    assert first.status_code == 201, first.text
    number = first.json()["number"]
    with unchanged(w, number):
        again = send(app_client, w, "call-0302-0001")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert order_count(w) == 1
    assert [e[0] for e in snapshot(w, number).events] == ["register"]


def test_a_retry_after_the_order_moved_on_still_returns_that_order(w: World, app_client: TestClient) -> None:
    number = send(app_client, w, "k-moved").json()["number"]
    act(w, A.DISPATCH, number)
    again = send(app_client, w, "k-moved")
    assert again.status_code == 200
    assert again.json()["number"] == number and again.json()["status"] == "dispatched"
    assert order_count(w) == 1


def test_the_same_key_with_a_different_body_is_409_idempotency_key_reused(w: World, app_client: TestClient) -> None:
    number = send(app_client, w, "k-1").json()["number"]
    with unchanged(w, number):
        assert_error(send(app_client, w, "k-1", {**APPEAL_JSON, "content": "另一件事：小区垃圾三天没人清运"}), 409,
                     "idempotency_key_reused")
        assert_error(send(app_client, w, "k-1", {**APPEAL_JSON, "urgency": "urgent"}), 409, "idempotency_key_reused")


def test_spelling_an_enum_in_chinese_or_pinyin_is_the_same_body(w: World, app_client: TestClient) -> None:
    first = send(app_client, w, "k-words", {**APPEAL_JSON, "appeal_type": "求助"})
    again = send(app_client, w, "k-words", {**APPEAL_JSON, "appeal_type": "qiuzhu"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]


def test_different_users_may_use_the_same_key_string_independently(w: World, app_client: TestClient) -> None:
    by_agent = send(app_client, w, "shared-key", who="agent")
    by_dispatcher = send(app_client, w, "shared-key", who="dispatcher")
    assert (by_agent.status_code, by_dispatcher.status_code) == (201, 201)
    assert by_agent.json()["number"] != by_dispatcher.json()["number"]
    # and each one's retry finds its own order, even with a body the other user sent differently
    other_body = {**APPEAL_JSON, "content": "不同的诉求内容"}
    assert send(app_client, w, "shared-key", who="agent").json()["number"] == by_agent.json()["number"]
    assert_error(send(app_client, w, "shared-key", other_body, who="dispatcher"), 409, "idempotency_key_reused")
    assert order_count(w) == 2


def test_without_a_key_every_request_is_a_new_order(w: World, app_client: TestClient) -> None:
    numbers = {send(app_client, w, key).json()["number"] for key in (None, None, "")}
    assert len(numbers) == 3


def test_a_refused_request_does_not_use_up_its_key(w: World, app_client: TestClient) -> None:
    with unchanged(w):
        assert_error(send(app_client, w, "k-bad", {**APPEAL_JSON, "caller_phone": "abc"}), 422, "invalid_phone")
        assert_error(send(app_client, w, "k-bad", who="supervisor"), 403, "permission_denied")
        assert_error(send(app_client, w, "k" * 129), 422, "validation_failed")
    assert send(app_client, w, "k-bad").status_code == 201
    with w.db.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1


def test_concurrent_retries_with_the_same_key_make_one_order(w: World) -> None:
    threads = 6
    for round_ in range(5):
        key = f"burst-{round_}"
        barrier = threading.Barrier(threads)

        def attempt(_: int, key: str = key, barrier: threading.Barrier = barrier) -> tuple[str, bool]:
            barrier.wait(timeout=30)
            with w.db.uow() as uow:
                order, created = intake.register_appeal(uow, appeal=APPEAL, actor=w.actor("agent"), now=w.clock(),
                                                        ctx=w.ctx, idempotency_key=key)
                return order.number, created

        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(attempt, range(threads)))
        assert len({number for number, _ in results}) == 1, results
        assert sum(created for _, created in results) == 1, results
    with w.db.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Order)) == 5
        numbers = sorted(uow.session.scalars(select(Order.number)))
    assert [n[-6:] for n in numbers] == [f"{k:06d}" for k in range(1, 6)]  # losers left no gap in the sequence


def test_concurrent_retries_over_http_make_one_order(w: World, app_client: TestClient) -> None:
    barrier = threading.Barrier(4)

    def attempt(_: int) -> tuple[int, str]:
        barrier.wait(timeout=30)
        response = send(app_client, w, "http-burst")
        return response.status_code, response.json()["number"]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(attempt, range(4)))
    assert sorted(code for code, _ in results) == [200, 200, 200, 201]
    assert len({number for _, number in results}) == 1
    assert order_count(w) == 1


def test_a_reused_key_is_a_conflict_in_the_service_too(w: World) -> None:
    with w.db.uow() as uow:
        intake.register_appeal(uow, appeal=APPEAL, actor=w.actor("agent"), now=w.clock(), ctx=w.ctx,
                               idempotency_key="svc")
    with unchanged(w), w.db.uow() as uow, pytest.raises(Conflict) as caught:
        intake.register_appeal(uow, appeal=intake.NewAppeal(content="另一件事", channel=APPEAL.channel),
                               actor=w.actor("agent"), now=w.clock(), ctx=w.ctx, idempotency_key="svc")
    assert caught.value.code == "idempotency_key_reused"
