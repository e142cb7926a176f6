"""Fixtures: a migrated database (SQLite, or PostgreSQL from HOTLINE_TEST_DATABASE_URL), a fake clock,
a small organisation with a user of every role, and an HTTP client with their tokens."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from hotline.app import create_app
from hotline.db.base import Base
from hotline.db.engine import make_engine
from hotline.db.migrate import upgrade_to_head
from hotline.db.models import Unit, User
from hotline.db.uow import Database
from hotline.domain.enums import AreaKind, HotlineMode, Role, UnitKind
from hotline.services.areas import AreaSpec, import_areas
from hotline.services.auth import Actor, actor_for, issue_token
from hotline.services.calendar import seed_default_time_limits
from hotline.services.organisation import add_hotline, create_unit
from hotline.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
PG_URL = os.environ.get("HOTLINE_TEST_DATABASE_URL", "")
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def on_postgres() -> bool:
    return PG_URL.startswith("postgresql")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database: a SQLite file copied per test, or the PostgreSQL database itself."""
    if on_postgres():
        engine = make_engine(Settings(database_url=PG_URL))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade_to_head(engine)
        engine.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    upgrade_to_head(engine)
    engine.dispose()
    return str(path)


@pytest.fixture
def settings(template_db: str, tmp_path: Path) -> Settings:
    if on_postgres():
        url = template_db
    else:
        shutil.copy(template_db, tmp_path / "test.db")
        url = f"sqlite:///{tmp_path / 'test.db'}"
    return Settings(env="test", database_url=url, attachment_dir=tmp_path / "attachments",
                    models_dir=tmp_path / "models", secret_key="test-secret-key-that-is-long-enough-0123456789")


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(make_engine(settings))
    if on_postgres():
        truncate_all(database)
    yield database
    database.engine.dispose()


def truncate_all(database: Database) -> None:
    """Empty every table of the shared PostgreSQL test database (SQLite tests get a fresh copy instead)."""
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class Clock:
    """The fake clock of the tests: Monday 2 March 2026, 09:00 in Shanghai, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@dataclass
class Org:
    """The test organisation: who exists, with their actors and API tokens."""

    actors: dict[str, Actor] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


# (code, name, kind, parent)
UNITS = [
    ("centre", "12345热线中心", UnitKind.CENTRE, None),
    ("cgj", "市城市管理局", UnitKind.DEPARTMENT, None),
    ("scjgj", "市市场监督管理局", UnitKind.DEPARTMENT, None),
    ("d-gl", "鼓楼区人民政府", UnitKind.DISTRICT, None),
    ("s-dj", "东街街道办事处", UnitKind.STREET, "d-gl"),
    ("c-dj1", "东街社区居委会", UnitKind.COMMUNITY, "s-dj"),
    ("s-nj", "南街街道办事处", UnitKind.STREET, "d-gl"),
    ("water", "市自来水公司", UnitKind.UTILITY, None),
]
# The gazetteer of the test city: (code, name, kind, parent, unit)
AREAS = [
    AreaSpec("a-gl", "鼓楼区", AreaKind.DISTRICT, None, "d-gl"),
    AreaSpec("a-dj", "东街街道", AreaKind.STREET, "a-gl", "s-dj"),
    AreaSpec("a-dj-1", "东街社区", AreaKind.COMMUNITY, "a-dj", "c-dj1"),
    AreaSpec("a-dj-2", "花园社区", AreaKind.COMMUNITY, "a-dj", None),
    AreaSpec("a-nj", "南街街道", AreaKind.STREET, "a-gl", "s-nj"),
    AreaSpec("a-tj", "台江区", AreaKind.DISTRICT, None, None),
    AreaSpec("a-tj-dj", "东街街道", AreaKind.STREET, "a-tj", None),  # the same street name in another district
]
# (username, role, unit)
USERS = [
    ("agent", Role.AGENT, None), ("dispatcher", Role.DISPATCHER, None), ("supervisor", Role.SUPERVISOR, None),
    ("admin", Role.ADMIN, None), ("cgj", Role.UNIT, "cgj"), ("scjgj", Role.UNIT, "scjgj"),
    ("district", Role.UNIT, "d-gl"), ("street", Role.UNIT, "s-dj"), ("community", Role.UNIT, "c-dj1"),
    ("south", Role.UNIT, "s-nj"), ("water", Role.UNIT, "water"),
]


def build_org(db: Database, now: datetime) -> Org:
    """Units, lines, time limits, areas and a user of every role (with an API token) in ``db``; also
    used by the browser tests, whose server runs on a database prepared here."""
    result = Org()
    with db.uow() as uow:
        s = uow.session
        for code, name, kind, parent in UNITS:
            create_unit(s, code=code, name=name, kind=kind, parent_code=parent)
        add_hotline(s, number="119", name="消防救援", mode=HotlineMode.EMERGENCY, transfer_target="119指挥中心")
        add_hotline(s, number="12315", name="市场监管投诉举报", mode=HotlineMode.PARALLEL, transfer_target="12315")
        add_hotline(s, number="12319", name="城建热线", mode=HotlineMode.MERGED)
        seed_default_time_limits(s)
        s.flush()
        import_areas(s, AREAS)
        for username, role, unit_code in USERS:
            unit_id = s.scalar(select(Unit.id).where(Unit.code == unit_code)) if unit_code else None
            # No password: argon2 is slow on purpose; the login tests set one.
            user = User(username=username, display_name=username, role=role, unit_id=unit_id,
                        password_hash=None, active=True, created_at=now)
            s.add(user)
            s.flush()
            s.refresh(user)
            result.actors[username] = actor_for(user)
            result.tokens[username] = issue_token(s, user=user, name="test", now=now)
        uow.commit()
    return result


@pytest.fixture
def org(db: Database, clock: Clock) -> Org:
    return build_org(db, clock.now)


@pytest.fixture
def app_client(settings: Settings, db: Database, clock: Clock, org: Org) -> Iterator[TestClient]:
    app = create_app(settings, database=db, clock=clock)
    with TestClient(app) as client:
        yield client
