"""How much of a lake's e-Mas data a period query must read: row groups whose received_at statistics overlap the
last 12 complete months (a count, independent of machine load), and the CPU and wall seconds of a typical period
query (median of runs). Compares a lake written in arrival order with one written in date order:

    .venv/bin/python -m bench.lake_pruning ADDRESS [ADDRESS ...]
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time

from binjai import clock, lake

QUERY = ("SELECT date_trunc('month', received_at) AS month, status, count(*) AS n, avg(rating) AS rating "
         "FROM e_mas WHERE received_at >= ? AND received_at < ? GROUP BY ALL")


def last_twelve_months(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The start of the month 12 months before this one, and the start of this month."""
    stop = dt.datetime(today.year, today.month, 1)
    return dt.datetime(stop.year - 1, stop.month, 1), stop


def measure(address: str, runs: int = 5) -> dict:
    """Row groups read by the period query's filter (of all), and its median CPU and wall seconds."""
    start, stop = last_twelve_months(clock.today())
    con = lake.connect(address)
    try:
        files = [row[0] for row in con.execute("SELECT data_file FROM ducklake_list_files('lake', 'e_mas')").fetchall()]
        total, overlapping = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE CAST(stats_max AS TIMESTAMP) >= ? "
            "AND CAST(stats_min AS TIMESTAMP) < ?) FROM parquet_metadata(?) WHERE path_in_schema = 'received_at'",
            [start, stop, files]).fetchone()
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            con.execute(QUERY, [start, stop]).fetchall()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        con.close()
    return {"files": len(files), "row_groups": total, "row_groups_in_period": overlapping,
            "wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "period": [str(start), str(stop)]}


def main(argv: list[str]) -> int:
    """One JSON line per address."""
    for address in argv:
        print(json.dumps({"address": address} | measure(address)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
