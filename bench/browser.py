"""In Chromium: time from navigation to the last chart drawn on each page, cold (a new browser context opening the
page) and warm (switching to it from another page through the menu, as a viewer does), how much of it the server's
script runs took and how many warehouse queries they ran, the bytes sent to the browser, and the dashboard
process's peak memory."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

from binjai.i18n import t
from binjai.ui.pages import PAGES, PageSpec
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DECK_CHART,
    VIEWPORT,
    canvas_colours,
    make_server,
    page_url,
    url_path,
)

POLL_S = 0.05
TIMEOUT_S = 300.0
SETTLE_MS = 500
# A warm switch starts from a page the viewer has had in front of them this long (reading it before the click).
READ_S = 3.0
# The page is done when its path is in the address bar, the script has ended, no element is stale, and every
# visible plotly chart has drawn its traces. `decks` counts maps (their canvas is checked apart).
STATE_JS = """(path) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const elements = document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length;
    if (!app || elements === 0 || location.pathname.replace(/^\\/+/, '') !== path
        || app.getAttribute('data-test-script-state') !== 'notRunning'
        || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
        || document.querySelector('[data-testid="stStatusWidget"]')
        || document.querySelector('[data-stale="true"]')
        || document.querySelectorAll('[data-testid="stSkeleton"]').length) return null;
    const charts = [...document.querySelectorAll('[data-testid="bjChart"]')];
    const undrawn = charts.filter(c => c.checkVisibility()
        && !(c.querySelector('svg.main-svg') && c.querySelector('.trace, .slice'))).length;
    const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
    return {charts: charts.length, undrawn: undrawn, decks: decks.length,
            decks_without_canvas: decks.filter(d => d.checkVisibility() && !d.querySelector('canvas')).length};
}"""
# Client-side switch to another page: the menu link with the page's label (Streamlit's own navigation; the home
# page's link carries the current address, so the label is what tells the links apart).
SWITCH_JS = """(label) => {
    const links = [...document.querySelectorAll('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')];
    const link = links.find(a => a.innerText.trim().split(/\\s*\\n\\s*/).pop() === label);
    if (!link) return false;
    link.click();
    return true;
}"""


def viewer_pages() -> list[PageSpec]:
    """The pages a viewer opens (every installed page that needs no staff or administrator account)."""
    return [spec for spec in PAGES if spec.exists and not spec.staff_only and not spec.admin_only]


def menu_label(spec: PageSpec) -> str:
    """The page's label in the menu (Bahasa Indonesia, the default language)."""
    return t(spec.label_key, "id")


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


class Counter:
    """Bytes received by one tab: websocket frames (the script's output) and HTTP response bodies."""

    def __init__(self, page: Any) -> None:
        self.ws = 0
        self.http = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))
        page.on("requestfinished", lambda request: self._http(request.sizes()["responseBodySize"]))

    def _frame(self, payload: Any) -> None:
        self.ws += len(payload)

    def _http(self, size: int) -> None:
        self.http += max(0, size)

    def snapshot(self) -> tuple[int, int]:
        """(websocket bytes, HTTP bytes) so far."""
        return self.ws, self.http


def _wait_drawn(page: Any, path: str, started: float) -> tuple[float | None, dict]:
    """Seconds from `started` until the page at `path` is drawn (None on timeout) and its last state."""
    state = None
    while time.perf_counter() - started < TIMEOUT_S:
        checked_at = time.perf_counter() - started  # a map check screenshots the canvas, which itself takes time
        state = page.evaluate(STATE_JS, path)
        if state is not None and state["undrawn"] == 0 and _decks_drawn(page):
            return checked_at, state
        time.sleep(POLL_S)
    return None, state or {}


def _measure(page: Any, counter: Counter, path: str, go: Any) -> dict:
    """Run `go()` (a navigation or a menu click) and measure until `path` is drawn."""
    ws_before, http_before = counter.snapshot()
    opened = time.time()
    started = time.perf_counter()
    go()
    seconds, state = _wait_drawn(page, path, started)
    drawn = time.time()
    page.wait_for_timeout(SETTLE_MS)  # let late frames arrive before the byte count is read
    ws_after, http_after = counter.snapshot()
    return {"seconds": seconds, "charts": state.get("charts", 0), "decks": state.get("decks", 0),
            "ws_bytes": ws_after - ws_before, "http_bytes": http_after - http_before, "window": (opened, drawn)}


