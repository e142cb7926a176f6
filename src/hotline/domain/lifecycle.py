"""The work-order lifecycle as a table (DOMAIN.md §2), and who may perform each action.

``TRANSITIONS`` maps (status, action) to the next status; a pair that is not in the table is an
illegal move. ``ACTION_ROLES`` says which roles may act, and ``UNIT_SCOPE`` which relation a
handling unit's staff must have to the order. The API's composite actions (``rule-return``,
``decide-extension``, ``review``) are split here into one action per outcome so that the table
stays a function of (status, action).
"""

from __future__ import annotations

from enum import StrEnum

from hotline.domain.enums import TERMINAL_STATUSES, OrderStatus, Role, label_zh
from hotline.domain.errors import InvalidTransition, PermissionDenied

S = OrderStatus


class Action(StrEnum):
    REGISTER = "register"
    ANSWER = "answer"  # 直接答复
    TRANSFER = "transfer"  # 转出 to 110/119/120/122, a parallel hotline or a sub-centre
    OUT_OF_SCOPE = "out-of-scope"  # 非受理范围, with the legal route told
    DISPATCH = "dispatch"  # 派单
    SIGN = "sign"  # 签收
    RETURN = "return"  # 退单
    UPHOLD_RETURN = "uphold-return"  # 退单成立 → 改派
    REJECT_RETURN = "reject-return"  # 驳回退单
    PASS_DOWN = "pass-down"  # 下派
    RESPOND = "respond"  # 首次联系 (响应)
    REQUEST_EXTENSION = "request-extension"  # 申请延期
    APPROVE_EXTENSION = "approve-extension"
    DENY_EXTENSION = "deny-extension"
    REPLY = "reply"  # 答复
    ACCEPT_REPLY = "accept-reply"  # 审核通过
    SEND_BACK = "send-back"  # 审核退回
    VISIT = "visit"  # 回访
    REDO = "redo"  # 重办
    CLOSE = "close"  # 办结
    MERGE = "merge"  # 并单
    VOID = "void"  # 作废
    URGE = "urge"  # 催办
    SUPERVISE = "supervise"  # 督办
    CLASSIFY = "classify"  # 确认或更正分类 (appeal type, topic): the next training learns from it


ACTION_LABELS_ZH: dict[Action, str] = {
    Action.REGISTER: "受理登记", Action.ANSWER: "直接答复", Action.TRANSFER: "转出",
    Action.OUT_OF_SCOPE: "非受理范围告知", Action.DISPATCH: "派单", Action.SIGN: "签收", Action.RETURN: "退单",
    Action.UPHOLD_RETURN: "退单成立改派", Action.REJECT_RETURN: "驳回退单", Action.PASS_DOWN: "下派",
    Action.RESPOND: "联系诉求人", Action.REQUEST_EXTENSION: "申请延期", Action.APPROVE_EXTENSION: "同意延期",
    Action.DENY_EXTENSION: "不同意延期", Action.REPLY: "答复", Action.ACCEPT_REPLY: "审核通过",
    Action.SEND_BACK: "审核退回", Action.VISIT: "回访", Action.REDO: "重办", Action.CLOSE: "办结",
    Action.MERGE: "并单", Action.VOID: "作废", Action.URGE: "催办", Action.SUPERVISE: "督办",
    Action.CLASSIFY: "确认分类",
}

_OPEN = [s for s in OrderStatus if s not in TERMINAL_STATUSES]
_BEFORE_REPLY = [S.REGISTERED, S.DISPATCHED, S.RETURN_REQUESTED, S.HANDLING]

TRANSITIONS: dict[tuple[OrderStatus, Action], OrderStatus] = {
    (S.REGISTERED, Action.ANSWER): S.CLOSED,
    (S.REGISTERED, Action.TRANSFER): S.TRANSFERRED,
    (S.REGISTERED, Action.OUT_OF_SCOPE): S.OUT_OF_SCOPE,
    (S.REGISTERED, Action.DISPATCH): S.DISPATCHED,
    (S.DISPATCHED, Action.SIGN): S.HANDLING,
    (S.DISPATCHED, Action.RETURN): S.RETURN_REQUESTED,
    (S.HANDLING, Action.RETURN): S.RETURN_REQUESTED,
    (S.RETURN_REQUESTED, Action.UPHOLD_RETURN): S.DISPATCHED,
    # The centre's ruling is final: a rejected return goes straight to handling (DOMAIN.md §7).
    (S.RETURN_REQUESTED, Action.REJECT_RETURN): S.HANDLING,
    (S.HANDLING, Action.PASS_DOWN): S.HANDLING,
    (S.HANDLING, Action.RESPOND): S.HANDLING,
    (S.HANDLING, Action.REQUEST_EXTENSION): S.HANDLING,
    (S.HANDLING, Action.APPROVE_EXTENSION): S.HANDLING,
    (S.HANDLING, Action.DENY_EXTENSION): S.HANDLING,
    (S.HANDLING, Action.REPLY): S.REPLIED,
    (S.REPLIED, Action.ACCEPT_REPLY): S.PENDING_VISIT,
    (S.REPLIED, Action.SEND_BACK): S.HANDLING,
    (S.PENDING_VISIT, Action.VISIT): S.VISITED,
    (S.VISITED, Action.REDO): S.HANDLING,
    (S.VISITED, Action.CLOSE): S.CLOSED,
    # An order whose caller cannot be reached or declined the visit may be closed without one.
    (S.PENDING_VISIT, Action.CLOSE): S.CLOSED,
    **{(s, Action.MERGE): S.MERGED for s in _BEFORE_REPLY},
    **{(s, Action.VOID): S.VOIDED for s in [S.REGISTERED, S.DISPATCHED, S.RETURN_REQUESTED]},
    **{(s, Action.URGE): s for s in _OPEN},
    **{(s, Action.SUPERVISE): s for s in _OPEN},
    **{(s, Action.CLASSIFY): s for s in _OPEN},
}

