"""``seed_demo``: the demo city and its two years of orders are consistent with the rest of the platform.

Seeded once per module (argon2 makes the ~20 demo users cost ~2 s) into fresh SQLite files: once with
the real appeals in ../shared/data and once with the built-in templates only.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.db.engine import make_engine
from hotline.db.migrate import upgrade_to_head
from hotline.db.models import (
    CatalogueRule,
    ClassificationFeedback,
    Hotline,
    Order,
    OrderCoUnit,
    OrderEvent,
    OrderSequence,
    TopicEntry,
    Unit,
    User,
)
from hotline.db.search import matches
from hotline.db.uow import Database
from hotline.domain.enums import TERMINAL_STATUSES, ClassifiedField, Closure, HotlineMode, OrderStatus, Role, UnitKind
from hotline.domain.lifecycle import TRANSITIONS, Action
from hotline.domain.numbering import format_order_number, sequence_scope
from hotline.services import topics
from hotline.services.auth import authenticate_password
from hotline.services.catalogue import route_order
from hotline.services.context import Context
from hotline.services.demo import DemoSummary, seed_demo
from hotline.services.demo_city import TOPIC_ROUTES, UTILITY_WORDS, unit_specs
from hotline.services.dispatch_review import review
from hotline.services.pii import PiiCipher
from hotline.settings import Settings

SHARED_DATA = Path(__file__).parents[2] / "shared" / "data"
NOW = datetime(2026, 5, 20, 3, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Shanghai
ORDERS = 600


def fresh_database(path: Path) -> tuple[Database, Settings]:
    settings = Settings(env="test", database_url=f"sqlite:///{path}")
    engine = make_engine(settings)
    upgrade_to_head(engine)
    return Database(engine), settings


class Seeded:
    def __init__(self, kind: str, db: Database, settings: Settings, summary: DemoSummary) -> None:
        self.kind, self.db, self.settings, self.summary = kind, db, settings, summary


@pytest.fixture(scope="module", params=["shared-data", "templates"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "shared-data":
        assert SHARED_DATA.is_dir(), "the tests read the real appeals from ../shared/data"
        data_dir = SHARED_DATA
    else:
        data_dir = folder / "no-data-here"
    db, settings = fresh_database(folder / "demo.db")
    summary = seed_demo(db, settings, now=NOW, data_dir=data_dir, orders=ORDERS)
    yield Seeded(request.param, db, settings, summary)
    db.engine.dispose()


@pytest.fixture
def session(seeded: Seeded) -> Iterator[Session]:
    with seeded.db.uow(write=False) as uow:
        yield uow.session


def test_the_summary_counts_every_order_and_says_where_the_texts_came_from(seeded: Seeded) -> None:
    summary = seeded.summary
    assert not summary.already_seeded
    assert summary.orders == ORDERS == sum(summary.status_counts.values())
    assert summary.events > ORDERS * 4
    assert summary.elapsed_seconds > 0
    if seeded.kind == "templates":
        assert summary.text_source == "built-in templates"
    else:
        assert summary.text_source.startswith("shared data")


def test_every_order_status_appears(seeded: Seeded, session: Session) -> None:
    in_db = dict(session.execute(select(Order.status, func.count()).group_by(Order.status)).all())
    assert set(in_db) == set(OrderStatus)
    assert in_db == seeded.summary.status_counts
    assert in_db[OrderStatus.CLOSED] > ORDERS * 0.7  # most of a two-year history is done


def test_no_text_keeps_a_place_placeholder(session: Session) -> None:
    """Titles are cut from the bodies before "{district}" is filled in: a cut through it reached the list."""
    placeholder = re.compile(r"\{[a-z]")  # "{district}", "{dis…"; citizens' own braces hold Chinese
    texts = session.execute(select(Order.number, Order.title, Order.content)).all()
    assert [row for row in texts if placeholder.search(row.title) or placeholder.search(row.content)] == []


def test_a_title_is_never_cut_through_a_placeholder() -> None:
    from hotline.services.demo_sources import title_from

    complaint = "小区门口的路灯已经坏了一个多月了晚上出行很不安全"
    for lead in range(10, 25):  # the cut falls before, through and after the placeholder
        title = title_from("您好！" + complaint[:lead] + "就在{district}某街道，请处理。")
        unfilled = title.count("{") - title.count("{district}")
        assert unfilled == 0 and title.count("}") == title.count("{"), title


def test_units_form_one_tree_with_materialised_paths(session: Session) -> None:
    units = {u.id: u for u in session.scalars(select(Unit))}
    assert 35 <= len(units) <= 50
    roots = [u for u in units.values() if u.parent_id is None]
    assert [(r.code, r.kind) for r in roots] == [("centre", UnitKind.CENTRE)]
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.id}/"
    kinds = Counter(u.kind for u in units.values())
    assert all(kinds[k] for k in UnitKind)
    assert len(units) == len(unit_specs())


def test_the_hotline_directory_has_every_mode_and_emergency_lines_can_be_transferred_to(session: Session) -> None:
    lines = {h.number: h for h in session.scalars(select(Hotline))}
    assert {h.mode for h in lines.values()} == set(HotlineMode)
    emergency = [lines[n] for n in ("110", "119", "120", "122")]
    assert all(line.mode is HotlineMode.EMERGENCY and line.transfer_target for line in emergency)
    tax = session.get(Unit, lines["12366"].unit_id)
    assert tax is not None and tax.kind is UnitKind.SUBCENTRE
    assert lines["12319"].mode is HotlineMode.MERGED and lines["12315"].mode is HotlineMode.PARALLEL


def test_there_is_an_account_for_every_role_and_its_demo_password_works(seeded: Seeded, session: Session) -> None:
    accounts = seeded.summary.accounts
    assert {a.role for a in accounts} == set(Role)
    unit_user = next(a for a in accounts if a.role is Role.UNIT)
    user = authenticate_password(session, username=unit_user.username, password=unit_user.password)
    assert user.unit is not None and user.unit.code == unit_user.unit_code


def test_every_lead_unit_of_the_dispatch_catalogue_has_a_login() -> None:
    logins = {s.code for s in unit_specs() if s.has_login}
    leads = {lead for lead, _ in TOPIC_ROUTES.values() if lead} | set(UTILITY_WORDS)
    assert leads <= logins


def test_the_demo_keeps_a_topic_directory_of_the_topics_its_orders_and_catalogue_use(session: Session) -> None:
    directory = set(session.scalars(select(TopicEntry.path).where(TopicEntry.retired_at.is_(None))))
    filed = {t for t in session.scalars(select(Order.topic).distinct()) if t}
    routed = {t for t in session.scalars(select(CatalogueRule.topic)) if t}
    assert filed and routed and filed | routed <= directory
    assert {p.split("/")[0] for p in directory} <= directory  # every level 2 under its level 1
    assert topics.known_topics(session, ["路灯坏了"]) == frozenset()  # a centre with a directory: not free text


def test_gas_and_heating_calls_are_filed_under_the_catalogue_s_utility_topics(seeded: Seeded, session: Session) -> None:
    # The public data files a gas smell under 城乡建设 or 环境保护; the demo's catalogue has a topic for gas, and
    # the models learn the centre's topics from its history, so the history must hold such orders.
    from hotline.services.demo_sources import UTILITY_TOPICS, topic_for

    assert topic_for("环境保护", "楼道里有很浓的燃气味") == "公共服务/燃气"
    assert topic_for("城乡建设", "小区冬天暖气不热") == "公共服务/供暖"
    assert topic_for("劳动和社会保障", "燃气公司拖欠我的工资") == "劳动和社会保障/工资福利"
    gas_words = dict(UTILITY_TOPICS)["公共服务/燃气"]
    gas = session.execute(select(Order.title, Order.content).where(Order.topic == "公共服务/燃气")).all()
    assert gas and all(any(w in t + c for w in gas_words) for t, c in gas)
    if seeded.kind == "shared-data":  # the templates have a handful; the public data about a hundred
        assert len(gas) >= 3
    routing = route_order(session, topic="公共服务/燃气", place=[], at=NOW)
    codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    assert routing is not None and codes[routing.lead_unit_id] == "zjj"
    assert [codes[u] for u in routing.co_unit_ids] == ["u-gas"]


def test_orders_have_a_lead_unit_and_deadlines_exactly_when_they_were_dispatched(session: Session) -> None:
    dispatched = set(session.scalars(select(OrderEvent.order_id).where(OrderEvent.action == Action.DISPATCH.value)))
    for order in session.scalars(select(Order)):
        if order.id in dispatched:
            assert order.lead_unit_id and order.due_at and order.dispatched_at and order.sign_due_at, order.number
            assert order.due_at > order.accepted_at
        else:
            assert order.lead_unit_id is None and order.due_at is None, order.number


def events_by_order(session: Session) -> dict[int, list[OrderEvent]]:
    grouped: dict[int, list[OrderEvent]] = defaultdict(list)
    for event in session.scalars(select(OrderEvent).order_by(OrderEvent.order_id, OrderEvent.at, OrderEvent.id)):
        grouped[event.order_id].append(event)
    return grouped


def test_every_history_starts_with_registration_and_follows_the_lifecycle_table(session: Session) -> None:
    grouped = events_by_order(session)
    for order in session.scalars(select(Order)):
        events = grouped[order.id]
        first = events[0]
        assert (first.action, first.from_status, first.to_status) == ("register", None, "registered")
        assert first.at == order.accepted_at and first.actor_id == order.agent_id
        for before, after in pairwise(events):
            assert after.from_status == before.to_status, order.number
            assert TRANSITIONS[(OrderStatus(after.from_status), Action(after.action))] == after.to_status
            assert after.at > before.at
        assert events[-1].to_status == order.status and events[-1].at == order.updated_at
        assert all(e.actor_id is not None and e.actor_role for e in events)


def test_unit_steps_are_taken_by_staff_of_the_lead_unit(session: Session) -> None:
    unit_actions = {a.value for a in (Action.SIGN, Action.RETURN, Action.PASS_DOWN, Action.RESPOND, Action.REPLY)}
    roles = dict(session.execute(select(User.id, User.role)).all())
    for events in events_by_order(session).values():
        lead = None
        for event in events:
            if event.action in (Action.DISPATCH.value, Action.UPHOLD_RETURN.value):
                lead = event.details["unit"]
            if event.action in unit_actions:
                assert event.actor_id is not None and event.actor_unit_id is not None
                assert roles[event.actor_id] is Role.UNIT
                unit = session.get(Unit, event.actor_unit_id)
                assert unit is not None and unit.code == lead


def test_fields_agree_with_how_each_order_ended(session: Session) -> None:
    for order in session.scalars(select(Order)):
        if order.status in TERMINAL_STATUSES:
            assert order.closed_at is not None, order.number
        if order.status is OrderStatus.CLOSED:
            assert order.closure in (Closure.DIRECT_ANSWER, Closure.HANDLED)
        if order.closure is Closure.DIRECT_ANSWER:
            assert order.reply_text and order.lead_unit_id is None
        if order.status is OrderStatus.MERGED:
            survivor = session.get(Order, order.merged_into_id)
            assert survivor is not None and survivor.accepted_at < order.accepted_at
        if order.status is OrderStatus.TRANSFERRED:
            assert order.transfer_target
        if order.status in (OrderStatus.VISITED, OrderStatus.PENDING_VISIT, OrderStatus.REPLIED):
            assert order.replied_at and order.reply_text
        if order.status is OrderStatus.VISITED:
            assert order.visit_solved and order.visit_satisfaction
        if order.status is OrderStatus.RETURN_REQUESTED:
            assert order.pending_return and order.return_count >= 1
        assert "{district}" not in order.content and "{estate}" not in order.content
        assert order.district and order.street and order.address and order.version == 1


def test_demo_transfers_are_ordinary_appeals_marked_as_no_emergency(session: Session) -> None:
    # The demo's texts are ordinary appeals: a mark of emergency would teach the emergency model wrong.
    marks = session.scalars(select(OrderEvent.details).where(OrderEvent.action == Action.TRANSFER.value)).all()
    assert marks and all(details["emergency"] is False for details in marks)


def test_dispatches_record_the_catalogue_s_unit_and_how_often_dispatchers_followed_it(seeded: Seeded,
                                                                                      session: Session) -> None:
    """Each dispatch keeps the unit the dispatch catalogue suggested beside the one chosen, as the real
    dispatch does, so the demo's 复盘 has a share followed: most, not all (a burst main goes to the water
    company, and some matters to the district, against the catalogue). A re-dispatch keeps it too, unless
    the catalogue's unit is the one that returned the order: then nothing was suggested."""
    shown: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for order_id, suggested, chosen in session.execute(
            select(ClassificationFeedback.order_id, ClassificationFeedback.suggested, ClassificationFeedback.chosen)
            .where(ClassificationFeedback.field == ClassifiedField.UNIT).order_by(ClassificationFeedback.id)):
        shown[order_id].append((suggested, chosen))
    dispatches: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for order_id, details in session.execute(
            select(OrderEvent.order_id, OrderEvent.details).order_by(OrderEvent.id)
            .where(OrderEvent.action.in_([Action.DISPATCH.value, Action.UPHOLD_RETURN.value]))):
        dispatches[order_id].append(details)
    assert set(shown) == set(dispatches) and len(shown) > ORDERS / 3
    assert sum(len(rows) == 2 for rows in shown.values()) > 10  # re-dispatches
    ctx = Context.from_settings(seeded.settings)
    codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    for order in session.scalars(select(Order).where(Order.id.in_(shown))):
        first, *again = dispatches[order.id]
        place, _ = ctx.gazetteer.place_of(session, district=order.district, street=order.street,
                                          community=order.community, text=order.address or "")
        routing = route_order(session, topic=order.topic, place=place, at=NOW, book=ctx.catalogue)
        assert routing is not None, order.number
        rule = codes[routing.lead_unit_id]  # the real rule's unit
        expected = [(rule, first["unit"])] + [(rule if rule != first["unit"] else None, d["unit"]) for d in again]
        assert shown[order.id] == expected, order.number
        assert [d.get("suggested_unit") for d in dispatches[order.id]] == [s for s, _ in expected]
    found = review(session, NOW - timedelta(days=3660))
    assert found.with_suggestion == sum(s is not None for rows in shown.values() for s, _ in rows)
    assert found.followed_share is not None and 0.6 < found.followed_share < 0.97


