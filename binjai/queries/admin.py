"""Administration: data freshness per source against its declared cadence, and load/undo events for the audit log."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.queries import common
from data_sources import CONTRACTS

FRESHNESS_COLUMNS = ("source", "last_loaded", "loaded_by", "cadence_days", "days_since", "overdue")


def freshness(wh: Warehouse, today: dt.date) -> pd.DataFrame:
    """Per source: last committed upload (time, by whom), expected cadence, days since, and whether it is overdue.

    `today` is Binjai's date (WIB), like `load_batches.loaded_at`; days count calendar days. Never loaded = overdue."""
    last = common.freshness(wh)[["source", "last_loaded", "loaded_by"]].dropna(subset=["last_loaded"])
    frame = pd.DataFrame({"source": list(CONTRACTS), "cadence_days": [c.cadence_days for c in CONTRACTS.values()]})
    frame = frame.merge(last, on="source", how="left")
    since = (pd.Timestamp(today) - pd.to_datetime(frame["last_loaded"]).dt.normalize()).dt.days
    frame["days_since"] = since.astype("Int64")
    frame["overdue"] = [bool(cadence) and (pd.isna(days) or days > cadence)
                        for days, cadence in zip(frame["days_since"], frame["cadence_days"], strict=True)]
    return frame[list(FRESHNESS_COLUMNS)]


def overdue_sources(wh: Warehouse, today: dt.date) -> pd.DataFrame:
    """The sources whose upload is overdue (for "Perlu perhatian"): source, days_since (NA when never), cadence."""
    frame = freshness(wh, today)
    return frame.loc[frame["overdue"], ["source", "days_since", "cadence_days"]].reset_index(drop=True)


def load_events(wh: Warehouse) -> pd.DataFrame:
    """Every upload and undo from the batch history as audit events: at, actor, action, target, detail."""
    return wh.query(
        "SELECT loaded_at AS at, user_name AS actor, 'load' AS action, source AS target, "
        "'batch ' || batch_id || ': ' || file_name AS detail FROM load_batches "
        "UNION ALL SELECT undone_at, undone_by, 'undo', source, 'batch ' || batch_id || ': ' || file_name "
        "FROM load_batches WHERE undone_at IS NOT NULL ORDER BY 1 DESC")
