"""Who may do what: the role × action matrix through the services, the unit relations
(lead, assignee, co-unit, overseer, none), and a handful of cells through the HTTP API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order
from hotline.db.uow import Database
from hotline.domain.enums import OrderStatus, Role
from hotline.domain.errors import NotFound, PermissionDenied, ValidationFailed
from hotline.domain.lifecycle import ROLE_ACTIONS, TRANSITIONS, UNIT_SCOPE, Action, UnitRelation
from hotline.services import intake, queries
from hotline.services.access import access_order, relation_to
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.helpers import (
    APPEAL,
    ORDER_ACTIONS,
    World,
    act,
    assert_error,
    drive_to,
    perform,
    post,
    prepare,
    register,
    status_of,
    unchanged,
)

S = OrderStatus
A = Action


@pytest.fixture
def w(db: Database, org: Org, clock: Clock, settings: Settings) -> World:
    return World(db, org, clock, Context.from_settings(settings))


# The published policy, written out by hand so that a change to the tables is a visible decision.
POLICY: dict[Role, set[str]] = {
    Role.AGENT: {"register", "answer", "transfer", "out-of-scope", "merge", "visit", "close", "urge", "classify"},
    Role.DISPATCHER: {"register", "answer", "transfer", "out-of-scope", "merge", "visit", "close", "urge", "classify",
                      "dispatch", "uphold-return", "reject-return", "approve-extension", "deny-extension",
                      "accept-reply", "send-back", "redo", "void"},
    Role.UNIT: {"sign", "return", "pass-down", "respond", "request-extension", "reply"},
    Role.SUPERVISOR: {"urge", "supervise"},
    Role.ADMIN: {"void"},
}
LEAD_ONLY = {"sign", "return", "request-extension"}
LEAD_OR_ASSIGNEE = {"respond", "reply", "pass-down"}
# One user per role; ``district`` is unit staff of the lead unit of every driven order.
USER_OF_ROLE = {Role.AGENT: "agent", Role.DISPATCHER: "dispatcher", Role.UNIT: "district",
                Role.SUPERVISOR: "supervisor", Role.ADMIN: "admin"}
PREFERRED = [S.DISPATCHED, S.HANDLING, S.RETURN_REQUESTED, S.REPLIED, S.PENDING_VISIT, S.VISITED, S.REGISTERED]


def legal_status(action: Action) -> OrderStatus:
    """A status in which ``action`` is legal, preferring ones where the order has a lead unit."""
    return next(s for s in PREFERRED if (s, action) in TRANSITIONS)


def test_the_role_table_is_the_published_policy() -> None:
    assert {role: {a.value for a in actions} for role, actions in ROLE_ACTIONS.items()} == POLICY
    assert {a.value for a, rel in UNIT_SCOPE.items() if rel == {UnitRelation.LEAD}} == LEAD_ONLY
    assert {a.value for a, rel in UNIT_SCOPE.items()
            if rel == {UnitRelation.LEAD, UnitRelation.ASSIGNEE}} == LEAD_OR_ASSIGNEE
    assert set(UNIT_SCOPE) == {Action(a) for a in POLICY[Role.UNIT]}


@pytest.mark.parametrize("role", list(Role))
def test_only_agents_and_dispatchers_may_register_an_appeal(w: World, role: Role) -> None:
    actor = w.actor(USER_OF_ROLE[role])
    if role in (Role.AGENT, Role.DISPATCHER):
        assert register(w, who=USER_OF_ROLE[role])
        return
    with unchanged(w), pytest.raises(PermissionDenied), w.db.uow() as uow:
        intake.register_appeal(uow, appeal=APPEAL, actor=actor, now=w.clock(), ctx=w.ctx)


def granted(role: Role, action: Action) -> bool:
    """Per the policy; unit staff act here as the lead unit, so the unit scope always allows it."""
    return action.value in POLICY[role] and (role is not Role.UNIT or action.value in LEAD_ONLY | LEAD_OR_ASSIGNEE)


@pytest.mark.parametrize("action", ORDER_ACTIONS)
def test_each_role_may_do_exactly_what_the_policy_grants(w: World, action: Action) -> None:
    status = legal_status(action)
    number = drive_to(w, status)  # refused roles all try this one; it must stay as it is
    for role in [r for r in Role if not granted(r, action)]:
        payload = prepare(w, action, number)
        # Unit staff cannot even see an order that has no lead unit yet: 404, not 403.
        expected = NotFound if role is Role.UNIT and status is S.REGISTERED else PermissionDenied
        with unchanged(w, number), pytest.raises(expected):
            perform(w, action, number, payload, USER_OF_ROLE[role])
    for role in [r for r in Role if granted(r, action)]:
        number = drive_to(w, status)
        order = perform(w, action, number, prepare(w, action, number), USER_OF_ROLE[role])
        assert order.status is TRANSITIONS[(status, action)], role


# -- the unit relations ---------------------------------------------------------------------------


def dispatched(w: World, unit: str, co_units: list[str] | None = None, *, sign_as: str | None = None) -> str:
    number = register(w)
    perform(w, A.DISPATCH, number, {"unit_code": unit, "co_unit_codes": co_units or [], "note": None})
    if sign_as:
        act(w, A.SIGN, number, sign_as)
    return number


def relation(w: World, who: str, number: str) -> UnitRelation:
    with w.db.uow(write=False) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        return relation_to(uow.session, w.actor(who), order)


def refused(w: World, action: Action, number: str, who: str, error: type[Exception] = PermissionDenied) -> None:
    payload = prepare(w, action, number)
    with unchanged(w, number), pytest.raises(error):
        perform(w, action, number, payload, who)


def allowed_actions(w: World, who: str, number: str) -> list[Action]:
    with w.db.uow(write=False) as uow:
        return queries.order_view(uow.session, w.actor(who), number).allowed


def test_the_lead_unit_signs_handles_and_replies_to_an_order_dispatched_to_it(w: World) -> None:
    number = dispatched(w, "cgj")
    assert relation(w, "cgj", number) is UnitRelation.LEAD
    for action, status in [(A.SIGN, S.HANDLING), (A.RESPOND, S.HANDLING), (A.REQUEST_EXTENSION, S.HANDLING),
                           (A.REPLY, S.REPLIED)]:
        assert act(w, action, number, "cgj").status is status
    other = dispatched(w, "cgj")
    assert act(w, A.RETURN, other, "cgj").status is S.RETURN_REQUESTED


def test_a_unit_an_order_was_passed_down_to_may_respond_reply_and_pass_on_but_not_sign_return_or_extend(
        w: World) -> None:
    number = dispatched(w, "d-gl", sign_as="district")
    act(w, A.PASS_DOWN, number, "district")  # to s-dj
    assert relation(w, "street", number) is UnitRelation.ASSIGNEE
    assert allowed_actions(w, "street", number) == [A.PASS_DOWN, A.RESPOND, A.REPLY]
    for action in (A.SIGN, A.RETURN, A.REQUEST_EXTENSION):
        refused(w, action, number, "street")
    assert act(w, A.RESPOND, number, "street").status is S.HANDLING
    assert act(w, A.REPLY, number, "street").status is S.REPLIED
    # The lead stays responsible (首接负责制): it could have replied itself, and still sees the order.
    assert relation(w, "district", number) is UnitRelation.LEAD


def test_a_street_passes_an_order_on_to_its_community_but_not_sideways_or_upwards(w: World) -> None:
    number = dispatched(w, "d-gl", sign_as="district")
    act(w, A.PASS_DOWN, number, "district")  # to s-dj
    for target in ("s-nj", "d-gl", "s-dj"):
        with pytest.raises(ValidationFailed):
            perform(w, A.PASS_DOWN, number, {"unit_code": target, "note": None}, "street")
    perform(w, A.PASS_DOWN, number, {"unit_code": "c-dj1", "note": "请社区上门核实"}, "street")
    assert relation(w, "community", number) is UnitRelation.ASSIGNEE
    assert relation(w, "district", number) is UnitRelation.LEAD


def test_a_unit_between_the_lead_and_the_assignee_counts_as_an_assignee(w: World) -> None:
    number = dispatched(w, "d-gl", sign_as="district")
    perform(w, A.PASS_DOWN, number, {"unit_code": "c-dj1", "note": None}, "district")
    assert relation(w, "community", number) is UnitRelation.ASSIGNEE
    assert relation(w, "street", number) is UnitRelation.ASSIGNEE
    assert relation(w, "south", number) is UnitRelation.NONE


def test_a_co_unit_may_read_the_order_but_not_act_on_it(w: World) -> None:
    number = dispatched(w, "cgj", ["scjgj"])
    assert relation(w, "scjgj", number) is UnitRelation.CO_UNIT
    assert allowed_actions(w, "scjgj", number) == []
    refused(w, A.SIGN, number, "scjgj")
    refused(w, A.RETURN, number, "scjgj")
    act(w, A.SIGN, number, "cgj")
    for action in (A.RESPOND, A.REPLY, A.RETURN, A.REQUEST_EXTENSION, A.PASS_DOWN):
        refused(w, action, number, "scjgj")


def test_a_superior_unit_oversees_an_order_led_by_its_subordinate_but_cannot_act(w: World) -> None:
    number = dispatched(w, "c-dj1")
    for who in ("district", "street"):
        assert relation(w, who, number) is UnitRelation.OVERSEER
        assert allowed_actions(w, who, number) == []
        refused(w, A.SIGN, number, who)
    assert act(w, A.SIGN, number, "community").status is S.HANDLING
    refused(w, A.RESPOND, number, "district")


def test_a_superior_of_a_co_unit_oversees_the_order(w: World) -> None:
    number = dispatched(w, "cgj", ["s-dj"])
    assert relation(w, "district", number) is UnitRelation.OVERSEER
    assert relation(w, "south", number) is UnitRelation.NONE


def test_an_unrelated_unit_is_told_the_order_does_not_exist(w: World) -> None:
    number = dispatched(w, "c-dj1")
    for who in ("south", "cgj", "water"):
        assert relation(w, who, number) is UnitRelation.NONE
        with w.db.uow(write=False) as uow, pytest.raises(NotFound):
            access_order(uow.session, w.actor(who), number)
        refused(w, A.SIGN, number, who, NotFound)


def test_an_unrelated_unit_cannot_act_on_a_handling_order_either(w: World) -> None:
    number = drive_to(w, S.HANDLING)
    for action in (A.RESPOND, A.REPLY, A.RETURN, A.PASS_DOWN, A.REQUEST_EXTENSION):
        refused(w, action, number, "cgj", NotFound)
    assert status_of(w, number) is S.HANDLING


# -- through the HTTP API -------------------------------------------------------------------------


def test_http_a_role_without_the_action_gets_403_and_nothing_changes(w: World, app_client: TestClient) -> None:
    number = drive_to(w, S.REGISTERED)
    cells = [("agent", "dispatch", {"unit": "cgj"}), ("supervisor", "void", {"reason": "错误"}),
             ("admin", "answer", {"text": "答复"}), ("dispatcher", "supervise", {"note": "督办"})]
    for who, action, body in cells:
        with unchanged(w, number):
            assert_error(post(app_client, w.org, who, number, action, body), 403, "permission_denied")
    assert post(app_client, w.org, "admin", number, "void", {"reason": "重复录入"}).json()["status"] == "voided"


def test_http_unit_staff_without_the_right_relation_get_403(w: World, app_client: TestClient) -> None:
    number = dispatched(w, "cgj", ["scjgj"])
    with unchanged(w, number):
        body = assert_error(post(app_client, w.org, "scjgj", number, "sign"), 403, "permission_denied")
    assert body["details"] == {"relation": "co_unit", "action": "sign"}
    assert app_client.get(f"/api/v1/orders/{number}", headers=w.org.headers("scjgj")).status_code == 200


def test_http_an_unrelated_unit_gets_404_on_read_and_act_and_the_list_leaves_the_order_out(
    w: World, app_client: TestClient
) -> None:
    number = dispatched(w, "c-dj1")
    mine = dispatched(w, "s-nj")
    for path in ("", "/events", "/caller"):
        assert_error(app_client.get(f"/api/v1/orders/{number}{path}", headers=w.org.headers("south")), 404,
                     "order_not_found")
    with unchanged(w, number):
        assert_error(post(app_client, w.org, "south", number, "sign"), 404, "order_not_found")
    listed = app_client.get("/api/v1/orders", headers=w.org.headers("south")).json()["items"]
    assert [o["number"] for o in listed] == [mine]
    overseen = app_client.get("/api/v1/orders", headers=w.org.headers("district")).json()["items"]
    assert {o["number"] for o in overseen} == {number, mine}


def test_http_the_detail_view_offers_each_relation_only_its_actions(w: World, app_client: TestClient) -> None:
    number = dispatched(w, "d-gl", ["cgj"], sign_as="district")
    act(w, A.PASS_DOWN, number, "district")

    def offered(who: str) -> list[str]:
        response = app_client.get(f"/api/v1/orders/{number}", headers=w.org.headers(who))
        assert response.status_code == 200, response.text
        return list(response.json()["allowed_actions"])

    assert offered("district") == ["return", "pass-down", "respond", "request-extension", "reply"]
    assert offered("street") == ["pass-down", "respond", "reply"]
    assert offered("cgj") == []
    # Below the assignee there is nothing to see.
    assert app_client.get(f"/api/v1/orders/{number}", headers=w.org.headers("community")).status_code == 404
    assert offered("supervisor") == ["urge", "supervise"]
    assert offered("admin") == []
