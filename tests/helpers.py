"""Test helpers: drive a real order into any status through the services, perform any lifecycle
action with a valid payload, take snapshots to prove that a refused request changed nothing, and
check the shape of HTTP errors.

Orders driven here are dispatched to the 鼓楼区 district government (``d-gl``), whose staff user is
``district``: it has subordinates (``s-dj`` → ``c-dj1``), so every unit action, pass-down included,
can be performed by the lead unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from hotline.db.models import Order, OrderEvent, OutboxMessage, PiiAccess, Unit, User
from hotline.db.uow import Database
from hotline.domain.enums import AppealType, Channel, LegalRoute, OrderStatus, Role, Satisfaction, Solved
from hotline.domain.lifecycle import Action
from hotline.services import classification, closing, handling, intake, suggestions
from hotline.services.auth import Actor, actor_for, issue_token
from hotline.services.context import Context
from tests.conftest import Clock, Org

S = OrderStatus
LEAD_UNIT, LEAD_STAFF = "d-gl", "district"

APPEAL = intake.NewAppeal(
    content="东街社区3号楼前的路灯坏了一个多月，晚上出行很不安全，希望尽快修复。", channel=Channel.PHONE,
    caller_name="李女士", caller_phone="13800138000", appeal_type=AppealType.HELP, topic="城市管理/路灯井盖",
    district="鼓楼区", street="东街街道", address="东街社区3号楼",
)
APPEAL_JSON: dict[str, Any] = {
    "content": APPEAL.content, "channel": "phone", "caller_name": "李女士", "caller_phone": "13800138000",
    "appeal_type": "求助", "topic": "城市管理/路灯井盖",
    "location": {"district": "鼓楼区", "street": "东街街道", "address": "东街社区3号楼"},
}


@dataclass
class World:
    """Everything a service call needs in a test."""

    db: Database
    org: Org
    clock: Clock
    ctx: Context

    def actor(self, who: str) -> Actor:
        return self.org.actors[who]


# The service behind each action on an existing order (REGISTER creates one: ``register``).
SERVICE: dict[Action, Callable[..., Order]] = {
    Action.ANSWER: intake.answer_directly, Action.TRANSFER: intake.transfer_out,
    Action.OUT_OF_SCOPE: intake.mark_out_of_scope, Action.MERGE: intake.merge_order, Action.VOID: intake.void_order,
    Action.DISPATCH: handling.dispatch_order, Action.SIGN: handling.sign_order, Action.RETURN: handling.return_order,
    Action.UPHOLD_RETURN: handling.rule_on_return, Action.REJECT_RETURN: handling.rule_on_return,
    Action.PASS_DOWN: handling.pass_down, Action.RESPOND: handling.respond,
    Action.REQUEST_EXTENSION: handling.request_extension, Action.APPROVE_EXTENSION: handling.decide_extension,
    Action.DENY_EXTENSION: handling.decide_extension, Action.REPLY: handling.reply,
    Action.ACCEPT_REPLY: closing.review_reply, Action.SEND_BACK: closing.review_reply,
    Action.VISIT: closing.record_visit, Action.REDO: closing.redo_order, Action.CLOSE: closing.close_order,
    Action.URGE: closing.urge_order, Action.SUPERVISE: closing.supervise_order,
    Action.CLASSIFY: classification.classify_order,
}
ORDER_ACTIONS = list(SERVICE)

# A user whose role (and relation, for unit staff) allows each action on a driven order.
DEFAULT_ACTOR: dict[Action, str] = {
    Action.ANSWER: "agent", Action.TRANSFER: "agent", Action.OUT_OF_SCOPE: "agent", Action.MERGE: "agent",
    Action.VOID: "dispatcher", Action.DISPATCH: "dispatcher", Action.UPHOLD_RETURN: "dispatcher",
    Action.REJECT_RETURN: "dispatcher", Action.APPROVE_EXTENSION: "dispatcher",
    Action.DENY_EXTENSION: "dispatcher", Action.ACCEPT_REPLY: "dispatcher", Action.SEND_BACK: "dispatcher",
    Action.REDO: "dispatcher", Action.VISIT: "agent", Action.CLOSE: "agent", Action.URGE: "supervisor",
    Action.SUPERVISE: "supervisor", Action.CLASSIFY: "agent",
    **{a: LEAD_STAFF for a in (Action.SIGN, Action.RETURN, Action.PASS_DOWN, Action.RESPOND,
                               Action.REQUEST_EXTENSION, Action.REPLY)},
}

# How to reach each status from a fresh registration. Merged and voided orders go through
# dispatch, so that they have a lead unit whose staff can still see them.
PATHS: dict[OrderStatus, list[Action]] = {
    S.REGISTERED: [],
    S.DISPATCHED: [Action.DISPATCH],
    S.RETURN_REQUESTED: [Action.DISPATCH, Action.RETURN],
    S.HANDLING: [Action.DISPATCH, Action.SIGN],
    S.REPLIED: [Action.DISPATCH, Action.SIGN, Action.REPLY],
    S.PENDING_VISIT: [Action.DISPATCH, Action.SIGN, Action.REPLY, Action.ACCEPT_REPLY],
    S.VISITED: [Action.DISPATCH, Action.SIGN, Action.REPLY, Action.ACCEPT_REPLY, Action.VISIT],
    S.CLOSED: [Action.DISPATCH, Action.SIGN, Action.REPLY, Action.ACCEPT_REPLY, Action.VISIT, Action.CLOSE],
    S.TRANSFERRED: [Action.TRANSFER],
    S.OUT_OF_SCOPE: [Action.OUT_OF_SCOPE],
    S.MERGED: [Action.DISPATCH, Action.SIGN, Action.MERGE],
    S.VOIDED: [Action.DISPATCH, Action.VOID],
}


def register(w: World, *, who: str = "agent", **changes: Any) -> str:
    """Register an appeal through the service; returns the order number."""
    with w.db.uow() as uow:
        order, created = intake.register_appeal(uow, appeal=replace(APPEAL, **changes), actor=w.actor(who),
                                                now=w.clock(), ctx=w.ctx)
        assert created
        return order.number


def prepare(w: World, action: Action, number: str) -> dict[str, Any]:
    """A valid payload for ``action``; sets up what it presupposes (a merge target, a pending
    extension request) *before* the caller takes its snapshot."""
    simple: dict[Action, dict[str, Any]] = {
        Action.ANSWER: {"text": "居住证办理需携带身份证和租房合同到所在街道服务中心办理。"},
        Action.TRANSFER: {"target_number": "119", "note": "火情，已三方通话转119"},
        Action.OUT_OF_SCOPE: {"route": LegalRoute.LITIGATION, "note": "劳动合同纠纷，告知诉讼途径"},
        Action.DISPATCH: {"unit_code": LEAD_UNIT, "co_unit_codes": [], "note": None},
        Action.SIGN: {},
        Action.RETURN: {"reason": "该事项属市场监管职责", "basis": "《市场监督管理局职能配置规定》第三条"},
        Action.UPHOLD_RETURN: {"upheld": True, "unit_code": "scjgj", "co_unit_codes": [], "comment": "改派"},
        Action.REJECT_RETURN: {"upheld": False, "unit_code": None, "co_unit_codes": [], "comment": "属地管理"},
        Action.PASS_DOWN: {"unit_code": "s-dj", "note": "请东街街道处理"},
        Action.RESPOND: {"note": "已电话联系诉求人"},
        Action.REQUEST_EXTENSION: {"days": 3, "reason": "需协调供电公司共同处置"},
        Action.APPROVE_EXTENSION: {"approved": True, "comment": None},
        Action.DENY_EXTENSION: {"approved": False, "comment": "请按期办结"},
        Action.REPLY: {"text": "路灯已于今日修复。"},
        Action.ACCEPT_REPLY: {"accepted": True, "comment": None},
        Action.SEND_BACK: {"accepted": False, "comment": "答复未说明处理结果"},
        Action.VISIT: {"solved": Solved.SOLVED, "satisfaction": Satisfaction.SATISFIED, "note": None,
                       "method": "phone"},
        Action.REDO: {"reason": "诉求人反映路灯仍不亮"},
        Action.CLOSE: {"note": None},
        Action.VOID: {"reason": "重复录入"},
        Action.URGE: {"note": "请尽快办理"},
        Action.SUPERVISE: {"note": "列入督办"},
        Action.CLASSIFY: {"appeal_type": AppealType.COMPLAINT, "topic": "城乡建设/市政设施"},
    }
    if action is Action.MERGE:
        return {"into": register(w), "note": "重复来电"}
    if action in (Action.APPROVE_EXTENSION, Action.DENY_EXTENSION) and status_of(w, number) is S.HANDLING \
            and not _extension_pending(w, number):
        perform(w, Action.REQUEST_EXTENSION, number, prepare(w, Action.REQUEST_EXTENSION, number))
    return simple[action]


def perform(w: World, action: Action, number: str, payload: dict[str, Any], who: str | None = None) -> Order:
    """Perform ``action`` through its service in a unit of work of its own (a dispatch or re-dispatch, like
    the API's, with the unit the platform shows first)."""
    actor = w.actor(who or DEFAULT_ACTOR[action])
    if action in (Action.DISPATCH, Action.UPHOLD_RETURN) and "shown" not in payload:
        with w.db.uow(write=False) as uow:
            payload = {**payload, "shown": suggestions.unit_shown(uow.session, w.ctx, actor, number=number,
                                                                  now=w.clock(),
                                                                  redispatch=action is Action.UPHOLD_RETURN)}
    with w.db.uow() as uow:
        return SERVICE[action](uow, number=number, actor=actor, now=w.clock(), **payload)


def act(w: World, action: Action, number: str, who: str | None = None) -> Order:
    return perform(w, action, number, prepare(w, action, number), who)


def drive_to(w: World, status: OrderStatus) -> str:
    """A new order, moved into ``status`` through the services."""
    number = register(w)
    for action in PATHS[status]:
        act(w, action, number)
    assert status_of(w, number) is status
    return number


def _extension_pending(w: World, number: str) -> bool:
    with w.db.uow(write=False) as uow:
        return uow.session.scalars(select(Order.pending_extension).where(Order.number == number)).one() is not None


def status_of(w: World, number: str) -> OrderStatus:
    with w.db.uow(write=False) as uow:
        return uow.session.scalars(select(Order.status).where(Order.number == number)).one()


@dataclass(frozen=True)
class Snapshot:
    """What a refused request must leave as it was."""

    status: OrderStatus | None
    version: int | None
    events: tuple[tuple[str, str | None, str], ...]
    outbox: int
    orders: int
    pii_reads: int


def snapshot(w: World | Database, number: str | None = None) -> Snapshot:
    db = w.db if isinstance(w, World) else w
    with db.uow(write=False) as uow:
        s = uow.session
        order = s.scalar(select(Order).where(Order.number == number)) if number else None
        order_id = order.id if order else -1
        events = [(action, from_status, to_status) for action, from_status, to_status in s.execute(
            select(OrderEvent.action, OrderEvent.from_status, OrderEvent.to_status)
            .where(OrderEvent.order_id == order_id).order_by(OrderEvent.id))]
        return Snapshot(
            status=order.status if order else None, version=order.version if order else None,
            events=tuple(events),
            outbox=s.scalar(select(func.count()).select_from(OutboxMessage)
                            .where(OutboxMessage.order_id == order_id)) or 0,
            orders=s.scalar(select(func.count()).select_from(Order)) or 0,
            pii_reads=s.scalar(select(func.count()).select_from(PiiAccess)) or 0,
        )


@contextmanager
def unchanged(w: World | Database, number: str | None = None) -> Iterator[None]:
    """Assert that the block leaves the order (and the count of orders and PII reads) as it was."""
    before = snapshot(w, number)
    yield
    assert snapshot(w, number) == before


def events_of(w: World, number: str) -> list[tuple[str, str | None, str]]:
    return list(snapshot(w, number).events)


def add_unit_user(w: World, username: str, unit_code: str) -> tuple[Actor, str]:
    """A further staff member of ``unit_code``, with an API token (as conftest makes its users)."""
    with w.db.uow() as uow:
        s = uow.session
        unit_id = s.scalars(select(Unit.id).where(Unit.code == unit_code)).one()
        user = User(username=username, display_name=username, role=Role.UNIT, unit_id=unit_id,
                    password_hash=None, active=True, created_at=w.clock())
        s.add(user)
        s.flush()
        s.refresh(user)
        actor, token = actor_for(user), issue_token(s, user=user, name="test", now=w.clock())
        uow.commit()
    w.org.actors[username], w.org.tokens[username] = actor, token
    return actor, token


def assert_error(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an error of the documented shape {code, message, message_en, details}."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "message_en", "details"}, body
    assert isinstance(body["details"], dict)
    assert body["message"].strip() and body["message_en"].strip(), body
    if code is not None:
        assert body["code"] == code, body
    return body


def post(client: TestClient, org: Org, who: str, number: str, action: str,
         body: dict[str, Any] | None = None) -> Response:
    return client.post(f"/api/v1/orders/{number}/{action}", json=body if body is not None else {},
                       headers=org.headers(who))


def noise_and_water_samples() -> list[Any]:
    """Level-1 training samples: noise and fumes under 环境保护, water supply under 城乡建设."""
    from hotline.nlp.classifier import Sample

    noise = ["烧烤店油烟扰民", "KTV噪音扰民到深夜", "广场舞音响太吵", "工地夜间施工噪音", "饭店油烟直排"]
    water = ["小区停水两天", "自来水发黄有异味", "水管爆裂漏水", "水压太低用不了热水器", "水表坏了"]
    return [Sample(t, f"{t}，希望尽快处理。第{i}次反映", label) for i in range(6)
            for texts, label in ((noise, "环境保护"), (water, "城乡建设")) for t in texts]


def unsure_sub_topic_samples() -> list[Any]:
    """Level-2 training samples where leaking pipes are filed under two sub-topics of 城乡建设 alike (a model
    cannot tell them apart: under 50 % each) and noise under 环境保护/噪音 (a clear case)."""
    from hotline.nlp.classifier import Sample

    pipes = ["水管爆裂漏水", "楼道水管漏水", "地下管道破裂冒水", "小区管网漏水", "路边水管破了"]
    noise = ["烧烤店油烟扰民", "KTV噪音扰民到深夜", "广场舞音响太吵", "工地夜间施工噪音", "饭店油烟直排"]
    return [Sample(t, f"{t}，希望尽快处理。第{i}次反映", label) for i in range(6)
            for texts, labels in ((pipes, ("城乡建设/供水", "城乡建设/排水")), (noise, ("环境保护/噪音",)))
            for t in texts for label in labels]

