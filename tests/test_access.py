"""Access in one place (ARCHITECTURE.md rules 2 and 6): ``access_order`` and the SQL list filter
agree with each other for every user and order; and the caller's phone is encrypted at rest,
masked on display, shown in clear only to those who call back, and every clear view is audited."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from hotline.db.models import Order, PiiAccess
from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus
from hotline.domain.errors import NotFound, PermissionDenied
from hotline.domain.lifecycle import UNIT_VISIBLE, Action
from hotline.services import queries
from hotline.services.access import access_order, relation_to, visible_orders_clause
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import World, act, assert_error, drive_to, perform, register, unchanged

S = OrderStatus
PHONE = "13800138000"


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def dispatched(w: World, unit: str, co_units: list[str] | None = None, **changes: Any) -> str:
    number = register(w, **changes)
    perform(w, Action.DISPATCH, number, {"unit_code": unit, "co_unit_codes": co_units or [], "note": None})
    return number


def a_small_city(w: World) -> list[str]:
    """Orders of every shape: not yet dispatched, led by each kind of unit, passed down, with co-units."""
    numbers = [register(w), dispatched(w, "cgj"), dispatched(w, "scjgj", ["cgj"]), dispatched(w, "c-dj1"),
               dispatched(w, "water", ["s-nj"]), dispatched(w, "d-gl")]
    passed = drive_to(w, S.HANDLING)  # led by d-gl
    act(w, Action.PASS_DOWN, passed)  # to s-dj
    return [*numbers, passed]


def visible_in_sql(w: World, who: str) -> set[str]:
    clause = visible_orders_clause(w.actor(who))
    query = select(Order.number) if clause is None else select(Order.number).where(clause)
    with w.db.uow(write=False) as uow:
        return set(uow.session.scalars(query))


def test_the_sql_list_filter_and_access_order_agree_for_every_user_and_order(w: World) -> None:
    numbers = a_small_city(w)
    for who, actor in w.org.actors.items():
        readable = set()
        with w.db.uow(write=False) as uow:
            for number in numbers:
                try:
                    _, relation = access_order(uow.session, actor, number)
                except NotFound:
                    continue
                assert actor.is_centre or relation in UNIT_VISIBLE
                readable.add(number)
        assert visible_in_sql(w, who) == readable, who
        if actor.is_centre:
            assert readable == set(numbers)


def test_a_unit_sees_its_own_orders_and_its_subordinates_but_nothing_else(w: World) -> None:
    registered, cgj, scjgj_with_cgj, community, water_with_south, district, passed = a_small_city(w)
    assert visible_in_sql(w, "cgj") == {cgj, scjgj_with_cgj}
    assert visible_in_sql(w, "scjgj") == {scjgj_with_cgj}
    assert visible_in_sql(w, "district") == {community, water_with_south, district, passed}
    assert visible_in_sql(w, "street") == {community, passed}
    assert visible_in_sql(w, "community") == {community}
    assert visible_in_sql(w, "south") == {water_with_south}
    assert visible_in_sql(w, "water") == {water_with_south}
    assert registered not in set().union(*(visible_in_sql(w, u) for u in ("cgj", "district", "water")))


def test_access_order_reports_the_relation_and_hides_the_rest(w: World) -> None:
    number = dispatched(w, "cgj", ["scjgj"])
    with w.db.uow(write=False) as uow:
        assert access_order(uow.session, w.actor("cgj"), number)[1].value == "lead"
        assert access_order(uow.session, w.actor("scjgj"), number)[1].value == "co_unit"
        assert access_order(uow.session, w.actor("dispatcher"), number)[1].value == "none"
        with pytest.raises(NotFound) as caught:
            access_order(uow.session, w.actor("water"), number)
        assert caught.value.code == "order_not_found"
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        assert relation_to(uow.session, w.actor("water"), order).value == "none"


def test_the_list_is_filtered_in_sql_so_pages_are_full_even_behind_many_hidden_orders(w: World) -> None:
    mine = [dispatched(w, "water") for _ in range(3)]
    w.clock.advance(minutes=1)
    hidden = [dispatched(w, "cgj") for _ in range(12)]  # newer, so a filter after loading would see only these
    pages, cursor = [], None
    with w.db.uow(write=False) as uow:
        while True:
            page, cursor = queries.list_orders(uow.session, w.actor("water"), queries.OrderFilter(), ctx=w.ctx,
                                               now=w.clock(), limit=2, cursor=cursor)
            pages.append([o.number for o in page])
            if cursor is None:
                break
    assert pages == [mine[::-1][:2], mine[::-1][2:]]
    with w.db.uow(write=False) as uow:
        everything, _ = queries.list_orders(uow.session, w.actor("agent"), queries.OrderFilter(), ctx=w.ctx,
                                            now=w.clock(), limit=100)
    assert {o.number for o in everything} == set(mine + hidden)


def test_a_unit_user_without_a_unit_sees_nothing(w: World) -> None:
    actor = w.actor("water")
    drive_to(w, S.DISPATCHED)
    clause = visible_orders_clause(replace(actor, unit_id=None, unit_path=None))
    assert clause is not None
    with w.db.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Order).where(clause)) == 0


# -- the caller's phone ---------------------------------------------------------------------------


def pii_reads(w: World) -> list[tuple[str, str]]:
    with w.db.uow(write=False) as uow:
        rows = uow.session.execute(select(PiiAccess.user_id, PiiAccess.field, PiiAccess.purpose))
        names = {a.user_id: name for name, a in w.org.actors.items()}
        return [(names[user_id], field) for user_id, field, _ in rows]


def caller(client: TestClient, w: World, who: str, number: str) -> dict[str, object]:
    response = client.get(f"/api/v1/orders/{number}/caller", params={"purpose": "回访"}, headers=w.org.headers(who))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_the_phone_is_masked_in_the_detail_view_for_everyone(w: World, app_client: TestClient) -> None:
    number = dispatched(w, "cgj", ["scjgj"])
    for who in ("agent", "dispatcher", "supervisor", "admin", "cgj", "scjgj"):
        body = app_client.get(f"/api/v1/orders/{number}", headers=w.org.headers(who)).json()
        assert body["caller_phone"] == "138****8000", who
        assert PHONE not in str(body)
    assert pii_reads(w) == []


def test_the_clear_phone_goes_to_agents_and_the_lead_unit_and_every_view_is_audited(
    w: World, app_client: TestClient
) -> None:
    number = dispatched(w, "cgj", ["scjgj"])
    for who in ("agent", "agent", "dispatcher", "cgj"):
        assert caller(app_client, w, who, number)["caller_phone"] == PHONE
    assert pii_reads(w) == [("agent", "caller_phone"), ("agent", "caller_phone"), ("dispatcher", "caller_phone"),
                            ("cgj", "caller_phone")]


def test_supervisors_admins_co_units_and_overseers_may_not_see_the_clear_phone(
    w: World, app_client: TestClient
) -> None:
    number = dispatched(w, "c-dj1", ["scjgj"])
    for who in ("supervisor", "admin", "scjgj", "district", "street"):
        with unchanged(w, number):
            assert_error(app_client.get(f"/api/v1/orders/{number}/caller", headers=w.org.headers(who)), 403,
                         "pii_denied")
    with unchanged(w, number):
        assert_error(app_client.get(f"/api/v1/orders/{number}/caller", headers=w.org.headers("water")), 404,
                     "order_not_found")
    assert caller(app_client, w, "community", number)["caller_phone"] == PHONE


def test_a_unit_the_order_was_passed_down_to_may_call_the_citizen_back(w: World, app_client: TestClient) -> None:
    number = drive_to(w, S.HANDLING)
    act(w, Action.PASS_DOWN, number)  # d-gl → s-dj
    assert caller(app_client, w, "street", number)["caller_phone"] == PHONE
    assert pii_reads(w) == [("street", "caller_phone")]


def test_a_confidential_caller_is_hidden_from_unit_staff_but_not_from_agents(w: World, app_client: TestClient) -> None:
    number = dispatched(w, "cgj", caller_confidential=True)
    body = app_client.get(f"/api/v1/orders/{number}", headers=w.org.headers("cgj")).json()
    assert body["caller_phone"] is None and body["caller_name"] == "保密"
    with unchanged(w, number):
        assert_error(app_client.get(f"/api/v1/orders/{number}/caller", headers=w.org.headers("cgj")), 403,
                     "pii_denied")
    assert app_client.get(f"/api/v1/orders/{number}", headers=w.org.headers("agent")).json()["caller_name"] == "李女士"
    assert caller(app_client, w, "agent", number)["caller_phone"] == PHONE


def test_the_phone_is_stored_as_ciphertext_with_a_blind_index(w: World) -> None:
    first, second = register(w), register(w, caller_phone="+86 138-0013-8000")
    with w.db.uow(write=False) as uow:
        rows = uow.session.execute(text(
            "SELECT number, caller_phone_enc, caller_phone_index, caller_phone_masked FROM orders ORDER BY number"
        )).all()
    (n1, enc1, idx1, masked1), (n2, enc2, idx2, _) = rows
    assert (n1, n2) == (first, second)
    for blob in (bytes(enc1), bytes(enc2)):
        assert PHONE.encode() not in blob and PHONE[-8:].encode() not in blob
        assert w.ctx.cipher.decrypt(blob) == PHONE
    assert bytes(enc1) != bytes(enc2)  # a fresh nonce each time: equal phones do not look equal
    assert idx1 == idx2 and PHONE not in idx1 and masked1 == "138****8000"


def test_a_repeat_caller_is_found_by_phone_for_the_centre_but_not_for_units(w: World, app_client: TestClient) -> None:
    first = dispatched(w, "cgj")
    second = register(w, caller_phone="+86 138 0013 8000")
    other = register(w, caller_phone="13900139000")
    for query in (PHONE, "+8613800138000", "138-0013-8000"):
        items = app_client.get("/api/v1/orders", params={"caller_phone": query},
                               headers=w.org.headers("agent")).json()["items"]
        assert {o["number"] for o in items} == {first, second}, query
    assert other not in {o["number"] for o in items}
    for who in ("cgj", "district"):
        assert_error(app_client.get("/api/v1/orders", params={"caller_phone": PHONE}, headers=w.org.headers(who)),
                     403, "phone_search_denied")


def test_reading_the_caller_needs_a_visible_order_even_for_the_service(w: World) -> None:
    number = dispatched(w, "cgj")
    with w.db.uow() as uow, pytest.raises(PermissionDenied):
        queries.reveal_caller(uow.session, w.actor("supervisor"), number, ctx=w.ctx, now=w.clock(), purpose=None)
    with w.db.uow() as uow, pytest.raises(NotFound):
        queries.reveal_caller(uow.session, w.actor("water"), number, ctx=w.ctx, now=w.clock(), purpose=None)
    assert pii_reads(w) == []
