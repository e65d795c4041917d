"""OPD accountability charts: an OPD's monthly on-time share with its target and event annotations."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from binjai import fmt
from binjai.charts.base import BLUE, GREY, PERCENT_TICKS, VERMILLION, partial_index, separators, style
from binjai.charts.events import add_events
from binjai.charts.quick_wins import month_ticks
from binjai.filters import month_end
from binjai.i18n import t


def on_time_trend(monthly: pd.DataFrame, target: float | None, lang: str, until: dt.date | None = None) -> go.Figure:
    """Monthly share of complaints resolved on time (%), the target as a dashed line, events shaded; a last month
    that runs past `until` (the month to date) is drawn as an open marker in a dashed frame labelled as such."""
    partial = partial_index(list(monthly["month"]), "month", until)
    fig = go.Figure(go.Scatter(
        x=pd.to_datetime(monthly["month"]), y=monthly["resolved_on_time_pct"], mode="lines+markers",
        line={"color": BLUE, "width": 3}, name=t("opd.on_time", lang),
        marker={"size": 8, "symbol": ["circle-open" if i == partial else "circle" for i in range(len(monthly))]},
        customdata=[fmt.month(m, lang) for m in monthly["month"]],
        hovertemplate="%{customdata}: %{y:.1f}%<extra></extra>"))
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", line_color=VERMILLION,
                      annotation_text=t("opd.target", lang, value=fmt.percent(target, 0, lang)))
    if partial is not None:
        middle = pd.Timestamp(monthly["month"].iloc[partial])
        fig.add_vrect(x0=middle - pd.Timedelta(days=14), x1=middle + pd.Timedelta(days=14), fillcolor=GREY,
                      opacity=0.12, layer="below", line={"dash": "dash", "color": GREY, "width": 2},
                      annotation_text=t("period.partial_month_until", lang, date=fmt.date(until, lang)),
                      annotation_position="bottom", annotation_font={"size": 12, "color": "#14171a"})
    fig.update_yaxes(range=[0, 112], **PERCENT_TICKS)
    fig.update_layout(separators=separators(lang))
    style(fig, height=320, legend=False)
    if len(monthly):
        fig.update_xaxes(**month_ticks(monthly["month"].min(), monthly["month"].max(), lang))  # Indonesian months
        add_events(fig, lang, dates=(monthly["month"].min(), month_end(pd.Timestamp(monthly["month"].max()).date())))
    return fig


RANKING_TEXT = {"resolved_on_time_pct": (fmt.percent, 1), "median_days": (fmt.number, 1), "target": (fmt.percent, 0),
                "received": (fmt.number, 0), "overdue_open": (fmt.number, 0), "late_programmes": (fmt.number, 0)}


def ranking_table(ranking: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranking for the screen: counts, shares (`100,0%`), median days and targets written by `binjai.fmt` in the
    user's language (a dash where there is none); rank, OPD and whether the target is met as they are."""
    table = ranking.copy()
    for column, (write, decimals) in RANKING_TEXT.items():
        table[column] = [write(value, decimals, lang) for value in ranking[column]]
    return table
