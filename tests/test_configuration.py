"""Admin configuration over the API: next year's holiday notice, time limits, the hotline directory."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Org
from tests.test_journeys import act, register


def test_an_admin_enters_next_years_holiday_notice_and_deadlines_follow_it(app_client: TestClient, org: Org) -> None:
    # 2027 is not in the chinese-calendar package yet: weekdays only, flagged as estimated.
    before = app_client.get("/api/v1/calendar/due", params={"start": "2027-02-05", "days": 5},
                            headers=org.headers("agent")).json()
    assert before["estimated"] is True
    assert before["due_at"].startswith("2027-02-12T16:00:00")  # Fri 5 Feb + 5 weekdays: Fri 12 Feb, 24:00 local
    for day in ["2027-02-08", "2027-02-09", "2027-02-10"]:
        response = app_client.put(f"/api/v1/calendar/overrides/{day}", json={"is_workday": False, "note": "春节"},
                                  headers=org.headers("admin"))
        assert response.status_code == 204, response.text
    after = app_client.get("/api/v1/calendar/due", params={"start": "2027-02-05", "days": 5},
                           headers=org.headers("agent")).json()
    assert after["due_at"].startswith("2027-02-17T16:00:00") and after["estimated"] is False
    listed = app_client.get("/api/v1/calendar/overrides", params={"year": 2027}, headers=org.headers("agent")).json()
    assert [o["day"] for o in listed] == ["2027-02-08", "2027-02-09", "2027-02-10"]


def test_only_admins_change_the_calendar_or_time_limits(app_client: TestClient, org: Org) -> None:
    denied = app_client.put("/api/v1/calendar/overrides/2027-02-08", json={"is_workday": False},
                            headers=org.headers("dispatcher"))
    assert denied.status_code == 403 and denied.json()["code"] == "admin_only"
    denied = app_client.put("/api/v1/time-limits/complaint/normal", json={"amount": 3},
                            headers=org.headers("supervisor"))
    assert denied.status_code == 403
    assert app_client.get("/api/v1/calendar/overrides", headers=org.headers("agent")).json() == []


def test_a_changed_time_limit_applies_to_the_next_dispatch(app_client: TestClient, org: Org) -> None:
    response = app_client.put("/api/v1/time-limits/咨询/一般", json={"amount": 3, "unit": "工作日"},
                              headers=org.headers("admin"))
    assert response.status_code == 204, response.text
    limits = app_client.get("/api/v1/time-limits", headers=org.headers("agent")).json()
    inquiry = next(x for x in limits if x["appeal_type"] == "inquiry" and x["urgency"] == "normal")
    assert (inquiry["amount"], inquiry["unit"]) == (3, "workdays")
    number = register(app_client, org, {"content": "请问居住证怎么办理？", "channel": "web", "appeal_type": "咨询"})
    order = act(app_client, org, "dispatcher", number, "dispatch", {"unit": "d-gl"})
    # Registered Monday 2 March 2026 09:00: three working days end on Thursday 5 March at 24:00.
    assert order["due_at"].startswith("2026-03-05T16:00:00")
    bad = app_client.put("/api/v1/time-limits/咨询/一般", json={"amount": 3, "unit": "weeks"},
                         headers=org.headers("admin"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_time_limit"


def test_the_hotline_directory_lists_emergency_parallel_and_merged_lines(app_client: TestClient, org: Org) -> None:
    lines = app_client.get("/api/v1/hotlines", headers=org.headers("agent")).json()
    assert {(x["number"], x["mode"]) for x in lines} == {("119", "emergency"), ("12315", "parallel"),
                                                         ("12319", "merged")}
