"""`python -m bench.serve run dashboard.py ...`: the dashboard's launcher (`binjai.ui.serve`: warm-up, then
Streamlit's own command line), with the duration of every script run appended to $BENCH_RUN_LOG (one JSON line: end
time, seconds, thread CPU seconds, page name or script hash, warehouse queries run) so that the browser timings can
be split into server time and browser time. Used by the benchmark only.

With $BENCH_PROFILE_DIR set, every viewer's run is also profiled (cProfile, thread CPU time, Streamlit's own
post-run work included) into `<dir>/<n>_<page>.prof`, for `python -m pstats`: how a browser visit's runs differ from
AppTest's (`bench.profile`)."""

from __future__ import annotations

import cProfile
import itertools
import json
import os
import sys
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from binjai.db import QUERIES
from binjai.ui import serve

_original_run_script = script_runner.ScriptRunner._run_script
_PROFILED = itertools.count()


def _timed_run_script(self: script_runner.ScriptRunner, rerun_data: object) -> None:
    """Run the script as Streamlit does and log how long it took (not the launcher's own headless runs of the pages
    during its warm-up: only viewers' runs)."""
    if isinstance(self, LocalScriptRunner):
        _original_run_script(self, rerun_data)
        return
    started, cpu, queries_before = time.perf_counter(), time.thread_time(), QUERIES.in_thread()
    profiler = cProfile.Profile(time.thread_time) if os.environ.get("BENCH_PROFILE_DIR") else None
    try:
        if profiler:
            profiler.runcall(_original_run_script, self, rerun_data)
        else:
            _original_run_script(self, rerun_data)
    finally:
        if profiler:
            page = getattr(rerun_data, "page_name", "") or "run"
            profiler.dump_stats(Path(os.environ["BENCH_PROFILE_DIR"]) / f"{next(_PROFILED):04d}_{page}.prof")
        record = {"end": time.time(), "seconds": time.perf_counter() - started, "cpu_s": time.thread_time() - cpu,
                  "page": getattr(rerun_data, "page_name", ""),
                  "page_hash": getattr(rerun_data, "page_script_hash", ""), "queries": QUERIES.in_thread() - queries_before}
        with open(os.environ["BENCH_RUN_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")


def main() -> None:
    """Install the timer and hand over to the launcher."""
    script_runner.ScriptRunner._run_script = _timed_run_script
    serve.main(sys.argv[1:])


if __name__ == "__main__":
    main()
