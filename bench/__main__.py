"""``python -m bench [register|lists|review|classify|alerts|duplicates|places|nlp|all]``: benchmarks against the
issues' targets.

    register   POST /api/v1/orders through `hotline serve`, concurrency 16 for 20 s, several runs:
               ≥ 500 registrations/s with p99 < 100 ms on SQLite (also measured on PostgreSQL)
    lists      first page of filtered order lists with 1,000,000 orders: p99 < 50 ms
    review     the 复盘 page's figures (dispatch and emergency review) over 7 / 30 / 90 days with 1,000,000
               orders and their dispatch history: p99 < 1,000 ms for 30 days
    classify   topic macro-F1 ≥ 0.94, appeal type macro-F1 ≥ 0.87, unit accuracy ≥ 0.92 on held-out
               splits of ../shared/data; inference p99 ≤ 5 ms on one core; training ≤ 5 min; memory
    alerts     emergency false alarms per 1,000 ordinary appeals; recall on hand-written emergencies
    duplicates precision and recall of the duplicate decision on labelled 附件3 pairs; hot-issue timing
    places     address resolution (district, street, community) with 1,000 communities: median < 0.5 ms
    nlp        classify, alerts, duplicates and places
    all        register and lists (the default)

PostgreSQL runs too when it is available (HOTLINE_BENCH_POSTGRES_URL, or PostgreSQL binaries to start
a cluster of our own in bench/.cache/); --postgres requires it, --no-postgres skips it.
Progress goes to stderr, the summary to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial

from bench import alerts, classify, duplicates, lists, loader, pg, places, register, review
from bench.common import say
from bench.loadgen import wrk_available
from hotline.cli.main import default_workers


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="?", default="all",
                   choices=("register", "lists", "review", "classify", "alerts", "duplicates", "places", "nlp", "all"))
    p.add_argument("--seconds", type=float, default=20.0, help="measured seconds per registration run (20)")
    p.add_argument("--concurrency", type=int, default=16, help="connections kept busy (16)")
    p.add_argument("--runs", type=int, default=3, help="registration runs per database; medians are reported (3)")
    p.add_argument("--workers", type=int, default=default_workers(),
                   help="server processes (`hotline serve --workers N`); default: what `hotline serve` uses "
                        f"here ({default_workers()})")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of load before each measured run (2)")
    p.add_argument("--orders", type=int, default=1_000_000, help="orders loaded for the list queries (1,000,000)")
    p.add_argument("--repeat", type=int, default=200, help="repetitions of each list query (200)")
    p.add_argument("--review-repeat", type=int, default=30, help="repetitions of each review period (30)")
    p.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=None,
                   help="also on PostgreSQL (default: when available)")
    p.add_argument("--quiet-wait", type=float, default=120.0,
                   help="wait up to this many seconds for other processes to leave the CPUs before each "
                        "measurement (120; 0: don't wait)")
    p.add_argument("--asyncio", action="store_true", help="use the asyncio load generator even if wrk is installed")
    args = p.parse_args(argv)
    limits = {"workers": (1, 16), "concurrency": (1, 256), "seconds": (1, 600), "runs": (1, 20),
              "orders": (1_000, 5_000_000), "repeat": (1, 10_000), "review_repeat": (1, 1_000)}
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            p.error(f"--{name.replace('_', '-')} must be between {low:,} and {high:,}")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    with_pg = pg.available() if args.postgres is None else args.postgres
    if args.postgres and not pg.available():
        say(f"--postgres: no PostgreSQL binaries and no {pg.ENV_URL}")
        return 2
    if args.what in ("register", "all") and not args.asyncio and not wrk_available():
        say("wrk is not installed (apt-get install wrk): using the asyncio load generator")
    started = time.monotonic()
    summary: list[str] = []
    load = {"runs": args.runs, "seconds": args.seconds, "concurrency": args.concurrency, "warmup": args.warmup,
            "prefer_wrk": not args.asyncio, "quiet_wait": args.quiet_wait, "workers": args.workers}
    if args.what in ("register", "all"):
        summary += [*register.bench_sqlite(**load), ""]
        if with_pg:
            summary += [*register.bench_postgres(**load), ""]
    on_datasets = [(lists.report, args.repeat)] if args.what in ("lists", "all") else []
    on_datasets += [(review.report, args.review_repeat)] if args.what == "review" else []
    for report, repeat in on_datasets:
        measured = partial(report, repeat=repeat, quiet_wait=args.quiet_wait)
        summary += [*loader.on_sqlite(args.orders, measured), ""]
        if with_pg:
            summary += [*loader.on_postgres(args.orders, measured), ""]
    if args.what in ("classify", "nlp"):
        summary += [*classify.bench(quiet_wait=args.quiet_wait), ""]
    if args.what in ("alerts", "nlp"):
        summary += [*alerts.bench(quiet_wait=args.quiet_wait), ""]
    if args.what in ("duplicates", "nlp"):
        summary += [*duplicates.bench(quiet_wait=args.quiet_wait), ""]
    if args.what in ("places", "nlp"):
        summary += [*places.bench(quiet_wait=args.quiet_wait), ""]
    print("\n".join(["", "== hotline benchmarks (2 cores, loopback) ==", *summary,
                     f"(total {time.monotonic() - started:.0f} s)"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
