"""The handling unit's work on the order page (签收, 联系诉求人, 下派, 答复, 申请延期, 退单) and the centre's
rulings on it (退单审核, 答复审核, 延期审批): each form where the status and the role allow it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import ClassificationFeedback, Order, Unit
from hotline.domain.enums import OrderStatus
from hotline.domain.lifecycle import Action
from hotline.nlp.classifier import Sample
from hotline.nlp.training import UNIT, train_task
from hotline.services.models import Guess
from tests.conftest import Org
from tests.helpers import LEAD_STAFF, World, act, drive_to, events_of, perform, register, status_of, unchanged
from tests.web.conftest import SignedIn, submit

UNIT_FORMS = ("sign-form", "respond-form", "pass-down-form", "reply-form", "request-extension-form", "return-form")
RULINGS = ("rule-return-form", "review-form", "decide-extension-form")


def unit_choices(w: World, number: str) -> list[tuple[str | None, str]]:
    """(suggested, chosen) of each dispatch and re-dispatch of the order, in order."""
    with w.db.uow(write=False) as uow:
        return [(suggested, chosen) for suggested, chosen in uow.session.execute(
            select(ClassificationFeedback.suggested, ClassificationFeedback.chosen)
            .join(Order, Order.id == ClassificationFeedback.order_id).where(Order.number == number)
            .order_by(ClassificationFeedback.id))]


def forms_on(page: str) -> set[str]:
    return {f for f in (*UNIT_FORMS, *RULINGS) if f'id="{f}"' in page}


def test_a_unit_signs_contacts_the_caller_and_replies_and_the_centre_accepts(signed_in: SignedIn, w: World) -> None:
    number = register(w)
    act(w, Action.DISPATCH, number)
    unit = signed_in(LEAD_STAFF)
    assert forms_on(unit.get(f"/work/orders/{number}").text) == {"sign-form", "return-form"}
    status, page = submit(unit, number, "sign")
    assert status == 200 and "已完成：签收" in page and 'id="order-status">办理中' in page
    assert forms_on(page) == {"respond-form", "pass-down-form", "reply-form", "request-extension-form", "return-form"}
    status, page = submit(unit, number, "respond", note="已电话联系李女士，明日上门查看")
    assert status == 200 and "已完成：联系诉求人" in page
    status, page = submit(unit, number, "reply", text="路灯已于今日修复，经回访夜间照明正常。")
    assert status == 200 and 'id="order-status">待审核' in page and forms_on(page) == set()
    assert status_of(w, number) is OrderStatus.REPLIED
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert 'id="review-form"' in page and "路灯已于今日修复" in page  # the reply to review, beside the form
    status, page = submit(dispatcher, number, "review", decision="accept")
    assert status == 200 and "已完成：审核通过" in page and 'id="order-status">待回访' in page
    assert status_of(w, number) is OrderStatus.PENDING_VISIT


def test_the_centre_sends_a_poor_reply_back(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.REPLIED)
    status, page = submit(signed_in("dispatcher"), number, "review", decision="send-back", comment="未说明处理结果")
    assert status == 200 and "已完成：审核退回" in page and status_of(w, number) is OrderStatus.HANDLING


def test_a_unit_returns_an_order_with_reason_and_basis_and_the_centre_re_dispatches_it(signed_in: SignedIn,
                                                                                      w: World) -> None:
    number = register(w)
    act(w, Action.DISPATCH, number)
    unit = signed_in(LEAD_STAFF)
    with unchanged(w, number):
        status, page = submit(unit, number, "return", reason="该事项属市场监管职责", basis="")
        assert status == 422 and "退单依据" in page and 'id="action-error"' in page
    status, page = submit(unit, number, "return", reason="该事项属市场监管职责",
                          basis="《市场监督管理局职能配置规定》第三条")
    assert status == 200 and 'id="order-status">退单待审' in page and forms_on(page) == set()
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert 'id="rule-return-form"' in page and "该事项属市场监管职责" in page and "职能配置规定" in page
    status, page = submit(dispatcher, number, "rule-return", ruling="uphold", unit="scjgj", comment="改派市场监管")
    assert status == 200 and "已完成：退单成立改派" in page and 'id="order-status">待签收' in page
    assert "市市场监督管理局（scjgj）" in page
    # The timeline tells the story: where it went, why it came back, where it went next.
    notes = re.findall(r'<td class="event-note">([^<]*)</td>', page[page.index('id="timeline"'):])
    assert notes == ["", "→ 鼓楼区人民政府（d-gl）", "该事项属市场监管职责；依据：《市场监督管理局职能配置规定》第三条",
                     "→ 市市场监督管理局（scjgj）；改派市场监管；退单理由：该事项属市场监管职责"]


def test_the_re_dispatch_is_pre_filled_with_the_best_unit_that_is_not_returning_the_order(
        signed_in: SignedIn, w: World, app_client: TestClient) -> None:
    lamps = ["路灯坏了", "路灯不亮", "路灯倒了", "路灯一闪一闪", "东街路灯坏了一个多月"]
    samples = ([Sample(t, f"{t}，第{i}次反映", "d-gl") for i in range(6) for t in lamps]
               + [Sample(t, f"{t}，请城管处理，第{i}次", "cgj") for i in range(3) for t in lamps]
               + [Sample("超市卖过期食品", f"第{i}次反映", "scjgj") for i in range(6)])
    ctx = app_client.app.state.hotline.ctx  # type: ignore[attr-defined]
    train_task(UNIT, samples, ctx.settings.models_dir)
    ctx.models.load()
    number = register(w)  # a broken street lamp: the unit model's first choice is the district, d-gl
    act(w, Action.DISPATCH, number)  # … where it went
    act(w, Action.RETURN, number)
    page = signed_in("dispatcher").get(f"/work/orders/{number}").text
    assert re.findall(r'data-unit="([^"]+)"', page)[:2] == ["d-gl", "cgj"]  # the panel's suggestions
    ruling = page[page.index('id="rule-return-form"'):]
    ruling = ruling[:ruling.index("</form>")]
    assert '<option value="cgj" selected>' in ruling  # the next suggestion, not the unit returning it
    assert '<option value="d-gl" selected>' not in ruling
    # Re-dispatched to 市城市管理局, which returns it too: the next ruling skips both units that returned it.
    perform(w, Action.UPHOLD_RETURN, number, {"upheld": True, "unit_code": "cgj", "co_unit_codes": [],
                                              "comment": "改派城管"})
    act(w, Action.RETURN, number, who="cgj")
    page = signed_in("dispatcher").get(f"/work/orders/{number}").text
    ruling = page[page.index('id="rule-return-form"'):]
    ruling = ruling[:ruling.index("</form>")]
    assert '<option value="scjgj" selected>' in ruling
    # Each re-dispatch records the unit it was pre-filled with beside the one chosen, as a dispatch does.
    status, _ = submit(signed_in("dispatcher"), number, "rule-return", ruling="uphold", unit="scjgj")
    assert status == 200
    assert unit_choices(w, number) == [("d-gl", "d-gl"), ("cgj", "cgj"), ("scjgj", "scjgj")]


def test_a_re_dispatch_records_no_suggestion_when_the_form_has_none_to_pre_fill(
        signed_in: SignedIn, w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Learned routing is all but sure of the district, which returns the order: the other candidates round
    to 0 %, so the page shows none and pre-fills nothing, and the re-dispatch records no suggested unit (it
    used to record the 0 % one the dispatcher never saw)."""
    sure = Guess([{"label": "d-gl", "confidence": 0.996}, {"label": "cgj", "confidence": 0.003},
                  {"label": "scjgj", "confidence": 0.001}], "model", "unit-test")
    monkeypatch.setattr(w.ctx.models, "guess", lambda *args, **kwargs: {"unit": sure})
    number = register(w)
    act(w, Action.DISPATCH, number)
    act(w, Action.RETURN, number)
    page = signed_in("dispatcher").get(f"/work/orders/{number}").text
    assert re.findall(r'data-unit="([^"]+)"', page) == ["d-gl"]
    ruling = page[page.index('id="rule-return-form"'):]
    assert " selected>" not in ruling[:ruling.index("</form>")]  # nothing pre-filled
    status, _ = submit(signed_in("dispatcher"), number, "rule-return", ruling="uphold", unit="cgj")
    assert status == 200
    assert unit_choices(w, number) == [("d-gl", "d-gl"), (None, "cgj")]


