"""The shared chart look: a colour-blind-safe palette that survives projection, large type, no web fonts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from binjai import fmt
from binjai.filters import month_end
from binjai.i18n import t
from binjai.palette import (  # noqa: F401  (re-exported: chart modules take their colours from here)
    BLACK,
    BLUE,
    FONT,
    GREEN,
    GREY,
    ORANGE,
    PALETTE,
    PURPLE,
    SKY,
    VERMILLION,
    YELLOW,
)

# Applying a named template per figure costs ~25 ms; as the process-wide default it costs nothing per figure.
# The template travels inside every figure's JSON: plotly_white is ~7 KB a chart, mostly defaults for trace
# types and layout parts (3D, polar, geo, colour scales) the dashboard never draws; "binjai" keeps its look for
# the bar and scatter charts used here in ~1.5 KB.
_WHITE = pio.templates["plotly_white"]
pio.templates["binjai"] = go.layout.Template(
    data={"bar": _WHITE.data.bar, "scatter": _WHITE.data.scatter},
    layout={name: _WHITE.layout[name] for name in (
        "autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor", "plot_bgcolor", "xaxis",
        "yaxis", "shapedefaults", "annotationdefaults", "title")},
)
pio.templates.default = "binjai"

def style(fig: go.Figure, *, height: int = 360, legend: bool = True, title: str | None = None) -> go.Figure:
    """Apply the dashboard look to a figure and return it."""
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 48 if title else 16, "b": 10},
        font={"family": FONT, "size": 15, "color": "#14171a"},
        colorway=PALETTE,
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        hoverlabel={"font_size": 14},
        separators=",.",
    )
    if title:
        fig.update_layout(title={"text": title, "x": 0, "font": {"size": 17}})
    return fig


def separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for a language (`,.` means 1.234,5)."""
    return ",." if lang == "id" else ".,"


def partial_index(buckets: Sequence[object], grain: str, until: dt.date | None) -> int | None:
    """Position of the last bucket when it runs past `until` (a month or week to date), else None."""
    if until is None or not len(buckets) or grain == "day":
        return None
    first = pd.Timestamp(buckets[-1]).date()
    last = first + dt.timedelta(days=6) if grain == "week" else month_end(first)
    return len(buckets) - 1 if last > until else None


def mark_partial(fig: go.Figure, index: int | None, until: dt.date | None, lang: str) -> go.Figure:
    """Draw the bucket at `index` (on a category x axis) as incomplete: its bars hatched, a dashed frame around it
    and the label "bulan berjalan, s.d. <date>", so that a month to date never reads as a complete month."""
    if index is None or until is None:
        return fig
    for trace in fig.data:
        if trace.type == "bar" and trace.x is not None and len(trace.x) > index:
            shapes = [""] * len(trace.x)
            shapes[index] = "/"
            trace.marker.pattern = {"shape": shapes, "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.35}
    fig.add_vrect(x0=index - 0.5, x1=index + 0.5, line={"dash": "dash", "color": GREY, "width": 2},
                  fillcolor=GREY, opacity=0.12, layer="below",
                  annotation_text=t("period.partial_month_until", lang, date=fmt.date(until, lang)),
                  annotation_position="top", annotation_font={"size": 12, "color": "#14171a"})
    return fig


def rupiah_axis(fig: go.Figure, values: Sequence[object], lang: str, axis: str = "y", ticks: int = 4) -> go.Figure:
    """Label a Rupiah axis `Rp 500 rb`, `Rp 500 jt`, `Rp 1 M` (rb/jt/M/T, never SI `G`): round steps from 0 up."""
    numbers = [float(v) for v in values if v is not None and not pd.isna(v)]
    top = max(numbers, default=0.0)
    if top <= 0:
        return fig
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    positions = [i * step for i in range(int(math.ceil(top / step)) + 1)]
    labels = [fmt.rupiah(v, lang, thousands=True) for v in positions]
    fig.update_layout({f"{axis}axis": {"tickmode": "array", "tickvals": positions, "ticktext": labels}})
    return fig
