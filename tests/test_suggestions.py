"""Dispatch more accurately: what registration suggests and stores, and the suggestion and hot-issue APIs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import ClassificationFeedback, Order, OrderSuggestion
from hotline.db.uow import Database
from hotline.nlp import artifacts
from hotline.nlp.classifier import Sample, TextClassifier
from hotline.nlp.emergency_model import CONFIG as EMERGENCY_CONFIG
from hotline.nlp.emergency_model import EMERGENCY, SECOND_OPINION_AT, training_samples
from hotline.nlp.training import TOPIC_LEVEL1, TOPIC_LEVEL2, UNIT, train_task
from hotline.services import suggestions
from hotline.services.models import Guess
from tests.conftest import Clock, Org
from tests.helpers import noise_and_water_samples, unchanged, unsure_sub_topic_samples
from tests.test_journeys import act

ORDERS = "/api/v1/orders"
NOISE = "东街社区花园路8号楼下烧烤店每天晚上营业到凌晨两点，油烟和噪音严重扰民，多次反映没有人管，要求处理"


def post(client: TestClient, org: Org, body: dict[str, Any], who: str = "agent", expect: int = 201
         ) -> dict[str, Any]:
    response = client.post(ORDERS, json={"channel": "phone", **body}, headers=org.headers(who))
    assert response.status_code == expect, response.text
    return dict(response.json())


def order(db: Database, number: str) -> Order:
    with db.uow(write=False) as uow:
        found = uow.session.scalars(select(Order).where(Order.number == number)).one()
        uow.session.expunge(found)
        return found


def suggestions_of(client: TestClient, org: Org, number: str, who: str = "dispatcher") -> dict[str, Any]:
    response = client.get(f"{ORDERS}/{number}/suggestions", headers=org.headers(who))
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_an_emergency_is_flagged_at_registration_with_the_line_to_transfer_to(app_client: TestClient,
                                                                               org: Org) -> None:
    body = post(app_client, org, {"content": "我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！"})
    assert body["alerts"]["emergency"] is True and body["alerts"]["transfer_to"] == "119"
    assert body["alerts"]["emergency_message"]
    assert body["status"] == "registered"  # the agent transfers it; the order is never lost


def test_a_flagged_emergency_is_registered_as_urgent_unless_the_agent_chose_an_urgency(
        app_client: TestClient, org: Org, db: Database) -> None:
    # Happening now (someone trapped, "快派人来"): 特急; an emergency phrase still to confirm: 紧急.
    trapped = post(app_client, org, {"content": "我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！"})
    assert order(db, trapped["number"]).urgency.value == "critical"
    gas = post(app_client, org, {"content": "楼道里有煤气味，不知道哪家漏气"})
    assert gas["alerts"]["emergency"] is True and order(db, gas["number"]).urgency.value == "urgent"
    # The agent's choice stands, and an ordinary appeal stays 一般.
    chosen = post(app_client, org, {"content": "楼道里有煤气味，不知道哪家漏气", "urgency": "normal"})
    assert order(db, chosen["number"]).urgency.value == "normal"
    assert order(db, post(app_client, org, {"content": NOISE})["number"]).urgency.value == "normal"
    # Corrected before dispatch (recorded on the timeline); fixed once the deadline is counted from it.
    act(app_client, org, "dispatcher", gas["number"], "classify", {"urgency": "normal"})
    assert order(db, gas["number"]).urgency.value == "normal"
    events = app_client.get(f"{ORDERS}/{gas['number']}/events", headers=org.headers("agent")).json()
    assert events[0]["details"]["urgency_raised"] == "urgent"  # the registration says why it is not 一般
    assert events[-1]["details"]["urgency"] == {"from": "urgent", "to": "normal"}
    chosen_events = app_client.get(f"{ORDERS}/{chosen['number']}/events", headers=org.headers("agent")).json()
    assert "urgency_raised" not in chosen_events[0]["details"]
    act(app_client, org, "dispatcher", trapped["number"], "dispatch", {"unit": "cgj"})
    with unchanged(db, trapped["number"]):
        response = app_client.post(f"{ORDERS}/{trapped['number']}/classify", json={"urgency": "normal"},
                                   headers=org.headers("dispatcher"))
        assert response.status_code == 409 and response.json()["code"] == "urgency_fixed_after_dispatch"
    same = app_client.post(f"{ORDERS}/{trapped['number']}/classify", json={"urgency": "critical"},
                           headers=org.headers("dispatcher"))
    assert same.status_code == 200, same.text  # confirming the urgency it has is no change


def test_a_matter_outside_the_scope_is_flagged_with_its_legal_route(app_client: TestClient, org: Org) -> None:
    body = post(app_client, org, {"title": "申请劳动仲裁",
                                  "content": "公司拖欠工资三个月，我要申请劳动仲裁，请问去哪里申请"})
    assert body["alerts"]["emergency"] is False
    assert body["alerts"]["out_of_scope_route"] == "arbitration" and body["alerts"]["out_of_scope_message"]
    ordinary = post(app_client, org, {"content": "小区门口的消防通道经常被私家车占用，存在火灾隐患，希望整治"})
    assert ordinary["alerts"]["emergency"] is False and ordinary["alerts"]["out_of_scope_route"] is None


def test_rules_suggest_a_type_when_the_agent_gives_none_and_never_override_the_agent(app_client: TestClient, org: Org,
                                                                                    db: Database) -> None:
    suggested = post(app_client, org, {"content": "请问新生儿医保怎么办理，需要带什么材料？"})
    assert suggested["appeal_type"] == "inquiry" and order(db, suggested["number"]).appeal_type.value == "inquiry"
    given = post(app_client, org, {"content": "请问新生儿医保怎么办理，需要带什么材料？", "appeal_type": "投诉"})
    assert given["appeal_type"] == "complaint"
    with db.uow(write=False) as uow:  # registration stores what the rules said only where the agent chose nothing
        stored = uow.session.get(OrderSuggestion, order(db, suggested["number"]).id)
        assert stored is not None and stored.payload["appeal_type"]["source"] == "rules"
    second_opinion = suggestions_of(app_client, org, given["number"])["appeal_type"]  # the dispatcher still sees it
    assert second_opinion["candidates"][0]["label"] == "inquiry" and order(db, given["number"]).appeal_type.value \
        == "complaint"


def test_the_place_is_read_from_the_address_and_routes_by_the_territorial_rule(app_client: TestClient, org: Org,
                                                                               db: Database) -> None:
    rule = {"topic": "城乡建设/物业", "territorial_level": "street", "co_units": ["cgj"]}
    assert app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    body = post(app_client, org, {"content": "物业不作为，楼道堆满杂物", "topic": "城乡建设/物业",
                                  "location": {"address": "鼓楼区东街街道东街社区花园路8号"}})
    saved = order(db, body["number"])
    assert (saved.district, saved.street, saved.community) == ("鼓楼区", "东街街道", "东街社区")
    got = suggestions_of(app_client, org, body["number"])
    assert got["location"]["source"] == "address" and got["location"]["street"] == "东街街道"
    unit = got["unit"]
    assert unit["source"] == "catalogue" and unit["candidates"][0]["label"] == "s-dj"
    assert [c["label"] for c in unit["co_units"]] == ["cgj"] and "东街街道" in unit["reason_zh"]
    # A topic no rule covers: nothing to suggest without a trained unit model, and it says so.
    other = post(app_client, org, {"content": "公交车司机开车打电话", "topic": "交通运输/公交"})
    assert suggestions_of(app_client, org, other["number"])["unit"]["source"] == "none"


def route_on(client: TestClient, db: Database, clock: Clock, topic_confidence: float | None) -> dict[str, Any]:
    """The unit suggested for a matter the catalogue routes to ``water`` under 城乡建设 and the unit model
    sends to ``cgj`` (0.9) or ``water`` (0.1)."""
    ctx = client.app.state.hotline.ctx  # type: ignore[attr-defined]
    learned = Guess([{"label": "cgj", "confidence": 0.9}, {"label": "water", "confidence": 0.1}], "model", "u1",
                    ["烧烤"])
    with db.uow(write=False) as uow:
        return suggestions.routing_payload(uow.session, ctx, topic="城乡建设", place=[], at=clock(),
                                           unit_guess=learned, topic_confidence=topic_confidence)


def test_a_rule_keyed_on_a_guessed_topic_is_only_as_sure_as_the_guess(app_client: TestClient, org: Org,
                                                                       db: Database, clock: Clock) -> None:
    rule = {"topic": "城乡建设", "lead_unit": "water", "co_units": ["s-dj"]}
    assert app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    chosen = route_on(app_client, db, clock, None)  # a person chose the topic: the rule decides
    assert chosen["source"] == "catalogue" and chosen["topic_confidence"] is None
    assert [(c["label"], c["confidence"]) for c in chosen["candidates"]] == [("water", 1.0)]
    assert [c["label"] for c in chosen["co_units"]] == ["s-dj"]
    # A sure guess: the rule's unit first, with the guess's confidence and the learned routing's share.
    sure = route_on(app_client, db, clock, 0.9)
    assert sure["source"] == "catalogue" and [c["label"] for c in sure["co_units"]] == ["s-dj"]
    assert [(c["label"], c["confidence"]) for c in sure["candidates"]] == [("water", 0.91), ("cgj", 0.09)]
    assert "90%" in sure["reason_zh"] and "90%" in sure["reason_en"]
    # An unsure guess: where past dispatches went comes first, and the rule's unit stays in sight.
    unsure = route_on(app_client, db, clock, 0.12)
    assert unsure["source"] == "learned" and unsure["co_units"] == [] and unsure["terms"] == ["烧烤"]
    assert [(c["label"], c["confidence"]) for c in unsure["candidates"]] == [("cgj", 0.792), ("water", 0.208)]
    assert unsure["reason_zh"].startswith("按历史派单学习推荐") and "12%" in unsure["reason_zh"]


@pytest.mark.parametrize("p, learned, expected", [
    (0.5, [], [("rule", 0.5)]),  # nothing learned (registration's lean set): the guess's confidence alone
    (0.1, [("a", 0.5), ("b", 0.3), ("c", 0.2)], [("a", 0.45), ("b", 0.27), ("rule", 0.1)]),  # shown though 4th
    (0.3, [("rule", 0.5), ("a", 0.5)], [("rule", 0.65), ("a", 0.35)]),  # both say so: the shares add up
])
def test_the_rule_and_the_learned_routing_share_by_the_topic_s_confidence(
        p: float, learned: list[tuple[str, float]], expected: list[tuple[str, float]]) -> None:
    ranked = suggestions._rule_beside_learned(
        {"label": "rule", "name": "R"}, p, [{"label": u, "name": u, "confidence": c} for u, c in learned])
    assert [(c["label"], c["confidence"]) for c in ranked] == expected


def test_the_order_s_topic_counts_as_a_guess_until_someone_confirms_it(app_client: TestClient, org: Org,
                                                                      db: Database) -> None:
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    noise = ["烧烤店油烟扰民", "KTV噪音扰民到深夜", "广场舞音响太吵"]
    water = ["小区停水两天", "自来水发黄有异味", "水管爆裂漏水"]
    samples = [Sample(t, f"{t}，希望尽快处理。第{i}次反映", label) for i in range(6)
               for texts, label in ((noise, "环境保护"), (water, "城乡建设")) for t in texts]
    train_task(TOPIC_LEVEL1, samples, ctx.settings.models_dir)
    assert TOPIC_LEVEL1 in dict(ctx.models.load())
    rule = {"topic": "城乡建设", "lead_unit": "water"}
    assert app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    number = post(app_client, org, {"content": "我们小区又停水了，自来水公司也不说什么时候来水"})["number"]
    assert order(db, number).topic == "城乡建设"
    guessed = suggestions_of(app_client, org, number)
    p = guessed["topic"]["filed"]["confidence"]
    assert guessed["unit"]["topic_confidence"] == p < 1
    assert [(c["label"], c["confidence"]) for c in guessed["unit"]["candidates"]] == [("water", p)]
    act(app_client, org, "dispatcher", number, "classify", {"topic": "城乡建设"})  # confirmed
    confirmed = suggestions_of(app_client, org, number)["unit"]
    assert confirmed["topic_confidence"] is None and confirmed["candidates"][0]["confidence"] == 1.0
    typed = post(app_client, org, {"content": "我们小区又停水了", "topic": "城乡建设"})["number"]
    assert suggestions_of(app_client, org, typed)["unit"]["topic_confidence"] is None


def repeats_while_calling(client: TestClient, org: Org, body: dict[str, Any]) -> list[dict[str, Any]]:
    location = body.get("location", {})
    response = client.post("/api/v1/suggestions", json={"content": body["content"],
                                                        "caller_phone": body.get("caller_phone"), **location},
                           headers=org.headers("agent"))
    assert response.status_code == 200, response.text
    return list(response.json()["duplicates"])


def test_a_repeat_call_is_offered_for_merging_until_the_first_order_ends(app_client: TestClient, org: Org,
                                                                         db: Database) -> None:
    caller = {"caller_phone": "13912345678", "location": {"district": "鼓楼区", "street": "东街街道"}}
    repeat = {"content": "花园路8号楼下的烧烤店又营业到凌晨两点，油烟噪音扰民，多次反映没人管", **caller}
    assert repeats_while_calling(app_client, org, repeat) == []
    first = post(app_client, org, {"content": NOISE, **caller})
    offered = repeats_while_calling(app_client, org, repeat)
    assert [(d["number"], d["verdict"]) for d in offered] == [(first["number"], "duplicate")]
    evidence = offered[0]["evidence"]
    assert evidence["same_caller"] is True and evidence["similarity"] > 0.3 and evidence["shared_phrases"]
    # Registered anyway: the dispatcher sees the repeat on the new order, and not the order itself.
    again = post(app_client, org, repeat)
    assert [d["number"] for d in suggestions_of(app_client, org, again["number"])["duplicates"]] == [first["number"]]
    # The same text from another caller at the same place is found by its text alone.
    stranger = {**repeat, "caller_phone": "13800001111"}
    assert first["number"] in [d["number"] for d in repeats_while_calling(app_client, org, stranger)
                               if d["verdict"] == "duplicate"]
    unrelated = repeats_while_calling(app_client, org, {"content": "咨询公积金提取需要哪些材料", **caller})
    assert all(d["verdict"] == "related" for d in unrelated)  # same caller, another matter: shown, not merged
    act(app_client, org, "dispatcher", first["number"], "void", {"reason": "重复登记"})
    act(app_client, org, "dispatcher", again["number"], "void", {"reason": "重复登记"})
    assert repeats_while_calling(app_client, org, repeat) == []  # only open orders are offered


def test_a_caller_phoning_again_about_the_open_order_is_offered_as_a_repeat_call(app_client: TestClient, org: Org,
                                                                                 db: Database) -> None:
    caller = {"caller_phone": "13912345678", "location": {"district": "鼓楼区", "street": "东街街道"}}
    first = post(app_client, org, {"title": "路灯坏了", "content": "小区门口的路灯坏了，晚上一片漆黑", **caller})
    call = {"content": "我之前打过电话反映过，门口路灯还是不亮，怎么还没人修", **caller}
    [offered] = repeats_while_calling(app_client, org, call)
    assert (offered["number"], offered["verdict"]) == (first["number"], "duplicate")
    evidence = offered["evidence"]
    assert evidence["same_caller"] is True and evidence["similarity"] < 0.3  # the words alone: only related
    assert evidence["repeat_cues"][:2] == ["之前打过电话", "反映过"] and "路灯" in evidence["shared_phrases"]
    # Another caller saying the same is not the caller of the open order: the cues do not count for them.
    stranger = repeats_while_calling(app_client, org, {**call, "caller_phone": "13800001111"})
    assert all(d["verdict"] == "related" and not d["evidence"]["repeat_cues"] for d in stranger)
    # The same caller, the same cues, another matter: shown, not merged (a caller may have two problems).
    other = {**call, "content": "我之前打过电话反映过，小区门口垃圾堆了一个星期没人清"}
    assert [d["verdict"] for d in repeats_while_calling(app_client, org, other)] == ["related"]
    # Registered anyway: the dispatcher sees the repeat call on the new order.
    again = post(app_client, org, call)["number"]
    [shown] = suggestions_of(app_client, org, again)["duplicates"]
    assert (shown["number"], shown["verdict"]) == (first["number"], "duplicate") and shown["evidence"]["repeat_cues"]


def test_correcting_the_classification_is_recorded_for_training(app_client: TestClient, org: Org,
                                                                db: Database) -> None:
    number = post(app_client, org, {"content": "请问新生儿医保怎么办理？"})["number"]
    act(app_client, org, "dispatcher", number, "classify", {"appeal_type": "求助", "topic": "卫生计生 / 医保"})
    saved = order(db, number)
    assert saved.appeal_type.value == "help" and saved.topic == "卫生计生/医保"
    with db.uow(write=False) as uow:
        rows = uow.session.scalars(select(ClassificationFeedback).where(ClassificationFeedback.order_id == saved.id)
                                   .order_by(ClassificationFeedback.id)).all()
        assert [(r.field.value, r.suggested, r.chosen) for r in rows] == [
            ("appeal_type", "inquiry", "help"), ("topic", None, "卫生计生/医保")]
    events = app_client.get(f"{ORDERS}/{number}/events", headers=org.headers("agent")).json()
    assert events[-1]["action"] == "classify" and events[-1]["details"]["appeal_type"]["accepted"] is False
    response = app_client.post(f"{ORDERS}/{number}/classify", json={}, headers=org.headers("agent"))
    assert response.status_code == 422 and response.json()["code"] == "nothing_to_classify"
    response = app_client.post(f"{ORDERS}/{number}/classify", json={"topic": "a//b"}, headers=org.headers("agent"))
    assert response.status_code == 422 and response.json()["code"] == "invalid_topic"
    response = app_client.post(f"{ORDERS}/{number}/classify", json={"topic": "交通运输"}, headers=org.headers("street"))
    assert response.status_code == 404  # unit staff cannot even see an undispatched order


@pytest.mark.parametrize("content", ["😀😀😀🔥🔥", "\ufffd\ufffd\ufffd锟斤拷烫烫烫", "Street light broken on Main St.",
                                     "國家稅務總局的網站無法登錄，請儘快處理", "啊" * 4999, "  \u200b  ？？？"])
def test_odd_text_is_suggested_on_or_refused_clearly_never_a_500(app_client: TestClient, org: Org,
                                                                  content: str) -> None:
    response = app_client.post("/api/v1/suggestions", json={"content": content}, headers=org.headers("agent"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["appeal_type"]["candidates"] and isinstance(body["alerts"]["quality"]["classifiable"], bool)
    if content.strip(" \u200b？"):  # registration takes it too (blank content is refused as before)
        post(app_client, org, {"content": content})


def test_only_centre_staff_get_suggestions(app_client: TestClient, org: Org) -> None:
    response = app_client.post("/api/v1/suggestions", json={"content": NOISE}, headers=org.headers("street"))
    assert response.status_code == 403 and response.json()["code"] == "centre_only"
    response = app_client.post("/api/v1/suggestions", json={"content": NOISE, "caller_phone": "12"},
                               headers=org.headers("agent"))
    assert response.status_code == 422 and response.json()["code"] == "invalid_phone"


def test_hot_issues_group_the_period_s_repeated_matters(app_client: TestClient, org: Org, clock: Clock) -> None:
    for i in range(3):
        post(app_client, org, {"content": f"花园路8号烧烤店油烟噪音扰民到凌晨，第{i + 1}次反映",
                               "caller_phone": f"1391234560{i}",
                               "location": {"district": "鼓楼区", "street": "东街街道"}})
    post(app_client, org, {"content": "咨询公积金提取需要哪些材料"})
    post(app_client, org, {"content": "南门菜市场门口路灯不亮"})
    response = app_client.get("/api/v1/hot-issues", headers=org.headers("supervisor"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["orders_read"] == 5
    top = body["issues"][0]
    assert top["count"] == 3 and top["callers"] == 3 and len(top["orders"]) == 3
    assert top["places"]["streets"][0][0] == "东街街道" and top["trend"]["direction"] in ("rising", "steady", "falling")
    assert app_client.get("/api/v1/hot-issues", headers=org.headers("street")).status_code == 403
    response = app_client.get("/api/v1/hot-issues", params={"from": "2026-03-02", "to": "2025-01-01"},
                              headers=org.headers("agent"))
    assert response.status_code == 422 and response.json()["code"] == "invalid_period"
    for params in ({"to": "0001-01-03"}, {"from": "0001-01-01", "to": "0001-01-02"}, {"to": "9999-12-31"}):
        response = app_client.get("/api/v1/hot-issues", params=params, headers=org.headers("agent"))
        assert response.status_code == 422 and response.json()["code"] == "date_out_of_range"


def test_the_hot_issues_api_filters_by_the_district_recorded_on_the_orders_even_one_the_gazetteer_lacks(
        app_client: TestClient, org: Org) -> None:
    # Orders keep the district they were registered with (the gazetteer only fills in a missing one), so the
    # API's filter matches that text, as /api/v1/orders does; the page offers the gazetteer's districts only.
    for i in range(2):
        post(app_client, org, {"content": f"花园路8号烧烤店油烟噪音扰民到凌晨，第{i + 1}次反映",
                               "caller_phone": f"1391234560{i}", "location": {"district": "晋安区"}})
    response = app_client.get("/api/v1/hot-issues", params={"district": "晋安区"}, headers=org.headers("supervisor"))
    assert response.status_code == 200 and response.json()["orders_read"] == 2
    assert response.json()["issues"][0]["count"] == 2
    response = app_client.get("/api/v1/hot-issues", params={"district": "鼓楼区"}, headers=org.headers("supervisor"))
    assert response.status_code == 200 and response.json()["orders_read"] == 0


def test_trained_models_suggest_topic_and_unit_with_reasons_and_their_version(app_client: TestClient, org: Org,
                                                                              db: Database, tmp_path: Path) -> None:
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    samples = noise_and_water_samples()
    train_task(TOPIC_LEVEL1, samples, ctx.settings.models_dir)
    units = [Sample(s.title, s.content, "cgj" if s.label == "环境保护" else "water") for s in samples]
    train_task(UNIT, units, ctx.settings.models_dir)
    assert set(dict(ctx.models.load())) >= {TOPIC_LEVEL1, UNIT}
    earlier = post(app_client, org, {"content": "烧烤店油烟扰民，希望处理"})["number"]
    act(app_client, org, "dispatcher", earlier, "dispatch", {"unit": "cgj"})
    body = post(app_client, org, {"content": "楼下烧烤店油烟扰民，晚上还很吵"})
    got = suggestions_of(app_client, org, body["number"])
    assert got["topic"]["source"] == "model" and got["topic"]["candidates"][0]["label"] == "环境保护"
    assert len(got["topic"]["candidates"]) <= 3 and got["topic"]["terms"]
    assert got["unit"]["source"] == "learned" and got["unit"]["candidates"][0]["label"] == "cgj"
    assert [(o["number"], o["unit"]) for o in got["unit"]["similar"]] == [(earlier, "cgj")]  # and where it went
    assert order(db, body["number"]).topic == "环境保护"  # filled in, for the dispatcher to confirm
    with db.uow(write=False) as uow:
        stored = uow.session.get(OrderSuggestion, order(db, body["number"]).id)
        assert stored is not None and stored.model_versions[TOPIC_LEVEL1] == ctx.models.versions[TOPIC_LEVEL1]


@pytest.fixture(scope="module")
def emergency_model() -> TextClassifier:
    model = TextClassifier(EMERGENCY_CONFIG)
    model.fit(training_samples([Sample("", "小区路灯坏了一个月没人修", "x")]), None, 0)
    return model


def load_emergency_model(client: TestClient, model: TextClassifier) -> Any:
    ctx = client.app.state.hotline.ctx  # type: ignore[attr-defined]
    artifacts.save(model, ctx.settings.models_dir)
    assert EMERGENCY in dict(ctx.models.load())
    return ctx


def test_the_emergency_model_gives_a_second_opinion_where_the_rules_are_silent(
        app_client: TestClient, org: Org, emergency_model: TextClassifier) -> None:
    ctx = load_emergency_model(app_client, emergency_model)
    scene = "楼顶上站着个女的，一直在哭，脚都踩到边上了"  # no rule phrase: the model's part
    body = post(app_client, org, {"content": scene})
    assert body["alerts"]["emergency"] is False and body["alerts"]["transfer_to"] is None  # the rules' verdict
    assert body["alerts"]["possible_emergency_line"] == "110" and "核实" in body["alerts"]["possible_emergency_message"]
    second = suggestions_of(app_client, org, body["number"])["alerts"]["second_opinion"]
    assert second["line"] == "110" and second["confidence"] >= SECOND_OPINION_AT and second["terms"]
    assert second["model_version"] == ctx.models.versions[EMERGENCY]
    while_calling = app_client.post("/api/v1/suggestions", json={"content": scene}, headers=org.headers("agent"))
    assert while_calling.status_code == 200 and while_calling.json()["alerts"]["second_opinion"]["line"] == "110"
    # Where a rule flags the emergency, the rule speaks alone.
    fire = post(app_client, org, {"content": "我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！"})
    assert fire["alerts"]["transfer_to"] == "119" and fire["alerts"]["possible_emergency_line"] is None
    calm = post(app_client, org, {"content": "小区路灯坏了一个多月了，晚上出行不方便，希望尽快修"})
    assert calm["alerts"]["possible_emergency_line"] is None


@pytest.mark.parametrize("content", ["😀😀😀🔥🔥", "\ufffd\ufffd\ufffd锟斤拷烫烫烫", "Street light broken on Main St.",
                                     "啊" * 4999, "  \u200b  ？？？", " \n\t "])
def test_odd_text_gets_no_second_opinion_and_never_a_500(app_client: TestClient, org: Org, db: Database,
                                                         emergency_model: TextClassifier, content: str) -> None:
    load_emergency_model(app_client, emergency_model)
    response = app_client.post("/api/v1/suggestions", json={"content": content}, headers=org.headers("agent"))
    assert response.status_code == 200, response.text
    assert response.json()["alerts"]["second_opinion"] is None
    if content.strip():
        assert post(app_client, org, {"content": content})["alerts"]["possible_emergency_line"] is None
        return
    with unchanged(db):  # blank: refused, nothing written
        refused = app_client.post(ORDERS, json={"channel": "phone", "content": content}, headers=org.headers("agent"))
    assert refused.status_code == 422 and refused.json()["code"] == "validation_failed"


def test_an_unsure_sub_topic_files_the_order_under_its_level_1_topic(app_client: TestClient, org: Org,
                                                                    db: Database) -> None:
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    train_task(TOPIC_LEVEL2, unsure_sub_topic_samples(), ctx.settings.models_dir)
    assert TOPIC_LEVEL2 in dict(ctx.models.load())
    unsure = post(app_client, org, {"content": "我家楼道的水管漏水了，希望尽快处理"})
    got = suggestions_of(app_client, org, unsure["number"])
    assert got["topic"]["candidates"][0]["label"] in {"城乡建设/供水", "城乡建设/排水"}
    assert got["topic"]["candidates"][0]["confidence"] < 0.5
    assert order(db, unsure["number"]).topic == "城乡建设"  # the part the model is sure of
    assert got["topic"]["filed"]["label"] == "城乡建设" and got["topic"]["filed"]["confidence"] >= 0.5
    sure = post(app_client, org, {"content": "楼下烧烤店油烟扰民，晚上还很吵"})
    assert order(db, sure["number"]).topic == "环境保护/噪音"


@pytest.mark.parametrize("candidates, settled", [
    ([], (None, None)),
    ([("城乡建设/供水", 0.45), ("城乡建设/排水", 0.4), ("环境保护", 0.1)], ("城乡建设", 0.85)),
    ([("城乡建设/供水", 0.45), ("环境保护/噪音", 0.4), ("城乡建设", 0.1)], ("城乡建设", 0.55)),
    ([("城乡建设/供水", 0.5), ("城乡建设/排水", 0.4)], ("城乡建设/供水", 0.5)),
    ([("环境保护", 0.3), ("城乡建设", 0.2)], ("环境保护", 0.3)),  # level 1 has nothing to fall back to
    ([("complaint", None)], ("complaint", None)),  # rules give no confidence
])
def test_settled_label(candidates: list[tuple[str, float | None]], settled: tuple[str | None, float | None]) -> None:
    guess = Guess([{"label": label, "confidence": c} for label, c in candidates], "model")
    assert guess.settled() == settled


def test_an_unsure_sub_topic_settles_on_the_likeliest_level_1_topic() -> None:
    """With the level-1 model's probabilities, an unsure sub-topic gives way to the likeliest level-1 topic,
    which need not be its own: 城乡建设 is split five ways, 环境保护 has one sub-topic at 0.4."""
    level1 = {"城乡建设": 0.5, "环境保护": 0.4, "教育文体": 0.1}
    candidates = [("环境保护/噪音", 0.4), ("城乡建设/供水", 0.1), ("城乡建设/排水", 0.1)]
    guess = Guess([{"label": label, "confidence": c} for label, c in candidates], "model", level1=level1)
    assert guess.settled() == guess.level1_topic() == ("城乡建设", 0.5)
    sure = Guess([{"label": "环境保护/噪音", "confidence": 0.6}], "model", level1={"环境保护": 0.6, "城乡建设": 0.4})
    assert sure.settled() == ("环境保护/噪音", 0.6) and sure.level1_topic() == ("环境保护", 0.6)


def test_a_damaged_model_is_skipped_and_registration_goes_on_with_the_rules(app_client: TestClient, org: Org) -> None:
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    samples = [Sample(t, f"{t}，第{i}次", label) for i in range(6)
               for t, label in (("烧烤油烟扰民", "环境保护"), ("小区停水", "城乡建设"))]
    trained = train_task(TOPIC_LEVEL1, samples, ctx.settings.models_dir)
    model_file = Path(trained.path) / "model.joblib"
    model_file.write_bytes(model_file.read_bytes()[:-10] + b"tampered!!")  # the sha256 no longer matches
    assert ctx.models.load() == {}
    assert ctx.models.latest_versions() == ((TOPIC_LEVEL1, trained.version),)  # seen on disk, refused to load
    body = post(app_client, org, {"content": "楼下烧烤店油烟扰民"})
    assert body["appeal_type"] == "complaint" and body["topic"] is None  # rules only: no topic is guessed


def test_the_topic_choices_join_the_models_the_catalogue_and_recent_orders(app_client: TestClient, org: Org,
                                                                           db: Database) -> None:
    from hotline.services.classification import topic_choices

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    samples = [Sample(t, f"{t}，第{i}次反映", label) for i in range(6)
               for t, label in (("烧烤油烟扰民", "环境保护"), ("小区停水", "城乡建设"))]
    train_task(TOPIC_LEVEL1, samples, ctx.settings.models_dir)
    ctx.models.load()
    post(app_client, org, {"content": "小区物业不作为，电梯坏了一个月", "topic": "城乡建设/物业"})
    response = app_client.post("/api/v1/catalogue/rules", json={"topic": "公共服务/供水", "lead_unit": "water"},
                               headers=org.headers("admin"))
    assert response.status_code == 201, response.text
    with db.uow(write=False) as uow:
        choices = topic_choices(uow.session, ctx)
    assert {"城乡建设", "环境保护", "公共服务/供水", "城乡建设/物业"} <= set(choices)
    assert len(choices) == len(set(choices))
    assert [c.count("/") for c in choices] == sorted(c.count("/") for c in choices)  # level 1 first


def test_the_models_thread_readies_the_text_tools_before_the_first_appeal(tmp_path: Path) -> None:
    """A fresh process: jieba's dictionary and the alert detector's tables are built in the background."""
    import subprocess
    import sys

    script = f"""
import time
from pathlib import Path
from hotline.nlp import alerts, textnorm
from hotline.services.models import ModelHub
assert textnorm._jieba is None and alerts._fold_table.cache_info().currsize == 0
ModelHub(Path({str(tmp_path)!r})).start_loading()
deadline = time.monotonic() + 60
while time.monotonic() < deadline and (textnorm._jieba is None or alerts._fold_table.cache_info().currsize == 0
                                      or alerts._automaton.cache_info().currsize == 0):
    time.sleep(0.05)
print(textnorm._jieba is not None, alerts._fold_table.cache_info().currsize, alerts._automaton.cache_info().currsize)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "1", "1"]
