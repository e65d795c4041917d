"""The first visit after a start, with and without the launcher's warm-up (`binjai.ui.serve`, BINJAI_WARMUP=0 to
skip it): a fresh dashboard process (through `bench.serve`) per round, the time until it answers its health check,
then the home page opened in Chromium: the page's time to drawn and the server's first script run (seconds and
thread CPU seconds). Rounds alternate between the two starts so that both see the same machine load.

`python -m bench.first_visit [--db bench/out/bench.duckdb] [--rounds 3] [--page overview]`
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.browser import Counter, _measure
from binjai.ui.pages import page
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, make_server, page_url, url_path

ROOT = Path(__file__).resolve().parent.parent


def _round(browser: object, db: Path, warm: bool, page_id: str) -> dict:
    """One fresh server and one first visit."""
    spec = page(page_id)
    with tempfile.TemporaryDirectory() as folder:
        run_log = Path(folder) / "runs.jsonl"
        env = {"BENCH_RUN_LOG": str(run_log), "BINJAI_WARMUP": "1" if warm else "0"}
        started = time.perf_counter()
        with make_server(db, env, module="bench.serve") as server:
            ready_s = time.perf_counter() - started
            context = browser.new_context(viewport=VIEWPORT)
            tab = context.new_page()
            try:
                visit = _measure(tab, Counter(tab), url_path(spec), lambda: tab.goto(page_url(server, spec)))
            finally:
                context.close()
        runs = [json.loads(line) for line in run_log.read_text(encoding="utf-8").splitlines()]
    first = runs[0] if runs else {}
    return {"warm_up": warm, "ready_s": ready_s, "visit_s": visit["seconds"], "first_run_s": first.get("seconds"),
            "first_run_cpu_s": first.get("cpu_s"), "runs": len(runs)}


def main(argv: list[str] | None = None) -> int:
    """Alternate plain and warmed-up starts and print each round and the medians."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "bench.duckdb")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page", default="overview")
    args = parser.parse_args(argv)
    results: list[dict] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(args.rounds):
                for warm in (False, True):
                    results.append(_round(browser, args.db, warm, args.page))
                    print(json.dumps(results[-1]), flush=True)
        finally:
            browser.close()
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    print("| start | ready s | first visit s | first script run s | its CPU s |\n|---|---:|---:|---:|---:|")
    for warm in (False, True):
        rows = [row for row in results if row["warm_up"] == warm]
        cells = [statistics.median(row[key] for row in rows if row[key] is not None)
                 for key in ("ready_s", "visit_s", "first_run_s", "first_run_cpu_s")]
        print(f"| {'warm-up' if warm else 'plain'} | " + " | ".join(f"{value:.2f}" for value in cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
