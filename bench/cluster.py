"""One dashboard process against two replicas behind haproxy, both on the same DuckLake (PostgreSQL catalog):
20 and 50 viewers at realistic pacing (`bench.crowd`: protocol viewers, a page every 5-10 s each); median and
95th-percentile page time. Writes bench/CLUSTER.md (run on purpose, not part of CI):

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
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import viewer_pages
from bench.crowd import failed_views, run_crowd, server_runs
from bench.report import TARGETS, _s, crowd_met, per_view
from bench.run import machine
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


def _crowd(url: str, count: int, seconds: float, setup: str, run_log: Path, pids: list[int]) -> dict:
    load_before, started = os.getloadavg()[0], time.time()
    print(f"{count} viewers against {setup} ...", flush=True)
    result = run_crowd(url, viewer_pages(), count=count, seconds=seconds, server_pids=pids)
    result.pop("views")
    return result | {"setup": setup, "load_before": load_before, "load_after": os.getloadavg()[0],
                     "server": server_runs(run_log, started, time.time())}


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
            replica_pids = [cluster.replica_pid(n) for n in range(1, args.replicas + 1)]
            for count in args.viewers:
                runs.append(_crowd(single.url, count, args.seconds, "1 process", single_log, [single.process.pid]))
                runs.append(_crowd(cluster.url, count, args.seconds, cluster_setup, cluster_log, replica_pids))
    shutil.rmtree(scratch, ignore_errors=True)
    return {"meta": machine(), "runs": runs, "seed_scale": args.seed_scale}


def render(results: dict) -> str:
    """The Markdown report."""
    meta = results["meta"]
    limit = TARGETS["viewers_p95_s"]
    lines = ["# Cluster benchmark: one process against replicas behind haproxy", "",
             f"- Date: {meta['date']}; machine: {meta['cpu']}, {meta['cores']} cores, {meta['ram_gb']:.1f} GB RAM",
             f"- Software: Python {meta['python']}, DuckDB {meta['duckdb']}, Streamlit {meta['streamlit']}",
             f"- Command: `{results['command']}`",
             f"- Warehouse: DuckLake, PostgreSQL 15 catalog, local data folder; sample data "
             f"(`etl seed --scale {results['seed_scale']}`); both setups read the same lake",
             "- Viewers: protocol viewers (bench/protocol.py, bench/crowd.py), all in one asyncio process: each "
             "opens a page by its address, then asks for the next public menu page every 5–10 s over Streamlit's "
             "websocket, as a menu click does; through haproxy each keeps the replica its first request got "
             "(sticky cookie). Time = rerun request to the run's `script_finished` (every message the browser "
             "needs, not its drawing). A run ending in an exception, on another page, or not at all is counted, "
             "never timed.",
             "- Server: every page script run of the dashboard processes during the crowd (bench/serve.py). CPU s: "
             "the harness's own and the dashboard processes' (summed over replicas), counts that do not depend on "
             "what else runs on the machine; the load average before and after each crowd is given (above the "
             "core count, other processes competed for the cores).", "",
             f"| setup | viewers | views ok | not finished | failed | median s | p95 s | p95 < {limit:.0f} s | "
             "slowest s | server runs | server median s | server p95 s | harness CPU s | dashboard CPU s | "
             "dashboard CPU s per view | viewers per replica | load avg before | after |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    failures = []
    for run in results["runs"]:
        summary, server = run["summary"], run["server"]
        every, failed = summary["all"], sum(summary["failed"].values())
        replicas = ", ".join(f"{name}: {n}" for name, n in sorted(run["viewers_by_replica"].items()) if name != "–")
        lines.append(f"| {run['setup']} | {run['count']} | {every['n']} | {summary['timed_out']} | {failed} | "
                     f"{_s(every['median'])} | {_s(every['p95'])} | {'✅' if crowd_met(run) else '❌'} | "
                     f"{_s(every['max'])} | {server['n']} | {_s(server['median'])} | {_s(server['p95'])} | "
                     f"{_s(run['harness_cpu_s'])} | {_s(run['server_cpu_s'])} | "
                     f"{_s(per_view(run))} | "
                     f"{replicas or '–'} | "
                     f"{run['load_before']:.1f} | {run['load_after']:.1f} |")
        failures += [f"- {run['setup']}, {run['count']} viewers: `{f}`" for f in run["failures"]]
    return "\n".join(lines + ([""] + failures if failures else []) + [""])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report (and its raw figures beside it as JSON)."""
    args = _parser().parse_args(argv)
    results = measure(args)
    results["command"] = "python -m bench.cluster " + " ".join(argv if argv is not None else sys.argv[1:])
    results["meta"]["finished"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    args.out.write_text(render(results), encoding="utf-8")
    print(args.out)
    bad = sum(failed_views(run) for run in results["runs"])
    if bad:
        print(f"{bad} views failed or never finished (listed in the report)", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
