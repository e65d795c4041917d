"""Where a warm page run's CPU goes: every public page run with AppTest on a warehouse (`--db`, default the
benchmark's), a few warm runs per page profiled with cProfile (thread CPU time as its clock) inside the script thread, and the thread's CPU seconds.

`python -m bench.profile [--db bench/out/bench.duckdb] [--runs 3] [--top 12] [--pages overview,e_mas]`
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ("overview", "quick_win", "e_mas", "e_saberling", "dimensi", "kelurahan", "aplikasi", "ringkasan", "opd",
          "presentasi", "masuk")


class ScriptProfiler:
    """While `active` is "time", records each script run's thread CPU seconds; while "profile", profiles it."""

    def __init__(self) -> None:
        self.active: str = ""
        self.profile = cProfile.Profile(time.thread_time)
        self.cpu: list[float] = []
        self._original = script_runner.ScriptRunner._run_script

    def install(self) -> None:
        """Wrap Streamlit's script run."""
        original, profiler = self._original, self

        def run_script(runner: script_runner.ScriptRunner, rerun_data: object) -> None:
            if not profiler.active:
                original(runner, rerun_data)
                return
            if profiler.active == "profile":
                profiler.profile.enable()
                try:
                    original(runner, rerun_data)
                finally:
                    profiler.profile.disable()
                return
            started = time.thread_time()
            original(runner, rerun_data)
            profiler.cpu.append(time.thread_time() - started)

        script_runner.ScriptRunner._run_script = run_script


def _package(filename: str) -> str:
    """The library (or project folder) a profiled function belongs to."""
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0]
    if str(ROOT) in filename:
        return "/".join(Path(filename).relative_to(ROOT).parts[:2])
    return "python" if filename.startswith(("/", "<")) else filename


def self_time_by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Profiled self time summed per library / project folder, largest first."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        totals[_package(filename)] = totals.get(_package(filename), 0.0) + tottime
    return sorted(totals.items(), key=lambda item: -item[1])


def _report(page_id: str, profiler: ScriptProfiler, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler.profile, stream=out)
    packages = self_time_by_package(stats)
    out.write("self time by package: " + ", ".join(f"{name} {secs:.3f}" for name, secs in packages[:8]) + "\n")
    stats.sort_stats("cumulative").print_stats(top)
    median = statistics.median(profiler.cpu) if profiler.cpu else float("nan")
    runs = ", ".join(f"{value:.3f}" for value in profiler.cpu)
    return f"## {page_id}: thread CPU per warm run median {median:.3f} s ({runs})\n{out.getvalue()}"


def main(argv: list[str] | None = None) -> int:
    """Profile the chosen pages and print cProfile's cumulative table for each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "bench.duckdb")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--pages", default=",".join(PUBLIC))
    parser.add_argument("--lang", default="id")
    args = parser.parse_args(argv)
    os.environ["BINJAI_DB"] = str(args.db)
    from bench.pages import prepared
    from binjai.ui.pages import page

    profiler = ScriptProfiler()
    profiler.install()
    summary = []
    for page_id in args.pages.split(","):
        spec = page(page_id)
        at = prepared(spec, None)
        if args.lang != "id":
            at.query_params["lang"] = args.lang
        at.run()  # warms the query cache
        profiler.profile, profiler.cpu = cProfile.Profile(time.thread_time), []
        for mode in ("time", "profile"):
            profiler.active = mode
            for _ in range(args.runs):
                at.run()
        profiler.active = ""
        if at.exception:
            print(f"{page_id}: exception {at.exception[0].message[:200]}")
        print(_report(page_id, profiler, args.top), flush=True)
        summary.append((page_id, statistics.median(profiler.cpu)))
    print("| page | warm CPU s (median) |\n|---|---:|")
    for page_id, cpu in summary:
        print(f"| {page_id} | {cpu:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
