"""Drafting the demo's orders: when they came in, who called from where, what they said, and their fate.

A draft holds an order's columns (before its id and number) and the ``Plan`` its story is written
from. Drafting is deterministic for a given seed, except the encryption nonces and lookup codes
added later.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random
from typing import Any

from hotline.domain.calendar import WorkCalendar
from hotline.domain.enums import TERMINAL_STATUSES, OrderStatus, Urgency
from hotline.services.demo_city import (
    AREA_CODE,
    DISTRICTS,
    ESTATES,
    HOTLINES,
    District,
    Street,
    catalogue_route,
    topic_route,
)
from hotline.services.demo_rules import APPEAL_TYPES, CHANNELS, HOURS, Rates, day_weight, fate_weights, urgency_of
from hotline.services.demo_sources import TextLibrary
from hotline.services.demo_story import Fate, Plan, Staff, StoryWriter, play
from hotline.services.demo_templates import BUS_LINES, COMPANIES, HOSPITALS, SCHOOLS, SHOPS, AppealText

HISTORY = timedelta(days=730)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡"
_SLOT = re.compile(r"\{(\w+)\}")
# Topic level 1 → the line a matter of that kind is transferred to; others go to a random one.
_TRANSFER_LINES = {"劳动和社会保障": "12333", "市场管理": "12315", "商贸旅游": "12315", "经济管理": "12366",
                   "交通": "12328", "交通运输": "12328", "社会秩序": "110", "政法": "110"}
_OTHER_LINES = ("110", "119", "120", "122", "12366", "12360", "95598")


@dataclass(frozen=True)
class Caller:
    phone: str
    name: str
    district: District
    street: Street
    community: str | None
    estate: str
    address: str
    repeat: bool


@dataclass
class Draft:
    plan: Plan
    caller: Caller
    columns: dict[str, Any] = field(default_factory=dict)


def render(text: str, slots: dict[str, str]) -> str:
    """Fill the known slots; braces that are not slots (they occur in real texts) stay as they are."""
    return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), text)


class Planner:
    def __init__(self, library: TextLibrary, staff: Staff, calendar: WorkCalendar, rng: Random, *,
                 now: datetime) -> None:
        self.library, self.staff, self.cal, self.rng, self.now = library, staff, calendar, rng, now
        self.lines = {number: (number, f"{number} {name}", mode.value) for number, name, mode, _, _ in HOTLINES}

    # -- when -----------------------------------------------------------------------------------

    def acceptance_times(self, total: int) -> list[datetime]:
        """``total`` moments over the two years before now, shaped by day kind, season and hour."""
        rng, tz = self.rng, self.cal.tz
        start = (self.now - HISTORY).astimezone(tz).date()
        days = [start + timedelta(days=i) for i in range((self.now.astimezone(tz).date() - start).days + 1)]
        weights = [day_weight(d, self.cal, start, len(days)) for d in days]
        for i in rng.sample(range(len(days)), k=min(5, len(days))):
            weights[i] *= 2.5  # incident days: a burst water main, a typhoon, a policy change
        chosen = rng.choices(days, weights, k=total)
        return sorted(self._moment(day) for day in chosen)

    def _moment(self, day: date) -> datetime:
        tz, rng = self.cal.tz, self.rng
        hour = rng.choices(range(24), HOURS)[0]
        local = datetime.combine(day, time(hour), tzinfo=tz) + timedelta(seconds=rng.uniform(0, 3600))
        moment = local.astimezone(UTC)
        oldest = self.now - HISTORY
        if not oldest <= moment < self.now:  # the first and last day are cut by the window
            moment = oldest + (self.now - oldest) * rng.random()
        return moment

    # -- who and where --------------------------------------------------------------------------

    def callers(self, total: int) -> list[Caller]:
        """Callers who call again (about 10 % of orders come from them, a few calls each)."""
        return [self._caller(repeat=True) for _ in range(max(2, int(total * Rates.REPEAT_CALLER / 4)))]

    def _caller(self, *, repeat: bool = False) -> Caller:
        rng = self.rng
        if rng.random() < 0.1:
            phone = f"{AREA_CODE}8{rng.randrange(10**7):07d}"
        else:
            phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        district = rng.choices(DISTRICTS, [d.weight for d in DISTRICTS])[0]
        street = rng.choice(district.streets)
        community = rng.choice(street.communities) if rng.random() < 0.7 else None
        estate = rng.choice(ESTATES)
        if rng.random() < 0.5:
            address = f"{street.name}{rng.choice(district.roads)}{rng.randint(1, 399)}号"
        else:
            address = f"{street.name}{estate}{rng.randint(1, 40)}幢{rng.randint(1, 4)}单元"
        name = f"{rng.choice(_SURNAMES)}{rng.choice(('先生', '女士'))}"
        return Caller(phone, name, district, street, community, estate, address, repeat)

    # -- what -----------------------------------------------------------------------------------

    def draft(self, accepted_at: datetime, repeaters: list[Caller]) -> Draft:
        rng = self.rng
        caller = rng.choice(repeaters) if rng.random() < Rates.REPEAT_CALLER else self._caller()
        appeal_type = rng.choices(list(APPEAL_TYPES), list(APPEAL_TYPES.values()))[0]
        text = self.library.pick(appeal_type, rng)
        columns = self._columns(text, caller, accepted_at)
        urgency = urgency_of(columns["title"] + columns["content"], rng)
        fate = rng.choices(list(Fate), fate_weights(appeal_type))[0]
        if urgency is not Urgency.NORMAL and fate is Fate.ANSWER:
            fate = Fate.DISPATCH  # an emergency at home is never closed with a leaflet
        channel = rng.choices(list(CHANNELS), list(CHANNELS.values()))[0]
        lead, alt, co_unit = self._units(text.topic, columns["title"] + columns["content"], caller.district)
        plan = Plan(accepted_at, channel, appeal_type, urgency, fate, lead, alt, co_unit, caller.street.code,
                    self._line(text.topic), suggested=self._suggested(text.topic, caller.district))
        tags = (["重复来电"] if caller.repeat else []) + (["安全隐患"] if urgency is Urgency.CRITICAL else [])
        columns |= {"channel": channel, "appeal_type": appeal_type, "urgency": urgency, "tags": tags}
        return Draft(plan, caller, columns)

    def _columns(self, text: AppealText, caller: Caller, accepted_at: datetime) -> dict[str, Any]:
        rng, district = self.rng, caller.district
        mentioned = (accepted_at - timedelta(days=rng.randint(0, 20))).astimezone(self.cal.tz)
        slots = {
            "district": district.name, "street": caller.street.name,
            "community": caller.community or caller.street.name,
            "road": rng.choice(district.roads), "num": str(rng.randint(1, 399)), "estate": caller.estate,
            "building": f"{rng.randint(1, 40)}幢", "date": f"{mentioned.month}月{mentioned.day}日",
            "months": str(rng.randint(2, 8)), "amount": str(rng.randrange(5, 200) * 1000),
            "shop": rng.choice(SHOPS), "company": rng.choice(COMPANIES), "school": rng.choice(SCHOOLS),
            "hospital": rng.choice(HOSPITALS), "bus": rng.choice(BUS_LINES),
        }
        lat, lng = district.centre
        return {
            "title": render(text.title, slots)[:200], "content": render(text.content, slots), "topic": text.topic,
            "caller_name": caller.name, "caller_confidential": rng.random() < 0.04, "caller_company": None,
            "district": district.name, "street": caller.street.name, "community": caller.community,
            "address": caller.address, "lat": round(lat + rng.gauss(0, 0.015), 6),
            "lng": round(lng + rng.gauss(0, 0.015), 6),
        }

    def _units(self, topic: str, words: str, district: District) -> tuple[str, str, str | None]:
        """(lead, re-dispatch target, co-unit): by the dispatch catalogue, or the district (属地)."""
        routed, co_unit = topic_route(topic, words)
        if routed is not None and routed not in self.staff.unit_users:
            routed = None  # a department without a login cannot sign; the district leads instead
        lead = district.code if routed is None or self.rng.random() < 0.15 else routed
        alt = district.code if lead != district.code else (routed or "cgj")
        co_unit = co_unit if co_unit and co_unit != lead and self.rng.random() < 0.6 else None
        return lead, alt, co_unit

    def _suggested(self, topic: str, district: District) -> str:
        """The unit the dispatcher was shown: the catalogue's rule for the topic (``demo_catalogue``), which
        the dispatcher overrules for a burst main or a district matter now and then (``_units``)."""
        routed, _ = catalogue_route(topic)
        return routed if routed is not None and routed in self.staff.unit_users else district.code

    def _line(self, topic: str) -> tuple[str, str, str]:
        level1 = topic.split("/", 1)[0]
        if topic == "公共服务/供电":
            return self.lines["95598"]
        if topic == "公共服务/燃气":
            return self.lines["119"]
        return self.lines[_TRANSFER_LINES.get(level1) or self.rng.choice(_OTHER_LINES)]


def resolve_merges(drafts: list[Draft], writer: StoryWriter, rng: Random) -> None:
    """Give each merged order a surviving order still open when it was merged, and the same matter.

    ``drafts`` are in acceptance order; a merge that finds no open order is dispatched instead.
    """
    times = [d.plan.accepted_at for d in drafts]
    for index, draft in enumerate(drafts):
        if draft.plan.fate is not Fate.MERGE:
            continue
        merged_at = draft.plan.steps[-1].at
        target = _open_order_before(drafts, index, bisect_left(times, times[index] - timedelta(days=20)), merged_at,
                                    rng)
        if target is None:
            draft.plan.fate = Fate.DISPATCH
            writer.write(draft.plan)
            continue
        adopt(draft, target)


def adopt(draft: Draft, target: Draft) -> None:
    """Make ``draft`` a repeat call about ``target``'s matter, to be merged into it."""
    draft.plan.merge_into = target.plan
    draft.caller = target.caller
    keep = ("channel", "appeal_type", "urgency", "caller_confidential")
    draft.columns |= {k: v for k, v in target.columns.items() if k not in keep}
    draft.columns["tags"] = ["重复来电"]


