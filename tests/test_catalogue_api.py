"""The dispatch catalogue through the API: admins keep it in revisions, everyone reads it, bad input is refused."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Clock, Org

RULES = "/api/v1/catalogue/rules"


def add(client: TestClient, org: Org, body: dict[str, Any], who: str = "admin", expect: int = 201) -> dict[str, Any]:
    response = client.post(RULES, json=body, headers=org.headers(who))
    assert response.status_code == expect, response.text
    return dict(response.json())


def current(client: TestClient, org: Org, **params: str) -> list[dict[str, Any]]:
    response = client.get(RULES, params=params, headers=org.headers("street"))
    assert response.status_code == 200
    return list(response.json())


def test_an_admin_adds_replaces_and_retires_rules_and_the_history_keeps_them(app_client: TestClient, org: Org,
                                                                           clock: Clock) -> None:
    first = add(app_client, org, {"topic": "城乡建设/物业", "territorial_level": "街道乡镇", "co_units": ["cgj"],
                                  "note": "物业纠纷属地街道牵头"})
    assert first["territorial_level"] == "street" and first["lead_unit"] is None and first["co_units"] == ["cgj"]
    water = add(app_client, org, {"topic": "公共服务/供水", "lead_unit": "water", "area": "a-gl"})
    assert water["area"] == "a-gl" and water["area_name"] == "鼓楼区" and water["revision"] == first["revision"] + 1
    clock.advance(hours=1)
    response = app_client.put(f"{RULES}/{first['id']}", json={"topic": "城乡建设/物业", "lead_unit": "cgj"},
                              headers=org.headers("admin"))
    assert response.status_code == 200, response.text
    replaced = response.json()
    assert replaced["id"] != first["id"] and replaced["revision"] == water["revision"] + 1
    assert {r["id"] for r in current(app_client, org)} == {replaced["id"], water["id"]}
    clock.advance(hours=1)
    assert app_client.delete(f"{RULES}/{water['id']}", headers=org.headers("admin")).status_code == 204
    assert [r["id"] for r in current(app_client, org)] == [replaced["id"]]
    history = {r["id"]: r for r in current(app_client, org, history="true")}
    assert set(history) == {first["id"], water["id"], replaced["id"]}
    assert history[first["id"]]["effective_to"] is not None and history[replaced["id"]]["effective_to"] is None
    # Retiring twice is a 404, and the catalogue is unchanged.
    response = app_client.delete(f"{RULES}/{water['id']}", headers=org.headers("admin"))
    assert response.status_code == 404 and response.json()["code"] == "rule_not_found"


@pytest.mark.parametrize("who", ["agent", "dispatcher", "supervisor", "street"])
def test_only_admins_change_the_catalogue(app_client: TestClient, org: Org, who: str) -> None:
    response = app_client.post(RULES, json={"topic": "交通运输", "lead_unit": "cgj"}, headers=org.headers(who))
    assert response.status_code == 403 and response.json()["code"] == "admin_only"
    assert current(app_client, org) == []


@pytest.mark.parametrize(("body", "code"), [
    ({"topic": "交通运输"}, "lead_or_territorial"),
    ({"topic": "交通运输", "lead_unit": "cgj", "territorial_level": "street"}, "lead_or_territorial"),
    ({"topic": "交通运输", "lead_unit": "nope"}, "unknown_unit"),
    ({"topic": "交通运输", "lead_unit": "cgj", "co_units": ["nope"]}, "unknown_unit"),
    ({"topic": "交通运输", "lead_unit": "cgj", "area": "a-nowhere"}, "unknown_area"),
    ({"topic": "交通运输", "territorial_level": "province"}, "invalid_territorial_level"),
    ({"topic": "交通//运输", "lead_unit": "cgj"}, "invalid_topic"),
])
def test_bad_rules_are_refused_with_a_reason_and_change_nothing(app_client: TestClient, org: Org,
                                                                body: dict[str, Any], code: str) -> None:
    response = app_client.post(RULES, json=body, headers=org.headers("admin"))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code and response.json()["message_en"]
    assert current(app_client, org, history="true") == []


def test_the_areas_are_listed_with_their_parents_and_governments(app_client: TestClient, org: Org) -> None:
    response = app_client.get("/api/v1/areas", headers=org.headers("agent"))
    assert response.status_code == 200
    areas = {a["code"]: a for a in response.json()}
    assert areas["a-dj"] == {"code": "a-dj", "name": "东街街道", "kind": "street", "kind_label": "街道乡镇",
                             "parent": "a-gl", "unit": "s-dj"}
    assert areas["a-dj-2"]["unit"] is None


def test_a_retired_rule_stops_routing_in_this_process_and_in_others(app_client: TestClient, org: Org,
                                                                    clock: Clock) -> None:
    from hotline.services.catalogue import RuleBook

    state = app_client.app.state.hotline  # type: ignore[attr-defined]
    other = RuleBook()  # another process's cache, already warm
    other.CHECK_SECONDS = 0.0  # type: ignore[misc]
    rule = add(app_client, org, {"topic": "公共服务/供水", "lead_unit": "water"})
    with state.db.uow(write=False) as uow:
        assert [r.rule_id for r in state.ctx.catalogue.rules(uow.session, clock())] == [rule["id"]]
        assert [r.rule_id for r in other.rules(uow.session, clock())] == [rule["id"]]
    clock.advance(minutes=1)
    assert app_client.delete(f"{RULES}/{rule['id']}", headers=org.headers("admin")).status_code == 204
    with state.db.uow(write=False) as uow:
        assert state.ctx.catalogue.rules(uow.session, clock()) == []
        assert other.rules(uow.session, clock()) == []


def test_a_rule_cannot_start_in_year_one(app_client: TestClient, org: Org) -> None:
    body = {"topic": "公共服务/供水", "lead_unit": "water", "effective_from": "0001-01-01T00:00:00+08:00"}
    response = app_client.post(RULES, json=body, headers=org.headers("admin"))
    assert response.status_code == 422 and response.json()["code"] == "date_out_of_range"
    assert current(app_client, org) == []
