"""Queries shared by every page: data freshness, which sources are late, and whether sample data is present."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.filters import month_end
from data_sources import CONTRACTS
from data_sources.contract import Kind

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


def data_through(wh: Warehouse, until: dt.date) -> dict[str, dt.date | None]:
    """Each source's newest record on or before `until` (a month period counts to its last day, at most `until`);
    None when it has none. Read from the shared `freshness` frame when no record is later than `until` (no query
    on a page that has read it), else one query."""
    after = pd.Timestamp(until + dt.timedelta(days=1))
    frame = freshness(wh)[["source", "data_until"]].rename(columns={"data_until": "newest"})
    if (pd.to_datetime(frame["newest"]) >= after).any():
        parts = [f"SELECT '{source}' AS source, max({column})::DATE AS newest FROM {source} WHERE {column} < ?"
                 for source, column in DATE_COLUMNS.items()]
        frame = wh.query(" UNION ALL ".join(parts), [after.date()] * len(parts))
    out: dict[str, dt.date | None] = {}
    for row in frame.itertuples():
        newest = None if pd.isna(row.newest) else pd.Timestamp(row.newest).date()
        if newest is not None and CONTRACTS[row.source].column(DATE_COLUMNS[row.source]).kind == Kind.MONTH:
            newest = min(month_end(newest), until)
        out[row.source] = newest
    return out


def late_sources(newest: dict[str, dt.date | None], day: dt.date) -> list[tuple[str, dt.date | None]]:
    """The sources late on `day` by their contract's `cadence_days`: without data, or whose newest record is more
    than that many days old. The one rule of the admin freshness page, "Perlu perhatian", the source_stale alert
    and the weekly brief."""
    return [(source, newest.get(source)) for source, contract in CONTRACTS.items() if contract.cadence_days
            and (newest.get(source) is None or (day - newest[source]).days > contract.cadence_days)]


def has_sample_data(wh: Warehouse) -> bool:
    """True when any committed batch is sample data."""
    return bool(wh.scalar("SELECT count(*) FROM load_batches WHERE is_sample AND state = 'committed'"))


def is_empty(wh: Warehouse) -> bool:
    """True when no committed batch exists."""
    return not wh.scalar("SELECT count(*) FROM load_batches WHERE state = 'committed'")
