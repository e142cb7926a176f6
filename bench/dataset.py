"""A city's two years of work orders, generated row by row for the list benchmark.

Distributions are those of a prefecture-level 12345 centre: volume grows ~40% over the two years,
weekends carry 70% of a weekday, calls peak at 9–11 h and 14–17 h; ~28% of appeals are answered
directly, a few % transferred / out of scope / merged / voided, the rest dispatched to a unit by
topic (a city department, or the district government 属地, which passes half down to a street).
Where a dispatched order stands depends on its age: old orders are closed, recent ones are being
signed, handled, replied, reviewed or visited; ~0.5% got stuck and are overdue. Ids grow with
``accepted_at``, as they do when the application registers orders one by one. Beside each order comes what
the application writes at registration, transfer and dispatch (``bench.history``): a few % of the dispatches
are returned by the unit, most of those re-dispatched; calls the emergency rules flag are mostly transferred
to 110/119/120/122.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.corpus import DISTRICTS, AppealMaker
from bench.history import EMERGENCY_LINES, Dispatch, History, HistoryWriter, Staff
from hotline.domain.enums import (
    AppealType,
    Closure,
    HotlineMode,
    OrderStatus,
    Satisfaction,
    Solved,
    UnitKind,
)
from hotline.domain.numbering import LOOKUP_ALPHABET, LOOKUP_LENGTH, format_order_number
from hotline.domain.phone import mask_phone, normalize_phone
from hotline.domain.text import index_terms
from hotline.nlp.alerts import AlertReport, detect_alerts
from hotline.services.context import Context

DAYS = 730
TZ = ZoneInfo("Asia/Shanghai")
HOUR_WEIGHTS = (0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.6, 2, 6, 9, 9.5, 8, 5, 6, 8.5, 8.5, 7.5, 6, 4.5, 4, 3.5, 2.5, 1.5, 0.8)
DEPARTMENTS = (("zjj", "市住房和城乡建设局"), ("cgj", "市城市管理局"), ("scjgj", "市市场监督管理局"),
               ("rsj", "市人力资源和社会保障局"), ("jyj", "市教育局"), ("wjw", "市卫生健康委员会"),
               ("jtj", "市交通运输局"), ("sthjj", "市生态环境局"), ("gaj", "市公安局"), ("mzj", "市民政局"),
               ("zrzyj", "市自然资源和规划局"), ("nyncj", "市农业农村局"), ("ybj", "市医疗保障局"),
               ("zsj", "市政务服务管理办公室"), ("u-water", "常州市供水有限公司"), ("u-power", "常州供电公司"),
               ("u-gas", "常州市燃气有限公司"), ("u-heat", "常州市热力有限公司"), ("u-bus", "常州市公共交通集团"))
# topic (level1 or level1/level2) → lead unit code; None: the district government of the place (属地)
TOPIC_LEAD: dict[str, str | None] = {
    "城乡建设": "zjj", "城乡建设/违法建设": None, "城乡建设/拆迁安置": None, "城市管理": "cgj",
    "城市管理/市政设施": None, "城市管理/犬只": "gaj", "市场管理": "scjgj", "商贸旅游": "scjgj",
    "经济管理": "scjgj", "公共服务/供水": "u-water", "公共服务/供电": "u-power", "公共服务/燃气": "u-gas",
    "公共服务/供暖": "u-heat", "公共服务/公交": "u-bus", "交通": "jtj", "交通/驾驶证": "gaj",
    "交通/电动自行车": "gaj", "劳动和社会保障": "rsj", "教育": "jyj", "医疗卫生": "wjw", "医疗卫生/医保": "ybj",
    "生态环境": "sthjj", "社会秩序": None, "民政": "mzj", "三农": "nyncj", "国土资源": "zrzyj",
    "政务服务": None, "政务服务/户籍": "gaj",
}
ORDINARY_TRANSFER = ("12315", HotlineMode.PARALLEL.value)  # the line the generated transfers go to
HANDLING_DAYS = {AppealType.INQUIRY: 3, AppealType.HELP: 7, AppealType.COMPLAINT: 14, AppealType.REPORT: 14,
                 AppealType.SUGGESTION: 21, AppealType.PRAISE: 7, AppealType.OTHER: 7}
REPLIES = ("经核实，已安排人员现场处理完毕，并电话告知诉求人。", "已联系诉求人说明政策规定，诉求人表示理解。",
           "经调查，反映情况属实，已责令整改并将持续跟踪。", "已转相关责任单位处理，处理结果已反馈诉求人。")


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    district: str | None


def unit_rows() -> list[UnitRow]:
    """The unit tree, parents first: centre → departments/utilities, districts → streets."""
    rows = [UnitRow("centre", "常州市12345政务服务便民热线中心", UnitKind.CENTRE, None, None)]
    rows += [UnitRow(c, n, UnitKind.UTILITY if c.startswith("u-") else UnitKind.DEPARTMENT, "centre", None)
             for c, n in DEPARTMENTS]
    for d in DISTRICTS:
        rows.append(UnitRow(d.code, f"{d.name}人民政府", UnitKind.DISTRICT, "centre", d.name))
        rows += [UnitRow(code, f"{d.name}{name}", UnitKind.STREET, d.code, d.name) for code, name, _ in d.streets]
    return rows


def lead_unit(topic: str) -> str | None:
    return TOPIC_LEAD[topic] if topic in TOPIC_LEAD else TOPIC_LEAD.get(topic.split("/", 1)[0])


@dataclass(frozen=True)
class Generated:
    """One order: its column values, its search terms and what the application wrote beside it."""

    row: dict[str, Any]
    terms: str
    history: History


class OrderGenerator:
    """Yields the generated orders in ``accepted_at`` order, ids 1..n."""

    def __init__(self, n: int, *, seed: int, now: datetime, ctx: Context, staff: Staff,
                 agent_ids: list[int]) -> None:
        self.n, self.now, self.ctx, self.unit_ids, self.agent_ids = n, now, ctx, staff.unit_ids, agent_ids
        self.rng = random.Random(seed)
        self.maker = AppealMaker(seed + 1)
        self.history = HistoryWriter(seed + 2, now, staff)
        self._codes: set[str] = set()

    def day_counts(self) -> list[int]:
        start = (self.now.astimezone(TZ) - timedelta(days=DAYS)).date()
        weights = [(0.8 + 0.4 * d / DAYS) * (0.7 if (start + timedelta(days=d)).weekday() >= 5 else 1.0)
                   for d in range(DAYS)]
        total = sum(weights)
        counts = [int(self.n * w / total) for w in weights]
        counts[-1] += self.n - sum(counts)
        return counts

    def rows(self) -> Iterator[Generated]:
        rng = self.rng
        local_start = datetime.combine((self.now.astimezone(TZ) - timedelta(days=DAYS)).date(),
                                       datetime.min.time(), tzinfo=TZ)
        hours = list(range(24))
        order_id = 0
        for day, count in enumerate(self.day_counts()):
            midnight = local_start + timedelta(days=day)
            offsets = sorted(rng.choices(hours, weights=HOUR_WEIGHTS, k=count))
            seconds = sorted(h * 3600 + rng.randrange(3600) for h in offsets)
            for seq, sec in enumerate(seconds, start=1):
                accepted = (midnight + timedelta(seconds=sec)).astimezone(UTC)
                if accepted > self.now:
                    accepted = self.now - timedelta(seconds=self.n - order_id)
                order_id += 1
                yield self._row(order_id, seq, midnight, accepted)

    def _lookup_code(self) -> str:
        rng = self.rng
        for _ in range(100):
            code = "".join(rng.choices(LOOKUP_ALPHABET, k=LOOKUP_LENGTH))
            if code not in self._codes:
                self._codes.add(code)
                return code
        raise RuntimeError("could not find an unused lookup code")

    def _row(self, order_id: int, seq: int, local_midnight: datetime, accepted: datetime) -> Generated:
        rng, a = self.rng, self.maker.appeal()
        phone = normalize_phone(a.caller_phone) if rng.random() < 0.92 else None
        title = a.title
        row: dict[str, Any] = {
            "id": order_id, "number": format_order_number("HL", local_midnight.date(), seq),
            "lookup_code": self._lookup_code(), "channel": a.channel, "status": OrderStatus.REGISTERED,
            "closure": None, "accepted_at": accepted, "agent_id": rng.choice(self.agent_ids),
            "caller_name": a.caller_name, "caller_confidential": rng.random() < 0.03,
            "caller_company": None,
            "caller_phone_enc": self.ctx.cipher.encrypt(phone) if phone else None,
            "caller_phone_index": self.ctx.cipher.phone_index(phone) if phone else None,
            "caller_phone_masked": mask_phone(phone) if phone else None,
            "title": title, "content": a.content, "appeal_type": a.appeal_type, "topic": a.topic,
            "urgency": a.urgency, "tags": [], "district": a.district.name, "street": a.street,
            "community": a.community, "address": a.address, "lat": a.lat, "lng": a.lng,
            "return_count": 0, "extension_days": 0, "redo_count": 0, "urge_count": 0, "supervised": False,
            "updated_at": accepted, "version": 1,
        }
        report = detect_alerts(title, a.content)
        catalogue_unit = lead_unit(a.topic) or a.district.code
        history = History(suggestion=self.history.suggestion(
            order_id, accepted, report, a.topic, catalogue_unit,
            {"district": a.district.name, "street": a.street, "community": a.community}))
        registered = dict(row)
        self._progress(row, a.district.code, a.street_code, history)
        if self.history.transferred_as_emergency(report):
            row = self._emergency_transfer(registered, report, history)
        elif row["status"] is OrderStatus.TRANSFERRED:
            self.history.transfer(history, order_id, row["closed_at"], row["agent_id"], *ORDINARY_TRANSFER,
                                  emergency=False)
        return Generated(row, index_terms(f"{title} {a.content} {a.address}"), history)

    def _emergency_transfer(self, registered: dict[str, Any], report: AlertReport, history: History
                            ) -> dict[str, Any]:
        """The order as it is when the agent transferred the call to the emergency line the rules flagged: what
        ``_progress`` made of it is dropped (its random draws are kept, so later orders stay the same)."""
        assert report.transfer_to is not None
        line = report.transfer_to.value
        at = min(registered["accepted_at"] + timedelta(minutes=3), self.now)
        history.events.clear()
        history.feedback.clear()
        self.history.transfer(history, registered["id"], at, registered["agent_id"], line,
                              HotlineMode.EMERGENCY.value, emergency=True)
        return {**registered, "status": OrderStatus.TRANSFERRED, "closed_at": at, "updated_at": at,
                "transfer_target": f"{line} {EMERGENCY_LINES[line]}", "disposition_note": "已一键转接并三方通话确认"}

    def _progress(self, row: dict[str, Any], district_code: str, street_code: str, history: History) -> None:
        """Move the order along its life as far as its age allows."""
        rng, accepted, now = self.rng, row["accepted_at"], self.now
        r = rng.random()
        quick = accepted + timedelta(minutes=rng.uniform(3, 30))
        if r < 0.335 and quick <= now:
            if r < 0.28:
                row.update(status=OrderStatus.CLOSED, closure=Closure.DIRECT_ANSWER, closed_at=quick,
                           replied_at=quick, reply_text=rng.choice(REPLIES), disposition_note="已直接答复")
            elif r < 0.30:
                row.update(status=OrderStatus.TRANSFERRED, closed_at=quick,
                           transfer_target="12315 市场监管投诉举报中心")
            elif r < 0.32:
                row.update(status=OrderStatus.OUT_OF_SCOPE, closed_at=quick,
                           disposition_note="已告知诉求人依法通过诉讼途径解决")
            elif r < 0.33:
                row.update(status=OrderStatus.MERGED, closed_at=quick,
                           merged_into_id=row["id"] - 1 if row["id"] > 1 else None)
            else:
                row.update(status=OrderStatus.VOIDED, closed_at=quick, disposition_note="重复来电，作废")
            row["updated_at"] = quick
            return
        lead = lead_unit(row["topic"])
        catalogue_unit = lead or district_code
        assignee = self.unit_ids[street_code] if lead is None and rng.random() < 0.5 else None
        days = HANDLING_DAYS[row["appeal_type"]]
        dispatched = accepted + timedelta(hours=rng.uniform(0.2, 4))
        dispatch = self.history.dispatch(dispatched, catalogue_unit, street_code if lead is None else district_code,
                                         "cgj" if lead is None else district_code)
        # The unit's clock starts again at a re-dispatch; after a rejected return the unit is handling it.
        signed = dispatch.restarted_at + timedelta(hours=rng.uniform(0.5, 20))
        if dispatch.dispute is not None and dispatch.dispute.redispatched_to is None:
            signed = dispatch.dispute.ruled_at
        stuck = rng.random() < 0.005
        replied = None if stuck else signed + timedelta(days=rng.uniform(0.3, days * 1.15))
        stages = [(dispatched, OrderStatus.DISPATCHED), (signed, OrderStatus.HANDLING)]
        if replied is not None:
            reviewed = replied + timedelta(hours=rng.uniform(1, 30))
            visited = reviewed + timedelta(days=rng.uniform(0.5, 3))
            closed = visited + timedelta(hours=rng.uniform(1, 24))
            stages += [(replied, OrderStatus.REPLIED), (reviewed, OrderStatus.PENDING_VISIT),
                       (visited, OrderStatus.VISITED), (closed, OrderStatus.CLOSED)]
        status, updated = OrderStatus.REGISTERED, accepted
        for at, stage in stages:
            if at <= now:
                status, updated = stage, at
        if status is OrderStatus.REGISTERED:
            return
        self._dispatched(row, dispatch, status, updated, dispatched + timedelta(days=days * 1.4),
                         assignee if dispatch.lead == catalogue_unit else None)
        self.history.dispatched(history, row["id"], dispatch, row["due_at"])
        if status is OrderStatus.DISPATCHED:
            return
        row.update(signed_at=signed, responded_at=signed + timedelta(hours=rng.uniform(0.5, 24)))
        if replied is not None and replied <= now:
            row.update(replied_at=replied, reply_text=rng.choice(REPLIES))
        if status in (OrderStatus.VISITED, OrderStatus.CLOSED):
            solved = rng.choices(list(Solved), weights=(80, 12, 8))[0]
            row.update(visited_at=updated if status is OrderStatus.VISITED else stages[4][0], visit_solved=solved,
                       visit_satisfaction=rng.choices(list(Satisfaction), weights=(78, 12, 6, 4))[0],
                       visit_note="诉求人对处理结果表示认可" if solved is Solved.SOLVED
                       else "诉求人表示问题仍未完全解决")
        if status is OrderStatus.CLOSED:
            row.update(closure=Closure.HANDLED, closed_at=updated)

    def _dispatched(self, row: dict[str, Any], dispatch: Dispatch, status: OrderStatus, updated: datetime,
                    due: datetime, assignee: int | None) -> None:
        """The dispatch columns, as the last dispatch (``handling._assign``) and a return's ruling leave them."""
        restarted = dispatch.restarted_at
        dispute = dispatch.dispute
        # a rejected return is final: the return window closes at the ruling (``rule_on_return``)
        return_due = dispute.ruled_at if dispute and dispute.redispatched_to is None else restarted + timedelta(days=1)
        row.update(status=status, updated_at=updated, lead_unit_id=self.unit_ids[dispatch.lead],
                   assignee_unit_id=assignee, dispatched_at=restarted, sign_due_at=restarted + timedelta(days=1),
                   return_due_at=return_due, due_at=due, return_count=1 if dispute else 0)
