"""Small building blocks shared by pages: figure tiles, export buttons, notices."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from binjai import export
from binjai.charts.overview import NEUTRAL, delta_style
from binjai.i18n import t


def tile(label: str, value: str, *, change: float | None = None, change_text: str | None = None,
         good: str = NEUTRAL, caption: str = "", help: str | None = None, trend: Sequence[float] | None = None,
         chart_type: str = "area") -> None:
    """The one comparison tile: a headline figure, its change (`change_text`, shown with the arrow and colour of
    `charts.overview.delta_style` for the number `change` and the good direction), sparkline and caption."""
    arrow, colour = delta_style(change, good)
    st.metric(label, value, change_text, delta_color=colour, delta_arrow=arrow, help=help, border=True,
              chart_data=list(trend) if trend is not None and len(trend) > 1 else None, chart_type=chart_type)
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
