"""``hotline calendar …``: compute a deadline, list and set calendar overrides from the shell.

``due`` works with no database at all (the ``chinese_calendar`` package alone) and uses the
overrides of the configured database when it exists; it never creates a database file. ``overrides``
and ``set`` need the database and its ``calendar_overrides`` table (``hotline migrate``).

Bad input prints one line in Chinese and English on stderr and exits with status 2.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from pydantic import ValidationError
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from hotline.db.engine import make_engine
from hotline.db.uow import Database
from hotline.domain.calendar import WorkCalendar, local_deadline
from hotline.domain.errors import HotlineError
from hotline.services.calendar import list_overrides, load_calendar, official_day, set_override
from hotline.settings import Settings

calendar_app = typer.Typer(
    help="Working-day calendar: deadlines and holiday overrides (工作日历：办理时限与节假日调整).",
    no_args_is_help=True,
)

_OVERRIDES_TABLE = "calendar_overrides"
# Far beyond any real limit; stops a typo such as 5000000 from walking the calendar for minutes.
_MAX_COUNT = 10_000
_MIGRATE_HINT_ZH = "请先运行 hotline migrate"
_MIGRATE_HINT_EN = "run `hotline migrate` first"


def _fail(message_zh: str, message_en: str) -> NoReturn:
    typer.echo(f"错误：{message_zh} / error: {message_en}", err=True)
    raise typer.Exit(2)


def _settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]["msg"] if exc.errors() else str(exc)
        _fail("配置无效", f"invalid HOTLINE_* settings: {first}")
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(f"未知时区 {settings.timezone!r}", f"unknown HOTLINE_TIMEZONE {settings.timezone!r}")
    return settings


def _parse_start(text: str, tz: ZoneInfo) -> datetime:
    """A date (start of that day, local) or an ISO datetime (local when it has no offset)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        _fail(
            f"无法识别的时间 {text!r}，应为 YYYY-MM-DD 或 ISO 时间",
            f"cannot parse {text!r}; expected YYYY-MM-DD or an ISO datetime",
        )
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def _parse_count(text: str) -> int:
    try:
        count = int(text.strip())
    except ValueError:
        _fail(f"N 应为整数，收到 {text!r}", f"N must be a whole number, got {text!r}")
    if count < 0:
        _fail(f"N 不能为负数，收到 {count}", f"N must not be negative, got {count}")
    if count > _MAX_COUNT:
        _fail(f"N 不能超过 {_MAX_COUNT}，收到 {count}", f"N must be at most {_MAX_COUNT}, got {count}")
    return count


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        _fail(f"无法识别的日期 {text!r}，应为 YYYY-MM-DD", f"cannot parse date {text!r}; expected YYYY-MM-DD")


