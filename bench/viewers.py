"""Many viewers at once: each in its own browser context opens a page, then switches to another page through the
menu every 5 to 10 seconds (random, seeded), for a fixed time, all against one dashboard process; every page view
is timed from navigation to the last chart drawn. One Chromium with one context per viewer (asyncio)."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from typing import Any

from bench.browser import POLL_S, STATE_JS, SWITCH_JS, TIMEOUT_S, menu_label
from bench.protocol import run_apart
from binjai.ui.pages import PageSpec
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, page_url, url_path

SEED = 1717


async def _drawn(page: Any, path: str, started: float) -> float | None:
    """Seconds until the page at `path` is drawn (maps: their canvas is present), None on timeout."""
    while time.perf_counter() - started < TIMEOUT_S:
        checked_at = time.perf_counter() - started
        state = await page.evaluate(STATE_JS, path)
        if state is not None and state["undrawn"] == 0 and state["decks_without_canvas"] == 0:
            return checked_at
        await asyncio.sleep(POLL_S)
    return None


async def _viewer(number: int, browser: Any, server: Any, specs: list[PageSpec], until: float,
                  pacing: tuple[float, float], views: list[dict]) -> None:
    """One viewer: the menu pages in turn from a different first page, a view every `pacing` seconds."""
    rng = random.Random(SEED + number)
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await asyncio.sleep(rng.uniform(0, pacing[1]))  # viewers arrive spread out
    order = specs[number % len(specs):] + specs[:number % len(specs)]
    try:
        for step in range(10_000):
            if time.perf_counter() >= until:
                break
            spec = order[step % len(order)]
            started = time.perf_counter()
            if step == 0:
                await page.goto(page_url(server, spec), timeout=TIMEOUT_S * 1000)
            elif not await page.evaluate(SWITCH_JS, menu_label(spec)):
                await page.goto(page_url(server, spec), timeout=TIMEOUT_S * 1000)
            seconds = await _drawn(page, url_path(spec), started)
            views.append({"viewer": number, "page": spec.page_id, "kind": "open" if step == 0 else "switch",
                          "seconds": seconds})
            await asyncio.sleep(rng.uniform(*pacing))
    finally:
        await context.close()


async def _crowd(server: Any, specs: list[PageSpec], count: int, seconds: float, pacing: tuple[float, float]
                 ) -> list[dict]:
    from playwright.async_api import async_playwright

    views: list[dict] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        until = time.perf_counter() + seconds
        try:
            await asyncio.gather(*(_viewer(n, browser, server, specs, until, pacing, views) for n in range(count)))
        finally:
            await browser.close()
    return views


def stats(values: list[float]) -> dict:
    """Count, median, 95th percentile (nearest rank) and maximum of `values`."""
    if not values:
        return {"n": 0, "median": None, "p95": None, "max": None}
    ordered = sorted(values)
    return {"n": len(ordered), "median": statistics.median(ordered),
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], "max": ordered[-1]}


def _status(view: dict) -> str:
    """'ok', 'not_finished' or the failure a view ended with (browser views: drawn or not)."""
    return view.get("status") or ("ok" if view["seconds"] is not None else "not_finished")


def summarise(views: list[dict]) -> dict:
    """Median and 95th percentile of the view times that finished well, overall, for switches and per page; views
    that never finished (`timed_out`) and views that failed (`failed`, by kind of failure) are counted, not timed."""
    good = [v for v in views if _status(v) == "ok"]
    failed: dict[str, int] = {}
    for view in views:
        if _status(view) not in ("ok", "not_finished"):
            failed[_status(view)] = failed.get(_status(view), 0) + 1
    return {"all": stats([v["seconds"] for v in good]),
            "timed_out": sum(1 for v in views if _status(v) == "not_finished"), "failed": failed,
            "switch": stats([v["seconds"] for v in good if v["kind"] == "switch"]),
            "pages": {p: stats([v["seconds"] for v in good if v["page"] == p])
                      for p in sorted({v["page"] for v in views})}}


def run_viewers(server: Any, specs: list[PageSpec], count: int = 20, seconds: float = 120.0,
                pacing: tuple[float, float] = (5.0, 10.0)) -> dict:
    """`count` viewers for `seconds` against `server`; the views and their summary."""
    views = run_apart(_crowd(server, specs, count, seconds, tuple(pacing)))
    return {"count": count, "seconds": seconds, "pacing": list(pacing), "views": views, "summary": summarise(views)}
