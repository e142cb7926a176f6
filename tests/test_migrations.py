"""Migrations (STYLE.md §9): an empty database upgrades to head and then matches the models
exactly (``alembic check``); it downgrades to nothing and upgrades again.

On SQLite the empty database is a fresh file; on PostgreSQL it is a fresh schema of the test
database, put first on the ``search_path`` of a separate engine and dropped afterwards, so the
shared ``public`` schema that the other tests use is never touched.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Engine, column, inspect, table, text

import hotline.db.models  # noqa: F401  (registers the tables)
from hotline.db.base import Base
from hotline.db.engine import make_engine
from hotline.db.migrate import alembic_config, check_models_match, upgrade_to_head
from hotline.db.models import Order
from hotline.db.search import FTS_TABLE
from hotline.domain.enums import AppealType, Channel, OrderStatus, Urgency
from hotline.services.suggestions import emergency_line
from hotline.settings import Settings
from tests.conftest import PG_URL, on_postgres

MODEL_TABLES = {t.name for t in Base.metadata.sorted_tables}
# The GIN index is declared for PostgreSQL only; alembic says so on SQLite, which is expected.
pytestmark = pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    if not on_postgres():
        engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}"))
        yield engine
        engine.dispose()
        return
    schema = f"migration_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(Settings(database_url=PG_URL), pool_size=1, max_overflow=0)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(Settings(database_url=PG_URL), pool_size=2, max_overflow=0,
                         connect_args={"options": f"-c search_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def head(engine: Engine) -> str:
    revision = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT version_num FROM alembic_version"))


def test_an_empty_database_upgrades_to_head_and_matches_the_models(empty_engine: Engine) -> None:
    assert tables(empty_engine) == set()
    upgrade_to_head(empty_engine)
    assert tables(empty_engine) >= MODEL_TABLES
    assert current(empty_engine) == head(empty_engine)
    check_models_match(empty_engine)  # raises if autogenerate finds any difference


def test_upgrading_twice_changes_nothing(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    before = tables(empty_engine)
    upgrade_to_head(empty_engine)
    assert tables(empty_engine) == before
    check_models_match(empty_engine)


def test_downgrading_to_base_removes_everything_and_upgrading_again_restores_it(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    command.downgrade(alembic_config(empty_engine), "base")
    assert tables(empty_engine) == {"alembic_version"}
    assert current(empty_engine) is None
    upgrade_to_head(empty_engine)
    assert tables(empty_engine) >= MODEL_TABLES
    check_models_match(empty_engine)


def test_each_migration_steps_down_and_up_again(empty_engine: Engine) -> None:
    config = alembic_config(empty_engine)
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()][::-1]
    for revision in revisions:
        command.upgrade(config, revision)
        assert current(empty_engine) == revision
    for revision in revisions[::-1]:
        command.downgrade(config, "-1")
        command.upgrade(config, revision)
        command.downgrade(config, "-1")
    assert current(empty_engine) is None
    upgrade_to_head(empty_engine)
    check_models_match(empty_engine)


def test_the_search_index_is_created_by_the_migrations(empty_engine: Engine) -> None:
    upgrade_to_head(empty_engine)
    if empty_engine.dialect.name == "sqlite":
        assert FTS_TABLE in tables(empty_engine)
    else:
        indexes = {ix["name"] for ix in inspect(empty_engine).get_indexes("order_search")}
        assert {"ix_order_search_accepted_tsv", "ix_order_search_accepted_at"} <= indexes
        assert "ix_order_search_tsv" not in indexes  # replaced by 0009


def test_0008_fills_in_the_emergency_line_of_the_suggestions_stored_before_it(empty_engine: Engine) -> None:
    """The emergency review finds flagged orders by the new column: suggestions stored before it must have it."""
    config = alembic_config(empty_engine)
    command.upgrade(config, "0007")
    at = datetime(2026, 5, 1, tzinfo=UTC)
    payloads: dict[int, dict[str, Any]] = {
        1: {"alerts": {"transfer_to": "119", "second_opinion": None}},  # the rules flagged it
        2: {"alerts": {"transfer_to": None, "second_opinion": {"line": "120", "confidence": 0.8}}},  # the model
        3: {"alerts": {"transfer_to": "110", "second_opinion": {"line": "120"}}},  # both: the rules' line
        4: {"alerts": {"transfer_to": None, "second_opinion": None}},  # an ordinary appeal
        5: {"topic": {"candidates": []}},  # no alerts at all
    }
    stored = table("order_suggestions", column("order_id"), column("payload", JSON), column("model_versions", JSON),
                   column("created_at"))
    with empty_engine.begin() as conn:
        for order_id in payloads:
            conn.execute(Order.__table__.insert(), {  # type: ignore[attr-defined]
                "id": order_id, "number": f"HL20260501{order_id:06d}", "lookup_code": f"CODE{order_id}",
                "channel": Channel.PHONE, "status": OrderStatus.REGISTERED, "accepted_at": at, "title": "",
                "content": "诉求", "appeal_type": AppealType.HELP, "urgency": Urgency.NORMAL, "updated_at": at})
        conn.execute(stored.insert(), [{"order_id": order_id, "payload": payload, "model_versions": {},
                                        "created_at": at} for order_id, payload in payloads.items()])
    command.upgrade(config, "0008")
    with empty_engine.connect() as conn:
        lines = dict(conn.execute(text("SELECT order_id, emergency_line FROM order_suggestions")).all())
    assert lines == {1: "119", 2: "120", 3: "110", 4: None, 5: None}
    assert lines == {order_id: emergency_line(payload) for order_id, payload in payloads.items()}  # as registration
