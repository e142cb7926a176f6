"""Closed-loop HTTP load on loopback: ``wrk`` with a Lua script when installed, else a lean asyncio client.

Both keep ``concurrency`` HTTP/1.1 keep-alive connections busy for ``seconds``, each sending the
next request as soon as the previous answer arrives, and measure every request's latency on the
client side. The generator must stay cheap: it shares the machine's two cores with the server.
wrk (C, one thread) costs a few percent of a core; the asyncio fallback, on raw
``asyncio.open_connection`` streams with pre-encoded requests, costs roughly a fifth of a core at
a few hundred requests per second.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import percentile

MAX_REQUESTS_PER_CONNECTION_SECOND = 20_000  # hard bound on the fallback's loops
LUA_TEMPLATE = Path(__file__).with_name("register.lua")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class LoadResult:
    """What one load run measured; latencies in milliseconds."""

    tool: str
    seconds: float
    ok: int
    errors: int
    p50: float
    p90: float
    p99: float
    max: float
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_load(base_url: str, requests: list[Request], *, seconds: float, concurrency: int, ok_status: int,
             prefer_wrk: bool = True) -> LoadResult:
    if prefer_wrk and wrk_available():
        return run_wrk(base_url, requests, seconds=seconds, concurrency=concurrency, ok_status=ok_status)
    coro = run_asyncio(base_url, requests, seconds=seconds, concurrency=concurrency, ok_status=ok_status)
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        return runner.run(coro)


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop when installed (uvicorn[standard] brings it): a cheaper client loop."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


# --- wrk -------------------------------------------------------------------------------------------

def _lua_string(data: bytes) -> str:
    text = data.decode()
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


def _lua_script(requests: list[Request], ok_status: int) -> str:
    first = requests[0]
    headers = ", ".join(f'["{k}"] = "{v}"' for k, v in first.headers.items())
    bodies = ",\n".join(_lua_string(r.body) for r in requests)
    return (LUA_TEMPLATE.read_text()
            .replace("--BODIES--", bodies).replace("--HEADERS--", headers)
            .replace("--METHOD--", first.method).replace("--PATH--", first.path)
            .replace("--OK_STATUS--", str(ok_status)))


def run_wrk(base_url: str, requests: list[Request], *, seconds: float, concurrency: int,
            ok_status: int) -> LoadResult:
    """One wrk thread, ``concurrency`` connections; the Lua script counts non-``ok_status`` answers."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as script:
        script.write(_lua_script(requests, ok_status))
    try:
        args = ["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
                "-s", script.name, base_url]
        out = subprocess.run(args, capture_output=True, timeout=seconds + 60, check=False)
    finally:
        Path(script.name).unlink(missing_ok=True)
    stdout = out.stdout.decode(errors="replace")
    line = next((ln for ln in stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {stdout[-2000:]} {out.stderr.decode()[-2000:]}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    socket_errors = sum(int(data[k]) for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    statuses = {str(ok_status): int(data["ok"]), "other": int(data["bad"])}
    return LoadResult(tool="wrk", seconds=data["duration_us"] / 1e6, ok=int(data["ok"]),
                      errors=int(data["bad"]) + socket_errors,
                      p50=data["p50"] / 1000, p90=data["p90"] / 1000, p99=data["p99"] / 1000,
                      max=data["max"] / 1000, statuses=statuses)


# --- asyncio fallback ----------------------------------------------------------------------------

def _encode(request: Request, host: str) -> bytes:
    head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in
                                                                             request.headers.items()),
            f"Content-Length: {len(request.body)}", "", ""]
    return "\r\n".join(head).encode() + request.body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, keep-alive) of one response; the body is read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, keep_alive = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            keep_alive = False
        elif name == "transfer-encoding":
            raise ValueError("chunked responses are not expected from this API")
    if length:
        await reader.readexactly(length)
    return status, keep_alive


async def _connection(host: str, port: int, payloads: list[bytes], offset: int, stride: int, deadline: float,
                      max_requests: int, latencies: list[float], statuses: Counter[str]) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    i = offset
    for _ in range(max_requests):
        if time.perf_counter() >= deadline:
            break
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection(host, port)
            payload = payloads[i % len(payloads)]
            i += stride
            started = time.perf_counter()
            writer.write(payload)
            status, keep_alive = await asyncio.wait_for(_read_response(reader), timeout=10)
            latencies.append(time.perf_counter() - started)
            statuses[str(status)] += 1
            if not keep_alive:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            statuses["socket_error"] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def run_asyncio(base_url: str, requests: list[Request], *, seconds: float, concurrency: int,
                      ok_status: int) -> LoadResult:
    """``concurrency`` keep-alive connections on raw asyncio streams; every loop is bounded in time and count."""
    hostport = base_url.removeprefix("http://").rstrip("/")
    host, _, port = hostport.partition(":")
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load generator only targets loopback")
    payloads = [_encode(r, hostport) for r in requests]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    started = time.perf_counter()
    deadline = started + seconds
    max_requests = int(seconds * MAX_REQUESTS_PER_CONNECTION_SECOND) + 1
    await asyncio.gather(*(_connection(host, int(port), payloads, n, concurrency, deadline, max_requests,
                                       latencies, statuses) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    ok = statuses.get(str(ok_status), 0)
    ms = [x * 1000 for x in latencies]
    return LoadResult(tool="asyncio", seconds=elapsed, ok=ok, errors=sum(statuses.values()) - ok,
                      p50=percentile(ms, 50), p90=percentile(ms, 90), p99=percentile(ms, 99),
                      max=ms[-1] if ms else 0.0, statuses=dict(statuses))
