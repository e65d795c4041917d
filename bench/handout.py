"""Handout build time on the sample data: deck + chart images + PDF + PPTX, as the in-app button does it.

Run: .venv/bin/python -m bench.handout [--db PATH] [--runs 3]. Kaleido's browser is started first (the dashboard
starts it when the presenter page opens); builds reuse it. With `--url http://127.0.0.1:PORT` it instead clicks
"Buat handout" in a running dashboard (headless Chromium) and times click to download buttons, the user's wait.
Target (issue 15): under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from binjai import clock, db, handout
from binjai.filters import Filters, from_params
from binjai.handout import images
from binjai.slides import build_deck
from etl.cli import seed_database

TARGET_S = 3.0


def build_once(wh: db.Warehouse, filters: Filters, lang: str) -> tuple[float, str]:
    """Seconds for one deck and both files, and why charts are tables ('' when they are images)."""
    started = time.perf_counter()
    deck = build_deck(wh, filters, lang, filters.end)
    files = handout.make_both(deck, lang)
    return time.perf_counter() - started, files["pdf"].images_missing


def click_times(url: str, runs: int) -> list[float]:
    """Seconds from the click on "Buat handout" until the download buttons show, in a running dashboard."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, wait_for_app

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        for run in range(runs):
            page.goto(f"{url.rstrip('/')}/presentasi?slide=2&run={run}")
            wait_for_app(page)
            page.mouse.move(640, 400)
            page.get_by_role("button", name="Handout").click()
            started = time.perf_counter()
            page.get_by_role("button", name="Buat handout (PDF dan PPTX)").click()
            page.get_by_role("button", name="Unduh PDF").wait_for(timeout=120_000)
            times.append(time.perf_counter() - started)
        browser.close()
    return times


def report(times: list[float]) -> None:
    """Each run and the median against the target."""
    for run, seconds in enumerate(times, 1):
        print(f"build {run}: {seconds:.2f} s")
    median = statistics.median(times)
    print(f"median {median:.2f} s, target < {TARGET_S:.0f} s: {'met' if median < TARGET_S else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a seeded warehouse (default: a fresh sample in a temp dir)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="id")
    parser.add_argument("--url", help="time the button in a running dashboard instead")
    args = parser.parse_args()
    if args.url:
        report(click_times(args.url, args.runs))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if args.db is None:
            seed_database(path)
        wh = db.warehouse(path)
        filters = from_params({}, clock.today())
        started = time.perf_counter()
        images.warm_up()
        print(f"kaleido server start: {time.perf_counter() - started:.2f} s")
        times = []
        for _ in range(args.runs):
            seconds, missing = build_once(wh, filters, args.lang)
            times.append(seconds)
            if missing:
                print(f"charts as tables: {missing}")
        report(times)


if __name__ == "__main__":
    main()