def _attach_server_runs(visits: list[dict], run_log: Path) -> None:
    """Add to each visit the script runs that ended while it was loading: count, summed seconds and queries."""
    runs = [json.loads(line) for line in run_log.read_text(encoding="utf-8").splitlines()] if run_log.exists() else []
    for visit in visits:
        opened, drawn = visit.pop("window")
        inside = [run for run in runs if opened <= run["end"] <= drawn]
        visit["server_runs"] = len(inside)
        visit["server_s"] = sum(run["seconds"] for run in inside)
        visit["queries"] = sum(run.get("queries", 0) for run in inside)


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _visit_cold(browser: Any, server: Any, spec: PageSpec) -> dict:
    """A new browser context (empty cache) opening the page by its address."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    counter = Counter(page)
    try:
        return _measure(page, counter, url_path(spec), lambda: page.goto(page_url(server, spec), timeout=TIMEOUT_S * 1000))
    finally:
        context.close()


def _visit_warm(browser: Any, server: Any, spec: PageSpec, start: PageSpec, read_s: float = READ_S) -> dict:
    """In a tab that has shown `start` for `read_s` seconds, a click on the menu link of `spec` (Streamlit's
    client-side page switch)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    counter = Counter(page)
    try:
        _measure(page, counter, url_path(start), lambda: page.goto(page_url(server, start), timeout=TIMEOUT_S * 1000))
        page.wait_for_timeout(max(0.0, read_s * 1000 - SETTLE_MS))
        def click() -> None:
            if not page.evaluate(SWITCH_JS, menu_label(spec)):
                raise RuntimeError(f"no menu link to {spec.page_id}")

        return _measure(page, counter, url_path(spec), click)
    finally:
        context.close()


def _median_visit(visits: list[dict]) -> dict:
    """The visit with the median time (the lower middle one of an even count; an unfinished visit counts as the
    slowest), with every visit's seconds as `each_s`."""
    ordered = sorted(visits, key=lambda visit: math.inf if visit["seconds"] is None else visit["seconds"])
    return ordered[(len(ordered) - 1) // 2] | {"each_s": [visit["seconds"] for visit in visits]}


def measure_browser(db: Path, viewers: dict | None = None, *, read_s: float = READ_S,
                    only: tuple[str, ...] = (), visits: int = 1) -> dict:
    """Every viewer page (or those in `only`) on a dashboard serving `db`: cold (in a new browser context; the first
    round is the first visit since the server started) and warm (switched to through the menu from the home page
    after `read_s` seconds on it; the home page from the second page; the presentation page has no menu), `visits`
    rounds of each, the median visit kept; then, when `viewers` is given, many viewers at once (`bench.viewers`) on
    the same server."""
    from playwright.sync_api import sync_playwright

    specs = [spec for spec in viewer_pages() if not only or spec.page_id in only or spec.page_id == "overview"]
    measured: dict[tuple[str, str], list[dict]] = {}
    run_log = db.with_name("script_runs.jsonl")
    run_log.unlink(missing_ok=True)
    with make_server(db, {"BENCH_RUN_LOG": str(run_log)}, module="bench.serve") as server:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for _ in range(visits):
                    for spec in specs:
                        measured.setdefault((spec.page_id, "cold"), []).append(_visit_cold(browser, server, spec))
                    for spec in specs:
                        start = specs[1] if spec == specs[0] else specs[0]
                        warm = _visit_warm(browser, server, spec, start, read_s) | {"from": start.page_id}
                        measured.setdefault((spec.page_id, "warm"), []).append(warm)
            finally:
                browser.close()
        _attach_server_runs([visit for each in measured.values() for visit in each], run_log)
        results: dict[str, dict] = {spec.page_id: {} for spec in specs}
        for (page_id, kind), each in measured.items():
            results[page_id][kind] = _median_visit(each)
        crowd = None
        if viewers:
            from bench.viewers import run_viewers

            crowd = run_viewers(server, specs, **viewers)
        peak = peak_memory_mb(server.process.pid)
    return {"pages": results, "viewers": crowd, "dashboard_peak_mb": peak, "read_s": read_s, "visits": visits}


def main(argv: list[str] | None = None) -> int:
    """Measure the pages in Chromium against a warehouse and print one line per page (cold and warm)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a seeded warehouse (python -m etl --db X seed)")
    parser.add_argument("--read-s", type=float, default=READ_S, help="seconds on the start page before a warm click")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--visits", type=int, default=1, help="rounds of visits per page (the median is shown)")
    parser.add_argument("pages", nargs="*", help="page ids (default: every viewer page; the home page always)")
    args = parser.parse_args(argv)
    results = measure_browser(args.db, read_s=args.read_s, only=tuple(args.pages), visits=args.visits)
    print(f"{'page':<12} {'charts':>6} {'maps':>4} {'cold s':>7} {'warm s':>7} {'ws KB warm':>10} {'HTTP KB cold':>12}")
    for page_id, visits in results["pages"].items():
        cold, warm = visits["cold"], visits["warm"]
        seconds = [f"{v['seconds']:.2f}" if v["seconds"] is not None else "–" for v in (cold, warm)]
        print(f"{page_id:<12} {warm['charts']:>6} {warm['decks']:>4} {seconds[0]:>7} {seconds[1]:>7} "
              f"{warm['ws_bytes'] / 1024:>10.0f} {cold['http_bytes'] / 1024:>12,.0f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
