"""Queries shared by every page: data freshness and whether sample data is present."""

from __future__ import annotations

import pandas as pd

from binjai.db import Warehouse

# The column that dates each source's rows, for "data up to" figures.
DATE_COLUMNS = {"quick_wins": "report_date", "e_mas": "received_at", "e_saberling": "reported_at",
                "app_metrics": "period"}


def freshness(wh: Warehouse) -> pd.DataFrame:
    """Per source: rows now, last committed load time, newest data date, and whether sample batches are present."""
    parts = []
    for source, column in DATE_COLUMNS.items():
        parts.append(
            f"SELECT '{source}' AS source, (SELECT count(*) FROM {source}) AS rows, "
            f"(SELECT max({column}) FROM {source})::TIMESTAMP AS data_until"
        )
    sql = (
        "SELECT s.*, l.last_loaded, l.loaded_by, l.has_sample FROM (" + " UNION ALL ".join(parts) + ") AS s LEFT JOIN ("
        "SELECT source, max(loaded_at) AS last_loaded, arg_max(user_name, (loaded_at, batch_id)) AS loaded_by, "
        "bool_or(is_sample) AS has_sample FROM load_batches WHERE state = 'committed' GROUP BY source) AS l "
        "ON l.source = s.source "
        "ORDER BY CASE s.source " + " ".join(f"WHEN '{source}' THEN {i}" for i, source in enumerate(DATE_COLUMNS))
        + " END"
    )
    out = wh.shared("freshness", lambda: wh.query(sql))  # the page frame and the admin views read it once
    out["has_sample"] = out["has_sample"].fillna(False).astype(bool)
    return out


def has_sample_data(wh: Warehouse) -> bool:
    """True when any committed batch is sample data."""
    return bool(wh.scalar("SELECT count(*) FROM load_batches WHERE is_sample AND state = 'committed'"))


def is_empty(wh: Warehouse) -> bool:
    """True when no committed batch exists."""
    return not wh.scalar("SELECT count(*) FROM load_batches WHERE state = 'committed'")
