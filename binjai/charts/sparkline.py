"""A tile's sparkline as a small SVG: the monthly trend as a filled line, with the events of `events.csv` in its
months shaded as on every other trend (`binjai.charts.events.bucket_marks`: one rule) and named on hover.

Streamlit's metric sparkline cannot draw marks, and a Vega-Lite chart per tile would make the overview fetch
Streamlit's chart element with its Arrow reader (ten more script files, about 216 KB). This SVG needs no script: the
tile shows it through `st.markdown` with HTML allowed (`st.html` strips SVG). It is our own markup; every text in it
(labels come from a data file) is escaped. Markdown reads none of it: the markup is one `<div>` on one line (line
breaks in labels are written as character references), which CommonMark takes as a raw HTML block; a bare `<svg>`
would be a paragraph whose texts Markdown reads (emphasis, links, `$math$`).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from binjai.charts.events import EVENT_NAME, bucket_marks, widened
from binjai.i18n import t
from binjai.palette import GREY

WIDTH, HEIGHT = 300, 64  # drawing units; the SVG stretches to the tile's width at this height in pixels
PAD = 3  # room for the line's stroke at the top and bottom
HIT = 16  # a narrow event keeps a hover target this wide (drawing units, about pixels)
# The colours of Streamlit's metric delta and sparkline (light theme), by the names `charts.overview.delta_style` uses.
LINES = {"blue": "#3b82f6", "orange": "#e0682b", "gray": "#6b7280"}


def _index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def _month(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def axis_months(months: Sequence[dt.date]) -> list[dt.date]:
    """Every calendar month from the first to the last of `months` (first days): the sparkline's x axis."""
    first, last = _index(months[0]), _index(months[-1])
    return [_month(i) for i in range(first, last + 1)]


def _segments(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """The points split where months are missing (a gap in the data is a gap in the line, never bridged)."""
    runs: list[list[tuple[int, float]]] = []
    for point in points:
        if runs and point[0] == runs[-1][-1][0] + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def sparkline_html(values: Sequence[float], months: Sequence[dt.date], colour: str, lang: str) -> str:
    """The SVG of a trend, in a `<div>` (see above): `values` at their `months` (first days, ascending, same length), drawn in the delta's
    `colour` name; events in those months shaded, each with its label and dates as hover title; '' for < 2 values."""
    if len(values) < 2 or len(values) != len(months):
        return ""
    axis = axis_months(months)
    step = WIDTH / len(axis)  # month i spans i*step .. (i+1)*step; its value sits in the middle
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def x(i: float) -> float:
        return (i + 0.5) * step

    def y(v: float) -> float:
        return HEIGHT / 2 if high == low else PAD + (high - v) / span * (HEIGHT - 2 * PAD)

    first = _index(axis[0])
    points = [(_index(month) - first, float(v)) for month, v in zip(months, values, strict=True)]
    line = LINES.get(colour, LINES["gray"])
    marks = bucket_marks(axis, lang)
    bands, hits, drawn = [], [], []
    for mark in marks:
        a, b = widened(mark.x0, mark.x1, len(axis))
        left, right = x(a), x(b)
        middle, half = (left + right) / 2, max(right - left, HIT) / 2
        bands.append(f'<rect x="{_fmt(left)}" y="0" width="{_fmt(right - left)}" height="{HEIGHT}" fill="{GREY}" '
                     'fill-opacity="0.35"/>')
        hits.append(f'<rect class="{EVENT_NAME}" x="{_fmt(middle - half)}" y="0" width="{_fmt(2 * half)}" '
                    f'height="{HEIGHT}" fill="transparent"><title>{mark.hover}</title></rect>')
    for run in _segments(points):
        coords = " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in run)
        if len(run) == 1:
            drawn.append(f'<circle cx="{_fmt(x(run[0][0]))}" cy="{_fmt(y(run[0][1]))}" r="2.5" fill="{line}"/>')
            continue
        base = f"{_fmt(x(run[-1][0]))},{HEIGHT} {_fmt(x(run[0][0]))},{HEIGHT}"
        drawn.append(f'<polygon points="{coords} {base}" fill="{line}" fill-opacity="0.1" stroke="none"/>')
        drawn.append(f'<polyline points="{coords}" fill="none" stroke="{line}" stroke-width="2" '
                     'vector-effect="non-scaling-stroke" stroke-linejoin="round"/>')
    # Bands below the line, hover targets above it (a title shows for the element under the pointer).
    label = t("overview.sparkline", lang, months=len(axis))
    if marks:
        named = html.unescape(" · ".join(mark.hover for mark in marks))
        label = f"{label} {t('overview.trend_events', lang, events=named)}"
    svg = (f'<div class="bj-sparkline-box"><svg class="bj-sparkline" role="img" aria-label="{html.escape(label, quote=True)}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" width="100%" height="{HEIGHT}">'
           f'{"".join(bands + drawn + hits)}</svg></div>')
    return svg.replace("\r", "&#13;").replace("\n", "&#10;")
