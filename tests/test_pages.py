"""The start page and the citizen's status lookup: progress without personal data."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Org
from tests.test_journeys import APPEAL, act


def test_a_citizen_follows_their_appeal_with_the_lookup_code(app_client: TestClient, org: Org) -> None:
    created = app_client.post("/api/v1/orders", json=APPEAL, headers=org.headers("agent")).json()
    act(app_client, org, "dispatcher", created["number"], "dispatch", {"unit": "cgj"})
    page = app_client.get("/status", params={"code": created["lookup_code"].lower()})
    assert page.status_code == 200
    assert created["number"] in page.text and "待签收" in page.text and "派单" in page.text
    assert "13800138000" not in page.text and "李女士" not in page.text
    english = app_client.get("/status", params={"code": created["lookup_code"], "lang": "en"})
    assert "Dispatched" in english.text  # the status as English words, not its code


def test_an_unknown_lookup_code_says_so_in_chinese(app_client: TestClient, org: Org) -> None:
    page = app_client.get("/status", params={"code": "ZZZZZZZZ"})
    assert page.status_code == 200 and "没有找到" in page.text


def test_the_start_page_counts_orders_by_status(app_client: TestClient, org: Org) -> None:
    app_client.post("/api/v1/orders", json=APPEAL, headers=org.headers("agent"))
    page = app_client.get("/")
    assert page.status_code == 200 and "工单状态分布 (1)" in page.text and "/api/docs" in page.text


def test_a_lookup_code_with_odd_bytes_finds_nothing_instead_of_failing(app_client: TestClient, org: Org) -> None:
    for code in ["AB\x00CDEFG", "'; drop table orders; --", "海淀区12345"]:
        page = app_client.get("/status", params={"code": code})
        assert page.status_code == 200 and "没有找到" in page.text
