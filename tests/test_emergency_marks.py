"""The agents' word on emergencies: a transfer is marked as an emergency or not, and the next training of the
emergency model learns from the marks and from flagged orders that were handled as ordinary appeals."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order, OrderEvent
from hotline.db.uow import Database
from hotline.domain.lifecycle import Action
from hotline.nlp import artifacts
from hotline.nlp.classifier import Sample, TextClassifier
from hotline.nlp.emergency_model import CONFIG as EMERGENCY_CONFIG
from hotline.nlp.emergency_model import EMERGENCY, NOT_EMERGENCY, second_opinion, training_samples
from hotline.nlp.training import train_all
from hotline.services import training
from hotline.services.context import Context
from hotline.services.training import emergency_samples, history_samples
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import World, act, assert_error, perform, register, unchanged

FIRE = "我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！"  # the rules flag it: 119
SCENE = "楼顶上站着个女的，一直在哭，脚都踩到边上了"  # no rule fires; the model has a second opinion
NO_DATA = Path("/nonexistent-data-folder")  # the hand-written calls only: the test trains in seconds


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


def registered(client: TestClient, org: Org, content: str) -> str:
    """Registered through the API, which stores the suggestions (and alerts) with the order."""
    response = client.post("/api/v1/orders", json={"channel": "phone", "content": content},
                           headers=org.headers("agent"))
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


def transfer_details(w: World, number: str) -> dict[str, object]:
    with w.db.uow(write=False) as uow:
        return dict(uow.session.scalars(
            select(OrderEvent.details).join(Order, Order.id == OrderEvent.order_id)
            .where(Order.number == number, OrderEvent.action == Action.TRANSFER.value)).one())


def transfer(w: World, number: str, line: str, emergency: bool | None) -> None:
    perform(w, Action.TRANSFER, number, {"target_number": line, "note": None, "emergency": emergency})


def test_the_api_keeps_the_agents_word_with_the_transfer(app_client: TestClient, org: Org, w: World) -> None:
    number = register(w, content=FIRE)
    response = app_client.post(f"/api/v1/orders/{number}/transfer", json={"target": "119", "emergency": True},
                               headers=org.headers("agent"))
    assert response.status_code == 200, response.text
    assert transfer_details(w, number)["emergency"] is True
    events = app_client.get(f"/api/v1/orders/{number}/events", headers=org.headers("agent")).json()
    assert [e["details"]["emergency"] for e in events if e["action"] == "transfer"] == [True]


@pytest.mark.parametrize("body", [{"target": "12315", "emergency": True}, {"target": "119", "emergency": "maybe"}])
def test_an_emergency_mark_that_cannot_be_true_is_refused_and_changes_nothing(
        app_client: TestClient, org: Org, w: World, body: dict[str, object]) -> None:
    number = register(w)
    with unchanged(w, number):
        response = app_client.post(f"/api/v1/orders/{number}/transfer", json=body, headers=org.headers("agent"))
        code = "emergency_line_required" if body["target"] == "12315" else "validation_failed"
        assert_error(response, 422, code)


def test_marks_and_flagged_orders_handled_as_ordinary_become_emergency_samples(app_client: TestClient, org: Org,
                                                                                w: World) -> None:
    marked = registered(app_client, org, FIRE)
    transfer(w, marked, "119", True)
    handed_over = registered(app_client, org, "超市卖过期牛奶，孩子喝了拉肚子，要求商家赔偿")
    transfer(w, handed_over, "12315", False)
    unsaid = registered(app_client, org, "燃气管道老化，想请燃气公司来检查")
    transfer(w, unsaid, "119", None)  # not said: no label
    handled = registered(app_client, org, "楼道里有人在抽烟，烟很大，着火了一样呛人")  # a rule fires on 着火 …
    act(w, Action.DISPATCH, handled)  # … and the agent judged it an ordinary appeal
    model = TextClassifier(EMERGENCY_CONFIG)
    model.fit(training_samples([]), None, 0)
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    artifacts.save(model, ctx.settings.models_dir)
    ctx.models.load()
    doubted = registered(app_client, org, SCENE)  # no rule fires: the model's second opinion …
    act(w, Action.DISPATCH, doubted)  # … which the agent checked: no emergency
    registered(app_client, org, FIRE.replace("三楼", "四楼"))  # flagged, still registered: not decided yet
    ordinary = registered(app_client, org, "小区路灯坏了一个月，晚上出行不安全")  # nothing flagged …
    act(w, Action.DISPATCH, ordinary)  # … dispatched: says nothing about emergencies
    with w.db.uow(write=False) as uow:
        samples = emergency_samples(uow.session)
        assert history_samples(uow.session)["emergency"] == samples
    assert sorted((s.content, s.label) for s in samples) == sorted([
        (FIRE, "119"), ("超市卖过期牛奶，孩子喝了拉肚子，要求商家赔偿", NOT_EMERGENCY),
        ("楼道里有人在抽烟，烟很大，着火了一样呛人", NOT_EMERGENCY), (SCENE, NOT_EMERGENCY)])
    # The search is bounded: among the newest limit × EMERGENCY_WINDOW orders only (here the last three).
    with w.db.uow(write=False) as uow, pytest.MonkeyPatch.context() as patch:
        patch.setattr(training, "EMERGENCY_WINDOW", 1)
        assert [(s.content, s.label) for s in emergency_samples(uow.session, limit=3)] == [(SCENE, NOT_EMERGENCY)]


def _opinion(models: Path, text: str) -> tuple[float, bool]:
    prediction = artifacts.load(models, EMERGENCY).predict(title="", content=text)
    none = next(c.confidence for c in prediction.candidates if c.label == NOT_EMERGENCY)
    return 1 - none, second_opinion(prediction) is not None


# Complaints about quarrelling neighbours that the hand-written calls make look like a fight in progress …
QUARRELS = ["对面楼有人在吵架，声音很大，吵得孩子没法写作业", "小区广场上有人在吵架，声音很大，天天如此",
            "隔壁有人在吵架，声音很大，影响休息", "楼上有人在吵架，声音很大，每晚都这样",
            "楼道里有人在吵架，声音很大，希望物业管管", "后面楼有人在吵架，声音很大，已经好几天了",
            "小区门口有人在吵架，声音很大，影响居民休息", "菜市场有人在吵架，声音很大，经常这样"]
# … and emergencies they have no word for: an escalator that has caught someone.
ESCALATORS = ["商场自动扶梯把孩子的手夹住了，拔不出来，快来人", "地铁站扶梯夹住了老人的脚，流了好多血",
              "超市扶梯卡住小孩鞋子连脚夹进去了，孩子一直哭喊"]


def test_the_next_training_learns_the_centres_false_alarms_and_misses(tmp_path: Path) -> None:
    quarrel, escalator = "楼下有人在吵架，声音很大", "商场扶梯夹住小孩的脚了"  # neither is among the marks
    before, after = tmp_path / "before", tmp_path / "after"
    train_all(NO_DATA, before)
    marks = [Sample("", q, NOT_EMERGENCY) for q in QUARRELS] + [Sample("", e, "119") for e in ESCALATORS]
    report = train_all(NO_DATA, after, extra_samples={"emergency": marks})
    meta = artifacts.read_meta(after, EMERGENCY, report.models[EMERGENCY].version)
    assert meta.training["sources"]["centre's marks"] == len(marks)
    assert _opinion(before, quarrel)[1] and not _opinion(after, quarrel)[1]
    assert not _opinion(before, escalator)[1] and _opinion(after, escalator)[1]
    assert _opinion(after, FIRE)[0] > 0.9  # what the hand-written calls taught stays



def test_the_api_tells_centre_staff_of_an_emergency_still_awaiting_dispatch(app_client: TestClient, org: Org,
                                                                           w: World) -> None:
    fire, lamp = registered(app_client, org, FIRE), registered(app_client, org, "小区路灯坏了一个月，晚上出行不安全")
    page = app_client.get("/api/v1/orders?status=registered", headers=org.headers("dispatcher")).json()
    flags = {item["number"]: item["waiting_emergency"] for item in page["items"]}
    assert flags == {fire: {"line": "119", "by_rule": True}, lamp: None}
    detail = app_client.get(f"/api/v1/orders/{fire}", headers=org.headers("agent")).json()
    assert detail["waiting_emergency"] == {"line": "119", "by_rule": True}
    done = app_client.post(f"/api/v1/orders/{fire}/transfer", json={"target": "119", "emergency": True},
                           headers=org.headers("agent")).json()
    assert done["status"] == "transferred" and done["waiting_emergency"] is None  # no longer waiting


def test_the_review_counts_what_agents_made_of_the_flags(app_client: TestClient, org: Org, w: World) -> None:
    from datetime import timedelta

    from hotline.services.emergency_review import review

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    model = TextClassifier(EMERGENCY_CONFIG)
    model.fit(training_samples([]), None, 0)
    artifacts.save(model, ctx.settings.models_dir)
    ctx.models.load()
    transfer(w, registered(app_client, org, FIRE), "119", True)  # a rule's flag, confirmed
    act(w, Action.DISPATCH, registered(app_client, org, "楼道里有人在抽烟，烟很大，着火了一样呛人"))  # overruled
    registered(app_client, org, FIRE.replace("三楼", "四楼"))  # still waiting
    act(w, Action.DISPATCH, registered(app_client, org, SCENE))  # the model's second opinion, overruled
    transfer(w, registered(app_client, org, "商场扶梯夹住小孩的脚了"), "119", True)  # nothing flagged it
    transfer(w, registered(app_client, org, "超市卖过期牛奶，要求商家赔偿"), "12315", False)  # not flagged, not one
    with w.db.uow(write=False) as uow:
        found = review(uow.session, w.clock() - timedelta(days=1))
        assert review(uow.session, w.clock() + timedelta(days=1)).rules.flagged == 0  # only the period's orders
    assert (found.rules.flagged, found.rules.transferred_as_emergency, found.rules.handled_as_ordinary,
            found.rules.waiting, found.rules.other) == (3, 1, 1, 1, 0)
    assert found.rules.confirmed_share == 0.5
    assert (found.model.flagged, found.model.handled_as_ordinary, found.model.confirmed_share) == (1, 1, 0.0)
    assert found.missed == 1
    assert found.overruled_words and all(word in "楼道里有人在抽烟，烟很大，着火了一样呛人"
                                         for word, _ in found.overruled_words)
