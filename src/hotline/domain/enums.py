"""The vocabularies of a 12345 centre (DOMAIN.md §2–§4).

Each value is an English code (what the API returns); ``label_zh`` gives the Chinese word that
call-takers see and type. ``parse_enum`` accepts the code, the Chinese word, or the pinyin, so an
integrator may send ``"complaint"``, ``"投诉"`` or ``"tousu"``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class Role(StrEnum):
    AGENT = "agent"  # 话务员: takes calls, registers, answers directly, does return visits
    DISPATCHER = "dispatcher"  # 派单员: dispatches, rules on returns, reviews replies
    UNIT = "unit"  # 承办单位工作人员: bound to one handling unit
    SUPERVISOR = "supervisor"  # 督查: urges, supervises
    ADMIN = "admin"  # 系统管理员: configuration, users


class Channel(StrEnum):
    PHONE = "phone"
    WEB = "web"
    APP = "app"
    WECHAT = "wechat"
    WEIBO = "weibo"
    SMS = "sms"
    EMAIL = "email"
    FAX = "fax"
    OPEN311 = "open311"
    TRANSFER_110 = "transfer_110"
    HIGHER_LEVEL = "higher_level"  # 上级交办
    LEADER_MAILBOX = "leader_mailbox"  # 领导信箱
    OTHER = "other"


class AppealType(StrEnum):
    INQUIRY = "inquiry"
    HELP = "help"
    COMPLAINT = "complaint"
    REPORT = "report"
    SUGGESTION = "suggestion"
    PRAISE = "praise"
    OTHER = "other"


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"  # 紧急: e.g. utilities out, counted in clock hours
    CRITICAL = "critical"  # 特急: danger to people, counted in clock hours


class OrderStatus(StrEnum):
    REGISTERED = "registered"  # 已受理, awaiting a decision or dispatch
    DISPATCHED = "dispatched"  # 已派单, awaiting the unit's signature
    RETURN_REQUESTED = "return_requested"  # 退单待审
    HANDLING = "handling"  # 办理中 (signed)
    REPLIED = "replied"  # 已答复, awaiting the centre's review
    PENDING_VISIT = "pending_visit"  # 待回访
    VISITED = "visited"  # 已回访, awaiting close or redo
    CLOSED = "closed"  # 已办结
    TRANSFERRED = "transferred"  # 已转出 to an emergency line, parallel hotline or sub-centre
    OUT_OF_SCOPE = "out_of_scope"  # 不属受理范围, the citizen was told the legal route
    MERGED = "merged"  # 已并单
    VOIDED = "voided"  # 已作废


TERMINAL_STATUSES = frozenset(
    {OrderStatus.CLOSED, OrderStatus.TRANSFERRED, OrderStatus.OUT_OF_SCOPE, OrderStatus.MERGED, OrderStatus.VOIDED}
)
# Statuses in which the handling clock is running and an order can become overdue.
RUNNING_STATUSES = frozenset({OrderStatus.DISPATCHED, OrderStatus.RETURN_REQUESTED, OrderStatus.HANDLING})


class Solved(StrEnum):
    SOLVED = "solved"
    PARTLY = "partly_solved"
    UNSOLVED = "unsolved"


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    NOT_RATED = "not_rated"


class Closure(StrEnum):
    """How a closed order ended, for KPIs such as the direct-answer rate (直办率)."""

    DIRECT_ANSWER = "direct_answer"
    HANDLED = "handled"


class UnitKind(StrEnum):
    CENTRE = "centre"  # 12345 中心
    DEPARTMENT = "department"  # 市直部门
    DISTRICT = "district"  # 区县政府
    STREET = "street"  # 街道 / 乡镇
    COMMUNITY = "community"  # 社区 / 村
    UTILITY = "utility"  # 公共服务企业 (水电气热)
    SUBCENTRE = "subcentre"  # 分中心 of a vertically managed department


class AreaKind(StrEnum):
    """Levels of the centre's own gazetteer (属地): the territorial principle dispatches by them."""

    DISTRICT = "district"  # 区 / 县
    STREET = "street"  # 街道 / 镇 / 乡
    COMMUNITY = "community"  # 社区 / 村


class ClassifiedField(StrEnum):
    """What the platform suggests for an order and a person accepts or corrects."""

    APPEAL_TYPE = "appeal_type"
    TOPIC = "topic"
    UNIT = "unit"


class HotlineMode(StrEnum):
    MERGED = "merged"  # 整体并入
    PARALLEL = "parallel"  # 双号并行
    SUBCENTRE = "subcentre"  # 分中心
    EMERGENCY = "emergency"  # 110/119/120/122


class LimitUnit(StrEnum):
    WORKDAYS = "workdays"
    HOURS = "hours"


