"""Request and response bodies of the public API. Field names are snake_case English.

Enumerated inputs accept the English code, the Chinese word or its pinyin (``"complaint"``,
``"投诉"``, ``"tousu"``); responses always carry the English code and a ``*_label`` in Chinese.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    JsonValue,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from hotline.domain.enums import (
    AppealType,
    Channel,
    LegalRoute,
    Satisfaction,
    Solved,
    Urgency,
    accepted_words,
    parse_enum,
)

NUL_FREE_PATTERN = r"^[^\x00]*$"


def refuse_nul(value: str) -> str:
    """PostgreSQL cannot store NUL (U+0000) in text, so no string that comes in may contain one."""
    if "\x00" in value:
        raise PydanticCustomError("string_contains_nul",
                                  "Text must not contain NUL (\\x00) characters · 文本不能包含空字符 (\\x00)")
    return value


class _NoNul:
    """``Annotated[str, NoNul]``: refuses NUL with a 422 and documents it as a ``pattern`` in the OpenAPI.

    Use it on every string that comes in: body fields, and path, query and header parameters."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(refuse_nul, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.setdefault("pattern", NUL_FREE_PATTERN)
        return json_schema

    def __repr__(self) -> str:
        return "NoNul"


NoNul = _NoNul()
SafeStr = Annotated[str, NoNul]


def _enum_field(enum: type[StrEnum]) -> Any:
    def check(value: str) -> StrEnum:
        return parse_enum(enum, value)

    words = accepted_words(enum)
    # The accepted words are listed as an enum too, so that clients (and the fuzzer) can see them.
    listed: list[JsonValue] = list(words)
    return Annotated[str, NoNul, AfterValidator(check),
                     Field(description=f"One of / 取值: {'、'.join(words)}", json_schema_extra={"enum": listed})]


ChannelIn = _enum_field(Channel)
AppealTypeIn = _enum_field(AppealType)
UrgencyIn = _enum_field(Urgency)
SolvedIn = _enum_field(Solved)
SatisfactionIn = _enum_field(Satisfaction)
LegalRouteIn = _enum_field(LegalRoute)
Text = Annotated[str, Field(max_length=5000), NoNul]
ShortText = Annotated[str, Field(max_length=200), NoNul]
Name = Annotated[str, Field(max_length=64), NoNul]
UnitCode = Annotated[str, Field(min_length=1, max_length=64, examples=["zjj"]), NoNul]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LocationIn(Strict):
    # The limits are the column sizes: PostgreSQL refuses a longer value (a 500), SQLite would keep it.
    district: Name | None = Field(None, examples=["鼓楼区"])
    street: Name | None = Field(None, examples=["东街街道"])
    community: Name | None = None
    address: ShortText | None = Field(None, examples=["杨桥东路18号"])
    # strict: a number, not ``true`` or ``"26.1"`` quietly turned into one
    lat: float | None = Field(None, ge=-90, le=90, strict=True)
    lng: float | None = Field(None, ge=-180, le=180, strict=True)


class RegisterIn(Strict):
    content: Annotated[str, Field(min_length=1, max_length=10_000, description="诉求内容"), NoNul]
    channel: ChannelIn  # type: ignore[valid-type]
    title: ShortText | None = None
    caller_name: Annotated[str, Field(max_length=64), NoNul] | None = None
    caller_phone: Annotated[str, Field(max_length=32), NoNul] | None = None
    caller_company: Annotated[str, Field(max_length=128), NoNul] | None = None
    caller_confidential: bool = False
    appeal_type: AppealTypeIn | None = None  # type: ignore[valid-type]
    topic: ShortText | None = Field(None, description="Topic path, levels joined by '/'", examples=["城乡建设/物业"])
    urgency: UrgencyIn | None = Field(  # type: ignore[valid-type]
        None, description="紧急程度; omitted: normal (一般), raised to urgent or critical when the emergency "
                          "rules flag the text")
    location: LocationIn | None = None
    tags: list[Annotated[str, Field(min_length=1, max_length=32), NoNul]] = Field(default_factory=list, max_length=20)
    recording_id: Annotated[str, Field(max_length=64), NoNul] | None = Field(None, description="录音编号")
    linkage_110_id: Annotated[str, Field(max_length=64), NoNul] | None = Field(None, description="110 联动编号")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "content": "小区东门外夜间施工噪音扰民，持续到凌晨两点，希望有关部门尽快处理。",
        "channel": "phone", "title": "夜间施工噪音扰民", "caller_name": "王先生", "caller_phone": "13800138000",
        "appeal_type": "投诉", "topic": "城市管理/噪声", "urgency": "normal",
        "location": {"district": "鼓楼区", "street": "东街街道", "address": "杨桥东路18号"},
    }]})


