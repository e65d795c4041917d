"""The dashboard reader's version check on a lake, asked once per cached query: the catalog probe
(binjai.lake.CatalogProbe) against the DuckLake query it replaced; median wall and CPU milliseconds of 30 calls.

    .venv/bin/python -m bench.lake_version ADDRESS
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from bench.lake_scale import _version_via_duckdb
from binjai import db


def _timed(call: Callable[[], object], runs: int = 30) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main(argv: list[str]) -> int:
    """Print both medians."""
    reader = db.reader(argv[0])
    reader.version()  # attach the lake and open the probe's connection first
    for label, call in (("catalog probe", reader.version), ("DuckLake query", lambda: _version_via_duckdb(reader))):
        wall, cpu = _timed(call)
        print(f"{label}: median wall {wall:.1f} ms, median CPU {cpu:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
