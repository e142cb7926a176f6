"""One order on the workbench: suggestions and the centre's forms for centre staff, the order alone for units."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order, OrderEvent, PiiAccess, User
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action
from tests.conftest import Org
from tests.helpers import World, act, register, status_of, unchanged
from tests.web.conftest import SignedIn, csrf_of, submit


def catalogue_rule(app_client: TestClient, org: Org, **rule: object) -> None:
    response = app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin"))
    assert response.status_code == 201, response.text


def test_a_dispatcher_sees_the_suggested_unit_with_its_rule_and_dispatches_to_it(
        app_client: TestClient, org: Org, signed_in: SignedIn, w: World) -> None:
    catalogue_rule(app_client, org, topic="城市管理/路灯井盖", lead_unit="cgj", co_units=["d-gl"])
    number = register(w)
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert 'id="assist"' in page and "派单目录第" in page and "市城市管理局" in page
    assert '<option value="cgj" selected>' in page  # the lead unit pre-filled from the suggestion …
    assert page.count('<option value="d-gl" selected>') == 1  # … and the co-unit
    assert '<select name="urgency">' in page  # the urgency may be corrected until the dispatch …
    status, page = submit(dispatcher, number, "classify", appeal_type="complaint", topic="城市管理/路灯井盖",
                          urgency="urgent")
    assert status == 200 and "一般 → 紧急" in page
    status, page = submit(dispatcher, number, "dispatch", unit="cgj", co_units="d-gl")
    assert '<select name="urgency">' not in page  # … which counted the deadline from it
    assert status == 200 and "已完成：派单" in page and 'id="order-status">待签收' in page
    assert status_of(w, number) is OrderStatus.DISPATCHED
    assert "确认分类" in page and "市城市管理局（cgj）" in page  # the timeline and the lead unit
    assert 'id="dispatch-form"' not in page  # dispatched: no second dispatch is offered
    with w.db.uow(write=False) as uow:  # the unit the page showed is recorded beside the choice
        details = uow.session.scalars(select(OrderEvent.details).join(Order, Order.id == OrderEvent.order_id)
                                      .where(Order.number == number, OrderEvent.action == Action.DISPATCH.value)).one()
    assert (details["suggested_unit"], details["suggested_by"]) == ("cgj", "catalogue")


def test_the_suggested_unit_s_rule_is_named_alike_in_either_language(
        app_client: TestClient, org: Org, signed_in: SignedIn, w: World) -> None:
    catalogue_rule(app_client, org, topic="城市管理/路灯井盖", lead_unit="cgj")
    catalogue_rule(app_client, org, topic="城乡建设", territorial_level="district")
    lamp, building = register(w), register(w, topic="城乡建设/违法建设")
    dispatcher = signed_in("dispatcher")
    assert "派单目录第 1 版规则：城市管理/路灯井盖" in dispatcher.get(f"/work/orders/{lamp}").text
    english = dispatcher.get(f"/work/orders/{lamp}?lang=en").text
    assert "Dispatch catalogue rule (revision 1): 城市管理/路灯井盖" in english
    chinese = dispatcher.get(f"/work/orders/{building}?lang=zh").text
    english = dispatcher.get(f"/work/orders/{building}?lang=en").text
    assert "规则：城乡建设，属地鼓楼区" in chinese and "城乡建设, local government of 鼓楼区" in english


def test_a_unit_sees_its_order_without_the_centres_panel_or_forms(signed_in: SignedIn, w: World) -> None:
    number = register(w, caller_confidential=True)
    street = signed_in("street")
    assert street.get(f"/work/orders/{number}").status_code == 404  # not dispatched yet: not theirs
    act(w, Action.DISPATCH, number)  # to the 鼓楼区 government, whose street 东街 sees it as an overseer
    district = signed_in("district")
    page = district.get(f"/work/orders/{number}")
    assert page.status_code == 200 and number in page.text
    for centre_only in ('id="assist"', "智能辅助", 'id="dispatch-form"', 'id="classify-form"', 'id="merge-form"',
                        'id="transfer-form"', "查询码"):
        assert centre_only not in page.text
    assert "保密" in page.text and "李女士" not in page.text and "8000" not in page.text  # the API's masking
    assert signed_in("water").get(f"/work/orders/{number}").status_code == 404  # another unit's order
    # Forms posted by hand are refused by the services: nothing changes.
    with unchanged(w, number):
        status, page = submit(district, number, "dispatch", unit="cgj")
        assert status == 403 and "派单" in page
        assert submit(district, number, "classify", appeal_type="help")[0] == 403


def test_a_unit_sees_by_when_to_sign_for_the_order_and_to_return_it(signed_in: SignedIn, w: World) -> None:
    number = register(w)
    order = act(w, Action.DISPATCH, number)
    assert order.sign_due_at is not None and order.return_due_at is not None
    district = signed_in("district")
    page = district.get(f"/work/orders/{number}").text
    sign_by, return_by = (re.search(rf'id="{key}">([^<]+)<', page) for key in ("sign-due", "return-due"))
    assert sign_by and return_by and "签收时限" in page and "退单时限" in page
    tz = w.ctx.tz
    assert sign_by.group(1)[:10] == (order.sign_due_at.astimezone(tz) - timedelta(minutes=1)).date().isoformat()
    assert return_by.group(1)[:10] == (order.return_due_at.astimezone(tz) - timedelta(minutes=1)).date().isoformat()
    assert "Sign by" in district.get(f"/work/orders/{number}?lang=en").text
    act(w, Action.SIGN, number)
    page = district.get(f"/work/orders/{number}").text
    assert 'id="sign-due"' not in page  # signed for: that deadline is behind it; the return window stays
    assert 'id="return-due"' in page


def test_the_place_names_each_area_once_beside_an_address_that_spells_it_out(signed_in: SignedIn, w: World) -> None:
    spelled = register(w, district="鼓楼区", street="东街街道", community=None, address="鼓楼区东街街道东街社区3号楼")
    short = register(w, district="鼓楼区", street="东街街道", community=None, address="东街社区3号楼")
    bare = register(w, district="鼓楼区", street=None, community=None, address=None)
    agent = signed_in("agent")
    for number, shown in ((spelled, "鼓楼区东街街道东街社区3号楼"), (short, "鼓楼区 东街街道 东街社区3号楼"),
                          (bare, "鼓楼区")):
        cell = re.search(r'id="order-location">([^<]*)<', agent.get(f"/work/orders/{number}").text)
        assert cell and cell[1] == shown


def test_centre_staff_see_the_caller_masked_never_the_clear_number(signed_in: SignedIn, w: World) -> None:
    number = register(w, caller_confidential=True)
    page = signed_in("agent").get(f"/work/orders/{number}").text
    assert "李女士" in page and "138****8000" in page and "13800138000" not in page


def _viewings(w: World, number: str) -> list[tuple[str, str | None]]:
    """(username, purpose) of every audited viewing of the order's clear number."""
    with w.db.uow(write=False) as uow:
        return [(name, purpose) for name, purpose in uow.session.execute(
            select(User.username, PiiAccess.purpose).join(User, User.id == PiiAccess.user_id)
            .join(Order, Order.id == PiiAccess.order_id).where(Order.number == number).order_by(PiiAccess.id))]


