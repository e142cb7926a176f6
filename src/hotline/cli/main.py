"""``hotline``: serve, migrate, reindex, demo, users and tokens, the calendar, train and classify."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from hotline.cli import models
from hotline.cli.calendar import calendar_app
from hotline.db.uow import Database
from hotline.domain.enums import Role
from hotline.domain.errors import HotlineError
from hotline.domain.periods import MAX_REVIEW_DAYS, REVIEW_DAYS
from hotline.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="hotline — 12345 政务服务便民热线平台", no_args_is_help=True, add_completion=False)


app.add_typer(calendar_app, name="calendar", help="Working-day calendar · 工作日历")
app.command()(models.train)
app.command()(models.classify)


def _fail(exc: HotlineError) -> None:
    typer.echo(f"错误 / error [{exc.code}]: {exc.message_zh} / {exc.message_en}", err=True)
    raise typer.Exit(2)


def _database() -> tuple[Settings, Database]:
    from hotline.db.engine import make_engine
    from hotline.db.migrate import upgrade_to_head

    settings = Settings()
    engine = make_engine(settings)
    upgrade_to_head(engine)
    return settings, Database(engine)


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema · 升级数据库."""
    settings, _ = _database()
    typer.echo(f"database is at the newest schema: {_redact(settings.database_url)}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="Seed a demo city on first run")] = False,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: one per CPU, up to 4)",
                                                min=1, max=64)] = None,
) -> None:
    """Run the web server (migrates first) · 启动服务."""
    import uvicorn

    settings, db = _database()
    if demo:
        _seed_demo(settings, db, data_dir=None, orders=20_000)
    typer.echo(f"hotline is running: open http://{host}:{port}/  (workbench 工作台: http://{host}:{port}/login, "
               f"API docs: http://{host}:{port}/api/docs)")
    uvicorn.run("hotline.cli.asgi:create", factory=True, host=host, port=port, workers=workers or default_workers(),
                log_level="warning", access_log=False)


@app.command()
def demo(
    data: Annotated[Path | None, typer.Option("--data", help="Folder laid out like ../shared/data")] = None,
    orders: Annotated[int, typer.Option(help="Historical orders to create")] = 20_000,
) -> None:
    """Seed a realistic demo city · 生成演示数据."""
    settings, db = _database()
    _seed_demo(settings, db, data_dir=data, orders=orders)


def _seed_demo(settings: Settings, db: Database, *, data_dir: Path | None, orders: int) -> None:
    from hotline.services.demo import seed_demo

    if data_dir is None and Path("../shared/data").is_dir():
        data_dir = Path("../shared/data")
    if data_dir is not None and not data_dir.is_dir():
        typer.echo(f"错误 / error: 数据目录不存在 / no such folder: {data_dir}", err=True)
        raise typer.Exit(2)

    def progress(done: int, total: int) -> None:
        typer.echo(f"\r  demo orders {done:>6}/{total}", nl=False)

    summary = seed_demo(db, settings, now=datetime.now(UTC), data_dir=data_dir, orders=orders, progress=progress)
    typer.echo("")
    typer.echo(summary.describe())
    if not summary.already_seeded and not settings.models_dir.exists():
        _train_demo_models(settings, data_dir)


def _train_demo_models(settings: Settings, data_dir: Path | None) -> None:
    """A fresh demo gets models trained on its own history and the data folder, once, in the background:
    the server starts at once with the rules and picks the models up when they are written."""
    import subprocess

    settings.models_dir.mkdir(parents=True, exist_ok=True)
    log = settings.models_dir / "train.log"
    args = [sys.executable, "-m", "hotline.cli", "train", *(["--data", str(data_dir)] if data_dir else [])]
    with log.open("ab") as out:
        subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    typer.echo(f"training the text models in the background (a few minutes; progress in {log}); "
               "until then the rules suggest")


@app.command()
def reindex() -> None:
    """Rebuild the search index of every order, e.g. after the text folding changed · 重建全文检索索引.

    Runs beside a working centre: searches use the old index until the new one is complete."""
    from hotline.db.reindex import rebuild_search_index

    _, db = _database()

    def progress(done: int, total: int) -> None:
        typer.echo(f"\r  indexed {done:>8}/{total}", nl=False)

    done = rebuild_search_index(db, progress=progress)
    typer.echo("")
    typer.echo(f"重建完成 / rebuilt the search index of {done} orders")