class DispatchIn(Strict):
    unit: UnitCode
    co_units: list[UnitCode] = Field(default_factory=list, max_length=10)
    note: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"unit": "cgj", "co_units": ["d-gl"]}]})


class ReturnIn(Strict):
    reason: Text = Field(examples=["该事项属市场监管职责"])
    basis: Text = Field(examples=["《市场监督管理局职能配置规定》第三条"])
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"reason": "该事项属市场监管职责", "basis": "《市场监督管理局职能配置规定》第三条"}]})


class RuleReturnIn(Strict):
    upheld: bool
    unit: UnitCode | None = Field(None, description="New lead unit, required when upheld")
    co_units: list[UnitCode] = Field(default_factory=list, max_length=10)
    comment: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"upheld": True, "unit": "scjgj"}]})


class PassDownIn(Strict):
    unit: UnitCode
    note: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"unit": "s-dj", "note": "请东街街道现场核查"}]})


class ClassifyIn(Strict):
    appeal_type: AppealTypeIn | None = None  # type: ignore[valid-type]
    urgency: UrgencyIn | None = Field(  # type: ignore[valid-type]
        None, description="紧急程度; only until the order is first dispatched (its deadline is counted from it)")
    topic: ShortText | None = Field(None, description="Topic path, levels joined by '/'", examples=["城乡建设/物业"])
    model_config = ConfigDict(json_schema_extra={"examples": [{"appeal_type": "投诉", "topic": "城乡建设/物业"}]})


class NoteIn(Strict):
    note: Text = Field(examples=["已电话联系诉求人，约定明日上门查看"])
    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "已电话联系诉求人，约定明日上门查看"}]})


class ExtensionIn(Strict):
    days: int = Field(ge=1, le=60, examples=[5])
    reason: Text = Field(examples=["需协调供电公司共同处置"])
    model_config = ConfigDict(json_schema_extra={"examples": [{"days": 5, "reason": "需协调供电公司共同处置"}]})


class DecisionIn(Strict):
    approved: bool
    comment: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"approved": True, "comment": "同意延期"}]})


class ReplyIn(Strict):
    text: Text = Field(examples=["经核实，施工单位已停止夜间施工，城管执法队将持续巡查。"])
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "经核实，施工单位已停止夜间施工，城管执法队将持续巡查。"}]})


class ReviewIn(Strict):
    accepted: bool
    comment: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"accepted": True},
                                                              {"accepted": False, "comment": "答复未说明处理结果"}]})


class VisitIn(Strict):
    solved: SolvedIn  # type: ignore[valid-type]
    satisfaction: SatisfactionIn  # type: ignore[valid-type]
    note: Text | None = None
    method: Annotated[str, Field(max_length=16), NoNul] | None = Field(None, examples=["phone"])
    model_config = ConfigDict(json_schema_extra={"examples": [{"solved": "解决", "satisfaction": "满意"}]})


class ReasonIn(Strict):
    reason: Text
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "回访不满意：夜间施工仍在继续"},
                                                              {"reason": "重复登记"}]})


class CloseIn(Strict):
    note: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "诉求已解决，回访满意"}, {}]})


class MergeIn(Strict):
    into: Annotated[str, Field(min_length=1, max_length=32), NoNul] = Field(examples=["HL20261128000001"])
    note: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"into": "HL20261128000001", "note": "同一诉求"}]})


class AnswerIn(Strict):
    text: Text = Field(examples=["居住证办理需携带身份证和租房合同到所在街道服务中心办理。"])
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "居住证办理需携带身份证和租房合同到所在街道服务中心办理。"}]})


class TransferIn(Strict):
    target: Annotated[str, Field(min_length=1, max_length=16), NoNul] = Field(examples=["119"])
    note: Text | None = None
    emergency: bool | None = Field(
        None, description="An emergency happening now (险情、警情), only to 110/119/120/122; false for a matter "
                          "that is not one; omitted when not said. The marks teach the emergency model.")
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"target": "119", "note": "来电反映楼道起火", "emergency": True},
        {"target": "110", "note": "邻里纠纷，转110非紧急警务", "emergency": False}]})


