"""Figures and display text for the applications, the scorecard and the slides: metric values, trends, scores,
monthly bars and the kelurahan map drawn with plotly (no tiles, so it renders offline and as an image)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from binjai import fmt, geo, reference
from binjai.charts.base import BLUE, GREY, ORANGE, SKY, rupiah_axis, separators, style
from binjai.charts.events import add_events
from binjai.charts.overview import NEUTRAL
from binjai.charts.quick_wins import status_label
from binjai.i18n import t
from binjai.maps import class_breaks, class_of, ramp
from binjai.metrics.catalogue import app_unit, format_unit
from binjai.queries.apps import trend_points

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
ON_TARGET_ICON, BELOW_TARGET_ICON, NO_TARGET_ICON = "✓", "✕", "–"
MAP_LABELS = 8


def format_metric(value: object, unit: object, lang: str) -> str:
    """A metric value in its unit: Rupiah for IDR, `91,3%` for percentages, otherwise a plain number."""
    return fmt.DASH if fmt.is_missing(value) else format_unit(value, app_unit(unit), lang)


def sparkline(values: object) -> str:
    """Up to 12 values as block characters (`▂▃▅▇`), lowest to highest; empty when there is nothing to draw."""
    numbers = [float(v) for v in (values if values is not None else []) if not fmt.is_missing(v)]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = high - low
    return "".join(SPARK_BLOCKS[0 if span == 0 else round((v - low) / span * (len(SPARK_BLOCKS) - 1))]
                   for v in numbers)


def target_status(on_target: object, lang: str) -> str:
    """`✓ Mencapai target`, `✕ Di bawah target` or `– Tanpa target`: an icon with words, never colour alone."""
    if fmt.is_missing(on_target):
        return f"{NO_TARGET_ICON} {t('aplikasi.no_target', lang)}"
    return f"{ON_TARGET_ICON} {t('aplikasi.on_target', lang)}" if bool(on_target) \
        else f"{BELOW_TARGET_ICON} {t('aplikasi.below_target', lang)}"


def metric_name(row: pd.Series | object, lang: str) -> str:
    """The metric's name in the user's language."""
    return str(getattr(row, "name_en" if lang == "en" else "name_id"))


def metrics_table(frame: pd.DataFrame, lang: str, *, with_app: bool = True) -> pd.DataFrame:
    """Metrics as display text: app, metric, month, value, target, % of target, 12-month trend and target status."""
    rows = []
    for row in frame.itertuples():
        rows.append({
            "app": row.app, "metric": metric_name(row, lang), "period": fmt.month(row.period, lang),
            "value": format_metric(row.value, row.unit, lang), "target": format_metric(row.target, row.unit, lang),
            "target_pct": fmt.percent(row.target_pct, 1, lang), "trend": sparkline(row.trend),
            "status": target_status(row.on_target, lang),
        })
    out = pd.DataFrame(rows, columns=["app", "metric", "period", "value", "target", "target_pct", "trend", "status"])
    return out if with_app else out.drop(columns="app")


def metric_trend(series: pd.DataFrame, title: str, unit: object, lang: str, *, height: int = 260) -> go.Figure:
    """One metric's monthly values (line with markers) and its target (dashed), values labelled on hover."""
    labels = [fmt.month(p, lang) for p in series["period"]]
    fig = go.Figure()
    fig.add_scatter(x=labels, y=series["value"], name=t("aplikasi.chart.value", lang), mode="lines+markers",
                    line={"color": BLUE, "width": 3}, marker={"size": 7},
                    customdata=[format_metric(v, unit, lang) for v in series["value"]],
                    hovertemplate="%{x}: %{customdata}<extra></extra>")
    if series["target"].notna().any():
        fig.add_scatter(x=labels, y=series["target"], name=t("aplikasi.chart.target", lang), mode="lines",
                        line={"color": ORANGE, "width": 2, "dash": "dash"},
                        customdata=[format_metric(v, unit, lang) for v in series["target"]],
                        hovertemplate="%{x}: %{customdata}<extra></extra>")
    fig.update_xaxes(type="category", tickangle=-45 if len(labels) > 8 else 0)
    fig.update_yaxes(rangemode="tozero")
    if unit == "IDR":
        rupiah_axis(fig, [*series["value"], *series["target"]], lang)
    style(fig, height=height, title=title)
    fig.update_layout(separators=separators(lang), margin={"l": 10, "r": 10, "t": 72, "b": 10},
                      title={"font": {"size": 15}, "y": 0.96, "yanchor": "top"},
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"})
    return add_events(fig, lang, buckets=list(series["period"]))


def score_bars(summary: pd.DataFrame, lang: str, *, height: int = 380) -> go.Figure:
    """Completeness score per dimension (0-100) as horizontal bars with the score printed beside each bar."""
    labels = [t(f"quick_win.dim.{d}", lang) for d in summary["dimension"]]
    scores = summary["score"].astype(float)
    text = [fmt.number(v, 1, lang) if not fmt.is_missing(v) else t("dimensi.no_score", lang) for v in scores]
    fig = go.Figure(go.Bar(y=labels, x=scores.fillna(0), orientation="h", marker_color=BLUE, text=text,
                           textposition="outside", cliponaxis=False, textfont={"size": 18},
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 17})
    fig.update_xaxes(range=[0, 122], tickvals=[0, 25, 50, 75, 100], title_text=t("dimensi.score_axis", lang))
    style(fig, height=height, legend=False)
    fig.update_layout(separators=separators(lang), margin={"l": 10, "r": 30, "t": 16, "b": 10})
    return fig


def monthly_bars(frame: pd.DataFrame, columns: tuple[str, str], names: tuple[str, str], lang: str, *,
                 height: int = 360) -> go.Figure:
    """Two monthly counts side by side (e.g. received and resolved), months on the x axis."""
    labels = [fmt.month(m, lang) for m in frame["month"]]
    fig = go.Figure()
    for column, name, colour in zip(columns, names, (BLUE, SKY), strict=True):
        fig.add_bar(x=labels, y=frame[column], name=name, marker_color=colour,
                    customdata=[fmt.number(v, 0, lang) for v in frame[column]],
                    hovertemplate="%{x}: %{customdata}<extra></extra>")
    fig.update_xaxes(type="category", tickangle=-45 if len(labels) > 8 else 0)
    fig.update_yaxes(rangemode="tozero")
    style(fig, height=height)
    fig.update_layout(separators=separators(lang), bargap=0.2)
    return add_events(fig, lang, buckets=list(frame["month"]))


def kelurahan_map(values: pd.DataFrame, legend_title: str, lang: str, *, height: int = 460) -> go.Figure:
    """Kelurahan areas shaded by `value` in quantile classes (light to dark blue), names on top; no base map.

    `values` has columns kelurahan and value; kelurahan without a value stay grey.
    """
    areas, approximate = geo.kelurahan_areas()
    lookup = dict(zip(values["kelurahan"], values["value"].astype(float), strict=True))
    positive = values.loc[values["value"] > 0, "value"]
    breaks = class_breaks(positive, 5) if len(positive) else []
    shades = ramp(BLUE, max(len(breaks), 1))
    fig = go.Figure()
    for area in areas:
        value = lookup.get(area["kelurahan"], np.nan)
        colour = shades[int(class_of([value], breaks)[0])] if breaks and value > 0 else "#f1f3f5"
        for part in geo.polygon_parts(area):
            ring = np.asarray(part[0], dtype=float)
            fig.add_scatter(x=ring[:, 0], y=ring[:, 1], mode="lines", fill="toself", fillcolor=colour,
                            line={"color": GREY, "width": 1}, hoverinfo="skip", showlegend=False)
    _map_labels(fig, values, lang)
    _map_legend(fig, breaks, shades, legend_title, lang)
    if approximate:
        fig.add_annotation(text=t("aplikasi.map_approximate", lang), x=0, y=0, xref="paper", yref="paper",
                           xanchor="left", yanchor="bottom", showarrow=False, font={"size": 11, "color": GREY})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(3.6)))
    style(fig, height=height, legend=True)
    fig.update_layout(separators=separators(lang), margin={"l": 0, "r": 0, "t": 8, "b": 0},
                      legend={"orientation": "v", "x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "top",
                              "bgcolor": "rgba(255,255,255,0.85)", "title": {"text": legend_title}})
    return fig


