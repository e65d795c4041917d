"""Small building blocks shared by pages: figure tiles, export buttons, notices, and the rule for text from data."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from binjai import export, fmt
from binjai.charts import overview as tiles
from binjai.charts.legend import legend_html
from binjai.charts.sparkline import sparkline_html
from binjai.i18n import t
from binjai.metrics import catalogue
from binjai.text import escape_markdown
from binjai.ui import chart, data

__all__ = ["data_text", "escape_markdown", "export_buttons", "map_legend", "no_data", "tile", "warm_chart_code"]

# The charts' browser code is loaded by the first element that needs it: a tab's first chart page paid for fetching,
# compiling and running it before drawing anything. Plotly charts draw with plotly.js-basic (binjai.ui.chart, ~1.2 MB,
# loaded by `chart.LOADER_JS`); maps with Streamlit's deck.gl code (~3 MB, an ES module beside Streamlit's entry).
_STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"
CHART_KINDS = ("plotly", "deck")
CHART_CODE = {"deck": "DeckGlJsonChart"}  # Streamlit's module per chart kind it draws itself
QUIET_MS = 1000
# Once per browser tab: load the chart code the way the charts themselves do (plotly: the same loader; deck.gl: the
# same URL as Streamlit's own lazy import), so that their load resolves at once. `first` (the open page's own charts)
# at once, while the server still runs the page; the rest once the page's run has ended, nothing has changed on it for
# QUIET_MS and the browser is idle (a viewer reading the page), then one after the other whenever the browser is
# idle. Only chart kinds and file names of the installed Streamlit go in, nothing from data.
_WARM_JS = """<script>(() => {
  if (window.bjChartCode) return;
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!entry) return;
  window.bjChartCode = true;
  /*LOADER*/
  const [first, later, quietMs, modules] = /*LISTS*/;
  const load = kind => (kind in modules ? import(new URL(modules[kind], entry.src).href) : window.bjPlotly())
    .catch(() => undefined);
  let changed = performance.now();
  const watch = new MutationObserver(() => { changed = performance.now(); });
  watch.observe(document.body, {childList: true, subtree: true});
  const idle = done => window.requestIdleCallback ? requestIdleCallback(done, {timeout: 1000}) : setTimeout(done, 0);
  const running = () => /^(running|rerunRequested)$/.test(
    document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') || '');
  const still = () => !running() && performance.now() - changed >= quietMs;
  const quiet = () => new Promise(done => {
    const check = () => still() ? idle(() => still() ? done() : check()) : setTimeout(check, quietMs / 2);
    check();
  });
  const inTurn = (kinds, wait) => kinds.reduce((chain, kind) => chain.then(wait).then(() => load(kind)),
                                             Promise.resolve());
  inTurn(first, () => undefined)
    .then(() => later.length ? quiet().then(() => inTurn(later, () => new Promise(idle))) : undefined)
    .finally(() => watch.disconnect());
})();</script>"""


def data_text(value: object) -> None:
    """THE rule for a value that came from a file (id, name, note, description): plain text, never Markdown.

    `st.text` shows it verbatim: no emphasis, links, images, bare-URL links or `:material/...:` icons."""
    st.text("" if value is None else str(value))


def lazy_tabs(names: Sequence[str], labels: Sequence[str], key: str, param: str, default: str | None = None) -> dict:
    """Tabs of which only the open one runs (`tab.open`): a hidden tab computes and sends nothing until opened.

    The open tab is kept in the URL as `param=<name>` (left out for the default tab), so a view can be shared;
    names stay the same across languages while the labels change. Returns {name: tab container}.
    """
    default = default if default in names else names[0]
    by_label = dict(zip(labels, names, strict=True))
    from_url = st.query_params.get(param)
    arrived = from_url in names and from_url != st.session_state.get(f"{key}_url")
    if arrived:
        st.session_state[key] = labels[list(names).index(from_url)]
    elif st.session_state.get(key) not in by_label:  # first run, or the labels changed (language, scores)
        name = st.session_state.get(f"{key}_name", default)
        st.session_state[key] = labels[list(names).index(name if name in names else default)]
    tabs = st.tabs(list(labels), key=key, on_change="rerun")
    chosen = by_label.get(st.session_state.get(key), default)
    st.session_state[f"{key}_name"] = chosen
    st.session_state[f"{key}_url"] = chosen if chosen != default else None
    if chosen != default:
        st.query_params[param] = chosen
    elif param in st.query_params:
        del st.query_params[param]
    return dict(zip(names, tabs, strict=True))


def lazy_expander(label: str, key: str, icon: str | None = None) -> Any:
    """A collapsed section whose body (`for _ in when_open(...)`) runs only while it is open: a closed one computes
    and sends nothing, and opening it runs the page again. For bodies that query or draw a table; a few lines of
    text belong in a plain `st.expander`, which opens without a run."""
    return st.expander(label, key=key, icon=icon, on_change="rerun")


def when_open(tab: Any) -> Iterator[None]:
    """`for _ in when_open(tab):` runs its body inside `tab` (a lazy tab or expander) once when it is open, and not
    at all when hidden."""
    if tab.open is not False:
        with tab:
            yield


@functools.cache
def chart_code_files() -> dict[str, str]:
    """{chart kind: file name} of the installed Streamlit's chart modules (a kind whose file is not found is left
    out)."""
    found = {kind: sorted(_STATIC_JS.glob(f"{stem}.*.js")) for kind, stem in CHART_CODE.items()}
    return {kind: files[0].name for kind, files in found.items() if len(files) == 1}


def chart_code_script(first: Sequence[str] = ()) -> str:
    """The warm-up script (`_WARM_JS`) for a page that draws the chart kinds in `first` ("plotly", "deck") in its
    default view: those at once, the others later (a kind whose code is not found is left out)."""
    modules = chart_code_files()
    kinds = [kind for kind in CHART_KINDS if kind in modules or kind == "plotly"]
    now = [kind for kind in first if kind in kinds]
    later = [kind for kind in kinds if kind not in now]
    return (_WARM_JS.replace("/*LOADER*/", chart.LOADER_JS)
            .replace("/*LISTS*/", json.dumps([now, later, QUIET_MS, modules])))


def warm_chart_code(first: Sequence[str] = ()) -> None:
    """Have the browser load the charts' code once per tab (`chart_code_script`), so that the next chart page
    draws without waiting for it. The element is hidden by the `st-key-bj_chart_code` rule in style.css."""
    with st.container(key="bj_chart_code"):
        st.html(chart_code_script(first), unsafe_allow_javascript=True)


def tile(label: str, value: str, *, change: float | None = None, change_text: str | None = None,
         good: str = tiles.NEUTRAL, caption: str = "", help: str | None = None, trend: Sequence[float] = (),
         months: Sequence[dt.date] = (), lang: str = "id") -> None:
    """The one comparison tile: a headline figure, its change (`change_text`, shown with the arrow and colour of
    `charts.overview.delta_style` for the number `change` and the good direction), the sparkline of `trend` at its
    `months` with the events in them (`charts.sparkline`, built once per data version) and caption."""
    arrow, colour = tiles.delta_style(change, good)
    drawing = data.figure(sparkline_html, tuple(trend), tuple(months), colour, lang) if len(trend) > 1 else ""
    with st.container(border=True):
        st.metric(label, value, change_text, delta_color=colour, delta_arrow=arrow, help=help)
        if drawing:
            st.markdown(drawing, unsafe_allow_html=True)
    if caption:
        st.caption(caption)


def map_legend(groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
    """A map's legend (`charts.legend.legend_html`: titles and labelled colour blocks) as HTML, not as a chart."""
    markup = legend_html(groups)
    if markup:
        st.markdown(markup, unsafe_allow_html=True)


