"""/api/v1/orders: register, read, list, timeline, and one route per lifecycle action."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response
from fastapi.concurrency import run_in_threadpool

from hotline.api import presenters, schemas
from hotline.api.deps import ActorDep, AppState, NowDep, OrderNumber, StateDep
from hotline.api.errors import COMMON_ERRORS, error_responses
from hotline.api.schemas import SafeStr
from hotline.db.models import Order
from hotline.domain.enums import AppealType, Channel, OrderStatus, parse_enum
from hotline.domain.errors import ValidationFailed
from hotline.services import classification, closing, handling, intake, intake_assist, queries, suggestions
from hotline.services.auth import Actor
from hotline.services.intake import NewAppeal

router = APIRouter(prefix="/orders", tags=["orders 工单"], responses=error_responses(*COMMON_ERRORS))



def _view(state: AppState, actor: Actor, number: str, now: datetime) -> schemas.OrderOut:
    with state.db.uow(write=False) as uow:
        view = queries.order_view(uow.session, actor, number)
        flag = queries.waiting_emergencies(uow.session, actor, [view.order]).get(view.order.id)
        return presenters.detail(view, now, flag)


@router.post("", status_code=201, summary="Register an appeal · 受理登记",
             responses={200: {"model": schemas.RegisteredOut,
                              "description": "A retry with the same Idempotency-Key: the order made the first time"},
                        201: {"model": schemas.RegisteredOut, "description": "Registered"}})
async def register(body: schemas.RegisterIn, state: StateDep, actor: ActorDep, now: NowDep, response: Response,
                   idempotency_key: Annotated[SafeStr | None, Header(max_length=128)] = None
                   ) -> schemas.RegisteredOut:
    loc = body.location or schemas.LocationIn()
    appeal = NewAppeal(
        content=body.content, channel=body.channel, title=body.title, caller_name=body.caller_name,
        caller_phone=body.caller_phone, caller_company=body.caller_company,
        caller_confidential=body.caller_confidential, appeal_type=body.appeal_type, topic=body.topic,
        urgency=body.urgency, district=loc.district, street=loc.street, community=loc.community,
        address=loc.address, lat=loc.lat, lng=loc.lng, tags=body.tags, recording_id=body.recording_id,
        linkage_110_id=body.linkage_110_id,
    )
    def write() -> tuple[Order, bool, dict[str, Any] | None]:
        prepared = _suggest(state, appeal, now) if actor.is_centre else None
        with state.db.uow() as uow:
            order, created = intake.register_appeal(uow, appeal=appeal, actor=actor, now=now, ctx=state.ctx,
                                                    idempotency_key=idempotency_key or None, prepared=prepared)
            if not actor.is_centre:
                return order, created, None
            # A replay answers as the first time did, with the suggestions stored then.
            return order, created, prepared.payload if created and prepared else \
                suggestions.stored_payload(uow.session, order.id)

    # SQLite takes one writer at a time and a registration holds it for about a millisecond: run it
    # on the event loop rather than handing the interpreter between threads while the turn is held
    # (measured +10–20 % throughput). Other databases wait on the network: use the thread pool.
    order, created, suggested = write() if state.db.dialect == "sqlite" else await run_in_threadpool(write)
    if not created:
        response.status_code = 200
    return presenters.registered(order, suggested)


def _suggest(state: AppState, appeal: NewAppeal, now: datetime) -> suggestions.Prepared | None:
    with state.db.uow(write=False) as uow:
        return intake_assist.lean_suggestions(uow.session, state.ctx, appeal, now=now)


@router.get("", summary="List orders · 工单列表", response_model=schemas.OrderPageOut)
def list_orders(
    state: StateDep, actor: ActorDep, now: NowDep,
    status: Annotated[list[SafeStr], Query(description="Statuses, repeatable", max_length=12)] = [],  # noqa: B006
    unit: Annotated[SafeStr | None, Query(max_length=64, description="Lead unit code (with subordinates)")] = None,
    appeal_type: Annotated[SafeStr | None, Query(max_length=32)] = None,
    topic: Annotated[SafeStr | None, Query(max_length=200, description="Topic or topic prefix")] = None,
    district: Annotated[SafeStr | None, Query(max_length=64)] = None,
    channel: Annotated[SafeStr | None, Query(max_length=32)] = None,
    accepted_from: date | None = None,
    accepted_to: date | None = None,
    overdue: bool | None = None,
    q: Annotated[SafeStr | None, Query(max_length=100, description="Text in title, content or address")] = None,
    caller_phone: Annotated[SafeStr | None, Query(max_length=32, description="Caller history (centre only)")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[SafeStr | None, Query(max_length=200)] = None,
) -> schemas.OrderPageOut:
    try:
        flt = queries.OrderFilter(
            status=[parse_enum(OrderStatus, s) for s in status], unit=unit,
            appeal_type=parse_enum(AppealType, appeal_type) if appeal_type else None, topic=topic,
            district=district, channel=parse_enum(Channel, channel) if channel else None,
            accepted_from=accepted_from, accepted_to=accepted_to, overdue=overdue, text=q,
            caller_phone=caller_phone,
        )
    except ValueError as exc:
        raise ValidationFailed("筛选条件有误", f"Invalid filter: {exc}", code="invalid_filter") from None
    with state.db.uow(write=False) as uow:
        orders, next_cursor = queries.list_orders(uow.session, actor, flt, ctx=state.ctx, now=now, limit=limit,
                                                  cursor=cursor)
        codes = queries.unit_codes(uow.session, {o.lead_unit_id for o in orders if o.lead_unit_id})
        flags = queries.waiting_emergencies(uow.session, actor, orders)
    items = [presenters.summary(o, codes.get(o.lead_unit_id) if o.lead_unit_id else None, now, flags.get(o.id))
             for o in orders]
    return schemas.OrderPageOut(items=items, next_cursor=next_cursor)


@router.get("/{number}", summary="One order · 工单详情")
def get_order(number: OrderNumber, state: StateDep, actor: ActorDep, now: NowDep) -> schemas.OrderOut:
    return _view(state, actor, number, now)


@router.get("/{number}/events", summary="Timeline · 办理过程")
def get_events(number: OrderNumber, state: StateDep, actor: ActorDep) -> list[schemas.EventOut]:
    with state.db.uow(write=False) as uow:
        return [presenters.event(e, name) for e, name in queries.order_events(uow.session, actor, number)]


@router.get("/{number}/caller", summary="Caller's clear contact details (audited) · 查看联系方式")
def get_caller(number: OrderNumber, state: StateDep, actor: ActorDep, now: NowDep,
               purpose: Annotated[SafeStr | None, Query(max_length=128)] = None) -> schemas.CallerOut:
    with state.db.uow() as uow:
        return schemas.CallerOut(**queries.reveal_caller(uow.session, actor, number, ctx=state.ctx, now=now,
                                                         purpose=purpose))


def _act(state: AppState, actor: Actor, now: datetime, number: str, service: Any, **kwargs: Any
         ) -> schemas.OrderOut:
    with state.db.uow() as uow:
        service(uow, number=number, actor=actor, now=now, **kwargs)
    return _view(state, actor, number, now)


@router.post("/{number}/answer", summary="Answer directly and close · 直接答复")
def answer(number: OrderNumber, body: schemas.AnswerIn, state: StateDep, actor: ActorDep,
           now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, intake.answer_directly, text=body.text)


@router.post("/{number}/transfer", summary="Transfer to 110/119/120/122, a parallel hotline or sub-centre · 转出")
def transfer(number: OrderNumber, body: schemas.TransferIn, state: StateDep, actor: ActorDep,
             now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, intake.transfer_out, target_number=body.target, note=body.note,
                emergency=body.emergency)


@router.post("/{number}/out-of-scope", summary="Outside the acceptance scope, legal route told · 非受理范围")
def out_of_scope(number: OrderNumber, body: schemas.OutOfScopeIn, state: StateDep, actor: ActorDep,
                 now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, intake.mark_out_of_scope, route=body.route, note=body.note)


@router.post("/{number}/dispatch", summary="Dispatch to a lead unit and co-units · 派单")
def dispatch(number: OrderNumber, body: schemas.DispatchIn, state: StateDep, actor: ActorDep,
             now: NowDep) -> schemas.OrderOut:
    with state.db.uow(write=False) as uow:  # the models run before the write transaction
        shown = suggestions.unit_shown(uow.session, state.ctx, actor, number=number, now=now)
    return _act(state, actor, now, number, handling.dispatch_order, unit_code=body.unit,
                co_unit_codes=body.co_units, note=body.note, shown=shown)


@router.post("/{number}/sign", summary="Sign for the order · 签收")
def sign(number: OrderNumber, state: StateDep, actor: ActorDep, now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.sign_order)


@router.post("/{number}/return", summary="Return to the centre with reason and basis · 退单")
def return_(number: OrderNumber, body: schemas.ReturnIn, state: StateDep, actor: ActorDep,
            now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.return_order, reason=body.reason, basis=body.basis)


@router.post("/{number}/rule-return", summary="Rule on a return: re-dispatch or reject · 退单审核")
def rule_return(number: OrderNumber, body: schemas.RuleReturnIn, state: StateDep, actor: ActorDep,
                now: NowDep) -> schemas.OrderOut:
    shown = None
    if body.upheld:  # a re-dispatch, like a dispatch, records the unit suggested beside the one chosen
        with state.db.uow(write=False) as uow:
            shown = suggestions.unit_shown(uow.session, state.ctx, actor, number=number, now=now, redispatch=True)
    return _act(state, actor, now, number, handling.rule_on_return, upheld=body.upheld, unit_code=body.unit,
                co_unit_codes=body.co_units, comment=body.comment, shown=shown)


@router.post("/{number}/pass-down", summary="Pass down to a subordinate unit · 下派")
def pass_down(number: OrderNumber, body: schemas.PassDownIn, state: StateDep, actor: ActorDep,
              now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.pass_down, unit_code=body.unit, note=body.note)


@router.post("/{number}/respond", summary="Record contact with the citizen · 联系诉求人（响应）")
def respond(number: OrderNumber, body: schemas.NoteIn, state: StateDep, actor: ActorDep,
            now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.respond, note=body.note)


@router.post("/{number}/request-extension", summary="Ask for more working days · 申请延期")
def request_extension(number: OrderNumber, body: schemas.ExtensionIn, state: StateDep, actor: ActorDep,
                      now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.request_extension, days=body.days, reason=body.reason)


@router.post("/{number}/decide-extension", summary="Approve or deny an extension · 延期审批")
def decide_extension(number: OrderNumber, body: schemas.DecisionIn, state: StateDep, actor: ActorDep,
                     now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.decide_extension, approved=body.approved,
                comment=body.comment)


@router.post("/{number}/reply", summary="Reply with the result · 答复")
def reply(number: OrderNumber, body: schemas.ReplyIn, state: StateDep, actor: ActorDep,
          now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, handling.reply, text=body.text)


@router.post("/{number}/review", summary="Accept the reply or send it back · 审核")
def review(number: OrderNumber, body: schemas.ReviewIn, state: StateDep, actor: ActorDep,
           now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, closing.review_reply, accepted=body.accepted, comment=body.comment)


@router.post("/{number}/visit", summary="Record the return visit · 回访")
def visit(number: OrderNumber, body: schemas.VisitIn, state: StateDep, actor: ActorDep,
          now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, closing.record_visit, solved=body.solved,
                satisfaction=body.satisfaction, note=body.note, method=body.method)


@router.post("/{number}/redo", summary="Send back to the unit to redo · 重办")
def redo(number: OrderNumber, body: schemas.ReasonIn, state: StateDep, actor: ActorDep,
         now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, closing.redo_order, reason=body.reason)


@router.post("/{number}/close", summary="Close · 办结")
def close(number: OrderNumber, body: schemas.CloseIn, state: StateDep, actor: ActorDep,
          now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, closing.close_order, note=body.note)


@router.post("/{number}/merge", summary="Merge into another open order · 并单")
def merge(number: OrderNumber, body: schemas.MergeIn, state: StateDep, actor: ActorDep,
          now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, intake.merge_order, into=body.into, note=body.note)


@router.post("/{number}/void", summary="Void with a reason · 作废")
def void(number: OrderNumber, body: schemas.ReasonIn, state: StateDep, actor: ActorDep,
         now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, intake.void_order, reason=body.reason)


@router.post("/{number}/urge", summary="Urge the unit · 催办")
def urge(number: OrderNumber, body: schemas.NoteIn, state: StateDep, actor: ActorDep, now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, closing.urge_order, note=body.note)


@router.post("/{number}/supervise", summary="Put under supervision · 督办")
def supervise(number: OrderNumber, body: schemas.NoteIn, state: StateDep, actor: ActorDep,
              now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, closing.supervise_order, note=body.note)


@router.post("/{number}/classify", summary="Confirm or correct the classification · 确认或更正分类")
def classify(number: OrderNumber, body: schemas.ClassifyIn, state: StateDep, actor: ActorDep,
             now: NowDep) -> schemas.OrderOut:
    return _act(state, actor, now, number, classification.classify_order, appeal_type=body.appeal_type,
                topic=body.topic, urgency=body.urgency)
