"""UnitOfWork.committing: the block's statements and the commit (on PostgreSQL sent together, in one
round trip), with a failing statement raised as SQLAlchemy's error and nothing of the block kept."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from hotline.db.base import table_of
from hotline.db.models import OrderSequence
from hotline.db.uow import Database


def _counters(db: Database) -> dict[str, int]:
    with db.uow(write=False) as uow:
        return {s: v for s, v in uow.session.execute(select(OrderSequence.scope, OrderSequence.value))}


def test_the_block_is_committed(db: Database) -> None:
    with db.uow() as uow:
        connection = uow.session.connection()
        with uow.committing():
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260302", "value": 7})
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260303", "value": 1})
    assert _counters(db) == {"T20260302": 7, "T20260303": 1}


def test_a_failing_statement_raises_integrity_error_and_keeps_nothing_of_the_block(db: Database) -> None:
    with db.uow() as uow:
        connection = uow.session.connection()
        with uow.committing():
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260302", "value": 1})
    with db.uow() as uow:
        connection = uow.session.connection()
        with pytest.raises(IntegrityError), uow.committing():
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260304", "value": 1})
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260302", "value": 2})  # taken
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260305", "value": 1})
        uow.rollback()
        # The unit of work goes on after the rollback, as after any failed statement.
        connection = uow.session.connection()
        with uow.committing():
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260306", "value": 3})
    assert _counters(db) == {"T20260302": 1, "T20260306": 3}


def test_an_error_in_the_block_commits_nothing(db: Database) -> None:
    with db.uow() as uow:
        connection = uow.session.connection()
        with pytest.raises(RuntimeError), uow.committing():
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260302", "value": 1})
            raise RuntimeError("stop")
    with db.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(OrderSequence)) == 0


def test_pending_orm_changes_are_part_of_the_same_commit(db: Database) -> None:
    with db.uow() as uow:
        uow.session.add(OrderSequence(scope="T20260307", value=9))
        connection = uow.session.connection()
        with pytest.raises(IntegrityError), uow.committing():
            connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260307", "value": 1})  # taken
        uow.rollback()
    assert _counters(db) == {}


def test_a_conflict_with_a_concurrent_writer_raises_integrity_error(db: Database) -> None:
    """The concurrent case: the other writer's row is not committed yet, so the conflict is only known
    when it commits, at this block's COMMIT (on PostgreSQL the pipeline then ends aborted as well)."""
    raised: list[BaseException] = []

    def second_writer() -> None:
        try:
            with db.uow() as uow:
                connection = uow.session.connection()
                with uow.committing():
                    connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260308", "value": 2})
                    connection.execute(insert(table_of(OrderSequence)), {"scope": "T20260309", "value": 1})
        except BaseException as exc:  # handed to the test's thread
            raised.append(exc)

    with db.uow() as first:
        first.session.connection().execute(insert(table_of(OrderSequence)), {"scope": "T20260308", "value": 1})
        other = threading.Thread(target=second_writer)
        other.start()
        time.sleep(0.3)  # the second writer is now waiting on the first one's row (or lock)
        first.commit()
    other.join(timeout=30)
    assert len(raised) == 1 and isinstance(raised[0], IntegrityError), raised
    assert _counters(db) == {"T20260308": 1}
