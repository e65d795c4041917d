"""Server time of every page (AppTest, cold and warm) and the share of it spent in database queries."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from binjai import auth
from binjai import db as reader_db
from binjai.ui import data, session
from binjai.ui.pages import PAGES, PageSpec

ROOT = Path(__file__).resolve().parent.parent
WARM_RUNS = 3


class QueryClock:
    """Sums the time spent in Warehouse.query and Warehouse.scalar while installed (binjai.db.QUERIES counts them)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextmanager
    def installed(self) -> Iterator[QueryClock]:
        """Wrap the reader's two query methods for the duration of the block."""
        originals = {name: getattr(reader_db.Warehouse, name) for name in ("query", "scalar")}

        def timed(original):
            def wrapper(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - started
            return wrapper

        for name, original in originals.items():
            setattr(reader_db.Warehouse, name, timed(original))
        try:
            yield self
        finally:
            for name, original in originals.items():
                setattr(reader_db.Warehouse, name, original)


def _reset_caches() -> None:
    """Forget cached query results, built figures and open readers, as a freshly started server would."""
    st.cache_data.clear()
    data.FIGURES.clear()
    with reader_db._REGISTRY_LOCK:
        reader_db._WAREHOUSES.clear()


def prepared(spec: PageSpec, user: dict | None, timeout: float = 900) -> AppTest:
    """An AppTest ready for a measured run of `spec`: signed in as `user` (if any) and switched to the page."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    if user:
        at.session_state[session.TOKEN_KEY] = auth.store.create_session(user["name"])
    if spec.path != "dashboard.py":
        at.run()
        at.switch_page(spec.path)
    return at


def _timed_run(spec: PageSpec, user: dict | None, cold: bool) -> dict:
    at = prepared(spec, user)
    if cold:
        _reset_caches()
    clock = QueryClock()
    queries_before = reader_db.QUERIES.total
    with clock.installed():
        started, cpu_started = time.perf_counter(), time.process_time()
        at.run()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    problem = at.exception[0].message[:300] if at.exception else ""
    return {"seconds": seconds, "cpu_s": cpu, "query_s": clock.seconds,
            "queries": reader_db.QUERIES.total - queries_before, "exception": problem}


def measure_pages(user: dict | None, specs: Sequence[PageSpec] | None = None, warm: int = WARM_RUNS
                  ) -> list[dict]:
    """For each page (default: every page in the registry that exists): one cold run and the median of
    `warm` warm runs."""
    config.set_option("client.showErrorDetails", "full")  # the report names the error instead of a redacted notice
    results = []
    for spec in specs if specs is not None else [spec for spec in PAGES if spec.exists]:
        cold = _timed_run(spec, user, cold=True)
        warm_runs = [_timed_run(spec, user, cold=False) for _ in range(warm)]
        median = sorted(warm_runs, key=lambda run: run["seconds"])[len(warm_runs) // 2]
        results.append({"page": spec.page_id, "path": spec.path, "cold": cold, "warm": median,
                        "warm_all_s": [run["seconds"] for run in warm_runs],
                        "warm_median_s": statistics.median(run["seconds"] for run in warm_runs)})
    return results
