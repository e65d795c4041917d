"""OPD accountability charts: an OPD's monthly on-time share with its target and event annotations."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from binjai import fmt
from binjai.charts.base import BLUE, GREY, VERMILLION, separators, style
from binjai.i18n import t


def add_events(fig: go.Figure, events: pd.DataFrame, lang: str) -> go.Figure:
    """Shade each event (Lebaran, floods, outages) on a date axis and label it."""
    for row in events.itertuples():
        fig.add_vrect(x0=pd.Timestamp(row.start), x1=pd.Timestamp(row.end), fillcolor=GREY, opacity=0.25,
                      line_width=0, annotation_text=row.label_id if lang == "id" else row.label_en,
                      annotation_position="top left", annotation_font_size=13)
    return fig


def on_time_trend(monthly: pd.DataFrame, events: pd.DataFrame, target: float | None, lang: str) -> go.Figure:
    """Monthly share of complaints resolved on time (%), the target as a dashed line, events shaded."""
    fig = go.Figure(go.Scatter(
        x=pd.to_datetime(monthly["month"]), y=monthly["resolved_on_time_pct"], mode="lines+markers",
        line={"color": BLUE, "width": 3}, name=t("opd.on_time", lang),
        customdata=[fmt.month(m, lang) for m in monthly["month"]],
        hovertemplate="%{customdata}: %{y:.1f}%<extra></extra>"))
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", line_color=VERMILLION,
                      annotation_text=t("opd.target", lang, value=fmt.percent(target, 0, lang)))
    add_events(fig, events, lang)
    fig.update_yaxes(range=[0, 112], ticksuffix="%")
    fig.update_layout(separators=separators(lang))
    return style(fig, height=320, legend=False)
