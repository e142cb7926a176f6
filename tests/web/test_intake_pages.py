"""受理登记 on the workbench: the 智能辅助 panel while typing, with and without JavaScript, and registering."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order, OrderEvent, OrderSuggestion
from hotline.db.uow import Database
from hotline.domain.lifecycle import Action
from tests.conftest import Org
from tests.helpers import unchanged
from tests.web.conftest import SignedIn, csrf_of

FIRE = "我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！"
LAMP = "东街社区3号楼前的路灯坏了一个多月，晚上出行很不安全，希望尽快修复。"
GAS = "天宁区茶山街道丽华新村5幢2单元楼道里有很浓的燃气味，已经持续半个小时了，不知道哪家漏气，请赶快派人来看看。"


def intake(client: TestClient) -> str:
    page = client.get("/work/intake")
    assert page.status_code == 200
    return csrf_of(page.text)


def post_intake(client: TestClient, **fields: Any) -> Any:
    return client.post("/work/intake", data={"csrf_token": intake(client), "channel": "phone", **fields},
                       follow_redirects=False)


def orders(db: Database) -> list[Order]:
    with db.uow(write=False) as uow:
        return list(uow.session.scalars(select(Order).order_by(Order.id)))


def test_the_panel_fragment_raises_the_119_alert_for_a_fire(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": FIRE})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'class="banner emergency"' in fragment.text and "请立即转接 119" in fragment.text
    assert "着火了" in fragment.text  # the words behind the alert, for the agent to confirm with the caller


def test_the_alert_names_whom_else_to_alert_once_in_either_language(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    for lang, also in (("zh", "必要时同时通知"), ("en", "also alert")):
        fragment = agent.post(f"/work/intake/suggest?lang={lang}",
                              data={"csrf_token": intake(agent), "content": GAS}).text
        banner = fragment.split('class="banner emergency"', 1)[1].split("</div>", 1)[0]
        assert banner.lower().count(also.lower()) == 1, banner  # the alert's own words say it; no second line


def test_the_panel_shows_the_emergency_model_s_second_opinion_to_check(signed_in: SignedIn,
                                                                      app_client: TestClient) -> None:
    from hotline.nlp import artifacts
    from hotline.nlp.classifier import Sample, TextClassifier
    from hotline.nlp.emergency_model import CONFIG, training_samples

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    model = TextClassifier(CONFIG)
    model.fit(training_samples([Sample("", LAMP, "x")]), None, 0)
    artifacts.save(model, ctx.settings.models_dir)
    ctx.models.load()
    agent = signed_in("agent")
    scene = "对门那家的孩子一直在哭喊妈妈别打了，已经快半个小时了，还有东西摔碎的声音"
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": scene}).text
    assert 'class="banner possible-emergency"' in fragment and 'data-line="110"' in fragment
    assert "疑似紧急" in fragment and "请核实，属实即转接 110" in fragment
    assert 'class="banner emergency"' not in fragment  # not the rules' certainty
    lamp = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": LAMP}).text
    assert "possible-emergency" not in lamp
    token = csrf_of(agent.get("/work/intake?lang=en").text)
    english = agent.post("/work/intake/suggest", data={"csrf_token": token, "content": scene}).text
    assert "Possible emergency · check, and if so transfer to 110" in english and "no rule matched" in english
    # Registered, the order opens with the transfer form ready for 110, but nothing ticked: the agent checks first.
    registered = post_intake(agent, do="register", content=scene)
    assert registered.status_code == 303
    page = agent.get(registered.headers["location"]).text
    assert 'id="transfer-form"' in page and 'name="target" list="lines" maxlength="32" size="8" value="110"' in page
    assert "required checked" not in page and '<section class="urgent">' not in page


def test_an_unsure_sub_topic_shows_the_level_1_topic_the_order_is_filed_under_first(
        signed_in: SignedIn, app_client: TestClient) -> None:
    from hotline.nlp.training import TOPIC_LEVEL2, train_task
    from tests.helpers import unsure_sub_topic_samples

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    train_task(TOPIC_LEVEL2, unsure_sub_topic_samples(), ctx.settings.models_dir)
    ctx.models.load()
    agent = signed_in("agent")
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent),
                                                        "content": "我家楼道的水管漏水了，希望尽快处理"}).text
    offered = re.findall(r'data-fill="topic" data-value="([^"]+)"', fragment)
    assert offered[0] == "城乡建设" and set(offered[1:3]) == {"城乡建设/供水", "城乡建设/排水"}
    sure = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent),
                                                    "content": "楼下烧烤店油烟扰民，晚上还很吵"}).text
    assert re.findall(r'data-fill="topic" data-value="([^"]+)"', sure)[0] == "环境保护/噪音"


def test_a_rule_on_a_guessed_topic_shows_how_sure_the_guess_is(signed_in: SignedIn, app_client: TestClient,
                                                               org: Org) -> None:
    from hotline.nlp.training import TOPIC_LEVEL2, train_task
    from tests.helpers import unsure_sub_topic_samples

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    train_task(TOPIC_LEVEL2, unsure_sub_topic_samples(), ctx.settings.models_dir)
    ctx.models.load()
    rule = {"topic": "城乡建设", "lead_unit": "water"}
    assert app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    agent = signed_in("agent")
    leak = "我家楼道的水管漏水了，希望尽快处理"
    guessed = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": leak}).text
    unit = re.search(r'id="suggested-unit">(.*?)</div>', guessed, re.S)
    assert unit and "市自来水公司" in unit.group(1) and re.search(r"water · \d+%", unit.group(1))
    assert "问题分类为系统推测" in unit.group(1)
    typed = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": leak,
                                                     "topic": "城乡建设"}).text
    unit = re.search(r'id="suggested-unit">(.*?)</div>', typed, re.S)
    assert unit and "市自来水公司" in unit.group(1) and "%" not in unit.group(1) and "推测" not in unit.group(1)


def test_the_panel_suggests_a_type_with_its_reason_and_a_use_button(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": LAMP,
                                                        "district": "鼓楼区"}).text
    assert "求助" in fragment and "<mark>坏了</mark>" in fragment
    assert 'data-fill="appeal_type" data-value="help"' in fragment and "emergency" not in fragment
    assert "派单目录未覆盖" in fragment  # and why no unit is suggested
    empty = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": "  "}).text
    assert "输入诉求内容后" in empty


def test_without_javascript_the_buttons_render_the_same_panel_and_fill_the_form(signed_in: SignedIn,
                                                                              db: Database) -> None:
    agent = signed_in("agent")
    with unchanged(db):
        page = post_intake(agent, content=FIRE, do="suggest")
        assert page.status_code == 200 and "请立即转接 119" in page.text and FIRE in page.text
        used = post_intake(agent, content=LAMP, use="appeal_type:help")
    assert used.status_code == 200 and '<option value="help" selected>' in used.text


def test_the_recognised_area_fills_the_area_fields_with_one_button(signed_in: SignedIn, db: Database) -> None:
    agent = signed_in("agent")
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": LAMP}).text
    assert 'id="suggested-place"' in fragment and 'data-district="鼓楼区"' in fragment
    assert 'data-street="东街街道"' in fragment and 'value="place:鼓楼区|东街街道|' in fragment
    with unchanged(db):  # without JavaScript: the same page, the area filled where it was recognised
        page = post_intake(agent, content=LAMP, community="三号楼片区", use="place:鼓楼区|东街街道|").text
    assert 'name="district" value="鼓楼区"' in page and 'name="street" value="东街街道"' in page
    assert 'name="community" value="三号楼片区"' in page  # not recognised: what the agent typed stays


def test_registering_stores_the_order_with_its_suggestions_and_shows_the_number(signed_in: SignedIn,
                                                                                db: Database) -> None:
    agent = signed_in("agent")
    response = post_intake(agent, do="register", content=LAMP, caller_name="李女士", caller_phone="13800138000",
                           district="鼓楼区", street="东街街道", topic="城市管理/路灯井盖")
    assert response.status_code == 303
    [order] = orders(db)
    assert response.headers["location"] == f"/work/orders/{order.number}"
    assert order.appeal_type.value == "help" and order.topic == "城市管理/路灯井盖"  # the type filled by the rules
    with db.uow(write=False) as uow:
        assert uow.session.get(OrderSuggestion, order.id) is not None  # the API's lean suggestions, stored
    page = agent.get(response.headers["location"])
    assert f"已登记工单 {order.number}" in page.text and order.lookup_code in page.text
    assert "13800138000" not in page.text and "138****8000" in page.text
    assert f"已登记工单 {order.number}" not in agent.get(response.headers["location"]).text  # shown once


def test_a_registered_emergency_reminds_the_agent_to_transfer(signed_in: SignedIn, db: Database) -> None:
    agent = signed_in("agent")
    response = post_intake(agent, do="register", content=FIRE)
    page = agent.get(response.headers["location"])
    assert 'id="flash-alert"' in page.text and "119" in page.text
    assert 'value="119"' in page.text  # the transfer form is filled in with the line


def test_the_urgency_is_automatic_unless_chosen_and_the_panel_says_what_an_emergency_gets(
        signed_in: SignedIn, db: Database) -> None:
    agent = signed_in("agent")
    form = agent.get("/work/intake").text
    assert '<select name="urgency"><option value="">（自动' in form  # the default: nothing chosen
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": FIRE}).text
    assert 'class="urgency-note"' in fragment and "紧急程度自动定为“特急”" in fragment
    lamp = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": LAMP}).text
    assert 'class="urgency-note"' not in lamp
    chosen = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": FIRE,
                                                      "urgency": "normal"}).text
    assert 'class="banner emergency"' in chosen and 'class="urgency-note"' not in chosen  # the agent's choice
    post_intake(agent, do="register", content=FIRE, urgency="")
    post_intake(agent, do="register", content=FIRE, urgency="urgent")
    post_intake(agent, do="register", content=LAMP, urgency="")
    assert [o.urgency.value for o in orders(db)] == ["critical", "urgent", "normal"]
    page = agent.get(f"/work/orders/{orders(db)[0].number}").text
    assert "紧急情况识别：紧急程度定为特急" in page  # the timeline says why


def test_a_double_submitted_form_registers_once(signed_in: SignedIn, db: Database) -> None:
    agent = signed_in("agent")
    token = intake(agent)
    form = {"csrf_token": token, "channel": "phone", "content": LAMP, "do": "register", "form_id": "form-1"}
    first = agent.post("/work/intake", data=form, follow_redirects=False)
    second = agent.post("/work/intake", data=form, follow_redirects=False)
    assert first.headers["location"] == second.headers["location"] and len(orders(db)) == 1
    # Back, an edit, submit again: refused as a different appeal, with a fresh form id to register it anew.
    changed = agent.post("/work/intake", data={**form, "content": LAMP + "还有一盏也坏了。"}, follow_redirects=False)
    assert changed.status_code == 409 and 'value="form-1"' not in changed.text and "还有一盏也坏了" in changed.text
    fresh = re.search(r'name="form_id" value="([^"]+)"', changed.text)
    assert fresh is not None
    again = agent.post("/work/intake", data={**form, "content": LAMP + "还有一盏也坏了。", "form_id": fresh.group(1)},
                       follow_redirects=False)
    assert again.status_code == 303 and len(orders(db)) == 2


def test_registering_without_the_csrf_token_is_refused_and_changes_nothing(signed_in: SignedIn,
                                                                          db: Database) -> None:
    agent = signed_in("agent")
    dispatcher_token = intake(signed_in("dispatcher"))  # another session's token is no better
    with unchanged(db):
        for data in ({}, {"csrf_token": "x" * 43}, {"csrf_token": dispatcher_token}):
            response = agent.post("/work/intake", data={"channel": "phone", "content": LAMP, "do": "register", **data})
            assert response.status_code == 403 and "刷新页面" in response.text
        assert agent.post("/work/intake/suggest", data={"content": FIRE}).status_code == 403
    assert orders(db) == []


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({"content": ""}, 422, "请填写“诉求内容”"),
    ({"content": "   "}, 422, "请填写“诉求内容”"),
    ({"content": "啊" * 10_001}, 422, "“诉求内容”不能超过"),
    ({"content": "路灯坏了\x00"}, 422, "空字符"),
    ({"content": LAMP, "title": "标" * 201}, 422, "“标题”不能超过 200 个字"),
    ({"content": LAMP, "caller_phone": "12"}, 422, "电话号码"),
    ({"content": LAMP, "appeal_type": "nonsense"}, 422, "取值无效"),
    ({"content": LAMP, "channel": "😀"}, 422, "取值无效"),
])
def test_bad_input_shows_the_form_again_with_the_reason_and_registers_nothing(
        signed_in: SignedIn, db: Database, fields: dict[str, str], status: int, message: str) -> None:
    agent = signed_in("agent")
    response = post_intake(agent, do="register", **fields)
    assert response.status_code == status and message in response.text and 'id="intake-form"' in response.text
    assert orders(db) == []


def test_a_refusal_names_the_field_as_the_form_labels_it_in_either_language(signed_in: SignedIn,
                                                                            db: Database) -> None:
    agent = signed_in("agent")
    assert "请填写“诉求内容”" in post_intake(agent, do="register", content="").text
    agent.get("/work/intake?lang=en")
    english = post_intake(agent, do="register", content=LAMP, title="标" * 201).text
    assert "Title must not exceed 200 characters" in english and "title must" not in english
    assert orders(db) == []


def test_odd_text_is_suggested_on_and_registered_never_a_500(signed_in: SignedIn, db: Database) -> None:
    agent = signed_in("agent")
    for content in ("😀😀😀🔥🔥", "\ufffd锟斤拷烫烫烫", "<script>alert(1)</script>", "啊" * 9_999):
        fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": content,
                                                            "caller_phone": "1"})
        assert fragment.status_code == 200 and "<script>alert" not in fragment.text
        assert post_intake(agent, do="register", content=content).status_code == 303
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), "content": "a\x00b" * 9000})
    assert fragment.status_code == 200
    assert len(orders(db)) == 4


def test_a_repeat_caller_s_open_order_is_chased_from_intake_instead_of_a_new_order(signed_in: SignedIn,
                                                                                   db: Database) -> None:
    agent = signed_in("agent")
    phone = "13912345678"
    assert post_intake(agent, do="register", title="路灯坏了", content="小区门口的路灯坏了，晚上一片漆黑",
                       caller_phone=phone, district="鼓楼区", street="东街街道").status_code == 303
    first = orders(db)[0].number
    call = {"content": "我之前打过电话反映过，门口路灯还是不亮，怎么还没人修", "caller_phone": phone,
            "district": "鼓楼区", "street": "东街街道"}
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), **call}).text
    assert f'formaction="/work/intake/urge/{first}"' in fragment and "催办此单" in fragment
    stranger = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), **call,
                                                        "caller_phone": "13800001111"}).text
    assert "/work/intake/urge/" not in stranger  # another caller's call is an order of its own (then 并单)
    response = agent.post(f"/work/intake/urge/{first}", data={"csrf_token": intake(agent), "channel": "phone",
                                                              **call}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/work/orders/{first}"
    assert "已完成：催办" in agent.get(f"/work/orders/{first}").text
    kept = orders(db)
    assert len(kept) == 1 and kept[0].urge_count == 1  # chased, and nothing new registered
    with db.uow(write=False) as uow:
        note = uow.session.scalars(select(OrderEvent.details).where(OrderEvent.action == Action.URGE.value)).one()
    assert note["note"] == "来电人再次来电催办：" + call["content"]
    # Refused (here an unknown order): the form comes back as typed, with the reason, and nothing changes.
    unknown = agent.post("/work/intake/urge/HL20990101000001", data={"csrf_token": intake(agent), **call})
    assert unknown.status_code == 404 and call["content"] in unknown.text and len(orders(db)) == 1


def test_english_labels_on_the_intake_page_and_panel(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    page = agent.get("/work/intake?lang=en")
    assert "Register an appeal" in page.text and "Appeal type" in page.text and "Caller" in page.text
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": csrf_of(page.text), "content": FIRE}).text
    assert "Transfer to 119 now" in fragment and "Possible fire" in fragment and "Use" in fragment


def test_the_panel_names_a_repeat_call_and_the_caller_s_words_in_either_language(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    phone = "13912345678"
    first = post_intake(agent, do="register", title="路灯坏了", content="小区门口的路灯坏了，晚上一片漆黑",
                        caller_phone=phone, district="鼓楼区", street="东街街道")
    assert first.status_code == 303
    call = {"content": "我之前打过电话反映过，门口路灯还是不亮，怎么还没人修", "caller_phone": phone,
            "district": "鼓楼区", "street": "东街街道"}
    fragment = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), **call}).text
    repeats = fragment.split('id="repeats"')[1].split("</div>")[0]
    assert '<li class="duplicate">' in repeats and "同一来电人再次反映 — 可并单或催办" in repeats
    assert "再次来电的说法: <mark>之前打过电话</mark> <mark>反映过</mark>" in repeats and "<mark>路灯</mark>" in repeats
    # Another caller with the same words: no repeat call, and no cues shown.
    stranger = agent.post("/work/intake/suggest", data={"csrf_token": intake(agent), **call,
                                                        "caller_phone": "13800001111"}).text
    assert "再次反映" not in stranger.split('id="suggested-types"')[0]
    token = csrf_of(agent.get("/work/intake?lang=en").text)
    english = agent.post("/work/intake/suggest", data={"csrf_token": token, **call}).text
    assert "Same caller again about this order — merge, or chase it (催办)" in english
    assert "the caller says: <mark>之前打过电话</mark>" in english


def test_only_staff_who_register_get_the_intake_page(signed_in: SignedIn) -> None:
    street = signed_in("street")
    page = street.get("/work/intake")
    assert page.status_code == 403 and "承办单位" in page.text
    assert 'href="/work/intake"' not in street.get("/work/orders").text  # not offered in the nav either
    token = csrf_of(street.get("/work/orders").text)
    fragment = street.post("/work/intake/suggest", data={"csrf_token": token, "content": FIRE})
    assert fragment.status_code == 403 and "不能执行“受理登记”" in fragment.text
    assert signed_in("admin").get("/work/intake").status_code == 403


def test_the_topic_field_offers_the_topics_in_use(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    assert post_intake(agent, do="register", content=LAMP, topic="城乡建设/市政设施").status_code == 303
    page = agent.get("/work/intake").text
    assert 'list="topic-choices"' in page and '<option value="城乡建设/市政设施">' in page


def test_only_intake_staff_get_the_panel_or_register(signed_in: SignedIn, db: Database) -> None:
    supervisor = signed_in("supervisor")
    token = csrf_of(supervisor.get("/work/orders").text)
    with unchanged(db):
        fragment = supervisor.post("/work/intake/suggest", data={"csrf_token": token, "content": FIRE,
                                                                 "caller_phone": "13800138000"})
        assert fragment.status_code == 403
        page = supervisor.post("/work/intake", data={"csrf_token": token, "content": LAMP, "do": "register"})
        assert page.status_code == 403


def test_the_community_is_taken_at_intake(signed_in: SignedIn, db: Database) -> None:
    agent = signed_in("agent")
    assert 'name="community"' in agent.get("/work/intake").text
    assert post_intake(agent, do="register", content=LAMP, district="鼓楼区", street="东街街道",
                       community="花园社区").status_code == 303
    assert orders(db)[-1].community == "花园社区"


def test_the_panel_leaves_out_candidates_that_round_to_nothing() -> None:
    from hotline.web.assist import panel_from

    payload = {"appeal_type": {"candidates": [{"label": "complaint", "confidence": None},
                                              {"label": "help", "confidence": None}]},
               "topic": {"candidates": [{"label": "商贸旅游/旅游管理", "confidence": 0.998},
                                        {"label": "医疗卫生/医疗服务", "confidence": 0.0012},
                                        {"label": "城乡建设", "confidence": 0.006}]},
               "unit": {"source": "learned", "candidates": [{"label": "scjgj", "confidence": 0.004}]}}
    panel = panel_from(payload, "zh")
    assert [(c.value, c.confidence) for c in panel.topics] == [("商贸旅游/旅游管理", 100), ("城乡建设", 1)]
    assert [c.value for c in panel.appeal_types] == ["complaint", "help"]  # the rules' say has no percentage
    assert [(c.value, c.confidence) for c in panel.units] == [("scjgj", 0)]  # the first is always shown


def test_the_panel_says_when_learned_routing_proposes_the_government_of_the_order_s_own_area() -> None:
    from hotline.web.assist import panel_from

    payload = {"unit": {"source": "learned", "candidates": [
        {"label": "s-nj", "name": "南街街道办事处", "confidence": 0.8, "territorial_area": "南街街道"},
        {"label": "scjgj", "name": "市市场监督管理局", "confidence": 0.15}]}}
    zh, en = panel_from(payload, "zh"), panel_from(payload, "en")
    assert [c.text for c in zh.units] == ["南街街道办事处（属地：南街街道）", "市市场监督管理局"]
    assert [c.text for c in en.units] == ["南街街道办事处 (territorial: 南街街道)", "市市场监督管理局"]
    assert [c.value for c in zh.units] == ["s-nj", "scjgj"]  # what the dispatch form takes is the unit
