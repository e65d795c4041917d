"""Figures, display tables and the map of the e-Mas complaints page (builders only: they return, never draw)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from binjai import fmt, maps, reference
from binjai.charts.base import BLUE, GREY, ORANGE, SKY, VERMILLION, mark_partial, partial_index, separators, style
from binjai.charts.events import add_events
from binjai.i18n import t
from binjai.queries.e_mas import AGE_BUCKETS, CHANNELS, STATUSES

AGE_COLOURS = dict(zip(AGE_BUCKETS, (SKY, BLUE, ORANGE, VERMILLION), strict=True))
STATUS_ICONS = {"baru": "✉", "diverifikasi": "☑", "diproses": "⚙", "selesai": "✓", "ditolak": "✕"}
_BAR_HEIGHT = 30
HEX_RADIUS_M = 300


def category_label(value: object, lang: str) -> str:
    """The category's name in the user's language (the stored Indonesian name when no English one is known)."""
    if lang == "en":
        return reference.category_english().get(str(value), str(value))
    return str(value)


def channel_label(value: object, lang: str) -> str:
    """The channel's name in the user's language."""
    return t(f"e_mas.channel.{value}", lang) if value in CHANNELS else str(value)


def status_label(value: object, lang: str) -> str:
    """`⚙ Diproses`: status name with an icon, so that it never relies on colour."""
    return f"{STATUS_ICONS[value]} {t(f'e_mas.status.{value}', lang)}" if value in STATUSES else str(value)


def age_label(bucket: object, lang: str) -> str:
    """`8–14 hari kerja` for an age bucket."""
    return t(f"e_mas.age.{str(bucket).replace('-', '_').replace('+', 'plus')}", lang)


def opd_label(value: object, lang: str) -> str:
    """OPD short names are proper names in both languages."""
    return str(value)


LABELLERS: dict[str, Callable[[object, str], str]] = {
    "category": category_label, "channel": channel_label, "status": status_label, "opd": opd_label,
    "kecamatan": opd_label, "kelurahan": opd_label,
}


def _top(values: pd.Series) -> float:
    """The largest value, or 1 when there is none (so that an empty chart still has an axis)."""
    top = values.max() if len(values) else None
    return float(top) if top is not None and pd.notna(top) and top > 0 else 1.0


def _room_for(labels: list[str]) -> float:
    """How far past the longest bar the axis must reach so that the printed values beside the bars fit."""
    return 1.12 + 0.03 * max((len(label) for label in labels), default=0)


def _numbers(values: pd.Series, lang: str, decimals: int = 0) -> list[str]:
    return [fmt.number(v, decimals, lang) for v in values]


def _bucket_label(value: object, grain: str, lang: str) -> str:
    return fmt.month(value, lang) if grain == "month" else fmt.date(value, lang)


def trend(frame: pd.DataFrame, lang: str, until: dt.date | None = None) -> go.Figure:
    """Complaints per bucket this period (bars) against the same dates a year earlier (dashed line); a last bucket
    running past `until` (the period's end) is marked as incomplete."""
    grain = str(frame["grain"].iloc[0]) if len(frame) else "month"
    labels = [_bucket_label(v, grain, lang) for v in frame["bucket"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=frame["received"], name=t("e_mas.chart.this_period", lang), marker_color=BLUE,
                customdata=_numbers(frame["received"], lang), hovertemplate="%{x}: %{customdata}<extra></extra>")
    fig.add_scatter(x=labels, y=frame["received_last_year"], name=t("e_mas.chart.last_year", lang), mode="lines+markers",
                    line={"color": ORANGE, "dash": "dash", "width": 3}, marker={"symbol": "diamond", "size": 8},
                    customdata=_numbers(frame["received_last_year"], lang),
                    hovertemplate="%{x}: %{customdata}<extra></extra>")
    fig.update_xaxes(type="category", tickangle=0 if grain == "month" and len(frame) <= 12 else -45)
    fig.update_yaxes(title=t(f"e_mas.chart.per_{grain}", lang), rangemode="tozero", tickformat=",d")
    style(fig, height=380)
    fig.update_layout(separators=separators(lang), bargap=0.25)
    add_events(fig, lang, buckets=list(frame["bucket"]), grain=grain)
    return mark_partial(fig, partial_index(list(frame["bucket"]), grain, until), until, lang)


def hbar(frame: pd.DataFrame, dimension: str, value: str, lang: str, *, decimals: int = 0, colour: str = BLUE,
         top: int | None = None) -> go.Figure:
    """Horizontal bars of `value` per key (largest on top), value printed beside each bar."""
    rows = frame.sort_values(value, ascending=False).head(top) if top else frame.sort_values(value, ascending=False)
    labels = [LABELLERS[dimension](v, lang) for v in rows["key"]]
    text = _numbers(rows[value], lang, decimals)
    fig = go.Figure(go.Bar(y=labels, x=rows[value], orientation="h", marker_color=colour, text=text,
                           textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(visible=False, range=[0, _top(rows[value]) * _room_for(text)])
    style(fig, height=max(220, 60 + _BAR_HEIGHT * len(rows)), legend=False)
    fig.update_layout(separators=separators(lang))
    return fig


def kecamatan_bars(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Complaints per 10,000 residents per kecamatan (the counts and populations are in the table beside it)."""
    return hbar(frame.rename(columns={"kecamatan": "key"}), "kecamatan", "per_10k", lang, decimals=1)


def on_time_bars(frame: pd.DataFrame, dimension: str, lang: str) -> go.Figure:
    """Share responded on time and share resolved on time per key, as percentages printed beside the bars."""
    rows = frame.sort_values(["resolved_on_time_pct", "key"], ascending=[True, True], na_position="first")
    labels = [LABELLERS[dimension](v, lang) for v in rows["key"]]
    fig = go.Figure()
    for column, colour, name in (("response_on_time_pct", SKY, "e_mas.chart.response_on_time"),
                                 ("resolved_on_time_pct", BLUE, "e_mas.chart.resolved_on_time")):
        fig.add_bar(y=labels, x=rows[column], orientation="h", name=t(name, lang), marker_color=colour,
                    text=[fmt.percent(v, 1, lang) for v in rows[column]], textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}: %{text}<extra></extra>")
    fig.update_xaxes(range=[0, 118], ticksuffix="%", dtick=25)
    fig.update_yaxes(automargin=True, autorange="reversed")
    style(fig, height=max(260, 80 + 2 * 22 * len(rows)))
    fig.update_layout(separators=separators(lang), barmode="group", bargap=0.2, legend={"traceorder": "normal"})
    return fig


def backlog_bars(frame: pd.DataFrame, dimension: str, lang: str) -> go.Figure:
    """Open complaints per key, stacked by age in working days (legend text names each age band)."""
    totals = frame.groupby("key", observed=True)["complaints"].sum().sort_values()
    fig = go.Figure()
    for bucket in AGE_BUCKETS:
        part = frame[frame["age_bucket"] == bucket].set_index("key")["complaints"].reindex(totals.index).fillna(0)
        fig.add_bar(y=[LABELLERS[dimension](v, lang) for v in totals.index], x=part, orientation="h",
                    name=age_label(bucket, lang), marker_color=AGE_COLOURS[bucket],
                    customdata=_numbers(part, lang), hovertemplate="%{y} · " + age_label(bucket, lang)
                    + ": %{customdata}<extra></extra>")
    fig.add_scatter(y=[LABELLERS[dimension](v, lang) for v in totals.index], x=totals, mode="text",
                    text=[f"  {fmt.number(v, 0, lang)}" for v in totals], textposition="middle right",
                    showlegend=False, hoverinfo="skip", cliponaxis=False)
    fig.update_xaxes(range=[0, _top(totals) * 1.3], title=t("e_mas.chart.open", lang), tickformat=",d")
    fig.update_yaxes(automargin=True)
    style(fig, height=max(240, 90 + _BAR_HEIGHT * len(totals)))
    fig.update_layout(separators=separators(lang), barmode="stack", bargap=0.3, legend={"traceorder": "normal"})
    return fig


def rating_bars(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Ratings 5 down to 1: complaints per rating with its share of all ratings printed beside the bar."""
    rows = frame.sort_values("rating", ascending=False)
    labels = [f"{int(r)} {'★' * int(r)}" for r in rows["rating"]]
    text = [f"{fmt.number(n, 0, lang)} ({fmt.percent(p, 1, lang)})" for n, p in zip(rows["complaints"],
                                                                                   rows["share_pct"], strict=True)]
    colours = [BLUE if r >= 4 else SKY if r == 3 else GREY for r in rows["rating"]]
    fig = go.Figure(go.Bar(y=labels, x=rows["complaints"], orientation="h", marker_color=colours, text=text,
                           textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(visible=False, range=[0, _top(rows["complaints"]) * 1.8])
    fig.update_yaxes(type="category", autorange="reversed", automargin=True, tickfont={"size": 16})
    style(fig, height=260, legend=False)
    fig.update_layout(separators=separators(lang), bargap=0.25)
    return fig


def _text(values: pd.Series, lang: str, decimals: int = 0, percent: bool = False) -> pd.Series:
    render = fmt.percent if percent else fmt.number
    return pd.Series([render(v, decimals, lang) for v in values], index=values.index, dtype=object)


def service_table(frame: pd.DataFrame, dimension: str, lang: str) -> pd.DataFrame:
    """Service levels per key as display text (numbers in the user's format)."""
    return pd.DataFrame({
        "key": [LABELLERS[dimension](v, lang) for v in frame["key"]],
        "received": _text(frame["received"], lang), "resolved": _text(frame["resolved"], lang),
        "response_on_time_pct": _text(frame["response_on_time_pct"], lang, 1, True),
        "median_response_days": _text(frame["median_response_days"], lang, 1),
        "resolved_on_time_pct": _text(frame["resolved_on_time_pct"], lang, 1, True),
        "median_resolution_days": _text(frame["median_resolution_days"], lang, 1),
    })


def place_table(frame: pd.DataFrame, lang: str, rate: str) -> pd.DataFrame:
    """Kecamatan (rate per_10k, with population) or kelurahan (rate per_km2, with area) rows as display text."""
    if rate == "per_10k":
        return pd.DataFrame({"place": frame["kecamatan"], "received": _text(frame["received"], lang),
                             "base": _text(frame["population"], lang), "rate": _text(frame["per_10k"], lang, 1)})
    return pd.DataFrame({"place": frame["kelurahan"], "kecamatan": frame["kecamatan"],
                         "received": _text(frame["received"], lang), "base": _text(frame["area_km2"], lang, 2),
                         "rate": _text(frame["per_km2"], lang, 1)})


OVERDUE_COLUMNS = ("complaint_id", "category", "kelurahan", "opd", "status", "age_working_days", "deadline")
OVERDUE_TEXT_COLUMNS = ("complaint_id", "category", "kelurahan", "opd", "status")


def overdue_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Overdue complaints for the screen, labels translated and numbers formatted (arrival and text: in the detail)."""
    return pd.DataFrame({
        "complaint_id": frame["complaint_id"],
        "category": [category_label(v, lang) for v in frame["category"]],
        "kelurahan": frame["kelurahan"], "opd": frame["opd"],
        "status": [status_label(v, lang) for v in frame["status"]],
        "age_working_days": _text(frame["age_working_days"], lang),
        "deadline": [fmt.date(v, lang) for v in frame["deadline"]],
    })


def satisfaction_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Satisfaction per OPD as display text."""
    return pd.DataFrame({"key": frame["key"], "resolved": _text(frame["resolved"], lang),
                         "rated": _text(frame["rated"], lang), "rated_pct": _text(frame["rated_pct"], lang, 1, True),
                         "avg_rating": _text(frame["avg_rating"], lang, 2)})


def rules_table(rules: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Deadline rules per category as display text."""
    return pd.DataFrame({"category": [category_label(v, lang) for v in rules["category"]],
                         "response_days": _text(rules["response_days"], lang),
                         "resolution_days": _text(rules["resolution_days"], lang),
                         "total_days": _text(rules["total_days"], lang)})


def complaints_map(places: pd.DataFrame, points: pd.DataFrame, layer: str, lang: str, view: dict | None = None
                   ) -> pdk.Deck:
    """Kelurahan choropleth of complaints (layer "area") or hexagon density of located complaints ("hexagon").

    `points` are already aggregated to a grid [lat, lon, complaints]; the hexagons are summed on the server, so
    the browser receives one object per hexagon, never one per complaint.
    """
    if layer == "hexagon":
        weighted = points.rename(columns={"complaints": "weight"})[["lon", "lat", "weight"]]
        density = maps.hexagon_layer(weighted, layer_id="emas_hexagons", radius_m=HEX_RADIUS_M, colour=VERMILLION,
                                     describe=lambda w, _c: t("e_mas.map.hex_tip", lang, n=fmt.number(w, 0, lang)))
        return maps.base_deck([density], view=view, height=540)
    values = pd.DataFrame({
        "kelurahan": places["kelurahan"], "value": places["received"],
        "label": [t("e_mas.map.area_tip", lang, kelurahan=k, n=fmt.number(n, 0, lang),
                    rate=fmt.number(r, 1, lang)) for k, n, r in
                  zip(places["kelurahan"], places["received"], places["per_km2"], strict=True)],
    })
    return maps.base_deck([maps.area_layer(values, layer_id="emas_choropleth", colour=BLUE, base=True)], view=view,
                          height=540, outline=False)


def map_legend(places: pd.DataFrame, points: pd.DataFrame, layer: str, lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class of the map's colour scale."""
    if layer == "hexagon":
        bins = maps.hex_bins(points.rename(columns={"complaints": "weight"}), HEX_RADIUS_M)
        return maps.legend_entries(maps.class_breaks(bins["weight"]), VERMILLION, lambda v: fmt.number(v, 0, lang),
                                   maps.HEX_ALPHA)
    return maps.legend_entries(maps.class_breaks(places["received"]), BLUE, lambda v: fmt.number(v, 0, lang),
                               maps.AREA_ALPHA)


def overdue_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Overdue complaints for download: headers in the user's language, values as numbers and dates."""
    columns = ("complaint_id", "received_at", "category", "kelurahan", "kecamatan", "opd", "status",
               "age_working_days", "deadline", "overdue_working_days", "description")
    out = frame[list(columns)].copy()
    out["category"] = [category_label(v, lang) for v in out["category"]]
    out["status"] = [t(f"e_mas.status.{v}", lang) for v in out["status"]]
    return out.rename(columns={c: t(f"e_mas.col.{c}", lang) for c in columns})
