"""Bad input through the HTTP API gets a clear 4xx error, in Chinese and English, and changes
nothing (ARCHITECTURE.md rule 4): no order created, no status, version, event or outbox change."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action as A
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import APPEAL_JSON, World, act, assert_error, drive_to, post, unchanged

S = OrderStatus
ORDERS = "/api/v1/orders"


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


@pytest.fixture
def client(app_client: TestClient) -> TestClient:
    return app_client


def appeal(**changes: Any) -> dict[str, Any]:
    return {**APPEAL_JSON, **changes}


def refused_registration(w: World, client: TestClient, status: int, code: str | None, body: Any = None, *,
                         content: bytes | None = None) -> dict[str, Any]:
    headers = {**w.org.headers("agent"), "content-type": "application/json"}
    with unchanged(w):
        if content is not None:
            response = client.post(ORDERS, content=content, headers=headers)
        else:
            response = client.post(ORDERS, json=body, headers=headers)
        return assert_error(response, status, code)


def test_malformed_json_is_400_malformed_json(w: World, client: TestClient) -> None:
    for raw in (b"{", b'{"content": "x",}', "{'content': '单引号'}".encode(), b"\xff\xfe"):
        refused_registration(w, client, 400, "malformed_json", content=raw)


WRONG_TYPES: list[Any] = [
    appeal(content=123), appeal(caller_confidential="maybe"), appeal(tags="路灯"), appeal(tags=[1, 2]),
    appeal(location="鼓楼区"), appeal(location={"lat": "north", "lng": 119.3}), appeal(location={"lat": 91, "lng": 0}),
    appeal(channel=["phone"]), [APPEAL_JSON], "content", None, 42,
]


def test_wrong_types_are_422(w: World, client: TestClient) -> None:
    for body in WRONG_TYPES:
        refused_registration(w, client, 422, "validation_failed", body)


def test_not_a_number_coordinates_are_422_not_500(w: World, client: TestClient) -> None:
    for raw in (b'{"content": "x", "channel": "phone", "location": {"lat": NaN, "lng": 1}}',
                b'{"content": "x", "channel": "phone", "location": {"lat": 1, "lng": Infinity}}'):
        refused_registration(w, client, 422, "validation_failed", content=raw)


def test_unknown_fields_are_422_at_the_top_and_nested(w: World, client: TestClient) -> None:
    body = refused_registration(w, client, 422, "validation_failed", appeal(colour="red"))
    assert body["details"]["errors"][0]["loc"][-1] == "colour"
    refused_registration(w, client, 422, "validation_failed", appeal(location={"planet": "earth"}))


def test_oversized_fields_are_422_and_an_oversized_body_is_413(w: World, client: TestClient) -> None:
    refused_registration(w, client, 422, "validation_failed", appeal(content="路" * 10_001))
    refused_registration(w, client, 422, "validation_failed", appeal(title="灯" * 201))
    refused_registration(w, client, 422, "validation_failed", appeal(tags=["t"] * 21))
    refused_registration(w, client, 413, "payload_too_large", appeal(caller_company="x" * (257 * 1024)))
    assert client.post(ORDERS, json=appeal(content="路" * 10_000), headers=w.org.headers("agent")).status_code == 201


def test_empty_or_blank_content_is_422(w: World, client: TestClient) -> None:
    for content in ("", " ", "\u3000\n\t "):
        refused_registration(w, client, 422, None, appeal(content=content))


def test_an_unknown_enum_word_is_422(w: World, client: TestClient) -> None:
    for field in ("channel", "appeal_type", "urgency"):
        for word in ("telepathy", "", "投訴"):
            refused_registration(w, client, 422, "validation_failed", appeal(**{field: word}))


def test_chinese_and_pinyin_enum_words_are_accepted(w: World, client: TestClient) -> None:
    for field, word, code in [("appeal_type", "投诉", "complaint"), ("appeal_type", "tousu", "complaint"),
                              ("appeal_type", "Inquiry", "inquiry"), ("channel", "微信", "wechat"),
                              ("urgency", "紧急", "urgent"), ("urgency", "teji", "critical")]:
        response = client.post(ORDERS, json=appeal(**{field: word}), headers=w.org.headers("agent"))
        assert response.status_code == 201, response.text
        order = client.get(f"{ORDERS}/{response.json()['number']}", headers=w.org.headers("agent")).json()
        assert order[field] == code


def test_an_invalid_phone_is_422_invalid_phone(w: World, client: TestClient) -> None:
    for phone in ("abc", "1234", "电话号码", "1" * 16, "+"):
        refused_registration(w, client, 422, "invalid_phone", appeal(caller_phone=phone))


def test_an_unknown_order_number_is_404_order_not_found(w: World, client: TestClient) -> None:
    for path in ("", "/events", "/caller"):
        assert_error(client.get(f"{ORDERS}/HL20260302999999{path}", headers=w.org.headers("agent")), 404,
                     "order_not_found")
    with unchanged(w):
        assert_error(post(client, w.org, "supervisor", "HL20260302999999", "urge", {"note": "催"}), 404,
                     "order_not_found")


def test_dispatch_to_an_unknown_unit_is_404_and_to_the_centre_is_422(w: World, client: TestClient) -> None:
    number = drive_to(w, S.REGISTERED)
    with unchanged(w, number):
        assert_error(post(client, w.org, "dispatcher", number, "dispatch", {"unit": "no-such-unit"}), 404,
                     "unit_not_found")
        assert_error(post(client, w.org, "dispatcher", number, "dispatch", {"unit": "cgj", "co_units": ["nope"]}),
                     404, "unit_not_found")
        assert_error(post(client, w.org, "dispatcher", number, "dispatch", {"unit": "centre"}), 422, "invalid_unit")
        assert_error(post(client, w.org, "dispatcher", number, "dispatch", {"unit": "cgj", "co_units": ["cgj"]}),
                     422, "lead_is_co_unit")
        assert_error(post(client, w.org, "dispatcher", number, "dispatch", {"unit": ""}), 422, "validation_failed")


def test_an_illegal_transition_is_409_and_the_wrong_role_is_403(w: World, client: TestClient) -> None:
    number = drive_to(w, S.DISPATCHED)
    with unchanged(w, number):
        assert_error(post(client, w.org, "dispatcher", number, "dispatch", {"unit": "cgj"}), 409, "invalid_transition")
        assert_error(post(client, w.org, "agent", number, "close", {}), 409, "invalid_transition")
        assert_error(post(client, w.org, "agent", number, "void", {"reason": "错"}), 403, "permission_denied")


def test_a_missing_or_invalid_token_is_401_with_a_bearer_challenge(w: World, client: TestClient) -> None:
    number = drive_to(w, S.REGISTERED)
    for headers in ({}, {"Authorization": "Bearer hl_not-a-token"}, {"Authorization": "Bearer "},
                    {"Authorization": "Basic YWdlbnQ6cGFzc3dvcmQ="}):
        with unchanged(w, number):
            for response in (client.get(f"{ORDERS}/{number}", headers=headers),
                             client.post(ORDERS, json=APPEAL_JSON, headers=headers),
                             client.post(f"{ORDERS}/{number}/void", json={"reason": "x"}, headers=headers)):
                assert_error(response, 401)
                assert response.headers["www-authenticate"] == "Bearer"


def test_a_return_after_its_limit_is_409_return_limit_passed(w: World, client: TestClient) -> None:
    number = drive_to(w, S.DISPATCHED)
    w.clock.advance(days=4)  # dispatched Monday 09:00; the 2 working days ran out Wednesday night
    with unchanged(w, number):
        response = post(client, w.org, "district", number, "return", {"reason": "非本单位职责", "basis": "三定方案"})
        body = assert_error(response, 409, "return_limit_passed")
    assert "return_due_at" in body["details"]


def test_an_extension_beyond_the_cap_is_422_and_a_second_pending_one_is_409(w: World, client: TestClient) -> None:
    number = drive_to(w, S.HANDLING)
    with unchanged(w, number):
        for days in (11, 0, -1, 61):
            assert_error(post(client, w.org, "district", number, "request-extension", {"days": days, "reason": "协调"}),
                         422)
        assert_error(post(client, w.org, "district", number, "request-extension", {"days": 3, "reason": " "}), 422,
                     "reason_required")
    first = post(client, w.org, "district", number, "request-extension", {"days": 8, "reason": "协调"})
    assert first.status_code == 200, first.text
    with unchanged(w, number):
        assert_error(post(client, w.org, "district", number, "request-extension", {"days": 2, "reason": "再延"}), 409,
                     "extension_pending")
    assert post(client, w.org, "dispatcher", number, "decide-extension", {"approved": True}).status_code == 200
    with unchanged(w, number):  # 8 of the 10 days are used
        assert_error(post(client, w.org, "district", number, "request-extension", {"days": 3, "reason": "再延"}), 422,
                     "extension_out_of_range")
        assert_error(post(client, w.org, "dispatcher", number, "decide-extension", {"approved": True}), 409,
                     "no_pending_extension")


def test_merging_into_itself_an_unknown_or_an_ended_order_is_refused(w: World, client: TestClient) -> None:
    number, closed = drive_to(w, S.REGISTERED), drive_to(w, S.CLOSED)
    with unchanged(w, number):
        assert_error(post(client, w.org, "agent", number, "merge", {"into": number}), 422, "merge_into_self")
        assert_error(post(client, w.org, "agent", number, "merge", {"into": closed}), 409, "merge_target_closed")
        assert_error(post(client, w.org, "agent", number, "merge", {"into": "HL20990101000001"}), 404,
                     "merge_target_not_found")


def test_a_transfer_to_a_merged_or_unknown_hotline_is_422(w: World, client: TestClient) -> None:
    number = drive_to(w, S.REGISTERED)
    with unchanged(w, number):
        for target in ("12319", "00000"):
            assert_error(post(client, w.org, "agent", number, "transfer", {"target": target}), 422,
                         "unknown_transfer_target")


def test_blank_required_texts_on_actions_are_422(w: World, client: TestClient) -> None:
    number = drive_to(w, S.HANDLING)
    with unchanged(w, number):
        assert_error(post(client, w.org, "district", number, "reply", {"text": "  "}), 422, "text_required")
        assert_error(post(client, w.org, "district", number, "respond", {"note": ""}), 422, "note_required")
        assert_error(post(client, w.org, "district", number, "reply", {"text": "修" * 5001}), 422, "validation_failed")
        assert_error(post(client, w.org, "district", number, "reply", {}), 422, "validation_failed")
        assert_error(post(client, w.org, "supervisor", number, "urge", {"note": "\t"}), 422, "note_required")
    act(w, A.REPLY, number)
    with unchanged(w, number):
        assert_error(post(client, w.org, "dispatcher", number, "review", {"accepted": False}), 422, "comment_required")


def b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_CURSORS = [
    "!!!", "bm90LWEtY3Vyc29y", b64("2026-03-02T01:00:00|x"), b64("2026-03-02T01:00:00|1"), b64("yesterday|5"),
    base64.urlsafe_b64encode(b"\xff\xfe|1").decode(), b64("2026-03-02T01:00:00+00:00|"),
    # ids beyond BIGINT used to crash the SQLite driver with OverflowError (a 500)
    b64(f"2026-03-02T01:00:00+00:00|{2**70}"), b64("2026-03-02T01:00:00+00:00|-" + "9" * 30),
]
BAD_FILTERS: list[dict[str, Any]] = [
    {"status": "bogus"}, {"status": ["handling", "done"]}, {"appeal_type": "rant"}, {"channel": "pigeon"},
    {"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"accepted_from": "yesterday"}, {"accepted_to": "2026-02-30"},
    {"overdue": "perhaps"}, {"q": "路" * 101}, {"status": ["registered"] * 13}, {"cursor": "c" * 201},
    # the ends of the calendar used to overflow into a 500
    {"accepted_from": "0001-01-01"}, {"accepted_to": "9999-12-31"},
]


def test_an_invalid_cursor_is_422_invalid_cursor(w: World, client: TestClient) -> None:
    for cursor in BAD_CURSORS:
        assert_error(client.get(ORDERS, params={"cursor": cursor}, headers=w.org.headers("agent")), 422,
                     "invalid_cursor")


def test_bad_filter_values_are_422(w: World, client: TestClient) -> None:
    for params in BAD_FILTERS:
        assert_error(client.get(ORDERS, params=params, headers=w.org.headers("agent")), 422)


def test_awkward_search_text_never_breaks_the_query(w: World, client: TestClient) -> None:
    drive_to(w, S.REGISTERED)
    for q in ('"', "*", "路灯 OR 1=1", "NEAR(a b)", "'; DROP TABLE orders; --", "^路", "a:b", "()"):
        response = client.get(ORDERS, params={"q": q}, headers=w.org.headers("agent"))
        assert response.status_code == 200, (q, response.text)


def test_chinese_and_pinyin_filter_words_are_accepted(w: World, client: TestClient) -> None:
    number = drive_to(w, S.REGISTERED)
    for params in ({"status": "已受理"}, {"appeal_type": "qiuzhu"}, {"channel": "电话"}):
        items = client.get(ORDERS, params=params, headers=w.org.headers("agent")).json()["items"]
        assert [o["number"] for o in items] == [number], params


def test_filtering_by_an_unknown_unit_finds_nothing_rather_than_failing(w: World, client: TestClient) -> None:
    # The unknown unit once stood in as the path "\x00", which PostgreSQL refuses in text (a 500).
    number = drive_to(w, S.DISPATCHED)
    for unit, expected in (("no-such-unit", []), ("d-gl", [number])):
        response = client.get(ORDERS, params={"unit": unit}, headers=w.org.headers("agent"))
        assert response.status_code == 200, response.text
        assert [o["number"] for o in response.json()["items"]] == expected


def test_a_chunked_body_over_the_limit_gets_413_and_registers_nothing(app_client: TestClient, org: Org) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"channel": "web", "content": "'
        for _ in range(40):
            yield "很长的内容".encode() * 2000
        yield b'"}'

    response = app_client.post("/api/v1/orders", content=chunks(),
                               headers={**org.headers("agent"), "Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    listed = app_client.get("/api/v1/orders", headers=org.headers("agent")).json()
    assert listed["items"] == []