_LABEL_PAIRS: list[tuple[StrEnum, str]] = [
    (Role.AGENT, "话务员"), (Role.DISPATCHER, "派单员"), (Role.UNIT, "承办单位"), (Role.SUPERVISOR, "督查员"),
    (Role.ADMIN, "管理员"),
    (Channel.PHONE, "电话"), (Channel.WEB, "网站"), (Channel.APP, "APP"), (Channel.WECHAT, "微信"),
    (Channel.WEIBO, "微博"), (Channel.SMS, "短信"), (Channel.EMAIL, "邮件"), (Channel.FAX, "传真"),
    (Channel.OPEN311, "Open311"), (Channel.TRANSFER_110, "110转办"), (Channel.HIGHER_LEVEL, "上级交办"),
    (Channel.LEADER_MAILBOX, "领导信箱"), (Channel.OTHER, "其他"),
    (AppealType.INQUIRY, "咨询"), (AppealType.HELP, "求助"), (AppealType.COMPLAINT, "投诉"),
    (AppealType.REPORT, "举报"), (AppealType.SUGGESTION, "建议"), (AppealType.PRAISE, "表扬"),
    (AppealType.OTHER, "其他"),
    (Urgency.NORMAL, "一般"), (Urgency.URGENT, "紧急"), (Urgency.CRITICAL, "特急"),
    (OrderStatus.REGISTERED, "已受理"), (OrderStatus.DISPATCHED, "待签收"),
    (OrderStatus.RETURN_REQUESTED, "退单待审"), (OrderStatus.HANDLING, "办理中"), (OrderStatus.REPLIED, "待审核"),
    (OrderStatus.PENDING_VISIT, "待回访"), (OrderStatus.VISITED, "已回访"), (OrderStatus.CLOSED, "已办结"),
    (OrderStatus.TRANSFERRED, "已转出"), (OrderStatus.OUT_OF_SCOPE, "非受理范围"), (OrderStatus.MERGED, "已并单"),
    (OrderStatus.VOIDED, "已作废"),
    (Solved.SOLVED, "解决"), (Solved.PARTLY, "部分解决"), (Solved.UNSOLVED, "未解决"),
    (Satisfaction.SATISFIED, "满意"), (Satisfaction.BASICALLY, "基本满意"), (Satisfaction.DISSATISFIED, "不满意"),
    (Satisfaction.NOT_RATED, "未评价"),
    (Closure.DIRECT_ANSWER, "直接答复"), (Closure.HANDLED, "派单办结"),
    (UnitKind.CENTRE, "热线中心"), (UnitKind.DEPARTMENT, "市直部门"), (UnitKind.DISTRICT, "区县"),
    (UnitKind.STREET, "街道乡镇"), (UnitKind.COMMUNITY, "社区村"), (UnitKind.UTILITY, "公共服务企业"),
    (UnitKind.SUBCENTRE, "分中心"),
    (HotlineMode.MERGED, "整体并入"), (HotlineMode.PARALLEL, "双号并行"), (HotlineMode.SUBCENTRE, "分中心"),
    (HotlineMode.EMERGENCY, "紧急热线"),
    (LimitUnit.WORKDAYS, "工作日"), (LimitUnit.HOURS, "小时"),
]

PINYIN: dict[str, StrEnum] = {
    "zixun": AppealType.INQUIRY, "qiuzhu": AppealType.HELP, "tousu": AppealType.COMPLAINT,
    "jubao": AppealType.REPORT, "jianyi": AppealType.SUGGESTION, "biaoyang": AppealType.PRAISE,
    "yiban": Urgency.NORMAL, "jinji": Urgency.URGENT, "teji": Urgency.CRITICAL,
    "jiejue": Solved.SOLVED, "bufenjiejue": Solved.PARTLY, "weijiejue": Solved.UNSOLVED,
    "manyi": Satisfaction.SATISFIED, "jibenmanyi": Satisfaction.BASICALLY,
    "bumanyi": Satisfaction.DISSATISFIED, "weipingjia": Satisfaction.NOT_RATED,
}

E = TypeVar("E", bound=StrEnum)


def label_zh(value: StrEnum) -> str:
    return _LABELS.get((type(value), value.value), str(value))


def parse_enum(enum: type[E], raw: str) -> E:
    """The member of ``enum`` named by its code, Chinese word or pinyin; ValueError otherwise."""
    text = raw.strip()
    for member in enum:
        if text.lower() == member.value or text == label_zh(member):
            return member
    alias = PINYIN.get(text.lower().replace(" ", ""))
    if isinstance(alias, enum):
        return alias
    raise ValueError(f"{raw!r} is not one of {[m.value for m in enum]}")


def accepted_words(enum: type[StrEnum]) -> list[str]:
    """Every spelling ``parse_enum`` accepts for ``enum``, for the OpenAPI description."""
    words: list[str] = []
    for member in enum:
        words.append(member.value)
        if label_zh(member) != member.value:
            words.append(label_zh(member))
    words += [p for p, m in PINYIN.items() if isinstance(m, enum)]
    return words


class LegalRoute(StrEnum):
    """Routes for matters outside the acceptance scope (DOMAIN.md §1), told to the citizen."""

    LITIGATION = "litigation"
    ARBITRATION = "arbitration"
    DISCIPLINE_INSPECTION = "discipline_inspection"
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration"
    INFORMATION_DISCLOSURE = "information_disclosure"
    PETITION = "petition"
    OTHER = "other"


_LABEL_PAIRS.extend([
    (AreaKind.DISTRICT, "区县"), (AreaKind.STREET, "街道乡镇"), (AreaKind.COMMUNITY, "社区村"),
    (ClassifiedField.APPEAL_TYPE, "诉求类型"), (ClassifiedField.TOPIC, "问题分类"), (ClassifiedField.UNIT, "承办单位"),
])

_LABEL_PAIRS.extend([
    (LegalRoute.LITIGATION, "诉讼"), (LegalRoute.ARBITRATION, "仲裁"), (LegalRoute.DISCIPLINE_INSPECTION, "纪检监察"),
    (LegalRoute.ADMINISTRATIVE_RECONSIDERATION, "行政复议"), (LegalRoute.INFORMATION_DISCLOSURE, "政府信息公开"),
    (LegalRoute.PETITION, "信访"), (LegalRoute.OTHER, "其他法定途径"),
])

# Keyed by (enum, value), not by member: StrEnum members of different enums that share a value
# (OTHER, MERGED, SUBCENTRE…) compare equal and would overwrite each other in a plain dict.
_LABELS: dict[tuple[type[StrEnum], str], str] = {(type(m), m.value): zh for m, zh in _LABEL_PAIRS}
