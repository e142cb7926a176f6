"""PostgreSQL for the benchmarks: ``HOTLINE_BENCH_POSTGRES_URL``, or a cluster of our own.

The own cluster is made the way ``scripts/test`` makes its throwaway one (Debian's binaries under
``/usr/lib/postgresql/*/bin``, run as the ``postgres`` OS user when we are root, listening on
127.0.0.1 only), but its data directory lives in ``bench/.cache/`` so the million-order table is
loaded once. Durability is set like the SQLite default (WAL + ``synchronous=NORMAL``): ``fsync`` on,
``synchronous_commit = off`` (a crash may lose the last few hundred ms of commits, never corrupts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from bench.common import CACHE_DIR, free_port, say

ENV_URL = "HOTLINE_BENCH_POSTGRES_URL"
ROLE, ROLE_PASSWORD = "hotline", "hotline"
CONF = """
# hotline bench cluster (bench/pg.py)
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockdir}'
max_connections = 200
shared_buffers = 1GB
effective_cache_size = 8GB
work_mem = 16MB
maintenance_work_mem = 1GB
synchronous_commit = off
max_wal_size = 4GB
checkpoint_timeout = 15min
"""


@dataclass(frozen=True)
class Postgres:
    """Where to make benchmark databases. ``external`` databases are used as they are, never dropped."""

    url: str  # a database the role can log in to
    external: bool
    host: str | None = None  # socket dir of our own cluster, for superuser work
    port: int | None = None

    def postmaster_pid(self) -> int | None:
        """The pid of our own cluster's postmaster (its CPU is the database's), None for an external one."""
        if self.external or self.host is None:
            return None
        try:
            return int((Path(self.host) / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def database_url(self, name: str) -> str:
        if self.external:
            return self.url
        return f"postgresql://{ROLE}:{ROLE_PASSWORD}@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str, *, replace: bool = False) -> str:
        if self.external:
            return self.url
        with self._admin() as conn:
            if replace:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}" OWNER {ROLE}')
        return self.database_url(name)

    def drop_databases_like(self, prefix: str, keep: str) -> None:
        """Drop our own cluster's databases named ``prefix…`` except ``keep`` (stale benchmark datasets)."""
        if self.external:
            return
        with self._admin() as conn:
            names = [r[0] for r in conn.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
                                                 (prefix,))]
        for name in names:
            if name != keep:
                self.drop_database(name)
                (Path(self.host or ".") / f"{name}.loaded").unlink(missing_ok=True)

    def drop_database(self, name: str) -> None:
        if not self.external:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(host=self.host, port=self.port, user="postgres", dbname="postgres", autocommit=True)


def find_bindir() -> Path | None:
    """Newest Debian-packaged PostgreSQL first, then initdb on the PATH (as scripts/test does)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for d in candidates:
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    initdb = shutil.which("initdb")
    if initdb:
        d = Path(initdb).resolve().parent
        if (d / "pg_ctl").exists():
            return d
    return None


def available() -> bool:
    return bool(os.environ.get(ENV_URL)) or find_bindir() is not None


def _as_pg(args: list[str], cwd: Path, *, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run a server binary as the postgres OS user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, cwd=cwd, capture_output=True, timeout=timeout, check=False)


@contextmanager
def postgres() -> Iterator[Postgres]:
    """The external database if ``HOTLINE_BENCH_POSTGRES_URL`` is set, else our cluster (started, then stopped)."""
    url = os.environ.get(ENV_URL)
    if url:
        yield Postgres(url=url, external=True)
        return
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL binaries (apt-get install postgresql-15) and no " + ENV_URL)
    root = CACHE_DIR / f"pg{bindir.parent.name}"
    data = root / "data"
    if not (data / "PG_VERSION").exists():
        _initdb(bindir, root)
    port = free_port()
    conf = data / "postgresql.auto.conf"
    conf.write_text(CONF.format(port=port, sockdir=root))
    if os.geteuid() == 0:
        shutil.chown(conf, "postgres", "postgres")
    say(f"  starting PostgreSQL {bindir.parent.name} on 127.0.0.1:{port} ({data})")
    started = _as_pg([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-t", "60",
                      "start"], root)
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"pg_ctl start failed: {started.stderr.decode()} {log}")
    try:
        pg = Postgres(url="", external=False, host=str(root), port=port)
        _ensure_role(pg)
        yield pg
    finally:
        _as_pg([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "120", "stop"], root)


def _initdb(bindir: Path, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    result = _as_pg([str(bindir / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-E", "UTF8", "--no-locale",
                     "--auth-local=trust", "--auth-host=scram-sha-256"], root)
    if result.returncode != 0:
        raise RuntimeError(f"initdb failed: {result.stdout.decode()} {result.stderr.decode()}")


def _ensure_role(pg: Postgres) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with pg._admin() as conn:
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone():
                    conn.execute(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{ROLE_PASSWORD}'")
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
