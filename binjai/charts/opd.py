"""OPD accountability charts: an OPD's monthly on-time share with its target and event annotations."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from binjai import fmt
from binjai.charts.base import BLUE, PERCENT_TICKS, VERMILLION, separators, style
from binjai.charts.events import add_events
from binjai.filters import month_end
from binjai.i18n import t


def on_time_trend(monthly: pd.DataFrame, target: float | None, lang: str) -> go.Figure:
    """Monthly share of complaints resolved on time (%), the target as a dashed line, events shaded."""
    fig = go.Figure(go.Scatter(
        x=pd.to_datetime(monthly["month"]), y=monthly["resolved_on_time_pct"], mode="lines+markers",
        line={"color": BLUE, "width": 3}, name=t("opd.on_time", lang),
        customdata=[fmt.month(m, lang) for m in monthly["month"]],
        hovertemplate="%{customdata}: %{y:.1f}%<extra></extra>"))
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", line_color=VERMILLION,
                      annotation_text=t("opd.target", lang, value=fmt.percent(target, 0, lang)))
    fig.update_yaxes(range=[0, 112], **PERCENT_TICKS)
    fig.update_layout(separators=separators(lang))
    style(fig, height=320, legend=False)
    if len(monthly):
        add_events(fig, lang, dates=(monthly["month"].min(), month_end(pd.Timestamp(monthly["month"].max()).date())))
    return fig
