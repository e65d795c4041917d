"""Many viewers at once against one dashboard address, each a protocol viewer (bench/protocol.py) rather than a
browser, so that a crowd costs the machine next to nothing and the figures are the dashboard's: every viewer opens
a page by its address and then moves on to the next public menu page every 5 to 10 s (seeded random pacing,
arrivals spread over the first pacing interval), all in one asyncio process. The harness's own CPU seconds and
the dashboard processes' CPU seconds are measured alongside."""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

import websockets

from bench.browser import peak_memory_mb, viewer_pages
from bench.protocol import DISCONNECTED, OK, Session, View, run_apart
from bench.viewers import SEED, summarise
from binjai.ui.pages import PageSpec
from tests.browser.conftest import make_server, url_path


async def _viewer(number: int, url: str, specs: list[PageSpec], until: float, pacing: tuple[float, float],
                  views: list[dict], replicas: list[str], hashes: dict[str, str]) -> None:
    """One viewer: the pages in turn from a different first page, the next one `pacing` seconds after a view."""
    rng = random.Random(SEED + number)
    order = specs[number % len(specs):] + specs[:number % len(specs)]
    await asyncio.sleep(rng.uniform(0, pacing[1]))  # viewers arrive spread out
    session = Session(url)
    try:
        await session.connect()
    except (OSError, TimeoutError, websockets.InvalidHandshake) as error:
        views.append(View(order[0].page_id, "open", status=DISCONNECTED, error=f"connect: {error}").as_dict()
                     | {"viewer": number, "at": time.time()})
        return
    replicas.append(session.replica)
    try:
        step = 0
        while step == 0 or time.perf_counter() < until:  # every viewer that arrived makes its first view
            spec = order[step % len(order)]
            view = await session.view(spec.page_id, url_path(spec), "open" if step == 0 else "switch")
            views.append(view.as_dict() | {"viewer": number, "at": time.time()})
            hashes.update({page_hash: path for path, page_hash in session.pages.items()})
            if view.status != OK:
                print(f"viewer {number}: {view.page} {view.status}: {view.error}", file=sys.stderr, flush=True)
            if view.status == DISCONNECTED:
                break
            step += 1
            await asyncio.sleep(rng.uniform(*pacing))
    finally:
        await session.close()


async def _crowd(url: str, specs: list[PageSpec], count: int, seconds: float, pacing: tuple[float, float]
                 ) -> tuple[list[dict], list[str], dict[str, str]]:
    views: list[dict] = []
    replicas: list[str] = []
    hashes: dict[str, str] = {}
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_viewer(n, url, specs, until, pacing, views, replicas, hashes) for n in range(count)))
    return views, replicas, hashes


def run_crowd(url: str, specs: list[PageSpec], count: int = 20, seconds: float = 120.0,
              pacing: tuple[float, float] = (5.0, 10.0), server_pids: list[int] | None = None) -> dict:
    """`count` protocol viewers for `seconds` against the dashboard at `url`: the views, their summary, the
    harness's CPU seconds and (for `server_pids`) the dashboard processes' CPU seconds over the crowd."""
    pids = server_pids or []
    cpu_before, server_before = _own_cpu_s(), {pid: process_cpu_s(pid) for pid in pids}
    wall_started = time.perf_counter()
    views, replicas, hashes = run_apart(_crowd(url, specs, count, seconds, (float(pacing[0]), float(pacing[1]))))
    wall = time.perf_counter() - wall_started
    server_cpu = sum(process_cpu_s(pid) - server_before[pid] for pid in pids) if pids else None
    by_replica: dict[str, int] = {}
    for replica in replicas:
        by_replica[replica or "–"] = by_replica.get(replica or "–", 0) + 1
    return {"count": count, "seconds": seconds, "pacing": list(pacing), "views": views, "summary": summarise(views),
            "harness_cpu_s": _own_cpu_s() - cpu_before, "wall_s": wall, "server_cpu_s": server_cpu,
            "viewers_by_replica": by_replica, "failures": _failures(views),
            "page_paths": {page_hash: _page_id(specs, path) for page_hash, path in hashes.items()}}


def failed_views(crowd: dict) -> int:
    """How many views of the crowd failed or never finished."""
    return crowd["summary"]["timed_out"] + sum(crowd["summary"]["failed"].values())


def _failures(views: list[dict], limit: int = 10) -> list[str]:
    """The first `limit` failed or unfinished views, as 'page (status): error'."""
    bad = [v for v in views if v["status"] != "ok"]
    return [f"{v['page']} ({v['status']}): {v['error']}" for v in bad[:limit]]


def _own_cpu_s() -> float:
    """User + system CPU seconds of this process so far (every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (nan when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _page_id(specs: list[PageSpec], path: str) -> str:
    """The id of the page at URL path `path` (the path itself when no page has it)."""
    return next((spec.page_id for spec in specs if url_path(spec) == path), path)


def server_runs(run_log: Path, started: float, ended: float, page_ids: dict[str, str] | None = None) -> dict:
    """Count, median, 95th percentile and slowest of the page script runs (server time, bench/serve.py's log) that
    ended within [started, ended]; with `page_ids` (script hash or page name -> page id), the same per page."""
    runs = [json.loads(line) for line in run_log.read_text(encoding="utf-8").splitlines()] if run_log.exists() else []
    names = page_ids or {}
    summary = summarise([{"page": names.get(r.get("page_hash") or r["page"], r.get("page_hash") or r["page"]),
                          "kind": "run", "seconds": r["seconds"]} for r in runs if started <= r["end"] <= ended])
    return summary["all"] | ({"pages": summary["pages"]} if page_ids else {})


def measure_crowd(db: Path, count: int, seconds: float, pacing: tuple[float, float] = (5.0, 10.0)) -> dict:
    """`count` protocol viewers on a fresh dashboard process serving `db` (bench/serve.py, which logs every script
    run): the crowd's figures, the server's script runs during it, the load average around it and peak memory."""
    run_log = db.with_name("crowd_runs.jsonl")
    run_log.unlink(missing_ok=True)
    with make_server(db, {"BENCH_RUN_LOG": str(run_log)}, module="bench.serve") as server:
        load_before, started = os.getloadavg()[0], time.time()
        specs = viewer_pages()
        crowd = run_crowd(server.url, specs, count, seconds, pacing, [server.process.pid])
        ended = time.time()
        peak = peak_memory_mb(server.process.pid)
    page_ids = crowd["page_paths"] | {url_path(spec): spec.page_id for spec in specs}
    return crowd | {"server": server_runs(run_log, started, ended, page_ids), "load_before": load_before,
                    "load_after": os.getloadavg()[0], "dashboard_peak_mb": peak}
