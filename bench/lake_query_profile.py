"""Wall and CPU seconds of each query of one cold page run, the most expensive first (where a page's time goes):

    .venv/bin/python -m bench.lake_query_profile WAREHOUSE PAGE_ID [PAGE_ID ...]

WAREHOUSE is a `ducklake+postgresql://` address or `duckdb:///path`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TOP = 6


@contextmanager
def recorded(records: list[tuple[float, float, str]]) -> Iterator[None]:
    """Record (wall, CPU, SQL head) of every Warehouse.query/scalar call in the block."""
    from binjai import db

    originals = {name: getattr(db.Warehouse, name) for name in ("query", "scalar")}

    def timed(original):
        def wrapper(self, sql, *args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return original(self, sql, *args, **kwargs)
            finally:
                records.append((time.perf_counter() - wall, time.process_time() - cpu, " ".join(sql.split())[:160]))
        return wrapper

    for name, original in originals.items():
        setattr(db.Warehouse, name, timed(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(db.Warehouse, name, original)


def main(argv: list[str]) -> int:
    """Profile each named page's cold run on the warehouse."""
    os.environ["BINJAI_WAREHOUSE"] = argv[0]
    os.environ["BINJAI_ACCOUNTS"] = str(Path(tempfile.mkdtemp()) / "accounts.toml")
    from bench.pages import _reset_caches, prepared
    from binjai.ui.pages import page

    for page_id in argv[1:]:
        at = prepared(page(page_id), None)
        _reset_caches()
        records: list[tuple[float, float, str]] = []
        with recorded(records):
            at.run()
        print(f"{page_id}: {len(records)} queries, {sum(r[1] for r in records):.2f} CPU s")
        for wall, cpu, sql in sorted(records, key=lambda r: r[1], reverse=True)[:TOP]:
            print(f"  wall {wall:.2f} s, CPU {cpu:.2f} s: {sql}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
