"""Drill-through: the records behind a count metric of the catalogue, with the same definition as the count.

`records(wh, filters, metric_id, today)` returns one row per counted record; its length equals the metric's value
from `binjai.metrics.compute` for the same filters (a test checks every metric listed in DRILLABLE).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.queries import e_mas, quick_wins

DRILLABLE = ("emas_received", "emas_overdue_open", "emas_stale_open", "sab_received", "sab_cleaned", "qw_late")
_EMAS_COLUMNS = "complaint_id, received_at, channel, category, kelurahan, kecamatan, opd, status, resolved_at, description"
# metric id -> (table, date column, columns); code constants.
_PERIOD_COUNTS = {"emas_received": ("e_mas", "received_at", _EMAS_COLUMNS),
                  "sab_received": ("e_saberling", "reported_at", "*"),
                  "sab_cleaned": ("e_saberling", "cleaned_at", "*")}


def records(wh: Warehouse, filters: Filters, metric_id: str, today: dt.date, stale_days: int | None = None
            ) -> pd.DataFrame:
    """The records behind `metric_id`'s value for the filters (KeyError for a metric not in DRILLABLE)."""
    if metric_id in _PERIOD_COUNTS:
        table, column, columns = _PERIOD_COUNTS[metric_id]
        where, params = filters.where(column)
        return wh.query(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {column} DESC", params)
    if metric_id == "emas_overdue_open":
        return e_mas.overdue_complaints(wh, filters, today=today, stale_days=stale_days)
    if metric_id == "emas_stale_open":
        return e_mas.stale_complaints(wh, filters, today=today, stale_days=stale_days)
    if metric_id == "qw_late":
        frame = quick_wins.latest_programmes(wh, filters)
        return frame[frame["status"] == rule.TERLAMBAT].reset_index(drop=True)
    raise KeyError(metric_id)
