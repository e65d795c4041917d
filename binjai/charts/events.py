"""Event annotations on every trend: the dates of `data_sources/reference/events.csv` (Idul Fitri holidays, Idul
Adha; floods or outages an administrator adds) shaded behind the data and labelled above it in the user's language.

One helper for both kinds of time axis: a category axis of buckets (months, weeks or days, given by their first
days) and a date axis. Labels sit in a band at the top of the plot that the y axis keeps free of data, stacked in
rows when they would touch, so they never cover a bar or a point.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from binjai import fmt, reference
from binjai.charts.base import GREY
from binjai.palette import INK

LABEL_SIZE = 14  # readable on a projector at 1280x720
ROW_HEIGHT = 0.085  # share of the plot's height per row of labels
MAX_ROWS = 3
PLOT_PX = 600  # the plot width a label's length is judged against (narrower than most trends: labels never touch)
MIN_BAND = 0.012  # a one-day event is still a visible band: at least this share of the axis
EVENT_NAME = "event"  # every shape and label this helper draws carries this name (tests look for it)


@dataclass(frozen=True)
class Mark:
    """One event on a time axis: its span (axis units), its label (escaped: never markup) and its hover text."""

    x0: float
    x1: float
    label: str
    hover: str


def _bucket_end(start: pd.Timestamp, grain: str) -> pd.Timestamp:
    if grain == "month":
        return start + pd.offsets.MonthBegin(1)
    return start + pd.Timedelta(days=7 if grain == "week" else 1)


def _category_span(buckets: Sequence[object], grain: str, start: dt.date, end: dt.date) -> tuple[float, float] | None:
    """The event's x0, x1 on a category axis whose i-th category is the bucket starting on buckets[i]."""
    starts = [pd.Timestamp(b) for b in buckets]
    bounds = [(s, _bucket_end(s, grain)) for s in starts]
    first, last = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)

    def position(day: pd.Timestamp) -> float | None:
        for i, (s, e) in enumerate(bounds):
            if s <= day <= e:
                return i - 0.5 + (day - s) / (e - s)
        return None

    first, last = max(first, bounds[0][0]), min(last, bounds[-1][1])
    if first >= last:
        return None
    x0, x1 = position(first), position(last)
    return None if x0 is None or x1 is None else (x0, x1)


def _texts(row: object, lang: str) -> tuple[str, str]:
    """An event's label in `lang`, escaped (plotly and SVG read tags in text), and its hover text with the dates."""
    label = html.escape(row.label_id if lang == "id" else row.label_en)
    return label, f"{label}: {fmt.date(row.start, lang)} – {fmt.date(row.end, lang)}"


def bucket_marks(buckets: Sequence[object], lang: str, grain: str = "month") -> list[Mark]:
    """The events of `events.csv` on a category axis whose i-th category is the bucket (month, week or day of
    `grain`) starting on buckets[i]: spans in category units (category i covers i-0.5..i+0.5), in date order."""
    if not len(buckets):
        return []
    lo = pd.Timestamp(buckets[0]).date()
    hi = (_bucket_end(pd.Timestamp(buckets[-1]), grain) - pd.Timedelta(days=1)).date()
    marks = []
    for row in reference.events_between(lo, hi).itertuples():
        span = _category_span(buckets, grain, row.start, row.end)
        if span is not None:
            marks.append(Mark(*span, *_texts(row, lang)))
    return marks


def widened(x0: float, x1: float, axis_width: float) -> tuple[float, float]:
    """A span widened about its middle to at least MIN_BAND of the axis, so that a one-day event stays visible."""
    widen = max(0.0, MIN_BAND * axis_width - (x1 - x0)) / 2
    return x0 - widen, x1 + widen


