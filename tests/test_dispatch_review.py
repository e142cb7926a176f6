"""``hotline dispatch-review``: suggestions followed, returns and rulings, and the topics that bounce from one
unit to another — the catalogue rules to change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from hotline.cli import main as cli
from hotline.db.models import ClassificationFeedback, Order, OrderEvent
from hotline.db.uow import Database
from hotline.domain.enums import ClassifiedField
from hotline.domain.lifecycle import Action
from hotline.nlp.classifier import Sample
from hotline.nlp.training import TOPIC_LEVEL1, UNIT, train_task
from hotline.services.context import Context
from hotline.services.dispatch_review import Bounce, review
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import LEAD_UNIT, World, act, noise_and_water_samples, perform

LAMP = "城市管理/路灯井盖"


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def registered(client: TestClient, org: Org, content: str, topic: str | None = LAMP) -> str:
    """Registered through the API, which stores the catalogue's suggestion with the order."""
    response = client.post("/api/v1/orders", json={"channel": "phone", "content": content, "topic": topic},
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
    assert found.with_suggestion == 0 and found.followed_share is None  # no topic, no rule, no unit model


def test_the_period_is_the_orders_acceptance_and_a_lagging_server_clock_loses_no_event(w: World,
                                                                                        clock: Clock) -> None:
    """The review reads events by their time as well (``periods.recorded_since``): an order accepted before the
    period and dispatched in it is not the period's, and a dispatch stamped minutes before its order's
    acceptance, by a server whose clock lags, still counts."""
    from tests.helpers import register

    older = register(w, topic=None)
    clock.advance(days=2)
    start = clock()
    perform(w, Action.DISPATCH, older, {"unit_code": LEAD_UNIT, "co_unit_codes": [], "note": None})
    recent = register(w, topic=None)
    clock.advance(minutes=-10)
    perform(w, Action.DISPATCH, recent, {"unit_code": LEAD_UNIT, "co_unit_codes": [], "note": None})
    clock.advance(minutes=10)
    with w.db.uow(write=False) as uow:
        found = review(uow.session, start)
        events = uow.session.execute(select(OrderEvent.at, Order.accepted_at).join(Order)
                                     .where(Order.number == recent, OrderEvent.action == Action.DISPATCH.value)).one()
    assert events.at < events.accepted_at  # the premise: the lagging clock
    assert found.dispatched == 1


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


def test_a_dispatch_records_the_unit_the_dispatcher_was_shown_learned_routing_included(
        app_client: TestClient, org: Org, db: Database, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registration stores the catalogue's unit only; the dispatcher is shown learned routing too, and the
    dispatch records that (what ``for_order`` ranks first), so the share followed measures the screen."""
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    samples = noise_and_water_samples()
    train_task(TOPIC_LEVEL1, samples, ctx.settings.models_dir)
    train_task(UNIT, [Sample(s.title, s.content, "cgj" if s.label == "环境保护" else "water") for s in samples],
               ctx.settings.models_dir)
    assert set(dict(ctx.models.load())) >= {TOPIC_LEVEL1, UNIT}
    rule = {"topic": "城乡建设", "lead_unit": "water"}
    assert app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    before = clock()
    fumes = registered(app_client, org, "楼下烧烤店油烟扰民，晚上还很吵", topic=None)  # no rule: learned
    water = registered(app_client, org, "我们小区又停水了，自来水发黄", topic=None)  # the rule on a guessed topic
    shown = {n: suggestions_of(app_client, org, n)["unit"] for n in (fumes, water)}
    assert (shown[fumes]["source"], shown[fumes]["candidates"][0]["label"]) == ("learned", "cgj")
    assert (shown[water]["source"], shown[water]["candidates"][0]["label"]) == ("catalogue", "water")
    dispatch(app_client, org, fumes, "cgj")  # followed
    dispatch(app_client, org, water, "cgj")  # not followed
    with db.uow(write=False) as uow:
        recorded = {number: (suggested, chosen, version) for number, suggested, chosen, version in uow.session.execute(
            select(Order.number, ClassificationFeedback.suggested, ClassificationFeedback.chosen,
                   ClassificationFeedback.model_version).join(Order, Order.id == ClassificationFeedback.order_id)
            .where(ClassificationFeedback.field == ClassifiedField.UNIT))}
        details = dict(uow.session.execute(select(Order.number, OrderEvent.details).join(
            OrderEvent, OrderEvent.order_id == Order.id).where(OrderEvent.action == Action.DISPATCH.value)).all())
        found = review(uow.session, before - timedelta(minutes=1))
    assert recorded == {fumes: ("cgj", "cgj", ctx.models.versions[UNIT]),
                        water: ("water", "cgj", ctx.models.versions[UNIT])}
    assert [details[n]["suggested_by"] for n in (fumes, water)] == ["learned", "catalogue"]
    assert (found.with_suggestion, found.suggestion_followed) == (2, 1)
    # 城管 returns the fumes; the centre upholds and re-dispatches to the best suggested unit that has not
    # returned it, as the page pre-fills: recorded, and counted as followed.
    returned = app_client.post(f"/api/v1/orders/{fumes}/return", json={"reason": "非本单位职责", "basis": "三定方案"},
                               headers=org.headers("cgj"))
    assert returned.status_code == 200, returned.text
    ruling = app_client.post(f"/api/v1/orders/{fumes}/rule-return", json={"upheld": True, "unit": "water"},
                             headers=org.headers("dispatcher"))
    assert ruling.status_code == 200, ruling.text
    with db.uow(write=False) as uow:
        rows = uow.session.execute(select(ClassificationFeedback.suggested, ClassificationFeedback.chosen).join(
            Order, Order.id == ClassificationFeedback.order_id).where(Order.number == fumes)
            .order_by(ClassificationFeedback.id)).all()
        again = review(uow.session, before - timedelta(minutes=1))
    assert [tuple(r) for r in rows] == [("cgj", "cgj"), ("water", "water")]
    assert (again.with_suggestion, again.suggestion_followed) == (3, 2)
    # A model that fails leaves the dispatch to go on, with nothing recorded for it.
    third = registered(app_client, org, "烧烤店油烟直排，熏得不能开窗", topic=None)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a broken model")

    monkeypatch.setattr(ctx.models, "guess", broken)
    dispatch(app_client, org, third, "cgj")
    with db.uow(write=False) as uow:
        assert uow.session.scalars(select(ClassificationFeedback.id).join(
            Order, Order.id == ClassificationFeedback.order_id).where(Order.number == third)).all() == []


def suggestions_of(client: TestClient, org: Org, number: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/orders/{number}/suggestions", headers=org.headers("dispatcher"))
    assert response.status_code == 200, response.text
    return dict(response.json())


def dispatch(client: TestClient, org: Org, number: str, unit: str) -> None:
    response = client.post(f"/api/v1/orders/{number}/dispatch", json={"unit": unit}, headers=org.headers("dispatcher"))
    assert response.status_code == 200, response.text
