"""Where the browser's time goes on a page visit: Chromium's own counters (CDP Performance: script, layout, style,
task seconds), a CPU profile of the visit split by script file (CDP Profiler), the JavaScript files fetched and
when, and for every plotly chart and map the time from its element appearing to its drawing being there.

    .venv/bin/python -m bench.browser_profile --url http://127.0.0.1:8501 e_mas dimensi
    .venv/bin/python -m bench.browser_profile --db /tmp/x.duckdb --cold quick_win

Warm (default): in a tab showing the home page (already drawn), a click on the page's menu link. Cold: a new
browser context opens the page by its address. Prints one JSON object per visit."""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from bench.browser import SWITCH_JS, TIMEOUT_S, _wait_drawn, menu_label
from binjai.ui.pages import page as page_spec
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, AppServer, make_server, page_url, url_path

# Records, for every plotly chart and map element, when it appeared and when its drawing was first seen
# (plotly: svg with traces; deck.gl: a canvas), in performance.now() milliseconds.
WATCH_JS = """() => {
    window.__charts = [];
    const seen = new Map();
    const check = () => {
        const now = performance.now();
        document.querySelectorAll('[data-testid="bjChart"], [data-testid="stDeckGlJsonChart"]').forEach(el => {
            if (!seen.has(el)) {
                const entry = {kind: el.dataset.testid === 'bjChart' ? 'plotly' : 'deck', appeared: now,
                               drawn: null};
                seen.set(el, entry);
                window.__charts.push(entry);
            }
            const entry = seen.get(el);
            if (entry.drawn === null && (entry.kind === 'plotly'
                    ? el.querySelector('svg.main-svg') && el.querySelector('.trace, .slice')
                    : el.querySelector('canvas'))) entry.drawn = now;
        });
    };
    new MutationObserver(check).observe(document, {childList: true, subtree: true});
    window.__t0 = performance.now();
}"""
RESOURCES_JS = """(since) => performance.getEntriesByType('resource').filter(r => r.startTime >= since).map(r => ({
    name: r.name.split('/').pop(), start: r.startTime, end: r.responseEnd, bytes: r.decodedBodySize}))"""
TRACE = {"traceConfig": {"includedCategories": ["toplevel", "devtools.timeline", "v8.execute"]},
         "transferMode": "ReportEvents"}
# Threads whose CPU time is reported: the page's main thread, the GPU process (deck.gl's WebGL, drawn by
# SwiftShader in headless Chromium without a GPU), the compositor and the workers (script parsing off the page).
THREADS = {"CrRendererMain": "renderer_main", "CrGpuMain": "gpu_main", "VizCompositorThread": "compositor",
           "ThreadPoolForegroundWorker": "workers"}
TASKS = ("ThreadControllerImpl::RunTask", "ThreadPool_RunTask")
# Kinds of work on the page's main thread (they nest: a forced Layout inside a FunctionCall counts in both).
WORK = ("FunctionCall", "RunMicrotasks", "EvaluateScript", "v8.evaluateModule", "Layout", "UpdateLayoutTree", "Paint",
        "PrePaint", "Layerize", "ParseHTML", "MajorGC", "MinorGC", "TimerFire", "FireAnimationFrame", "EventDispatch",
        "HandlePostMessage")


def _thread_cpu(events: list[dict]) -> dict[str, Any]:
    """CPU milliseconds (thread time, not wall time: comparable under load) of the top-level tasks of `THREADS`, and
    of the three longest module evaluations on the page's main thread (plotly.js and deck.gl are modules)."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    cpu: dict[str, float] = defaultdict(float)
    work: dict[str, float] = defaultdict(float)
    modules = []
    for event in events:
        thread = THREADS.get(names.get((event.get("pid"), event.get("tid")), ""))
        if thread is None or event.get("ph") != "X" or "tdur" not in event:
            continue
        if event["name"] in TASKS:
            cpu[thread] += event["tdur"] / 1000
        elif thread == "renderer_main":
            if event["name"] in WORK:
                work[event["name"]] += event["tdur"] / 1000
            if event["name"] == "v8.evaluateModule":
                modules.append(round(event["tdur"] / 1000))
    return {"cpu_ms": {name: round(value) for name, value in cpu.items()},
            "main_work_cpu_ms": {name: round(value) for name, value in sorted(work.items(), key=lambda kv: -kv[1])},
            "module_eval_cpu_ms": sorted(modules, reverse=True)[:3]}


def _self_times(profile: dict, name: Any) -> dict[str, float]:
    """Self time (ms, 5 ms or more) of a CPU profile summed by `name(call frame)`, longest first."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    totals: dict[str, float] = defaultdict(float)
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        totals[name(nodes[node_id]["callFrame"])] += delta / 1000
    return dict(sorted(((k, round(v, 1)) for k, v in totals.items() if v >= 5), key=lambda kv: -kv[1]))