def test_on_a_return_the_panel_marks_the_units_that_returned_it_and_the_form_says_none_is_left(
        signed_in: SignedIn, w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    sure = Guess([{"label": "d-gl", "confidence": 0.996}, {"label": "cgj", "confidence": 0.004}], "model",
                 "unit-test")
    monkeypatch.setattr(w.ctx.models, "guess", lambda *args, **kwargs: {"unit": sure})
    number = register(w)
    act(w, Action.DISPATCH, number)
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert "returned-mark" not in page and 'id="no-redispatch-suggestion"' not in page  # nothing returned yet
    act(w, Action.RETURN, number)
    page = dispatcher.get(f"/work/orders/{number}").text
    suggested = page[page.index('id="suggested-unit"'):]
    suggested = suggested[:suggested.index("</ul>")]
    assert 'data-unit="d-gl"' in suggested and '<span class="flag returned-mark">已退单</span>' in suggested
    ruling = page[page.index('id="rule-return-form"'):]
    assert "没有未退过此单的建议单位：请选择改派单位" in ruling[:ruling.index("</form>")]
    assert "returned it" in dispatcher.get(f"/work/orders/{number}?lang=en").text


def test_when_the_catalogue_s_unit_returns_the_order_the_learned_routing_suggests_the_next(
        signed_in: SignedIn, w: World, app_client: TestClient, org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule hangs on a topic a person chose, so only its unit was suggested; once that unit returns the order,
    the ruling needs another, and past dispatches rank the rest (the rule's unit marked as having returned it)."""
    rule = {"topic": "城市管理/路灯井盖", "lead_unit": "d-gl"}
    assert app_client.post("/api/v1/catalogue/rules", json=rule, headers=org.headers("admin")).status_code == 201
    learned = Guess([{"label": "cgj", "confidence": 0.80}, {"label": "scjgj", "confidence": 0.15}], "model",
                    "unit-test")
    monkeypatch.setattr(w.ctx.models, "guess", lambda *args, **kwargs: {"unit": learned})
    number = register(w, topic="城市管理/路灯井盖")
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert re.findall(r'data-unit="([^"]+)"', page) == ["d-gl"]  # the rule alone, while nobody returned it
    act(w, Action.DISPATCH, number)
    act(w, Action.RETURN, number)
    page = dispatcher.get(f"/work/orders/{number}").text
    suggested = page[page.index('id="suggested-unit"'):]
    suggested = suggested[:suggested.index("</ul>")]
    assert re.findall(r'data-unit="([^"]+)"', suggested) == ["cgj", "scjgj", "d-gl"]
    assert suggested.count("returned-mark") == 1 and "所指单位已退单；按历史派单学习推荐" in page
    ruling = page[page.index('id="rule-return-form"'):]
    assert '<option value="cgj" selected>' in ruling[:ruling.index("</form>")]
    status, _ = submit(dispatcher, number, "rule-return", ruling="uphold", unit="cgj")
    assert status == 200 and unit_choices(w, number) == [("d-gl", "d-gl"), ("cgj", "cgj")]


def test_a_weak_suggestion_is_listed_but_not_pre_filled_and_the_dispatch_records_none(
        signed_in: SignedIn, w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pre-filled unit is one click from being dispatched: a 20 % guess is shown with its percentage, the form
    starts empty, and the dispatch records that nothing was suggested. Once the first unit returns the order,
    the next one is judged on what is left (0.25 of 0.30 left is 83 %) and pre-fills the re-dispatch."""
    weak = Guess([{"label": "d-gl", "confidence": 0.20}, {"label": "cgj", "confidence": 0.18},
                  {"label": "scjgj", "confidence": 0.15}], "model", "unit-test")
    monkeypatch.setattr(w.ctx.models, "guess", lambda *args, **kwargs: {"unit": weak})
    number = register(w)
    dispatcher = signed_in("dispatcher")
    page = dispatcher.get(f"/work/orders/{number}").text
    assert re.findall(r'data-unit="([^"]+)"', page) == ["d-gl", "cgj", "scjgj"] and "20%" in page
    form = page[page.index('id="dispatch-form"'):]
    assert " selected>" not in form[:form.index("</form>")]
    assert submit(dispatcher, number, "dispatch", unit="d-gl")[0] == 200
    assert unit_choices(w, number) == [(None, "d-gl")]
    act(w, Action.RETURN, number)
    sure_after = Guess([{"label": "d-gl", "confidence": 0.70}, {"label": "cgj", "confidence": 0.25}],
                       "model", "unit-test")
    monkeypatch.setattr(w.ctx.models, "guess", lambda *args, **kwargs: {"unit": sure_after})
    ruling = dispatcher.get(f"/work/orders/{number}").text
    ruling = ruling[ruling.index('id="rule-return-form"'):]
    assert '<option value="cgj" selected>' in ruling[:ruling.index("</form>")]


def test_the_centre_rejects_a_return_and_the_unit_handles_the_order(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.RETURN_REQUESTED)
    dispatcher = signed_in("dispatcher")
    with unchanged(w, number):
        assert submit(dispatcher, number, "rule-return", ruling="uphold", unit="")[0] == 422  # to whom?
        assert submit(dispatcher, number, "rule-return", ruling="maybe")[0] == 422
    status, page = submit(dispatcher, number, "rule-return", ruling="reject", comment="属地管理，请按职责办理")
    assert status == 200 and "已完成：驳回退单" in page and status_of(w, number) is OrderStatus.HANDLING


def test_a_unit_asks_for_more_days_and_the_centre_decides(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.HANDLING)
    unit, dispatcher = signed_in(LEAD_STAFF), signed_in("dispatcher")
    assert 'id="decide-extension-form"' not in dispatcher.get(f"/work/orders/{number}").text  # nothing to decide
    with unchanged(w, number):
        for days in ("abc", "0", "61", "1" * 40):
            assert submit(unit, number, "request-extension", days=days, reason="需协调供电公司")[0] == 422
    status, page = submit(unit, number, "request-extension", days="3", reason="需协调供电公司共同处置")
    assert status == 200 and "3 个工作日 · 需协调供电公司共同处置" in page
    assert 'id="request-extension-form"' not in page  # one request at a time
    status, page = submit(dispatcher, number, "decide-extension", decision="approve")
    assert status == 200 and "已完成：同意延期" in page and 'id="pending-extension"' not in page


@pytest.mark.parametrize(("who", "action", "fields", "status"), [
    ("dispatcher", "reply", {"text": "已处理"}, 403),  # the centre does not reply for the unit
    ("water", "sign", {}, 404),  # another unit's order: not there for them
    ("street", "return", {"reason": "不归我们管", "basis": "无"}, 403),  # passed down to it: only the lead returns
    (LEAD_STAFF, "review", {"decision": "accept"}, 403),  # a unit does not review its own reply
])
def test_forms_posted_by_someone_the_order_is_not_for_are_refused(signed_in: SignedIn, w: World, who: str,
                                                                  action: str, fields: dict[str, str],
                                                                  status: int) -> None:
    number = drive_to(w, OrderStatus.REPLIED if action == "review" else OrderStatus.DISPATCHED)
    if who == "street":
        act(w, Action.SIGN, number)
        act(w, Action.PASS_DOWN, number)  # to 东街街道, whose staff now handle it (首接负责制: the lead answers)
    with unchanged(w, number):
        assert submit(signed_in(who), number, action, **fields)[0] == status


def test_a_street_the_order_was_passed_down_to_may_contact_the_caller_reply_and_pass_it_on_only(
        signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.HANDLING)
    act(w, Action.PASS_DOWN, number)
    page = signed_in("street").get(f"/work/orders/{number}").text
    assert forms_on(page) == {"respond-form", "pass-down-form", "reply-form"}
    assert unit_options(page, "pass-down-form") == ["c-dj1"]  # its community, nothing above or beside it


def unit_options(page: str, form: str) -> list[str]:
    start = page.index(f'id="{form}"')
    return re.findall(r'<option value="([^"]+)">', page[start:page.index("</form>", start)])


def test_a_district_passes_the_order_down_to_its_street_and_stays_the_lead(signed_in: SignedIn, w: World) -> None:
    number = drive_to(w, OrderStatus.HANDLING)
    district = signed_in(LEAD_STAFF)
    page = district.get(f"/work/orders/{number}").text
    # the units below 鼓楼区 only, grouped by kind: its streets, then their communities
    assert unit_options(page, "pass-down-form") == ["s-dj", "s-nj", "c-dj1"]
    assert "<optgroup label=\"街道乡镇\">" in page and "<optgroup label=\"社区村\">" in page
    status, page = submit(district, number, "pass-down", unit="s-dj", note="请东街街道现场核查")
    assert status == 200 and "已完成：下派" in page and 'id="order-status">办理中' in page
    assert "鼓楼区人民政府（d-gl）" in page  # the first receiver stays responsible
    assert events_of(w, number)[-1] == ("pass-down", "handling", "handling")
    with w.db.uow(write=False) as uow:
        assignee = uow.session.scalars(select(Unit.code).join(Order, Order.assignee_unit_id == Unit.id)
                                       .where(Order.number == number)).one()
    assert assignee == "s-dj"
    assert "reply-form" in forms_on(signed_in("street").get(f"/work/orders/{number}").text)


@pytest.mark.parametrize(("unit", "status", "message"), [
    ("", 422, "下派单位不能为空"),
    ("nowhere", 404, "单位 nowhere 不存在"),
    ("cgj", 422, "只能下派给本单位的下级单位"),  # not below 鼓楼区
    ("d-gl", 422, "只能下派给本单位的下级单位"),  # itself
])
def test_a_pass_down_to_a_unit_that_is_not_below_is_refused(signed_in: SignedIn, w: World, unit: str, status: int,
                                                            message: str) -> None:
    number = drive_to(w, OrderStatus.HANDLING)
    with unchanged(w, number):
        got, page = submit(signed_in(LEAD_STAFF), number, "pass-down", unit=unit)
    assert got == status and message in page and 'id="action-error"' in page


def test_a_unit_with_no_units_below_it_gets_no_pass_down_form_and_the_centre_may_not_pass_down(
        signed_in: SignedIn, w: World) -> None:
    number = register(w)
    perform(w, Action.DISPATCH, number, {"unit_code": "cgj", "co_unit_codes": [], "note": None})
    perform(w, Action.SIGN, number, {}, who="cgj")
    assert forms_on(signed_in("cgj").get(f"/work/orders/{number}").text) == {
        "respond-form", "reply-form", "request-extension-form", "return-form"}
    with unchanged(w, number):
        assert submit(signed_in("dispatcher"), number, "pass-down", unit="s-dj")[0] == 403
