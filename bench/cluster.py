"""One dashboard process against two replicas behind haproxy, both on the same DuckLake (PostgreSQL catalog):
20 and 50 viewers at realistic pacing (`bench.viewers`: a page every 5-10 s each); median and 95th-percentile page
time. Writes bench/CLUSTER.md (run on purpose, not part of CI):

    .venv/bin/python -m bench.cluster                         # 20 and 50 viewers, 90 s each, sample data
    .venv/bin/python -m bench.cluster --viewers 20 --seconds 60

The cluster comes from scripts/run_cluster.sh (tests/cluster.py); the single process is `streamlit run app.py`
with the same warehouse address. Runs alternate (single, cluster, single, ...) so that load from other processes
on the machine falls on both alike; the load average is recorded around each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import viewer_pages
from bench.report import TARGETS, _s
from bench.run import machine
from bench.viewers import run_viewers, summarise
from tests.browser.conftest import BOUNDARY_FILE, make_server
from tests.cluster import run_cluster

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[20, 50], help="viewer counts to run")
    parser.add_argument("--seconds", type=float, default=90.0, help="how long each crowd keeps browsing")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--seed-scale", type=float, default=1.0, help="sample data volume (etl seed --scale)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "CLUSTER.md")
    return parser


def _server_runs(run_log: Path, started: float, ended: float) -> dict:
    """Median and 95th percentile of the page script runs (server time) that ended within [started, ended]."""
    runs = [json.loads(line) for line in run_log.read_text(encoding="utf-8").splitlines()] if run_log.exists() else []
    return summarise([{"page": r["page"], "kind": "run", "seconds": r["seconds"]} for r in runs
                      if started <= r["end"] <= ended])["all"]


def _crowd(server: object, count: int, seconds: float, setup: str, run_log: Path) -> dict:
    load_before, started = os.getloadavg()[0], time.time()
    print(f"{count} viewers against {setup} ...", flush=True)
    result = run_viewers(server, viewer_pages(), count=count, seconds=seconds)
    return {"setup": setup, "count": count, "load_before": load_before, "load_after": os.getloadavg()[0],
            "summary": result["summary"], "server": _server_runs(run_log, started, time.time()),
            "pacing": result["pacing"], "seconds": seconds}


def measure(args: argparse.Namespace) -> dict:
    """Every viewer count against one process and against the replicas; every dashboard process logs the duration
    of each page script run (bench/serve.py), the single process and the replicas into separate files."""
    runs = []
    cluster_setup = f"{args.replicas} replicas behind haproxy"
    scratch = Path(tempfile.mkdtemp(prefix="binjai-bench-cluster-"))
    single_log, cluster_log = scratch / "single_runs.jsonl", scratch / "cluster_runs.jsonl"
    env = {"SEED_SCALE": str(args.seed_scale), "BENCH_RUN_LOG": str(cluster_log),
           "STREAMLIT_COMMAND": f"{sys.executable} -m bench.serve"}
    if BOUNDARY_FILE.exists():  # the single process gets it from make_server: the same maps on both
        env["BINJAI_BOUNDARY_FILE"] = str(BOUNDARY_FILE)
    with run_cluster(args.replicas, env) as cluster:
        single_env = {"BINJAI_WAREHOUSE": cluster.address, "BENCH_RUN_LOG": str(single_log)}
        with make_server(scratch / "single.duckdb", single_env, module="bench.serve") as single:
            for count in args.viewers:
                runs.append(_crowd(single, count, args.seconds, "1 process", single_log))
                runs.append(_crowd(cluster, count, args.seconds, cluster_setup, cluster_log))
    return {"meta": machine(), "runs": runs, "seed_scale": args.seed_scale}


def render(results: dict) -> str:
    """The Markdown report."""
    meta = results["meta"]
    lines = ["# Cluster benchmark: one process against replicas behind haproxy", "",
             f"- Date: {meta['date']}; machine: {meta['cpu']}, {meta['cores']} cores, {meta['ram_gb']:.1f} GB RAM",
             f"- Software: Python {meta['python']}, DuckDB {meta['duckdb']}, Streamlit {meta['streamlit']}, "
             f"{meta['chromium']}",
             f"- Command: `{results['command']}`",
             f"- Warehouse: DuckLake, PostgreSQL 15 catalog, local data folder; sample data "
             f"(`etl seed --scale {results['seed_scale']}`); both setups read the same lake",
             "- Viewers: each in its own browser context of one headless Chromium on the same 2 cores as the "
             "servers, a page every 5–10 s (bench/viewers.py); time = navigation or menu click to the last chart "
             "drawn.",
             "- Load average before and after each crowd is in the table; above the core count (2) processes "
             "competed for the cores: the crowd's own Chromium and servers, or anything else running then.", "",
             "Server: every page script run of the dashboard processes during the crowd (bench/serve.py), the "
             "part that replicas share out; browser: the whole view, including Chromium's own work on the same "
             "cores.", "",
             "| setup | viewers | server runs | server median s | server p95 s | "
             f"server p95 < {TARGETS['viewers_p95_s']:.0f} s | views | not drawn | browser median s | browser p95 s "
             "| load avg before | after |",
             "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for run in results["runs"]:
        every, missing, server = run["summary"]["all"], run["summary"]["timed_out"], run["server"]
        met = server["p95"] is not None and server["p95"] < TARGETS["viewers_p95_s"]
        lines.append(f"| {run['setup']} | {run['count']} | {server['n']} | {_s(server['median'])} | "
                     f"{_s(server['p95'])} | {'✅' if met else '❌'} | {every['n']} | {missing} | "
                     f"{_s(every['median'])} | {_s(every['p95'])} | {run['load_before']:.1f} | "
                     f"{run['load_after']:.1f} |")
    return "\n".join(lines + [""])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report (and its raw figures beside it as JSON)."""
    args = _parser().parse_args(argv)
    results = measure(args)
    results["command"] = "python -m bench.cluster " + " ".join(argv if argv is not None else sys.argv[1:])
    results["meta"]["finished"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    args.out.write_text(render(results), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
