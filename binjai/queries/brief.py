"""Weekly counts for the weekly brief (Ringkasan Mingguan): complaints and clean-up reports per ISO week.

Counts use exactly the catalogue's definitions: `emas_received` counts complaints by `received_at`, `sab_received`
clean-up reports by `reported_at`; a week is Monday 00:00 to the next Monday 00:00. Every series the brief tests
(all metrics, weeks, kecamatan and categories) is read in one grouped query, and every source's first and newest
dates in another.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.queries.common import DATE_COLUMNS

# metric id -> (table, date column, category column or None); code constants, never user input.
SERIES_SOURCES = {"emas_received": ("e_mas", "received_at", "category"),
                  "sab_received": ("e_saberling", "reported_at", None)}


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


def _pairs() -> list[tuple[str, str]]:
    """Every (table, date column) whose first or newest date the brief reads."""
    pairs = list(DATE_COLUMNS.items())
    return pairs + [(t, c) for t, c, _ in SERIES_SOURCES.values() if (t, c) not in pairs]


def date_bounds(wh: Warehouse, until: dt.date) -> dict[tuple[str, str], tuple[dt.date | None, dt.date | None]]:
    """(table, date column) -> (earliest date, newest date on or before `until`) for every source, in one query."""
    pairs = _pairs()
    sql = " UNION ALL ".join(
        f"SELECT '{table}' AS tbl, '{column}' AS col, min({column})::DATE AS first, "
        f"(max({column}) FILTER (WHERE {column} < ?))::DATE AS last FROM {table}" for table, column in pairs)
    frame = wh.query(sql, [until + dt.timedelta(days=1)] * len(pairs))
    return {(r.tbl, r.col): (_day(r.first), _day(r.last)) for r in frame.itertuples()}


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def newest_dates(bounds: dict[tuple[str, str], tuple[dt.date | None, dt.date | None]]) -> dict[str, dt.date | None]:
    """Each source's newest data date from `date_bounds` (for "data missing or late")."""
    return {source: bounds[(source, column)][1] for source, column in DATE_COLUMNS.items()}


def first_dates(bounds: dict[tuple[str, str], tuple[dt.date | None, dt.date | None]]) -> dict[str, dt.date | None]:
    """The earliest dated record of each counted series' source: weeks before it are "no data", not zero."""
    return {metric_id: bounds[(table, column)][0] for metric_id, (table, column, _) in SERIES_SOURCES.items()}


def last_dates(wh: Warehouse, until: dt.date) -> dict[str, dt.date | None]:
    """Each source's newest data date on or before `until` (for "data missing or late")."""
    return newest_dates(date_bounds(wh, until))


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
