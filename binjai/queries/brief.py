"""Weekly counts for the weekly brief (Ringkasan Mingguan): complaints and clean-up reports per ISO week.

Counts use exactly the catalogue's definitions: `emas_received` counts complaints by `received_at`, `sab_received`
clean-up reports by `reported_at`; a week is Monday 00:00 to the next Monday 00:00.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.queries.common import DATE_COLUMNS

# metric id -> (table, date column, category column or None); code constants, never user input.
SERIES_SOURCES = {"emas_received": ("e_mas", "received_at", "category"),
                  "sab_received": ("e_saberling", "reported_at", None)}


def weekly_counts(wh: Warehouse, metric_id: str, weeks: list[dt.date]) -> pd.DataFrame:
    """Per week starting on each Monday in `weeks`: week, kecamatan, category ('' without one) and count."""
    table, column, category = SERIES_SOURCES[metric_id]
    cat_sql = category if category else "''"
    frame = wh.query(
        f"SELECT w.week, t.kecamatan, {cat_sql} AS category, count(*) AS n FROM brief_weeks w "
        f"JOIN {table} t ON t.{column} >= w.week AND t.{column} < w.week + INTERVAL 7 DAY "
        "GROUP BY 1, 2, 3",
        frames={"brief_weeks": pd.DataFrame({"week": pd.to_datetime(pd.Series(weeks, dtype=object))})},
    )
    frame["week"] = pd.to_datetime(frame["week"]).dt.date
    frame["n"] = frame["n"].astype(int)
    return frame


def first_dates(wh: Warehouse) -> dict[str, dt.date | None]:
    """The earliest dated record of each counted series' source: weeks before it are "no data", not zero."""
    out = {}
    for metric_id, (table, column, _) in SERIES_SOURCES.items():
        value = wh.scalar(f"SELECT min({column})::DATE FROM {table}")
        out[metric_id] = None if value is None else pd.Timestamp(value).date()
    return out


def last_dates(wh: Warehouse, until: dt.date) -> dict[str, dt.date | None]:
    """Each source's newest data date on or before `until` (for "data missing or late")."""
    out = {}
    for source, column in DATE_COLUMNS.items():
        value = wh.scalar(f"SELECT max({column})::DATE FROM {source} WHERE {column} < ?",
                          [until + dt.timedelta(days=1)])
        out[source] = None if value is None else pd.Timestamp(value).date()
    return out


def kelurahan_window_counts(wh: Warehouse, category: str, starts: list[dt.date]) -> pd.DataFrame:
    """Complaints of one category per kelurahan in each 7-day window starting on `starts`: start, kelurahan, n."""
    frame = wh.query(
        "SELECT w.start, e.kelurahan, count(*) AS n FROM alert_windows w "
        "JOIN e_mas e ON e.received_at >= w.start AND e.received_at < w.start + INTERVAL 7 DAY "
        "WHERE e.category = ? GROUP BY 1, 2", [category],
        frames={"alert_windows": pd.DataFrame({"start": pd.to_datetime(pd.Series(starts, dtype=object))})},
    )
    frame["start"] = pd.to_datetime(frame["start"]).dt.date
    return frame