def _map_labels(fig: go.Figure, values: pd.DataFrame, lang: str) -> None:
    """Names and values of the kelurahan with the highest values, at their reference points (labelling all 37
    would overlap in the small central ones)."""
    points = reference.kelurahan().merge(values, on="kelurahan", how="left")
    points = points.sort_values(["value", "kelurahan"], ascending=[False, True]).head(MAP_LABELS)
    text = [f"{name}<br>{fmt.number(v, 0, lang)}" if not fmt.is_missing(v) else name
            for name, v in zip(points["kelurahan"], points["value"], strict=True)]
    fig.add_scatter(x=points["lon"], y=points["lat"], mode="text", text=text, showlegend=False,
                    textfont={"size": 12, "color": "#14171a", "shadow": "0px 0px 3px #ffffff"},
                    hovertemplate="%{text}<extra></extra>")


def _map_legend(fig: go.Figure, breaks: list[float], shades: list[str], title: str, lang: str) -> None:
    """One legend entry per class (`≤ 12`, `13 – 40`, ...) as invisible markers in the class colour."""
    for i, upper in enumerate(breaks):
        lower = breaks[i - 1] + 1 if i else None
        if lower is None:
            label = f"≤ {fmt.number(upper, 0, lang)}"
        elif lower >= upper:
            label = fmt.number(upper, 0, lang)
        else:
            label = f"{fmt.number(lower, 0, lang)} – {fmt.number(upper, 0, lang)}"
        fig.add_scatter(x=[None], y=[None], mode="markers", name=label, showlegend=True,
                        marker={"size": 14, "symbol": "square", "color": shades[i]})


def count_of(part: object, whole: object, lang: str) -> str:
    """`5 dari 7`; a dash when there is nothing to count."""
    if not whole:
        return fmt.DASH
    return t("presentasi.of", lang, part=fmt.number(part, 0, lang), whole=fmt.number(whole, 0, lang))


