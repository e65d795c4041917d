"""`python -m binjai.ui.serve run app.py [Streamlit options]`: Streamlit's own command line, started only after the
process has done the slow first work of a visit (importing pandas, plotly, pydeck, DuckDB and the dashboard's
modules, opening the warehouse, running the home page's queries for its default filters into the query cache,
building and serialising a figure and a map of each kind, then running every public page once for its default
filters so that its queries and figures are cached), so the first viewer of a page after a start waits about as
long as the next one. The server answers its health check once this is done.
BINJAI_WARMUP=0 skips the warm-up (to measure a start without it)."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import pkgutil
import sys
import time
from collections.abc import Callable

LOG = logging.getLogger("binjai.serve")
# The packages a page run uses, imported whole (their modules import plotly, pydeck, pandas and DuckDB), and the
# libraries Streamlit imports only when a page first draws a chart, a map or a table.
PACKAGES = ("binjai.charts", "binjai.queries", "binjai.metrics", "binjai.ui", "binjai.brief")
MODULES = ("plotly.io", "plotly.graph_objects", "pydeck", "pyarrow", "binjai.slides",
           "binjai.slide_layout", "streamlit.components.v2", "streamlit.elements.deck_gl_json_chart",
           "streamlit.elements.arrow", "streamlit.dataframe_util")
PRIME_TIMEOUT_S = 120


def import_modules() -> int:
    """Import the dashboard's packages and the libraries a first page run would import; returns how many."""
    names = list(MODULES)
    for package in PACKAGES:
        names += [info.name for info in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}.")
                  if info.name != "binjai.ui.serve"]
    for name in names:
        importlib.import_module(name)
    return len(names)


def open_warehouse() -> str:
    """Open the configured warehouse (its checksum is checked on opening) and run one query; what was found."""
    from binjai import db
    from binjai.ui import data

    try:
        reader = data.warehouse()
        reader.scalar("SELECT 1")
    except (db.WarehouseUnavailable, OSError) as problem:  # a missing or broken database: pages explain it
        return f"not opened ({type(problem).__name__})"
    return "opened"


def prime_home_page() -> int:
    """The home page's queries for its default filters (no URL parameters, today), run into the query cache, so
    the first visit reads them from memory; returns how many. A miss later (other filters, another day) only
    means the page queries the warehouse itself."""
    from binjai import alerts, clock, db
    from binjai.filters import from_params
    from binjai.queries import admin, common, overview
    from binjai.ui import data

    today = clock.today()
    filters = from_params({}, today)
    calls: list[tuple[Callable[..., object], tuple, dict]] = [
        (common.freshness, (), {}), (overview.headlines, (filters,), {}),
        (overview.attention, (filters,), {"today": today}), (alerts.history, (), {"open_only": True}),
        (admin.overdue_sources, (today,), {})]
    try:
        if data.warehouse().version() is None or data.run(common.is_empty):
            return 0  # the page shows how to load data instead
        for function, args, kwargs in calls:
            data.run(function, *args, **kwargs)
    except db.WarehouseUnavailable:  # a broken database: the page explains it
        return 0
    return len(calls)


def prime_pages() -> int:
    """Run every public page once for its default filters, headless (Streamlit's AppTest runs the page script as a
    browser's visit would), so that its queries and built figures are in the process's caches before the first
    viewer opens it; returns how many pages ran without an error. Pages for signed-in staff are left out."""
    from streamlit.testing.v1 import AppTest

    from binjai.handout import images
    from binjai.settings import PROJECT_ROOT
    from binjai.ui.pages import PAGES

    specs = [spec for spec in PAGES if spec.exists and not spec.staff_only and not spec.admin_only]
    # The browser for chart images starts with the first viewer of a page that offers handouts, not at every start.
    start_images, images.warm_up_in_background = images.warm_up_in_background, lambda: None
    ran = 0
    try:
        for spec in specs:  # each in a session of its own, as a viewer opening the page by its address
            app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=PRIME_TIMEOUT_S).run()
            if spec.path != "dashboard.py":
                app.switch_page(spec.path).run()
            ran += not app.exception
    finally:
        images.warm_up_in_background = start_images
    return ran