def test_an_agent_shows_the_clear_number_for_a_purpose_and_the_viewing_is_audited(
        signed_in: SignedIn, w: World) -> None:
    number = register(w)
    agent = signed_in("agent")
    assert 'id="reveal-form"' in agent.get(f"/work/orders/{number}").text
    status, page = submit(agent, number, "caller", purpose="visit")
    assert status == 200 and "13800138000" in page and 'id="caller-audited"' in page
    assert _viewings(w, number) == [("agent", "回访")]
    again = agent.get(f"/work/orders/{number}").text  # shown once, in that answer only
    assert "13800138000" not in again and "138****8000" in again
    assert submit(agent, number, "caller")[0] == 200  # no purpose chosen: calling the caller back
    assert _viewings(w, number) == [("agent", "回访"), ("agent", "联系诉求人")]


def test_the_lead_unit_may_show_the_number_unless_the_caller_asked_for_confidentiality(
        signed_in: SignedIn, w: World) -> None:
    open_number, secret_number = register(w), register(w, caller_confidential=True)
    for number in (open_number, secret_number):
        act(w, Action.DISPATCH, number)  # the 鼓楼区 government leads
    district = signed_in("district")
    form = district.get(f"/work/orders/{open_number}").text
    assert 'id="reveal-form"' in form and 'value="verify"' in form
    assert 'value="visit"' not in form  # the return visit (回访) is the centre's, not the unit's …
    with unchanged(w, open_number):  # … and posted by hand it is refused
        assert submit(district, open_number, "caller", purpose="visit")[0] == 422
    status, page = submit(district, open_number, "caller", purpose="callback")
    assert status == 200 and "13800138000" in page
    assert 'id="reveal-form"' not in district.get(f"/work/orders/{secret_number}").text
    status, page = submit(district, secret_number, "caller")  # posted by hand: refused, nothing recorded
    assert status == 403 and "无权查看诉求人联系方式" in page and "13800138000" not in page
    assert _viewings(w, secret_number) == [] and _viewings(w, open_number) == [("district", "联系诉求人")]