class OutOfScopeIn(Strict):
    route: LegalRouteIn  # type: ignore[valid-type]
    note: Text | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"route": "诉讼", "note": "已告知可向法院起诉"}]})


class LoginIn(Strict):
    username: Annotated[str, Field(min_length=1, max_length=64), NoNul]
    password: Annotated[str, Field(min_length=1, max_length=256), NoNul]
    model_config = ConfigDict(json_schema_extra={"examples": [{"username": "agent01", "password": "s3cret-pass"}]})


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: datetime | None
    username: str
    role: str


class LocationOut(BaseModel):
    district: str | None
    street: str | None
    community: str | None
    address: str | None
    lat: float | None
    lng: float | None


class VisitOut(BaseModel):
    visited_at: datetime | None
    solved: str | None
    satisfaction: str | None
    note: str | None
    method: str | None


class AlertSummaryOut(BaseModel):
    emergency: bool
    transfer_to: str | None = Field(description="110 / 119 / 120 / 122 when the text signals an emergency")
    emergency_message: str | None
    possible_emergency_line: str | None = Field(
        None, description="Where no rule flags an emergency but the emergency model does (at its second-opinion "
        "threshold): the line it thinks of; the agent checks with the caller")
    possible_emergency_message: str | None = None
    out_of_scope_route: str | None = Field(description="The legal route when the matter is outside the scope")
    out_of_scope_message: str | None


class RegisteredOut(BaseModel):
    number: str
    lookup_code: str
    status: str
    status_label: str
    appeal_type: str | None = None
    topic: str | None = None
    alerts: AlertSummaryOut | None = Field(None, description="Emergency and scope flags, for centre staff")


class WaitingEmergencyOut(BaseModel):
    line: str = Field(description="110 / 119 / 120 / 122")
    by_rule: bool = Field(description="True: a rule flagged it; false: the emergency model's second opinion, to check")


class OrderSummaryOut(BaseModel):
    number: str
    status: str
    status_label: str
    title: str
    appeal_type: str
    topic: str | None
    urgency: str
    channel: str
    district: str | None
    lead_unit: str | None
    accepted_at: datetime
    due_at: datetime | None
    overdue: bool
    waiting_emergency: WaitingEmergencyOut | None = Field(
        None, description="Centre staff: the order still awaits dispatch though its registration flagged an "
        "emergency; it should be transferred to the line")


class OrderOut(OrderSummaryOut):
    lookup_code: str | None = Field(description="Shown to centre staff only")
    content: str
    closure: str | None
    caller_name: str | None
    caller_phone: str | None = Field(description="Masked, e.g. 138****8000; the clear number is at /caller")
    caller_company: str | None
    tags: list[str]
    location: LocationOut
    co_units: list[str]
    assignee_unit: str | None
    dispatched_at: datetime | None
    sign_due_at: datetime | None
    return_due_at: datetime | None
    signed_at: datetime | None
    responded_at: datetime | None
    replied_at: datetime | None
    reply_text: str | None
    closed_at: datetime | None
    extension_days: int
    pending_extension: dict[str, Any] | None
    pending_return: dict[str, Any] | None
    return_count: int
    redo_count: int
    urge_count: int
    supervised: bool
    visit: VisitOut
    merged_into: str | None
    merged_orders: list[str] = Field(default_factory=list,
                                     description="repeats merged into this order (并单), oldest first")
    transfer_target: str | None
    disposition_note: str | None
    recording_id: str | None
    linkage_110_id: str | None
    allowed_actions: list[str] = Field(description="API actions this caller may take now")


class OrderPageOut(BaseModel):
    items: list[OrderSummaryOut]
    next_cursor: str | None


class EventOut(BaseModel):
    at: datetime
    action: str
    action_label: str
    from_status: str | None
    to_status: str
    actor: str | None
    actor_role: str | None
    details: dict[str, Any]


class UnitOut(BaseModel):
    code: str
    name: str
    parent: str | None
    kind: str
    kind_label: str


class CallerOut(BaseModel):
    number: str
    caller_name: str | None
    caller_phone: str | None
    caller_company: str | None


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
