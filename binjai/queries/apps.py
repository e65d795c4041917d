"""Figures of the city's applications: `app_metrics` (described by the metric catalogue) and the monthly
figures of e-Mas and e-Saberling taken from their own sources.

`app_metrics` holds city-wide monthly figures, so the kecamatan part of the filters does not apply to them; the
period part chooses the months. "Latest month" is the newest month with data inside the filter period; the
"previous value" is the same metric in the calendar month just before it (missing when that month has no row);
the trend is up to 12 monthly values ending at the latest month, oldest first.

For e-Mas and e-Saberling (`source_metrics`) the latest month is the last complete calendar month of the period
(the period's own month when the period is shorter), the kecamatan filter applies, and there is no target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from binjai import reference
from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.metrics import catalogue as metric_catalogue
from binjai.queries import e_mas, e_saberling

# Every application the dashboard presents, in menu order; the app_metrics contract uses the same spellings.
APPS: tuple[str, ...] = ("e-Mas", "e-Saberling", "e-Musrenbang", "e-SSH", "e-Kinerja", "e-Warung", "e-PBB", "Catin")
TREND_MONTHS = 12
_CATALOGUE_COLUMNS = ["app", "metric", "name_id", "name_en", "unit", "direction", "dimension", "key_metric"]
METRIC_COLUMNS = [*_CATALOGUE_COLUMNS, "period", "value", "target", "previous_value", "change", "target_pct",
                  "on_target", "trend", "trend_months"]


@dataclass(frozen=True)
class SourceMetric:
    """A monthly figure computed from the e-Mas or e-Saberling source: which column of its monthly counts."""

    app: str
    metric: str
    unit: str
    direction: str
    key_metric: bool
    numerator: str
    denominator: str | None = None


# Names come from the metric catalogue (data_sources/reference/metrics.csv, same ids); direction "" means neither up nor down is better.
SOURCE_METRICS: tuple[SourceMetric, ...] = (
    SourceMetric("e-Mas", "emas_aduan_masuk", "aduan", "", False, "received"),
    SourceMetric("e-Mas", "emas_aduan_selesai_pct", "%", "up", True, "resolved", "received"),
    SourceMetric("e-Saberling", "sab_laporan_masuk", "laporan", "", False, "received"),
    SourceMetric("e-Saberling", "sab_titik_dibersihkan", "titik", "up", True, "cleaned"),
)


def catalogue() -> pd.DataFrame:
    """The metric catalogue with its row order kept in `position`."""
    frame = reference.metric_catalogue()[_CATALOGUE_COLUMNS].copy()
    frame["position"] = np.arange(len(frame))
    return frame


def _period_bounds(filters: Filters) -> list[dt.date]:
    """First day of the start month and the end date: months whose first day lies in that range count."""
    return [filters.start.replace(day=1), filters.end]


def latest_metrics(wh: Warehouse, filters: Filters, key_only: bool = False) -> pd.DataFrame:
    """One row per catalogue metric (or key metric), read once per database version: see `_latest_metrics`."""
    return wh.shared(("aplikasi.latest_metrics", filters, key_only), lambda: _latest_metrics(wh, filters, key_only))


def _latest_metrics(wh: Warehouse, filters: Filters, key_only: bool) -> pd.DataFrame:
    """One row per catalogue metric (or key metric): its latest month in the period, value, target and change.

    Columns: app, metric, name_id, name_en, unit, direction, dimension, key_metric, period, value, target,
    previous_value, change, target_pct (value as % of target), on_target (direction-aware; missing without a
    target), trend (list of up to 12 monthly values ending at `period`) and trend_months (the first day of each
    trend value's month). Metrics without data in the period keep their row with missing figures, so that every
    application stays visible.
    """
    cat = catalogue()
    if key_only:
        cat = cat[cat["key_metric"]]
    frame = wh.query(
        """
        WITH latest AS (
            SELECT app, metric, max(period) AS period FROM app_metrics
            WHERE period >= ? AND period <= ? GROUP BY app, metric
        )
        SELECT c.app, c.metric, c.name_id, c.name_en, coalesce(cur.unit, c.unit) AS unit, c.direction,
               c.dimension, c.key_metric, l.period, cur.value, cur.target, prev.value AS previous_value
        FROM catalogue AS c
        LEFT JOIN latest AS l ON l.app = c.app AND l.metric = c.metric
        LEFT JOIN app_metrics AS cur ON cur.app = c.app AND cur.metric = c.metric AND cur.period = l.period
        LEFT JOIN app_metrics AS prev
               ON prev.app = c.app AND prev.metric = c.metric AND prev.period = l.period - INTERVAL 1 MONTH
        ORDER BY c.position
        """,
        _period_bounds(filters),
        frames={"catalogue": cat},
    )
    frame["period"] = pd.to_datetime(frame["period"])
    frame["change"] = frame["value"] - frame["previous_value"]
    frame["target_pct"] = (frame["value"] / frame["target"].where(frame["target"] != 0) * 100).round(1)
    frame["on_target"] = on_target(frame["value"], frame["target"], frame["direction"])
    frame["trend"], frame["trend_months"] = _trends(wh, frame)
    return frame.reset_index(drop=True)


def key_metrics(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """One row per application key metric (catalogue `key_metric` true); columns as in `latest_metrics`."""
    return latest_metrics(wh, filters, key_only=True)


def on_target(value: pd.Series, target: pd.Series, direction: pd.Series) -> pd.Series:
    """True when a value meets its target (at or above for 'up', at or below for 'down'); missing without one."""
    met = np.where(direction.eq("down"), value <= target, value >= target)
    known = value.notna() & target.notna()
    return pd.Series(met, index=value.index, dtype="boolean").where(known, pd.NA)


def trend_points(values: Sequence[object], months: Sequence[dt.date]) -> tuple[tuple[float, ...], tuple[dt.date, ...]]:
    """A trend's values that are not missing, and the months (first days) they belong to."""
    kept = [(float(v), month) for v, month in zip(values, months, strict=True) if v is not None and not pd.isna(v)]
    return tuple(v for v, _ in kept), tuple(month for _, month in kept)


def _trends(wh: Warehouse, latest: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per row of `latest`: the monthly values of the 12 months ending at its period, oldest first, and their months
    (first days)."""
    history = wh.query(
        """
        SELECT m.app, m.metric, m.period, m.value FROM app_metrics AS m
        JOIN wanted AS w ON w.app = m.app AND w.metric = m.metric
        WHERE m.period <= w.period AND m.period > w.period - INTERVAL (?) MONTH
        ORDER BY m.app, m.metric, m.period
        """,
        [TREND_MONTHS],
        frames={"wanted": latest.loc[latest["period"].notna(), ["app", "metric", "period"]]},
    )
    groups = {key: group for key, group in history.groupby(["app", "metric"], sort=False)}
    empty = history.iloc[:0]
    rows = [groups.get((row.app, row.metric), empty) for row in latest.itertuples()]
    values = pd.Series([group["value"].tolist() for group in rows], index=latest.index, dtype=object)
    months = pd.Series([[pd.Timestamp(day).date().replace(day=1) for day in group["period"]] for group in rows],
                       index=latest.index, dtype=object)
    return values, months


def apps_summary(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Per application in `APPS`: its metrics, those with data in the period, with a target, and meeting it."""
    latest = all_metrics(wh, filters)
    rows = []
    for app in APPS:
        part = latest[latest["app"] == app]
        rows.append({"app": app, "metrics": len(part), "with_data": int(part["period"].notna().sum()),
                     "with_target": int(part["on_target"].notna().sum()),
                     "on_target": int(part["on_target"].fillna(False).sum())})
    return pd.DataFrame(rows)


def latest_full_month(filters: Filters) -> dt.date:
    """First day of the last complete calendar month of the period (the period's last month when none is complete)."""
    end_month = filters.end.replace(day=1)
    next_month = (end_month + dt.timedelta(days=32)).replace(day=1)
    if filters.end == next_month - dt.timedelta(days=1):
        return end_month
    previous = (end_month - dt.timedelta(days=1)).replace(day=1)
    return previous if previous >= filters.start.replace(day=1) else end_month


def trend_window(filters: Filters) -> Filters:
    """The 12 calendar months ending at the latest full month, with the same kecamatan."""
    last = latest_full_month(filters)
    index = last.year * 12 + last.month - 1 - (TREND_MONTHS - 1)
    first = dt.date(index // 12, index % 12 + 1, 1)
    end = (last + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return Filters(first, end, filters.kecamatan, "custom")


def source_monthly(wh: Warehouse, filters: Filters) -> dict[str, pd.DataFrame]:
    """Monthly counts of e-Mas and e-Saberling over the trend window, as [month, <columns>] (read once)."""
    window = trend_window(filters)
    shared = wh.shared(("aplikasi.source_monthly", window), lambda: _read_source_monthly(wh, window))
    return {app: frame.copy() for app, frame in shared.items()}


def _read_source_monthly(wh: Warehouse, window: Filters) -> dict[str, pd.DataFrame]:
    """Monthly counts of e-Mas and e-Saberling over `window`."""
    emas = e_mas.monthly_counts(wh, window)
    sab = e_saberling.monthly_counts(wh, window)
    for frame in (emas, sab):
        frame["month"] = pd.to_datetime(frame["month"])
    return {"e-Mas": emas, "e-Saberling": sab}


def _monthly_values(frame: pd.DataFrame, spec: SourceMetric) -> pd.Series:
    """The metric per month: a count, or a share in percent (missing when the denominator is 0)."""
    values = frame[spec.numerator].astype(float)
    if spec.denominator:
        whole = frame[spec.denominator].astype(float)
        values = (values / whole.where(whole > 0) * 100).round(1)
    return values


def source_metrics(wh: Warehouse, filters: Filters, key_only: bool = False) -> pd.DataFrame:
    """e-Mas and e-Saberling monthly figures in the `latest_metrics` columns (no target, no catalogue dimension)."""
    monthly = source_monthly(wh, filters)
    rows = []
    for spec in SOURCE_METRICS:
        if key_only and not spec.key_metric:
            continue
        frame = monthly[spec.app]
        values = _monthly_values(frame, spec).tolist()
        rows.append({
            "app": spec.app, "metric": spec.metric, "name_id": metric_catalogue.label(spec.metric, "id"),
            "name_en": metric_catalogue.label(spec.metric, "en"), "unit": spec.unit, "direction": spec.direction,
            "dimension": None, "key_metric": spec.key_metric, "period": frame["month"].iloc[-1],
            "value": values[-1], "target": np.nan, "previous_value": values[-2] if len(values) > 1 else np.nan,
            "trend": values, "trend_months": [pd.Timestamp(month).date() for month in frame["month"]],
        })
    out = pd.DataFrame(rows, columns=[c for c in METRIC_COLUMNS if c not in ("change", "target_pct", "on_target")])
    out["value"] = out["value"].astype(float)
    out["previous_value"] = out["previous_value"].astype(float)
    out["target"] = out["target"].astype(float)
    out["change"] = out["value"] - out["previous_value"]
    out["target_pct"] = np.nan
    out["on_target"] = pd.Series(pd.NA, index=out.index, dtype="boolean")
    return out[METRIC_COLUMNS]


def all_metrics(wh: Warehouse, filters: Filters, key_only: bool = False) -> pd.DataFrame:
    """Every application's metrics in `APPS` order: e-Mas and e-Saberling from their sources, then the catalogue."""
    return wh.shared(("aplikasi.all_metrics", filters, key_only), lambda: _all_metrics(wh, filters, key_only))


def _all_metrics(wh: Warehouse, filters: Filters, key_only: bool) -> pd.DataFrame:
    """See `all_metrics`."""
    frame = pd.concat([source_metrics(wh, filters, key_only), latest_metrics(wh, filters, key_only)[METRIC_COLUMNS]],
                      ignore_index=True)
    order = frame["app"].map({a: i for i, a in enumerate(APPS)}).fillna(len(APPS))
    return frame.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def metric_keys(metrics: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(app, metric) of every row, as a hashable value for `trend_frame` through the page cache."""
    return tuple(zip(metrics["app"], metrics["metric"], strict=True))


def trend_frame(wh: Warehouse, filters: Filters, keys: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """The 12-month series of each (app, metric) in `keys`, long form for charts.

    Columns: app, metric, period, value, target. Catalogue metrics come from `app_metrics` (the 12 months ending
    at each metric's latest month in the period); e-Mas and e-Saberling metrics from their sources' monthly counts.
    """
    every = all_metrics(wh, filters)
    chosen = pd.DataFrame(list(keys), columns=["app", "metric"]).drop_duplicates()
    metrics = every.merge(chosen, on=["app", "metric"])
    source_codes = {spec.metric: spec for spec in SOURCE_METRICS}
    stored = metrics[~metrics["metric"].isin(source_codes) & metrics["period"].notna()]
    parts = [wh.query(
        """
        SELECT m.app, m.metric, m.period, m.value, m.target FROM app_metrics AS m
        JOIN wanted AS w ON w.app = m.app AND w.metric = m.metric
        WHERE m.period <= w.period AND m.period > w.period - INTERVAL (?) MONTH
        ORDER BY m.app, m.metric, m.period
        """,
        [TREND_MONTHS],
        frames={"wanted": stored[["app", "metric", "period"]].drop_duplicates()},
    )]
    wanted_sources = [source_codes[code] for code in metrics["metric"].unique() if code in source_codes]
    if wanted_sources:
        monthly = source_monthly(wh, filters)
        for spec in wanted_sources:
            frame = monthly[spec.app]
            parts.append(pd.DataFrame({"app": spec.app, "metric": spec.metric, "period": frame["month"],
                                       "value": _monthly_values(frame, spec), "target": np.nan}))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    out["period"] = pd.to_datetime(out["period"])
    return out.reset_index(drop=True)


def metric_records(wh: Warehouse, filters: Filters, app: str, metric: str) -> pd.DataFrame:
    """The uploaded rows behind an application metric's tile, newest first: its latest month in the period (the
    tile's value, `shown` true) and the months before it that its 12-month trend draws.

    Columns: app, metric, period, value, target, unit, shown."""
    frame = wh.query(
        """
        WITH latest AS (SELECT max(period) AS period FROM app_metrics
                        WHERE app = ? AND metric = ? AND period >= ? AND period <= ?)
        SELECT m.app, m.metric, m.period, m.value, m.target, m.unit, m.period = l.period AS shown
        FROM app_metrics AS m, latest AS l
        WHERE m.app = ? AND m.metric = ? AND m.period <= l.period AND m.period > l.period - INTERVAL (?) MONTH
        ORDER BY m.period DESC
        """,
        [app, metric, *_period_bounds(filters), app, metric, TREND_MONTHS],
    )
    frame["period"] = pd.to_datetime(frame["period"])
    return frame