def _file(frame: dict) -> str:
    """The script file of a call frame (`(program)`, `(garbage collector)` and `(idle)` as they are)."""
    return frame["url"].split("/")[-1] or frame["functionName"] or "(anonymous)"


def _function(frame: dict) -> str:
    """`file:function:line` of a call frame."""
    return f"{_file(frame)}:{frame['functionName'] or '?'}:{frame['lineNumber']}"


def profile_visit(browser: Any, server: AppServer, page_id: str, *, cold: bool, read_s: float = 0.5) -> dict:
    """One visit to `page_id` (cold, or warm: from the home page after `read_s` seconds on it), profiled."""
    spec = page_spec(page_id)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    events: list[dict] = []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    complete: list[bool] = []
    cdp.on("Tracing.tracingComplete", lambda _: complete.append(True))
    try:
        if not cold:
            home = page_spec("overview")
            page.goto(page_url(server, home), timeout=TIMEOUT_S * 1000)
            _wait_drawn(page, url_path(home), time.perf_counter())
            page.wait_for_timeout(read_s * 1000)
        else:
            page.goto("about:blank")
        page.add_init_script(f"({WATCH_JS})()") if cold else page.evaluate(WATCH_JS)
        cdp.send("Tracing.start", TRACE)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
        started = time.perf_counter()
        if cold:
            page.goto(page_url(server, spec), timeout=TIMEOUT_S * 1000)
        elif not page.evaluate(SWITCH_JS, menu_label(spec)):
            raise RuntimeError(f"no menu link to {page_id}")
        seconds, state = _wait_drawn(page, url_path(spec), started)
        profile = cdp.send("Profiler.stop")["profile"]
        cdp.send("Tracing.end")
        while not complete:
            page.wait_for_timeout(50)
        t0 = page.evaluate("window.__t0")
        charts = page.evaluate("window.__charts")
        resources = page.evaluate(RESOURCES_JS, 0 if cold else t0)
    finally:
        context.close()
    js = [r for r in resources if r["name"].endswith(".js")]
    return {
        "page": page_id, "visit": "cold" if cold else "warm", "seconds": seconds, "charts": state.get("charts"),
        **_thread_cpu(events),
        "cpu_by_file_ms": _self_times(profile, _file),
        "cpu_by_function_ms": dict(list(_self_times(profile, _function).items())[:25]),
        "js_fetched": [{"file": r["name"], "kb": round(r["bytes"] / 1024), "loaded_ms": round(r["end"] - t0)}
                       for r in js],
        "chart_draw_ms": [{"kind": c["kind"], "appeared_ms": round(c["appeared"] - t0),
                           "draw_ms": None if c["drawn"] is None else round(c["drawn"] - c["appeared"])}
                          for c in charts],
    }


def main(argv: list[str] | None = None) -> int:
    """Profile the pages named on the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.browser_profile", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", help="page ids (e.g. e_mas dimensi)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="a running dashboard")
    source.add_argument("--db", type=Path, help="start a dashboard on this warehouse")
    parser.add_argument("--cold", action="store_true", help="a new browser context opens the page by its address")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--read-s", type=float, default=0.5, help="seconds on the home page before the click")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    running = nullcontext(AppServer(args.url.rstrip("/"), Path(), 0, None, Path())) if args.url \
        else make_server(args.db)  # type: ignore[arg-type]
    with running as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(args.repeat):
                for page_id in args.pages:
                    print(json.dumps(profile_visit(browser, server, page_id, cold=args.cold, read_s=args.read_s)), flush=True)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
