"""Shared helpers of the bench suite: percentiles, ratios against the issue's targets, ports, progress."""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / "bench" / ".cache"  # git-ignored: loaded databases reused between runs
VENV_BIN = Path(sys.executable).parent  # .venv/bin when run as `.venv/bin/python -m bench`


@dataclass(frozen=True)
class Target:
    """One target of the issue: a floor (throughput) or a ceiling (latency)."""

    label: str  # "target" or "limit"
    value: float
    unit: str  # "/s" or " ms"
    higher_is_better: bool

    def ratio(self, measured: float) -> float:
        return measured / self.value if self.value else math.inf

    def met(self, measured: float) -> bool:
        return measured >= self.value if self.higher_is_better else measured < self.value

    def describe(self, name: str, measured: float) -> str:
        """e.g. ``throughput 612/s = 1.22× target 500/s ✓``."""
        mark = "ok" if self.met(measured) else "MISSED"
        return (f"{name} {fmt(measured)}{self.unit} = {self.ratio(measured):.2f}× {self.label} "
                f"{fmt(self.value)}{self.unit}  [{mark}]")


REGISTER_THROUGHPUT = Target("target", 500.0, "/s", higher_is_better=True)
REGISTER_P99_MS = Target("limit", 100.0, " ms", higher_is_better=False)
LIST_P99_MS = Target("limit", 50.0, " ms", higher_is_better=False)
REVIEW_P99_MS = Target("limit", 1000.0, " ms", higher_is_better=False)  # the 复盘 page's data, 30 days


def fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for an empty list)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_header(first: str, width: int) -> str:
    """The column heads of a table of :meth:`Latencies.row` lines."""
    return (f"  {first:<{width}} {'reps':>5} {'p50 ms':>8} {'p99 ms':>8} {'p99/limit':>10}  {'':<6}  "
            "CPU of other processes")


class Latencies:
    """p50 and p99 of a result's ``latencies_ms`` (sorted, in milliseconds), and its line in a table."""

    latencies_ms: list[float]
    other_cpu: float  # cores other processes used meanwhile

    def row(self, name: str, width: int, limit: Target) -> str:
        mark = "ok" if limit.met(self.p99) else "MISSED"
        return (f"  {name:<{width}} {len(self.latencies_ms):>5} {fmt(self.p50):>8} {fmt(self.p99):>8} "
                f"{limit.ratio(self.p99):>9.2f}×  {mark:<6}  {self.other_cpu:.2f}")

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, *, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until 127.0.0.1:port accepts connections; fail if ``proc`` exits or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


def say(message: str, *, end: str = "\n") -> None:
    """Progress to stderr, so stdout stays the summary."""
    print(message, end=end, file=sys.stderr, flush=True)


def _stat(pid: int | str) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process group (e.g. uvicorn and its --workers), from Linux /proc.

    ``pid`` is the group leader (started with ``start_new_session``); 0 where /proc is missing.
    """
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(entry.name)
        if fields is not None and fields[2] == str(pid):
            total += sum(int(f) for f in fields[11:13])
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU seconds all processes have used since boot, from /proc/stat (0 where unknown)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds of this process and its reaped children (wrk, the CLI)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process and its direct children (a PostgreSQL postmaster and its backends)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(entry.name)) is not None \
                and (entry.name == str(root) or fields[1] == str(root)):
            total += sum(int(f) for f in fields[11:13])
    return total / ticks


class OtherLoad:
    """Measures how much CPU *other* processes took while a measurement ran (cores, on average).

    Other people's test suites on the same two cores make every number here worse; the bench
    prints this beside each result so a noisy run can be told from a slow one.
    """

    def __init__(self, *pids: int, postmaster: int | None = None) -> None:
        self.pids, self.postmaster = pids, postmaster
        self.started = time.monotonic()
        self.busy0, self.own0, self.pid0, self.pg0 = machine_busy_seconds(), own_cpu_seconds(), self._ours(), self._pg()

    def _pg(self) -> float:
        return tree_cpu_seconds(self.postmaster) if self.postmaster else 0.0

    def _ours(self) -> float:
        return sum(cpu_seconds(p) for p in self.pids) + self._pg()

    def database_cores(self) -> float:
        """Cores our PostgreSQL server used meanwhile (0 without a postmaster to watch)."""
        elapsed = time.monotonic() - self.started
        return (self._pg() - self.pg0) / elapsed if elapsed > 0 else 0.0

    def cores(self) -> float:
        elapsed = time.monotonic() - self.started
        ours = own_cpu_seconds() - self.own0 + self._ours() - self.pid0
        return max(0.0, (machine_busy_seconds() - self.busy0 - ours) / elapsed) if elapsed > 0 else 0.0


def wait_for_quiet(*, max_cores: float = 0.3, max_wait: float = 120.0, sample: float = 3.0) -> float:
    """Wait (at most ``max_wait`` s) until other processes use under ``max_cores``; return the last reading."""
    deadline = time.monotonic() + max_wait
    while True:
        probe = OtherLoad()
        time.sleep(sample)
        other = probe.cores()
        if other < max_cores or time.monotonic() >= deadline:
            if other >= max_cores:
                say(f"  machine still busy: other processes use {other:.2f} cores; measuring anyway")
            return other
        say(f"  waiting for a quiet machine: other processes use {other:.2f} cores …")
