"""Handout build time on the sample data: deck + chart images + PDF + PPTX, as the in-app button does it.

Run: .venv/bin/python -m bench.handout [--db PATH] [--runs 3]. The first build includes starting the one Kaleido
server (headless Chromium); later builds reuse it, as the running dashboard does. Target (issue 15): under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from binjai import db, handout
from binjai.filters import Filters, from_params
from binjai.handout import images
from binjai.slides import build_deck, generated_now
from etl.cli import seed_database

TARGET_S = 3.0


def build_once(wh: db.Warehouse, filters: Filters, lang: str) -> tuple[float, str]:
    """Seconds for one deck and both files, and why charts are tables ('' when they are images)."""
    started = time.perf_counter()
    deck = build_deck(wh, filters, lang, filters.end)
    files = handout.make_both(deck, lang)
    return time.perf_counter() - started, files["pdf"].images_missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a seeded warehouse (default: a fresh sample in a temp dir)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="id")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if args.db is None:
            seed_database(path)
        wh = db.warehouse(path)
        filters = from_params({}, generated_now().date())
        started = time.perf_counter()
        images.warm_up()
        print(f"kaleido server start: {time.perf_counter() - started:.2f} s")
        times = []
        for run in range(args.runs):
            seconds, missing = build_once(wh, filters, args.lang)
            times.append(seconds)
            print(f"build {run + 1}: {seconds:.2f} s{' (charts as tables: ' + missing + ')' if missing else ''}")
        median = statistics.median(times)
        print(f"median {median:.2f} s, target < {TARGET_S:.0f} s: {'met' if median < TARGET_S else 'NOT met'}")


if __name__ == "__main__":
    main()
