"""Small building blocks shared by pages: figure tiles, export buttons, notices, and the rule for text from data."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from binjai import export
from binjai.charts import overview as tiles
from binjai.i18n import t
from binjai.metrics import catalogue
from binjai.text import escape_markdown

__all__ = ["data_text", "delta_arrow", "escape_markdown", "export_buttons", "no_data", "tile"]


def data_text(value: object) -> None:
    """THE rule for a value that came from a file (id, name, note, description): plain text, never Markdown.

    `st.text` shows it verbatim: no emphasis, links, images, bare-URL links or `:material/...:` icons."""
    st.text("" if value is None else str(value))


def delta_arrow(delta: str | None) -> str:
    """Arrow for a formatted change: `fmt.signed` writes U+2212 for minus, which Streamlit would read as a rise."""
    if not delta:
        return "off"
    if delta.startswith(("−", "-")):
        return "down"
    return "up" if delta.startswith("+") else "off"


def tile(label: str, value: str, *, delta: str | None = None, delta_color: str = "normal", caption: str = "",
         help: str | None = None, trend: Sequence[float] | None = None) -> None:
    """One headline figure with optional change, sparkline and a small caption (period, freshness)."""
    st.metric(label, value, delta, delta_color=delta_color, delta_arrow=delta_arrow(delta), help=help, border=True,
              chart_data=list(trend) if trend is not None and len(trend) > 1 else None, chart_type="area")
    if caption:
        st.caption(caption)


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
                help_extra: str = "", trend: Sequence[float] | None = None, delta_text: str | None = None) -> None:
    """A catalogue metric as a tile: catalogue label, formatted value, change against `previous` (arrow and colour
    by the metric's good direction; or `delta_text` shown as is) and its definition as help text."""
    metric = catalogue.get(metric_id)
    delta = tiles.change(value, previous)
    arrow, colour = tiles.delta_style(delta, metric.good)
    text = tiles.format_delta(delta, metric.unit, lang, t("home.points", lang))
    if delta_text is not None:
        text, arrow, colour = delta_text, delta_arrow(delta_text), "gray"
    st.metric(metric.label(lang), metric.format(value, lang), text, delta_color=colour, delta_arrow=arrow, help=catalogue.help_text(metric_id, lang, help_extra), border=True,
              chart_data=list(trend) if trend is not None and len(trend) > 1 else None, chart_type="area")
    if caption:
        st.caption(caption)