def summary_frame(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scorecard per dimension as display text: dimension, score, both shares with counts, applications."""
    return pd.DataFrame({
        "dimension": [t(f"quick_win.dim.{d}", lang) for d in summary["dimension"]],
        "score": [fmt.number(v, 1, lang) for v in summary["score"]],
        "programmes": [count_of(a, b, lang) for a, b in zip(summary["on_schedule"], summary["programmes"], strict=True)],
        "metrics": [count_of(a, b, lang) for a, b in zip(summary["on_target"], summary["metrics_counted"], strict=True)],
        "apps": [", ".join(a) or fmt.DASH for a in summary["apps"]],
    })


def programme_frame(programmes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Programmes for a table: name, OPD, status with icon, progress and plan (0-100), target date, days late."""
    return pd.DataFrame({
        "program_name": programmes["program_name"].astype(str), "opd": programmes["opd"].astype(str),
        "status": [status_label(s, lang) for s in programmes["status"]],
        "progress_pct": programmes["progress_pct"].astype(float), "planned_pct": programmes["planned_pct"].astype(float),
        "target_date": [fmt.date(d, lang) for d in programmes["target_date"]],
        "days_overdue": [fmt.number(d, 0, lang) if d else fmt.DASH for d in programmes["days_overdue"]],
    })


def map_frame(mapping: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The administrator's dimension map as display text."""
    return pd.DataFrame({
        "dimension": [t(f"quick_win.dim.{d}", lang) for d in mapping["dimension"]],
        "kind": [t(f"dimensi.kind.{k}", lang) for k in mapping["kind"]], "item": mapping["item"].astype(str),
        "weight": [fmt.number(w, 1, lang) for w in mapping["weight"]],
    })


def trend_figures(metrics: pd.DataFrame, series: pd.DataFrame, lang: str, *, height: int = 260
                  ) -> list[tuple[str, go.Figure]]:
    """One 12-month chart per metric row ("app/metric", figure), titled with the app and the metric's name."""
    out = []
    for row in metrics.itertuples():
        part = series[(series["app"] == row.app) & (series["metric"] == row.metric)]
        title = f"<b>{row.app}</b><br>{metric_name(row, lang)}"
        out.append((f"{row.app}/{row.metric}", metric_trend(part, title, row.unit, lang, height=height)))
    return out


def for_app(frame: pd.DataFrame, app: str) -> pd.DataFrame:
    """The rows of one application."""
    return frame[frame["app"] == app].reset_index(drop=True)


def format_change(change: object, unit: object, lang: str) -> str | None:
    """A month-on-month change in the metric's unit (`+3,2 poin` for percentages); None without a comparison."""
    if fmt.is_missing(change):
        return None
    if unit == "%":
        return fmt.signed(change, 1, lang, t("aplikasi.points", lang))
    if unit == "IDR":
        sign = "+" if float(change) > 0 else "−" if float(change) < 0 else "±"
        return f"{sign}{fmt.rupiah(abs(float(change)), lang)}"
    return fmt.signed(change, 0 if float(change) == round(float(change)) else 1, lang)


def metric_tiles(metrics: pd.DataFrame, lang: str) -> list[dict]:
    """`components.tile` arguments per metric: label, value, change against the month before with the metric's
    good direction, caption (month, target, target status) and the 12-month trend for the sparkline."""
    tiles = []
    for row in metrics.itertuples():
        caption = " · ".join(x for x in (
            t("aplikasi.month", lang, month=fmt.month(row.period, lang)),
            t("aplikasi.target_is", lang, target=format_metric(row.target, row.unit, lang)) if not fmt.is_missing(row.target) else "",
            target_status(row.on_target, lang)) if x)
        trend, months = trend_points(row.trend, row.trend_months)
        tiles.append({"label": metric_name(row, lang), "value": format_metric(row.value, row.unit, lang),
                      "change": None if fmt.is_missing(row.change) else float(row.change),
                      "change_text": format_change(row.change, row.unit, lang), "good": row.direction or NEUTRAL,
                      "caption": caption, "lang": lang,
                      "trend": trend, "months": months})
    return tiles


def app_slug(app: str) -> str:
    """`e-Mas` -> `e_mas`, for translation keys and widget keys."""
    return app.lower().replace("-", "_")


def apps_frame(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per application: name and what it does, metrics, metrics with data, metrics meeting their target."""
    return pd.DataFrame({
        "app": [t(f"aplikasi.about.{app_slug(a)}", lang) for a in summary["app"]],
        "metrics": [fmt.number(v, 0, lang) for v in summary["metrics"]],
        "with_data": [fmt.number(v, 0, lang) for v in summary["with_data"]],
        "on_target": [count_of(a, b, lang) for a, b in zip(summary["on_target"], summary["with_target"], strict=True)],
    })


def months_text(metrics: pd.DataFrame, lang: str) -> str:
    """The distinct latest months of the metrics, in order (`Mei 2024, Jun 2024`)."""
    months = sorted(pd.to_datetime(metrics["period"].dropna()).unique())
    return ", ".join(fmt.month(m, lang) for m in months)
