"""The browser tests' world: one real ``hotline serve`` process and one headless Debian chromium,
shared by the module's tests.

The server runs on a copy of the migrated test database (or the PostgreSQL test database) holding
the organisation of tests/conftest.py, with passwords for the users who sign in, a dispatch
catalogue rule and a small topic model, so that every panel of the workbench has something to
show, and one order that the unit 市城市管理局 signed for weeks ago and has not replied to (已超期),
for the supervisor. Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` installs it); Playwright
never downloads a browser here. Without chromium these tests fail, saying so: they are never skipped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from bench.server import RunningServer, hotline_server
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from sqlalchemy import update

from hotline.db.engine import make_engine
from hotline.db.models import User
from hotline.db.uow import Database
from hotline.domain.enums import AppealType, Channel
from hotline.nlp.classifier import Sample
from hotline.nlp.training import TOPIC_LEVEL1, train_task
from hotline.services import catalogue, handling, intake
from hotline.services.auth import hash_password
from hotline.services.context import Context
from hotline.settings import Settings
from tests.conftest import PG_URL, Org, build_org, on_postgres, truncate_all

PASSWORD = "browser-password-1"
# An agent, a dispatcher, a supervisor, an admin and the staff of 市城市管理局.
SIGNING_IN = ("agent", "dispatcher", "supervisor", "admin", "cgj")
# Flags for chromium in a sandbox as root, on a machine whose network is closed (machines/python.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A small topic model: street lights go to 城市管理, water to 公共服务 (the words repeat on purpose).
LAMPS = ["路灯坏了", "路灯不亮", "路灯闪烁", "井盖丢失", "路灯一直不亮"]
WATER = ["小区停水", "自来水发黄", "水管爆裂漏水", "水压太低", "停水没有通知"]
# The overdue order: registered, dispatched and signed for this long ago, through the services.
NOISE = "中山路12号工地每天夜里施工到凌晨两点，噪声很大，严重影响休息，希望尽快制止。"
OVERDUE_AGE = timedelta(days=45)


def chromium_path() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("The browser tests need Debian's chromium on PATH: apt-get install -y --no-install-recommends "
                    "chromium (.ci/run installs it). They are not skipped without it.", pytrace=False)
    return found


def _prepare(url: str, models: Path) -> None:
    """The organisation, passwords, a catalogue rule and a topic model, before the server starts."""
    database = Database(make_engine(Settings(database_url=url)))
    try:
        if on_postgres():
            truncate_all(database)
        now = datetime.now(UTC)
        org = build_org(database, now)
        with database.uow() as uow:
            uow.session.execute(update(User).where(User.username.in_(SIGNING_IN))
                                .values(password_hash=hash_password(PASSWORD)))
            uow.commit()
        with database.uow() as uow:
            catalogue.add_rule(uow, actor=org.actors["admin"], now=now, draft=catalogue.RuleDraft(
                topic="城市管理", area=None, lead_unit="cgj", territorial_level=None))
        _overdue_order(database, Context.from_settings(Settings(database_url=url, models_dir=models)),
                       org, now - OVERDUE_AGE)
    finally:
        database.engine.dispose()
    samples = [Sample(t, f"{t}，希望尽快处理。第{i}次反映", label) for i in range(6)
               for texts, label in ((LAMPS, "城市管理"), (WATER, "公共服务")) for t in texts]
    train_task(TOPIC_LEVEL1, samples, models)


def _overdue_order(database: Database, ctx: Context, org: Org, then: datetime) -> None:
    with database.uow() as uow:
        order, _ = intake.register_appeal(uow, appeal=intake.NewAppeal(
            content=NOISE, channel=Channel.PHONE, appeal_type=AppealType.COMPLAINT, topic="城市管理/噪声"),
            actor=org.actors["agent"], now=then, ctx=ctx)
        number = order.number
    with database.uow() as uow:
        handling.dispatch_order(uow, number=number, unit_code="cgj", co_unit_codes=[], note=None, shown=None,
                                actor=org.actors["dispatcher"], now=then)
    with database.uow() as uow:
        handling.sign_order(uow, number=number, actor=org.actors["cgj"], now=then + timedelta(hours=1))


@pytest.fixture(scope="module")
def server(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    workdir = tmp_path_factory.mktemp("browser")
    if on_postgres():
        url = PG_URL
    else:
        shutil.copy(template_db, workdir / "browser.db")
        url = f"sqlite:///{workdir / 'browser.db'}"
    _prepare(url, workdir / "models")
    with hotline_server(url, models_dir=workdir / "models") as running:
        # The first suggestion loads the segmenter's dictionary: do it now, not in a timed assertion.
        warm = httpx.post(f"{running.base_url}/api/v1/suggestions", json={"content": "路灯坏了，小区停水"},
                          headers={"Authorization": f"Bearer {running.token}"}, timeout=60)
        assert warm.status_code == 200, warm.text
        yield running


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = chromium_path()
    launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, server: RunningServer) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) per test."""
    ctx = browser.new_context(base_url=server.base_url, locale="zh-CN")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def sign_in(page: Page, who: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/work/**")


def switch_user(page: Page, who: str) -> None:
    """Sign out with the header's button, then in as ``who``: one person hands the desk to another."""
    page.click("header form[action='/logout'] button")
    page.wait_for_url("**/login")
    sign_in(page, who)