def test_co_units_are_other_units_than_the_lead(session: Session) -> None:
    rows = session.execute(select(OrderCoUnit.unit_id, Order.lead_unit_id).join(Order)).all()
    assert rows
    assert all(co != lead for co, lead in rows)


def test_phones_decrypt_and_the_blind_index_finds_a_repeat_callers_orders(seeded: Seeded, session: Session) -> None:
    cipher = PiiCipher(seeded.settings)
    index, count = session.execute(
        select(Order.caller_phone_index, func.count()).group_by(Order.caller_phone_index).order_by(func.count().desc())
    ).first() or ("", 0)
    assert count >= 3
    orders = session.scalars(select(Order).where(Order.caller_phone_index == index)).all()
    phones = {cipher.decrypt(o.caller_phone_enc) for o in orders if o.caller_phone_enc}
    assert len(phones) == 1
    phone = phones.pop()
    assert cipher.phone_index(phone) == index
    assert all(o.caller_phone_masked and o.caller_phone_masked.endswith(phone[-4:]) for o in orders)
    callers = session.scalar(select(func.count(func.distinct(Order.caller_phone_index)))) or 0
    repeat_share = 1 - callers / ORDERS
    assert 0.04 < repeat_share < 0.25


def test_numbers_and_lookup_codes_are_unique_and_the_day_sequences_continue(seeded: Seeded, session: Session) -> None:
    prefix, tz = seeded.settings.order_prefix, ZoneInfo(seeded.settings.timezone)
    rows = session.execute(select(Order.number, Order.lookup_code, Order.accepted_at).order_by(Order.id)).all()
    assert len({r.number for r in rows}) == len({r.lookup_code for r in rows}) == len(rows)
    last: dict[str, int] = {}
    for number, _, accepted_at in rows:
        day = accepted_at.astimezone(tz).date()
        scope = sequence_scope(prefix, day)
        last[scope] = last.get(scope, 0) + 1  # ids follow acceptance, so numbers count up within a day
        assert number == format_order_number(prefix, day, last[scope])
    sequences = dict(session.execute(select(OrderSequence.scope, OrderSequence.value)).all())
    assert sequences == last


