"""The topic directory (问题分类目录): admins keep it; once it has entries, people pick topics from it, models are
filed within it, catalogue rules are keyed by it and training learns from it — and while it is empty, topics
stay free text as before."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order, TopicEntry
from hotline.db.uow import Database
from hotline.nlp.training import TOPIC_LEVEL1, train_task
from hotline.services import classification, topics, training
from hotline.services.models import Guess
from tests.conftest import Clock, Org
from tests.helpers import APPEAL_JSON, World, noise_and_water_samples, unchanged
from tests.helpers import register as register_order

TOPICS = "/api/v1/topics"
ORDERS = "/api/v1/orders"
RULES = "/api/v1/catalogue/rules"
DIRECTORY = ["城市管理", "城市管理/路灯井盖", "城乡建设", "城乡建设/物业", "公共服务"]


def add(client: TestClient, org: Org, path: str, who: str = "admin", expect: int = 201) -> dict[str, Any]:
    response = client.post(TOPICS, json={"path": path}, headers=org.headers(who))
    assert response.status_code == expect, response.text
    return dict(response.json())


def listed(client: TestClient, org: Org, who: str = "agent", **params: str) -> list[dict[str, Any]]:
    response = client.get(TOPICS, params=params, headers=org.headers(who))
    assert response.status_code == 200, response.text
    return list(response.json())


def paths(client: TestClient, org: Org) -> list[str]:
    return [t["path"] for t in listed(client, org)]


def keep_directory(client: TestClient, org: Org) -> dict[str, int]:
    """The test centre's directory; the ids by path."""
    return {path: add(client, org, path)["id"] for path in DIRECTORY}


def register(client: TestClient, org: Org, expect: int = 201, **changes: Any) -> dict[str, Any]:
    response = client.post(ORDERS, json={**APPEAL_JSON, **changes}, headers=org.headers("agent"))
    assert response.status_code == expect, response.text
    return dict(response.json())


def topic_of(db: Database, number: str) -> str | None:
    with db.uow(write=False) as uow:
        return uow.session.scalars(select(Order.topic).where(Order.number == number)).one()