class _Unavailable(Exception):
    """The configured database cannot supply overrides; ``absent`` when it simply does not exist."""

    def __init__(self, reason: str, *, absent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.absent = absent


def _open_database(settings: Settings) -> Engine:
    """An engine on the configured database if it exists and has the overrides table.

    A SQLite file is checked for before connecting, because connecting would create it.
    """
    try:
        url = make_url(settings.database_url)
    except ArgumentError as exc:
        raise _Unavailable("HOTLINE_DATABASE_URL is not a valid database URL") from exc
    if url.get_backend_name() == "sqlite":
        path = url.database
        if not path or path == ":memory:" or not Path(path).is_file():
            raise _Unavailable(f"database {path or ':memory:'} does not exist", absent=True)
    try:
        engine = make_engine(settings)
    except (ArgumentError, ImportError) as exc:
        raise _Unavailable(f"cannot open the database: {exc}") from exc
    try:
        if inspect(engine).has_table(_OVERRIDES_TABLE):
            return engine
        reason = f"the database has no {_OVERRIDES_TABLE} table"
    except SQLAlchemyError as exc:
        reason = f"cannot read the database: {type(exc).__name__}"
    engine.dispose()
    raise _Unavailable(reason)


def _require_database(settings: Settings) -> Engine:
    try:
        return _open_database(settings)
    except _Unavailable as exc:
        _fail(f"数据库不可用（{exc.reason}），{_MIGRATE_HINT_ZH}", f"{exc.reason}; {_MIGRATE_HINT_EN}")


def _calendar(settings: Settings) -> WorkCalendar:
    """The package's calendar with the database's overrides when there are any to be had."""
    try:
        engine = _open_database(settings)
    except _Unavailable as exc:
        # No database is the normal case on a machine without a centre: stay quiet then.
        if not exc.absent:
            _note(f"未使用数据库中的日历调整 / note: not using database overrides ({exc.reason})")
        return WorkCalendar(official_day, tz=settings.timezone)
    try:
        with Database(engine).uow(write=False) as uow:
            return load_calendar(uow.session, tz=settings.timezone)
    except SQLAlchemyError as exc:
        _note(f"读取日历调整失败 / note: could not read overrides ({type(exc).__name__})")
        return WorkCalendar(official_day, tz=settings.timezone)
    finally:
        engine.dispose()


def _note(text: str) -> None:
    typer.echo(f"提示：{text}", err=True)


def _format_local(moment: datetime, tz: ZoneInfo) -> str:
    """Local wall time with the zone; a deadline at local midnight reads as 24:00 of the day it ends."""
    return f"{local_deadline(moment, tz, seconds=True)} ({tz.key})"


@calendar_app.command(
    "due",
    # So that "-1" reaches the argument (and gets our bilingual error) instead of being an option.
    context_settings={"ignore_unknown_options": True},
)
def due(
    start: Annotated[str, typer.Argument(help="YYYY-MM-DD (start of that day, local) or an ISO datetime")],
    n: Annotated[str, typer.Argument(help="Number of working days (or hours with --hours)")],
    hours: Annotated[bool, typer.Option("--hours", help="N clock hours instead of working days")] = False,
) -> None:
    """Print when a limit of N working days (or hours) counted from START runs out."""
    settings = _settings()
    tz = ZoneInfo(settings.timezone)
    begin = _parse_start(start, tz)
    count = _parse_count(n)
    calendar = _calendar(settings)
    try:
        deadline = calendar.add_hours(begin, count) if hours else calendar.add_workdays(begin, count)
    except (ValueError, OverflowError) as exc:
        _fail("无法计算期限", str(exc))
    typer.echo(_format_local(deadline, tz))
    typer.echo(deadline.astimezone(UTC).isoformat())
    if not hours:
        last_day = calendar.local_date(deadline) - timedelta(days=1)
        years = calendar.estimated_years(calendar.local_date(begin) + timedelta(days=1), last_day)
        if years:
            listed = ", ".join(str(year) for year in years)
            typer.echo(
                f"警告：{listed} 年的节假日安排未知，按周一至周五估算 / warning: no holiday data "
                f"for {listed} (neither the package nor overrides); Monday-Friday assumed",
                err=True,
            )


@calendar_app.command("overrides")
def overrides(
    year: Annotated[int | None, typer.Option("--year", help="Only this year")] = None,
) -> None:
    """List the days an admin set as working days or days off."""
    engine = _require_database(_settings())
    try:
        with Database(engine).uow(write=False) as uow:
            entries = list_overrides(uow.session, year)
    except HotlineError as exc:
        _fail(exc.message_zh, exc.message_en)
    finally:
        engine.dispose()
    if not entries:
        typer.echo("没有日历调整 / no overrides")
    for entry in entries:
        kind = "上班 workday" if entry.is_workday else "休息 day off"
        typer.echo(f"{entry.day.isoformat()}  {kind}  {entry.note or ''}".rstrip())


@calendar_app.command("set")
def set_day(
    day: Annotated[str, typer.Argument(help="YYYY-MM-DD")],
    workday: Annotated[bool, typer.Option("--workday/--off", help="A working day, or a day off")],
    note: Annotated[str | None, typer.Option("--note", help="Why, e.g. the notice it comes from")] = None,
) -> None:
    """Set whether DAY is a working day, replacing any earlier override of it."""
    parsed = _parse_day(day)
    engine = _require_database(_settings())
    try:
        with Database(engine).uow() as uow:
            set_override(uow.session, day=parsed, is_workday=workday, note=note)
            uow.commit()
    except HotlineError as exc:
        _fail(exc.message_zh, exc.message_en)
    finally:
        engine.dispose()
    kind = "工作日 a working day" if workday else "休息日 a day off"
    typer.echo(f"已设置 / set {parsed.isoformat()}: {kind}")
