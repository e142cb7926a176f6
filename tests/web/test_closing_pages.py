"""The centre's end of an order on the order page (回访, 重办, 办结), supervision (催办, 督办) and 作废:
each form does what its service does for the roles the lifecycle allows, and nothing for anyone else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hotline.db.models import Order
from hotline.domain.enums import OrderStatus, Satisfaction, Solved
from tests.helpers import LEAD_STAFF, World, drive_to, events_of, status_of, unchanged
from tests.web.conftest import SignedIn, submit

FORMS = ("visit-form", "redo-form", "close-form", "urge-form", "supervise-form", "void-form")


def forms_on(page: str) -> set[str]:
    return {f for f in FORMS if f'id="{f}"' in page}


def order_row(w: World, number: str) -> Order:
    with w.db.uow(write=False) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        uow.session.expunge(order)
        return order


def test_an_agent_records_the_return_visit_and_closes_the_order(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.PENDING_VISIT)
    agent = signed_in("agent")
    page = agent.get(f"/work/orders/{number}").text
    assert forms_on(page) == {"visit-form", "close-form", "urge-form"}
    for choice in ('<option value="partly_solved">部分解决</option>', '<option value="not_rated">未评价</option>'):
        assert choice in page
    status, page = submit(agent, number, "visit", method="phone", solved="solved", satisfaction="satisfied",
                          note="诉求人表示路灯已修好")
    assert status == 200 and "已完成：回访" in page and 'id="order-status">已回访' in page
    assert "解决 · 满意 · 诉求人表示路灯已修好" in page  # the answers, beside the close form
    assert forms_on(page) == {"close-form", "urge-form"}  # a redo is the dispatcher's call
    order = order_row(w, number)
    assert (order.visit_solved, order.visit_satisfaction, order.visit_method) == \
        (Solved.SOLVED, Satisfaction.SATISFIED, "phone")
    assert events_of(w, number)[-1] == ("visit", "pending_visit", "visited")
    status, page = submit(agent, number, "close", note="诉求已解决，回访满意")
    assert status == 200 and "已完成：办结" in page and 'id="order-status">已办结' in page and forms_on(page) == set()
    assert events_of(w, number)[-1] == ("close", "visited", "closed")
    assert order_row(w, number).disposition_note == "诉求已解决，回访满意"


def test_an_order_whose_caller_cannot_be_reached_is_closed_without_a_visit(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.PENDING_VISIT)
    dispatcher = signed_in("dispatcher")
    assert "尚未回访" in dispatcher.get(f"/work/orders/{number}").text
    status, page = submit(dispatcher, number, "close", note="三次回访电话均无人接听")
    assert status == 200 and status_of(w, number) is OrderStatus.CLOSED and order_row(w, number).visited_at is None
    assert "三次回访电话均无人接听" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"solved": "solved", "satisfaction": "very"}, "“满意度”的取值无效"),
    ({"solved": "", "satisfaction": "satisfied"}, "请填写“是否解决”"),
    ({"solved": "solved"}, "请填写“满意度”"),
    ({"solved": "solved", "satisfaction": "satisfied", "method": "fax"}, "“回访方式”的取值无效"),
])
def test_a_visit_needs_both_answers_from_their_lists(signed_in: SignedIn, w: World, fields: dict[str, str],
                                                     message: str) -> None:
    number = drive_to(w, OrderStatus.PENDING_VISIT)
    with unchanged(w, number):
        status, page = submit(signed_in("agent"), number, "visit", **fields)
    assert status == 422 and message in page and 'id="action-error"' in page


def test_the_dispatcher_sends_an_unsolved_order_back_to_be_redone(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.VISITED)
    dispatcher = signed_in("dispatcher")
    assert forms_on(dispatcher.get(f"/work/orders/{number}").text) == {"redo-form", "close-form", "urge-form"}
    with unchanged(w, number):
        status, page = submit(dispatcher, number, "redo", reason="  ")
        assert status == 422 and "重办原因不能为空" in page
    status, page = submit(dispatcher, number, "redo", reason="诉求人反映路灯仍不亮")
    assert status == 200 and "已完成：重办" in page and 'id="order-status">办理中' in page
    assert events_of(w, number)[-1] == ("redo", "visited", "handling")
    assert order_row(w, number).redo_count == 1 and 'id="order-reply"' not in page  # the old reply is gone


def test_a_supervisor_urges_and_supervises_a_running_order(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.HANDLING)
    supervisor = signed_in("supervisor")
    page = supervisor.get(f"/work/orders/{number}").text
    assert forms_on(page) == {"urge-form", "supervise-form"} and '<details open>' in page  # their work: open
    with unchanged(w, number):
        status, page = submit(supervisor, number, "urge", note="")
        assert status == 422 and "催办意见不能为空" in page
    status, page = submit(supervisor, number, "urge", note="请于本周内办结")
    assert status == 200 and "已完成：催办" in page and "已催办 1 次" in page
    status, page = submit(supervisor, number, "supervise", note="超期风险，列入督办")
    assert status == 200 and "已完成：督办" in page and "已列入督办 · 已催办 1 次" in page
    assert events_of(w, number)[-2:] == [("urge", "handling", "handling"), ("supervise", "handling", "handling")]
    order = order_row(w, number)
    assert order.supervised and order.urge_count == 1 and order.status is OrderStatus.HANDLING


def test_voiding_warns_and_needs_a_reason_and_the_confirmation(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.DISPATCHED)
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert "void-form" in forms_on(page) and "不能恢复" in page and 'name="confirm" value="1" required' in page
    with unchanged(w, number):
        status, page = submit(dispatcher, number, "void", reason="测试数据")
        assert status == 422 and "请先勾选确认框" in page
        status, page = submit(dispatcher, number, "void", reason="", confirm="1")
        assert status == 422 and "作废原因不能为空" in page
    status, page = submit(dispatcher, number, "void", reason="坐席误录的测试工单", confirm="1")
    assert status == 200 and "已完成：作废" in page and 'id="order-status">已作废' in page and forms_on(page) == set()
    assert events_of(w, number)[-1] == ("void", "dispatched", "voided")
    assert "坐席误录的测试工单" in page


@pytest.mark.parametrize(("who", "action", "status_before", "fields"), [
    (LEAD_STAFF, "visit", OrderStatus.PENDING_VISIT, {"solved": "solved", "satisfaction": "satisfied"}),
    (LEAD_STAFF, "close", OrderStatus.VISITED, {}),
    (LEAD_STAFF, "urge", OrderStatus.HANDLING, {"note": "自己催自己"}),
    (LEAD_STAFF, "void", OrderStatus.DISPATCHED, {"reason": "不想办", "confirm": "1"}),
    ("agent", "redo", OrderStatus.VISITED, {"reason": "不满意"}),
    ("agent", "void", OrderStatus.DISPATCHED, {"reason": "误录", "confirm": "1"}),
    ("agent", "supervise", OrderStatus.HANDLING, {"note": "列入督办"}),
    ("supervisor", "visit", OrderStatus.PENDING_VISIT, {"solved": "solved", "satisfaction": "satisfied"}),
    ("supervisor", "close", OrderStatus.PENDING_VISIT, {}),
    ("admin", "urge", OrderStatus.HANDLING, {"note": "请尽快"}),
])
def test_the_centres_closing_forms_posted_by_the_wrong_role_are_refused(
        signed_in: SignedIn, w: World, who: str, action: str, status_before: OrderStatus,
        fields: dict[str, str]) -> None:
    number = drive_to(w, status_before)
    client = signed_in(who)
    assert f'id="{action}-form"' not in client.get(f"/work/orders/{number}").text  # not offered …
    with unchanged(w, number):
        status, page = submit(client, number, action, **fields)  # … and refused when posted by hand
    assert status == 403 and 'id="action-error"' in page


def test_the_closing_forms_in_english(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.PENDING_VISIT)
    page = signed_in("dispatcher").get(f"/work/orders/{number}?lang=en").text
    for words in ("Record the visit", "Solved?", "Satisfied?", "Partly solved", "Basically satisfied", "Close",
                  "Urge and supervise", "Not visited yet"):
        assert words in page
