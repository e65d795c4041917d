"""Per-call latency of the shared sign-in store (PostgreSQL): a session lookup, as every page run does once.

    BINJAI_WAREHOUSE=ducklake+postgresql://... .venv/bin/python -m bench.auth_store [--calls 300]

Prints the median, 95th percentile and mean of one `store.lookup` call in milliseconds, and how many PostgreSQL
connections were opened for them (from pg_stat_database's session counter); not run in CI.
"""

from __future__ import annotations

import argparse
import statistics
import time

import psycopg

from binjai.auth import shared, store


def _sessions(conninfo: str) -> int:
    """Connections ever opened to the store's database (PostgreSQL 14+ counts them)."""
    with psycopg.connect(conninfo) as con:
        return int(con.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
                   .fetchone()[0])


def main() -> None:
    """Time `calls` lookups of a live session after a few warm-up calls."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    place = shared.configured()
    if place is None:
        raise SystemExit("set BINJAI_WAREHOUSE to a ducklake+postgresql:// address")
    token = store.create_session("bench", hours=1, path=place)
    for _ in range(5):
        store.lookup(token, place)
    opened = _sessions(place.conninfo)
    times = []
    for _ in range(args.calls):
        start = time.perf_counter()
        assert store.lookup(token, place) is not None
        times.append((time.perf_counter() - start) * 1000)
    opened = _sessions(place.conninfo) - opened - 1
    times.sort()
    print(f"{args.calls} lookups: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.2f} ms, mean {statistics.fmean(times):.2f} ms, "
          f"connections opened {opened}")


if __name__ == "__main__":
    main()