def export_buttons(frame: pd.DataFrame, name: str, lang: str, key: str) -> None:
    """Download buttons for CSV and XLSX of `frame`, with formulas neutralised; files are built only on click."""
    left, right = st.columns(2)
    left.download_button(t("common.download_csv", lang), lambda: export.to_csv_bytes(frame, lang), f"{name}.csv",
                         "text/csv", key=f"{key}_csv", icon=":material/download:", width="stretch")
    right.download_button(t("common.download_xlsx", lang), lambda: export.to_xlsx_bytes(frame, name), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                          icon=":material/download:", width="stretch")


def no_data(lang: str) -> None:
    """The notice for a filter combination with nothing in it."""
    st.info(t("common.no_data", lang), icon=":material/filter_alt_off:")


def metric_tile(metric_id: str, value: object, lang: str, *, previous: object = None, caption: str = "",
                help_extra: str = "", trend: Sequence[float] = (), months: Sequence[dt.date] = (),
                relative_change: float | None = None) -> None:
    """A catalogue metric as a `tile`: catalogue label, formatted value, change against `previous` (arrow and colour
    by the metric's good direction) or `relative_change` in percent (`+3,2%`, grey), its definition as help."""
    metric = catalogue.get(metric_id)
    if relative_change is None:
        change, good = tiles.change(value, previous), metric.good
        text = tiles.format_delta(change, metric.unit, lang, t("overview.points", lang))
    else:
        change, good = relative_change, tiles.NEUTRAL
        text = fmt.signed(relative_change, 1, lang, "%")
    tile(metric.label(lang), metric.format(value, lang), change=change, change_text=text, good=good, caption=caption,
         help=catalogue.help_text(metric_id, lang, help_extra), trend=trend, months=months, lang=lang)
