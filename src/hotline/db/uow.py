"""Unit of work: a session that rolls back unless ``commit()`` is called."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hotline.db.engine import make_session_factory


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session], lock: AbstractContextManager[object] | None = None) -> None:
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


class Database:
    """The engine and its two session factories: read (deferred) and write (takes the lock first)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = make_session_factory(engine, write=False)
        self._write = make_session_factory(engine, write=True)
        # SQLite has one writer at a time. Its busy handler makes waiting threads poll with sleeps of
        # up to 100 ms, unfairly, which gave 2-second tails under load; threads of this process queue
        # on a lock instead and reach SQLite's lock one after the other.
        self._write_lock = threading.RLock() if engine.dialect.name == "sqlite" else None

    def uow(self, *, write: bool = True) -> UnitOfWork:
        if write:
            return UnitOfWork(self._write, self._write_lock)
        return UnitOfWork(self._read)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name