@pytest.mark.parametrize(("who", "fields", "status"), [
    ("supervisor", {}, 403),  # supervisors read orders, they do not call callers
    ("agent", {"purpose": "curiosity"}, 422),  # only the listed purposes
])
def test_a_refused_number_request_shows_nothing_and_records_nothing(
        signed_in: SignedIn, w: World, who: str, fields: dict[str, str], status: int) -> None:
    number = register(w)
    client = signed_in(who)
    if who == "supervisor":
        assert 'id="reveal-form"' not in client.get(f"/work/orders/{number}").text
    answer, page = submit(client, number, "caller", **fields)
    assert answer == status and "13800138000" not in page
    forged = client.post(f"/work/orders/{number}/caller", data={"csrf_token": "forged"})
    assert forged.status_code == 403 and "13800138000" not in forged.text
    assert _viewings(w, number) == []


@pytest.mark.parametrize(("action", "fields", "status", "message"), [
    ("dispatch", {"unit": "nowhere"}, 404, "单位 nowhere 不存在"),
    ("dispatch", {"unit": ""}, 422, "承办单位"),
    ("dispatch", {"unit": "cgj", "co_units": "cgj"}, 422, "主办单位不能同时为协办单位"),
    ("classify", {}, 422, "请至少确认"),
    ("classify", {"topic": "a//b"}, 422, "问题分类格式不正确"),
    ("classify", {"appeal_type": "x" * 100}, 422, "不能超过"),
    ("merge", {"into": "HL20990101000001", "confirm": "1"}, 404, "不存在"),
    ("merge", {"into": "", "confirm": "1"}, 422, "请填写"),
    ("transfer", {"target": "12319"}, 422, "不是可转接的热线"),
    ("transfer", {"target": "119\x00"}, 422, "空字符"),
    ("transfer", {"target": "119", "note": "😀" * 6000}, 422, "不能超过"),
    ("transfer", {"target": "12315", "emergency": "yes"}, 422, "不是紧急热线"),
    ("transfer", {"target": "119", "emergency": "perhaps"}, 422, "emergency"),
])
def test_a_refused_action_shows_the_order_with_the_reason_and_changes_nothing(
        signed_in: SignedIn, w: World, action: str, fields: dict[str, str], status: int, message: str) -> None:
    number = register(w)
    dispatcher = signed_in("dispatcher")
    with unchanged(w, number):
        got, page = submit(dispatcher, number, action, **fields)
    assert got == status and message in page and 'id="action-error"' in page and number in page


def test_the_state_and_the_role_decide_what_can_be_done(signed_in: SignedIn, w: World) -> None:
    number = register(w)
    act(w, Action.DISPATCH, number)
    second = register(w)
    dispatcher, agent = signed_in("dispatcher"), signed_in("agent")
    with unchanged(w, number), unchanged(w, second):
        status, page = submit(dispatcher, number, "dispatch", unit="cgj")
        assert status == 409 and "不能执行“派单”" in page
        assert submit(agent, second, "dispatch", unit="cgj")[0] == 403  # agents register; dispatchers dispatch
        assert submit(dispatcher, number, "sign")[0] == 403  # a unit's form: the centre may not sign
        assert submit(dispatcher, number, "fly")[0] == 404  # not a form of this page
        assert dispatcher.post(f"/work/orders/{number}/classify", data={"appeal_type": "help"}).status_code == 403


