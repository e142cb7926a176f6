"""工单队列: awaiting dispatch first for the centre, a unit's own orders for a unit, the 待回访 and 已超期
shortcuts, search and pages."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action
from tests.conftest import Clock, Org
from tests.helpers import World, act, drive_to, register
from tests.web.conftest import SignedIn

NUMBER = re.compile(r'<a href="/work/orders/(HL\d+)">')


def listed(client: TestClient, query: str = "") -> list[str]:
    page = client.get(f"/work/orders{query}")
    assert page.status_code == 200, page.text
    return NUMBER.findall(page.text)


def test_the_centre_starts_with_the_orders_awaiting_dispatch(signed_in: SignedIn, w: World) -> None:
    dispatched = register(w)
    act(w, Action.DISPATCH, dispatched)
    waiting = register(w, content="小区垃圾连续三天无人清运，气味很大。")
    dispatcher = signed_in("dispatcher")
    assert listed(dispatcher) == [waiting]
    assert listed(dispatcher, "?status=all") == [waiting, dispatched]  # newest first
    assert listed(dispatcher, "?status=dispatched") == [dispatched]
    assert listed(dispatcher, "?q=垃圾") == [waiting]  # a search looks in every status


def test_the_search_box_takes_what_a_caller_quotes_number_lookup_code_or_phone(signed_in: SignedIn,
                                                                               w: World) -> None:
    from sqlalchemy import select

    from hotline.db.models import Order

    theirs = register(w, caller_phone="13912345678")
    other = register(w, caller_phone="13800000000", content="小区垃圾连续三天无人清运，气味很大。")
    with w.db.uow(write=False) as uow:
        code = uow.session.scalar(select(Order.lookup_code).where(Order.number == theirs))
    agent = signed_in("agent")
    for quoted in (theirs, theirs.lower(), f" {code} ", code.lower()):
        opened = agent.get("/work/orders", params={"q": quoted}, follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == f"/work/orders/{theirs}", quoted
    for phone in ("13912345678", "139 1234 5678", "+86 139-1234-5678"):
        assert listed(agent, "?" + urlencode({"q": phone})) == [theirs], phone
    assert listed(agent, "?q=13800000000") == [other]
    # A unit neither opens an order it does not handle by its number nor searches by phone.
    unit = signed_in("district")
    assert unit.get("/work/orders", params={"q": theirs}, follow_redirects=False).status_code == 200
    assert listed(unit, "?q=13912345678") == []


def test_a_unit_sees_only_its_own_orders(signed_in: SignedIn, w: World) -> None:
    ours = register(w)
    act(w, Action.DISPATCH, ours)  # to 鼓楼区 (d-gl)
    register(w)  # not dispatched: nobody's yet
    assert listed(signed_in("district")) == [ours]
    assert listed(signed_in("street")) == []  # 东街 is below 鼓楼区, not above it
    page = signed_in("water").get("/work/orders?lang=en")
    assert "No orders match." in page.text and "Awaiting dispatch" not in page.text


def test_the_return_visit_and_overdue_shortcuts(signed_in: SignedIn, w: World, clock: Clock) -> None:
    to_visit = drive_to(w, OrderStatus.PENDING_VISIT)
    late = drive_to(w, OrderStatus.HANDLING)
    clock.advance(days=40)  # past every handling limit; an order awaiting its visit is not "overdue"
    fresh = drive_to(w, OrderStatus.HANDLING)
    agent = signed_in("agent")
    page = agent.get("/work/orders").text
    assert 'href="/work/orders?status=pending_visit"' in page and 'href="/work/orders?status=all&amp;overdue=1"' in page
    assert listed(agent, "?status=pending_visit") == [to_visit]
    assert listed(agent, "?status=all&overdue=1") == listed(agent, "?overdue=1") == [late]  # every status
    assert listed(agent, "?status=handling") == [fresh, late]
    page = agent.get("/work/orders?overdue=1").text
    assert 'id="tab-overdue" aria-current="page"' in page and 'name="overdue" value="1" checked' in page
    with w.db.uow(write=False) as uow:  # how late, in days begun
        due = uow.session.scalar(select(Order.due_at).where(Order.number == late))
    days = math.ceil((clock() - due) / timedelta(days=1))
    assert days > 1 and f'<strong class="nowrap">已超期 {days} 天</strong>' in page
    assert f"overdue by {days} d" in agent.get("/work/orders?overdue=1&lang=en").text
    district = signed_in("district")  # a unit: its own overdue orders, and no return-visit desk
    assert listed(district, "?overdue=1") == [late]
    assert 'id="tab-pending-visit"' not in district.get("/work/orders").text


def test_the_centre_has_desks_for_returns_to_rule_on_and_replies_to_review(signed_in: SignedIn, w: World) -> None:
    returned = drive_to(w, OrderStatus.RETURN_REQUESTED)
    replied = drive_to(w, OrderStatus.REPLIED)
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get("/work/orders").text
    assert "退单待审" in page and "答复待审" in page
    assert listed(dispatcher) == []  # neither awaits dispatch, so the default desk does not show them
    assert listed(dispatcher, "?status=return_requested") == [returned]
    assert listed(dispatcher, "?status=replied") == [replied]
    assert 'id="tab-return-requested" aria-current="page"' in dispatcher.get(
        "/work/orders?status=return_requested").text
    assert 'id="tab-return-requested"' not in signed_in("district").get("/work/orders").text  # the centre's desks


def test_the_queue_pages_by_the_list_services_cursor(signed_in: SignedIn, w: World, clock: Clock) -> None:
    numbers = []
    for _ in range(23):
        numbers.append(register(w))
        clock.advance(minutes=1)
    agent = signed_in("agent")
    page = agent.get("/work/orders").text
    first = NUMBER.findall(page)
    assert first == numbers[::-1][:20]
    next_url = re.search(r'href="([^"]+)" id="next-page"', page)
    assert next_url is not None
    rest = agent.get(next_url.group(1).replace("&amp;", "&")).text
    assert NUMBER.findall(rest) == numbers[::-1][20:] and 'id="next-page"' not in rest


@pytest.mark.parametrize("query", ["?status=nonsense", "?cursor=%00", "?cursor=bm90LWEtY3Vyc29y",
                                   "?q=" + "长" * 101, "?q=%00", "?overdue=%00"])
def test_a_bad_filter_is_a_page_with_the_reason_never_a_500(signed_in: SignedIn, query: str) -> None:
    page = signed_in("agent").get(f"/work/orders{query}")
    assert page.status_code == 422 and 'id="error"' in page.text and "<html" in page.text


def test_an_emergency_still_awaiting_dispatch_stands_out_in_the_centres_queue(
        signed_in: SignedIn, app_client: TestClient, org: Org, w: World) -> None:
    from hotline.nlp import artifacts
    from hotline.nlp.classifier import TextClassifier
    from hotline.nlp.emergency_model import CONFIG, training_samples

    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    model = TextClassifier(CONFIG)
    model.fit(training_samples([]), None, 0)
    artifacts.save(model, ctx.settings.models_dir)
    ctx.models.load()

    def registered(content: str) -> str:  # through the API, which stores the suggestions with the order
        response = app_client.post("/api/v1/orders", json={"channel": "phone", "content": content},
                                   headers=org.headers("agent"))
        assert response.status_code == 201, response.text
        return str(response.json()["number"])

    fire = registered("我家楼下着火了，浓烟很大，有人被困在三楼，快派人来！")
    doubt = registered("楼顶上站着个女的，一直在哭，脚都踩到边上了")
    lamp = registered("东街社区3号楼前的路灯坏了一个多月，晚上出行很不安全。")
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get("/work/orders").text

    def row(number: str) -> str:
        table = page[page.index('id="queue"'):]
        return table[table.index(f'<a href="/work/orders/{number}">'):].split("</tr>", 1)[0]

    def waiting(html: str) -> list[str]:  # the emergencies listed above the queue, whatever its page
        if 'id="emergencies-waiting"' not in html:
            return []
        return NUMBER.findall(html[html.index('id="emergencies-waiting"'):].split("</div>", 1)[0])

    assert '<span class="flag emergency">紧急警示 · 119</span>' in row(fire)
    assert '<span class="flag possible-emergency">疑似紧急 · 110</span>' in row(doubt)
    assert "flag" not in row(lamp)
    assert waiting(page) == [doubt, fire] and "紧急警示尚未处理" in page
    assert waiting(dispatcher.get("/work/orders?status=closed").text) == [doubt, fire]  # on any tab
    act(w, Action.TRANSFER, fire)  # transferred: no longer waiting, no longer flagged
    everything = dispatcher.get("/work/orders?status=all").text
    assert "紧急警示 · 119" not in everything and "疑似紧急 · 110" in everything and waiting(everything) == [doubt]
    assert "Possible emergency · 110" in dispatcher.get("/work/orders?lang=en").text
    act(w, Action.DISPATCH, doubt)
    assert waiting(dispatcher.get("/work/orders").text) == []
    assert waiting(signed_in("district").get("/work/orders").text) == []  # units get no emergency list


def test_a_deadline_reads_as_24_00_of_the_day_it_ends_not_00_00_of_the_next(signed_in: SignedIn, w: World,
                                                                              app_client: TestClient) -> None:
    number = register(w)
    order = act(w, Action.DISPATCH, number)
    assert order.due_at is not None
    local = order.due_at.astimezone(w.ctx.tz)
    assert (local.hour, local.minute) == (0, 0)  # the calendar's 24:00 is stored as the next day's 00:00
    ends = f"{(local.date() - timedelta(days=1)).isoformat()} 24:00"
    next_midnight = local.strftime("%Y-%m-%d %H:%M")
    dispatcher = signed_in("dispatcher")
    for page in (dispatcher.get("/work/orders?status=all").text, dispatcher.get(f"/work/orders/{number}").text,
                 signed_in("district").get("/work/orders").text,
                 app_client.get("/status", params={"code": order.lookup_code}).text):
        assert ends in page and next_midnight not in page


def test_a_unit_has_desks_for_the_orders_to_sign_for_and_those_in_hand(signed_in: SignedIn, w: World) -> None:
    to_sign = drive_to(w, OrderStatus.DISPATCHED)
    in_hand = drive_to(w, OrderStatus.HANDLING)
    replied = drive_to(w, OrderStatus.REPLIED)
    district = signed_in("district")
    page = district.get("/work/orders").text
    assert 'id="tab-dispatched"' in page and 'id="tab-handling"' in page
    assert listed(district) == [replied, in_hand, to_sign]  # a unit still starts with all of its orders
    assert listed(district, "?status=dispatched") == [to_sign]
    assert listed(district, "?status=handling") == [in_hand]
    assert 'id="tab-dispatched" aria-current="page">待签收' in district.get("/work/orders?status=dispatched").text
    assert ">To sign for</a>" in district.get("/work/orders?lang=en").text
    assert 'id="tab-dispatched"' not in signed_in("dispatcher").get("/work/orders").text  # the centre has its own


def test_an_overlong_search_says_how_long_it_may_be_in_either_language(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    page = agent.get("/work/orders", params={"q": "路灯" * 60})
    assert page.status_code == 422 and "查询条件“搜索”不能超过 100 个字" in page.text
    page = agent.get("/work/orders", params={"q": "路灯" * 60, "lang": "en"})
    assert page.status_code == 422 and "The filter Search must not exceed 100 characters" in page.text


def test_an_overdue_order_says_how_late_in_hours_then_days() -> None:
    from hotline.web.queue import _late

    now = datetime(2026, 5, 20, 3, 0, tzinfo=UTC)
    assert _late(now + timedelta(minutes=1), now) is None and _late(None, now) is None
    assert _late(now - timedelta(minutes=10), now) == ("hours", 1)
    assert _late(now - timedelta(hours=23, minutes=1), now) == ("hours", 24)
    assert _late(now - timedelta(hours=24), now) == ("days", 1)
    assert _late(now - timedelta(days=2, hours=1), now) == ("days", 3)
