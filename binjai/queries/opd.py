"""OPD accountability: OPDs ranked on the catalogue's service metrics, their monthly trend, their own targets,
and the records behind each OPD's overdue count (drill-through).

Per OPD, for the period's complaints: `emas_received`, `emas_resolved_on_time_pct`, `emas_median_days`, and now:
`emas_overdue_open` (open, past the deadline, not stale) and `qw_late` (its programmes late at the period end).
Targets come from data_sources/reference/opd_targets.csv (an OPD's own target for a metric; none are set until an
administrator enters them) and otherwise from the catalogue's target. Events on the trend: binjai.charts.events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from binjai import reference, settings
from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.metrics.catalogue import get
from binjai.queries import e_mas, quick_wins
from binjai.queries.overview import months_of
from binjai.settings import REFERENCE_DIR

RANK_METRIC = "emas_resolved_on_time_pct"


def targets() -> pd.DataFrame:
    """OPDs' own targets: opd, metric_id, target."""
    frame = pd.read_csv(REFERENCE_DIR / "opd_targets.csv", dtype={"opd": str, "metric_id": str, "target": float})
    return frame


def _target(own: pd.DataFrame, opd: str, metric_id: str) -> float | None:
    rows = own[(own["opd"] == opd) & (own["metric_id"] == metric_id)]
    return float(rows["target"].iloc[0]) if len(rows) else get(metric_id).target


def _with_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Add each OPD's target for the ranking metric and whether its on-time share meets it."""
    own = targets()
    frame["target"] = [_target(own, opd, RANK_METRIC) for opd in frame["opd"]]
    frame["on_target"] = [None if pd.isna(t) or pd.isna(v) else bool(v >= t)
                          for v, t in zip(frame["resolved_on_time_pct"], frame["target"], strict=True)]
    return frame


def _levels(wh: Warehouse, filters: Filters, today: dt.date) -> pd.DataFrame:
    """Per listed OPD: received, resolved_on_time_pct, median_days of the period's complaints (one query)."""
    levels = e_mas.service_levels(wh, filters, "opd", today=today).rename(
        columns={"key": "opd", "median_resolution_days": "median_days"})
    return pd.DataFrame({"opd": reference.opd()["opd"]}).merge(
        levels[["opd", "received", "resolved_on_time_pct", "median_days"]], on="opd", how="left")


def service_table(wh: Warehouse, filters: Filters, today: dt.date) -> pd.DataFrame:
    """OPDs that received complaints in the period: opd, received, resolved_on_time_pct, median_days, target and
    on_target, as in `ranking` (one query; the weekly brief's service levels)."""
    frame = _levels(wh, filters, today)
    frame = frame[frame["received"].fillna(0) > 0].assign(received=lambda f: f["received"].astype(int))
    return _with_targets(frame.reset_index(drop=True))


def _overdue(wh: Warehouse, filters: Filters, today: dt.date) -> pd.DataFrame:
    """Every OPD's overdue complaints (the backlog up to the period end), read once per database version: the
    ranking counts them and the drill-through lists them from the same rows."""
    key = ("opd.overdue", filters.end, filters.kecamatan, today, settings.stale_days())
    return wh.shared(key, lambda: e_mas.overdue_complaints(wh, filters, today=today))


def ranking(wh: Warehouse, filters: Filters, today: dt.date) -> pd.DataFrame:
    """Per OPD: received, resolved_on_time_pct, median_days, overdue_open, late_programmes, target, on_target, rank
    (best on-time share first; OPDs without complaints due last). One query per source."""
    overdue = _overdue(wh, filters, today).groupby("opd").size().rename("overdue_open")
    programmes = quick_wins.latest_programmes(wh, filters)
    late = programmes[programmes["status"] == rule.TERLAMBAT].groupby("opd").size().rename("late_programmes")
    frame = _levels(wh, filters, today).merge(overdue, on="opd", how="left").merge(late, on="opd", how="left")
    for column in ("received", "overdue_open", "late_programmes"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame = frame[(frame["received"] > 0) | (frame["overdue_open"] > 0) | (frame["late_programmes"] > 0)]
    frame = _with_targets(frame.copy())
    frame = frame.sort_values(["resolved_on_time_pct", "overdue_open", "opd"], ascending=[False, True, True],
                              na_position="last", ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def monthly(wh: Warehouse, filters: Filters, opd: str, today: dt.date) -> pd.DataFrame:
    """The OPD's months of the period (the last 12; a month the period covers in part, such as the month to date,
    for the period's days in it, as the ranking counts them): month (first day), received, resolved_on_time_pct.
    One grouped query."""
    months = months_of(filters)
    found = pd.DataFrame(columns=["received", "resolved_on_time_pct"])
    if months:
        span = replace(months[0], end=months[-1].end)
        found = e_mas.monthly_service(wh, span, e_mas.Selection(opd=(opd,)), today=today).set_index("month")
    rows = []
    for month in months:
        first = month.start.replace(day=1)
        hit = pd.Timestamp(first) in found.index
        rows.append({"month": first, "received": int(found.at[pd.Timestamp(first), "received"]) if hit else 0,
                     "resolved_on_time_pct": found.at[pd.Timestamp(first), "resolved_on_time_pct"] if hit else None})
    return pd.DataFrame(rows, columns=["month", "received", "resolved_on_time_pct"])