def test_odd_order_numbers_are_not_found_never_a_500(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    token = csrf_of(agent.get("/work/orders").text)
    for number in ("HL2026%00", "X" * 5000, "😀", "'; drop table orders; --", "%2F%00"):
        assert agent.get(f"/work/orders/{number}").status_code == 404
        response = agent.post(f"/work/orders/{number}/classify", data={"csrf_token": token, "appeal_type": "help"})
        assert response.status_code == 404 and "不存在" in response.text


def test_a_repeat_is_merged_into_the_order_the_panel_offers(signed_in: SignedIn, w: World) -> None:
    first = register(w, content="花园路8号楼下的烧烤店每天营业到凌晨两点，油烟噪音扰民，多次反映没人管",
                     caller_phone="13912345678")
    again = register(w, content="花园路8号楼下烧烤店又营业到凌晨两点，油烟和噪音扰民，要求处理",
                     caller_phone="13912345678")
    agent = signed_in("agent")
    page = agent.get(f"/work/orders/{again}").text
    assert 'id="repeats"' in page and f"并单 → {first}" in page and "同一来电人" in page
    assert 'target="_blank"' in page.split('id="repeats"')[1].split("</a>")[0]  # the form being typed stays
    # The earlier order names its repeat, but is not offered to end itself into it: it is the one kept (主单).
    page = agent.get(f"/work/orders/{first}").text
    assert f'href="/work/orders/{again}"' in page and f"并单 → {again}" not in page
    assert "此件晚于本单受理：如属重复，请在该工单上并入本单" in page
    with unchanged(w, again):  # merging ends the order: the box must be ticked
        status, refused = submit(agent, again, "merge", into=first)
        assert status == 422 and "请先勾选确认框" in refused
    status, page = submit(agent, again, "merge", into=first, confirm="1")
    assert status == 200 and 'id="order-status">已并单' in page and f'href="/work/orders/{first}"' in page
    assert status_of(w, again) is OrderStatus.MERGED and status_of(w, first) is OrderStatus.REGISTERED
    kept = agent.get(f"/work/orders/{first}").text  # the kept order lists the repeat merged into it
    assert 'id="merged-here"' in kept and "并入本单" in kept and f'href="/work/orders/{again}"' in kept
    assert "1 件重复诉求已并入本工单" in kept
    assert "Merged here" in agent.get(f"/work/orders/{first}?lang=en").text
    ended = agent.get(f"/work/orders/{again}").text
    assert 'id="merged-here"' not in ended
    assert 'id="repeats"' not in ended and 'id="assist"' in ended  # ended: nothing left to merge or chase


def test_an_agent_answers_a_call_directly_and_the_order_closes(signed_in: SignedIn, w: World) -> None:
    from hotline.domain.enums import Closure

    number = register(w, content="请问办理居住证需要带哪些材料？")
    agent = signed_in("agent")
    page = agent.get(f"/work/orders/{number}").text
    assert 'id="answer-form"' in page and "直接答复办结" in page
    with unchanged(w, number):
        status, refused = submit(agent, number, "answer", text="  ")
        assert status == 422 and "请填写“答复内容”" in refused
    status, page = submit(agent, number, "answer", text="携带身份证、居住登记凭证到社区警务室办理。")
    assert status == 200 and "已完成：直接答复" in page and 'id="answer-form"' not in page
    with w.db.uow(write=False) as uow:
        order = uow.session.scalar(select(Order).where(Order.number == number))
        assert order is not None and order.status is OrderStatus.CLOSED and order.closure is Closure.DIRECT_ANSWER
        assert order.reply_text == "携带身份证、居住登记凭证到社区警务室办理。"
    assert 'id="answer-form"' not in signed_in("district").get(f"/work/orders/{register(w)}").text


def test_a_matter_outside_the_scope_is_closed_with_the_legal_route_the_panel_named(signed_in: SignedIn,
                                                                                  w: World) -> None:
    number = register(w, content="有人在网上骂我诽谤我，我要起诉他")
    agent = signed_in("agent")
    page = agent.get(f"/work/orders/{number}").text
    form = page[page.index('id="out-of-scope-form"'):]
    assert '<option value="litigation" selected>' in form[:form.index("</form>")]  # the scope rules' route
    with unchanged(w, number):
        assert submit(agent, number, "out-of-scope", route="")[0] == 422
        assert submit(agent, number, "out-of-scope", route="lottery")[0] == 422
    status, page = submit(agent, number, "out-of-scope", route="litigation", note="已告知向法院起诉")
    assert status == 200 and "已完成：非受理范围告知" in page
    assert status_of(w, number) is OrderStatus.OUT_OF_SCOPE
    english = agent.get(f"/work/orders/{register(w)}?lang=en").text
    assert "Answer and close" in english and "Tell the legal route (outside the scope)" in english


def test_an_emergency_is_transferred_to_the_line_the_alert_names(signed_in: SignedIn, w: World) -> None:
    number = register(w, content="我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！", topic=None)
    agent = signed_in("agent")
    page = agent.get(f"/work/orders/{number}").text
    assert "请立即转接 119" in page and '<section class="urgent">' in page
    # A rule fired: "emergency" is ticked beforehand, the agent still sees the choice.
    assert 'name="emergency" value="yes" required checked' in page and "非紧急转办" in page
    status, page = submit(agent, number, "transfer", target="119", note="已三方通话转119", emergency="yes")
    assert status == 200 and 'id="order-status">已转出' in page and "119 消防救援" in page
    assert "已转出 · 紧急" in page  # the timeline keeps the agent's word
    with w.db.uow(write=False) as uow:
        assert uow.session.scalars(select(Order.transfer_target).where(Order.number == number)).one() == "119 消防救援"
        details = uow.session.scalars(select(OrderEvent.details).join(Order, Order.id == OrderEvent.order_id)
                                      .where(Order.number == number, OrderEvent.action == "transfer")).one()
        assert details["emergency"] is True


def test_a_transfer_without_an_alert_asks_whether_it_is_an_emergency(signed_in: SignedIn, w: World) -> None:
    number = register(w, content="超市卖过期牛奶，孩子喝了拉肚子，要求商家赔偿")
    agent = signed_in("agent")
    page = agent.get(f"/work/orders/{number}").text
    assert 'name="emergency" value="yes" required>' in page  # nothing ticked: the agent says which
    status, page = submit(agent, number, "transfer", target="12315", emergency="no")
    assert status == 200 and "已转出至" in page and "已转出 · 紧急" not in page
    with w.db.uow(write=False) as uow:
        details = uow.session.scalars(select(OrderEvent.details).join(Order, Order.id == OrderEvent.order_id)
                                      .where(Order.number == number, OrderEvent.action == "transfer")).one()
        assert details["emergency"] is False


def test_the_order_page_in_english(signed_in: SignedIn, w: World) -> None:
    number = register(w)
    page = signed_in("dispatcher").get(f"/work/orders/{number}?lang=en").text
    for words in (f"Order {number}", "Timeline", "Dispatch", "Confirm or correct the classification", "Assistant",
                  "registered", "No catalogue rule and no learned routing"):
        assert words in page


def test_the_order_stays_workable_when_the_assistant_fails(signed_in: SignedIn, w: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from hotline.services import suggestions

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("model file damaged")

    number = register(w)
    monkeypatch.setattr(suggestions, "for_order", broken)
    monkeypatch.setattr(suggestions, "preview", broken)
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}")
    assert page.status_code == 200 and 'id="assist"' not in page.text and 'id="dispatch-form"' in page.text
    token = csrf_of(page.text)
    typed = dispatcher.post("/work/intake", data={"csrf_token": token, "content": "路灯坏了", "do": "suggest"})
    assert typed.status_code == 200 and "路灯坏了" in typed.text  # what the agent typed is not lost


def test_a_topic_the_platform_filled_in_reads_as_its_guess_until_confirmed(
        app_client: TestClient, org: Org, signed_in: SignedIn) -> None:
    from hotline.nlp.classifier import Sample
    from hotline.nlp.training import TOPIC_LEVEL1, train_task

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    noise, water = ["烧烤店油烟扰民", "KTV噪音扰民到深夜", "广场舞音响太吵"], ["小区停水两天", "自来水发黄", "水管爆裂"]
    train_task(TOPIC_LEVEL1, [Sample(t, f"{t}，希望尽快处理。第{i}次反映", label) for i in range(6)
                              for texts, label in ((noise, "环境保护"), (water, "城乡建设")) for t in texts],
               ctx.settings.models_dir)
    ctx.models.load()
    catalogue_rule(app_client, org, topic="城乡建设", lead_unit="water")
    response = app_client.post("/api/v1/orders", json={"channel": "phone", "content": "我们小区又停水了，什么时候来水"},
                               headers=org.headers("agent"))
    assert response.status_code == 201, response.text
    number = response.json()["number"]
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    guessed = r'id="order-topic">城乡建设 <span class="muted" id="topic-guessed">（系统推测，把握 \d+%，待确认）'
    assert re.search(guessed, page)
    assert "问题分类为系统推测" in page  # the rule's unit says what it rests on
    row = re.search(rf'{number}</a>.*?</tr>', dispatcher.get("/work/orders").text, re.S)
    assert row and "城乡建设 <span class=\"muted topic-guessed\"" in row.group(0)  # and so does the queue
    assert re.search(r"\d+% sure; not yet confirmed", dispatcher.get(f"/work/orders/{number}?lang=en").text)
    assert submit(dispatcher, number, "classify", topic="城乡建设")[0] == 200  # confirmed
    page = dispatcher.get(f"/work/orders/{number}?lang=zh").text
    assert 'id="order-topic">城乡建设</td>' in page and "系统推测" not in page
    row = re.search(rf'{number}</a>.*?</tr>', dispatcher.get("/work/orders").text, re.S)
    assert row and "topic-guessed" not in row.group(0)
