"""``hotline dispatch-review``: suggestions followed, returns and rulings, and the topics that bounce from one
unit to another — the catalogue rules to change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hotline.cli import main as cli
from hotline.db.uow import Database
from hotline.domain.lifecycle import Action
from hotline.services.context import Context
from hotline.services.dispatch_review import Bounce, review
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import LEAD_UNIT, World, act, perform

LAMP = "城市管理/路灯井盖"


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def registered(client: TestClient, org: Org, content: str) -> str:
    """Registered through the API, which stores the catalogue's suggestion with the order."""
    response = client.post("/api/v1/orders", json={"channel": "phone", "content": content, "topic": LAMP},
                           headers=org.headers("agent"))
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


def bounce_scenario(client: TestClient, org: Org, w: World) -> None:
    """The catalogue sends street lamps to the district; it returns three, the centre upholds two (re-dispatched
    to 市场监管, scjgj) and rejects one; a fourth lamp is dispatched elsewhere against the suggestion."""
    rule = {"topic": LAMP, "lead_unit": LEAD_UNIT}
    assert client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    numbers = [registered(client, org, f"东街{i}号路灯坏了一个多月") for i in range(4)]
    for number in numbers[:3]:
        perform(w, Action.DISPATCH, number, {"unit_code": LEAD_UNIT, "co_unit_codes": [], "note": None})
        act(w, Action.RETURN, number)
    for number in numbers[:2]:
        act(w, Action.UPHOLD_RETURN, number)  # re-dispatched to scjgj
    act(w, Action.REJECT_RETURN, numbers[2])
    perform(w, Action.DISPATCH, numbers[3], {"unit_code": "cgj", "co_unit_codes": [], "note": None})


def test_upheld_returns_are_grouped_by_topic_and_the_units_between(app_client: TestClient, org: Org,
                                                                  w: World, clock: Clock) -> None:
    before = clock()
    bounce_scenario(app_client, org, w)
    with w.db.uow(write=False) as uow:
        found = review(uow.session, before - timedelta(minutes=1))
        later = review(uow.session, clock() + timedelta(minutes=1))
    assert found.dispatched == 6  # four dispatches and two re-dispatches
    assert (found.with_suggestion, found.suggestion_followed, found.followed_share) == (4, 3, 0.75)
    assert (found.returns, found.upheld, found.rejected) == (3, 2, 1)
    assert found.bounces == [Bounce(LAMP, LEAD_UNIT, "scjgj", count=2, suggested=2, dispatched=3)]
    assert found.bounces[0].share == pytest.approx(2 / 3)
    assert (later.dispatched, later.returns, later.bounces, later.followed_share) == (0, 0, [], None)


def test_the_command_lists_the_bounces(app_client: TestClient, org: Org, w: World, settings: Settings,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    bounce_scenario(app_client, org, w)
    monkeypatch.setattr(cli, "_database", lambda: (settings, w.db))
    # The review counts back from the wall clock; the test clock may lie years earlier.
    result = CliRunner().invoke(cli.app, ["dispatch-review", "--days", "3660"])
    assert result.exit_code == 0, result.output
    assert "派单 dispatched 6" in result.output and "按建议派单 followed the suggestion 75%" in result.output
    assert "退单 returns 3 · 退单成立改派 upheld 2 · 驳回 rejected 1" in result.output
    assert f"{LAMP}: {LEAD_UNIT} → scjgj ×2" in result.output and "67%" in result.output
    assert CliRunner().invoke(cli.app, ["dispatch-review", "--days", "0"]).exit_code == 2


def test_orders_without_a_topic_bounce_under_none(w: World, clock: Clock) -> None:
    from tests.helpers import register

    before = clock()
    number = register(w, topic=None)  # through the service: no suggestion fills the topic in
    perform(w, Action.DISPATCH, number, {"unit_code": LEAD_UNIT, "co_unit_codes": [], "note": None})
    act(w, Action.RETURN, number)
    act(w, Action.UPHOLD_RETURN, number)
    kept = register(w, topic=None)  # another one the district keeps: the share is one in two
    perform(w, Action.DISPATCH, kept, {"unit_code": LEAD_UNIT, "co_unit_codes": [], "note": None})
    with w.db.uow(write=False) as uow:
        found = review(uow.session, before - timedelta(minutes=1))
    assert found.bounces == [Bounce("", LEAD_UNIT, "scjgj", count=1, suggested=0, dispatched=2)]
    assert found.with_suggestion == 0 and found.followed_share is None  # no suggestion was stored


def test_the_api_gives_the_review_to_centre_staff_only(app_client: TestClient, org: Org, w: World) -> None:
    from tests.helpers import assert_error, unchanged

    bounce_scenario(app_client, org, w)
    response = app_client.get("/api/v1/review", params={"days": 3660}, headers=org.headers("supervisor"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dispatch"] | {"bounces": None} == {
        "dispatched": 6, "with_suggestion": 4, "suggestion_followed": 3, "followed_share": 0.75,
        "returns": 3, "upheld": 2, "rejected": 1, "bounces": None}
    assert body["dispatch"]["bounces"] == [{"topic": LAMP, "returned_by": LEAD_UNIT, "redispatched_to": "scjgj",
                                            "count": 2, "share": pytest.approx(2 / 3), "suggested": 2}]
    assert body["emergency"]["rules"]["flagged"] == 0 and body["emergency"]["missed"] == 0
    with unchanged(w):
        assert_error(app_client.get("/api/v1/review", headers=org.headers("district")), 403, "centre_only")
        assert_error(app_client.get("/api/v1/review", params={"days": 0}, headers=org.headers("supervisor")), 422,
                     "validation_failed")