@app.command("create-user")
def create_user(
    name: Annotated[str, typer.Argument(help="User name")],
    role: Annotated[Role, typer.Option(help="agent, dispatcher, unit, supervisor or admin")],
    unit: Annotated[str | None, typer.Option(help="Unit code (for role unit)")] = None,
    display_name: Annotated[str | None, typer.Option(help="Name shown in the UI")] = None,
) -> None:
    """Create a user; the password is read from standard input · 创建用户."""
    from hotline.services.auth import create_user as create

    password = sys.stdin.readline().rstrip("\n")
    _, db = _database()
    try:
        with db.uow() as uow:
            user = create(uow.session, username=name, role=role, password=password, now=datetime.now(UTC),
                          unit_code=unit, display_name=display_name)
            uow.commit()
    except HotlineError as exc:
        _fail(exc)
    typer.echo(f"created user {user.username} ({role.value})")


@app.command("create-token")
def create_token(name: Annotated[str, typer.Argument(help="User name")]) -> None:
    """Print a new API token for a user · 生成 API 令牌."""
    from hotline.services.auth import create_token_for

    _, db = _database()
    try:
        with db.uow() as uow:
            token = create_token_for(uow.session, username=name, now=datetime.now(UTC))
            uow.commit()
    except HotlineError as exc:
        _fail(exc)
    typer.echo(token)


ReviewDays = Annotated[int, typer.Option(help="Orders accepted in the last N days", min=1, max=MAX_REVIEW_DAYS)]
Found = TypeVar("Found")


def _review(days: int, review: Callable[[Session, datetime], Found]) -> Found:
    """``review`` of the orders accepted in the last ``days`` days, after a line saying which."""
    _, db = _database()
    since = datetime.now(UTC) - timedelta(days=days)
    with db.uow(write=False) as uow:
        found = review(uow.session, since)
    typer.echo(f"近 {days} 天受理的工单 / orders accepted in the last {days} days (since {since:%Y-%m-%d %H:%M} UTC)")
    return found


@app.command("emergency-review")
def emergency_review(days: ReviewDays = REVIEW_DAYS) -> None:
    """How the emergency flags fared: confirmed, overruled, missed · 紧急提示复盘."""
    from hotline.services.emergency_review import review

    found = _review(days, review)
    for name, outcomes in (("规则 rules", found.rules), ("模型 model", found.model)):
        share = outcomes.confirmed_share
        typer.echo(f"{name}: 提示 flagged {outcomes.flagged} · 转接紧急 transferred {outcomes.transferred_as_emergency}"
                   f" · 按普通诉求办理 handled as ordinary {outcomes.handled_as_ordinary} · 待处理 waiting "
                   f"{outcomes.waiting} · 其他 other {outcomes.other} · 确认率 confirmed "
                   + ("—" if share is None else f"{share:.0%}"))
    typer.echo(f"未被提示的紧急转接 / transferred as emergencies that nothing flagged: {found.missed}")
    if found.overruled_words:
        typer.echo("规则提示后按普通诉求办理的依据词 / the rules' words most often overruled: "
                   + "、".join(f"{word}×{n}" for word, n in found.overruled_words))


@app.command("dispatch-review")
def dispatch_review(days: ReviewDays = REVIEW_DAYS) -> None:
    """How the dispatches fared: suggestions followed, returns upheld, topics that bounce · 派单复盘."""
    from hotline.services.dispatch_review import review

    found = _review(days, review)
    followed = found.followed_share
    typer.echo(f"派单 dispatched {found.dispatched} · 有建议单位 with a suggested unit {found.with_suggestion} · "
               "按建议派单 followed the suggestion " + ("—" if followed is None else f"{followed:.0%}"))
    typer.echo(f"退单 returns {found.returns} · 退单成立改派 upheld {found.upheld} · 驳回 rejected {found.rejected}")
    if not found.bounces:
        typer.echo("没有成立的退单 / no upheld returns")
        return
    typer.echo("成立的退单（问题分类：退单单位 → 改派单位）/ upheld returns (topic: returned by → re-dispatched to):")
    for b in found.bounces:
        typer.echo(f"  {b.topic or '（未分类 none）'}: {b.returned_by} → {b.redispatched_to} ×{b.count}"
                   f"（占该分类派给 {b.returned_by} 的 {b.share:.0%} / {b.share:.0%} of the topic's dispatches there; "
                   f"按建议派出 {b.suggested} / {b.suggested} as suggested)")


def default_workers() -> int:
    """One server process per CPU, up to four: SQLite writers take turns anyway, and PostgreSQL
    deployments scale out with more hosts behind a proxy."""
    return max(1, min(os.cpu_count() or 1, 4))


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
