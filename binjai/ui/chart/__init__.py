"""Plotly figures drawn with plotly.js-basic instead of `st.plotly_chart`.

`st.plotly_chart` draws with the whole plotly.js (4.6 MB in Streamlit's frontend), which a new browser must load and
evaluate before the first chart appears: about 1.5 s of the page's main thread against 0.35 s for the basic bundle
(scatter, bar and pie: every trace the dashboard draws), measured by `bench/plotly_bundle.py`. The bundle ships in
`static/` (served by Streamlit's static file serving, so it works offline) and is loaded once per browser tab by
`LOADER_JS`; the figure goes to the page as its JSON in a components-v2 element (in the app page, no iframe)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

BUNDLE = "plotly-basic.min.js"
# The element plotly draws into, in the page from the moment the chart arrives (tests and the benchmark wait for
# every one of them to have drawn).
HOST = '<div class="bj-chart" data-testid="bjChart"></div>'
STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
TRACE_TYPES = frozenset({"bar", "scatter", "pie"})  # what plotly.js-basic draws
# Defines window.bjPlotly(): a promise of window.Plotly, the bundle's <script> added once per tab. The bundle's
# address is taken from Streamlit's own entry script (`<base>/static/js/index.*.js` -> `<base>/app/static/...`), so a
# base URL path or a page's address does not change it.
LOADER_JS = """window.bjPlotly = window.bjPlotly || (() => {
  let loading = null;
  return () => loading || (loading = new Promise((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
    const script = document.createElement('script');
    script.src = new URL('../../app/static/BUNDLE', entry ? entry.src : location.href).href;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => { loading = null; reject(new Error('the chart code did not load')); };
    document.head.appendChild(script);
  }));
})();""".replace("BUNDLE", BUNDLE)
# What Streamlit's own chart theme puts in a figure's template (explicit values of the figure still win): axis labels
# smaller and muted beside the data, legends small, labels kept inside the chart. Pages keep the look they had.
_MUTED = "rgba(49, 51, 63, 0.6)"
_AXIS = {"tickfont": {"color": _MUTED, "size": 12}, "title": {"font": {"color": _MUTED, "size": 14}}, "automargin": True}
SCREEN_TEMPLATE = {"xaxis": _AXIS, "yaxis": _AXIS, "legend": {"font": {"size": 12}}}


@functools.cache
def _component() -> Any:
    """The chart element, registered with Streamlit on first use (the launcher imports this module before)."""
    return st.components.v2.component(
        "binjai_chart", html=HOST, js=LOADER_JS + "\n" + (Path(__file__).parent / "chart.js").read_text(encoding="utf-8"),
        isolate_styles=False)  # plotly styles its hover labels and menus from the document's stylesheet


# Set on a figure that is never changed again (`share`): its JSON, once built, is kept on it.
_JSON_ATTRIBUTE = "_bj_screen_json"
_NOT_BUILT = ""


def share(fig: go.Figure) -> go.Figure:
    """Mark `fig` as never changed again (data.figure's shared figures), so its JSON is built once, not on every
    page run: copying, templating and serialising a figure is most of a chart page's server time."""
    fig.__dict__.setdefault(_JSON_ATTRIBUTE, _NOT_BUILT)
    return fig


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly.js reads it; ValueError for a trace type plotly.js-basic cannot draw."""
    kept = fig.__dict__.get(_JSON_ATTRIBUTE)
    if kept:
        return kept
    kinds = {trace.type for trace in fig.data}
    if not kinds <= TRACE_TYPES:
        raise ValueError(f"plotly.js-basic cannot draw {sorted(kinds - TRACE_TYPES)}")
    screen = go.Figure(fig)
    screen.layout.template.layout.update(SCREEN_TEMPLATE)
    text = pio.to_json(screen, validate=False)
    if kept is not None:  # a shared figure: the same text for every later run and viewer
        object.__setattr__(fig, _JSON_ATTRIBUTE, text)
    return text


def plotly_chart(fig: go.Figure, *, key: str, config: Mapping[str, Any] | None = None) -> None:
    """Draw `fig` across the column's width (its own height), with plotly's `config`."""
    _component()(key=key, data={"figure": figure_json(fig), "config": {"displaylogo": False, **(config or {})}},
               width="stretch", height="content")