def _rows(spans: list[tuple[float, float]], labels: list[str], axis_width: float) -> list[int]:
    """A row for each label (greedy, left to right) so that labels in one row do not touch."""
    per_char = 0.62 * LABEL_SIZE / PLOT_PX * axis_width
    right_edges: list[float] = []
    rows = []
    for (x0, x1), label in zip(spans, labels, strict=True):
        half = (len(label) + 2) * per_char / 2
        centre = (x0 + x1) / 2
        row = next((r for r, edge in enumerate(right_edges) if edge < centre - half), None)
        if row is None and len(right_edges) < MAX_ROWS:
            row = len(right_edges)
            right_edges.append(0.0)
        elif row is None:  # every row is taken here: the row whose last label ends first
            row = min(range(MAX_ROWS), key=right_edges.__getitem__)
        right_edges[row] = centre + half
        rows.append(row)
    return rows


def _keep_band_free(fig: go.Figure, rows: int) -> None:
    """Raise the top of every y axis so that the data stay below the label band."""
    free = 1 - rows * ROW_HEIGHT - 0.03
    layout = fig.layout.to_plotly_json()
    for axis, ref in (("yaxis", "y"), ("yaxis2", "y2")):
        if axis != "yaxis" and axis not in layout:
            continue
        values = [v for trace in fig.data if (trace.yaxis or "y") == ref and trace.y is not None
                  for v in pd.to_numeric(pd.Series(list(trace.y)), errors="coerce").dropna()]
        if layout.get(axis, {}).get("range") is not None:
            low, high = layout[axis]["range"]
        elif values:
            low, high = min(0.0, min(values)), max(values)
        else:
            continue
        if high <= low:
            continue
        fig.update_layout({axis: {"range": [low, low + (high - low) / free], "autorange": False}})


def add_events(fig: go.Figure, lang: str, *, buckets: Sequence[object] | None = None, grain: str = "month",
               dates: tuple[object, object] | None = None) -> go.Figure:
    """Shade and label the events that fall on the figure's time axis: `buckets` (first days of the categories of a
    category axis, of `grain` month/week/day) or `dates` (first and last day shown on a date axis)."""
    if buckets is not None and len(buckets):
        axis_width = float(len(buckets))
        marks = bucket_marks(buckets, lang, grain)
    elif dates is not None:
        lo, hi = (pd.Timestamp(d).date() for d in dates)
        axis_width = float((hi - lo).days + 1)
        marks = [Mark(pd.Timestamp(max(row.start, lo)).value,
                      pd.Timestamp(min(row.end, hi) + dt.timedelta(days=1)).value, *_texts(row, lang))
                 for row in reference.events_between(lo, hi).itertuples()]
    else:
        return fig
    if not marks:
        return fig
    spans = [(mark.x0, mark.x1) for mark in marks]
    labels, hovers = [mark.label for mark in marks], [mark.hover for mark in marks]
    unit = 1.0 if buckets is not None else float(pd.Timedelta(days=1).value)  # a category, or a day in ns
    rows = _rows([(x0 / unit, x1 / unit) for x0, x1 in spans], labels, axis_width)
    bands, notes = [], []
    for (x0, x1), label, hover, row in zip(spans, labels, hovers, rows, strict=True):
        a, b = widened(x0, x1, axis_width * unit)
        if buckets is None:
            a, b = pd.Timestamp(math.floor(a)), pd.Timestamp(math.ceil(b))
        # What fig.add_vrect draws on a figure without subplots: the band spans the plot's height (y domain).
        bands.append({"type": "rect", "x0": a, "x1": b, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                      "fillcolor": GREY, "opacity": 0.3, "line": {"width": 0}, "layer": "below", "name": EVENT_NAME})
        middle = (x0 + x1) / 2 if buckets is not None else pd.Timestamp(int((x0 + x1) / 2))
        notes.append({"x": middle, "xref": "x", "y": 1 - row * ROW_HEIGHT, "yref": "paper", "yanchor": "top",
                      "text": label, "hovertext": hover, "showarrow": False, "name": EVENT_NAME,
                      "font": {"size": LABEL_SIZE, "color": INK}, "bgcolor": "rgba(255,255,255,0.85)"})
    # One layout update for all of them: adding shapes one at a time validates the growing list again each time.
    fig.update_layout(shapes=[*fig.layout.shapes, *bands], annotations=[*fig.layout.annotations, *notes])
    _keep_band_free(fig, max(rows) + 1)
    return fig
