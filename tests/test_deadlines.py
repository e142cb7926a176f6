"""Time limits and the deadline policy: defaults, fallbacks, the hours path, and configuration rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

import hotline.db.models  # noqa: F401  (registers the tables on Base.metadata)
from hotline.db.base import Base
from hotline.db.models import Setting, TimeLimitRule
from hotline.domain.calendar import WorkCalendar
from hotline.domain.deadlines import DEFAULT_LIMITS, DeadlinePolicy, TimeLimit, due_after
from hotline.domain.enums import AppealType, LimitUnit, Urgency
from hotline.services.calendar import (
    EXTENSION_CAP_KEY,
    RETURN_LIMIT_KEY,
    SIGN_LIMIT_KEY,
    load_policy,
    official_day,
    seed_default_time_limits,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar(official_day)


def test_labels_read_as_on_an_order() -> None:
    assert TimeLimit.workdays(5).label_zh == "5个工作日"
    assert TimeLimit(24, LimitUnit.HOURS).label_zh == "24小时"


def test_a_negative_limit_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        TimeLimit(-1, LimitUnit.WORKDAYS)


def test_defaults_follow_the_guangdong_limits_and_run_on_the_clock_when_urgent() -> None:
    assert DEFAULT_LIMITS[(AppealType.INQUIRY, Urgency.NORMAL)] == TimeLimit.workdays(2)
    assert DEFAULT_LIMITS[(AppealType.HELP, Urgency.NORMAL)] == TimeLimit.workdays(10)
    assert DEFAULT_LIMITS[(AppealType.COMPLAINT, Urgency.NORMAL)] == TimeLimit.workdays(15)
    assert DEFAULT_LIMITS[(AppealType.PRAISE, Urgency.NORMAL)] == TimeLimit.workdays(5)
    assert len(DEFAULT_LIMITS) == len(AppealType) * len(Urgency)
    for kind in AppealType:
        assert DEFAULT_LIMITS[(kind, Urgency.URGENT)] == TimeLimit.hours(24)
        assert DEFAULT_LIMITS[(kind, Urgency.CRITICAL)] == TimeLimit.hours(2)


def test_due_after_counts_hours_on_the_clock_and_workdays_on_the_calendar() -> None:
    start = datetime(2026, 2, 15, 10, 0, tzinfo=SHANGHAI)  # first day of the Spring Festival holiday
    assert due_after(CALENDAR, start, TimeLimit.hours(2)) == datetime(2026, 2, 15, 4, 0, tzinfo=UTC)
    assert due_after(CALENDAR, start, TimeLimit.hours(24)) == datetime(2026, 2, 16, 2, 0, tzinfo=UTC)
    assert due_after(CALENDAR, start, TimeLimit.workdays(1)) == datetime(2026, 2, 24, 16, 0, tzinfo=UTC)


def test_the_policy_falls_back_to_the_defaults_then_to_ten_working_days() -> None:
    policy = DeadlinePolicy(limits={(AppealType.INQUIRY, Urgency.NORMAL): TimeLimit.workdays(1)})
    assert policy.handling_limit(AppealType.INQUIRY, Urgency.NORMAL) == TimeLimit.workdays(1)
    assert policy.handling_limit(AppealType.COMPLAINT, Urgency.NORMAL) == TimeLimit.workdays(15)
    assert policy.handling_limit(AppealType.COMPLAINT, Urgency.CRITICAL) == TimeLimit.hours(2)
    assert (policy.sign_limit, policy.return_limit, policy.extension_cap_days) == (
        TimeLimit.workdays(1),
        TimeLimit.workdays(2),
        10,
    )


def test_a_pair_missing_everywhere_gets_ten_working_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(DEFAULT_LIMITS, (AppealType.OTHER, Urgency.NORMAL))
    assert DeadlinePolicy(limits={}).handling_limit(AppealType.OTHER, Urgency.NORMAL) == TimeLimit.workdays(
        10
    )


# -- configuration rows ---------------------------------------------------------------------------


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'limits.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_an_empty_database_gives_the_default_policy(session: Session) -> None:
    assert load_policy(session) == DeadlinePolicy()


def test_load_policy_reads_limit_rows_and_settings_on_top_of_the_defaults(session: Session) -> None:
    session.add(
        TimeLimitRule(
            appeal_type=AppealType.INQUIRY, urgency=Urgency.NORMAL, amount=3, unit=LimitUnit.WORKDAYS
        )
    )
    session.add(
        TimeLimitRule(appeal_type=AppealType.HELP, urgency=Urgency.URGENT, amount=12, unit=LimitUnit.HOURS)
    )
    session.add_all(
        [
            Setting(key=SIGN_LIMIT_KEY, value=2),
            Setting(key=RETURN_LIMIT_KEY, value=1),
            Setting(key=EXTENSION_CAP_KEY, value=5),
        ]
    )
    session.flush()
    policy = load_policy(session)
    assert policy.handling_limit(AppealType.INQUIRY, Urgency.NORMAL) == TimeLimit.workdays(3)
    assert policy.handling_limit(AppealType.HELP, Urgency.URGENT) == TimeLimit.hours(12)
    assert policy.handling_limit(AppealType.REPORT, Urgency.NORMAL) == TimeLimit.workdays(15)
    assert (policy.sign_limit, policy.return_limit, policy.extension_cap_days) == (
        TimeLimit.workdays(2),
        TimeLimit.workdays(1),
        5,
    )


@pytest.mark.parametrize("bad", [True, "3", -1, 2.5, None])
def test_a_malformed_setting_is_ignored_in_favour_of_the_default(session: Session, bad: object) -> None:
    session.add(Setting(key=EXTENSION_CAP_KEY, value=bad))
    session.flush()
    assert load_policy(session).extension_cap_days == 10


def test_seeding_fills_the_empty_tables_once_and_keeps_admin_edits(session: Session) -> None:
    assert seed_default_time_limits(session) == len(DEFAULT_LIMITS) + 3
    rule = session.scalars(
        select(TimeLimitRule).where(
            TimeLimitRule.appeal_type == AppealType.INQUIRY, TimeLimitRule.urgency == Urgency.NORMAL
        )
    ).one()
    rule.amount = 1
    assert seed_default_time_limits(session) == 0
    policy = load_policy(session)
    assert policy.handling_limit(AppealType.INQUIRY, Urgency.NORMAL) == TimeLimit.workdays(1)
    assert policy.handling_limit(AppealType.COMPLAINT, Urgency.NORMAL) == TimeLimit.workdays(15)
    assert session.get(Setting, EXTENSION_CAP_KEY) is not None
