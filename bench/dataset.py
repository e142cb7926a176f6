"""A city's two years of work orders, generated row by row for the list benchmark.

Distributions are those of a prefecture-level 12345 centre: volume grows ~40% over the two years,
weekends carry 70% of a weekday, calls peak at 9–11 h and 14–17 h; ~28% of appeals are answered
directly, a few % transferred / out of scope / merged / voided, the rest dispatched to a unit by
topic (a city department, or the district government 属地, which passes half down to a street).
Where a dispatched order stands depends on its age: old orders are closed, recent ones are being
signed, handled, replied, reviewed or visited; ~0.5% got stuck and are overdue. Ids grow with
``accepted_at``, as they do when the application registers orders one by one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.corpus import DISTRICTS, AppealMaker
from hotline.domain.enums import (
    AppealType,
    Closure,
    OrderStatus,
    Satisfaction,
    Solved,
    UnitKind,
)
from hotline.domain.numbering import LOOKUP_ALPHABET, LOOKUP_LENGTH, format_order_number
from hotline.domain.phone import mask_phone, normalize_phone
from hotline.domain.text import index_terms
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


class OrderGenerator:
    """Yields (order column values, search terms) in ``accepted_at`` order, ids 1..n."""

    def __init__(self, n: int, *, seed: int, now: datetime, ctx: Context, unit_ids: dict[str, int],
                 agent_ids: list[int]) -> None:
        self.n, self.now, self.ctx, self.unit_ids, self.agent_ids = n, now, ctx, unit_ids, agent_ids
        self.rng = random.Random(seed)
        self.maker = AppealMaker(seed + 1)
        self._codes: set[str] = set()

    def day_counts(self) -> list[int]:
        start = (self.now.astimezone(TZ) - timedelta(days=DAYS)).date()
        weights = [(0.8 + 0.4 * d / DAYS) * (0.7 if (start + timedelta(days=d)).weekday() >= 5 else 1.0)
                   for d in range(DAYS)]
        total = sum(weights)
        counts = [int(self.n * w / total) for w in weights]
        counts[-1] += self.n - sum(counts)
        return counts

    def rows(self) -> Iterator[tuple[dict[str, Any], str]]:
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

    def _row(self, order_id: int, seq: int, local_midnight: datetime, accepted: datetime
             ) -> tuple[dict[str, Any], str]:
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
        self._progress(row, a.district.code, a.street_code)
        return row, index_terms(f"{title} {a.content} {a.address}")

    def _progress(self, row: dict[str, Any], district_code: str, street_code: str) -> None:
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
        lead_id = self.unit_ids[lead or district_code]
        assignee = self.unit_ids[street_code] if lead is None and rng.random() < 0.5 else None
        days = HANDLING_DAYS[row["appeal_type"]]
        dispatched = accepted + timedelta(hours=rng.uniform(0.2, 4))
        signed = dispatched + timedelta(hours=rng.uniform(0.5, 20))
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
        row.update(status=status, updated_at=updated, lead_unit_id=lead_id, assignee_unit_id=assignee,
                   dispatched_at=dispatched, sign_due_at=dispatched + timedelta(days=1),
                   return_due_at=dispatched + timedelta(days=1), due_at=dispatched + timedelta(days=days * 1.4))
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
