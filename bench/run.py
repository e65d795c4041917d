"""Benchmark at the scale of a much larger city; writes bench/RESULTS.md (run on purpose, not part of CI).

    .venv/bin/python -m bench.run                       # 1,000,000 complaints, 200,000 reports, 500 programmes
    .venv/bin/python -m bench.run --complaints 50000 --reports 10000 --programmes 50 --load-rows 50000  # smoke run

Phases: seed the warehouse, load a large e-Mas CSV (command line, its phases and a bare read_csv floor), server
time of every page (AppTest, cold and warm) with its database share, Chromium timings, payload and memory, and a
crowd of viewers speaking Streamlit's protocol at realistic pacing against one dashboard process.
Intermediate results are kept in <workdir>/results.json; `--report-only` re-renders the Markdown from them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("load", "pages", "browser", "crowd")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--programmes", type=int, default=500)
    parser.add_argument("--load-rows", type=int, default=1_000_000, help="rows of the e-Mas CSV to load")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out", help="scratch folder (git-ignored)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--skip", action="append", choices=PHASES, default=[], help="leave a phase out")
    parser.add_argument("--reuse", action="store_true", help="keep the warehouse and CSV of an earlier run")
    parser.add_argument("--viewers", type=int, default=20,
                        help="protocol viewers at once in the crowd phase, the target's measure (0: none)")
    parser.add_argument("--viewer-seconds", type=float, default=120.0, help="how long the viewers keep browsing")
    parser.add_argument("--visits", type=int, default=3,
                        help="rounds of cold and warm visits per page in Chromium (the median visit is reported)")
    parser.add_argument("--chromium-viewers", type=int, default=0,
                        help="optional: a crowd of Chromium contexts at the end of the browser phase (0: none; on "
                             "2 cores it measures Chromium as much as the dashboard)")
    parser.add_argument("--notes-file", type=Path, help="Markdown appended to the report as the analysis note")
    parser.add_argument("--report-only", action="store_true", help="re-render RESULTS.md from results.json")
    return parser


def machine() -> dict:
    """Date, hardware and software versions for the report."""
    import duckdb
    import pandas
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except OSError:
        chromium = "not installed"
    return {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu,
            "load_before": os.getloadavg()[0],
            "cores": os.cpu_count(), "ram_gb": mem_kb / 1024 / 1024, "os": platform.platform(),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "streamlit": streamlit.__version__,
            "pandas": pandas.__version__, "chromium": chromium}


def _save(results: dict, path: Path) -> None:
    path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


def _admin_user(workdir: Path) -> dict:
    """An administrator account in a scratch accounts file (the upload page shows its full content)."""
    from binjai import auth

    admin = auth.Account("bench.admin", "Bench", "admin", "Diskominfo", (), auth.hash_password("benchmark-only-pw"))
    path = workdir / "accounts.toml"
    path.write_text(auth.accounts_toml([admin]), encoding="utf-8")
    os.environ["BINJAI_ACCOUNTS"] = str(path)
    return admin.session_user()


def _prepare(args: argparse.Namespace, results: dict, db: Path, csv_file: Path) -> None:
    from bench.dataset import Volumes, seed_scaled, write_emas_csv

    if not (args.reuse and db.exists() and "seed" in results):
        for stale in db.parent.glob(db.name + "*"):
            stale.unlink()
        print("seeding the warehouse ...", flush=True)
        results["seed"] = seed_scaled(db, Volumes(args.complaints, args.reports, args.programmes))
    if "load" not in args.skip and not (args.reuse and csv_file.exists() and "csv" in results):
        print("writing the e-Mas CSV ...", flush=True)
        results["csv"] = write_emas_csv(csv_file, args.load_rows)


def run(args: argparse.Namespace) -> dict:
    """Every phase not skipped; results are saved after each one."""
    args.workdir.mkdir(parents=True, exist_ok=True)
    state = args.workdir / "results.json"
    results = json.loads(state.read_text()) if args.reuse and state.exists() else {}
    started = time.perf_counter()
    command = "python -m bench.run " + " ".join(shlex.quote(arg) for arg in sys.argv[1:])
    results["meta"] = machine() | {"command": command.strip()}
    db, csv_file = args.workdir / "bench.duckdb", args.workdir / "emas_load.csv"
    _prepare(args, results, db, csv_file)
    _save(results, state)
    os.environ["BINJAI_DB"] = str(db)
    if "load" not in args.skip:
        from bench.load import measure_load

        print("measuring the load ...", flush=True)
        results["load"] = measure_load(db, csv_file, args.workdir)
        _save(results, state)
    if "pages" not in args.skip:
        from bench.pages import measure_pages

        print("measuring page server times ...", flush=True)
        results["pages"] = measure_pages(_admin_user(args.workdir))
        _save(results, state)
    if "browser" not in args.skip:
        from bench.browser import measure_browser

        print("measuring in Chromium ...", flush=True)
        crowd = {"count": args.chromium_viewers, "seconds": args.viewer_seconds} if args.chromium_viewers else None
        load_before = os.getloadavg()[0]
        results["browser"] = measure_browser(db, crowd, visits=args.visits) | {"load_before": load_before}
        _save(results, state)
    if "crowd" not in args.skip and args.viewers:
        from bench.crowd import measure_crowd

        print(f"{args.viewers} protocol viewers ...", flush=True)
        results["crowd"] = measure_crowd(db, args.viewers, args.viewer_seconds)
    results["meta"]["total_s"] = time.perf_counter() - started
    results["meta"]["load_after"] = os.getloadavg()[0]
    _save(results, state)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or re-render the report) and write the Markdown file."""
    args = _parser().parse_args(argv)
    from bench.report import render

    if args.report_only:
        results = json.loads((args.workdir / "results.json").read_text())
    else:
        results = run(args)
    if args.notes_file:
        results["notes"] = args.notes_file.read_text(encoding="utf-8")
    args.out.write_text(render(results), encoding="utf-8")
    print(args.out)
    if results.get("crowd"):
        from bench.crowd import failed_views

        if failed_views(results["crowd"]):
            print(f"{failed_views(results['crowd'])} viewer views failed or never finished (listed in the report)",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
