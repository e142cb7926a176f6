"""Order registration through the HTTP API: ``POST /api/v1/orders`` at concurrency 16 for 20 s.

Target (the issue): on this 2-core machine, against ``hotline serve`` as the README starts it (one
uvicorn process), ≥ 500 registrations/s on SQLite with p99 < 100 ms; measured on PostgreSQL too.
Every run starts a new server on a new database (a temp SQLite file, or a new PostgreSQL database),
makes the user and token with the CLI, warms up, then measures. Only 201 counts as success.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass

from bench.common import REGISTER_P99_MS, REGISTER_THROUGHPUT, OtherLoad, fmt, median, say, wait_for_quiet
from bench.corpus import AppealMaker
from bench.loadgen import LoadResult, Request, run_load
from bench.server import hotline_server, trained_models

BODIES = 2000  # distinct request bodies, cycled


def request_bodies(token: str, *, count: int = BODIES, seed: int = 12345) -> list[Request]:
    """Varied, realistic registrations: agents' phone calls mostly, some web/app; optional fields vary."""
    maker = AppealMaker(seed)
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    out = []
    for _ in range(count):
        a = maker.appeal()
        body: dict[str, object] = {"content": a.content, "channel": a.channel.value,
                                   "appeal_type": a.appeal_type.value, "urgency": a.urgency.value}
        if rng.random() < 0.7:
            body["title"] = a.title
        if rng.random() < 0.8:
            body["topic"] = a.topic
        if rng.random() < 0.9:
            body["caller_name"], body["caller_phone"] = a.caller_name, a.caller_phone
        location: dict[str, object] = {"district": a.district.name, "street": a.street,
                                       "community": a.community, "address": a.address}
        if rng.random() < 0.5:
            location.update(lat=a.lat, lng=a.lng)
        body["location"] = location
        out.append(Request("POST", "/api/v1/orders", headers, json.dumps(body, ensure_ascii=False).encode()))
    return out


@dataclass
class RegisterRun:
    database: str
    load: LoadResult
    server_cpu: float  # cores used by the server process during the measured run (1.0 = one core)
    other_cpu: float  # cores used by unrelated processes meanwhile (noise: other people's tests)
    workers: int = 1
    database_cpu: float = 0.0  # cores our own PostgreSQL cluster used (SQLite runs inside the server)


def run_once(database_url: str | None, label: str, *, seconds: float, concurrency: int, warmup: float,
             prefer_wrk: bool = True, quiet_wait: float = 120.0, workers: int = 1,
             postmaster: int | None = None) -> RegisterRun:
    if quiet_wait > 0:
        wait_for_quiet(max_wait=quiet_wait)
    with hotline_server(database_url, workers=workers, models_dir=trained_models()) as server:
        requests = request_bodies(server.token, seed=secrets.randbits(32))
        if warmup > 0:
            run_load(server.base_url, requests[:200], seconds=warmup, concurrency=concurrency, ok_status=201,
                     prefer_wrk=prefer_wrk)
        cpu0, others = server.cpu_seconds(), OtherLoad(server.proc.pid, postmaster=postmaster)
        load = run_load(server.base_url, requests, seconds=seconds, concurrency=concurrency, ok_status=201,
                        prefer_wrk=prefer_wrk)
        cpu = (server.cpu_seconds() - cpu0) / load.seconds if load.seconds else 0.0
        other, database = others.cores(), others.database_cores()
    return RegisterRun(label, load, cpu, other, workers, database)


def describe_run(run: RegisterRun) -> str:
    r = run.load
    return (f"  {run.database:<10} {r.tool:<7} {fmt(r.throughput):>6}/s  p50 {fmt(r.p50):>6} ms  "
            f"p90 {fmt(r.p90):>6} ms  p99 {fmt(r.p99):>6} ms  max {fmt(r.max):>6} ms  "
            f"errors {r.errors}  CPU: server {run.server_cpu:.2f}"
            + (f", PostgreSQL {run.database_cpu:.2f}" if run.database_cpu else "")
            + f", others {run.other_cpu:.2f} cores")


def summarise(label: str, runs: list[RegisterRun], *, check_targets: bool) -> list[str]:
    """Medians over the runs, and their ratios to the targets."""
    loads = [r.load for r in runs]
    tput = median([x.throughput for x in loads])
    procs = f"{runs[0].workers} server process" + ("es" if runs[0].workers > 1 else "")
    lines = [f"registration on {label}: median of {len(runs)} runs ({loads[0].tool}, "
             f"{loads[0].seconds:.0f} s each, {procs})",
             f"  p50 {fmt(median([x.p50 for x in loads]))} ms, p90 {fmt(median([x.p90 for x in loads]))} ms, "
             f"max {fmt(median([x.max for x in loads]))} ms, errors {sum(x.errors for x in loads)} in total, "
             f"server CPU {median([r.server_cpu for r in runs]):.2f} cores, "
             f"other processes {median([r.other_cpu for r in runs]):.2f} cores"]
    p99 = median([x.p99 for x in loads])
    if check_targets:
        lines += ["  " + REGISTER_THROUGHPUT.describe("throughput", tput),
                  "  " + REGISTER_P99_MS.describe("p99", p99)]
    else:
        lines += [f"  throughput {fmt(tput)}/s ({REGISTER_THROUGHPUT.ratio(tput):.2f}× the SQLite target), "
                  f"p99 {fmt(p99)} ms ({REGISTER_P99_MS.ratio(p99):.2f}× the SQLite limit)"]
    return lines


def bench_sqlite(*, runs: int, seconds: float, concurrency: int, warmup: float,
                 prefer_wrk: bool = True, quiet_wait: float = 120.0, workers: int = 1) -> list[str]:
    results = []
    for n in range(runs):
        say(f"registration on SQLite, run {n + 1}/{runs} ({seconds:.0f} s at concurrency {concurrency}) …")
        results.append(run_once(None, "SQLite", seconds=seconds, concurrency=concurrency, warmup=warmup,
                                prefer_wrk=prefer_wrk, quiet_wait=quiet_wait, workers=workers))
        say(describe_run(results[-1]))
    return [describe_run(r) for r in results] + summarise("SQLite", results, check_targets=True)


def bench_postgres(*, runs: int, seconds: float, concurrency: int, warmup: float,
                   prefer_wrk: bool = True, quiet_wait: float = 120.0,
                   workers: int = 1) -> list[str]:
    from bench.pg import postgres

    results = []
    with postgres() as pg:
        for n in range(runs):
            name = f"bench_register_{n}"
            url = pg.create_database(name, replace=True)
            say(f"registration on PostgreSQL, run {n + 1}/{runs} ({seconds:.0f} s at concurrency {concurrency}) …")
            try:
                results.append(run_once(url, "PostgreSQL", seconds=seconds, concurrency=concurrency, warmup=warmup,
                                        prefer_wrk=prefer_wrk, quiet_wait=quiet_wait, workers=workers,
                                        postmaster=pg.postmaster_pid()))
            finally:
                pg.drop_database(name)
            say(describe_run(results[-1]))
    return [describe_run(r) for r in results] + summarise("PostgreSQL", results, check_targets=False)