_CENTRE_INTAKE = {Action.REGISTER, Action.ANSWER, Action.TRANSFER, Action.OUT_OF_SCOPE, Action.MERGE,
                  Action.VISIT, Action.CLOSE, Action.URGE, Action.CLASSIFY}
_UNIT_WORK = {Action.SIGN, Action.RETURN, Action.PASS_DOWN, Action.RESPOND, Action.REQUEST_EXTENSION,
              Action.REPLY}
_DISPATCH_DESK = _CENTRE_INTAKE | {
    Action.DISPATCH, Action.UPHOLD_RETURN, Action.REJECT_RETURN, Action.APPROVE_EXTENSION,
    Action.DENY_EXTENSION, Action.ACCEPT_REPLY, Action.SEND_BACK, Action.REDO, Action.VOID,
}

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.AGENT: frozenset(_CENTRE_INTAKE),
    Role.DISPATCHER: frozenset(_DISPATCH_DESK),
    Role.UNIT: frozenset(_UNIT_WORK),
    Role.SUPERVISOR: frozenset({Action.URGE, Action.SUPERVISE}),
    # Administrators configure the centre; on orders they may only void mistaken entries.
    Role.ADMIN: frozenset({Action.VOID}),
}


class UnitRelation(StrEnum):
    """How a handling unit's staff member stands to an order."""

    LEAD = "lead"  # the staff's unit is the lead unit (主办), the first receiver
    ASSIGNEE = "assignee"  # the order was passed down to the staff's unit (or through it)
    CO_UNIT = "co_unit"  # 协办
    OVERSEER = "overseer"  # the staff's unit is a superior of the lead unit
    NONE = "none"


# Which relation unit staff need for each of their actions. The first receiver stays responsible
# (首接负责制), so signing, returning and extensions stay with the lead unit.
UNIT_SCOPE: dict[Action, frozenset[UnitRelation]] = {
    Action.SIGN: frozenset({UnitRelation.LEAD}),
    Action.RETURN: frozenset({UnitRelation.LEAD}),
    # A street the district passed an order to may pass it on to its community.
    Action.PASS_DOWN: frozenset({UnitRelation.LEAD, UnitRelation.ASSIGNEE}),
    Action.REQUEST_EXTENSION: frozenset({UnitRelation.LEAD}),
    Action.RESPOND: frozenset({UnitRelation.LEAD, UnitRelation.ASSIGNEE}),
    Action.REPLY: frozenset({UnitRelation.LEAD, UnitRelation.ASSIGNEE}),
}

# Relations under which unit staff may read an order.
UNIT_VISIBLE = frozenset({UnitRelation.LEAD, UnitRelation.ASSIGNEE, UnitRelation.CO_UNIT, UnitRelation.OVERSEER})


def next_status(status: OrderStatus, action: Action) -> OrderStatus:
    """The status after ``action``; InvalidTransition when the table has no such move."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(
            f"工单状态为“{status_label(status)}”，不能执行“{ACTION_LABELS_ZH[action]}”",
            f"Cannot {action.value} an order in status {status.value}",
            details={"status": status.value, "action": action.value},
        ) from None


def check_may_act(role: Role, action: Action, relation: UnitRelation = UnitRelation.NONE) -> None:
    """Raise PermissionDenied unless ``role`` (with ``relation`` for unit staff) may do ``action``."""
    if action not in ROLE_ACTIONS[role]:
        raise PermissionDenied(
            f"“{role_label(role)}”角色不能执行“{ACTION_LABELS_ZH[action]}”",
            f"The {role.value} role may not {action.value} orders",
            details={"role": role.value, "action": action.value},
        )
    if role is Role.UNIT and relation not in UNIT_SCOPE.get(action, frozenset()):
        raise PermissionDenied(
            f"本单位不是此工单的承办单位，不能执行“{ACTION_LABELS_ZH[action]}”",
            f"Your unit is not responsible for this order and may not {action.value} it",
            details={"relation": relation.value, "action": action.value},
        )


def allowed_actions(status: OrderStatus, role: Role, relation: UnitRelation) -> list[Action]:
    """The actions this actor could take on an order in ``status`` (for buttons and hints)."""
    result = []
    for (from_status, action), _ in TRANSITIONS.items():
        if from_status is not status:
            continue
        try:
            check_may_act(role, action, relation)
        except PermissionDenied:
            continue
        result.append(action)
    return result


def status_label(status: OrderStatus) -> str:
    return label_zh(status)


def role_label(role: Role) -> str:
    return label_zh(role)