def _open_order_before(drafts: list[Draft], index: int, first: int, moment: datetime, rng: Random) -> Draft | None:
    same_caller = [d for d in drafts[first:index] if d.caller is drafts[index].caller]
    candidates = same_caller + [drafts[rng.randrange(first, index)] for _ in range(20) if index > first]
    for candidate in candidates:
        if candidate.plan.fate is Fate.DISPATCH and play(candidate.plan.steps, moment).status not in TERMINAL_STATUSES:
            return candidate
    return None


_FORCED_FATES = {OrderStatus.TRANSFERRED: Fate.TRANSFER, OrderStatus.OUT_OF_SCOPE: Fate.OUT_OF_SCOPE,
                 OrderStatus.MERGED: Fate.MERGE, OrderStatus.VOIDED: Fate.VOID}


def ensure_every_status(drafts: list[Draft], writer: StoryWriter, now: datetime, rng: Random) -> None:
    """A small demo may miss a rare status; rewrite a few recent closed orders so every one is shown."""
    statuses = {play(d.plan.steps, now, d.plan.forced).status for d in drafts}
    survivors = {id(d.plan.merge_into) for d in drafts if d.plan.merge_into is not None}
    spare = [d for d in reversed(drafts) if d.plan.fate is Fate.DISPATCH and id(d.plan) not in survivors
             and play(d.plan.steps, now).status is OrderStatus.CLOSED]
    for status in OrderStatus:
        if status in statuses or not spare:
            continue
        victim = spare.pop(0)
        victim.plan.fate, victim.plan.forced = _FORCED_FATES.get(status, Fate.DISPATCH), status
        if status is OrderStatus.MERGED:
            _force_merge(victim, drafts, writer, now)
        else:
            _force(victim, writer, now, rng)


def _force(draft: Draft, writer: StoryWriter, now: datetime, rng: Random) -> None:
    """Move the order back from ``now`` until its story reaches the forced status before ``now``."""
    for days in (1, 2, 4, 7, 12, 20, 35, 60):
        draft.plan.accepted_at = now - timedelta(days=days, hours=rng.uniform(1, 20))
        writer.write(draft.plan)
        if play(draft.plan.steps, now, draft.plan.forced).status is draft.plan.forced:
            return


def _force_merge(draft: Draft, drafts: list[Draft], writer: StoryWriter, now: datetime) -> None:
    open_now = [d for d in drafts if d is not draft and d.plan.fate is Fate.DISPATCH
                and play(d.plan.steps, now).status not in TERMINAL_STATUSES]
    if not open_now:
        return
    target = open_now[-1]
    # Still open now means open at any moment after it came in, so any later merge is valid.
    draft.plan.accepted_at = target.plan.accepted_at + (now - target.plan.accepted_at) / 3
    writer.write(draft.plan)
    adopt(draft, target)
