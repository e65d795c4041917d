"""Administration: data freshness per source against its contract's cadence, and load/undo events for the audit log."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.queries import common
from data_sources import CONTRACTS

FRESHNESS_COLUMNS = ("source", "last_loaded", "loaded_by", "data_until", "cadence_days", "days_since", "overdue")


def freshness(wh: Warehouse, today: dt.date) -> pd.DataFrame:
    """Per source: last committed upload (time, by whom), newest record, cadence, days since that record, and
    whether it is late (`common.late_sources`, the rule the alerts and the brief use). `today` is Binjai's date."""
    last = common.freshness(wh)[["source", "last_loaded", "loaded_by"]].dropna(subset=["last_loaded"])
    newest = common.data_through(wh, today)
    late = {source for source, _ in common.late_sources(newest, today)}
    frame = pd.DataFrame({"source": list(CONTRACTS), "cadence_days": [c.cadence_days for c in CONTRACTS.values()]})
    frame = frame.merge(last, on="source", how="left")
    frame["data_until"] = [newest.get(source) for source in frame["source"]]
    frame["days_since"] = pd.array([None if d is None else (today - d).days for d in frame["data_until"]],
                                   dtype="Int64")
    frame["overdue"] = frame["source"].isin(late)
    return frame[list(FRESHNESS_COLUMNS)]


def overdue_sources(wh: Warehouse, today: dt.date) -> pd.DataFrame:
    """The late sources (for "Perlu perhatian"): source, newest record, days since it (NA when none), cadence."""
    frame = freshness(wh, today)
    return frame.loc[frame["overdue"], ["source", "data_until", "days_since", "cadence_days"]].reset_index(drop=True)


def load_events(wh: Warehouse) -> pd.DataFrame:
    """Every upload and undo from the batch history as audit events: at, actor, action, target, detail."""
    return wh.query(
        "SELECT loaded_at AS at, user_name AS actor, 'load' AS action, source AS target, "
        "'batch ' || batch_id || ': ' || file_name AS detail FROM load_batches "
        "UNION ALL SELECT undone_at, undone_by, 'undo', source, 'batch ' || batch_id || ': ' || file_name "
        "FROM load_batches WHERE undone_at IS NOT NULL ORDER BY 1 DESC")
