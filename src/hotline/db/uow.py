"""Unit of work: a session that rolls back unless ``commit()`` is called."""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from hotline.db.engine import make_session_factory


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session], lock: AbstractContextManager[None] | None = None) -> None:
        self._factory = factory
        self._lock = lock
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        assert self._session is not None, "use the unit of work as a context manager"
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._lock is not None:
            self._lock.__enter__()
        self._session = self._factory()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves loaded
        # objects readable after the unit of work, detached.
        try:
            self.session.close()
        finally:
            self._session = None
            if self._lock is not None:
                self._lock.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    @contextmanager
    def committing(self) -> Iterator[None]:
        """Run the block's statements, then commit.

        With PostgreSQL (psycopg) the statements are not sent one by one: they go with the COMMIT, in
        psycopg's pipeline mode, in one round trip. A transaction that holds a row others wait for
        (registration's day counter) then holds it for one round trip instead of one per statement.
        Inside the block SQLAlchemy gets no result rows, so only statements that read nothing belong
        in it. A statement that fails raises at the commit, as SQLAlchemy's exception for it (an
        ``IntegrityError`` as if the statement had run alone); the unit of work is then rolled back as
        after any failed statement."""
        self.session.flush()  # pending ORM changes go first, in this same transaction
        connection = self.session.connection()
        driver = connection.connection.driver_connection
        dialect = connection.dialect
        if dialect.driver != "psycopg" or driver is None or not _has_pipeline():
            yield
            self.commit()
            return
        dbapi_error = dialect.loaded_dbapi.Error
        failure: Exception | None = None
        try:
            with driver.pipeline():
                yield
                try:
                    driver.commit()
                except dbapi_error as exc:  # leave the pipeline cleanly first (its sync ended the error)
                    failure = exc
        except dbapi_error as exc:
            # Leaving a pipeline whose COMMIT failed raises PipelineAborted: the first error is the one
            # that says what went wrong (a UniqueViolation is an IntegrityError, which callers retry on).
            failure = failure or exc
        if failure is not None:
            raise DBAPIError.instance(None, None, failure, dbapi_error) from failure
        self.commit()  # SQLAlchemy's own: nothing is left to send; ends the session's transaction


@cache
def _has_pipeline() -> bool:
    """Pipeline mode needs libpq 14 or newer (psycopg-binary bundles one; a system libpq may be older)."""
    import psycopg  # only asked when the engine runs on psycopg

    return psycopg.capabilities.has_pipeline()


class SqliteWriterQueue:
    """Writers to one SQLite file take turns here before SQLite's own lock.

    SQLite has one writer at a time, and its busy handler makes waiting connections poll with sleeps
    of up to 100 ms, unfairly: under load that gave tails of seconds. Threads of a process queue on
    a lock, and processes (``hotline serve --workers N``) on an flock of a file beside the database,
    so each writer is woken as soon as the previous one commits."""

    def __init__(self, database: str | None) -> None:
        self._threads = threading.RLock()
        self._depth = 0
        on_disk = bool(database) and database != ":memory:" and not str(database).startswith("file:")
        self._fd = os.open(f"{database}.writelock", os.O_RDWR | os.O_CREAT, 0o600) if on_disk else None
        if self._fd is not None:
            weakref.finalize(self, os.close, self._fd)

    def __enter__(self) -> None:
        self._threads.acquire()
        self._depth += 1
        if self._depth == 1 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()


class Database:
    """The engine and its two session factories: read (deferred) and write (takes the lock first)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = make_session_factory(engine, write=False)
        self._write = make_session_factory(engine, write=True)
        self._write_lock = SqliteWriterQueue(engine.url.database) if engine.dialect.name == "sqlite" else None

    def uow(self, *, write: bool = True) -> UnitOfWork:
        if write:
            return UnitOfWork(self._write, self._write_lock)
        return UnitOfWork(self._read)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name
