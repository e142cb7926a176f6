"""Whole journeys of an order through the HTTP API, as each role would drive them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Clock, Org

APPEAL = {
    "content": "东街社区3号楼前的路灯坏了一个多月，晚上出行很不安全，希望尽快修复。",
    "channel": "phone", "caller_name": "李女士", "caller_phone": "13800138000",
    "appeal_type": "求助", "topic": "城市管理/路灯井盖",
    "location": {"district": "鼓楼区", "street": "东街街道", "address": "东街社区3号楼"},
    "recording_id": "REC-20260302-0001",
}


def register(client: TestClient, org: Org, body: dict[str, Any] | None = None, who: str = "agent") -> str:
    response = client.post("/api/v1/orders", json=body or APPEAL, headers=org.headers(who))
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


def act(client: TestClient, org: Org, who: str, number: str, action: str, body: dict[str, Any] | None = None,
        expect: int = 200) -> dict[str, Any]:
    response = client.post(f"/api/v1/orders/{number}/{action}", json=body if body is not None else {},
                           headers=org.headers(who))
    assert response.status_code == expect, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_dispatched_order_goes_from_registration_to_close(app_client: TestClient, org: Org, clock: Clock) -> None:
    number = register(app_client, org)
    order = act(app_client, org, "dispatcher", number, "dispatch", {"unit": "cgj", "co_units": ["d-gl"]})
    assert order["status"] == "dispatched" and order["lead_unit"] == "cgj" and order["co_units"] == ["d-gl"]
    assert order["due_at"] is not None
    clock.advance(hours=1)
    assert act(app_client, org, "cgj", number, "sign")["status"] == "handling"
    order = act(app_client, org, "cgj", number, "respond", {"note": "已电话联系诉求人"})
    assert order["responded_at"] is not None
    clock.advance(days=1)
    assert act(app_client, org, "cgj", number, "reply", {"text": "路灯已于今日修复。"})["status"] == "replied"
    assert act(app_client, org, "dispatcher", number, "review", {"accepted": True})["status"] == "pending_visit"
    order = act(app_client, org, "agent", number, "visit",
                {"solved": "解决", "satisfaction": "满意", "method": "phone"})
    assert order["status"] == "visited" and order["recording_id"] == "REC-20260302-0001"
    assert order["visit"] == {"visited_at": order["visit"]["visited_at"], "solved": "solved",
                              "satisfaction": "satisfied", "note": None, "method": "phone"}
    order = act(app_client, org, "agent", number, "close", {})
    assert order["status"] == "closed" and order["closure"] == "handled"

    events = app_client.get(f"/api/v1/orders/{number}/events", headers=org.headers("agent")).json()
    assert [e["action"] for e in events] == [
        "register", "dispatch", "sign", "respond", "reply", "accept-reply", "visit", "close"]
    assert events[1]["from_status"] == "registered" and events[1]["to_status"] == "dispatched"