def assert_unknown_topic(response: Any, topic: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "unknown_topic" and body["details"]["topic"] == topic
    assert "请从问题分类目录中选择" in body["message"] and "topic directory" in body["message_en"]


# --- keeping the directory ---------------------------------------------------------------------------------

def test_an_admin_adds_and_retires_topics_and_centre_staff_list_them(app_client: TestClient, org: Org,
                                                                      clock: Clock) -> None:
    ids = keep_directory(app_client, org)
    first = listed(app_client, org, "dispatcher")
    assert [t["path"] for t in first] == ["公共服务", "城乡建设", "城市管理", "城乡建设/物业", "城市管理/路灯井盖"]
    lights = next(t for t in first if t["path"] == "城市管理/路灯井盖")
    assert lights["level"] == 2 and lights["active"] and lights["added_by"] == "admin" and lights["retired_at"] is None
    clock.advance(hours=1)
    assert app_client.delete(f"{TOPICS}/{ids['城乡建设/物业']}", headers=org.headers("admin")).status_code == 204
    assert "城乡建设/物业" not in paths(app_client, org)
    everything = {t["path"]: t for t in listed(app_client, org, retired="true")}
    assert everything["城乡建设/物业"]["active"] is False and everything["城乡建设/物业"]["retired_by"] == "admin"
    # Re-added, the same entry is active again.
    again = add(app_client, org, "城乡建设/物业")
    assert again["id"] == ids["城乡建设/物业"] and again["active"] and again["retired_at"] is None


def test_handling_units_may_not_list_the_directory(app_client: TestClient, org: Org) -> None:
    response = app_client.get(TOPICS, headers=org.headers("street"))
    assert response.status_code == 403 and response.json()["code"] == "centre_only"


@pytest.mark.parametrize("who", ["agent", "dispatcher", "supervisor", "street"])
def test_only_admins_change_the_directory(app_client: TestClient, org: Org, who: str) -> None:
    ids = keep_directory(app_client, org)
    response = app_client.post(TOPICS, json={"path": "交通"}, headers=org.headers(who))
    assert response.status_code == 403 and response.json()["code"] == "admin_only"
    response = app_client.delete(f"{TOPICS}/{ids['公共服务']}", headers=org.headers(who))
    assert response.status_code == 403 and response.json()["code"] == "admin_only"
    assert set(paths(app_client, org)) == set(DIRECTORY)


@pytest.mark.parametrize(("path", "status", "code"), [
    ("城乡建设//物业", 422, "invalid_topic"),
    ("城乡建设/物业/电梯", 422, "topic_too_deep"),
    ("交通/公交", 422, "unknown_parent_topic"),  # its level 1 is not in the directory
    ("城乡建设 / 物业", 409, "topic_exists"),  # the same path, spaced
    ("", 422, None),
])
def test_bad_topics_are_refused_and_change_nothing(app_client: TestClient, org: Org, path: str, status: int,
                                                   code: str | None) -> None:
    keep_directory(app_client, org)
    response = app_client.post(TOPICS, json={"path": path}, headers=org.headers("admin"))
    assert response.status_code == status, response.text
    if code:
        assert response.json()["code"] == code and response.json()["message_en"]
    assert set(t["path"] for t in listed(app_client, org, retired="true")) == set(DIRECTORY)


def test_a_topic_is_retired_only_when_nothing_depends_on_it(app_client: TestClient, org: Org) -> None:
    ids = keep_directory(app_client, org)
    rule = app_client.post(RULES, json={"topic": "城市管理/路灯井盖", "lead_unit": "cgj"}, headers=org.headers("admin"))
    assert rule.status_code == 201
    # A catalogue rule routes by it: refused, naming the rule.
    response = app_client.delete(f"{TOPICS}/{ids['城市管理/路灯井盖']}", headers=org.headers("admin"))
    assert response.status_code == 409 and response.json()["code"] == "topic_in_catalogue"
    assert response.json()["details"]["rules"] == [{"id": rule.json()["id"], "revision": rule.json()["revision"]}]
    assert "第 1 版" in response.json()["message"]
    # A level-2 topic under it is active: refused, naming it.
    response = app_client.delete(f"{TOPICS}/{ids['城市管理']}", headers=org.headers("admin"))
    assert response.status_code == 409 and response.json()["code"] == "topic_has_subtopics"
    assert response.json()["details"]["subtopics"] == ["城市管理/路灯井盖"]
    assert set(paths(app_client, org)) == set(DIRECTORY)
    # The rule retired, the topic can go, then its level 1.
    assert app_client.delete(f"{RULES}/{rule.json()['id']}", headers=org.headers("admin")).status_code == 204
    for path in ("城市管理/路灯井盖", "城市管理"):
        assert app_client.delete(f"{TOPICS}/{ids[path]}", headers=org.headers("admin")).status_code == 204
    # Retiring again, or an id that never was: 404.
    for entry_id in (ids["城市管理"], 99999):
        response = app_client.delete(f"{TOPICS}/{entry_id}", headers=org.headers("admin"))
        assert response.status_code == 404 and response.json()["code"] == "topic_not_found"


# --- people pick from it -----------------------------------------------------------------------------------

def test_while_the_directory_is_empty_any_topic_is_registered_as_before(app_client: TestClient, org: Org,
                                                                        db: Database) -> None:
    number = register(app_client, org, topic="路灯坏了")["number"]
    assert topic_of(db, number) == "路灯坏了"


def test_registration_takes_only_an_active_directory_topic(app_client: TestClient, org: Org, db: Database) -> None:
    ids = keep_directory(app_client, org)
    for junk in ("路灯坏了", "asdf", "城市管理/噪声"):
        with unchanged(db):
            assert_unknown_topic(app_client.post(ORDERS, json={**APPEAL_JSON, "topic": junk},
                                                 headers=org.headers("agent")), junk)
    number = register(app_client, org, topic="城市管理 / 路灯井盖")["number"]
    assert topic_of(db, number) == "城市管理/路灯井盖"  # as the directory writes it
    assert app_client.delete(f"{TOPICS}/{ids['城乡建设/物业']}", headers=org.headers("admin")).status_code == 204
    with unchanged(db):
        assert_unknown_topic(app_client.post(ORDERS, json={**APPEAL_JSON, "topic": "城乡建设/物业"},
                                             headers=org.headers("agent")), "城乡建设/物业")


def test_classify_takes_only_an_active_directory_topic(app_client: TestClient, org: Org, db: Database) -> None:
    number = register(app_client, org)["number"]
    keep_directory(app_client, org)
    url = f"{ORDERS}/{number}/classify"
    with unchanged(db, number):
        assert_unknown_topic(app_client.post(url, json={"topic": "路灯坏了", "appeal_type": "投诉"},
                                             headers=org.headers("dispatcher")), "路灯坏了")
    response = app_client.post(url, json={"topic": "城乡建设/物业"}, headers=org.headers("dispatcher"))
    assert response.status_code == 200, response.text
    assert topic_of(db, number) == "城乡建设/物业"


def test_catalogue_rules_are_keyed_by_directory_topics_or_every_topic(app_client: TestClient, org: Org) -> None:
    keep_directory(app_client, org)
    response = app_client.post(RULES, json={"topic": "路灯坏了", "lead_unit": "cgj"}, headers=org.headers("admin"))
    assert_unknown_topic(response, "路灯坏了")
    assert app_client.get(RULES, headers=org.headers("admin")).json() == []
    for topic in ("城市管理", ""):
        response = app_client.post(RULES, json={"topic": topic, "lead_unit": "cgj"}, headers=org.headers("admin"))
        assert response.status_code == 201, response.text


def test_the_topic_choices_are_the_directory_once_it_has_entries(app_client: TestClient, org: Org,
                                                                 db: Database) -> None:
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    register(app_client, org, topic="路灯坏了")
    with db.uow(write=False) as uow:
        assert "路灯坏了" in classification.topic_choices(uow.session, ctx)
    keep_directory(app_client, org)
    with db.uow(write=False) as uow:
        assert classification.topic_choices(uow.session, ctx) == [
            "公共服务", "城乡建设", "城市管理", "城乡建设/物业", "城市管理/路灯井盖"]


# --- models are filed within it ----------------------------------------------------------------------------

def guess(top: str) -> Guess:
    return Guess([{"label": top, "confidence": 0.6}, {"label": "城市管理/路灯井盖", "confidence": 0.2},
                  {"label": "环境保护/噪音", "confidence": 0.1}], "model",
                 level1={"城市管理": 0.3, "环境保护": 0.2, top.split("/")[0]: 0.7})


def test_a_guessed_topic_outside_the_directory_gives_way_to_its_level_1_or_to_nothing(app_client: TestClient,
                                                                                      org: Org, db: Database) -> None:
    with db.uow(write=False) as uow:
        untouched = guess("交通/公交")
        assert topics.file_guess(uow.session, untouched) == ("交通/公交", 0.6)  # no directory: as the model said
        assert untouched == guess("交通/公交")
    keep_directory(app_client, org)
    with db.uow(write=False) as uow:
        unknown, stray = guess("交通/公交"), guess("公共服务/供水")
        assert topics.file_guess(uow.session, unknown) == (None, None)  # 交通 is not in the directory at all
        assert topics.file_guess(uow.session, stray) == ("公共服务", 0.7)  # filed under its level 1, as sure as that
    # What is shown to adopt (采用): directory entries only, a stray sub-topic as its level 1.
    assert unknown.candidates == [{"label": "城市管理/路灯井盖", "confidence": 0.2}]
    assert stray.candidates == [{"label": "公共服务", "confidence": 0.7},
                                {"label": "城市管理/路灯井盖", "confidence": 0.2}]
    assert stray.level1 == {"城市管理": 0.3, "公共服务": 0.7}


def test_registration_files_a_model_s_topic_within_the_directory_and_never_fails_for_it(
        app_client: TestClient, org: Org, db: Database) -> None:
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    train_task(TOPIC_LEVEL1, noise_and_water_samples(), ctx.settings.models_dir)
    assert TOPIC_LEVEL1 in dict(ctx.models.load())
    keep_directory(app_client, org)  # 城乡建设, but no 环境保护
    loud = register(app_client, org, topic=None, content="楼下烧烤店油烟扰民，KTV噪音扰民到深夜")
    assert loud["status"] == "registered" and topic_of(db, loud["number"]) is None
    dry = register(app_client, org, topic=None, content="我们小区停水两天了，自来水发黄有异味")
    assert topic_of(db, dry["number"]) == "城乡建设"
    # What the agent is offered to adopt (采用) while the call is on is in the directory too.
    response = app_client.post("/api/v1/suggestions", json={"content": "楼下烧烤店油烟扰民，KTV噪音扰民到深夜"},
                               headers=org.headers("agent"))
    assert response.status_code == 200
    assert {c["label"] for c in response.json()["topic"]["candidates"]} <= set(DIRECTORY)


# --- training learns from it -------------------------------------------------------------------------------

def test_training_learns_topics_only_from_orders_filed_under_the_directory(app_client: TestClient, org: Org,
                                                                           db: Database, clock: Clock) -> None:
    w = World(db, org, clock, app_client.app.state.hotline.ctx)  # type: ignore[attr-defined]
    for topic in ("路灯坏了", "城市管理/路灯井盖"):  # older history, registered without suggestions
        register_order(w, topic=topic)
    with db.uow(write=False) as uow:
        samples, note = training.centre_history(uow.session)
    assert {s.label for s in samples["topic"]} == {"路灯坏了", "城市管理/路灯井盖"} and note is None
    keep_directory(app_client, org)
    with db.uow(write=False) as uow:
        samples, note = training.centre_history(uow.session)
    assert [s.label for s in samples["topic"]] == ["城市管理/路灯井盖"]
    assert note is not None and "5 active entries" in note and "1 labelled orders under other topics left out" in note


def test_a_process_keeps_the_directory_a_few_seconds_and_sees_its_own_changes_at_once(
        app_client: TestClient, org: Org, db: Database, clock: Clock) -> None:
    seconds = [1000.0]
    kept = topics.TopicDirectory(clock=lambda: seconds[0])
    with db.uow(write=False) as uow:
        assert topics.known_topics(uow.session, ["城乡建设"], kept=kept) is None  # no directory: free text
    with db.uow() as uow:  # another process (no word to this one) adds an entry
        uow.session.add(TopicEntry(path="城乡建设", level=1, added_at=clock()))
        uow.commit()
    with db.uow(write=False) as uow:
        assert topics.known_topics(uow.session, ["城乡建设"], kept=kept) is None  # this process's copy, for a while
        assert topics.known_topics(uow.session, ["城乡建设"], kept=kept, hold=True) == {"城乡建设"}  # the database
        seconds[0] += topics.TopicDirectory.CHECK_SECONDS
        assert topics.known_topics(uow.session, ["城乡建设"], kept=kept) == {"城乡建设"}
    app_kept = app_client.app.state.hotline.ctx.topics  # type: ignore[attr-defined]
    with db.uow(write=False) as uow:
        assert topics.known_topics(uow.session, ["城乡建设/物业"], kept=app_kept) == frozenset()
    add(app_client, org, "城乡建设/物业")  # through the platform: its process sees it at once
    with db.uow(write=False) as uow:
        assert topics.known_topics(uow.session, ["城乡建设/物业"], kept=app_kept) == {"城乡建设/物业"}