def test_a_new_registration_continues_the_days_sequence(seeded: Seeded) -> None:
    intake = pytest.importorskip("hotline.services.intake")
    with seeded.db.uow() as uow:
        latest = uow.session.scalars(select(OrderSequence).order_by(OrderSequence.scope.desc()).limit(1)).one()
        seeded_value = latest.value
        assert intake.next_sequence(uow.session, latest.scope) == seeded_value + 1
        # The unit of work rolls back on exit: the demo database is left as seeded.


def test_full_text_search_finds_demo_orders(session: Session) -> None:
    order = session.scalars(select(Order).order_by(Order.id.desc()).limit(1)).one()
    clause = matches("sqlite", order.title[:4])
    assert clause is not None
    assert order.id in set(session.scalars(select(Order.id).where(clause)))


def test_the_summary_describes_itself_for_the_cli(seeded: Seeded) -> None:
    text = seeded.summary.describe()
    assert f"{ORDERS} orders" in text and "demo-agent-2026" in text and "已办结" in text


def test_seeding_again_changes_nothing(seeded: Seeded) -> None:
    with seeded.db.uow(write=False) as uow:
        before = (uow.session.scalar(select(func.count(Unit.id))), uow.session.scalar(select(func.count(Order.id))))
    again = seed_demo(seeded.db, seeded.settings, now=NOW, data_dir=None, orders=50)
    assert again.already_seeded and again.orders == 0 and "already seeded" in again.describe()
    with seeded.db.uow(write=False) as uow:
        after = (uow.session.scalar(select(func.count(Unit.id))), uow.session.scalar(select(func.count(Order.id))))
    assert after == before


def test_seeding_20000_orders_takes_seconds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, settings = fresh_database(tmp_path / "big.db")
    started = time.perf_counter()
    summary = seed_demo(db, settings, now=NOW, data_dir=SHARED_DATA if SHARED_DATA.is_dir() else None, orders=20000)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nseed_demo: {summary.orders} orders, {summary.events} events in {elapsed:.1f} s "
              f"({summary.text_source})")
    assert summary.orders == 20000 and set(summary.status_counts) == set(OrderStatus)
    db.engine.dispose()
