"""Weekly counts for the weekly brief (Ringkasan Mingguan): complaints and clean-up reports per ISO week.

Counts use exactly the catalogue's definitions: `emas_received` counts complaints by `received_at`, `sab_received`
clean-up reports by `reported_at`; a week is Monday 00:00 to the next Monday 00:00. Every series the brief tests
(all metrics, weeks, kecamatan and categories) is read in one grouped query, and the sources' first dates in
another.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.queries.common import DATE_COLUMNS

# metric id -> (table, its contract's date column, category column or None); code constants, never user input.
SERIES_SOURCES = {"emas_received": ("e_mas", DATE_COLUMNS["e_mas"], "category"),
                  "sab_received": ("e_saberling", DATE_COLUMNS["e_saberling"], None)}


def weekly_counts(wh: Warehouse, weeks: dict[str, list[dt.date]]) -> pd.DataFrame:
    """Per metric of `weeks` and week starting on each of its Mondays: metric, week, kecamatan, category ('' without
    one) and count, in one query (weeks and places without records have no row)."""
    selects, params, asked = [], [], []
    for metric_id, mondays in weeks.items():
        if not mondays:
            continue
        table, column, category = SERIES_SOURCES[metric_id]
        category_sql = category or "''"
        selects.append(
            f"SELECT w.metric, w.week, t.kecamatan, {category_sql} AS category, count(*) AS n "
            f"FROM {table} t JOIN brief_weeks w ON w.metric = ? AND w.week = date_trunc('week', t.{column}) "
            f"WHERE t.{column} >= ? AND t.{column} < ? GROUP BY ALL")
        params += [metric_id, min(mondays), max(mondays) + dt.timedelta(days=7)]
        asked += [(metric_id, monday) for monday in mondays]
    if not selects:
        return pd.DataFrame(columns=["metric", "week", "kecamatan", "category", "n"])
    frame = wh.query(" UNION ALL ".join(selects), params, frames={"brief_weeks": pd.DataFrame({
        "metric": [m for m, _ in asked], "week": pd.to_datetime(pd.Series([w for _, w in asked], dtype=object))})})
    frame["week"] = pd.to_datetime(frame["week"]).dt.date
    frame["n"] = frame["n"].astype(int)
    return frame


def first_dates(wh: Warehouse) -> dict[str, dt.date | None]:
    """The earliest dated record of each counted series' source, in one query: weeks before it are "no data", not
    zero."""
    sql = " UNION ALL ".join(f"SELECT '{metric_id}' AS metric, min({column})::DATE AS first FROM {table}"
                             for metric_id, (table, column, _) in SERIES_SOURCES.items())
    return {r.metric: None if pd.isna(r.first) else pd.Timestamp(r.first).date() for r in wh.query(sql).itertuples()}


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
