"""In Chromium: time from navigation to the last chart drawn on each page, how much of it the server's script
run took, the bytes sent to the browser, and the dashboard process's peak memory."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from binjai.ui.pages import PAGES
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DECK_CHART,
    VIEWPORT,
    canvas_colours,
    make_server,
    page_url,
)

POLL_S = 0.1
TIMEOUT_S = 300.0
_STATE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const elements = document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length;
    if (!app || elements === 0 || app.getAttribute('data-test-script-state') !== 'notRunning'
        || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
        || document.querySelector('[data-testid="stStatusWidget"]')
        || document.querySelectorAll('[data-testid="stSkeleton"]').length) return null;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const undrawn = charts.filter(c => c.checkVisibility()
        && !(c.querySelector('svg.main-svg') && c.querySelector('.trace, .slice'))).length;
    return {charts: charts.length, undrawn: undrawn,
            decks: document.querySelectorAll('[data-testid="stDeckGlJsonChart"]').length};
}"""


def _decks_drawn(page: Any) -> bool:
    """True when every visible deck.gl canvas shows more than one colour."""
    decks = page.locator(DECK_CHART)
    for index in range(decks.count()):
        deck = decks.nth(index)
        if deck.is_visible():
            canvas = deck.locator("canvas").first
            if canvas.count() == 0 or canvas_colours(canvas) < 2:
                return False
    return True


def _visit(context: Any, url: str) -> dict:
    """Open `url` in a new tab of `context`; seconds until the script ended and every chart and map was drawn."""
    page = context.new_page()
    received = {"ws": 0, "http": 0}

    def on_socket(socket: Any) -> None:
        socket.on("framereceived", lambda payload: received.__setitem__("ws", received["ws"] + len(payload)))

    page.on("websocket", on_socket)
    page.on("requestfinished", lambda request: received.__setitem__(
        "http", received["http"] + max(0, request.sizes()["responseBodySize"])))
    opened = time.time()
    started = time.perf_counter()
    page.goto(url)
    state, seconds = None, None
    while time.perf_counter() - started < TIMEOUT_S:
        checked_at = time.perf_counter() - started  # a map check screenshots the canvas, which itself takes time
        state = page.evaluate(_STATE_JS)
        if state is not None and state["undrawn"] == 0 and _decks_drawn(page):
            seconds = checked_at
            break
        time.sleep(POLL_S)
    drawn = time.time()
    page.wait_for_timeout(500)  # let late frames arrive before the byte count is read
    page.close()
    return {"seconds": seconds, "charts": (state or {}).get("charts", 0), "decks": (state or {}).get("decks", 0),
            "ws_bytes": received["ws"], "http_bytes": received["http"], "window": (opened, drawn)}


def _attach_server_runs(visits: list[dict], run_log: Path) -> None:
    """Add to each visit the script runs that ended while it was loading: their count and summed seconds."""
    runs = [json.loads(line) for line in run_log.read_text(encoding="utf-8").splitlines()] if run_log.exists() else []
    for visit in visits:
        opened, drawn = visit.pop("window")
        inside = [run["seconds"] for run in runs if opened <= run["end"] <= drawn]
        visit["server_runs"], visit["server_s"] = len(inside), sum(inside)


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_browser(db: Path) -> dict:
    """Visit every existing page twice on a dashboard serving `db`: cold (first visit since the server started,
    empty browser cache) and warm (again, in the same browser context)."""
    from playwright.sync_api import sync_playwright

    specs = [spec for spec in PAGES if spec.exists]
    results: dict[str, dict] = {spec.page_id: {} for spec in specs}
    run_log = db.with_name("script_runs.jsonl")
    run_log.unlink(missing_ok=True)
    with make_server(db, {"BENCH_RUN_LOG": str(run_log)}, module="bench.serve") as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for spec in specs:
                context = browser.new_context(viewport=VIEWPORT)
                for visit in ("cold", "warm"):
                    results[spec.page_id][visit] = _visit(context, page_url(server, spec))
                context.close()
        finally:
            browser.close()
        peak = peak_memory_mb(server.process.pid)
    _attach_server_runs([visit for visits in results.values() for visit in visits.values()], run_log)
    return {"pages": results, "dashboard_peak_mb": peak}