def build_figures() -> int:
    """Build, style and serialise one plotly figure of every trace and shape kind the charts use, and one map deck
    of every layer kind, as binjai.ui.chart and st.pydeck_chart would; returns how many were built."""
    import pandas as pd
    import plotly.graph_objects as go

    from binjai import geo, maps
    from binjai.charts.base import mark_partial, style
    from binjai.charts.events import add_events
    from binjai.ui import chart

    months = [dt.date(2025, month, 1) for month in range(1, 13)]
    labels = [month.strftime("%b %Y") for month in months]
    figure = go.Figure()
    figure.add_bar(x=labels, y=list(range(12)), name="bar", customdata=labels, hovertemplate="%{customdata}")
    figure.add_scatter(x=labels, y=list(range(12)), name="line", mode="lines+markers", line={"dash": "dash"})
    figure.add_trace(go.Bar(y=["a", "b"], x=[1, 2], orientation="h", text=["1", "2"], textposition="outside"))
    figure.add_hline(y=5, line_dash="dot", annotation_text="target")
    figure.add_shape(type="line", x0=0, x1=1, y0=0, y1=1, xref="paper", yref="paper")
    figure.update_xaxes(type="category", tickangle=-45)
    style(figure, title="warm-up")
    mark_partial(figure, 11, months[-1] + dt.timedelta(days=14), "id")
    add_events(figure, "id", buckets=months)
    chart.figure_json(figure)
    areas, _ = geo.kelurahan_areas()
    values = pd.DataFrame({"kelurahan": [area["kelurahan"] for area in areas], "value": range(len(areas)),
                           "label": [area["kelurahan"] for area in areas]})
    points = pd.DataFrame({"lon": [float(areas[0]["polygon"][0][0][0])] * 2,
                           "lat": [float(areas[0]["polygon"][0][0][1])] * 2, "weight": [1.0, 2.0]})
    deck = maps.base_deck([maps.area_layer(values, layer_id="warm-up"),
                           maps.hexagon_layer(points, layer_id="warm-up-hex")])
    deck.to_json()
    return 2


def warm_up() -> dict[str, object]:
    """Every warm-up step with its seconds; a step that fails is logged and the server starts all the same."""
    steps: dict[str, Callable[[], object]] = {"imports": import_modules, "warehouse": open_warehouse,
                                               "home_page": prime_home_page, "figures": build_figures,
                                               "pages": prime_pages}
    from streamlit import env_util

    report: dict[str, object] = {}
    # "No runtime yet" and "missing ScriptRunContext" notices while cached functions are declared and pages run
    # headless: Streamlit gives each of its modules a logger and resets their levels when a page runs, so a filter.
    quiet = [logging.getLogger(name) for name in ["streamlit", *logging.root.manager.loggerDict]
             if name.startswith("streamlit")]
    errors_only = _ErrorsOnly()
    for logger in quiet:
        logger.addFilter(errors_only)
    try:
        _run_steps(steps, report)
    finally:
        for logger in quiet:
            logger.removeFilter(errors_only)
    # The first element a script draws makes Streamlit look once at the root frame's module, and inspect maps every
    # loaded module's file to do so (0.6 s of CPU at first): done now, only modules loaded later are left to map.
    env_util.is_repl()
    return report


class _ErrorsOnly(logging.Filter):
    """Lets only errors through."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def _run_steps(steps: dict[str, Callable[[], object]], report: dict[str, object]) -> None:
    for name, step in steps.items():
        started = time.perf_counter()
        try:
            report[name] = step()
        except Exception:  # noqa: BLE001 - a warm-up failure must never stop the dashboard from starting
            LOG.exception("warm-up step %s failed", name)
            report[name] = "failed"
        report[f"{name}_s"] = round(time.perf_counter() - started, 3)


def main(argv: list[str] | None = None) -> None:
    """Warm up (unless BINJAI_WARMUP=0), then hand over to `streamlit` with the same arguments."""
    from streamlit.web import cli

    from binjai.ui import preload

    preload.install()

    if os.environ.get("BINJAI_WARMUP", "1") != "0":
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
        LOG.info("warm-up before serving: %s", warm_up())
    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
