"""The working-day calendar: real State Council holidays, counting properties, overrides, the CLI.

Holiday facts are taken from the data shipped in ``chinese_calendar`` 1.11 (2024–2026 notices).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import hotline.db.models  # noqa: F401  (registers the tables on Base.metadata)
from hotline.cli.calendar import calendar_app
from hotline.db.base import Base
from hotline.db.models import CalendarOverride
from hotline.domain.calendar import WorkCalendar
from hotline.domain.errors import ValidationFailed
from hotline.services.calendar import (
    delete_override,
    list_overrides,
    load_calendar,
    official_day,
    set_override,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# One shared instance: its per-day memo makes the property tests fast, and answers never change.
CALENDAR = WorkCalendar(official_day)
ONE_DAY = timedelta(days=1)


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- real holidays ----------------------------------------------------------------------------------


def test_spring_festival_2026_pushes_a_five_day_limit_to_27_february() -> None:
    for hour in (0, 9, 23):
        assert CALENDAR.add_workdays(local(2026, 2, 13, hour), 5) == utc("2026-02-27T16:00:00")


def test_a_start_just_after_local_midnight_counts_from_the_next_local_day() -> None:
    # 16:00 UTC on 13 February is already 14 February in Shanghai; the count starts on the 15th,
    # the holiday, so the five days are 24–28 February (28th is a Saturday make-up day).
    assert CALENDAR.add_workdays(utc("2026-02-13T15:59:59"), 5) == utc("2026-02-27T16:00:00")
    assert CALENDAR.add_workdays(utc("2026-02-13T16:00:00"), 5) == utc("2026-02-28T16:00:00")


def test_spring_festival_2024_make_up_sundays_are_working_days() -> None:
    assert CALENDAR.is_workday(date(2024, 2, 4)) and CALENDAR.is_workday(date(2024, 2, 18))
    assert not any(CALENDAR.is_workday(date(2024, 2, d)) for d in range(10, 18))
    # Friday 2 February + 1 working day = Sunday 4 February (make-up day), not Monday 5th.
    assert CALENDAR.add_workdays(local(2024, 2, 2), 1) == utc("2024-02-04T16:00:00")
    # Friday 9 February + 2 (an inquiry) = Sunday 18th and Monday 19th.
    assert CALENDAR.add_workdays(local(2024, 2, 9), 2) == utc("2024-02-19T16:00:00")


def test_national_day_2024_counts_29_september_and_12_october_but_not_the_golden_week() -> None:
    # Friday 27 Sep + 5: Sun 29 Sep, Mon 30 Sep, then 8, 9, 10 October.
    assert CALENDAR.add_workdays(local(2024, 9, 27), 5) == utc("2024-10-10T16:00:00")
    # Mon 30 Sep + 10: 8–12 Oct (12th a Saturday make-up day), then 14–18 Oct.
    assert CALENDAR.add_workdays(local(2024, 9, 30), 10) == utc("2024-10-18T16:00:00")


def test_spring_festival_2025_makes_a_fifteen_day_complaint_due_on_20_february() -> None:
    # Friday 24 Jan + 15: Sun 26 Jan, Mon 27 Jan, 5–8 Feb (8th a Saturday), 10–14 Feb, 17–20 Feb.
    assert CALENDAR.add_workdays(local(2025, 1, 24), 15) == utc("2025-02-20T16:00:00")


def test_national_day_2025_eight_days_off_between_two_make_up_weekends() -> None:
    assert CALENDAR.is_workday(date(2025, 9, 28)) and CALENDAR.is_workday(date(2025, 10, 11))
    assert not any(CALENDAR.is_workday(date(2025, 10, d)) for d in range(1, 9))
    assert CALENDAR.add_workdays(local(2025, 9, 26), 3) == utc("2025-09-30T16:00:00")
    assert CALENDAR.add_workdays(local(2025, 9, 30), 2) == utc("2025-10-10T16:00:00")


def test_zero_working_days_ends_at_midnight_of_the_start_day_even_on_a_holiday() -> None:
    assert CALENDAR.add_workdays(local(2026, 2, 16, 10), 0) == utc("2026-02-16T16:00:00")


def test_hours_run_through_holidays_and_come_back_in_utc() -> None:
    due = CALENDAR.add_hours(local(2026, 2, 15, 10), 24)
    assert due == utc("2026-02-16T02:00:00")
    assert due.utcoffset() == timedelta(0)


def test_workdays_between_counts_the_days_after_the_start_date_up_to_the_end_date() -> None:
    start = local(2026, 2, 13, 10)
    assert CALENDAR.workdays_between(start, local(2026, 2, 13, 18)) == 0
    assert CALENDAR.workdays_between(start, local(2026, 2, 14, 0, 1)) == 1  # Saturday make-up day
    assert CALENDAR.workdays_between(start, local(2026, 2, 23, 12)) == 1  # the holiday counts nothing
    assert CALENDAR.workdays_between(start, local(2026, 2, 27, 23, 59)) == 5
    assert CALENDAR.workdays_between(start, local(2026, 2, 1)) == 0  # end before start


# -- refusals -------------------------------------------------------------------------------------


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.add_workdays(datetime(2026, 2, 13, 9), 5)
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.add_hours(datetime(2026, 2, 13, 9), 2)
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.workdays_between(local(2026, 2, 13), datetime(2026, 3, 1))


def test_negative_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_workdays(local(2026, 2, 13), -1)
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_hours(local(2026, 2, 13), -1)


def test_a_datetime_is_refused_where_a_day_is_expected_because_its_date_depends_on_the_zone() -> None:
    with pytest.raises(TypeError):
        CALENDAR.is_workday(local(2026, 2, 14))


def test_a_calendar_with_no_working_day_at_all_raises_instead_of_looping() -> None:
    never = WorkCalendar(lambda _day: False)
    with pytest.raises(ValueError, match="no working day"):
        never.add_workdays(local(2026, 1, 5), 1)


# -- unknown years, overrides, memo ---------------------------------------------------------------


def test_a_year_unknown_to_the_package_falls_back_to_weekdays_and_is_flagged() -> None:
    assert official_day(date(2031, 1, 1)) is None
    # 1 January 2031 is a Wednesday; with no data it is taken as a working day — but flagged.
    assert CALENDAR.is_workday(date(2031, 1, 1)) and CALENDAR.is_estimated(date(2031, 1, 1))
    assert not CALENDAR.is_workday(date(2031, 1, 4))  # Saturday
    assert CALENDAR.add_workdays(local(2031, 1, 3), 5) == utc("2031-01-10T16:00:00")
    assert CALENDAR.estimated_years(date(2026, 12, 1), date(2031, 1, 10)) == [2027, 2028, 2029, 2030, 2031]
    assert CALENDAR.estimated_years(date(2024, 1, 1), date(2026, 12, 31)) == []
    assert not CALENDAR.is_estimated(date(2026, 2, 16))


def test_the_notice_for_an_unknown_year_entered_as_overrides_is_honoured_and_unflags_that_year() -> None:
    notice = {date(2031, 1, 1): False, date(2031, 1, 4): True}
    calendar = WorkCalendar(official_day, notice)
    assert not calendar.is_workday(date(2031, 1, 1)) and calendar.is_workday(date(2031, 1, 4))
    # The notice lists only exceptions, so the rest of 2031 is known too once any of it is entered.
    assert not any(calendar.is_estimated(date(2031, 1, d)) for d in range(1, 32))
    assert calendar.estimated_years(date(2030, 12, 1), date(2031, 12, 31)) == [2030]
    # Friday 3 Jan + 5: Sat 4 (make-up), 6, 7, 8, 9 — the Friday holiday of the 1st is before the start.
    assert calendar.add_workdays(local(2031, 1, 3), 5) == utc("2031-01-09T16:00:00")


def test_an_override_beats_the_package_and_stays_inside_its_own_calendar() -> None:
    typhoon = WorkCalendar(official_day, {date(2026, 2, 25): False})
    assert not typhoon.is_workday(date(2026, 2, 25)) and not typhoon.is_estimated(date(2026, 2, 25))
    assert typhoon.add_workdays(local(2026, 2, 13), 5) == utc("2026-02-28T16:00:00")
    assert WorkCalendar(official_day).is_workday(date(2026, 2, 25))


def test_the_official_source_is_asked_once_per_day_however_many_deadlines_are_computed() -> None:
    asked: list[date] = []

    def counting(day: date) -> bool | None:
        asked.append(day)
        return official_day(day)

    calendar = WorkCalendar(counting)
    for hour in range(24):
        calendar.add_workdays(local(2026, 2, 13, hour), 15)
    assert len(asked) == len(set(asked)) > 0


# -- properties -----------------------------------------------------------------------------------

ZONES = st.sampled_from([UTC, SHANGHAI, ZoneInfo("America/New_York")])
STARTS = st.datetimes(min_value=datetime(2004, 1, 2), max_value=datetime(2032, 12, 1), timezones=ZONES)
COUNTS = st.integers(min_value=0, max_value=40)


@given(start=STARTS, n=COUNTS)
@settings(deadline=None)
def test_a_deadline_is_the_end_of_the_nth_working_day_after_the_start_date(start: datetime, n: int) -> None:
    due = CALENDAR.add_workdays(start, n)
    assert due > start
    assert due.utcoffset() == timedelta(0)
    due_local = due.astimezone(SHANGHAI)
    assert (due_local.hour, due_local.minute, due_local.second, due_local.microsecond) == (0, 0, 0, 0)
    last_day = due_local.date() - ONE_DAY
    start_day = start.astimezone(SHANGHAI).date()
    counted = [start_day + ONE_DAY * i for i in range(1, (last_day - start_day).days + 1)]
    assert sum(CALENDAR.is_workday(day) for day in counted) == n
    if n:
        assert CALENDAR.is_workday(last_day)
    assert CALENDAR.workdays_between(start, due - timedelta(microseconds=1)) == n


@given(start=STARTS, n=COUNTS, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
@settings(deadline=None)
def test_deadlines_grow_with_the_limit_and_with_the_start(start: datetime, n: int, later: timedelta) -> None:
    assert CALENDAR.add_workdays(start, n) < CALENDAR.add_workdays(start, n + 1)
    assert CALENDAR.add_workdays(start, n) <= CALENDAR.add_workdays(start + later, n)


@given(start=STARTS, n=st.integers(min_value=1, max_value=30), pick=st.integers(min_value=0))
@settings(deadline=None)
def test_turning_a_counted_working_day_off_pushes_the_deadline_by_one_working_day(
    start: datetime, n: int, pick: int
) -> None:
    due = CALENDAR.add_workdays(start, n)
    start_day = start.astimezone(SHANGHAI).date()
    counted = [
        day
        for day in (
            start_day + ONE_DAY * i for i in range(1, (due.astimezone(SHANGHAI).date() - start_day).days)
        )
        if CALENDAR.is_workday(day)
    ]
    day_off = counted[pick % len(counted)]
    moved = WorkCalendar(official_day, {day_off: False}).add_workdays(start, n)
    assert moved == CALENDAR.add_workdays(start, n + 1)


@given(day=st.dates(min_value=date(2027, 1, 1), max_value=date(2040, 12, 31)), worked=st.booleans())
def test_an_override_in_a_year_without_data_is_honoured_and_not_flagged(day: date, worked: bool) -> None:
    assume(official_day(day) is None)
    assert CALENDAR.is_estimated(day)
    calendar = WorkCalendar(official_day, {day: worked})
    assert calendar.is_workday(day) is worked
    assert not calendar.is_estimated(day)
    assert day.year not in calendar.estimated_years(day, day)


# -- the service layer on a real SQLite database --------------------------------------------------


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'calendar.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def test_load_calendar_honours_overrides_and_sees_each_new_one(session: Session) -> None:
    start = local(2026, 2, 13)
    assert load_calendar(session).add_workdays(start, 5) == utc("2026-02-27T16:00:00")
    set_override(session, day=date(2026, 2, 25), is_workday=False, note="台风停工")
    assert load_calendar(session).add_workdays(start, 5) == utc("2026-02-28T16:00:00")
    set_override(session, day=date(2026, 2, 25), is_workday=True, note=None)
    assert load_calendar(session).add_workdays(start, 5) == utc("2026-02-27T16:00:00")


def test_an_edit_by_another_process_is_seen_without_invalidating_the_cache(engine: Engine) -> None:
    with Session(engine) as session:
        set_override(session, day=date(2031, 1, 2), is_workday=True, note=None)
        session.commit()
        assert load_calendar(session).is_workday(date(2031, 1, 2))
    # Same row count and max(day): only the content changed, behind the service's back.
    with Session(engine) as other:
        other.execute(update(CalendarOverride).values(is_workday=False))
        other.commit()
    with Session(engine) as session:
        assert not load_calendar(session).is_workday(date(2031, 1, 2))


def test_deleting_an_override_restores_the_package_answer(session: Session) -> None:
    set_override(session, day=date(2026, 2, 16), is_workday=True, note="值班")
    assert load_calendar(session).is_workday(date(2026, 2, 16))
    assert delete_override(session, day=date(2026, 2, 16)) is True
    assert delete_override(session, day=date(2026, 2, 16)) is False
    assert not load_calendar(session).is_workday(date(2026, 2, 16))


def test_overrides_are_listed_in_date_order_and_by_year(session: Session) -> None:
    set_override(session, day=date(2027, 10, 9), is_workday=True, note=" 国庆调休 ")
    set_override(session, day=date(2027, 1, 1), is_workday=False, note="")
    set_override(session, day=date(2026, 5, 6), is_workday=False, note=None)
    assert [entry.day.year for entry in list_overrides(session)] == [2026, 2027, 2027]
    entries = list_overrides(session, 2027)
    assert [(e.day, e.is_workday, e.note) for e in entries] == [
        (date(2027, 1, 1), False, None),
        (date(2027, 10, 9), True, "国庆调休"),
    ]


def test_a_note_longer_than_the_column_is_refused_and_nothing_is_written(session: Session) -> None:
    with pytest.raises(ValidationFailed):
        set_override(session, day=date(2027, 1, 1), is_workday=False, note="x" * 129)
    assert list_overrides(session) == []


# -- the CLI --------------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[CliRunner, typer.Typer, Path]]:
    db_file = tmp_path / "cli.db"
    monkeypatch.setenv("HOTLINE_DATABASE_URL", f"sqlite:///{db_file}")
    monkeypatch.delenv("HOTLINE_ENV", raising=False)
    monkeypatch.delenv("HOTLINE_TIMEZONE", raising=False)
    app = typer.Typer()
    app.add_typer(calendar_app, name="calendar")
    yield CliRunner(), app, db_file


def test_cli_due_prints_24_00_local_and_utc_without_creating_a_database(
    cli: tuple[CliRunner, typer.Typer, Path],
) -> None:
    runner, app, db_file = cli
    result = runner.invoke(app, ["calendar", "due", "2026-02-13", "5"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["2026-02-27 24:00 (Asia/Shanghai)", "2026-02-27T16:00:00+00:00"]
    assert result.stderr == ""
    assert not db_file.exists()


def test_cli_due_in_hours_and_from_a_datetime(cli: tuple[CliRunner, typer.Typer, Path]) -> None:
    runner, app, _ = cli
    result = runner.invoke(app, ["calendar", "due", "2026-02-15T10:30", "2", "--hours"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["2026-02-15 12:30 (Asia/Shanghai)", "2026-02-15T04:30:00+00:00"]


def test_cli_due_warns_on_stderr_when_a_counted_year_is_estimated(
    cli: tuple[CliRunner, typer.Typer, Path],
) -> None:
    runner, app, _ = cli
    result = runner.invoke(app, ["calendar", "due", "2031-01-03", "5"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2031-01-10 24:00 (Asia/Shanghai)"
    assert "2031" in result.stderr and "warning" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["2026-02-30", "5"], "cannot parse"),
        (["tomorrow", "5"], "cannot parse"),
        (["2026-02-13", "-1"], "negative"),
        (["2026-02-13", "five"], "whole number"),
        (["2026-02-13", "5000000"], "at most"),
    ],
)
def test_cli_bad_input_gets_one_bilingual_line_and_exit_code_2(
    cli: tuple[CliRunner, typer.Typer, Path], args: list[str], fragment: str
) -> None:
    runner, app, _ = cli
    result = runner.invoke(app, ["calendar", "due", *args])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith("错误：") and "/ error:" in lines[0] and fragment in lines[0]
    )


def test_cli_set_without_a_database_asks_for_migrate_and_creates_nothing(
    cli: tuple[CliRunner, typer.Typer, Path],
) -> None:
    runner, app, db_file = cli
    result = runner.invoke(app, ["calendar", "set", "2026-02-25", "--off"])
    assert result.exit_code == 2
    assert "hotline migrate" in result.stderr
    assert not db_file.exists()


def test_cli_set_writes_an_override_that_due_and_overrides_then_use(
    cli: tuple[CliRunner, typer.Typer, Path],
) -> None:
    runner, app, db_file = cli
    engine = create_engine(f"sqlite:///{db_file}")
    Base.metadata.create_all(engine)
    engine.dispose()
    result = runner.invoke(app, ["calendar", "set", "2026-02-25", "--off", "--note", "台风停工"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["calendar", "overrides", "--year", "2026"])
    assert listed.stdout.splitlines() == ["2026-02-25  休息 day off  台风停工"]
    due = runner.invoke(app, ["calendar", "due", "2026-02-13", "5"])
    assert due.stdout.splitlines()[0] == "2026-02-28 24:00 (Asia/Shanghai)"
