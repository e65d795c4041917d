"""Charts and tables of the kelurahan profile page (plotly figures and display frames; no Streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from binjai import fmt
from binjai.charts.base import BLUE, GREEN, GREY, separators, style
from binjai.charts.events import add_events
from binjai.i18n import t

CITY_COLUMNS = ["kelurahan", "kecamatan", "complaints", "open_complaints", "reports", "cleanups", "open_reports"]


def trend_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Complaints received, clean-up reports received and clean-ups done per month, as grouped bars."""
    months = monthly["month"].map(lambda m: fmt.month(m, lang))
    fig = go.Figure()
    for column, colour in (("complaints", BLUE), ("reports", GREY), ("cleanups", GREEN)):
        fig.add_bar(x=months, y=monthly[column], name=t(f"kelurahan.col.{column}", lang), marker_color=colour,
                    hovertemplate="%{x}: %{y:,.0f}<extra></extra>")
    style(fig, height=340)
    fig.update_layout(separators=separators(lang), barmode="group", bargap=0.25,
                      yaxis={"rangemode": "tozero", "tickformat": ",.0f"})
    fig.update_xaxes(type="category", tickangle=0, nticks=13)
    return add_events(fig, lang, buckets=list(monthly["month"]))


def categories_chart(categories: pd.DataFrame, lang: str) -> go.Figure:
    """Complaints received per category (most first), with the number still open in the bar text."""
    texts = [t("kelurahan.chart.category_text", lang, n=fmt.number(row.received, 0, lang),
               open=fmt.number(row.open_now, 0, lang)) for row in categories.itertuples()]
    fig = go.Figure(go.Bar(y=categories["category"], x=categories["received"], orientation="h", marker_color=BLUE,
                           text=texts, textposition="auto", hoverinfo="skip", cliponaxis=False))
    style(fig, height=max(220, 60 + 34 * len(categories)), legend=False)
    fig.update_layout(separators=separators(lang), xaxis={"title": {"text": t("kelurahan.col.complaints", lang)}})
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def city_frame(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The city-wide kelurahan table for the screen: headings translated, counts as Indonesian numbers."""
    out = table[CITY_COLUMNS].copy()
    for column in CITY_COLUMNS[2:]:
        out[column] = out[column].map(lambda v: fmt.number(v, 0, lang))
    return out.rename(columns={c: t(f"kelurahan.col.{c}", lang) for c in CITY_COLUMNS})
